"""The ComfyUI part of Settings: the server's URL, its checkpoint, steps, the workflow, and Test connection.

Testing asks the server on a worker thread (never the window's) and answers in one sentence; the
checkpoint list is filled from the server's own (GET /object_info). A workflow file is checked when
chosen, so a missing slot is said at once rather than on every panel later.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget,
)

from ui.settings import AppSettings
from ui.tasks import TaskRunner


class ComfyUISettings(QGroupBox):
    """Edits the `comfyui_*` fields of AppSettings; `apply_to(settings)` writes them back."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from generation.comfyui.client import DEFAULT_URL

        self.setTitle(self.tr("ComfyUI server (your own Stable Diffusion or Flux models)"))
        self.tasks = TaskRunner(self, threads=1)
        form = QFormLayout(self)
        url_row = QHBoxLayout()
        self.url = QLineEdit(settings.comfyui_url)
        self.url.setPlaceholderText(DEFAULT_URL)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.test_button)
        form.addRow(self.tr("Server URL"), url_row)
        self.checkpoint = QComboBox()
        self.checkpoint.setEditable(True)
        self.checkpoint.addItem(self.tr("(the workflow's own)"), "")
        if settings.comfyui_checkpoint:
            self.checkpoint.addItem(settings.comfyui_checkpoint, settings.comfyui_checkpoint)
            self.checkpoint.setCurrentIndex(1)
        form.addRow(self.tr("Checkpoint"), self.checkpoint)
        self.steps = QSpinBox()
        self.steps.setRange(0, 200)
        self.steps.setSpecialValueText(self.tr("the workflow's own"))
        self.steps.setValue(settings.comfyui_steps)
        form.addRow(self.tr("Steps"), self.steps)
        flow_row = QHBoxLayout()
        self.workflow = QComboBox()
        self.workflow.addItem(self.tr("SDXL (built in, IP-Adapter for character sheets)"), "sdxl")
        self.workflow.addItem(self.tr("Flux (built in, Redux for character sheets)"), "flux")
        if settings.comfyui_workflow not in ("", "sdxl", "flux"):
            self.workflow.addItem(Path(settings.comfyui_workflow).name, settings.comfyui_workflow)
        self.workflow.setCurrentIndex(max(0, self.workflow.findData(settings.comfyui_workflow or "sdxl")))
        self.browse = QPushButton(self.tr("Your own…"))
        self.browse.clicked.connect(self._choose_workflow)
        flow_row.addWidget(self.workflow, 1)
        flow_row.addWidget(self.browse)
        form.addRow(self.tr("Workflow"), flow_row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 3)  # a sentence fits without a resize
        form.addRow(self.status)

    def apply_to(self, settings: AppSettings) -> None:
        settings.comfyui_url = self.url.text().strip()
        text = self.checkpoint.currentText().strip()
        settings.comfyui_checkpoint = "" if self.checkpoint.currentIndex() == 0 and text == self.checkpoint.itemText(0) else text
        settings.comfyui_steps = self.steps.value()
        settings.comfyui_workflow = self.workflow.currentData() or "sdxl"

    # ---- Test connection (on a worker)
    def test_connection(self) -> None:
        from generation.comfyui.backend import check_connection

        url = self.url.text().strip() or None
        self.test_button.setEnabled(False)
        self.status.setText(self.tr("Asking the server…"))
        self.tasks.run(lambda: check_connection(url), self._connected, self._not_connected)

    def _connected(self, answer: tuple[str, list[str]]) -> None:
        sentence, checkpoints = answer
        self.test_button.setEnabled(True)
        self.status.setText(sentence)
        chosen = self.checkpoint.currentText()
        keep_own = self.checkpoint.currentIndex() == 0
        while self.checkpoint.count() > 1:
            self.checkpoint.removeItem(1)
        for name in checkpoints:
            self.checkpoint.addItem(name, name)
        found = self.checkpoint.findText(chosen)
        self.checkpoint.setCurrentIndex(0 if keep_own else found if found >= 0 else 0)
        if not keep_own and found < 0 and chosen:
            self.status.setText(sentence + " " + self.tr("It has no checkpoint named {name}.").format(name=chosen))

    def _not_connected(self, sentence: str) -> None:
        self.test_button.setEnabled(True)
        self.status.setText(sentence)

    # ---- the user's own workflow
    def _choose_workflow(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("A workflow saved with ComfyUI's Save (API)"), "", "*.json")
        if path:
            self.use_workflow(path)

    def use_workflow(self, path: str) -> bool:
        """Check and select a workflow file; a file that cannot be used is said in one sentence."""
        from generation.comfyui.workflow import WorkflowError, load_workflow

        try:
            load_workflow(path)
        except WorkflowError as exc:
            self.status.setText(str(exc))
            return False
        index = self.workflow.findData(path)
        if index < 0:
            self.workflow.addItem(Path(path).name, path)
            index = self.workflow.count() - 1
        self.workflow.setCurrentIndex(index)
        self.status.setText(self.tr("Using the workflow {name}.").format(name=Path(path).name))
        return True

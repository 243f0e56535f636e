"""File ▸ New from Idea…: a text model drafts a script from an idea or a pasted story.

The request runs on the window's text task runner (immutable inputs, no widgets touched there); the
answer comes back on the GUI thread and replaces the script through the window's `replace_script`, one
undo step. Cancel abandons the request: its answer, when it comes, is dropped. Failures are one
sentence in the dialog, and nothing in the project changes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QMessageBox, QPlainTextEdit, QProgressBar,
    QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from model.errors import PanelsmithError
from ui.i18n import fill_layouts
from ui.settings import AppSettings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.editor.script_editor import ScriptEditor


class DraftHost(Protocol):
    """The window a draft lands in: its script editor, settings, text-model task runner, and the one way to
    replace the script (an undo step)."""

    editor: ScriptEditor
    settings: AppSettings
    text_tasks: TaskRunner

    def replace_script(self, text: str, label: str, filename: str | None = None, from_editor: bool = True) -> None: ...

    def tr(self, text: str) -> str: ...


DEFAULT_PANELS = 8


class DraftDialog(QDialog):
    """Idea or story in, a drafted script out (`script_text` once accepted)."""

    drafted = Signal(str)  # the script text, on the GUI thread

    def __init__(self, settings: AppSettings, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New from Idea"))
        self.setMinimumSize(560, 460)
        self.settings, self.tasks = settings, tasks
        self.script_text: str | None = None
        self._run = 0  # the request whose answer is still wanted; 0 = none
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Describe an idea, or paste a story or a chat answer. A text model turns it into "
                               "a script with characters, settings and panels, which you can then edit."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.idea = QPlainTextEdit()
        self.idea.setPlaceholderText(self.tr("A little fox's adventure in the forest, 8 pages, for 4-year-olds"))
        layout.addWidget(self.idea, 1)
        self.load_button = QPushButton(self.tr("Load a Story from a File…"))
        self.load_button.clicked.connect(self._choose_story)
        layout.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in (("en", "English"), ("zh", "中文")):
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        form.addRow(self.tr("Script language"), self.language)
        self.layout_box = QComboBox()
        fill_layouts(self.layout_box, settings.default_layout)
        form.addRow(self.tr("Layout"), self.layout_box)
        self.panels = QSpinBox()
        self.panels.setRange(1, 64)
        self.panels.setValue(DEFAULT_PANELS)
        self.panels.setToolTip(self.tr("A picture book has one panel per page."))
        form.addRow(self.tr("Panels"), self.panels)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: one request, no steps to count
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.draft_button = QPushButton(self.tr("Draft"))
        self.draft_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.buttons.addButton(self.draft_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.draft_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.buttons)

    def _choose_story(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load a story"), "", self.tr("Text (*.txt *.md);;All files (*)"))
        if path:
            self.load_story(path)

    def load_story(self, path: str) -> bool:
        """Put a story file's text in the box (UTF-8 text of at most 1 MB, else one sentence below)."""
        from generation.text.drafting import read_prose

        try:
            self.idea.setPlainText(read_prose(path))
        except PanelsmithError as exc:
            self._show_error(str(exc))
            return False
        self.status.setText("")
        return True

    def busy(self) -> bool:
        return self._run != 0

    def start(self) -> None:
        """Send the idea to the text model on a worker; the answer comes back to `_done` or `_failed`."""
        from generation.text.drafting import check_draft_options, draft_script
        from generation.text.textmodel import TextModel

        idea = self.idea.toPlainText()
        language, layout, panels = self.language.currentData(), self.layout_box.currentData(), self.panels.value()
        try:
            if not idea.strip():
                raise PanelsmithError(self.tr("Write an idea or paste a story first."))
            check_draft_options(language, layout, panels)
            s = self.settings
            base_url = s.base_url.strip() if s.backend == "compatible" and s.base_url.strip() else None
            text_model = TextModel(base_url=base_url, model=s.text_model.strip() or None,
                                   purpose="Drafting a script")  # the sentence it starts is English
        except PanelsmithError as exc:
            self._show_error(str(exc))
            return
        self._run += 1
        run = self._run

        def work() -> str:  # on the worker: immutable inputs only, no widgets
            return draft_script(idea, text_model, language=language, layout=layout, panels=panels)[0]

        self._set_busy(True, self.tr("Drafting with {model}… this can take a minute.").format(model=text_model.model))
        self.tasks.run(work, lambda text: self._done(run, text), lambda message: self._failed(run, message))

    def cancel(self) -> None:
        """While drafting: stop waiting (the answer is dropped) and keep the dialog. Otherwise close it."""
        if self.busy():
            self._run = 0
            self._set_busy(False, self.tr("Cancelled; nothing was changed."))
        else:
            self.reject()

    def reject(self) -> None:
        self._run = 0  # closing (Esc, the window's ×) drops a request in flight too
        super().reject()

    def _done(self, run: int, text: str) -> None:
        if run != self._run:
            return  # cancelled, or superseded by a newer request
        self._run = 0
        self._set_busy(False, "")
        self.script_text = text
        self.drafted.emit(text)
        self.accept()

    def _failed(self, run: int, message: str) -> None:
        if run != self._run:
            return
        self._run = 0
        self._set_busy(False, "")
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.status.setStyleSheet("color: #b23c17;")
        self.status.setText(message)

    def _set_busy(self, busy: bool, message: str) -> None:
        for widget in (self.idea, self.load_button, self.language, self.layout_box, self.panels, self.draft_button):
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.status.setStyleSheet("")
        self.status.setText(message)


def draft_into_window(window: DraftHost) -> DraftDialog | None:
    """Ask (if the script is not empty), then open the dialog (window-modal, not blocking); an accepted draft
    replaces the script as one undo step. Returns the dialog, or None when the user chose to keep the script."""
    window.editor.flush()
    if window.editor.text().strip():
        answer = QMessageBox.question(
            window, window.tr("Replace the script?"),
            window.tr("A draft replaces the script in the editor. You can undo it with Edit ▸ Undo."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    dialog = DraftDialog(window.settings, window.text_tasks, window)
    dialog.drafted.connect(lambda text: window.replace_script(text, window.tr("Draft from idea"), from_editor=False))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

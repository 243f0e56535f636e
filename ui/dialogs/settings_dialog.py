"""Settings: backend (offline, OpenAI, an OpenAI-compatible URL), model, quality, concurrency, default
layout and page size, interface language, and the API key (kept in the OS keyring, never a project);
the ComfyUI server's own section lives in ui/dialogs/comfyui_settings.py."""
from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from ui.dialogs.comfyui_settings import ComfyUISettings
from ui.i18n import fill_layouts, fill_qualities
from model.pagesize import PAGE_SIZES
from generation.imagemodels import QUALITIES
from generation.text.textmodel import DEFAULT_TEXT_MODEL
from ui.settings import BACKENDS, LANGUAGES, AppSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self.original = settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.backend = QComboBox()
        labels = {"auto": self.tr("Automatic (OpenAI when a key is set, else offline sketches)"),
                  "offline": self.tr("Offline sketches (free, no network)"),
                  "openai": self.tr("OpenAI"), "compatible": self.tr("OpenAI-compatible server"),
                  "comfyui": self.tr("ComfyUI server (Stable Diffusion, Flux)")}
        for key in BACKENDS:
            self.backend.addItem(labels[key], key)
        self.backend.setCurrentIndex(self.backend.findData(settings.backend))
        self.backend.currentIndexChanged.connect(self._sync)
        form.addRow(self.tr("Images from"), self.backend)
        self.base_url = QLineEdit(settings.base_url)
        self.base_url.setPlaceholderText("http://localhost:8080/v1")
        form.addRow(self.tr("Server URL"), self.base_url)
        self.model = QLineEdit(settings.model)
        self.model.setPlaceholderText("gpt-image-2")
        form.addRow(self.tr("Model"), self.model)
        self.text_model = QLineEdit(settings.text_model)
        self.text_model.setPlaceholderText(DEFAULT_TEXT_MODEL)
        self.text_model.setToolTip(self.tr("The model that drafts scripts (File ▸ New from Idea…); "
                                           "the server URL above is used for it too."))
        form.addRow(self.tr("Text model"), self.text_model)
        self.quality = QComboBox()
        fill_qualities(self.quality, QUALITIES, settings.quality)
        form.addRow(self.tr("Quality"), self.quality)
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(settings.concurrency)
        form.addRow(self.tr("Images at once"), self.concurrency)
        self.layout_box = QComboBox()
        fill_layouts(self.layout_box, settings.default_layout)
        form.addRow(self.tr("Default layout"), self.layout_box)
        self.page_size = QComboBox()
        self.page_size.setEditable(True)
        self.page_size.addItems(list(PAGE_SIZES))
        self.page_size.setCurrentText(settings.page_size)
        form.addRow(self.tr("Default page size"), self.page_size)
        self.language = QComboBox()
        for code, name in zip(LANGUAGES, ("English", "中文")):
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(settings.language))
        form.addRow(self.tr("Interface language"), self.language)
        key_row = QHBoxLayout()
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(self.tr("paste a key to store it"))
        self.forget = QPushButton(self.tr("Forget stored key"))
        self.forget.clicked.connect(self._forget_key)
        key_row.addWidget(self.api_key, 1)
        key_row.addWidget(self.forget)
        form.addRow(self.tr("OpenAI API key"), key_row)
        layout.addLayout(form)
        self.comfyui = ComfyUISettings(settings, self)
        layout.addWidget(self.comfyui)
        self.key_status = QLabel()
        self.key_status.setWordWrap(True)
        layout.addWidget(self.key_status)
        self.note = QLabel(self.tr("A new interface language applies the next time Panelsmith starts."))
        self.note.setStyleSheet("color: #666;")
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_key_status()
        self._sync()

    def _sync(self) -> None:
        self.base_url.setEnabled(self.backend.currentData() == "compatible")
        self.comfyui.setEnabled(self.backend.currentData() == "comfyui")
        for field in (self.model, self.quality):  # OpenAI's choices; ComfyUI has its checkpoint and steps
            field.setEnabled(self.backend.currentData() != "comfyui")

    def _show_key_status(self) -> None:
        from generation.credentials import key_source

        where = key_source()
        texts = {
            "environment": self.tr("A key is set in the OPENAI_API_KEY environment variable."),
            "keyring": self.tr("A key is stored in your system keyring."),
            "file": self.tr("A key is stored in a file only you can read (no system keyring was found)."),
            None: self.tr("No API key is set: panels are drawn as offline sketches. Paste a key above to use OpenAI."),
        }
        self.key_status.setText(texts.get(where, ""))
        self.forget.setEnabled(where in ("keyring", "file"))

    def _forget_key(self) -> None:
        from generation.credentials import forget_api_key

        forget_api_key()
        self._show_key_status()

    def _accept(self) -> None:
        key = self.api_key.text().strip()
        if key:
            from generation.credentials import store_api_key

            store_api_key(key)
            self.api_key.clear()
        self.accept()

    def result_settings(self) -> AppSettings:
        """A copy of the settings with the dialog's choices (the key is not part of them)."""
        s = copy.deepcopy(self.original)
        s.backend = self.backend.currentData()
        s.base_url = self.base_url.text().strip()
        s.model = self.model.text().strip()
        s.text_model = self.text_model.text().strip()
        s.quality = self.quality.currentData()
        s.concurrency = self.concurrency.value()
        s.default_layout = self.layout_box.currentData()
        s.page_size = self.page_size.currentText().strip() or "A4"
        s.language = self.language.currentData()
        self.comfyui.apply_to(s)
        return s

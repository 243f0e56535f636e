"""The "Refine…" dialog: one instruction, as one would say it in a chat."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class RefineDialog(QDialog):
    def __init__(self, panel_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refine {panel}").format(panel=panel_label))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("How should the picture change? The current version is kept; the result is a new version."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.instruction = QPlainTextEdit()
        self.instruction.setPlaceholderText(self.tr("e.g. make the background a night city"))
        self.instruction.setMinimumSize(420, 110)
        layout.addWidget(self.instruction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Refine"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.instruction.toPlainText().strip()

    def _accept(self) -> None:
        if self.text():
            self.accept()

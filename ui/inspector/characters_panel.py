"""The characters panel: each character's name and description, and its reference sheet
(generate or import), with a preview. Edits go through undo commands."""
from __future__ import annotations

import re
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout,
    QWidget,
)

from ui.commands import EditCharacterCommand
from ui.document import ProjectDocument
from ui.debounced_text import DebouncedTextEdit
from ui.board.thumbnails import ThumbnailCache, thumbnail_key

PREVIEW_BOX = (300, 300)


def renamed_script(script: str, old: str, new: str) -> str:
    """The script with every whole-word mention of a character renamed (CJK names: every occurrence)."""
    if re.search(r"[^\x00-\u024f]", old):
        return script.replace(old, new)
    return re.sub(rf"(?<![\w]){re.escape(old)}(?![\w])", new, script, flags=re.IGNORECASE)


class CharactersPanel(QWidget):
    def __init__(self, doc: ProjectDocument, stack: QUndoStack, generation,
                 replace_script: Callable[..., None], thumbnails: ThumbnailCache) -> None:
        super().__init__()
        self.doc, self.stack, self.generation, self.thumbnails = doc, stack, generation, thumbnails
        self.replace_script = replace_script  # MainWindow.replace_script: re-parse as one undo step
        self.row = -1
        self._loading = False
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setMaximumHeight(140)
        self.list.currentRowChanged.connect(self._show_row)
        layout.addWidget(self.list)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.editingFinished.connect(self._rename)
        form.addRow(self.tr("Name"), self.name)
        self.description = DebouncedTextEdit()
        self.description.setFixedHeight(100)
        self.description.committed.connect(self._commit_description)
        form.addRow(self.tr("Description"), self.description)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Reference sheet (sent with every panel this character is in)")))
        self.preview = QLabel(self.tr("No reference sheet yet"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(180)
        self.preview.setStyleSheet("background: #eeeae2; color: #8a857a; border: 1px solid #ccc;")
        layout.addWidget(self.preview)
        buttons = QHBoxLayout()
        self.generate_button = QPushButton(self.tr("Generate sheet"))
        self.generate_button.clicked.connect(self._generate)
        self.import_button = QPushButton(self.tr("Import sheet…"))
        self.import_button.clicked.connect(self._import)
        self.photo_button = QPushButton(self.tr("Sheet from photo…"))
        self.photo_button.setToolTip(self.tr("Draw the sheet from a photo of the character, in the project's style"))
        self.photo_button.clicked.connect(self._from_photo)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.photo_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        thumbnails.ready.connect(self._thumbnail_ready)
        doc.charactersChanged.connect(self.refresh)
        doc.reset.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        names = [c.name for c in self.doc.project.characters]
        row = self.row
        self._loading = True
        self.list.clear()
        self.list.addItems(names)
        self._loading = False
        if names:
            self.list.setCurrentRow(min(max(row, 0), len(names) - 1))
            self._show_row(self.list.currentRow())
        else:
            self._show_row(-1)

    def _show_row(self, row: int) -> None:
        if self._loading:
            return
        self.description.flush()  # typed words belong to the character they were typed for
        self.row = row
        chars = self.doc.project.characters
        has = 0 <= row < len(chars)
        for w in (self.name, self.description, self.generate_button, self.import_button, self.photo_button):
            w.setEnabled(has)
        self._loading = True
        try:
            c = chars[row] if has else None
            self.name.setText(c.name if c else "")
            self.description.show_text(c.description if c else "")
            self._show_sheet()
        finally:
            self._loading = False

    def _show_sheet(self) -> None:
        """The selected sheet from the thumbnail cache (decoded on its workers, once per picture)."""
        c = self._character()
        version = c.sheet.selected if c else None
        store = self.doc.project.images
        pixmap = None
        if version is not None and version.sha256 in store:
            pixmap = self.thumbnails.get(version.sha256, lambda sha=version.sha256: store.get(sha), PREVIEW_BOX)
        if pixmap is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Drawing the preview…") if version is not None else
                                 self.tr("No reference sheet yet"))
        else:
            self.preview.setPixmap(pixmap)

    def _thumbnail_ready(self, key: str) -> None:
        c = self._character()
        version = c.sheet.selected if c else None
        if version is not None and key == thumbnail_key(version.sha256, PREVIEW_BOX):
            self._show_sheet()

    def _character(self):
        chars = self.doc.project.characters
        return chars[self.row] if 0 <= self.row < len(chars) else None

    def _commit_description(self, text: str) -> None:
        c = self._character()
        if c is not None and text != c.description:
            self.stack.push(EditCharacterCommand(self.doc, self.row, "description", text, self.tr("Edit character")))

    def _rename(self) -> None:
        """Renaming rewrites the script (speakers, actions, lasting details) and re-parses it."""
        c = self._character()
        new = self.name.text().strip()
        if c is None or not new or new == c.name:
            return
        text = renamed_script(self.doc.project.script, c.name, new)
        self.replace_script(text, self.tr("Rename character"), from_editor=False)

    def _generate(self) -> None:
        c = self._character()
        if c is not None:
            self.generation.generate_sheet(c.name)

    def _import(self) -> None:
        c = self._character()
        if c is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import reference sheet"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg *.webp)"))
        if path:
            self.window().files.import_sheet(c.name, path)

    def _from_photo(self) -> None:
        c = self._character()
        if c is not None:
            self.window().photos.sheet_from_photo(c.name)

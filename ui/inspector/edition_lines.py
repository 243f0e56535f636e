"""The inspector's view of the selected panel's lines in the edition the preview shows: the original
words beside their translation, which a person can correct (each correction one undo step, marked as
made by hand so a later machine translation keeps it). Untranslated lines stand out."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from model.project.editions import Edition, LineKey, line_key, name_key, title_key, with_hand_edit
from model.language import language_name
from ui.document import ProjectDocument
from ui.edition_commands import SetEditionCommand
from ui.i18n import interface_is_chinese

UNTRANSLATED = QColor("#fff1e0")
KeyRole = Qt.ItemDataRole.UserRole + 1


class EditionLines(QWidget):
    """Hidden while the original is shown; `set_edition` and `show_panel` say what to show."""

    def __init__(self, doc: ProjectDocument, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.stack = doc, stack
        self.language: str | None = None
        self.panel_id: str | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Original"), self.tr("Translation"), self.tr("State")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(170)
        self.table.itemChanged.connect(self._edited)
        layout.addWidget(self.table)
        doc.editionsChanged.connect(lambda _lang: self._fill())
        doc.panelChanged.connect(lambda pid: self._fill() if pid == self.panel_id else None)
        doc.reset.connect(self._fill)
        self.hide()

    def set_edition(self, language: str | None) -> None:
        self.language = language
        self._fill()

    def show_panel(self, panel_id: str | None) -> None:
        self.panel_id = panel_id
        self._fill()

    def edition(self) -> Edition | None:
        return self.doc.project.editions.get(self.language) if self.language else None

    def _rows(self) -> list[tuple[str, LineKey]]:
        panel = self.doc.panel(self.panel_id) if self.panel_id else None
        rows = [(self.tr("Title"), title_key(self.doc.project))] if self.doc.project.title.strip() else []
        if panel is not None:
            speakers = dict.fromkeys(line.speaker for line in panel.lines if line.speaker and line.text.strip())
            rows += [(self.tr("Name"), name_key(speaker)) for speaker in speakers]
            rows += [(line.speaker or self.tr(line.kind), line_key(panel, line)) for line in panel.lines if line.text.strip()]
        return rows

    def _fill(self) -> None:
        edition = self.edition()
        self.setVisible(edition is not None)
        if edition is None:
            return
        rows = self._rows()
        missing = sum(1 for _who, key in rows if key not in edition.lines)
        name = language_name(edition.language, chinese=interface_is_chinese())
        text = self.tr("Words in the {name} edition (edit a translation to correct it)").format(name=name)
        if missing:
            text += " · " + self.tr("{n} untranslated").format(n=missing)
        self.heading.setText(text)
        self._loading = True
        try:
            self.table.setRowCount(len(rows))
            for r, (who, key) in enumerate(rows):
                original = QTableWidgetItem(f"{who}: {key.source}")
                original.setFlags(original.flags() & ~Qt.ItemFlag.ItemIsEditable)
                original.setToolTip(key.source)
                found = edition.lines.get(key)
                words = QTableWidgetItem(found.text if found else "")
                words.setData(KeyRole, r)
                state = QTableWidgetItem(self.tr("untranslated") if found is None else
                                         self.tr("by hand") if found.hand_edited else self.tr("machine"))
                state.setFlags(state.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if found is None:
                    for item in (original, words, state):
                        item.setBackground(UNTRANSLATED)
                    words.setToolTip(self.tr("Not translated yet: the original words are used. Type a translation, "
                                             "or use Editions ▸ Translate into… again."))
                for c, item in enumerate((original, words, state)):
                    self.table.setItem(r, c, item)
            self._keys = [key for _who, key in rows]
        finally:
            self._loading = False

    def _edited(self, item: QTableWidgetItem) -> None:
        edition = self.edition()
        if self._loading or edition is None or item.column() != 1:
            return
        key = self._keys[item.row()]
        text = item.text().strip() or None  # emptied: back to untranslated (the original words)
        current = edition.lines.get(key)
        if (current.text if current else None) == text:
            return
        after = with_hand_edit(edition, key, text)
        self.stack.push(SetEditionCommand(self.doc, edition.language, after, self.tr("Edit translation")))

"""The undo command for a translated edition: a translation arriving, or one line corrected by hand."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from model.project.editions import Edition
from ui.document import ProjectDocument


class SetEditionCommand(QUndoCommand):
    """Replace the `language` edition (None: there was none) with another; editions are small, so each
    command keeps the whole before and after rather than a diff."""

    def __init__(self, doc: ProjectDocument, language: str, after: Edition | None, text: str) -> None:
        super().__init__(text)
        self.doc, self.language = doc, language
        self.before = doc.project.editions.get(language)
        self.after = after

    def redo(self) -> None:
        self.doc.set_edition(self.language, self.after)

    def undo(self) -> None:
        self.doc.set_edition(self.language, self.before)

"""The Layout mode's undo steps: one QUndoCommand per page edit (a gutter moved, a panel split or merged,
borderless, bleed, an inset, a slant), each keeping the page's shape before and after."""
from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from model.shapes.shape import PageShape
from ui.document import ProjectDocument


class SetPageShapeCommand(QUndoCommand):
    """Keep `shape` for the page starting at panel `key` (None: back to its template); undo restores exactly
    the shape it had, or none."""

    def __init__(self, doc: ProjectDocument, key: str, shape: PageShape | None, text: str = "Edit page layout") -> None:
        super().__init__(text)
        self.doc, self.key = doc, key
        self.shape = copy.deepcopy(shape)
        old = doc.project.page_shapes.get(key)
        self.old = copy.deepcopy(old) if old is not None else None

    def redo(self) -> None:
        self.doc.set_page_shape(self.key, copy.deepcopy(self.shape))

    def undo(self) -> None:
        self.doc.set_page_shape(self.key, copy.deepcopy(self.old))

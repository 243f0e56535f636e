"""What a press, drag and release on the page preview do: the preview's own balloon handling, or a mode
that takes the mouse over (Stage: the characters' boxes). A new mode implements `PreviewMode` and is
added with `PagePreview.add_mode(key, label, mode)`; the toolbar's mode box switches between them."""
from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, QPointF


class PreviewMode(Protocol):
    """A way of working on the preview's picture; it owns its scene items and shows them while active."""

    def activate(self) -> None:
        """Show the mode's items over the page."""

    def deactivate(self) -> None:
        """Hide them again (the page's own handling takes the mouse back)."""

    def page_shown(self) -> None:
        """A page was drawn (or redrawn): rebuild the items for it."""

    def press(self, scene_pos: QPointF) -> bool:
        """True when the press starts something of the mode's (the view then lets it be)."""

    def drag_to(self, scene_pos: QPointF) -> None: ...

    def release(self, scene_pos: QPointF) -> None: ...

    def context_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> bool:
        """True when the mode showed a menu for what is under the point."""

"""What a press, drag and release on the page preview do: the preview's own balloon handling, or a mode
that takes the mouse over (Stage: the characters' boxes). A new mode implements `PreviewMode` and is
added with `PagePreview.add_mode(key, mode)` and switched on with `set_mode(key)` (the mode row's buttons)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPoint, QPointF, QRectF

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QGraphicsView, QLabel

    from ui.document import ProjectDocument
    from ui.preview.page_render import RenderedPage


class PreviewHost(Protocol):
    """What the page's modes use of the page preview: the document and its undo stack, the view and the page
    shown, points and pixels, and the switches between modes (so no mode imports the preview itself)."""

    doc: ProjectDocument
    stack: QUndoStack
    view: QGraphicsView
    current: RenderedPage | None
    warning_label: QLabel

    def tr(self, text: str) -> str: ...

    def set_mode(self, key: str) -> None: ...

    def show_mode(self) -> None: ...

    def leave_page_modes(self) -> None: ...

    def stop_drawing(self) -> None: ...

    def to_points(self, scene_pos: QPointF) -> tuple[float, float]: ...

    def to_pixels(self, value: float) -> float: ...

    def fit(self) -> None: ...

    def focus_on(self, rect: QRectF) -> None: ...

    def frame_rect(self, panel_id: str) -> QRectF | None: ...

    def panel_at(self, scene_pos: QPointF) -> str | None: ...


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

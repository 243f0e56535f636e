"""The zoomable page the preview shows, and where its mouse, pen and keys go.

Draw and Select take the mouse and the tablet's pen (with its pressure) while they are on; otherwise presses,
drags and double-clicks go to the preview, which hands them to the mode in force (Balloons, Stage, Layout).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

from ui.preview.panel_canvas import CanvasMode

if TYPE_CHECKING:
    from ui.preview.draw_mode import DrawMode
    from ui.preview.modes import PreviewMode


class PageViewOwner(Protocol):
    """What the view hands its events to: the preview, its Draw/Select modes and the mode in force."""

    draw: DrawMode
    mode: PreviewMode | None

    def zoom(self, factor: float) -> None: ...

    def press(self, scene_pos: QPointF) -> bool: ...

    def drag_to(self, scene_pos: QPointF) -> None: ...

    def release(self, scene_pos: QPointF) -> None: ...

    def double_click(self, scene_pos: QPointF) -> None: ...


class PageView(QGraphicsView):
    """Zoomable page; the owner hit-tests balloons in page points."""

    def __init__(self, owner: PageViewOwner) -> None:
        super().__init__()
        self.owner = owner
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor("#8d8a84"))
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.pixmap_item = QGraphicsPixmapItem()
        self.pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.pixmap_item)
        self.fit = True

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.owner.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit:
            self.fitInView(self.pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)

    def mousePressEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if self.owner.draw.mode != CanvasMode.VIEW:  # Draw and Select own the mouse
            adding = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.owner.draw.press(pos, 1.0, adding)
            return
        if not self.owner.press(pos):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if self.owner.draw.mode != CanvasMode.VIEW:
            if event.buttons() & Qt.MouseButton.LeftButton:
                self.owner.draw.move(pos)
            return
        self.owner.drag_to(pos)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if self.owner.draw.mode != CanvasMode.VIEW:
            self.owner.draw.release(pos)
            return
        self.owner.release(pos)
        super().mouseReleaseEvent(event)

    def tabletEvent(self, event) -> None:  # noqa: N802 (Qt's naming)
        # Drawing takes the pen (with its pressure); otherwise Qt turns it into mouse events for the balloons.
        if not self.owner.draw.tablet(event, self.mapToScene(event.position().toPoint())):
            event.ignore()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self.owner.draw.takes_shortcut(event):
            # Ctrl+Z undoes a stroke here, not the document
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if not self.owner.draw.key(event):
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.owner.draw.mode != CanvasMode.VIEW:
            return
        self.owner.double_click(self.mapToScene(event.position().toPoint()))

    def contextMenuEvent(self, event) -> None:
        mode = self.owner.mode
        if mode is None or not mode.context_menu(self.mapToScene(event.pos()), event.globalPos()):
            super().contextMenuEvent(event)

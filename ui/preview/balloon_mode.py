"""The preview's own Balloons mode: pick a balloon or its tail and drag it, double-click to edit its words.

Hit tests are in page points, the scene in preview pixels (`PreviewHost.to_points` / `to_pixels`). A drag
shows a dashed outline (or the tail's line) while it lasts and becomes one undo step when it ends; a
double-click while an edition is shown asks the window to edit that edition's words instead.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsLineItem, QGraphicsRectItem, QInputDialog

from model.project.project import BalloonPlacement, Line
from ui.commands import MoveBalloonCommand, SetPanelFieldCommand

if TYPE_CHECKING:
    from ui.preview.modes import PreviewHost

TAIL_GRAB_PX = 12


class BalloonMode(QObject):
    """Dragging balloons and aiming their tails on one preview; `edition()` is the edition shown (or None)."""

    panelClicked = Signal(str)
    translationEditRequested = Signal(str, int)  # panel id, line index: a double-click while an edition shows

    def __init__(self, preview: PreviewHost, edition: Callable[[], str | None]) -> None:
        super().__init__()
        self.preview, self.edition = preview, edition
        self._drag: tuple | None = None
        self._overlay = QGraphicsRectItem()
        self._overlay.setPen(QPen(QColor("#1e88e5"), 2, Qt.PenStyle.DashLine))
        self._overlay.setZValue(5)
        self._tail_line = QGraphicsLineItem()
        self._tail_line.setPen(QPen(QColor("#1e88e5"), 2, Qt.PenStyle.DashLine))
        self._tail_line.setZValue(5)
        self._tail_dot = QGraphicsEllipseItem(-5, -5, 10, 10)
        self._tail_dot.setBrush(QColor("#1e88e5"))
        self._tail_dot.setZValue(6)
        for item in (self._overlay, self._tail_line, self._tail_dot):
            item.hide()
            preview.view.scene().addItem(item)

    def hit(self, scene_pos: QPointF):
        """(frame, balloon, part) under a scene point; part is "tail", "body" or None (just the frame)."""
        if self.preview.current is None:
            return None
        x, y = self.preview.to_points(scene_pos)
        grab = TAIL_GRAB_PX * 72.0 / self.preview.current.dpi
        for frame in self.preview.current.page.frames:
            for balloon in frame.balloons:
                tip = balloon.tail_tip
                if tip is not None and abs(tip[0] - x) <= grab and abs(tip[1] - y) <= grab:
                    return frame, balloon, "tail"
        for frame in self.preview.current.page.frames:
            for balloon in reversed(frame.balloons):
                if balloon.body.contains_point((x, y)):
                    return frame, balloon, "body"
        for frame in self.preview.current.page.frames:
            if frame.rect.contains_point((x, y)):
                return frame, None, None
        return None

    def press(self, scene_pos: QPointF) -> bool:
        found = self.hit(scene_pos)
        if found is None:
            return False
        frame, balloon, part = found
        self.panelClicked.emit(frame.panel_id)
        if balloon is None:
            return False
        x, y = self.preview.to_points(scene_pos)
        self._drag = (frame, balloon, part, x, y)
        b = balloon.body
        self._overlay.setRect(QRectF(self.preview.to_pixels(b.x), self.preview.to_pixels(b.y), self.preview.to_pixels(b.w), self.preview.to_pixels(b.h)))
        self._overlay.show()
        if part == "tail":
            cx, cy = b.center
            self._tail_line.setLine(self.preview.to_pixels(cx), self.preview.to_pixels(cy), scene_pos.x(), scene_pos.y())
            self._tail_line.show()
            self._tail_dot.setPos(scene_pos)
            self._tail_dot.show()
        return True

    def drag_to(self, scene_pos: QPointF) -> None:
        if self._drag is None:
            return
        frame, balloon, part, x0, y0 = self._drag
        x, y = self.preview.to_points(scene_pos)
        b = balloon.body
        if part == "body":
            self._overlay.setRect(QRectF(self.preview.to_pixels(b.x + x - x0), self.preview.to_pixels(b.y + y - y0), self.preview.to_pixels(b.w), self.preview.to_pixels(b.h)))
        else:
            cx, cy = b.center
            self._tail_line.setLine(self.preview.to_pixels(cx), self.preview.to_pixels(cy), scene_pos.x(), scene_pos.y())
            self._tail_dot.setPos(scene_pos)

    def release(self, scene_pos: QPointF) -> None:
        if self._drag is None:
            return
        frame, balloon, part, x0, y0 = self._drag
        self._drag = None
        for item in (self._overlay, self._tail_line, self._tail_dot):
            item.hide()
        x, y = self.preview.to_points(scene_pos)
        if abs(x - x0) < 1 and abs(y - y0) < 1:
            return  # a click, not a drag
        self.move_balloon(frame, balloon, part, x - x0, y - y0)

    def move_balloon(self, frame, balloon, part: str, dx: float, dy: float) -> None:
        """Store the balloon's new place (part "body") or its tail tip (part "tail"), moved by dx, dy points."""
        area = frame.balloon_area  # the layout's own: placements are fractions of it
        panel = self.preview.doc.panel(frame.panel_id)
        if panel is None or area is None:
            return
        old = panel.balloons.get(balloon.line_index)
        cx, cy = balloon.body.center
        rel = lambda px, py: ((px - area.x) / area.w, (py - area.y) / area.h)  # noqa: E731
        if part == "body":
            bx, by = rel(cx + dx, cy + dy)
            tail = (old.tail_x, old.tail_y) if old is not None else (None, None)
            placement = BalloonPlacement(bx, by, *tail)
            text = self.preview.tr("Move balloon")
        else:
            tx, ty = rel(balloon.tail_tip[0] + dx, balloon.tail_tip[1] + dy)
            bx, by = (old.x, old.y) if old is not None else rel(cx, cy)
            placement = BalloonPlacement(bx, by, tx, ty)
            text = self.preview.tr("Aim balloon tail")
        self.preview.stack.push(MoveBalloonCommand(self.preview.doc, frame.panel_id, balloon.line_index, placement, text))

    def double_click(self, scene_pos: QPointF) -> None:
        found = self.hit(scene_pos)
        if not found or found[1] is None:
            return
        frame, balloon, _part = found
        panel = self.preview.doc.panel(frame.panel_id)
        if panel is None or balloon.line_index >= len(panel.lines):
            return
        if self.edition() in self.preview.doc.project.editions:
            self.translationEditRequested.emit(panel.id, balloon.line_index)  # the edition's words, not the script's
            return
        line = panel.lines[balloon.line_index]
        text, ok = QInputDialog.getMultiLineText(self.preview.view, self.preview.tr("Edit words"), self.preview.tr("Words in this balloon:"), line.text)
        if ok and text.strip() and text != line.text:
            self.edit_line_text(panel.id, balloon.line_index, text.strip())

    def edit_line_text(self, panel_id: str, line_index: int, text: str) -> None:
        panel = self.preview.doc.panel(panel_id)
        lines = list(panel.lines)
        old = lines[line_index]
        lines[line_index] = Line(old.kind, text, old.speaker)
        self.preview.stack.push(SetPanelFieldCommand(self.preview.doc, panel_id, "lines", lines, self.preview.tr("Edit words")))

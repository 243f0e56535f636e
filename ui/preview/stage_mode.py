"""The preview's Stage mode: each character's box over the picture, labelled by name, to drag and resize.

Boxes are fractions of the panel's picture (model.staging); on screen they lie where the renderer puts
the picture in its frame. A panel not yet staged shows dashed suggestions in free places; dragging any
box stages the whole panel. Each drag or resize is one undo step (StageCommand); a right-click on a box
sets how near the camera it stands.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem, QMenu

from model.geometry import Rect
from model.project.project import DEPTHS, StagedBox
from model.staging.boxes import back_to_front, clamped
from model.staging.figures import picture_rect
from model.staging.words import suggested_staging
from ui.commands import StageCommand

if TYPE_CHECKING:
    from ui.preview.modes import PreviewHost

HANDLE_PX = 14  # the bottom-right corner a resize grabs, in screen pixels at any zoom
COLOURS = ("#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab")


@dataclass
class _Shown:
    """One box on screen: whose, in which panel, where the picture lies (points), and its items."""

    panel_id: str
    box: StagedBox
    staged: bool
    picture: Rect
    items: list[QGraphicsItem]


class StageMode(QObject):
    """Stage mode of a PagePreview (see ui.preview.modes.PreviewMode)."""

    def __init__(self, preview: PreviewHost) -> None:
        super().__init__(preview)
        self.preview = preview
        self.shown: list[_Shown] = []
        self.active = False
        self._drag: tuple[_Shown, str, float, float] | None = None

    # ---- showing the boxes
    def activate(self) -> None:
        self.active = True
        self.page_shown()

    def deactivate(self) -> None:
        self.active = False
        self._clear()

    def _clear(self) -> None:
        scene = self.preview.view.scene()
        for shown in self.shown:
            for item in shown.items:
                scene.removeItem(item)
        self.shown = []
        self._drag = None

    def page_shown(self) -> None:
        self._clear()
        current = self.preview.current
        if not self.active or current is None:
            return
        project = self.preview.doc.project
        for frame in current.page.frames:
            panel = project.panel(frame.panel_id)
            if panel is None:
                continue
            staged = {b.name.casefold() for b in panel.staging}
            picture = picture_rect(panel, frame.rect)
            for i, box in enumerate(back_to_front(suggested_staging(project, panel))):
                shown = _Shown(panel.id, box, box.name.casefold() in staged, picture, [])
                shown.items = self._items(shown, COLOURS[i % len(COLOURS)], frame.rect)
                self.shown.append(shown)

    def _screen_rect(self, box: StagedBox, picture: Rect) -> QRectF:
        px = self.preview.to_pixels
        return QRectF(px(picture.x + box.x * picture.w), px(picture.y + box.y * picture.h),
                      px(box.w * picture.w), px(box.h * picture.h))

    def _items(self, shown: _Shown, colour: str, frame: Rect) -> list[QGraphicsItem]:
        scene = self.preview.view.scene()
        rect = self._screen_rect(shown.box, shown.picture)
        ink = QColor(colour)
        fill = QColor(colour)
        fill.setAlpha(40 if shown.staged else 18)
        outline = QGraphicsRectItem(rect)
        outline.setPen(QPen(ink, 2, Qt.PenStyle.SolidLine if shown.staged else Qt.PenStyle.DashLine))
        outline.setBrush(QBrush(fill))
        outline.setZValue(3)
        label = QGraphicsSimpleTextItem(self._label(shown))
        font = QFont()
        font.setPixelSize(max(11, min(16, int(rect.height() / 12))))
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QColor("white"))
        bounds = label.boundingRect()
        tag = QGraphicsRectItem(0, 0, bounds.width() + 8, bounds.height() + 4)
        tag.setBrush(ink)
        tag.setPen(QPen(Qt.PenStyle.NoPen))
        tag.setPos(rect.x(), max(rect.y(), self.preview.to_pixels(frame.y)))
        label.setPos(tag.pos() + QPointF(4, 2))
        handle = QGraphicsRectItem(0, 0, 10, 10)
        handle.setBrush(ink)
        handle.setPen(QPen(QColor("white"), 1))
        handle.setPos(rect.right() - 10, rect.bottom() - 10)
        for item, z in ((tag, 4), (label, 5), (handle, 5)):
            item.setZValue(z)
        for item in (outline, tag, label, handle):
            scene.addItem(item)
        return [outline, tag, label, handle]

    def _label(self, shown: _Shown) -> str:
        depth = {"near": self.tr("near"), "far": self.tr("far")}.get(shown.box.depth, "")
        name = shown.box.name + (f" · {depth}" if depth else "")
        return name if shown.staged else self.tr("{name} (drag to stage)").format(name=name)

    # ---- the mouse
    def _hit(self, scene_pos: QPointF) -> tuple[_Shown, str] | None:
        grab = HANDLE_PX / max(self.preview.view.transform().m11(), 1e-6)
        for shown in reversed(self.shown):  # the nearest box first: it is drawn on top
            rect = self._screen_rect(shown.box, shown.picture)
            corner = rect.bottomRight()
            if abs(scene_pos.x() - corner.x()) <= grab and abs(scene_pos.y() - corner.y()) <= grab:
                return shown, "resize"
        for shown in reversed(self.shown):
            if self._screen_rect(shown.box, shown.picture).contains(scene_pos):
                return shown, "move"
        return None

    def press(self, scene_pos: QPointF) -> bool:
        found = self._hit(scene_pos)
        if found is None:
            return False
        shown, part = found
        self.preview.panelClicked.emit(shown.panel_id)
        x, y = self.preview.to_points(scene_pos)
        self._drag = (shown, part, x, y)
        return True

    def _moved(self, shown: _Shown, part: str, dx: float, dy: float) -> StagedBox:
        """The box after a drag of dx, dy points (moved, or its bottom-right corner pulled), inside the picture."""
        fx, fy = dx / max(shown.picture.w, 1e-6), dy / max(shown.picture.h, 1e-6)
        box = shown.box
        if part == "move":
            return clamped(replace(box, x=box.x + fx, y=box.y + fy))
        return clamped(replace(box, w=min(box.w + fx, 1.0 - box.x), h=min(box.h + fy, 1.0 - box.y)))

    def drag_to(self, scene_pos: QPointF) -> None:
        if self._drag is None:
            return
        shown, part, x0, y0 = self._drag
        x, y = self.preview.to_points(scene_pos)
        rect = self._screen_rect(self._moved(shown, part, x - x0, y - y0), shown.picture)
        outline, tag, label, handle = shown.items
        outline.setRect(rect)
        tag.setPos(rect.topLeft())
        label.setPos(rect.topLeft() + QPointF(4, 2))
        handle.setPos(rect.right() - 10, rect.bottom() - 10)

    def release(self, scene_pos: QPointF) -> None:
        if self._drag is None:
            return
        shown, part, x0, y0 = self._drag
        self._drag = None
        x, y = self.preview.to_points(scene_pos)
        if abs(x - x0) < 1 and abs(y - y0) < 1:
            return  # a click, not a drag
        box = self._moved(shown, part, x - x0, y - y0)
        text = self.tr("Move {name}") if part == "move" else self.tr("Resize {name}")
        self._stage(shown, box, text.format(name=shown.box.name))

    def context_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> bool:
        found = self._hit(scene_pos)
        if found is None:
            return False
        shown = found[0]
        menu = QMenu(self.preview)
        names = {"near": self.tr("Near the camera"), "middle": self.tr("Middle distance"), "far": self.tr("Far away")}
        for depth in reversed(DEPTHS):
            action = menu.addAction(names[depth])
            action.setCheckable(True)
            action.setChecked(shown.box.depth == depth)
            action.triggered.connect(lambda _c=False, d=depth: self.set_depth(shown, d))
        menu.popup(screen_pos)
        return True

    def set_depth(self, shown: _Shown, depth: str) -> None:
        if depth != shown.box.depth:
            self._stage(shown, replace(shown.box, depth=depth), self.tr("Stage {name} {depth}").format(
                name=shown.box.name, depth={"near": self.tr("near"), "far": self.tr("far")}.get(depth, self.tr("middle"))))

    def _stage(self, shown: _Shown, box: StagedBox, text: str) -> None:
        """The panel's whole staging with this one box changed, as one undo step."""
        doc = self.preview.doc
        panel = doc.panel(shown.panel_id)
        if panel is None:
            return
        staging = [box if b.name.casefold() == box.name.casefold() else b
                   for b in suggested_staging(doc.project, panel)]
        self.preview.stack.push(StageCommand(doc, shown.panel_id, staging, text))

"""Drawing on a panel and selecting part of it, in the page preview, at the panel picture's own resolution.

A `PanelCanvas` lies over one panel's frame on the page: the picture (or white paper), the drawing
layer the user paints on, and the selection. Strokes paint straight into the layer QImage and repaint
only the few pixels a segment touched, so the window never waits on a stroke; each stroke is one step
of the canvas's own undo stack. Keeping the drawing makes one new version of the panel (see
`model.picture.drawing`); the selection becomes a mask for "Redraw selection…".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np
from PIL import Image
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, QTransform, QUndoCommand, QUndoStack,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem, QGraphicsScene

from model.imageload import decode_image
from model.picture.drawing import beneath, drawing_of
from model.project.project import ImageVersion, Panel, Project

SELECTION_COLOUR = QColor(30, 136, 229, 110)
UNDO_STROKES = 200  # strokes Ctrl+Z reaches back
TILE = 128  # an undo step keeps the tiles of this many pixels a stroke touched
BLANK_LONG_SIDE = 1536  # a blank panel is drawn on paper this long, shaped like its frame


class CanvasMode(str, Enum):
    """What a press in the page preview does: move balloons (view), draw on a panel, or select part of it."""

    VIEW = "view"
    DRAW = "draw"
    SELECT = "select"


class Tool(str, Enum):
    PEN = "pen"
    PENCIL = "pencil"
    ERASER = "eraser"
    FILL = "fill"
    RECT = "rect"
    LASSO = "lasso"
    BRUSH = "brush"


DRAW_TOOLS = (Tool.PEN, Tool.PENCIL, Tool.ERASER, Tool.FILL)
SELECT_TOOLS = (Tool.RECT, Tool.LASSO, Tool.BRUSH)


def pil_to_qimage(image: Image.Image) -> QImage:
    rgba = image.convert("RGBA")
    data = rgba.tobytes()
    return QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888).copy()


def qimage_to_pil(image: QImage) -> Image.Image:
    """An RGBA Pillow image of a QImage (straight, not premultiplied, alpha)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    buffer = np.frombuffer(rgba.constBits(), np.uint8).reshape(rgba.height(), rgba.bytesPerLine())
    pixels = buffer[:, : rgba.width() * 4].reshape(rgba.height(), rgba.width(), 4)
    return Image.fromarray(pixels.copy(), "RGBA")


def alpha_of(image: QImage) -> np.ndarray:
    """The alpha channel of an ARGB32(-premultiplied) image as a uint8 array."""
    buffer = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return buffer[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., 3].copy()


class ImageItem(QGraphicsItem):
    """A QImage shown at its own pixel coordinates; `touch(rect)` repaints just that part of it."""

    def __init__(self, image: QImage) -> None:
        super().__init__()
        self.image = image
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's naming)
        return QRectF(0, 0, self.image.width(), self.image.height())

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001
        exposed = option.exposedRect.intersected(self.boundingRect())
        painter.drawImage(exposed, self.image, exposed)

    def touch(self, rect: QRectF) -> None:
        self.update(rect)


@dataclass
class _Stroke:
    last: QPointF
    dirty: QRectF
    lasso: list[QPointF]
    tiles: set[tuple[int, int]] = field(default_factory=set)  # (column, row) of every tile a segment touched


class StrokeCommand(QUndoCommand):
    """One stroke (or fill) on the layer: the tiles it touched, before and after, so an undo step costs
    what the stroke covered, not the whole layer."""

    def __init__(self, canvas: "PanelCanvas", tiles: list[tuple[QRect, QImage, QImage]], text: str) -> None:
        super().__init__(text)
        self.canvas, self.tiles = canvas, tiles
        self._first = True

    def _put(self, which: int) -> None:
        painter = QPainter(self.canvas.layer)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for tile in self.tiles:
            painter.drawImage(tile[0].topLeft(), tile[which])
        painter.end()
        for tile in self.tiles:
            self.canvas.sync_shadow(tile[0], tile[which])
            self.canvas.layer_item.touch(QRectF(tile[0]))
        self.canvas.changed()

    def redo(self) -> None:
        if self._first:  # the stroke is already on the layer
            self._first = False
            return
        self._put(2)

    def undo(self) -> None:
        self._put(1)


class PanelCanvas:
    """One panel being drawn on (mode DRAW) or selected in (mode SELECT), over `frame` (scene pixels)."""

    def __init__(self, scene: QGraphicsScene, project: Project, panel: Panel, frame: QRectF, mode: CanvasMode) -> None:
        self.scene, self.panel_id, self.mode = scene, panel.id, mode
        selected = panel.images.selected
        if selected is not None and selected.sha256 not in project.images:
            selected = None
        self.base: ImageVersion | None = selected  # the version a selection redraws
        self.built_for = panel.images.selected.id if panel.images.selected else None
        self.under: ImageVersion | None = beneath(panel, selected) if mode == CanvasMode.DRAW else selected
        if self.under is not None and self.under.sha256 not in project.images:
            self.under = None
        if self.under is not None:
            picture = decode_image(project.images.get(self.under.sha256), "The panel's picture").convert("RGB")
        else:
            aspect = frame.width() / max(1.0, frame.height())
            w, h = (BLANK_LONG_SIDE, round(BLANK_LONG_SIDE / aspect)) if aspect >= 1 else (round(BLANK_LONG_SIDE * aspect), BLANK_LONG_SIDE)
            picture = Image.new("RGB", (max(16, w), max(16, h)), "white")
        self.picture = np.asarray(picture)
        self.width, self.height = picture.width, picture.height
        layer = drawing_of(project, selected) if mode == CanvasMode.DRAW else None
        self.layer = pil_to_qimage(layer).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied) if layer is not None \
            and layer.size == picture.size else self._blank()
        self.started_empty = layer is None  # no drawing to edit: an empty layer makes no version
        self.selection = self._blank()
        # The layer as of the last finished stroke: a stroke's undo patch comes from it, so pen-down
        # copies nothing and pen-up copies only the rectangle the stroke touched.
        self.shadow = self.layer.copy()
        self.undo_stack = QUndoStack()
        self.undo_stack.setUndoLimit(UNDO_STROKES)
        self.dirty = False  # strokes not yet kept as a version
        self.tool = Tool.PEN if mode == CanvasMode.DRAW else Tool.RECT
        self.colour = QColor(0, 0, 0)
        self.size = 12.0  # brush size in picture pixels
        self._stroke: _Stroke | None = None
        self.on_change = lambda: None  # the preview refreshes its buttons

        self.backdrop = QGraphicsRectItem()
        self.backdrop.setBrush(QColor("#f4f1ea"))
        self.backdrop.setPen(QPen(QColor("#1e88e5"), 2))
        self.backdrop.setZValue(10)
        self.picture_item = ImageItem(pil_to_qimage(picture))
        self.layer_item = ImageItem(self.layer)
        self.selection_item = ImageItem(self.selection)
        self.rubber = QGraphicsPathItem()
        self.rubber.setPen(QPen(QColor("#1e88e5"), 0, Qt.PenStyle.DashLine))
        self.items: list[QGraphicsItem] = [self.backdrop]
        for z, item in enumerate((self.picture_item, self.layer_item, self.selection_item, self.rubber), start=11):
            item.setZValue(z)
            self.items.append(item)
        self.frame = QRectF()
        self.transform = QTransform()
        self.place(frame)
        for item in self.items:
            scene.addItem(item)

    def place(self, frame: QRectF) -> None:
        """Lay the canvas over `frame` (scene pixels): the picture fitted inside it, centred."""
        self.frame = QRectF(frame)
        self.backdrop.setRect(frame)
        scale = min(frame.width() / self.width, frame.height() / self.height)
        dx = frame.x() + (frame.width() - self.width * scale) / 2
        dy = frame.y() + (frame.height() - self.height * scale) / 2
        self.transform = QTransform(scale, 0, 0, scale, dx, dy)
        for item in self.items[1:]:
            item.setTransform(self.transform)

    def _blank(self) -> QImage:
        image = QImage(self.width, self.height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        return image

    def remove(self) -> None:
        """Take the canvas off the page; it says nothing more (its undo stack may outlive the widgets)."""
        self.on_change = lambda: None
        self.undo_stack.blockSignals(True)
        for item in self.items:
            self.scene.removeItem(item)
        self.items = []

    def changed(self) -> None:
        self.dirty = True
        self.on_change()

    def to_pixels(self, scene_pos: QPointF) -> QPointF:
        inverse, _ok = self.transform.inverted()
        return inverse.map(scene_pos)

    def contains(self, scene_pos: QPointF) -> bool:
        p = self.to_pixels(scene_pos)
        return 0 <= p.x() < self.width and 0 <= p.y() < self.height

    # ---- strokes
    def begin(self, scene_pos: QPointF, pressure: float = 1.0, adding: bool = False) -> None:
        """Pen down at `scene_pos` with the current tool (`adding`: a selection adds to the one there is)."""
        p = self.to_pixels(scene_pos)
        if self.tool == Tool.FILL:
            self.fill(p)
            return
        if self.tool in (Tool.RECT, Tool.LASSO):
            if not adding:
                self.selection.fill(Qt.GlobalColor.transparent)
                self.selection_item.update()
            self._stroke = _Stroke(p, QRectF(p, p), [p])
            return
        self._stroke = _Stroke(p, QRectF(), [])
        self.segment(scene_pos, pressure, first=True)

    def segment(self, scene_pos: QPointF, pressure: float = 1.0, first: bool = False) -> QRectF:
        """The pen moved to `scene_pos`: paint the segment since the last point; the rectangle it touched."""
        stroke = self._stroke
        if stroke is None:
            return QRectF()
        p = self.to_pixels(scene_pos)
        if self.tool in (Tool.RECT, Tool.LASSO):
            stroke.lasso.append(p)
            path = QPainterPath()
            if self.tool == Tool.RECT:
                path.addRect(QRectF(stroke.lasso[0], p).normalized())
            else:
                path.addPolygon(QPolygonF(stroke.lasso))
            self.rubber.setPath(path)
            return QRectF()
        target = self.layer if self.mode == CanvasMode.DRAW else self.selection
        width, pen = self._pen(pressure)
        painter = QPainter(target)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.tool != Tool.PENCIL)
        if self.tool == Tool.ERASER:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        elif self.tool == Tool.BRUSH:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.setPen(pen)
        start = stroke.last if not first else p
        if start == p:
            painter.drawPoint(p)
        else:
            painter.drawLine(start, p)
        painter.end()
        pad = width / 2 + 2
        rect = QRectF(start, p).normalized().adjusted(-pad, -pad, pad, pad)
        stroke.last = p
        stroke.dirty = rect if stroke.dirty.isNull() else stroke.dirty.united(rect)
        for col in range(max(0, int(rect.left()) // TILE), min(self.width - 1, int(rect.right())) // TILE + 1):
            for row in range(max(0, int(rect.top()) // TILE), min(self.height - 1, int(rect.bottom())) // TILE + 1):
                stroke.tiles.add((col, row))
        (self.layer_item if target is self.layer else self.selection_item).touch(rect)
        return rect

    def _pen(self, pressure: float) -> tuple[float, QPen]:
        pressure = min(1.0, max(0.05, pressure))
        if self.tool == Tool.PENCIL:
            width = max(1.0, self.size * 0.3)
            colour = QColor(self.colour)
            colour.setAlpha(210)
        elif self.tool == Tool.BRUSH:
            width, colour = self.size * 2, SELECTION_COLOUR
        else:
            width = max(1.0, self.size * (0.25 + 0.75 * pressure)) if self.tool == Tool.PEN else self.size * 1.5
            colour = self.colour
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        return width, pen

    def end(self, scene_pos: QPointF | None = None) -> None:
        """Pen up: the stroke becomes one undo step (a selection shape is filled in)."""
        stroke, self._stroke = self._stroke, None
        if stroke is None:
            return
        if self.tool in (Tool.RECT, Tool.LASSO):
            self.rubber.setPath(QPainterPath())
            points = stroke.lasso + ([self.to_pixels(scene_pos)] if scene_pos is not None else [])
            painter = QPainter(self.selection)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(SELECTION_COLOUR))
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            if self.tool == Tool.RECT:
                painter.drawRect(QRectF(points[0], points[-1]).normalized())
            elif len(points) >= 3:
                painter.drawPolygon(QPolygonF(points))
            painter.end()
            self.selection_item.update()
            self.on_change()
            return
        if self.mode != CanvasMode.DRAW:
            self.on_change()
            return
        if not stroke.tiles:
            return
        text = {Tool.ERASER: "Erase", Tool.PENCIL: "Pencil stroke"}.get(self.tool, "Pen stroke")
        self._push(sorted(stroke.tiles), text)

    def fill(self, p: QPointF) -> None:
        """Fill the area of like colour around `p` (as the picture and drawing show it) with the colour."""
        import cv2

        x, y = int(p.x()), int(p.y())
        if not (0 <= x < self.width and 0 <= y < self.height):
            return
        layer = np.frombuffer(self.layer.constBits(), np.uint8).reshape(self.height, self.layer.bytesPerLine())
        bgra = layer[:, : self.width * 4].reshape(self.height, self.width, 4).astype(np.float32)
        alpha = bgra[..., 3:4] / 255.0
        seen = np.clip(bgra[..., [2, 1, 0]] + self.picture.astype(np.float32) * (1 - alpha), 0, 255).astype(np.uint8)
        mask = np.zeros((self.height + 2, self.width + 2), np.uint8)
        flags = 4 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (255 << 8)
        cv2.floodFill(np.ascontiguousarray(seen), mask, (x, y), (0, 0, 0), (24, 24, 24), (24, 24, 24), flags)
        region = cv2.dilate(mask[1:-1, 1:-1], np.ones((3, 3), np.uint8)) > 0  # under the lines' soft edges too
        ys, xs = np.nonzero(region)
        if not len(xs):
            return
        rect = QRect(int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))
        bits = self.layer.bits()  # writable: the fill goes straight into the layer's pixels
        pixels = np.frombuffer(bits, np.uint8).reshape(self.height, self.layer.bytesPerLine())
        pixels = pixels[:, : self.width * 4].reshape(self.height, self.width, 4)
        c = self.colour
        pixels[region] = (c.blue(), c.green(), c.red(), 255)
        self.layer_item.touch(QRectF(rect))
        tiles = [(c, r) for c in range(rect.left() // TILE, rect.right() // TILE + 1)
                 for r in range(rect.top() // TILE, rect.bottom() // TILE + 1)]
        self._push(tiles, "Fill")

    def _push(self, tiles: list[tuple[int, int]], text: str) -> None:
        """One undo step for the tiles that changed; the shadow copy catches up with the layer there."""
        patches = []
        for col, row in tiles:
            rect = QRect(col * TILE, row * TILE, TILE, TILE).intersected(self.layer.rect())
            after = self.layer.copy(rect)
            patches.append((rect, self.shadow.copy(rect), after))
            self.sync_shadow(rect, after)
        self.undo_stack.push(StrokeCommand(self, patches, text))
        self.changed()

    def sync_shadow(self, rect: QRect, patch: QImage) -> None:
        painter = QPainter(self.shadow)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(rect.topLeft(), patch)
        painter.end()

    # ---- what the canvas hands on
    def layer_image(self) -> Image.Image:
        return qimage_to_pil(self.layer)

    def has_drawing(self) -> bool:
        return bool(alpha_of(self.layer).any())

    def selection_mask(self) -> np.ndarray:
        """The selection, 255 where selected, the picture's size."""
        return np.where(alpha_of(self.selection) > 0, 255, 0).astype(np.uint8)

    def clear_selection(self) -> None:
        self.selection.fill(Qt.GlobalColor.transparent)
        self.selection_item.update()
        self.on_change()

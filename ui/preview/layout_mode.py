"""The page preview's Layout mode: shape the page under the cursor by hand.

Drag a gutter to resize the panels beside it; click a panel to select it, then split it across or down,
merge it with its neighbour, make it borderless or bleed to the page edge, put an inset panel over it,
slant its gutters, or reset the page to its template. Reading order numbers the balloons as a reader
meets them, with arrows (ui/preview/reading_overlay.py). Every edit is one undo step (SetPageShapeCommand) on
the page's shape, kept under the page's first panel; panels the page no longer holds flow to the next.
Edits are made in left-to-right terms (model.shapes.edits) and a right-to-left page mirrors them.

It owns its overlay items and its tool row, and the preview hands it the mouse only while it is on, so
other modes of the preview stay apart from it.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsPolygonItem, QHBoxLayout, QLabel, QToolButton, QWidget

from model.errors import BadInputError
from model.geometry import Rect
from model.shapes.edits import add_inset, merge_cells, move_gutter, remove_inset, set_cell, set_slant, split_cell
from model.shapes.shape import Cell, PageShape, Split, gutter_line, gutters, node_at, slots, split_box
from model.pagesize import mm
from ui.layout_commands import SetPageShapeCommand
from ui.preview.reading_overlay import ReadingOverlay

if TYPE_CHECKING:
    from ui.preview.modes import PreviewHost

GRAB_PX = 8  # how near a gutter the pointer must be to take it
SLANT_DEGREES = 6.0
ACCENT = QColor("#1e88e5")


def _inside(polygon, point) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / max(1e-9, dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


class LayoutMode(QObject):
    """Gutter dragging, panel selection and the edit buttons of one PagePreview."""

    def __init__(self, preview: PreviewHost) -> None:
        super().__init__(preview)
        self.preview = preview
        self.active = False
        self.selected: tuple[int, ...] | None = None
        self._drag: tuple[tuple[int, ...], int] | None = None
        self._outlines: list[QGraphicsPolygonItem | QGraphicsLineItem] = []  # redrawn with each page
        scene = preview.view.scene()
        self._chosen = QGraphicsPolygonItem()
        self._chosen.setPen(QPen(ACCENT, 3))
        self._chosen.setBrush(QBrush(QColor(30, 136, 229, 40)))
        self._chosen.setZValue(8)
        self._line = QGraphicsLineItem()
        self._line.setPen(QPen(ACCENT, 4, Qt.PenStyle.DashLine))
        self._line.setZValue(9)
        for item in (self._chosen, self._line):
            item.hide()
            scene.addItem(item)
        self.reading = ReadingOverlay(scene)
        self.bar = self._build_bar()
        self.bar.hide()

    # ---- the tool row
    def _build_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(4, 0, 4, 2)

        def button(text: str, tip: str, slot, checkable: bool = False) -> QToolButton:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setCheckable(checkable)
            b.clicked.connect(lambda _c=False: slot())
            row.addWidget(b)
            return b

        self.hint = QLabel(self.tr("Drag a gutter, or pick a panel:"))
        row.addWidget(self.hint)
        self.split_across = button(self.tr("Split ─"), self.tr("Cut the panel in two, one above the other"),
                                   lambda: self._edit_cell("rows"))
        self.split_down = button(self.tr("Split │"), self.tr("Cut the panel in two, side by side"),
                                 lambda: self._edit_cell("columns"))
        self.merge_button = button(self.tr("Merge"), self.tr("Make the panel one with its neighbour in the row or column"),
                                   self._merge)
        self.border_button = button(self.tr("Borderless"), self.tr("Draw the panel without a border"), self._borderless, True)
        self.bleed_button = button(self.tr("Bleed"), self.tr("Run the panel's picture to the page edge"), self._bleed, True)
        self.inset_button = button(self.tr("Inset"), self.tr("Put a small panel over this one (or take this inset away)"),
                                   self._inset)
        self.slant_button = button(self.tr("Slant"), self.tr("Lean the gutters of this panel's row or column"), self._slant, True)
        self.reset_button = button(self.tr("Reset page"), self.tr("Back to the page's template"), self._reset)
        self.order_button = button(self.tr("Reading order"), self.tr("Number the balloons in the order a reader meets "
                                                                     "them; red where that is not the script's order"),
                                   self.page_shown, True)
        row.addStretch(1)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b23c17;")
        row.addWidget(self.message)
        return bar

    def set_active(self, on: bool) -> None:
        if on:
            self.preview.set_mode("balloons")  # one way of working on the page at a time (Stage hands over)
            self.preview.stop_drawing()  # and so do Draw and Select
        self.active = on
        self.bar.setVisible(on)
        if not on:
            self.selected, self._drag = None, None
        self.preview.show_mode()  # the mode row shows Layout, or Balloons again
        self.page_shown()

    # ---- the page being shown
    def _page(self):
        current = self.preview.current
        page = current.page if current is not None else None
        if page is None or page.shape is None or page.panel_area is None or not page.shape_key:
            return None
        return page

    def _geometry(self):
        """(page, shape, area, gutter, rtl) of the page shown, or None when it cannot be shaped."""
        page = self._page()
        if page is None:
            return None
        settings = self.preview.current.settings
        # An edit made since the page was drawn is already in the project: the next edit builds on it.
        stored = self.preview.doc.project.page_shapes.get(page.shape_key)
        shape = stored if stored is not None and stored.template == page.template else page.shape
        return page, shape, page.panel_area, mm(settings.gutter_mm), settings.direction == "rtl"

    def _slots(self):
        g = self._geometry()
        if g is None:
            return []
        page, shape, area, gutter, rtl = g
        return slots(shape, area, gutter, page.width, page.height, rtl)

    def page_shown(self) -> None:
        """Draw the outline of every place on the page (empty ones too) and the selected panel."""
        scene = self.preview.view.scene()
        for item in self._outlines:
            scene.removeItem(item)
        self._outlines = []
        self._line.hide()
        current = self.preview.current
        if self.active and self.order_button.isChecked() and current is not None:
            self.reading.show(current.page, current.settings.direction == "rtl", self.preview.to_pixels)
        else:
            self.reading.clear()
        g = self._geometry() if self.active else None
        if g is None:
            self._chosen.hide()
            self._sync_buttons()
            if self.active:
                self.hint.setText(self.tr("Only grid and vertical pages can be shaped; choose Grid in the Layout box."))
            return
        self.hint.setText(self.tr("Drag a gutter, or pick a panel:"))
        if self.selected is not None and not self._valid(g[1], self.selected):
            self.selected = None
        page, shape, area, gutter, rtl = g
        px = self.preview.to_pixels
        for split_path, index in gutters(shape):  # the handles: a line along each gutter's middle
            a, b = gutter_line(shape, split_path, index, area, gutter, rtl, page.width)
            handle = QGraphicsLineItem(px(a[0]), px(a[1]), px(b[0]), px(b[1]))
            handle.setPen(QPen(QColor(30, 136, 229, 150), 3))
            handle.setZValue(7)
            scene.addItem(handle)
            self._outlines.append(handle)
        for slot in self._slots():
            item = QGraphicsPolygonItem(self._polygon(slot.polygon))
            item.setPen(QPen(ACCENT, 1.5, Qt.PenStyle.DashLine))
            item.setZValue(7)
            scene.addItem(item)
            self._outlines.append(item)
            if slot.path == self.selected:
                self._chosen.setPolygon(self._polygon(slot.polygon))
        self._chosen.setVisible(self.selected is not None)
        self._sync_buttons()

    def _valid(self, shape: PageShape, path: tuple[int, ...]) -> bool:
        if path and path[0] < 0:
            return -1 - path[0] < len(shape.insets)
        try:
            return isinstance(node_at(shape, path), Cell)
        except (IndexError, AttributeError):
            return False

    def _polygon(self, points) -> QPolygonF:
        px = self.preview.to_pixels
        return QPolygonF([QPointF(px(x), px(y)) for x, y in points])

    def _sync_buttons(self) -> None:
        g = self._geometry() if self.active else None
        chosen = self.selected
        cell = None
        if g is not None and chosen is not None and not (chosen and chosen[0] < 0):
            cell = node_at(g[1], chosen)
        inset = chosen is not None and bool(chosen) and chosen[0] < 0
        for b in (self.split_across, self.split_down, self.merge_button, self.bleed_button):
            b.setEnabled(cell is not None)
        self.border_button.setEnabled(cell is not None or inset)
        self.inset_button.setEnabled(cell is not None or inset)
        self.inset_button.setText(self.tr("Remove inset") if inset else self.tr("Inset"))
        parent = node_at(g[1], chosen[:-1]) if cell is not None and chosen else None
        self.slant_button.setEnabled(isinstance(parent, Split))
        self.slant_button.setChecked(isinstance(parent, Split) and parent.slant != 0)
        self.merge_button.setEnabled(isinstance(parent, Split))
        self.reset_button.setEnabled(g is not None and g[0].shape_key in self.preview.doc.project.page_shapes)
        if inset and g is not None:
            self.border_button.setChecked(not g[1].insets[-1 - chosen[0]].bordered)
        else:
            self.border_button.setChecked(cell is not None and not cell.bordered)
        self.bleed_button.setChecked(cell is not None and cell.bleed)

    # ---- the mouse (the preview hands it over while the mode is on)
    def _points(self, scene_pos) -> tuple[float, float]:
        return self.preview.to_points(scene_pos)

    def gutter_at(self, point) -> tuple[tuple[int, ...], int] | None:
        """The gutter (split path, 1-based index) nearest `point` (page points), if it is within grabbing reach."""
        g = self._geometry()
        if g is None:
            return None
        page, shape, area, gutter, rtl = g
        reach = max(gutter / 2 + 2.0, GRAB_PX * 72.0 / self.preview.current.dpi)
        best, nearest = None, reach
        for split_path, index in gutters(shape):
            a, b = gutter_line(shape, split_path, index, area, gutter, rtl, page.width)
            d = _distance(point, a, b)
            if d <= nearest:
                best, nearest = (split_path, index), d
        return best

    def slot_at(self, point):
        for slot in reversed(self._slots()):  # insets lie on top
            if _inside(list(slot.polygon), point):
                return slot
        return None

    def press(self, scene_pos) -> bool:
        point = self._points(scene_pos)
        self.message.clear()
        grabbed = self.gutter_at(point)
        if grabbed is not None:
            self._drag = grabbed
            self._show_drag(point)
            return True
        slot = self.slot_at(point)
        self.selected = slot.path if slot is not None else None
        if slot is not None:
            frame = next((f for f in self.preview.current.page.frames if f.slot == slot.path), None)
            if frame is not None:
                self.preview.panelClicked.emit(frame.panel_id)
        self.page_shown()
        return True

    def _moved(self, point) -> PageShape | None:
        """The page's shape with the dragged gutter under `point`."""
        g = self._geometry()
        if g is None or self._drag is None:
            return None
        page, shape, area, gutter, rtl = g
        split_path, index = self._drag
        node = node_at(shape, split_path)
        box = split_box(shape, split_path, area, gutter)
        x, y = point
        if rtl:
            x = page.width - x  # shapes are kept left to right
        tilt = math.tan(math.radians(node.slant))
        if node.axis == "columns":
            offset = x - box.x - tilt * (y - (box.y + box.h / 2))
        else:
            offset = y - box.y - tilt * (x - (box.x + box.w / 2))
        return move_gutter(shape, split_path, index, offset, area, gutter)

    def _show_drag(self, point) -> None:
        g = self._geometry()
        moved = self._moved(point)
        if g is None or moved is None:
            return
        page, _shape, area, gutter, rtl = g
        a, b = gutter_line(moved, self._drag[0], self._drag[1], area, gutter, rtl, page.width)
        px = self.preview.to_pixels
        self._line.setLine(px(a[0]), px(a[1]), px(b[0]), px(b[1]))
        self._line.show()

    def drag_to(self, scene_pos) -> None:
        if self._drag is not None:
            self._show_drag(self._points(scene_pos))

    def release(self, scene_pos) -> None:
        if self._drag is None:
            return
        moved = self._moved(self._points(scene_pos))
        self._drag = None
        self._line.hide()
        g = self._geometry()
        if moved is not None and g is not None and moved != g[1]:
            self._push(moved, self.tr("Move gutter"))

    # ---- edits
    def _push(self, shape: PageShape | None, text: str) -> None:
        page = self._page()
        if page is None:
            return
        self.preview.stack.push(SetPageShapeCommand(self.preview.doc, page.shape_key, shape, text))

    def _try(self, edit, text: str) -> None:
        g = self._geometry()
        if g is None or self.selected is None:
            return
        try:
            shape = edit(*g)
        except BadInputError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self._push(shape, text)

    def _edit_cell(self, axis: str) -> None:
        path = self.selected
        self._try(lambda page, shape, area, gutter, rtl: split_cell(shape, path, axis, area, gutter),
                  self.tr("Split panel"))

    def _merge(self) -> None:
        path = self.selected

        def merge(page, shape, area, gutter, rtl):
            parent = node_at(shape, path[:-1])
            other = path[-1] + 1 if path[-1] + 1 < len(parent.children) else path[-1] - 1
            merged = merge_cells(shape, path, path[:-1] + (other,), area, gutter)
            self.selected = path[:-1] + (min(path[-1], other),)
            return merged

        self._try(merge, self.tr("Merge panels"))

    def _borderless(self) -> None:
        path = self.selected

        def flip(page, shape, area, gutter, rtl):
            bordered = shape.insets[-1 - path[0]].bordered if path and path[0] < 0 else node_at(shape, path).bordered
            return set_cell(shape, path, bordered=not bordered)

        self._try(flip, self.tr("Panel border"))

    def _bleed(self) -> None:
        path = self.selected
        self._try(lambda page, shape, area, gutter, rtl: set_cell(shape, path, bleed=not node_at(shape, path).bleed),
                  self.tr("Panel bleed"))

    def _inset(self) -> None:
        path = self.selected

        def inset(page, shape, area, gutter, rtl):
            if path and path[0] < 0:
                self.selected = None
                return remove_inset(shape, -1 - path[0])
            slot = next(s for s in slots(shape, area, gutter, page.width, page.height) if s.path == path)
            r = slot.rect
            return add_inset(shape, Rect(r.x, r.y, r.w, r.h), area)

        self._try(inset, self.tr("Inset panel"))

    def _slant(self) -> None:
        path = self.selected

        def slant(page, shape, area, gutter, rtl):
            parent = node_at(shape, path[:-1])
            return set_slant(shape, path[:-1], 0.0 if parent.slant else SLANT_DEGREES)

        self._try(slant, self.tr("Slant gutters"))

    def _reset(self) -> None:
        self.selected = None
        self._push(None, self.tr("Reset page layout"))

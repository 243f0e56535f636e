"""A page's panel arrangement as a tree of splits, and its geometry: where each panel slot lies on the page.

A `PageShape` is what a page template gives and what the Layout mode edits: a root node that is either a
`Cell` (one panel, or a text page) or a `Split` of its area into rows or columns at gutter positions, with an
optional slant; `Inset` panels sit over the rest. Positions are fractions of the space left once the gutters
are taken out, so every gutter is exactly the page's gutter width whatever the fractions are. Shapes are
written left to right; a right-to-left page mirrors them (`slots(..., rtl=True)`), edits included, so one
stored shape serves both directions. Pure data and geometry: `model.page.composed` lays panels into slots.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Union

from model.geometry import Point, Rect, bounds_of

EPS = 1e-6
MIN_PANEL_PT = 0.5 * 72  # a split that would leave a panel narrower than half an inch is refused


@dataclass
class Cell:
    """One panel's place (or, with `text`, the page's words set as type instead of a picture)."""

    bordered: bool = True
    bleed: bool = False  # reaches past the margins to the trim (and the bleed) on the sides it touches them
    text: bool = False


@dataclass
class Split:
    """An area divided into rows (stacked; horizontal gutters) or columns, at `at` (len(children) - 1 fractions)."""

    axis: str  # "rows" | "columns"
    at: list[float]
    children: list["Node"]
    slant: float = 0.0  # degrees each gutter leans from square


Node = Union[Cell, Split]


@dataclass
class Inset:
    """A panel over the others, in fractions of the page's panel area (left to right)."""

    x: float
    y: float
    w: float
    h: float
    bordered: bool = True


@dataclass
class PageShape:
    """One page's arrangement; `template` names the template it started from ("grid 2x2" for the project's grid)."""

    template: str
    root: Node
    insets: list[Inset] = field(default_factory=list)


@dataclass(frozen=True)
class Slot:
    """Where a panel (or the page's words) goes: its outline on the page in points, and how it is drawn."""

    path: tuple[int, ...]  # the cell's place in the tree; insets are ("inset", k) as (-1 - k,)
    polygon: tuple[Point, ...]
    bordered: bool
    bleed_edges: tuple[bool, bool, bool, bool]  # left, top, right, bottom
    text: bool = False

    @property
    def rect(self) -> Rect:
        return bounds_of(list(self.polygon))

    @property
    def slanted(self) -> bool:
        r = self.rect
        corners = {(round(r.x, 4), round(r.y, 4)), (round(r.right, 4), round(r.y, 4)),
                   (round(r.right, 4), round(r.bottom, 4)), (round(r.x, 4), round(r.bottom, 4))}
        return {(round(x, 4), round(y, 4)) for x, y in self.polygon} != corners


def even(n: int) -> list[float]:
    """Gutter positions that make `n` equal parts."""
    return [i / n for i in range(1, n)]


def rows(*children: Node, at: list[float] | None = None, slant: float = 0.0) -> Split:
    return Split("rows", at if at is not None else even(len(children)), list(children), slant)


def columns(*children: Node, at: list[float] | None = None, slant: float = 0.0) -> Split:
    return Split("columns", at if at is not None else even(len(children)), list(children), slant)


def cells(n: int) -> list[Cell]:
    return [Cell() for _ in range(n)]


# ---- walking the tree --------------------------------------------------------------------------


def node_at(shape: PageShape, path: tuple[int, ...]) -> Node:
    """The node at `path` (child indices from the root)."""
    node = shape.root
    for i in path:
        node = node.children[i]  # type: ignore[union-attr]
    return node


def leaves(node: Node, path: tuple[int, ...] = ()) -> list[tuple[tuple[int, ...], Cell]]:
    """Every cell with its path, in reading order (rows top to bottom, columns left to right)."""
    if isinstance(node, Cell):
        return [(path, node)]
    out: list[tuple[tuple[int, ...], Cell]] = []
    for i, child in enumerate(node.children):
        out += leaves(child, path + (i,))
    return out


def capacity(shape: PageShape) -> int:
    """How many panels the page holds: its picture cells and insets."""
    return sum(1 for _p, c in leaves(shape.root) if not c.text) + len(shape.insets)


# ---- geometry ----------------------------------------------------------------------------------


def _clip(poly: list[Point], a: float, b: float, c: float) -> list[Point]:
    """The part of a convex polygon where a*x + b*y <= c (Sutherland–Hodgman against one half-plane)."""
    out: list[Point] = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= EPS:
            out.append(p)
        if (fp < -EPS and fq > EPS) or (fp > EPS and fq < -EPS):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def part_spans(length: float, at: list[float], gutter: float) -> list[tuple[float, float]]:
    """(start, end) offsets of each part along a split `length` long, gutters of exactly `gutter` between them."""
    n = len(at) + 1
    usable = max(0.0, length - gutter * (n - 1))
    edges = [0.0] + list(at) + [1.0]
    return [(edges[i] * usable + i * gutter, edges[i + 1] * usable + i * gutter) for i in range(n)]


def _place(node: Node, box: Rect, poly: list[Point], gutter: float, path: tuple[int, ...],
           out: list[tuple[tuple[int, ...], Cell, list[Point]]]) -> None:
    if isinstance(node, Cell):
        out.append((path, node, poly))
        return
    tilt = math.tan(math.radians(node.slant))
    along = box.w if node.axis == "columns" else box.h
    spans = part_spans(along, node.at, gutter)
    for i, (s0, s1) in enumerate(spans):
        piece, child_box = poly, box
        if node.axis == "columns":
            child_box = Rect(box.x + s0, box.y, s1 - s0, box.h)
            cy = box.y + box.h / 2
            if i > 0:  # keep right of the gutter line x = box.x + s0 + tilt * (y - cy)
                piece = _clip(piece, -1.0, tilt, -(box.x + s0) + tilt * cy)
            if i < len(spans) - 1:
                piece = _clip(piece, 1.0, -tilt, box.x + s1 - tilt * cy)
        else:
            child_box = Rect(box.x, box.y + s0, box.w, s1 - s0)
            cx = box.x + box.w / 2
            if i > 0:  # keep below the gutter line y = box.y + s0 + tilt * (x - cx)
                piece = _clip(piece, tilt, -1.0, -(box.y + s0) + tilt * cx)
            if i < len(spans) - 1:
                piece = _clip(piece, -tilt, 1.0, box.y + s1 - tilt * cx)
        _place(node.children[i], child_box, piece, gutter, path + (i,), out)


def _to_trim(poly: list[Point], area: Rect, width: float, height: float) -> tuple[list[Point], tuple[bool, bool, bool, bool]]:
    """A bleeding cell's outline with the sides on the panel area's edge moved out to the trim."""
    r = bounds_of(poly)
    left, top = abs(r.x - area.x) < 0.01, abs(r.y - area.y) < 0.01
    right, bottom = abs(r.right - area.right) < 0.01, abs(r.bottom - area.bottom) < 0.01

    def move(p: Point) -> Point:
        x, y = p
        if left and abs(x - area.x) < 0.01:
            x = 0.0
        if right and abs(x - area.right) < 0.01:
            x = width
        if top and abs(y - area.y) < 0.01:
            y = 0.0
        if bottom and abs(y - area.bottom) < 0.01:
            y = height
        return (x, y)

    return [move(p) for p in poly], (left, top, right, bottom)


def slots(shape: PageShape, area: Rect, gutter: float, width: float, height: float, rtl: bool = False) -> list[Slot]:
    """Every cell and inset of the shape on a page `width` x `height` points whose panels fill `area`, in
    reading order; right-to-left pages are the mirror image (first slot top right)."""
    placed: list[tuple[tuple[int, ...], Cell, list[Point]]] = []
    box_poly = [(area.x, area.y), (area.right, area.y), (area.right, area.bottom), (area.x, area.bottom)]
    _place(shape.root, area, box_poly, gutter, (), placed)
    found: list[Slot] = []
    for path, cell, poly in placed:
        edges = (False, False, False, False)
        if cell.bleed:
            poly, edges = _to_trim(poly, area, width, height)
        found.append(Slot(path, tuple(poly), cell.bordered, edges, cell.text))
    for k, inset in enumerate(shape.insets):
        r = Rect(area.x + inset.x * area.w, area.y + inset.y * area.h, inset.w * area.w, inset.h * area.h)
        poly = [(r.x, r.y), (r.right, r.y), (r.right, r.bottom), (r.x, r.bottom)]
        found.append(Slot((-1 - k,), tuple(poly), inset.bordered, (False, False, False, False)))
    if rtl:
        found = [mirror_slot(s, width) for s in found]
    return found


def mirror_slot(slot: Slot, width: float) -> Slot:
    """The slot seen in a mirror: x -> width - x, left and right edges swapped."""
    left, top, right, bottom = slot.bleed_edges
    poly = tuple((width - x, y) for x, y in reversed(slot.polygon))
    return Slot(slot.path, poly, slot.bordered, (right, top, left, bottom), slot.text)


def gutter_line(shape: PageShape, split_path: tuple[int, ...], index: int, area: Rect, gutter: float,
                rtl: bool = False, width: float = 0.0) -> tuple[Point, Point]:
    """The centre line of gutter `index` (1-based: between parts index-1 and index) of the split at `split_path`."""
    box = split_box(shape, split_path, area, gutter)
    node = node_at(shape, split_path)
    assert isinstance(node, Split)
    spans = part_spans(box.w if node.axis == "columns" else box.h, node.at, gutter)
    mid = spans[index][0] - gutter / 2
    tilt = math.tan(math.radians(node.slant))
    if node.axis == "columns":
        cy = box.y + box.h / 2
        a = (box.x + mid + tilt * (box.y - cy), box.y)
        b = (box.x + mid + tilt * (box.bottom - cy), box.bottom)
    else:
        cx = box.x + box.w / 2
        a = (box.x, box.y + mid + tilt * (box.x - cx))
        b = (box.right, box.y + mid + tilt * (box.right - cx))
    if rtl:
        a, b = (width - a[0], a[1]), (width - b[0], b[1])
    return a, b


def split_box(shape: PageShape, path: tuple[int, ...], area: Rect, gutter: float) -> Rect:
    """The unslanted box the node at `path` divides."""
    box, node = area, shape.root
    for i in path:
        assert isinstance(node, Split)
        spans = part_spans(box.w if node.axis == "columns" else box.h, node.at, gutter)
        s0, s1 = spans[i]
        box = Rect(box.x + s0, box.y, s1 - s0, box.h) if node.axis == "columns" else Rect(box.x, box.y + s0, box.w, s1 - s0)
        node = node.children[i]
    return box


def gutters(shape: PageShape, path: tuple[int, ...] = ()) -> list[tuple[tuple[int, ...], int]]:
    """Every gutter as (split path, 1-based index), outer splits first."""
    node = node_at(shape, path)
    if isinstance(node, Cell):
        return []
    out = [(path, i) for i in range(1, len(node.children))]
    for i in range(len(node.children)):
        out += gutters(shape, path + (i,))
    return out


# ---- stored form (the project file and `panelsmith pages --json`) -----------------------------


def node_to_dict(node: Node) -> dict[str, Any]:
    if isinstance(node, Cell):
        return {"cell": {"bordered": node.bordered, "bleed": node.bleed, "text": node.text}}
    return {"split": {"axis": node.axis, "at": list(node.at), "slant": node.slant,
                      "children": [node_to_dict(c) for c in node.children]}}


def node_from_dict(doc: dict[str, Any]) -> Node:
    if doc.get("cell") is not None:
        c = doc["cell"]
        return Cell(bool(c.get("bordered", True)), bool(c.get("bleed", False)), bool(c.get("text", False)))
    s = doc["split"]
    return Split(s["axis"], [float(a) for a in s["at"]], [node_from_dict(c) for c in s["children"]], float(s.get("slant", 0.0)))


def shape_to_dict(shape: PageShape) -> dict[str, Any]:
    return {"template": shape.template, "root": node_to_dict(shape.root),
            "insets": [{"x": i.x, "y": i.y, "w": i.w, "h": i.h, "bordered": i.bordered} for i in shape.insets]}


def shape_from_dict(doc: dict[str, Any]) -> PageShape:
    return PageShape(doc.get("template", ""), node_from_dict(doc["root"]),
                     [Inset(i["x"], i["y"], i["w"], i["h"], i.get("bordered", True)) for i in doc.get("insets", [])])


def check_shape(shape: PageShape) -> str | None:
    """Why a stored shape cannot be a page (one sentence), or None when it can."""
    def check(node: Node) -> str | None:
        if isinstance(node, Cell):
            return None
        if node.axis not in ("rows", "columns"):
            return f"a split's axis is {node.axis!r}, not rows or columns"
        if len(node.children) < 2 or len(node.at) != len(node.children) - 1:
            return "a split needs one position fewer than it has parts"
        edges = [0.0] + list(node.at) + [1.0]
        if any(b - a <= 0 for a, b in zip(edges, edges[1:])):
            return "a split's positions must rise from 0 to 1"
        if not -45 < node.slant < 45:
            return "a slant must be under 45 degrees"
        for child in node.children:
            if (problem := check(child)) is not None:
                return problem
        return None

    if (problem := check(shape.root)) is not None:
        return problem
    for inset in shape.insets:
        if not (0 <= inset.x and 0 <= inset.y and inset.w > 0 and inset.h > 0 and inset.x + inset.w <= 1 + EPS
                and inset.y + inset.h <= 1 + EPS):
            return "an inset panel must lie inside the page"
    return None

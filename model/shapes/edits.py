"""The Layout mode's edits on a page shape: move a gutter, split a panel, merge two neighbours, borderless,
bleed, inset. Each returns a new shape and leaves the one given untouched, so an undo step only keeps both.

Edits speak in left-to-right terms (shapes are stored that way; a right-to-left page is drawn mirrored), and
the callers mirror a pointer's x first. A split that would leave a panel under half an inch is refused with
one sentence (BadInputError), as is a merge of panels that are not side by side in one row or column.
"""
from __future__ import annotations

import copy

from model.errors import BadInputError
from model.geometry import Rect
from model.shapes.shape import MIN_PANEL_PT, Cell, Inset, PageShape, Split, node_at, part_spans, split_box

MIN_FRACTION_GAP = 1e-3


def _copy(shape: PageShape) -> PageShape:
    return copy.deepcopy(shape)


def _fractions(spans: list[tuple[float, float]], gutter: float) -> list[float]:
    """Gutter positions for these part spans (the inverse of part_spans)."""
    n = len(spans)
    usable = sum(b - a for a, b in spans)
    if usable <= 0:
        return [i / n for i in range(1, n)]
    return [(spans[i][1] - i * gutter) / usable for i in range(n - 1)]


def move_gutter(shape: PageShape, split_path: tuple[int, ...], index: int, offset: float, area: Rect,
                gutter: float) -> PageShape:
    """The gutter `index` (1-based) of the split at `split_path` moved to `offset` points from the start of the
    split's box (its centre line), kept so neither panel beside it is under half an inch."""
    new = _copy(shape)
    node = node_at(new, split_path)
    if not isinstance(node, Split) or not 1 <= index < len(node.children):
        raise BadInputError("There is no gutter there to move.")
    box = split_box(new, split_path, area, gutter)
    length = box.w if node.axis == "columns" else box.h
    spans = part_spans(length, node.at, gutter)
    low = spans[index - 1][0] + MIN_PANEL_PT + gutter / 2
    high = spans[index][1] - MIN_PANEL_PT - gutter / 2
    if high < low:
        return new  # both neighbours are at their smallest already
    centre = min(high, max(low, offset))
    spans[index - 1] = (spans[index - 1][0], centre - gutter / 2)
    spans[index] = (centre + gutter / 2, spans[index][1])
    node.at = _fractions(spans, gutter)
    return new


def split_cell(shape: PageShape, path: tuple[int, ...], axis: str, area: Rect, gutter: float) -> PageShape:
    """The cell at `path` cut in two: `axis` "rows" is a horizontal cut (one above the other), "columns" a
    vertical one. Refused when either half would be under half an inch."""
    new = _copy(shape)
    cell = node_at(new, path)
    if not isinstance(cell, Cell):
        raise BadInputError("Only a single panel can be split.")
    box = split_box(new, path, area, gutter)
    length = box.w if axis == "columns" else box.h
    half = (length - gutter) / 2
    if half < MIN_PANEL_PT - 1e-6:
        size = length / 72
        raise BadInputError(f"This panel is {size:.2f} in {'wide' if axis == 'columns' else 'tall'}; splitting it "
                            f"would make panels under 0.5 in.")
    twin = copy.deepcopy(cell)
    twin.text = False
    parent = node_at(new, path[:-1]) if path else None
    if isinstance(parent, Split) and parent.axis == axis:
        # Same direction as its row or column: one more part there, the other panels keep their sizes.
        i = path[-1]
        pbox = split_box(new, path[:-1], area, gutter)
        spans = part_spans(pbox.w if axis == "columns" else pbox.h, parent.at, gutter)
        s0, s1 = spans[i]
        mid = (s0 + s1) / 2
        spans[i:i + 1] = [(s0, mid - gutter / 2), (mid + gutter / 2, s1)]
        parent.children.insert(i + 1, twin)
        parent.at = _fractions(spans, gutter)
        return new
    replacement = Split(axis, [0.5], [cell, twin])
    if not path:
        new.root = replacement
    else:
        parent.children[path[-1]] = replacement  # type: ignore[union-attr]
    return new


def merge_cells(shape: PageShape, path: tuple[int, ...], other: tuple[int, ...], area: Rect, gutter: float) -> PageShape:
    """The cells at `path` and `other` made one panel (the first keeps its look); they must be neighbours in
    one row or column."""
    if not path or not other or path[:-1] != other[:-1] or abs(path[-1] - other[-1]) != 1:
        raise BadInputError("Only two panels side by side in the same row or column can be merged.")
    new = _copy(shape)
    parent = node_at(new, path[:-1])
    i = min(path[-1], other[-1])
    if not (isinstance(parent, Split) and isinstance(parent.children[i], Cell) and isinstance(parent.children[i + 1], Cell)):
        raise BadInputError("Only two single panels can be merged; merge the panels inside first.")
    pbox = split_box(new, path[:-1], area, gutter)
    spans = part_spans(pbox.w if parent.axis == "columns" else pbox.h, parent.at, gutter)
    spans[i:i + 2] = [(spans[i][0], spans[i + 1][1])]
    del parent.children[i + 1]
    if len(parent.children) == 1:
        only = parent.children[0]
        if len(path) == 1:
            new.root = only
        else:
            node_at(new, path[:-2]).children[path[-2]] = only  # type: ignore[union-attr]
    else:
        parent.at = _fractions(spans, gutter)
    return new


def set_cell(shape: PageShape, path: tuple[int, ...], *, bordered: bool | None = None, bleed: bool | None = None) -> PageShape:
    """The cell (or, with a negative path, the inset) at `path` made borderless/bordered or bleeding/not."""
    new = _copy(shape)
    if path and path[0] < 0:
        inset = new.insets[-1 - path[0]]
        if bordered is not None:
            inset.bordered = bordered
        return new
    cell = node_at(new, path)
    if not isinstance(cell, Cell):
        raise BadInputError("That is not a single panel.")
    if bordered is not None:
        cell.bordered = bordered
    if bleed is not None:
        cell.bleed = bleed
    return new


def set_slant(shape: PageShape, split_path: tuple[int, ...], degrees: float) -> PageShape:
    """The gutters of the split at `split_path` leaning `degrees` (under 45 either way)."""
    if not -45 < degrees < 45:
        raise BadInputError("A slanted gutter must lean less than 45 degrees.")
    new = _copy(shape)
    node = node_at(new, split_path)
    if not isinstance(node, Split):
        raise BadInputError("There is no gutter there to slant.")
    node.slant = degrees
    return new


def add_inset(shape: PageShape, over: Rect, area: Rect) -> PageShape:
    """A new inset panel in the lower right of `over` (a panel's rect in left-to-right page points)."""
    new = _copy(shape)
    w, h = over.w * 0.4, over.h * 0.4
    if w < MIN_PANEL_PT or h < MIN_PANEL_PT:
        raise BadInputError("This panel is too small for an inset panel of at least 0.5 in.")
    x, y = over.right - w - over.w * 0.06, over.bottom - h - over.h * 0.06
    new.insets.append(Inset((x - area.x) / area.w, (y - area.y) / area.h, w / area.w, h / area.h))
    return new


def remove_inset(shape: PageShape, k: int) -> PageShape:
    new = _copy(shape)
    del new.insets[k]
    return new

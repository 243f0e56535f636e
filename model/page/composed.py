"""Composed pages (the grid and vertical layouts): each page its own shape, panels flowing from page to page.

A page starts at the first panel, at a panel with `page_break` (`Page break` / `换页` in the script) or a
named template (`Page layout: …`), and wherever the page before is full. Its shape is, in order: the one
the user edited in the Layout mode (kept in `Project.page_shapes` under the page's first panel, while the
script names the same template), the named template, or the project's own grid (PageSettings.grid_rows x
grid_columns; four in a column for the vertical layout). Panels beyond a shape's capacity flow on to the
next page, which takes the project's grid. Right-to-left pages are the mirror image of their shape.
"""
from __future__ import annotations

from dataclasses import dataclass

from model.geometry import Point, Rect
from model.shapes.shape import PageShape, Slot, capacity, check_shape, slots
from model.page.bookpages import band_lines
from model.page.frames import PageLayout, PanelFrame, TextBlock, letter_frame, safe_zone, selected_image
from model.shapes.templates import KOMA, find_template, grid_shape
from model.pagesize import is_auto, mm, parse_page_size
from model.project.project import PageSettings, Panel, Project, starts_page

KOMA_MAX_ASPECT = 1.6  # 4-koma panels are wider than tall but not banners


@dataclass
class PagePlan:
    """One page before it is drawn: the panels it holds and the shape they fill."""

    panels: list[Panel]
    shape: PageShape
    template: str  # the template's English name, or the project grid's ("grid 2x2")
    key: str  # id of the first panel: where an edited shape is kept
    named: str = ""  # the template name as the script wrote it (may be unknown)
    known: bool = False  # `named` is a template


def default_shape(settings: PageSettings, vertical: bool) -> PageShape:
    """The shape of a page no template is named for: the 4-koma column, or the page settings' grid (named
    after its size, so a page edited in one grid is not taken for a page of another)."""
    if vertical:
        return find_template(KOMA).shape()  # type: ignore[union-attr]
    return grid_shape(settings.grid_rows, settings.grid_columns)


def plan_pages(project: Project, settings: PageSettings, vertical: bool = False) -> list[PagePlan]:
    """Which panels go on which page, and in what shape."""
    plans: list[PagePlan] = []
    panels = project.panels
    i = 0
    while i < len(panels):
        first = panels[i]
        named = first.page_layout.strip() if starts_page(first, i) else ""
        template = find_template(named) if named else None
        fresh = template.shape() if template is not None else default_shape(settings, vertical)
        stored = project.page_shapes.get(first.id)
        if stored is not None and stored.template == fresh.template and check_shape(stored) is None and capacity(stored) > 0:
            shape = stored
        else:
            shape = fresh
        room = max(1, capacity(shape))
        j = i + 1
        while j < len(panels) and j - i < room and not starts_page(panels[j], j):
            j += 1
        plans.append(PagePlan(panels[i:j], shape, shape.template, first.id, named, template is not None))
        i = j
    if not plans:
        empty = default_shape(settings, vertical)
        plans.append(PagePlan([], empty, empty.template, ""))
    return plans


def page_area(width: float, height: float, settings: PageSettings, shape: PageShape) -> Rect:
    """The area a page's shape divides: inside the margins and padding; a 4-koma column is kept narrow."""
    edge = mm(settings.margin_mm) + mm(settings.padding_mm)
    area = Rect(edge, edge, width - 2 * edge, height - 2 * edge)
    if shape.template == KOMA:
        from model.shapes.shape import Split

        root = shape.root
        count = len(root.children) if isinstance(root, Split) and root.axis == "rows" else 1
        cell_h = (area.h - mm(settings.gutter_mm) * (count - 1)) / count
        w = min(area.w, cell_h * KOMA_MAX_ASPECT)
        area = Rect(area.x + (area.w - w) / 2, area.y, w, area.h)
    return area


def inner_rect(polygon: tuple[Point, ...]) -> Rect:
    """A rectangle inside a (slanted) frame, for its words: the second-outermost corner on each side."""
    xs = sorted(p[0] for p in polygon)
    ys = sorted(p[1] for p in polygon)
    if len(xs) < 4:
        return Rect(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0])
    return Rect(xs[1], ys[1], max(0.0, xs[-2] - xs[1]), max(0.0, ys[-2] - ys[1]))


def composed_pages(project: Project, settings: PageSettings, result, vertical: bool) -> None:
    """Append a page per plan to `result` (a model.page.layout.Layout)."""
    width, height = parse_page_size("A4" if is_auto(settings.page_size) else settings.page_size, settings.dpi)
    gutter = mm(settings.gutter_mm)
    start = 0
    for plan in plan_pages(project, settings, vertical):
        number = len(result.pages) + 1
        if plan.named and not plan.known:
            result.warnings.append(f"Page {number}: unknown page layout “{plan.named}”; it is laid out as the project's grid.")
        area = page_area(width, height, settings, plan.shape)
        page = PageLayout(number, width, height, f"Page {number}", template=plan.template, shape=plan.shape,
                          shape_key=plan.key, panel_area=area)
        placed = slots(plan.shape, area, gutter, width, height, rtl=settings.direction == "rtl")
        pictures = [s for s in placed if not s.text]
        words = [s for s in placed if s.text]
        safe = safe_zone(page, settings.bleed)
        for k, panel in enumerate(plan.panels):
            slot = pictures[k]
            frame = PanelFrame(panel.id, start + k + 1, slot.rect, selected_image(panel), bordered=slot.bordered,
                               bleed_edges=slot.bleed_edges, polygon=slot.polygon if slot.slanted else None, slot=slot.path)
            page.frames.append(frame)
            if not words:
                letter_frame(project, panel, frame, settings, result.warnings, area=_word_area(frame, slot, safe, settings))
        for slot in words:
            page.texts.extend(_text_page(plan.panels, slot, safe, width, start + 1, result.warnings))
        start += len(plan.panels)
        result.pages.append(page)


def _word_area(frame, slot: Slot, safe: Rect, settings: PageSettings) -> Rect:
    """Where a frame's balloons go: inside its straight part, and inside the safe zone when it bleeds."""
    inset = max(settings.border_width_pt, 1.0) + 3.0
    inner = inner_rect(slot.polygon) if slot.slanted else slot.rect
    if any(slot.bleed_edges):
        x0, y0 = max(inner.x, safe.x), max(inner.y, safe.y)
        x1, y1 = min(inner.right, safe.right), min(inner.bottom, safe.bottom)
        inner = Rect(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))
    return inner.inset(inset)


def _text_page(panels: list[Panel], slot: Slot, safe: Rect, width: float, number: int, warnings: list[str]):
    """A text page's words: every line of the page's panels, set like a picture book's text band."""
    lines = [line for p in panels for line in p.lines]
    if not lines:
        return []
    r = slot.rect
    pad = min(r.w, r.h) * 0.08
    box = Rect(max(r.x + pad, safe.x), max(r.y + pad, safe.y), 0, 0)
    box = Rect(box.x, box.y, max(0.0, min(r.right - pad, safe.right) - box.x), max(0.0, min(r.bottom - pad, safe.bottom) - box.y))
    return [TextBlock(band_lines(lines, box, width, number, warnings))]

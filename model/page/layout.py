"""The one layout engine: Project + PageSettings -> pages -> panel frames -> balloons and text lines.

Pure geometry in points (1/72 in), origin at the top-left of the trim, y downwards. Every renderer
(Pillow pages, the reportlab PDF, the app's preview) draws a `Layout` and nothing else, so what the user
sees is what they export. Layouts:

- strip: one row of panels; its page is sized to the panels when the page size is "auto" or the default
  "A4" (a named size or "W x H" otherwise fits the row across that page).
- grid: rows x columns per page (PageSettings.grid_rows/grid_columns, 2x2 by default), or per page a template
  or an edited shape, with page breaks where the script says (model.page.composed).
- vertical: one column, four panels a page (4-koma), composed the same way.
- book: a cover (title, cover picture, author), then one panel per page, its picture full-bleed with the
  words in a band below it or in balloons over the art (PageSettings.book_text).
- storyboard: six panels a sheet, each with its number and shot, and the action and dialogue underneath.

Right-to-left reading (PageSettings.direction) mirrors the order of panels within each row.
"""
from __future__ import annotations

from dataclasses import replace

from model.page import balloons as balloon_shapes
from model import fonts
from model.page import lettering
from model.geometry import Rect
from model.pagesize import PT_PER_IN, is_auto, mm, parse_page_size
from model.script.words import SHOT_NAMES_ZH
from model.project.project import LAYOUTS, Line, PageSettings, Panel, Project
from model.script.scenes import scenes, shot_names
from model.errors import BadInputError
from model.page.bookpages import book_pages
from model.page.frames import Layout, PageLayout, PanelFrame, TextBlock, letter_frame, selected_image
from model.page.composed import composed_pages

def layout_project(
    project: Project, settings: PageSettings | None = None, layout: str | None = None, cover_panel: str | None = None
) -> Layout:
    """Lay out the whole project; `settings`/`layout` override the project's own for one export.

    `cover_panel` is the id of the panel whose picture goes on a book's cover (default: the first with one).
    """
    settings = settings or project.page
    name = (layout or project.layout or "strip").strip().lower()
    if name not in LAYOUTS:
        raise BadInputError(f"Unknown layout {name!r}: use one of {', '.join(LAYOUTS)}.")
    if settings.dpi < 36 or settings.dpi > 1200:
        raise BadInputError(f"A DPI of {settings.dpi} is out of range: use a number from 36 to 1200.")
    result = Layout(name, settings, project.title, project.author, [])
    if name == "strip":
        _strip(project, settings, result)
    elif name in ("grid", "vertical"):
        rows, cols = (settings.grid_rows, settings.grid_columns) if name == "grid" else (4, 1)
        if rows < 1 or cols < 1 or rows * cols > 64:
            raise BadInputError(f"A grid of {rows} x {cols} panels is not possible: use 1 to 8 rows and columns.")
        composed_pages(project, settings, result, vertical=(name == "vertical"))
    elif name == "book":
        width, height = parse_page_size(settings.page_size if not is_auto(settings.page_size) else "8.5x8.5in", settings.dpi)
        book_pages(project, settings, result, width, height, cover_panel)
    else:
        _storyboard(project, settings, result)
    check_glyphs(project, result)
    return result


def frame_aspects(project: Project, settings: PageSettings | None = None, layout: str | None = None) -> dict[str, float]:
    """Width / height of each panel's frame in the layout: the shape its picture should be drawn at.

    Frames depend on the words only in a picture book (a text band or not), so elsewhere the words are
    left out of this layout and it costs little. A book's cover repeats a picture and is not counted.
    """
    name = (layout or project.layout or "strip").strip().lower()
    probe = project
    if name != "book":
        probe = replace(project, panels=[replace(p, lines=[], balloons={}) for p in project.panels])
    aspects: dict[str, float] = {}
    for page in layout_project(probe, settings, name).pages:
        if page.cover:
            continue
        for frame in page.frames:
            if frame.rect.w > 0 and frame.rect.h > 0:
                aspects[frame.panel_id] = frame.rect.w / frame.rect.h
    return aspects


def _content(width: float, height: float, settings: PageSettings) -> Rect:
    edge = mm(settings.margin_mm) + mm(settings.padding_mm)
    return Rect(edge, edge, width - 2 * edge, height - 2 * edge)


def _cells(area: Rect, rows: int, cols: int, gutter: float, direction: str) -> list[Rect]:
    """Cells in reading order: rows top to bottom, columns by the reading direction."""
    cw = (area.w - gutter * (cols - 1)) / cols
    ch = (area.h - gutter * (rows - 1)) / rows
    cells = []
    for r in range(rows):
        for c in range(cols):
            col = cols - 1 - c if direction == "rtl" else c
            cells.append(Rect(area.x + col * (cw + gutter), area.y + r * (ch + gutter), cw, ch))
    return cells


def _panel_aspect(project: Project) -> float:
    """Width/height of the panels' pictures (the first selected image), square when none yet."""
    for panel in project.panels:
        version = panel.images.selected
        if version is not None and version.width > 0 and version.height > 0:
            return max(0.5, min(2.0, version.width / version.height))
    return 1.0


def _strip(project: Project, settings: PageSettings, result: Layout) -> None:
    n = max(1, len(project.panels))
    gutter = mm(settings.gutter_mm)
    edge = mm(settings.margin_mm) + mm(settings.padding_mm)
    if is_auto(settings.page_size) or settings.page_size == PageSettings().page_size:
        ph = _strip_panel_height(project, n)
        pw = ph * _panel_aspect(project)
        width, height = 2 * edge + n * pw + (n - 1) * gutter, 2 * edge + ph
    else:
        width, height = parse_page_size(settings.page_size, settings.dpi)
    area = _content(width, height, settings)
    pw = (area.w - gutter * (n - 1)) / n
    ph = min(area.h, pw / _panel_aspect(project) * 1.0)
    row = Rect(area.x, area.y + (area.h - ph) / 2, area.w, ph)
    page = PageLayout(1, width, height, project.title or "Strip")
    for i, panel in enumerate(project.panels):
        rect = _cells(row, 1, n, gutter, settings.direction)[i]
        frame = PanelFrame(panel.id, i + 1, rect, selected_image(panel))
        letter_frame(project, panel, frame, settings, result.warnings)
        page.frames.append(frame)
    result.pages.append(page)


def _strip_panel_height(project: Project, count: int) -> float:
    """A strip's own panels: 3.5 in tall, or less so the pictures print at 300 DPI (1024 px: 3.41 in),
    but never so small that the strip is under 2400 px wide at 300 DPI."""
    tallest = 3.5 * PT_PER_IN
    heights = [v.height for p in project.panels if (v := p.images.selected) is not None and v.height > 0]
    if not heights:
        return tallest
    sharp = min(heights) / 300 * PT_PER_IN * 0.999
    floor = 8 * PT_PER_IN / (count * _panel_aspect(project))  # 8 in is 2400 px at 300 DPI
    return max(min(tallest, sharp), min(floor, tallest))


def _storyboard(project: Project, settings: PageSettings, result: Layout) -> None:
    width, height = parse_page_size("A4" if is_auto(settings.page_size) else settings.page_size, settings.dpi)
    if height > width:
        width, height = height, width  # storyboard sheets are landscape
    area = _content(width, height, settings)
    gutter = mm(settings.gutter_mm)
    if not any(panel.scene for panel in project.panels):
        groups = [(None, project.panels)]
    else:  # a film's storyboard: each scene starts a sheet under its heading, and shots go by their names
        heading_h = SCENE_HEADING_PT * lettering.LEADING * 1.6
        area = Rect(area.x, area.y + heading_h, area.w, area.h - heading_h)
        groups = [(scene, scene.panels) for scene in scenes(project)]
    names = shot_names(project) if groups[0][0] is not None else {}
    cells = _cells(area, 2, 3, gutter, settings.direction)
    position = {panel.id: n for n, panel in enumerate(project.panels, start=1)}
    for scene, panels in groups:
        for start in range(0, max(1, len(panels)), 6):
            number = len(result.pages) + 1
            page = PageLayout(number, width, height, f"Sheet {number}")
            if scene is not None:
                page.label = f"Scene {scene.number}" + (f" {scene.heading}" if scene.heading else "")
                title = page.label.replace(f"Scene {scene.number} ", f"Scene {scene.number} · ")
                title += " (continued)" if start else ""
                top = Rect(area.x, area.y - SCENE_HEADING_PT * lettering.LEADING * 1.6, area.w, SCENE_HEADING_PT * lettering.LEADING)
                page.texts.append(TextBlock(lettering.set_lines(lettering.wrap(title, area.w, SCENE_HEADING_PT, bold=True)[:1],
                                                                SCENE_HEADING_PT, top, bold=True, align="left"), bold=True))
            for k, panel in enumerate(panels[start : start + 6]):
                cell = cells[k]
                frame_h = min(cell.w * 9 / 16, cell.h * 0.58)
                frame = PanelFrame(panel.id, position[panel.id], Rect(cell.x, cell.y, cell.w, frame_h), selected_image(panel))
                page.frames.append(frame)
                notes = Rect(cell.x, cell.y + frame_h + 4, cell.w, cell.h - frame_h - 4)
                page.texts.extend(_storyboard_notes(panel, frame.number, notes, result.warnings, names.get(panel.id)))
            result.pages.append(page)


SCENE_HEADING_PT = 13.0  # a scene's heading at the top of its storyboard sheets

_HOW = {"thought": ("thinks", "想"), "whisper": ("whispers", "小声"), "shout": ("shouts", "喊")}
_UNSPOKEN = {"caption": ("Caption", "旁白"), "sfx": ("SFX", "音效")}


def storyboard_line(line: Line) -> str:
    """"Ann (thinks): …" — a storyboard reader must know a thought or a whisper from speech."""
    chinese = any(fonts.is_cjk(ch) for ch in (line.speaker or "") + line.text)
    who = line.speaker or _UNSPOKEN[line.kind][1 if chinese else 0]
    how = _HOW.get(line.kind)
    if how and line.speaker:
        who += f"（{how[1]}）" if chinese else f" ({how[0]})"
    return f"{who}{'：' if chinese else ': '}{line.text}"


def _storyboard_notes(panel: Panel, number: int, box: Rect, warnings: list[str], name: str | None = None) -> list[TextBlock]:
    """Number (or shot name) and shot in bold, then the action, then each line of dialogue, shrunk to fit the box."""
    chinese = any(fonts.is_cjk(ch) for ch in panel.action + "".join(line.text for line in panel.lines))
    shot = SHOT_NAMES_ZH.get(panel.shot or "", panel.shot) if chinese else panel.shot
    head = f"{name or number}" + (f" · {shot}" if shot else "") + (f" · {panel.camera}" if panel.camera else "")
    body = [panel.action.strip()] if panel.action.strip() else []
    for line in panel.lines:
        body.append(storyboard_line(line))
    size = 10.0
    while True:
        head_lines = lettering.wrap(head, box.w, size + 1, bold=True)
        body_lines = [ln for para in body for ln in lettering.wrap(para, box.w, size)]
        need = (len(head_lines) * (size + 1) + len(body_lines) * size) * lettering.LEADING
        if need <= box.h or size <= balloon_shapes.MIN_SIZE:
            break
        size = max(balloon_shapes.MIN_SIZE, size - 0.5)
    if need > box.h:
        warnings.append(f"Panel {number}: the storyboard notes do not fit under the frame even at {balloon_shapes.MIN_SIZE:g} pt; shorten them.")
    head_h = len(head_lines) * (size + 1) * lettering.LEADING
    head_set = lettering.set_lines(head_lines, size + 1, Rect(box.x, box.y, box.w, head_h), bold=True, align="left")
    body_h = len(body_lines) * size * lettering.LEADING
    body_set = lettering.set_lines(body_lines, size, Rect(box.x, box.y + head_h, box.w, body_h), align="left")
    return [TextBlock(head_set, bold=True), TextBlock(body_set)]


def check_glyphs(project: Project, result: Layout) -> None:
    texts = [project.title, project.author] + [ln.text for p in project.panels for ln in p.lines]
    missing: list[str] = []
    for text in texts:
        for ch in fonts.missing_glyphs(text or ""):
            if ch not in missing:
                missing.append(ch)
    if missing:
        shown = " ".join(missing[:12])
        result.warnings.append(f"glyph missing from every font: {shown} (these characters are left out).")

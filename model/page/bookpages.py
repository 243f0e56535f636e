"""Picture-book pages: a cover, then one panel per page with its picture full-bleed.

The words go in a text band under the picture (`PageSettings.book_text == "band"`) or in balloons over
the art ("over"). All words stay inside the printers' safe zone (0.375 in inside the trim).
"""
from __future__ import annotations

from model import fonts
from model.page import lettering
from model.page.balloons import MIN_SIZE
from model.geometry import Rect
from model.page.frames import SAFE_IN_BLEED, Layout, PageLayout, PanelFrame, TextBlock, letter_frame, selected_image
from model.project.project import Line, PageSettings, Panel, Project


BAND_SHARE = 0.26  # the part of the page height the text band takes


def book_pages(
    project: Project, settings: PageSettings, result: Layout, width: float, height: float, cover_panel: str | None = None
) -> None:
    """Append the cover (picture: the panel with id `cover_panel`, else the first with a picture) and one page per panel."""
    safe = Rect(SAFE_IN_BLEED, SAFE_IN_BLEED, width - 2 * SAFE_IN_BLEED, height - 2 * SAFE_IN_BLEED)
    cover = PageLayout(1, width, height, "Cover", cover=True)
    title = project.title.strip() or "Untitled"
    title_size = max(14.0, min(44.0, width * 0.065))
    title_lines = lettering.wrap(title, safe.w, title_size, bold=True)
    title_h = len(title_lines) * title_size * lettering.LEADING
    cover.texts.append(TextBlock(lettering.set_lines(title_lines, title_size, Rect(safe.x, safe.y, safe.w, title_h), bold=True), bold=True))
    author_size = title_size * 0.5
    author_h = author_size * lettering.LEADING
    if project.author.strip():
        author_lines = lettering.wrap(project.author.strip(), safe.w, author_size)
        author_h = len(author_lines) * author_size * lettering.LEADING
        cover.texts.append(TextBlock(lettering.set_lines(author_lines, author_size, Rect(safe.x, safe.bottom - author_h, safe.w, author_h))))
    picture_area = Rect(safe.x, safe.y + title_h + title_size * 0.6, safe.w, safe.h - title_h - author_h - title_size * 1.2)
    chosen = _cover_panel(project, cover_panel)
    if chosen is not None and picture_area.h > 0:
        index = project.panels.index(chosen)
        cover.frames.append(PanelFrame(chosen.id, index + 1, _fit_square(picture_area, _aspect(chosen)), selected_image(chosen)))
    result.pages.append(cover)

    for i, panel in enumerate(project.panels):
        number = len(result.pages) + 1
        page = PageLayout(number, width, height, f"Page {number}")
        if settings.book_text == "over" or not panel.lines:
            frame = PanelFrame(panel.id, i + 1, Rect(0, 0, width, height), selected_image(panel), False, (True, True, True, True))
            page.frames.append(frame)
            # A picture book's words read at the band's size over the art too, not at a comic panel's.
            letter_frame(project, panel, frame, settings, result.warnings, area=safe, start_size=book_text_size(width))
        else:
            band_top = height * (1 - BAND_SHARE)
            frame = PanelFrame(panel.id, i + 1, Rect(0, 0, width, band_top), selected_image(panel), False, (True, True, True, False))
            page.frames.append(frame)
            band = Rect(safe.x, band_top + height * 0.03, safe.w, safe.bottom - band_top - height * 0.03)
            page.texts.append(TextBlock(band_lines(panel.lines, band, width, i + 1, result.warnings)))
        result.pages.append(page)


def _band_text(line: Line) -> str:
    cjk = any(fonts.is_cjk(ch) for ch in line.text)
    if line.kind in ("caption", "sfx") or not line.speaker:
        return line.text
    open_q, close_q = ("“", "”") if line.kind != "thought" else ("(", ")")
    return f"{line.speaker}{'：' if cjk else ': '}{open_q}{line.text}{close_q}"


def band_lines(lines: list[Line], band: Rect, page_width: float, number: int, warnings: list[str]):
    """The panel's words set in the band, shrinking the type to fit; a warning when they cannot."""
    paragraphs = [_band_text(ln) for ln in lines]
    size = book_text_size(page_width)
    while True:
        wrapped = [w for p in paragraphs for w in lettering.wrap(p, band.w, size)]
        need = len(wrapped) * size * lettering.LEADING
        if need <= band.h or size <= MIN_SIZE:
            break
        size = max(MIN_SIZE, size - 0.5)
    if need > band.h:
        warnings.append(f"Panel {number}: the words do not fit the text band even at {MIN_SIZE:g} pt; shorten them or put them over the art.")
    return lettering.set_lines(wrapped, size, band)


def book_text_size(page_width: float) -> float:
    """The size a picture book's words start from, in points (16 pt on an 8 in page), before shrinking to fit."""
    return max(10.0, min(20.0, page_width * 0.028))


def _cover_panel(project: Project, wanted: str | None) -> Panel | None:
    if wanted:
        chosen = project.panel(wanted)
        if chosen is not None:
            return chosen
    with_picture = [p for p in project.panels if p.images.selected is not None]
    return (with_picture or project.panels or [None])[0]


def _aspect(panel: Panel) -> float:
    v = panel.images.selected
    return v.width / v.height if v is not None and v.height else 1.0


def _fit_square(area: Rect, aspect: float) -> Rect:
    """The largest rectangle of the picture's aspect centred in `area`."""
    w = min(area.w, area.h * aspect)
    h = w / aspect
    return Rect(area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h)

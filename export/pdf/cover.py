"""A paperback's cover as a printer takes it: one PDF page of back + spine + front, with bleed all round.

The geometry is `model.page.coverwrap`; this module picks the front's picture and the cover colour, draws
the sheet through the interior's PDF writer (so fonts, TrimBox/BleedBox and `--pdfx` work the same way),
turns the spine words, and checks the result the way a platform's cover review would.
"""
from __future__ import annotations

from pathlib import Path

from export.coverfront import cover_colours, front_picture
from export.pdf.preflight import PRINT_DPI, Finding
from export.pdf.writer import PageSpace, PrintCanvas, draw_lines, rgb
from export.raster.render import cover_crop, picture_rect
from model.errors import BadInputError
from model.imageload import decode_image
from model.page.coverwrap import (
    FOLD_CLEARANCE_IN, MAX_PAGES, MIN_PAGES, PAPERS, SPINE_CLEARANCE_IN, SPINE_TEXT_MIN_IN, CoverWrap, cover_wrap, ink_on,
)
from model.page.frames import Layout, PageLayout
from model.pagesize import PT_PER_IN
from model.project.imagestore import ImageStore
from model.project.project import PageSettings, Project

def plan_wrap(project: Project, settings: PageSettings, images: ImageStore, pages: int, paper: str,
              cover_panel: str | None = None) -> CoverWrap:
    """The laid-out wrap; bad input when the project has no picture to put on the front."""
    picture = front_picture(project, cover_panel)
    if picture is None:
        raise BadInputError("The project has no pictures yet, so the cover has none: draw the panels first "
                            "(`panelsmith generate`), or add a Cover: block to the script to draw the cover alone.")
    return cover_wrap(project, settings, picture, cover_colours(project, settings, images, picture), pages, paper)


def write_cover_wrap(wrap: CoverWrap, project: Project, settings: PageSettings, images: ImageStore, target: Path,
                     pdfx: bool = False) -> Path:
    """Write the wrap as a one-page PDF at `target` (a print-shop PDF with `pdfx`), atomically."""
    layout = Layout("book", settings, project.title, project.author, [wrap.page])
    ink = rgb(ink_on(wrap.colours.background))

    def spine_words(canvas: PrintCanvas, page: PageLayout, space: PageSpace) -> None:
        if not wrap.spine_lines:
            return
        if not wrap.spine_turned:
            draw_lines(canvas, space, wrap.spine_lines, ink)
            return
        canvas.saveState()
        canvas.translate(space.x(wrap.spine_rect.right), space.y(0))
        canvas.rotate(-90)  # read top to bottom, the letters' tops towards the front (as bookshops shelve them)
        draw_lines(canvas, _Turned(), wrap.spine_lines, ink)
        canvas.restoreState()

    if pdfx:
        from export.pdf.pdfx import write_pdfx

        return write_pdfx(layout, images, target, settings.dpi, True, extra=spine_words)
    from export.pdf.writer import write_pdf

    return write_pdf(layout, images, target, settings.dpi, True, extra=spine_words)


class _Turned:
    """The spine words' own frame (along the spine, across it) in the turned canvas: y runs the other way."""

    def x(self, v: float) -> float:
        return v

    def y(self, v: float) -> float:
        return -v


def cover_preflight(wrap: CoverWrap, images: ImageStore) -> list[Finding]:
    """What a platform's cover review would say: spine and paper figures, page count, words near a trim or a
    fold, the blurb's fit, and the front picture's DPI at the cover's size."""
    found: list[Finding] = []
    per_page = PAPERS[wrap.paper]
    found.append(Finding("ok", f"Spine {wrap.spine_in:.3f} in: {wrap.pages} pages × {per_page} in ({wrap.paper} paper); "
                               f"the sheet is {wrap.page.width / PT_PER_IN + 0.25:.3f} × {wrap.page.height / PT_PER_IN + 0.25:.3f} in with bleed."))
    if wrap.spine_has_words:
        found.append(Finding("ok", f"The spine carries the title and author (it is at least {SPINE_TEXT_MIN_IN} in wide)."))
    else:
        need = -(-SPINE_TEXT_MIN_IN // per_page)
        found.append(Finding("ok", f"The spine is too narrow for words (they need {SPINE_TEXT_MIN_IN} in, about {need:.0f} pages "
                                   f"of {wrap.paper} paper); it is left plain."))
    if not MIN_PAGES <= wrap.pages <= MAX_PAGES:
        found.append(Finding("warning", f"{wrap.pages} pages: the platforms bind a paperback of {MIN_PAGES} to {MAX_PAGES} pages "
                                        "and will refuse this one (the cover is written all the same)."))
    found += [Finding("warning", w) for w in wrap.warnings if "blurb" in w]
    found += _near_folds(wrap)
    found += _picture_dpi(wrap, images)
    return found


def _near_folds(wrap: CoverWrap) -> list[Finding]:
    clear = FOLD_CLEARANCE_IN * PT_PER_IN
    edges_x = (0.0, wrap.page.width) + wrap.folds()
    found: list[str] = []
    for block in wrap.page.texts:
        for line in block.lines:
            box = line.box
            near_x = any(box.x - clear < x < box.right + clear for x in edges_x)
            near_y = box.y < clear or box.bottom > wrap.page.height - clear
            if near_x or near_y:
                found.append(f"“{line.text[:30]}” is within {FOLD_CLEARANCE_IN} in of a trim or a spine fold; the knife or the fold may cut it.")
    spine_clear = SPINE_CLEARANCE_IN * PT_PER_IN - 0.01
    for line in wrap.spine_lines:
        box = line.box  # turned words: across the spine is y; upright ones sit on the sheet
        low, high = (box.y, box.bottom) if wrap.spine_turned else (box.x - wrap.spine_rect.x, box.right - wrap.spine_rect.x)
        if low < spine_clear or high > wrap.spine - spine_clear:
            found.append(f"The spine words come within {SPINE_CLEARANCE_IN} in of a fold.")
    if not found:
        return [Finding("ok", f"Every word keeps {FOLD_CLEARANCE_IN} in from the trims and the spine folds.")]
    return [Finding("warning", text) for text in dict.fromkeys(found)]


def _picture_dpi(wrap: CoverWrap, images: ImageStore) -> list[Finding]:
    frame = next(iter(wrap.page.frames), None)
    if frame is None or frame.image is None or frame.image not in images:
        return [Finding("warning", "The front has no picture.")]
    source = decode_image(images.get(frame.image), "The cover picture")
    area = picture_rect(frame, wrap.page, True)
    x0, _, x1, _ = cover_crop(source.width, source.height, area.w, area.h)
    dpi = (x1 - x0) / (area.w / PT_PER_IN)
    size = f"{area.w / PT_PER_IN:.2f} × {area.h / PT_PER_IN:.2f} in"
    if dpi < PRINT_DPI:
        return [Finding("warning", f"The front picture is {dpi:.0f} DPI at the cover's size ({size}); printers want {PRINT_DPI}: "
                                   "draw it larger or use a bigger picture.")]
    return [Finding("ok", f"The front picture is {dpi:.0f} DPI at the cover's size ({size}).")]

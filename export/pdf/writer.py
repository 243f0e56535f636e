"""Print-ready PDF (reportlab): pages at trim size, optional 0.125 in bleed, words as real text.

Fonts are the shipped TrueType files, registered before the canvas exists and passed as its initial
font, so no unembedded standard font (Helvetica) is ever listed. Pictures are cropped to what shows,
downsampled to at most the DPI at their printed size and embedded as JPEG (quality 90) untouched by
reportlab. Pages are drawn one at a time: only the current page's pixels are ever decoded.
"""
from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Callable

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from export.atomic import atomic_path
from export.pdf.glyphpaths import contour_segments, glyph_contours
from export.raster.render import (
    NO_PICTURE_NOTE, OUTLINE_PT, SFX_FILL, SFX_RIMS, cover_crop, fit_picture, parse_color, picture_outline, picture_rect,
)
from model import fonts
from model.geometry import Point, Rect
from model.imageload import decode_image
from model.project.imagestore import ImageStore
from model.page.frames import Layout, PageLayout, PanelFrame
from model.page.lettering import TextLine
from model.pagesize import BLEED_PT, mm

JPEG_QUALITY = 90
rl_config.useA85 = 0  # binary streams: ASCII85 would make every picture a quarter larger


def register_fonts() -> None:
    """Register the shipped TrueType faces with reportlab (once per process)."""
    known = set(pdfmetrics.getRegisteredFontNames())
    for face in fonts.ALL_FACES:
        if face.name not in known:
            pdfmetrics.registerFont(fonts.truetype(face))  # the faces layout already read and measured


class PrintCanvas(Canvas):
    """The canvas every PDF page is drawn on; `export.pdf.pdfx` overrides its colours and pictures for print shops."""

    def picture(self, data: bytes, area: Rect, dpi: int, background: str, what: str) -> bytes:
        """The JPEG bytes of a picture as it goes into the file."""
        return picture_jpeg(data, area, dpi, background, what)


# Extra drawing on top of a page (a cover's turned spine words): (canvas, page, its coordinate mapping).
PageExtra = Callable[["PrintCanvas", PageLayout, "PageSpace"], None]


def write_pdf(layout: Layout, images: ImageStore, target: Path, dpi: int | None = None, bleed: bool = False,
              canvas_class: Callable[..., PrintCanvas] = PrintCanvas, extra: PageExtra | None = None) -> Path:
    """Write the whole layout as one PDF at `target`, atomically; returns the path. `extra`, when given,
    draws on each page after the layout's own content."""
    register_fonts()
    dpi = dpi or layout.settings.dpi
    b = BLEED_PT if bleed else 0.0
    with atomic_path(Path(target)) as tmp, tempfile.TemporaryDirectory(prefix="panelsmith-pdf-") as scratch:
        first = layout.pages[0]
        canvas = canvas_class(str(tmp), pagesize=(first.width + 2 * b, first.height + 2 * b),
                              initialFontName=fonts.LETTERING.name, initialFontSize=10, pageCompression=1)
        canvas.setTitle(layout.title or "Untitled")
        canvas.setAuthor(layout.author or "")
        canvas.setCreator("Panelsmith")
        for page in layout.pages:
            _draw_page(canvas, page, layout, images, dpi, bleed, Path(scratch), extra)
        canvas.save()
    return Path(target)


class PageSpace:
    """Trim coordinates (top-left origin, y down) to PDF coordinates (bottom-left, y up)."""

    def __init__(self, page: PageLayout, bleed: float) -> None:
        self.b = bleed
        self.top = page.height + bleed

    def x(self, v: float) -> float:
        return v + self.b

    def y(self, v: float) -> float:
        return self.top - v

    def rect(self, r: Rect) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the rectangle's lower-left corner in PDF space."""
        return (self.x(r.x), self.y(r.bottom), r.w, r.h)


def _draw_page(canvas: PrintCanvas, page: PageLayout, layout: Layout, images: ImageStore, dpi: int, bleed: bool, scratch: Path,
               extra: PageExtra | None = None) -> None:
    settings = layout.settings
    b = BLEED_PT if bleed else 0.0
    full_w, full_h = page.width + 2 * b, page.height + 2 * b
    canvas.setPageSize((full_w, full_h))
    canvas.setTrimBox((b, b, b + page.width, b + page.height))
    canvas.setBleedBox((0, 0, full_w, full_h))
    key = f"page{page.number}"
    canvas.bookmarkPage(key)
    canvas.addOutlineEntry(page.label, key, level=0)
    tr = PageSpace(page, b)
    canvas.setFillColorRGB(*rgb(settings.background))
    canvas.rect(0, 0, full_w, full_h, stroke=0, fill=1)
    for rect, color in page.boxes:
        canvas.setFillColorRGB(*rgb(color))
        canvas.rect(*tr.rect(rect), stroke=0, fill=1)
    for frame in page.frames:
        _draw_picture(canvas, tr, frame, page, layout, images, dpi, bleed, scratch)
        if frame.bordered and settings.border_width_pt > 0:
            canvas.setStrokeColorRGB(*rgb(settings.border_color))
            canvas.setLineWidth(settings.border_width_pt)
            radius = mm(settings.corner_radius_mm)
            if frame.polygon is not None:
                canvas.drawPath(_path(canvas, tr, list(frame.polygon)), stroke=1, fill=0)
            elif radius > 0:
                canvas.roundRect(*tr.rect(frame.rect), radius, stroke=1, fill=0)
            else:
                canvas.rect(*tr.rect(frame.rect), stroke=1, fill=0)
    for frame in page.frames:
        for balloon in frame.balloons:
            if balloon.outline:
                _draw_shape(canvas, tr, balloon.outline, balloon.bubbles, balloon.dashed)
            if balloon.kind == "sfx":
                _draw_rims(canvas, tr, balloon.lines)
                draw_lines(canvas, tr, balloon.lines, rgb(SFX_FILL))
            else:
                draw_lines(canvas, tr, balloon.lines, (0, 0, 0))
    for block in page.texts:
        draw_lines(canvas, tr, block.lines, rgb(block.color))
    if extra is not None:
        extra(canvas, page, tr)
    canvas.showPage()


def rgb(color: str) -> tuple[float, float, float]:
    r, g, b = parse_color(color)
    return (r / 255, g / 255, b / 255)


def _draw_picture(canvas: PrintCanvas, tr: PageSpace, frame: PanelFrame, page: PageLayout, layout: Layout, images: ImageStore,
                  dpi: int, bleed: bool, scratch: Path) -> None:
    area = picture_rect(frame, page, bleed)
    clipped = frame.polygon is not None
    if clipped:  # a slanted frame: whatever is drawn for it shows only inside its outline
        canvas.saveState()
        canvas.clipPath(_path(canvas, tr, picture_outline(frame, page, bleed)), stroke=0, fill=0)
    try:
        _fill_frame(canvas, tr, frame, page, layout, images, dpi, area, scratch)
    finally:
        if clipped:
            canvas.restoreState()


def _fill_frame(canvas: PrintCanvas, tr: PageSpace, frame: PanelFrame, page: PageLayout, layout: Layout, images: ImageStore,
                dpi: int, area: Rect, scratch: Path) -> None:
    if frame.image is None or frame.image not in images:
        canvas.setFillColorRGB(0.94, 0.94, 0.94)
        canvas.rect(*tr.rect(area), stroke=0, fill=1)
        size = max(6.0, min(frame.rect.w, frame.rect.h) * 0.06)
        canvas.setFillColorRGB(0.65, 0.65, 0.65)
        canvas.setFont(fonts.LETTERING.name, size)
        cx, cy = frame.rect.center
        canvas.drawCentredString(tr.x(cx), tr.y(cy) - size * 0.35, NO_PICTURE_NOTE)
        return
    jpeg = scratch / f"{page.number}-{frame.number}.jpg"
    jpeg.write_bytes(canvas.picture(images.get(frame.image), area, dpi, layout.settings.background, f"The picture of panel {frame.number}"))
    canvas.drawImage(str(jpeg), *tr.rect(area))
    jpeg.unlink()  # reportlab has read the bytes; keep the scratch folder small


def picture_jpeg(data: bytes, area: Rect, dpi: int, background: str, what: str) -> bytes:
    """The visible part of a picture as JPEG, no larger than `dpi` at its printed size (never enlarged)."""
    source = decode_image(data, what)
    x0, y0, x1, y1 = cover_crop(source.width, source.height, area.w, area.h)
    scale = min(1.0, area.w / 72 * dpi / (x1 - x0))  # never enlarged past the source's own pixels
    out_w, out_h = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    picture = fit_picture(source, out_w, out_h, parse_color(background))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=False)
    return out.getvalue()


def _path(canvas: Canvas, tr: PageSpace, points: list[Point]):
    path = canvas.beginPath()
    path.moveTo(tr.x(points[0][0]), tr.y(points[0][1]))
    for x, y in points[1:]:
        path.lineTo(tr.x(x), tr.y(y))
    path.close()
    return path


def _draw_shape(canvas: Canvas, tr: PageSpace, outline: list[Point], bubbles: list[Rect], dashed: bool) -> None:
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(OUTLINE_PT)
    canvas.setLineJoin(1)
    if dashed:
        canvas.setDash(4, 3)
    canvas.drawPath(_path(canvas, tr, outline), stroke=1, fill=1)
    for b in bubbles:
        canvas.ellipse(tr.x(b.x), tr.y(b.bottom), tr.x(b.right), tr.y(b.y), stroke=1, fill=1)
    canvas.restoreState()


def draw_lines(canvas: Canvas, tr: PageSpace, lines: list[TextLine], color: tuple[float, float, float]) -> None:
    """Real text, run by run in the face that has the glyphs, so pdftotext gets every word back."""
    canvas.saveState()
    canvas.setFillColorRGB(*color)
    for line in lines:
        text = canvas.beginText()
        for run in line.runs:
            text.setTextOrigin(tr.x(run.x), tr.y(line.baseline))
            text.setFont(run.face.name, line.size)
            text.textOut(run.text)
        canvas.drawText(text)
    canvas.restoreState()


def _draw_rims(canvas: Canvas, tr: PageSpace, lines: list[TextLine]) -> None:
    """A sound effect's rims (white, then dark) stroked along the glyph outlines, under the real text."""
    for share, color in SFX_RIMS:
        canvas.saveState()
        canvas.setStrokeColorRGB(*rgb(color))
        canvas.setLineJoin(1)
        canvas.setLineCap(1)
        for line in lines:
            canvas.setLineWidth(2 * share * line.size)  # half the stroke lies under the letter itself
            canvas.drawPath(_glyph_path(canvas, tr, line), stroke=1, fill=0)
        canvas.restoreState()


def _glyph_path(canvas: Canvas, tr: PageSpace, line: TextLine):
    path = canvas.beginPath()
    base_y = tr.y(line.baseline)
    for run in line.runs:
        ttf = fonts.truetype(run.face)
        scale = line.size / ttf.face.unitsPerEm
        x0 = tr.x(run.x)
        for ch in run.text:
            for contour in glyph_contours(run.face, ch):
                for kind, *pts in contour_segments(contour):
                    xy = [c for x, y in pts for c in (x0 + x * scale, base_y + y * scale)]
                    {"move": path.moveTo, "line": path.lineTo, "curve": path.curveTo}[kind](*xy)
                path.close()
            x0 += ttf.stringWidth(ch, line.size)
    return path

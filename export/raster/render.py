"""The one raster path: draws a laid-out page to an RGB Pillow image at a DPI.

PNG, CBZ and per-panel exports and the app's preview all call `render_page`, so the preview shows
exactly what is exported. Balloon outlines are drawn supersampled for smooth edges; text is drawn
run by run at the positions the layout computed, in the same font files the PDF embeds.
"""
from __future__ import annotations

import math
from typing import Iterable

from PIL import Image, ImageColor, ImageDraw

from model import fonts
from model.cjk import has_cjk
from model.errors import BadInputError
from model.geometry import Point, Rect
from model.imageload import decode_image
from model.project.imagestore import ImageStore
from model.page.frames import Layout, PageLayout, PanelFrame
from model.page.lettering import TextLine
from model.pagesize import mm

SUPERSAMPLE = 3  # balloon outlines are drawn this many times larger, then reduced (anti-aliasing)
OUTLINE_PT = 1.1  # balloon outline width
SFX_FILL = "#d62828"
# A sound effect's rims outside its letters, as a share of the type size: a dark line inside a white
# one, so the letters read on their own colour (red on red art) and on dark art alike.
SFX_RIMS = ((0.10, "#ffffff"), (0.05, "#000000"))
NO_PICTURE_NOTE = "no picture yet"


def parse_color(value: str) -> tuple[int, int, int]:
    """An RGB triple for a CSS-style colour; one clear sentence when it is not one."""
    try:
        return ImageColor.getrgb(value.strip())[:3]
    except (ValueError, AttributeError):
        raise BadInputError(f"{value!r} is not a colour: use a value like \"#000000\" or \"white\".") from None


def page_pixels(page: PageLayout, dpi: int, bleed: bool) -> tuple[int, int]:
    """Pixel size of a rendered page (trim, plus bleed on every side when asked)."""
    extra = 2 * _bleed(bleed)
    return round((page.width + extra) * dpi / 72), round((page.height + extra) * dpi / 72)


def _bleed(bleed: bool) -> float:
    from model.pagesize import BLEED_PT

    return BLEED_PT if bleed else 0.0


def picture_rect(frame: PanelFrame, page: PageLayout, bleed: bool) -> Rect:
    """Where the picture goes in trim coordinates, extended into the bleed on its full-bleed edges."""
    b = _bleed(bleed)
    left, top, right, bottom = frame.bleed_edges
    r = frame.rect
    x0 = r.x - b if left else r.x
    y0 = r.y - b if top else r.y
    x1 = r.right + b if right else r.right
    y1 = r.bottom + b if bottom else r.bottom
    return Rect(x0, y0, x1 - x0, y1 - y0)


def picture_outline(frame: PanelFrame, page: PageLayout, bleed: bool) -> list[Point]:
    """A slanted frame's outline for its picture in trim coordinates, pushed into the bleed on its full-bleed
    edges (a rectangular frame's is `picture_rect`)."""
    b = _bleed(bleed)
    left, top, right, bottom = frame.bleed_edges
    points = list(frame.polygon or ())
    out = []
    for x, y in points:
        if left and abs(x) < 0.01:
            x -= b
        if right and abs(x - page.width) < 0.01:
            x += b
        if top and abs(y) < 0.01:
            y -= b
        if bottom and abs(y - page.height) < 0.01:
            y += b
        out.append((x, y))
    return out


def cover_crop(src_w: int, src_h: int, box_w: float, box_h: float) -> tuple[float, float, float, float]:
    """The centred part of a source image that fills a box of this aspect (like CSS object-fit: cover)."""
    scale = max(box_w / src_w, box_h / src_h)
    cw, ch = min(src_w, box_w / scale), min(src_h, box_h / scale)  # min: float error must not reach past the edge
    x0, y0 = max(0.0, (src_w - cw) / 2), max(0.0, (src_h - ch) / 2)
    return (x0, y0, x0 + cw, y0 + ch)


def fitted_picture(data: bytes, width_px: int, height_px: int, background: tuple[int, int, int], what: str) -> Image.Image:
    """The picture cropped to the box's aspect and resized to exactly width x height pixels."""
    return fit_picture(decode_image(data, what), width_px, height_px, background)


def fit_picture(source: Image.Image, width_px: int, height_px: int, background: tuple[int, int, int]) -> Image.Image:
    """A decoded picture cropped to the box's aspect, resized to width x height and flattened on `background`."""
    crop = cover_crop(source.width, source.height, width_px, height_px)
    picture = source.resize((max(1, width_px), max(1, height_px)), Image.Resampling.BICUBIC, box=crop, reducing_gap=2.0)
    if picture.mode == "RGBA":
        flat = Image.new("RGB", picture.size, background)
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    return picture


class PagePen:
    """Converts page points to pixels for one page."""

    def __init__(self, dpi: int, offset: float) -> None:
        self.scale = dpi / 72.0
        self.offset = offset

    def px(self, v: float) -> float:
        return (v + self.offset) * self.scale

    def point(self, p: Point) -> tuple[float, float]:
        return (self.px(p[0]), self.px(p[1]))

    def box(self, r: Rect) -> tuple[int, int, int, int]:
        return (round(self.px(r.x)), round(self.px(r.y)), round(self.px(r.right)), round(self.px(r.bottom)))


def render_page(page: PageLayout, layout: Layout, images: ImageStore, dpi: int | None = None, bleed: bool = False,
                empty_note: str = NO_PICTURE_NOTE) -> Image.Image:
    """Draw one page: background, pictures, borders, balloons and words, at `dpi` (default: the settings').
    A frame without a picture says `empty_note` (the app's preview passes it in the interface language)."""
    settings = layout.settings
    dpi = dpi or settings.dpi
    background = parse_color(settings.background)
    border_color = parse_color(settings.border_color)
    canvas = Image.new("RGB", page_pixels(page, dpi, bleed), background)
    draw = ImageDraw.Draw(canvas)
    pen = PagePen(dpi, _bleed(bleed))
    for rect, color in page.boxes:
        draw.rectangle(pen.box(rect), fill=parse_color(color))
    for frame in page.frames:
        _draw_picture(canvas, draw, pen, frame, page, images, background, bleed, empty_note)
        if frame.bordered and settings.border_width_pt > 0:
            width = max(1, round(settings.border_width_pt * pen.scale))
            if frame.polygon is not None:
                draw.polygon([pen.point(p) for p in frame.polygon], outline=border_color, width=width)
                continue
            radius = round(mm(settings.corner_radius_mm) * pen.scale)
            draw.rounded_rectangle(pen.box(frame.rect), radius=radius, outline=border_color, width=width)
    for frame in page.frames:
        for balloon in frame.balloons:
            if balloon.outline:
                _draw_shape(canvas, pen, balloon.outline, balloon.bubbles, balloon.dashed)
            if balloon.kind == "sfx":
                (halo, halo_color), (rim, rim_color) = SFX_RIMS
                _draw_lines(draw, pen, balloon.lines, parse_color(halo_color), halo, parse_color(halo_color))
                _draw_lines(draw, pen, balloon.lines, parse_color(SFX_FILL), rim, parse_color(rim_color))
            else:
                _draw_lines(draw, pen, balloon.lines, (0, 0, 0))
    for block in page.texts:
        _draw_lines(draw, pen, block.lines, parse_color(block.color))
    return canvas


def _draw_picture(canvas: Image.Image, draw: ImageDraw.ImageDraw, pen: PagePen, frame: PanelFrame, page: PageLayout,
                  images: ImageStore, background: tuple[int, int, int], bleed: bool,
                  empty_note: str = NO_PICTURE_NOTE) -> None:
    x0, y0, x1, y1 = pen.box(picture_rect(frame, page, bleed))
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(canvas.width, x1), min(canvas.height, y1)
    if x1 <= x0 or y1 <= y0:
        return
    if frame.image is None or frame.image not in images:
        if frame.polygon is not None:
            draw.polygon([pen.point(p) for p in picture_outline(frame, page, bleed)], fill=_mix(background, (0, 0, 0), 0.06))
        else:
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=_mix(background, (0, 0, 0), 0.06))
        size = max(6.0, min(frame.rect.w, frame.rect.h) * 0.06)
        face = fonts.CJK if has_cjk(empty_note) else fonts.LETTERING  # the lettering face has no Han glyphs
        font = fonts.pil_font(face, max(1, round(size * pen.scale)))
        draw.text(((x0 + x1) / 2, (y0 + y1) / 2), empty_note, font=font, fill=_mix(background, (0, 0, 0), 0.35), anchor="mm")
        return
    picture = fitted_picture(images.get(frame.image), x1 - x0, y1 - y0, background, f"The picture of panel {frame.number}")
    if frame.polygon is not None:
        # A slanted frame: the picture covers its bounds and shows only inside its outline (a clip mask).
        mask = Image.new("L", picture.size, 0)
        ImageDraw.Draw(mask).polygon([(px - x0, py - y0) for px, py in map(pen.point, picture_outline(frame, page, bleed))], fill=255)
        canvas.paste(picture, (x0, y0), mask)
        return
    canvas.paste(picture, (x0, y0))


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(a[i] * (1 - t) + b[i] * t) for i in range(3))  # type: ignore[return-value]


def _draw_shape(canvas: Image.Image, pen: PagePen, outline: list[Point], bubbles: list[Rect], dashed: bool) -> None:
    """A balloon body drawn white with a black outline on a supersampled patch, then composited."""
    pts = [pen.point(p) for p in outline]
    for b in bubbles:
        pts += [pen.point((b.x, b.y)), pen.point((b.right, b.bottom))]
    line_w = OUTLINE_PT * pen.scale
    pad = line_w * 2 + 2
    left = max(0, math.floor(min(p[0] for p in pts) - pad))
    top = max(0, math.floor(min(p[1] for p in pts) - pad))
    right = min(canvas.width, math.ceil(max(p[0] for p in pts) + pad))
    bottom = min(canvas.height, math.ceil(max(p[1] for p in pts) + pad))
    if right <= left or bottom <= top:
        return
    k = SUPERSAMPLE
    size = ((right - left) * k, (bottom - top) * k)
    w = max(1, round(line_w * k))

    def local(p: Point) -> tuple[float, float]:
        x, y = pen.point(p)
        return ((x - left) * k, (y - top) * k)

    poly = [local(p) for p in outline]
    circles = [[*local((b.x, b.y)), *local((b.right, b.bottom))] for b in bubbles]
    outer = Image.new("L", size, 0)  # everything the balloon covers
    inner = Image.new("L", size, 0)  # the white inside the outline
    od, nd = ImageDraw.Draw(outer), ImageDraw.Draw(inner)
    od.polygon(poly, fill=255)
    nd.polygon(poly, fill=255)
    nd.line(poly + [poly[0]], fill=0, width=2 * w, joint="curve")  # keeps a band of `w` inside the edge
    for c in circles:
        od.ellipse(c, fill=255)
        nd.ellipse([c[0] + w, c[1] + w, c[2] - w, c[3] - w], fill=255)
    region = (left, top, right, bottom)
    patch = canvas.crop(region)
    small = patch.size
    if dashed:
        # A whisper: all white inside, then dashes along the outline instead of a solid line.
        dashes = Image.new("L", size, 0)
        dd = ImageDraw.Draw(dashes)
        for a, b in _dashes(poly + [poly[0]], dash=4.0 * pen.scale * k, gap=3.0 * pen.scale * k):
            dd.line([a, b], fill=255, width=w)
        for c in circles:
            dd.ellipse(c, outline=255, width=w)
        patch.paste((255, 255, 255), mask=outer.resize(small, Image.Resampling.BOX))
        patch.paste((0, 0, 0), mask=dashes.resize(small, Image.Resampling.BOX))
    else:
        patch.paste((0, 0, 0), mask=outer.resize(small, Image.Resampling.BOX))
        patch.paste((255, 255, 255), mask=inner.resize(small, Image.Resampling.BOX))
    canvas.paste(patch, (left, top))


def _dashes(points: list[tuple[float, float]], dash: float, gap: float) -> Iterable[tuple[tuple[float, float], tuple[float, float]]]:
    """Dash segments along a polyline."""
    on, remaining = True, dash
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while pos < seg:
            step = min(remaining, seg - pos)
            a = (x0 + (x1 - x0) * pos / seg, y0 + (y1 - y0) * pos / seg)
            b = (x0 + (x1 - x0) * (pos + step) / seg, y0 + (y1 - y0) * (pos + step) / seg)
            if on:
                yield a, b
            pos += step
            remaining -= step
            if remaining <= 1e-9:
                on = not on
                remaining = dash if on else gap


def _draw_lines(draw: ImageDraw.ImageDraw, pen: PagePen, lines: list[TextLine], color: tuple[int, int, int],
                rim: float = 0.0, rim_color: tuple[int, int, int] = (255, 255, 255)) -> None:
    """Each run at its layout position; `rim` (a share of the type size) strokes around the letters first."""
    for line in lines:
        size_px = max(1, round(line.size * pen.scale))
        stroke = round(rim * line.size * pen.scale)
        for run in line.runs:
            font = fonts.pil_font(run.face, size_px)
            draw.text((pen.px(run.x), pen.px(line.baseline)), run.text, font=font, fill=color, anchor="ls",
                      stroke_width=stroke, stroke_fill=rim_color)

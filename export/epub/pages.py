"""The pages of a fixed-layout EPUB: each laid-out page as SVG art with the pictures, and its words as real text.

The art is an inline SVG in page points: the background, text bands, each panel's picture (the project's
own PNG, untouched, cropped to its frame by `preserveAspectRatio="xMidYMid slice"` like the raster path's
cover crop), frame borders and the balloons' shapes. Every word is then set over it as an absolutely
positioned `<span>` in the embedded lettering fonts at the exact positions the layout computed, so an
e-reader can search the book and read it aloud. The page's viewport is LONG_SIDE_PX on its longer side.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from export.raster.render import SFX_FILL, render_page
from model.fonts import FontFace
from model.geometry import Rect
from model.project.imagestore import ImageStore
from model.page.frames import Layout, PageLayout
from model.page.lettering import TextLine
from model.pagesize import mm
from model.project.project import Project
from model.script.words import is_wide

LONG_SIDE_PX = 1600  # a page's viewport on its longer side, in CSS pixels
JPEG_QUALITY = 85
SFX_SHADOW = ("-1px -1px 0 #000, 1px -1px 0 #000, -1px 1px 0 #000, 1px 1px 0 #000, "
              "-3px -3px 0 #fff, 3px -3px 0 #fff, -3px 3px 0 #fff, 3px 3px 0 #fff, 0 -3px 0 #fff, 0 3px 0 #fff")
OUTLINE_PT = 1.1  # as export.raster.render draws balloon outlines


def viewport(page: PageLayout) -> tuple[int, int]:
    """The page's size in CSS pixels."""
    scale = LONG_SIDE_PX / max(page.width, page.height)
    return round(page.width * scale), round(page.height * scale)


def picture_name(sha256: str) -> str:
    """Where a picture is stored in the book (each picture once, however many pages show it)."""
    return f"images/{sha256[:24]}.png"


def cover_jpeg(page: PageLayout, layout: Layout, images: ImageStore) -> bytes:
    """The whole page drawn by the raster path as a JPEG: the cover image when no panel has a picture."""
    dpi = max(36, round(LONG_SIDE_PX * 72 / max(page.width, page.height)))
    out = io.BytesIO()
    render_page(page, layout, images, dpi).save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _rect(r: Rect, extra: str) -> str:
    return f'<rect x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" height="{_n(r.h)}" {extra}/>'


def _outline(points) -> str:
    return "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points) + " Z"


def page_svg(page: PageLayout, layout: Layout, images: ImageStore, alt: str, alt_lang: str | None = None) -> str:
    """The page's art as inline SVG in page points: everything but the words. `alt_lang` marks a
    description in another language than the page's (an edition's pictures described in the original's)."""
    s = layout.settings
    marked = f' xml:lang="{escape(alt_lang)}"' if alt_lang else ""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="art" '
           f'viewBox="0 0 {_n(page.width)} {_n(page.height)}" preserveAspectRatio="none">',
           f"<title{marked}>{escape(alt)}</title>",
           _rect(Rect(0, 0, page.width, page.height), f'fill={quoteattr(s.background)}')]
    out += [_rect(r, f"fill={quoteattr(color)}") for r, color in page.boxes]
    for k, frame in enumerate(page.frames):
        r = frame.rect
        clip = ""
        if frame.polygon is not None:  # a slanted frame: its picture shows only inside its outline
            out.append(f'<clipPath id="frame{k + 1}"><path d="{_outline(frame.polygon)}"/></clipPath>')
            clip = f' clip-path="url(#frame{k + 1})"'
        if frame.image is not None and frame.image in images:
            out.append(f'<image x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" height="{_n(r.h)}" '
                       f'preserveAspectRatio="xMidYMid slice" xlink:href="{picture_name(frame.image)}"{clip}/>')
        else:
            out.append(_rect(r, f'fill="#efefef"{clip}'))
        if frame.bordered and s.border_width_pt > 0 and frame.polygon is not None:
            out.append(f'<path d="{_outline(frame.polygon)}" fill="none" stroke={quoteattr(s.border_color)} '
                       f'stroke-width="{_n(s.border_width_pt)}"/>')
        elif frame.bordered and s.border_width_pt > 0:
            radius = mm(s.corner_radius_mm)
            out.append(_rect(r, f'rx="{_n(radius)}" fill="none" stroke={quoteattr(s.border_color)} '
                                f'stroke-width="{_n(s.border_width_pt)}"'))
    for frame in page.frames:
        for balloon in frame.balloons:
            if not balloon.outline:
                continue
            dash = ' stroke-dasharray="4 3"' if balloon.dashed else ""
            style = f'fill="#ffffff" stroke="#000000" stroke-width="{_n(OUTLINE_PT)}" stroke-linejoin="round"{dash}'
            path = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in balloon.outline) + " Z"
            out.append(f'<path d="{path}" {style}/>')
            for b in balloon.bubbles:
                out.append(f'<ellipse cx="{_n(b.x + b.w / 2)}" cy="{_n(b.y + b.h / 2)}" rx="{_n(b.w / 2)}" '
                           f'ry="{_n(b.h / 2)}" {style}/>')
    out.append("</svg>")
    return "\n".join(out)


def page_words(page: PageLayout) -> list[tuple[str, list[TextLine], str]]:
    """The page's text in reading order as (kind, lines, colour): each balloon or sound effect ("balloon",
    "sfx"), then each free text block ("text": a cover title, a book's text band)."""
    groups: list[tuple[str, list[TextLine], str]] = []
    for frame in page.frames:
        for balloon in frame.balloons:
            if balloon.lines:
                kind = "sfx" if balloon.kind == "sfx" else "balloon"
                groups.append((kind, balloon.lines, SFX_FILL if kind == "sfx" else "#000000"))
    groups += [("text", block.lines, block.color) for block in page.texts if block.lines]
    return groups


@dataclass(frozen=True)
class FontMetrics:
    """What a browser needs to place a baseline: the face's ascent and descent per em (from its hhea table)."""

    ascent: float
    descent: float


def page_xhtml(page: PageLayout, layout: Layout, project: Project, images: ImageStore, lang: str,
               families: dict[FontFace, str], metrics: dict[FontFace, FontMetrics],
               described: Project | None = None, described_lang: str | None = None) -> str:
    """The XHTML of one page: its viewport, the SVG art and every word as positioned text. The pictures
    are described from `described`'s action lines (default `project`), in `described_lang` (default `lang`)."""
    alt_lang = described_lang if described_lang and described_lang != lang else None
    width, height = viewport(page)
    scale = width / page.width
    spans: list[str] = []
    for kind, lines, color in page_words(page):
        style_extra = f"text-shadow:{SFX_SHADOW};" if kind == "sfx" else ""
        parts = []
        for i, line in enumerate(lines):
            after = lines[i + 1].text[:1] if i + 1 < len(lines) else ""
            joiner = " " if after and line.text and not (is_wide(line.text[-1]) or is_wide(after)) else ""
            for k, run in enumerate(line.runs):
                m = metrics[run.face]
                # line-height 0 puts the baseline (ascent - descent) / 2 ems below the box top.
                top = (line.baseline - (m.ascent - m.descent) / 2 * line.size) * scale
                text = run.text + (joiner if k == len(line.runs) - 1 else "")
                parts.append(
                    f'<span class="w {families[run.face]}" style="left:{run.x * scale:.1f}px;top:{top:.1f}px;'
                    f'font-size:{line.size * scale:.2f}px;color:{color};{style_extra}">{escape(text)}</span>'
                )
        spans.append(f'<p class="{kind}">' + "".join(parts) + "</p>")
    body_type = ' epub:type="cover"' if page.cover else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">\n'
        f'<head>\n<meta charset="UTF-8"/>\n<title>{escape(page.label)}</title>\n'
        f'<meta name="viewport" content="width={width}, height={height}"/>\n'
        '<link rel="stylesheet" type="text/css" href="book.css"/>\n</head>\n'
        f'<body{body_type}>\n<div class="page" style="width:{width}px;height:{height}px">\n'
        + page_svg(page, layout, images, _alt_text(page, described or project), alt_lang) + "\n"
        + "\n".join(spans)
        + "\n</div>\n</body>\n</html>\n"
    )


def _alt_text(page: PageLayout, project: Project) -> str:
    """What the page's pictures show, from the script's action lines (a cover also says its title)."""
    by_id = {p.id: p for p in project.panels}
    actions = [by_id[f.panel_id].action.strip() for f in page.frames if f.panel_id in by_id and by_id[f.panel_id].action.strip()]
    if any(f.panel_id == "cover" for f in page.frames) and project.cover.description.strip():
        actions.append(project.cover.description.strip())  # the book's own cover picture (export.coverfront)
    if page.cover:
        actions.insert(0, project.title or "Cover")
    return " ".join(actions) or page.label


def stylesheet(families: dict[FontFace, str], files: dict[FontFace, str]) -> str:
    """book.css: the embedded faces and the page, picture and word boxes."""
    faces = "".join(
        f'@font-face {{ font-family: "{families[face]}"; src: url("{files[face]}"); }}\n'
        f'.{families[face]} {{ font-family: "{families[face]}"; }}\n'
        for face in families
    )
    return faces + (
        "html, body { margin: 0; padding: 0; }\n"
        ".page { position: relative; overflow: hidden; }\n"
        ".art { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }\n"
        "p { margin: 0; }\n"
        ".w { position: absolute; white-space: pre; line-height: 0; margin: 0; padding: 0;"
        " font-kerning: none; font-variant-ligatures: none; }\n"
    )

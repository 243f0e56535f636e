"""The pages of a fixed-layout EPUB: each laid-out page as a picture plus its words as real XHTML text.

The picture is the page drawn by the one raster path (`export.raster.render_page`) with the balloons'
shapes but without a single letter; every word is then set over it as an absolutely positioned `<span>`
in the embedded lettering fonts, at the exact positions the layout computed, so an e-reader can search
the book and read it aloud. One CSS pixel is one pixel of the page picture (the page's viewport).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

from export.raster import SFX_FILL, render_page
from model.fonts import FontFace
from model.imagestore import ImageStore
from model.layout import Layout, PageLayout
from model.lettering import TextLine
from model.project import Project
from model.scriptwords import is_wide

LONG_SIDE_PX = 1600  # a page picture's longer side: sharp on a tablet, small enough for a phone
JPEG_QUALITY = 85
SFX_SHADOW = ("-1px -1px 0 #000, 1px -1px 0 #000, -1px 1px 0 #000, 1px 1px 0 #000, "
              "-3px -3px 0 #fff, 3px -3px 0 #fff, -3px 3px 0 #fff, 3px 3px 0 #fff, 0 -3px 0 #fff, 0 3px 0 #fff")


@dataclass(frozen=True)
class PageArt:
    """One page's picture, ready to store: JPEG bytes and the pixel size that is also its viewport."""

    jpeg: bytes
    width: int
    height: int


def page_dpi(page: PageLayout) -> int:
    """The DPI at which the page's longer side is LONG_SIDE_PX pixels."""
    return max(36, round(LONG_SIDE_PX * 72 / max(page.width, page.height)))


def without_words(page: PageLayout) -> PageLayout:
    """The page with its balloons' shapes kept and every line of text taken out."""
    frames = [replace(f, balloons=[replace(b, lines=[]) for b in f.balloons]) for f in page.frames]
    return replace(page, frames=frames, texts=[])


def page_art(page: PageLayout, layout: Layout, images: ImageStore, words: bool = False) -> PageArt:
    """The page drawn as a JPEG at `page_dpi`; without its words unless `words` (the cover image)."""
    picture = render_page(page if words else without_words(page), layout, images, page_dpi(page))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return PageArt(out.getvalue(), picture.width, picture.height)


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


def page_xhtml(page: PageLayout, layout: Layout, project: Project, art: PageArt, image_href: str, lang: str,
               families: dict[FontFace, str], metrics: dict[FontFace, FontMetrics]) -> str:
    """The XHTML of one page: its viewport, the page picture and every word as positioned text."""
    scale = art.width / page.width
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
    alt = _alt_text(page, project)
    body_type = ' epub:type="cover"' if page.cover else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">\n'
        f'<head>\n<meta charset="UTF-8"/>\n<title>{escape(page.label)}</title>\n'
        f'<meta name="viewport" content="width={art.width}, height={art.height}"/>\n'
        '<link rel="stylesheet" type="text/css" href="book.css"/>\n</head>\n'
        f'<body{body_type}>\n<div class="page" style="width:{art.width}px;height:{art.height}px">\n'
        f'<img class="art" src="{image_href}" alt={quoteattr(alt)}/>\n'
        + "\n".join(spans)
        + "\n</div>\n</body>\n</html>\n"
    )


def _alt_text(page: PageLayout, project: Project) -> str:
    """What the page's pictures show, from the script's action lines (a cover also says its title)."""
    by_id = {p.id: p for p in project.panels}
    actions = [by_id[f.panel_id].action.strip() for f in page.frames if f.panel_id in by_id and by_id[f.panel_id].action.strip()]
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

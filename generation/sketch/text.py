"""Text in the offline sketches (names, signs, notes) through the one font resolver, CJK included."""
from __future__ import annotations

from PIL import ImageDraw

from model import fonts
from model.page import lettering


def text_size(text: str, size: int) -> tuple[float, float]:
    """Width and line height in pixels of `text` at `size` pixels."""
    return fonts.text_width(text, size), size * 1.15


def draw_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: tuple[int, ...]) -> None:
    """Draw one line of mixed Latin/CJK text with its top-left at `xy`."""
    x, y = xy
    for face, part in fonts.font_runs(text):
        font = fonts.pil_font(face, size)
        draw.text((x, y), part, font=font, fill=fill)
        x += font.getlength(part)


def wrap(text: str, size: int, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` pixels (between words, or between CJK characters
    with the line-breaking rules), as the lettering does."""
    return lettering.wrap(text, width, size)


def fit_lines(text: str, size: int, width: float, max_lines: int) -> list[str]:
    """`text` wrapped to `width` pixels in at most `max_lines` lines, the last ending in "…" if cut."""
    lines = wrap(text, size, width)
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1].rstrip()
    while last and text_size(last + "…", size)[0] > width:
        last = last[:-1].rstrip()
    return lines[:max_lines - 1] + [last + "…"]

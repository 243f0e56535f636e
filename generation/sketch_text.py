"""Text in the offline sketches (names, signs, notes) through the one font resolver, CJK included."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

from model.lettering import NO_LINE_START

# Used only until the shipped fonts are present (a source checkout without resources/fonts).
_SYSTEM_FALLBACKS = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def _runs(text: str) -> list[tuple[object, str]]:
    try:
        from model.fonts import font_runs
    except ImportError:
        return [(None, text)]
    try:
        return font_runs(text)
    except OSError:  # the shipped font files are missing: a partial checkout
        return [(None, text)]


@lru_cache(maxsize=64)
def _fallback(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _SYSTEM_FALLBACKS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _font(face: object, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if face is None:
        return _fallback(size)
    from model.fonts import pil_font

    return pil_font(face, size)  # type: ignore[arg-type]


def text_size(text: str, size: int) -> tuple[float, float]:
    """Width and line height in pixels of `text` at `size` pixels."""
    width = sum(_font(face, size).getlength(part) for face, part in _runs(text))
    return width, size * 1.15


def draw_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: tuple[int, ...]) -> None:
    """Draw one line of mixed Latin/CJK text with its top-left at `xy`."""
    x, y = xy
    for face, part in _runs(text):
        font = _font(face, size)
        draw.text((x, y), part, font=font, fill=fill)
        x += font.getlength(part)


def wrap(text: str, size: int, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` pixels (between words, or anywhere in CJK)."""
    lines: list[str] = []
    line = ""
    for ch in text:
        trial = line + ch
        if text_size(trial, size)[0] > width and line:
            cut = line.rfind(" ")
            if ch != " " and cut > 0:
                lines.append(line[:cut])
                line = line[cut + 1:] + ch
            elif ch in NO_LINE_START and len(line) > 1:  # "，" never starts a line: its word comes along
                lines.append(line[:-1])
                line = line[-1] + ch
            else:
                lines.append(line)
                line = ch.lstrip()
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def fit_lines(text: str, size: int, width: float, max_lines: int) -> list[str]:
    """`text` wrapped to `width` pixels in at most `max_lines` lines, the last ending in "…" if cut."""
    lines = wrap(text, size, width)
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1].rstrip()
    while last and text_size(last + "…", size)[0] > width:
        last = last[:-1].rstrip()
    return lines[:max_lines - 1] + [last + "…"]

"""Lettering: breaking words into lines and setting those lines in a box.

Latin text breaks between words; CJK text breaks between characters, following the line-breaking
rules (kinsoku): no line starts with closing punctuation such as `，。！？、）」』` and none ends with an
opening bracket or quote such as `（「『“`. Widths come from `model.fonts`, so every renderer agrees.
"""
from __future__ import annotations

from dataclasses import dataclass

from model import fonts
from model.fonts import FontFace
from model.geometry import Rect

# Characters that may not begin a line (closing punctuation, small kana, prolonged sound marks).
NO_LINE_START = frozenset(
    "，。！？、）」』：；…‥・〉》】〕］｝〙〗〟’”ー々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "！）］｝，．：；？｡｣､･ﾞﾟ,.!?;:)]}%"
)
# Characters that may not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（「『“‘〈《【〔［｛〘〖〝([{")

LEADING = 1.22  # line pitch as a multiple of the font size


@dataclass(frozen=True)
class TextRun:
    """A stretch of one line drawn in one face; `x` is where it starts on the page."""

    face: FontFace
    text: str
    x: float


@dataclass(frozen=True)
class TextLine:
    """One set line: its text, where its baseline starts, and its runs by face."""

    text: str
    x: float
    baseline: float
    size: float
    width: float
    runs: tuple[TextRun, ...]

    @property
    def box(self) -> Rect:
        """The area the line's ink can occupy (ascent to descent)."""
        top = self.baseline - fonts.ascent(self.size)
        return Rect(self.x, top, self.width, fonts.ascent(self.size) + fonts.descent(self.size))


def _units(paragraph: str) -> list[str]:
    """Break opportunities: Latin words with their trailing spaces, single CJK characters."""
    units: list[str] = []
    current = ""
    for ch in paragraph:
        if ch.isspace():
            if current:
                units.append(current + " ")
            elif units and not units[-1].endswith(" "):
                units[-1] += " "  # the space after a CJK character ("中文 and") is kept, not dropped
            current = ""
        elif fonts.is_cjk(ch):
            if current:
                units.append(current)
            units.append(ch)
            current = ""
        else:
            current += ch
    if current:
        units.append(current)
    return _apply_kinsoku([u for u in units if u.strip()])


def _apply_kinsoku(units: list[str]) -> list[str]:
    """Glue forbidden line starts to the unit before and forbidden line ends to the unit after."""
    glued: list[str] = []
    for unit in units:
        if glued and unit[0] in NO_LINE_START:
            glued[-1] += unit
        elif glued and glued[-1].rstrip() and glued[-1].rstrip()[-1] in NO_LINE_END and not glued[-1].endswith(" "):
            glued[-1] += unit
        else:
            glued.append(unit)
    return glued


def _split_long(unit: str, max_width: float, size: float, bold: bool) -> list[str]:
    """A unit wider than the line is broken between characters (never lost), still following kinsoku."""
    pieces: list[str] = []
    current = ""
    for ch in unit:
        too_wide = current and fonts.text_width(current + ch, size, bold) > max_width
        if too_wide and ch not in NO_LINE_START:
            carry = ""
            while current and current[-1] in NO_LINE_END:
                current, carry = current[:-1], current[-1] + carry
            if current:
                pieces.append(current)
            current = carry + ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of `text` at most `max_width` points wide at `size` (wider only when kinsoku forbids a break)."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        line = ""
        for unit in _units(paragraph.strip()):
            candidate = line + unit
            if not line or fonts.text_width(candidate.rstrip(), size, bold) <= max_width:
                line = candidate
            else:
                lines.append(line.rstrip())
                line = unit
            if len(line.strip()) > 1 and fonts.text_width(line.rstrip(), size, bold) > max_width:
                *done, line = _split_long(line, max_width, size, bold)
                lines.extend(ln.rstrip() for ln in done)
        if line.strip() or not lines:
            lines.append(line.rstrip())
    return [ln for ln in lines if ln] or [""]


def block_size(lines: list[str], size: float, bold: bool = False) -> tuple[float, float]:
    """(width, height) in points of lines set at `size`."""
    width = max((fonts.text_width(ln, size, bold) for ln in lines), default=0.0)
    return width, len(lines) * size * LEADING


def set_lines(
    lines: list[str], size: float, box: Rect, bold: bool = False, align: str = "center"
) -> list[TextLine]:
    """Place lines in `box`, vertically centred, each aligned left, centre or right."""
    pitch = size * LEADING
    total = len(lines) * pitch
    # Centre the ink (ascent + descent), not the line pitch, so the block sits optically in the middle.
    ink = fonts.ascent(size) + fonts.descent(size)
    top = box.y + (box.h - total) / 2 + (pitch - ink) / 2
    out: list[TextLine] = []
    for i, text in enumerate(lines):
        width = fonts.text_width(text, size, bold)
        if align == "left":
            x = box.x
        elif align == "right":
            x = box.right - width
        else:
            x = box.x + (box.w - width) / 2
        baseline = top + i * pitch + fonts.ascent(size)
        runs: list[TextRun] = []
        cursor = x
        for face, part in fonts.font_runs(text, bold):
            runs.append(TextRun(face, part, cursor))
            cursor += fonts.truetype(face).stringWidth(part, size)
        out.append(TextLine(text, x, baseline, size, width, tuple(runs)))
    return out


def balanced_width(text: str, size: float, max_width: float, bold: bool = False, aspect: float = 2.4) -> float:
    """A wrap width that makes a block about `aspect` times wider than tall, capped at `max_width`."""
    import math

    total = fonts.text_width(text.replace("\n", " "), size, bold)
    if total <= min(max_width, size * 9):
        return total + 0.01  # a short line stays one line
    ideal = math.sqrt(total * size * LEADING * aspect)
    return max(min(ideal * 1.08, max_width), min(max_width, size * 4))


def wrap_evenly(text: str, width: float, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Wrap at `width`, widening a little (up to `max_width`) when the last line would be a lone scrap,
    then evening the lines out (the narrowest width that needs no more lines)."""
    lines = wrap(text, width, size, bold)
    for grow in (1.1, 1.2, 1.3):
        if len(lines) < 2 or fonts.text_width(lines[-1], size, bold) >= width * 0.3:
            break
        wider = min(width * grow, max_width)
        lines = wrap(text, wider, size, bold)
    return _balanced(text, lines, size, bold)


def _balanced(text: str, lines: list[str], size: float, bold: bool) -> list[str]:
    """The same number of lines at the narrowest width that keeps it, so no line is left a scrap."""
    if len(lines) < 2:
        return lines
    hi = max(fonts.text_width(ln, size, bold) for ln in lines)
    # Never narrower than the longest word: evening out must not break a word in two.
    longest = max((fonts.text_width(u.rstrip(), size, bold) for p in text.split("\n") for u in _units(p.strip())), default=0.0)
    if longest >= hi:
        return lines
    lo = max(hi * 0.5, longest)
    for _ in range(10):
        mid = (lo + hi) / 2
        if len(wrap(text, mid, size, bold)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrap(text, hi, size, bold)

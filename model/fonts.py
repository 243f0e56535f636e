"""The one font resolver: which font file draws each character, and how wide text is.

Pillow (raster pages), reportlab (PDF) and the app all use the same files from `resources/fonts/`.
Each character goes to the Latin lettering font when it has the glyph, else to the CJK font; a character
no font has is reported by `missing_glyphs` so the layout can warn instead of drawing an empty box.
Punctuation both scripts share (“ ” ‘ ’ … — · ...) follows its neighbours: full-width from the CJK font
beside Chinese, narrow from the lettering font in Latin text. Widths come from the fonts' own advance
widths (via reportlab's TrueType reader), so the raster and the PDF break lines at the same places.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from model.cjk import is_cjk  # noqa: F401  (callers use fonts.is_cjk beside the font choice)

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont
    from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"


@dataclass(frozen=True)
class FontFace:
    """One shipped TrueType file; `name` is also its reportlab registration name."""

    name: str
    path: Path


LETTERING = FontFace("PanelLettering-Regular", FONT_DIR / "PanelLettering-Regular.ttf")
LETTERING_BOLD = FontFace("PanelLettering-Bold", FONT_DIR / "PanelLettering-Bold.ttf")
CJK = FontFace("WenQuanYiMicroHei", FONT_DIR / "WenQuanYiMicroHei.ttf")
ALL_FACES: tuple[FontFace, ...] = (LETTERING, LETTERING_BOLD, CJK)


@lru_cache(maxsize=None)
def truetype(face: FontFace) -> "TTFont":
    """The parsed font (cmap and widths), read once per process."""
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(face.name, str(face.path))


@lru_cache(maxsize=64)
def pil_font(face: FontFace, pixel_size: int) -> "FreeTypeFont":
    """A Pillow font of this face at a pixel size (cached: pages reuse a handful of sizes)."""
    from PIL import ImageFont

    # Basic layout (no HarfBuzz kerning) so Pillow advances equal reportlab's and the PDF's, with or without raqm.
    return ImageFont.truetype(str(face.path), max(1, pixel_size), layout_engine=ImageFont.Layout.BASIC)


def _is_invisible(ch: str) -> bool:
    # Line breaks, zero-width marks and other format characters draw nothing and need no glyph.
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


@lru_cache(maxsize=4096)
def face_for(ch: str, bold: bool = False) -> FontFace | None:
    """The face that draws `ch` on its own: the lettering font if it has it, else the CJK font, else None."""
    latin = LETTERING_BOLD if bold else LETTERING
    code = ord(ch)
    if code in truetype(latin).face.charToGlyph:
        return latin
    if code in truetype(CJK).face.charToGlyph:
        return CJK
    return None


@lru_cache(maxsize=None)
def _shared_marks() -> "re.Pattern[str]":
    """A pattern matching the punctuation both the lettering fonts and the CJK font draw, in their own shapes."""
    cjk = truetype(CJK).face.charToGlyph
    latin = set(truetype(LETTERING).face.charToGlyph) & set(truetype(LETTERING_BOLD).face.charToGlyph)
    marks = sorted(chr(c) for c in latin & set(cjk)
                   if unicodedata.east_asian_width(chr(c)) == "A" and unicodedata.category(chr(c))[0] == "P")
    return re.compile("[" + re.escape("".join(marks)) + "]")


def is_shared(ch: str) -> bool:
    """Punctuation both scripts use with different shapes (East Asian Ambiguous: “ ” ‘ ’ … — ·), in both faces."""
    return _shared_marks().fullmatch(ch) is not None


def _is_cjk_context(text: str, i: int) -> bool:
    """Whether the nearest letter or CJK mark before or after position `i` is CJK."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(text):
            ch = text[j]
            if is_cjk(ch):
                return True
            if ch.isalnum():
                break
            j += step
    return False


_QUOTE_PAIRS = {"”": "“", "’": "‘"}


def _cjk_shared(text: str, shared: list[int]) -> set[int]:
    """Which of the shared punctuation positions take the CJK face."""
    cjk = {i for i in shared if _is_cjk_context(text, i)}
    # A quote pair agrees: 的“S” has Latin on the inside of both marks, Chinese outside one of them.
    open_at: list[int] = []
    for i in shared:
        ch = text[i]
        if ch in "“‘":
            open_at.append(i)
        elif ch in _QUOTE_PAIRS and not (ch == "’" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()):
            partner = next((k for k in reversed(open_at) if text[k] == _QUOTE_PAIRS[ch]), None)
            if partner is not None:
                open_at = open_at[: open_at.index(partner)]
                if partner in cjk or i in cjk:
                    cjk |= {partner, i}
    return cjk


def text_faces(text: str, bold: bool = False) -> list[FontFace | None]:
    """The face drawing each character of `text`, shared punctuation decided by its neighbours (None: no font)."""
    faces = [face_for(ch, bold) for ch in text]
    for i in _cjk_shared(text, [m.start() for m in _shared_marks().finditer(text)]):
        faces[i] = CJK
    return faces


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that no shipped font can draw, each once, in order of appearance."""
    seen: list[str] = []
    for ch in text:
        if ch not in seen and not _is_invisible(ch) and face_for(ch) is None:
            seen.append(ch)
    return seen


def font_runs(text: str, bold: bool = False) -> list[tuple[FontFace, str]]:
    """Split `text` into runs that each use one face; characters no font has are dropped."""
    runs: list[tuple[FontFace, str]] = []
    for ch, face in zip(text, text_faces(text, bold)):
        if face is None or _is_invisible(ch):
            continue
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    return runs


def _advance_in(face: FontFace | None, ch: str) -> float:
    return truetype(face).stringWidth(ch, 1000.0) if face is not None and not _is_invisible(ch) else 0.0


@lru_cache(maxsize=None)
def _advance(ch: str) -> float:
    """One character's advance at 1000 pt in the face that draws it on its own (0 when none does)."""
    return _advance_in(face_for(ch, False), ch)


@lru_cache(maxsize=None)
def _advance_bold(ch: str) -> float:
    return _advance_in(face_for(ch, True), ch)


@lru_cache(maxsize=None)
def _advance_cjk(ch: str) -> float:
    return _advance_in(CJK, ch)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of `text` in points at `size` points, across the faces that draw it."""
    # TrueType advances add up (reportlab applies no kerning, Pillow draws with basic layout), so cached
    # per-character widths give the figure drawing uses, at a fraction of the cost line breaking needs.
    advance = _advance_bold if bold else _advance
    total = sum(map(advance, text))
    marks = _shared_marks()
    if marks.search(text):  # shared punctuation beside CJK text is drawn full-width by the CJK face
        for i in _cjk_shared(text, [m.start() for m in marks.finditer(text)]):
            total += _advance_cjk(text[i]) - advance(text[i])
    return total * size / 1000.0


def ascent(size: float) -> float:
    """Distance from baseline to the top of tall glyphs, in points (the larger of the faces)."""
    return size * max(truetype(f).face.ascent for f in (LETTERING, CJK)) / 1000.0


def descent(size: float) -> float:
    """Distance below the baseline, in points, as a positive number."""
    return size * max(-truetype(f).face.descent for f in (LETTERING, CJK)) / 1000.0

"""The one font resolver: which font file draws each character, and how wide text is.

Pillow (raster pages), reportlab (PDF) and the app all use the same files from `resources/fonts/`.
Each character goes to the Latin lettering font when it has the glyph, else to the CJK font; a character
no font has is reported by `missing_glyphs` so the layout can warn instead of drawing an empty box.
Widths come from the fonts' own advance widths (via reportlab's TrueType reader), so the raster and the
PDF break lines at the same places.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

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
CJK = FontFace("DroidSansFallback", FONT_DIR / "DroidSansFallback.ttf")
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

    return ImageFont.truetype(str(face.path), max(1, pixel_size))


def _is_invisible(ch: str) -> bool:
    # Line breaks, zero-width marks and other format characters draw nothing and need no glyph.
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


@lru_cache(maxsize=4096)
def face_for(ch: str, bold: bool = False) -> FontFace | None:
    """The face that draws `ch`: the lettering font if it has it, else the CJK font, else None."""
    latin = LETTERING_BOLD if bold else LETTERING
    code = ord(ch)
    if code in truetype(latin).face.charToGlyph:
        return latin
    if code in truetype(CJK).face.charToGlyph:
        return CJK
    return None


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
    for ch in text:
        if _is_invisible(ch):
            continue
        face = face_for(ch, bold)
        if face is None:
            continue
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    return runs


@lru_cache(maxsize=None)
def _advance(ch: str, bold: bool) -> float:
    """One character's advance width at 1000 pt in the face that draws it (0 when none does)."""
    if _is_invisible(ch):
        return 0.0
    face = face_for(ch, bold)
    return truetype(face).stringWidth(ch, 1000.0) if face is not None else 0.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of `text` in points at `size` points, across the faces that draw it."""
    # TrueType advances add up (reportlab applies no kerning), so per-character widths, cached once,
    # give the same figure as measuring each run, at a fraction of the cost line breaking needs.
    return sum(_advance(ch, bold) for ch in text) * size / 1000.0


def ascent(size: float) -> float:
    """Distance from baseline to the top of tall glyphs, in points (the larger of the faces)."""
    return size * max(truetype(f).face.ascent for f in (LETTERING, CJK)) / 1000.0


def descent(size: float) -> float:
    """Distance below the baseline, in points, as a positive number."""
    return size * max(-truetype(f).face.descent for f in (LETTERING, CJK)) / 1000.0


def is_cjk(ch: str) -> bool:
    """True for Han, kana, hangul and full-width punctuation: text that breaks between characters."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x2FA1F
    )

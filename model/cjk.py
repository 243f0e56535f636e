"""The one table of CJK code points: which characters break between each other, and which are letters.

Line breaking and font choice (`model.fonts`, `model.page.lettering`), the script's joining of continuation
lines and its Chinese labels (`model.script.words`, `model.script.panelscript`) all read these ranges.
"""
from __future__ import annotations

import re

# Han, kana, hangul, CJK punctuation and full-width forms: text that breaks between any two characters.
BREAKING_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x9FFF),  # radicals, CJK symbols and punctuation, kana, CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # vertical-form punctuation
    (0xFF00, 0xFFEF),  # full-width and half-width forms
    (0x20000, 0x2FA1F),  # ideograph extensions B and later
)

# The letters among them (no punctuation): what makes a text or a name Chinese, Japanese or Korean.
LETTER_RANGES: tuple[tuple[int, int], ...] = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3400, 0x4DBF),  # ideograph extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2FA1F),  # extensions B and later
)


def char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The inside of a regular-expression character class matching `ranges`."""
    return "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)


_BREAKING = re.compile(f"[{char_class(BREAKING_RANGES)}]")
_LETTER = re.compile(f"[{char_class(LETTER_RANGES)}]")


def is_cjk(ch: str) -> bool:
    """True for Han, kana, hangul and full-width punctuation: text that breaks between characters."""
    return _BREAKING.match(ch) is not None


def has_cjk(text: str) -> bool:
    """True when the text contains CJK letters (not just punctuation)."""
    return _LETTER.search(text) is not None

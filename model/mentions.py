"""Where a character's name is mentioned in text: whole words for Latin names, substrings for CJK.

The prompt's cast, the offline sketch's props, lasting changes and an edition's renamed action all find
names this one way.
"""
from __future__ import annotations

import re
from functools import lru_cache

from model.cjk import has_cjk


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> re.Pattern[str] | None:
    if has_cjk(name):
        return None  # CJK has no spaces between words: a plain substring search
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def _mentions(name: str, text: str) -> list[tuple[int, int]]:
    if not name:
        return []
    pattern = _name_pattern(name)
    if pattern is not None:
        return [m.span() for m in pattern.finditer(text)]
    spans, start = [], text.find(name)
    while start >= 0:
        spans.append((start, start + len(name)))
        start = text.find(name, start + 1)
    return spans


def mention_spans(name: str, text: str) -> list[tuple[int, int]]:
    """Every (start, end) where a character's name appears in text, matched as `mention_position` matches."""
    return _mentions(name, text)


def mention_position(name: str, text: str) -> int:
    """Where a character's name first appears in text (whole words for Latin, substring for CJK), or -1."""
    spans = _mentions(name, text)
    return spans[0][0] if spans else -1

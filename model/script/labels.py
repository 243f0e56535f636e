"""What reads as a speaker's label in Panel Script (`Gary: …`, `小蜗：…`), and what only looks like one.

The parser, drafting, the screenplay importer, the timeline reader and the editor's highlighting all ask
this one module whether a word before a colon names someone.
"""
from __future__ import annotations

import re

from model.cjk import LETTER_RANGES, char_class, has_cjk

_LATIN_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")  # also matches CJK: is_label checks has_cjk first
_URL_SCHEMES = {"http", "https", "ftp", "ftps", "mailto", "file", "www"}
_CJK_LABEL = re.compile(f"^[{char_class(LETTER_RANGES)}·・]{{1,8}}$")


def is_web_address(line: str, label: str) -> bool:
    """True when the line's first colon belongs to a web address (`http://…`, `mailto:x`), not a speaker."""
    colon = min((i for i in (line.find(":"), line.find("：")) if i >= 0), default=-1)
    if colon < 0 or line[colon] == "：":
        return False  # a full-width colon is never part of an address
    after = line[colon + 1:colon + 3]
    scheme = label.split()[-1].casefold() if label.split() else ""
    return after == "//" or (scheme in _URL_SCHEMES and after[:1] not in ("", " ", "\t"))


def is_label(label: str) -> bool:
    """A speaker or character label: up to three words, or up to eight CJK characters."""
    label = label.strip()
    if not label:
        return False
    if _CJK_LABEL.match(label):
        return True
    words = label.split()
    return len(words) <= 3 and all(_CJK_LABEL.match(w) or (_LATIN_WORD.match(w) and not has_cjk(w)) for w in words)

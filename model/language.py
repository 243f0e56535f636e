"""Which language words are in, and the language codes editions are named by (ISO 639-1, BCP 47).

Pure text heuristics, no model call: Han and kana are unmistakable; Latin text counts as English when
common English words are frequent, else its language is "und" (undetermined, in BCP 47's own word).
"""
from __future__ import annotations

import re
from typing import Iterable

from model import fonts
from model.errors import BadInputError

LANGUAGE_NAMES: dict[str, tuple[str, str]] = {  # code: (English name, Chinese name)
    "zh": ("Chinese", "中文"), "en": ("English", "英语"), "ja": ("Japanese", "日语"), "ko": ("Korean", "韩语"),
    "es": ("Spanish", "西班牙语"), "fr": ("French", "法语"), "de": ("German", "德语"), "it": ("Italian", "意大利语"),
    "pt": ("Portuguese", "葡萄牙语"), "ru": ("Russian", "俄语"), "ar": ("Arabic", "阿拉伯语"), "hi": ("Hindi", "印地语"),
    "zh-Hant": ("Traditional Chinese", "繁体中文"),
}
UNDETERMINED = "und"
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")
_ENGLISH = frozenset("the a an and i you he she it we they is are was to of in on at my your what that this not "
                     "with for but look oh no yes me do can".split())


def language_name(code: str, chinese: bool = False) -> str:
    """"Chinese" (or "中文") for "zh"; an unknown code is shown as itself."""
    names = LANGUAGE_NAMES.get(code) or LANGUAGE_NAMES.get(code.split("-")[0])
    return (names[1] if chinese else names[0]) if names else code


def check_language_code(code: str) -> str:
    """A well-formed language code ("zh", "pt-BR", "zh-Hant"), or a BadInputError in one sentence."""
    text = (code or "").strip()
    if text.lower() == "original" or not _CODE.match(text):
        known = ", ".join(sorted(c for c in LANGUAGE_NAMES if "-" not in c))
        raise BadInputError(f"{code!r} is not a language code; use one like {known}.")
    return text


def detect_language(texts: Iterable[str]) -> str:
    """"ja" with kana, "zh" when Han characters are at least a third as many as Latin letters, "en" for
    Latin text with common English words, else "und"."""
    text = " ".join(t for t in texts if t)
    if any(0x3040 <= ord(ch) <= 0x30FF for ch in text):
        return "ja"
    cjk = sum(1 for ch in text if fonts.is_cjk(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk and cjk >= latin / 3:
        return "zh"
    words = re.findall(r"[a-z']+", text.lower())
    if not words:
        return UNDETERMINED
    english = sum(1 for w in words if w in _ENGLISH)
    return "en" if english >= max(1, len(words) // 12) else UNDETERMINED

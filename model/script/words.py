"""The vocabulary of the Panel Script language, in English and Chinese.

Kept apart from the parser so that `docs/script.md`, the parser and the writer share one list.
"""
from __future__ import annotations

from model.cjk import has_cjk, is_cjk  # noqa: F401  (has_cjk: part of this module's vocabulary)

# Shot words -> model.project.project.SHOTS. Chinese film terms map to their nearest canonical shot:
# 远景 (long shot) is the widest, 全景 (full shot) shows whole figures, 近景 (medium close-up) and
# 特写 (close-up) both become close-up, 大特写 is the extreme close-up.
SHOT_WORDS: dict[str, str] = {
    "extreme wide": "extreme wide", "extreme wide shot": "extreme wide", "extreme long shot": "extreme wide",
    "ews": "extreme wide", "els": "extreme wide",
    "wide": "wide", "wide shot": "wide", "long shot": "wide", "full shot": "wide", "ws": "wide",
    "medium": "medium", "medium shot": "medium", "mid shot": "medium", "ms": "medium",
    "close-up": "close-up", "close up": "close-up", "closeup": "close-up", "cu": "close-up",
    "extreme close-up": "extreme close-up", "extreme close up": "extreme close-up",
    "extreme closeup": "extreme close-up", "ecu": "extreme close-up",
    "over-the-shoulder": "over-the-shoulder", "over the shoulder": "over-the-shoulder",
    "ots": "over-the-shoulder",
    "bird's-eye": "bird's-eye", "bird's eye": "bird's-eye", "birds-eye": "bird's-eye",
    "birds eye": "bird's-eye", "bird's-eye view": "bird's-eye", "bird's eye view": "bird's-eye",
    "top-down": "bird's-eye",
    "low angle": "low angle", "low-angle": "low angle", "low angle shot": "low angle",
    "远景": "extreme wide", "大远景": "extreme wide", "全景": "wide",
    "中景": "medium", "近景": "close-up", "特写": "close-up", "大特写": "extreme close-up",
    "过肩": "over-the-shoulder", "过肩镜头": "over-the-shoulder",
    "俯视": "bird's-eye", "俯拍": "bird's-eye", "鸟瞰": "bird's-eye",
    "仰视": "low angle", "仰拍": "low angle",
}

# The Chinese word each canonical shot is written back as (storyboard notes of a Chinese script).
SHOT_NAMES_ZH: dict[str, str] = {
    "extreme wide": "远景", "wide": "全景", "medium": "中景", "close-up": "特写",
    "extreme close-up": "大特写", "over-the-shoulder": "过肩", "bird's-eye": "俯视", "low angle": "仰视",
}

# Balloon kinds after a speaker: `Gary (shout): …` / `蜗牛（喊）：…`.
KIND_WORDS: dict[str, str] = {
    "speech": "speech", "say": "speech", "says": "speech",
    "thought": "thought", "think": "thought", "thinks": "thought",
    "whisper": "whisper", "whispers": "whisper",
    "shout": "shout", "shouts": "shout",
    "说": "speech", "想": "thought", "心想": "thought", "小声": "whisper", "低语": "whisper",
    "喊": "shout", "大喊": "shout",
}

LAYOUT_WORDS: dict[str, str] = {
    "strip": "strip", "grid": "grid", "vertical": "vertical", "book": "book", "storyboard": "storyboard",
    "条带": "strip", "四格": "strip", "横条": "strip", "网格": "grid", "宫格": "grid",
    "竖版": "vertical", "条漫": "vertical", "绘本": "book", "分镜": "storyboard", "故事板": "storyboard",
}

HEADER_FIELDS: dict[str, str] = {
    "title": "title", "标题": "title", "author": "author", "作者": "author",
    "style": "style", "风格": "style", "layout": "layout", "版式": "layout", "page": "page", "页面": "page",
}

# A book's cover blocks: `Cover: what the front picture shows` and `Blurb: the back cover's text`.
COVER_WORDS = ("cover", "封面")
BLURB_WORDS = ("blurb", "封底文字", "封底")

CAPTION_WORDS = frozenset({"caption", "旁白"})
STYLE_WORDS = frozenset({"style", "风格"})  # also inside a panel: that panel's own style
SFX_WORDS = frozenset({"sfx", "音效"})
SCENE_WORDS = frozenset({"scene", "场景标题"})  # `Scene: INT. KITCHEN - NIGHT`: the panels after it belong to that scene
SHOT_NAME_WORDS = frozenset({"shot", "镜头号"})  # `Shot: 4A` inside a panel: its name on shot lists and timelines
CAMERA_WORDS = frozenset({"camera", "运镜"})  # `Camera: slow push in`: the camera move
NOTE_WORDS = frozenset({"note", "notes", "备注"})  # `Note: CUT TO:`: a production note, never lettered
DURATION_WORDS = frozenset({"duration", "时长"})  # `Duration: 2.5s` / `时长：2.5秒`, how long an animatic holds a panel
PAGE_BREAK_WORDS = frozenset({"page break", "换页", "分页"})  # a line on its own: the next panel starts a page
PAGE_LAYOUT_WORDS = frozenset({"page layout", "页面版式", "版面"})  # `Page layout: splash`: that page's template

# A label ending in one of these is a sentence ("He says: …"), not a speaker's name.
SPEECH_VERBS = frozenset({
    "says", "said", "asks", "asked", "replies", "replied", "shouts", "shouted", "whispers",
    "whispered", "thinks", "thought", "yells", "yelled", "reads", "writes", "exclaims", "adds",
    "laughs", "answers", "cries", "mutters", "is", "are", "was", "were",
})

_CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """Arabic digits, full-width digits or a Chinese numeral up to 九十九 (第十二格) as an int."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)  # int() also reads full-width digits
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = 1 if not tens else _CHINESE_DIGITS.get(tens)
        o = 0 if not ones else _CHINESE_DIGITS.get(ones)
        return None if t is None or o is None else t * 10 + o
    if len(text) == 1:
        return _CHINESE_DIGITS.get(text)
    return None


def is_wide(ch: str) -> bool:
    """True for CJK characters and punctuation, and the curly quotes and ellipsis Chinese text uses,
    which join continuation lines without spaces."""
    return is_cjk(ch) or ch in "“”…"


def join_text(parts: list[str]) -> str:
    """Join continuation lines: a space between Latin words, nothing between CJK characters."""
    out = ""
    for part in parts:
        if not out:
            out = part
        elif is_wide(out[-1]) and is_wide(part[0]):
            out += part
        else:
            out += " " + part
    return out

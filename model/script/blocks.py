"""The lines that open a block of Panel Script (Character, Setting, Scene, Panel, Cover, Blurb; English and Chinese).

The parser and the `Page:` line both need to know where the header fields end; this is the one place
that says what a block header looks like.
"""
from __future__ import annotations

import re

from model.script.words import BLURB_WORDS, COVER_WORDS

_C = r"[:：]"  # a colon, half- or full-width
HEADER_MARKS = re.compile(r"^\s*#+\s*")
CHARACTER = re.compile(rf"^(?:character|角色)\s*{_C}\s*(.*)$", re.I)
SETTING = re.compile(rf"^(?:setting|场景)\s*{_C}\s*(.*)$", re.I)
SCENE = re.compile(rf"^(?:scene|场景标题)\s*{_C}\s*(.*)$", re.I)
COVER = re.compile(rf"^(?:{'|'.join(COVER_WORDS)})\s*{_C}\s*(.*)$", re.I)
BLURB = re.compile(rf"^(?:{'|'.join(BLURB_WORDS)})\s*{_C}\s*(.*)$", re.I)
_TAIL = r"\s*(?:[(（]\s*([^)）]*?)\s*[)）])?\s*(?:[@＠]\s*([^:：]*?))?\s*[:：]?\s*$"
PANEL_EN = re.compile(r"^panel(?![^\W\d_])\s*(\d+)?" + _TAIL, re.I)
PANEL_ZH = re.compile(r"^(?:第\s*([0-9０-９零一二两三四五六七八九十]+)\s*格|(?:画格|分镜)\s*([0-9０-９]+)?)" + _TAIL)
# Markdown emphasis around a header pasted from a chat: **Panel 5**, __Panel 5__, *Panel 5* (then any tail).
_EMPHASIS = re.compile(r"^(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1(.*)$")


def header_text(line: str) -> str:
    """A line as a block header reads it: without leading `#` marks and Markdown emphasis around it."""
    line = HEADER_MARKS.sub("", line)
    if m := _EMPHASIS.match(line):
        line = HEADER_MARKS.sub("", m.group(2)).strip() + m.group(3)
    return line


def is_block_header(line: str) -> bool:
    """True for a line that opens a Character, Setting or Panel block (where the header fields end)."""
    text = header_text(line.strip())
    return bool(CHARACTER.match(text) or SETTING.match(text) or PANEL_EN.match(text) or PANEL_ZH.match(text)
                or COVER.match(text) or BLURB.match(text) or SCENE.match(text))

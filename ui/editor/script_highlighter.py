"""Colours for the Panel Script: block headers, speakers, lasting details, captions, SFX, comments."""
from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from model.script.labels import is_label
from model.script.words import (
    CAMERA_WORDS,
    CAPTION_WORDS,
    DURATION_WORDS,
    HEADER_FIELDS,
    NOTE_WORDS,
    PAGE_BREAK_WORDS,
    PAGE_LAYOUT_WORDS,
    SFX_WORDS,
    SHOT_NAME_WORDS,
)

_C = "[:：]"
_MARKS = re.compile(r"^\s*#*\s*")
_BLOCK = re.compile(
    rf"^(?:(?:character|角色|setting|场景|scene|场景标题)\s*{_C}.*"
    r"|panel(?![^\W\d_]).*|第\s*[0-9０-９零一二两三四五六七八九十]+\s*格.*|(?:画格|分镜)\s*[0-9０-９]*(?:\s|[(（@＠:：]|$).*)$",
    re.I,
)
_DETAIL = re.compile(rf"^([+＋\-－])\s*([^:：]+?)\s*{_C}")
_LABELLED = re.compile(rf"^([^:：()（）]+?)\s*(?:[(（][^)）]*[)）])?\s*{_C}")


def _fmt(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    f.setFontItalic(italic)
    return f


class ScriptHighlighter(QSyntaxHighlighter):
    """Line-by-line highlighting; a block state remembers whether a panel block has begun."""

    FORMATS = {
        "comment": _fmt("#8a8a8a", italic=True),
        "block": _fmt("#1f4e9e", bold=True),
        "header": _fmt("#0f7b6c", bold=True),
        "speaker": _fmt("#a0341f", bold=True),
        "caption": _fmt("#7b3fa0", bold=True),
        "sfx": _fmt("#c26a00", bold=True),
        "added": _fmt("#2e7d32", bold=True),
        "removed": _fmt("#b71c1c", bold=True),
    }

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:
        in_blocks = self.previousBlockState() == 1
        self.setCurrentBlockState(1 if in_blocks else 0)
        stripped = text.strip()
        if not stripped:
            return
        lead = len(text) - len(text.lstrip())
        if stripped.startswith("//"):
            self.setFormat(lead, len(stripped), self.FORMATS["comment"])
            return
        body_start = _MARKS.match(text).end()
        body = text[body_start:]
        if _BLOCK.match(body):
            self.setFormat(lead, len(text) - lead, self.FORMATS["block"])
            self.setCurrentBlockState(1)
            return
        if " ".join(body.strip().rstrip(":：").casefold().split()) in PAGE_BREAK_WORDS:
            self.setFormat(lead, len(text) - lead, self.FORMATS["block"])  # a page starts at the next panel
            return
        detail = _DETAIL.match(body)
        if detail:
            kind = "added" if detail.group(1) in "+＋" else "removed"
            self.setFormat(body_start, detail.end(), self.FORMATS[kind])
            return
        labelled = _LABELLED.match(body)
        if not labelled:
            return
        word = labelled.group(1).strip().casefold()
        production = DURATION_WORDS | SHOT_NAME_WORDS | CAMERA_WORDS | NOTE_WORDS  # never lettered
        if (not in_blocks and word in HEADER_FIELDS) or (in_blocks and word in production) or word in PAGE_LAYOUT_WORDS:
            kind = "header"
        elif word in CAPTION_WORDS:
            kind = "caption"
        elif word in SFX_WORDS:
            kind = "sfx"
        elif in_blocks and is_label(labelled.group(1).strip()):
            kind = "speaker"
        else:
            return
        self.setFormat(body_start, labelled.end(), self.FORMATS[kind])

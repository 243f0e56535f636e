"""Choosing a style preset rewrites the script's `Style:` line: the one place that edits it in the text.

The script stays the source of truth (the app re-parses it as one undo step), so choosing a preset in
the app is the same as typing it: the preset's name replaces the preset part of the line and any free
words after it are kept (`Style: manga; rainy neon city` → `Style: Clay; rainy neon city`).
"""
from __future__ import annotations

import re

from model.script.blocks import is_block_header
from model.script.words import has_cjk
from model.script.styles import StylePreset, resolve_style

_STYLE = re.compile(r"^(\s*(?:#+\s*)?(?:style|风格)\s*([:：])\s*)(.*)$", re.I)
_CHINESE_HEADER = re.compile(r"^\s*(?:#+\s*)?(?:标题|作者|风格|版式)\s*[:：]")


def restyled(style_line: str, preset: StylePreset | None, chinese: bool = False, keep_words: bool = True) -> str:
    """`style_line` with its preset part set to `preset` (None: only the free words stay); without
    `keep_words`, the preset alone."""
    free = resolve_style(style_line).free_text if keep_words else ""
    name = (preset.name_zh if chinese else preset.name) if preset else ""
    sep = "；" if chinese else "; "
    return sep.join(p for p in (name, free) if p)


def _chinese(lines: list[str]) -> bool:
    return any(_CHINESE_HEADER.match(line) for line in lines) or (not any(line.strip() for line in lines[:1])
                                                                  and has_cjk("".join(lines)))


def _block_end(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if is_block_header(lines[i]):
            return i
    return len(lines)


def style_at(text: str, panel_line: int | None = None) -> str:
    """The style line as written for the project (or the panel whose header is at `panel_line`), or ""."""
    lines = text.splitlines()
    start = 0 if panel_line is None else panel_line
    for i in range(start, _block_end(lines, start)):
        if m := _STYLE.match(lines[i]):
            return m.group(3).strip()
    return ""


def set_style(text: str, preset: StylePreset | None, panel_line: int | None = None, keep_words: bool = True) -> str:
    """The script with the project's style (or, given `panel_line`, the 1-based line of a panel's header,
    that panel's own style) set to `preset`, keeping its free words unless `keep_words` is False. A missing line is added: the project's
    after the other header fields, a panel's right under its header; a line left empty is removed."""
    lines = text.splitlines()
    chinese = _chinese(lines[: _block_end(lines, 0)]) or (panel_line is not None and has_cjk(text))
    if panel_line is None:
        start, end = 0, _block_end(lines, 0)
    else:
        start, end = panel_line, _block_end(lines, panel_line)
    for i in range(start, end):
        if m := _STYLE.match(lines[i]):
            value = restyled(m.group(3), preset, m.group(2) == "：", keep_words)
            if value:
                lines[i] = m.group(1) + value
            else:
                del lines[i]
            return "\n".join(lines) + "\n"
    if preset is None:
        return text
    keyword = "风格：" if chinese else "Style: "
    new = keyword + restyled("", preset, chinese)
    if panel_line is None:
        at = 0
        for i in range(end):  # after the last header field (and the comments above it)
            if lines[i].strip() and not lines[i].lstrip().startswith("//"):
                at = i + 1
        lines.insert(at, new)
    else:
        lines.insert(panel_line, new)
    return "\n".join(lines) + "\n"

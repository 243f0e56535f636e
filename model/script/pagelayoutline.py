"""Choosing a page template rewrites the `Page layout:` line above the page's first panel: the one place that
edits it in the text (like `model.script.styleline` for `Style:`).

The script stays the source of truth: the app re-parses the rewritten text as one undo step, so picking a
template in the app is the same as typing the line. The line goes just above the header of the panel the
page starts with, among that panel's `Page break` line, blank lines and comments; choosing the project's
grid again takes the line out (a `Page break` keeps the page starting there).
"""
from __future__ import annotations

import re

from model.shapes.templates import PageTemplate
from model.script.words import PAGE_BREAK_WORDS, PAGE_LAYOUT_WORDS, has_cjk


def _either(words: frozenset[str]) -> str:
    return "|".join(word.replace(" ", r"\s*") for word in sorted(words))


_PAGE_LAYOUT = re.compile(rf"^\s*(?:#+\s*)?(?:{_either(PAGE_LAYOUT_WORDS)})\s*([:：])", re.I)
_PAGE_BREAK = re.compile(rf"^\s*(?:#+\s*)?(?:{_either(PAGE_BREAK_WORDS)})\s*[:：]?\s*$", re.I)


def _above(lines: list[str], header: int) -> int:
    """The first line of the run of page lines, blanks and comments right above the header (0-based)."""
    i = header
    while i > 0:
        text = lines[i - 1].strip()
        if text and not text.startswith("//") and not _PAGE_LAYOUT.match(text) and not _PAGE_BREAK.match(text):
            break
        i -= 1
    return i


def set_page_layout(text: str, panel_line: int, template: PageTemplate | None, first_panel: bool = False) -> str:
    """The script with the page starting at the panel whose header is on `panel_line` (1-based) laid out by
    `template` (None: the project's grid). `first_panel` says it is the script's first panel (no break)."""
    lines = text.splitlines()
    header = panel_line - 1
    if not 0 <= header < len(lines):
        return text
    chinese = has_cjk(lines[header]) or has_cjk(text[:400])
    start = _above(lines, header)
    found = next((i for i in range(start, header) if _PAGE_LAYOUT.match(lines[i])), None)
    breaks = any(_PAGE_BREAK.match(lines[i]) for i in range(start, header))
    if template is None:
        if found is None:
            return text
        if first_panel or breaks:
            del lines[found]
        else:  # the line started this page: a page break keeps it starting here
            lines[found] = "换页" if chinese else "Page break"
        return "\n".join(lines) + "\n"
    if found is not None:
        full = _PAGE_LAYOUT.match(lines[found]).group(1) == "："  # type: ignore[union-attr]
        lines[found] = ("页面版式：" + template.name_zh) if full else ("Page layout: " + template.name)
    else:
        lines.insert(header, ("页面版式：" + template.name_zh) if chinese else ("Page layout: " + template.name))
    return "\n".join(lines) + "\n"

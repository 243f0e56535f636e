"""The script's `Page:` / `页面：` header: page size, bleed, reading direction, picture-book words, grid, DPI.

`Page: 8.5x8.5in, bleed, rtl, words over art, grid 3x2, 300dpi` sets exactly the page settings the command
line's `--page-size --bleed --direction --words --grid --dpi` set; a setting the line leaves out takes its
default, so the line alone reproduces the book. `page_line(page, chinese)` writes the line back and
`with_page_line(script, page)` puts it into a script (the app's page settings dialog does that).
"""
from __future__ import annotations

import re
from dataclasses import replace

from model.errors import BadInputError
from model.pagesize import is_auto, parse_page_size
from model.project.project import PageSettings
from model.script.blocks import is_block_header

# The page settings a `Page:` line states; the others (margins, borders …) stay with the project.
SCRIPT_FIELDS = ("page_size", "bleed", "direction", "book_text", "grid_rows", "grid_columns", "dpi")

_SPLIT = re.compile(r"\s*[,，、;；]\s*")
_GRID = re.compile(r"^(?:grid|网格|宫格)\s*(\d+)\s*[x×*]\s*(\d+)$|^(\d+)\s*[x×*]\s*(\d+)\s*(?:grid|网格|宫格)$", re.I)
_DPI = re.compile(r"^(\d+)\s*(?:dpi|ppi)$", re.I)
_WORDS: dict[str, dict[str, object]] = {
    "bleed": {"bleed": True}, "出血": {"bleed": True},
    "no bleed": {"bleed": False}, "无出血": {"bleed": False}, "不出血": {"bleed": False},
    "rtl": {"direction": "rtl"}, "right to left": {"direction": "rtl"}, "从右到左": {"direction": "rtl"},
    "ltr": {"direction": "ltr"}, "left to right": {"direction": "ltr"}, "从左到右": {"direction": "ltr"},
    "words over art": {"book_text": "over"}, "words over": {"book_text": "over"}, "文字压图": {"book_text": "over"},
    "words in band": {"book_text": "band"}, "words band": {"book_text": "band"}, "words below": {"book_text": "band"},
    "文字在图下": {"book_text": "band"}, "文字栏": {"book_text": "band"},
}
ACCEPTED = ('a page size (A4, A5, Letter, 8.5x8.5in, 8x10in, 11x8.5in, auto, or one like 6x9in or 148x210mm), '
            'bleed, rtl or ltr, words over art or words in band, grid 3x2, 300dpi')


def parse_page_value(value: str) -> tuple[dict[str, object], list[str]]:
    """The page settings a `Page:` value states, and one sentence per part that is not understood."""
    changes: dict[str, object] = {}
    problems: list[str] = []
    for part in (p for p in _SPLIT.split(value.strip()) if p):
        key = " ".join(part.casefold().split())
        if key in _WORDS:
            changes.update(_WORDS[key])
        elif m := _GRID.match(key):
            rows, cols = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
            if 1 <= rows <= 8 and 1 <= cols <= 8:
                changes["grid_rows"], changes["grid_columns"] = rows, cols
            else:
                problems.append(f"grid {rows}x{cols} is not possible; give rows x columns from 1 to 8, e.g. grid 3x2")
        elif m := _DPI.match(key):
            dpi = int(m.group(1))
            if 36 <= dpi <= 1200:
                changes["dpi"] = dpi
            else:
                problems.append(f"{dpi} dpi is out of range; use a number from 36 to 1200")
        elif is_auto(part):
            changes["page_size"] = "auto"
        else:
            try:
                parse_page_size(part)
            except BadInputError:
                problems.append(f"unknown page size or setting “{part}”; use {ACCEPTED}")
            else:
                changes["page_size"] = part
    return changes, problems


def page_from_line(changes: dict[str, object]) -> PageSettings:
    """The page settings of a script whose `Page:` line states `changes` (the rest at their defaults)."""
    return replace(PageSettings(), **changes)


def stated_page(project_page: PageSettings, script_page: PageSettings) -> PageSettings:
    """The project's page settings with the script's `Page:` fields laid over them."""
    return replace(project_page, **{name: getattr(script_page, name) for name in SCRIPT_FIELDS})


def states_anything(page: PageSettings) -> bool:
    """True when any field a `Page:` line holds differs from its default."""
    default = PageSettings()
    return any(getattr(page, name) != getattr(default, name) for name in SCRIPT_FIELDS)


def page_line(page: PageSettings, chinese: bool = False) -> str:
    """`Page: 8.5x8.5in, bleed, rtl, words over art, grid 3x2, 300dpi` (or `页面：…`): the size, then what differs
    from the defaults."""
    default = PageSettings()
    parts = [page.page_size.strip() or default.page_size]
    if page.bleed:
        parts.append("出血" if chinese else "bleed")
    if page.direction != default.direction:
        parts.append("从右到左" if chinese else "rtl")
    if page.book_text != default.book_text:
        parts.append("文字压图" if chinese else "words over art")
    if (page.grid_rows, page.grid_columns) != (default.grid_rows, default.grid_columns):
        parts.append(f"{'网格' if chinese else 'grid'} {page.grid_rows}x{page.grid_columns}")
    if page.dpi != default.dpi:
        parts.append(f"{page.dpi}dpi")
    return ("页面：" + "，".join(parts)) if chinese else ("Page: " + ", ".join(parts))


_PAGE_LINE = re.compile(r"^\s*#*\s*(?:page|页面)\s*[:：]", re.I)
_LAYOUT_LINE = re.compile(r"^\s*#*\s*(?:layout|版式)\s*[:：]", re.I)


def with_page_line(script: str, page: PageSettings) -> str:
    """The script with its `Page:` header line saying `page` (in the line's own language), added after the
    header fields when the script has none and `page` is not all defaults."""
    from model.script.words import has_cjk

    lines = script.splitlines(keepends=True)
    header_end = next((i for i, line in enumerate(lines) if is_block_header(line)), len(lines))
    for i in range(header_end):
        if _PAGE_LINE.match(lines[i]):
            chinese = lines[i].lstrip(" #").startswith("页面")
            lines[i] = page_line(page, chinese) + ("\n" if lines[i].endswith("\n") else "")
            return "".join(lines)
    if not states_anything(page):
        return script
    chinese = has_cjk("".join(lines[:header_end])) or (not "".join(lines[:header_end]).strip() and has_cjk(script))
    after = next((i + 1 for i in range(header_end) if _LAYOUT_LINE.match(lines[i])), None)
    if after is None:  # after the last header field, else at the top
        after = max((i + 1 for i in range(header_end) if lines[i].strip() and not lines[i].lstrip().startswith("//")),
                    default=0)
    if after and not lines[after - 1].endswith("\n"):
        lines[after - 1] += "\n"
    lines.insert(after, page_line(page, chinese) + "\n")
    return "".join(lines)

"""End pages: a picture book padded to a multiple of 4 pages, as a stapled (saddle-stitched) book is printed.

The pages added, as many as the count needs and no more: one → a copyright page at the end; two → a
title page after the cover page and the copyright page at the end; three → the same with a blank page
before the copyright page. The copyright page says the title, "© YEAR AUTHOR" and, only when the user
keeps it, "Made with Panelsmith"; in Chinese for a Chinese book.
"""
from __future__ import annotations

from dataclasses import replace

from model import fonts
from model.geometry import Rect
from model.page import lettering
from model.page.frames import SAFE_IN_BLEED, Layout, PageLayout, TextBlock
from model.project.project import Project

CREDIT = {"en": "Made with Panelsmith", "zh": "由 Panelsmith 制作"}


def pages_to_four(count: int) -> int:
    """How many pages make `count` a multiple of 4."""
    return -count % 4


def _chinese(project: Project) -> bool:
    words = [project.title, project.author] + [ln.text for p in project.panels for ln in p.lines]
    text = "".join(words)
    return sum(fonts.is_cjk(ch) for ch in text) * 2 > len(text.replace(" ", "")) if text.strip() else False


def title_page(project: Project, width: float, height: float) -> PageLayout:
    """The title set large in the upper part of a plain page, the author's name under it."""
    page = PageLayout(0, width, height, "Title page")
    safe_w = width - 2 * SAFE_IN_BLEED
    size = max(14.0, min(40.0, width * 0.06))
    lines = lettering.wrap(project.title.strip() or "Untitled", safe_w, size, bold=True)[:4]
    block_h = len(lines) * size * lettering.LEADING
    top = height * 0.3
    page.texts.append(TextBlock(lettering.set_lines(lines, size, Rect(SAFE_IN_BLEED, top, safe_w, block_h), bold=True), bold=True))
    if project.author.strip():
        small = size * 0.5
        author = lettering.wrap(project.author.strip(), safe_w, small)[:2]
        box = Rect(SAFE_IN_BLEED, top + block_h + size, safe_w, len(author) * small * lettering.LEADING)
        page.texts.append(TextBlock(lettering.set_lines(author, small, box)))
    return page


def copyright_page(project: Project, width: float, height: float, year: int, credit: bool) -> PageLayout:
    """Title, "© YEAR AUTHOR" and (when `credit`) "Made with Panelsmith", small, low on the page."""
    chinese = _chinese(project)
    page = PageLayout(0, width, height, "版权页" if chinese else "Copyright")
    title = project.title.strip() or ("无题" if chinese else "Untitled")
    owner = project.author.strip()
    notice = (f"版权所有 © {year} {owner}" if chinese else f"© {year} {owner}").strip()
    lines = [title, notice] + ([CREDIT["zh" if chinese else "en"]] if credit else [])
    size = max(8.0, min(11.0, width * 0.017))
    safe_w = width - 2 * SAFE_IN_BLEED
    wrapped = [w for line in lines for w in lettering.wrap(line, safe_w, size)]
    block_h = len(wrapped) * size * lettering.LEADING
    box = Rect(SAFE_IN_BLEED, height - SAFE_IN_BLEED - block_h, safe_w, block_h)
    page.texts.append(TextBlock(lettering.set_lines(wrapped, size, box)))
    return page


def pad_book(layout: Layout, project: Project, year: int, credit: bool = True) -> Layout:
    """The book `layout` padded to a multiple of 4 pages with end pages (see the module); unchanged when it is one."""
    need = pages_to_four(len(layout.pages))
    if need == 0 or not layout.pages:
        return layout
    width, height = layout.pages[0].width, layout.pages[0].height
    pages = list(layout.pages)
    end = [copyright_page(project, width, height, year, credit)]
    if need >= 2:
        pages.insert(1, title_page(project, width, height))
    if need == 3:
        end.insert(0, PageLayout(0, width, height, "Blank"))
    pages += end
    numbered = [replace(page, number=i, label=page.label if not page.label.startswith("Page ") else f"Page {i}")
                for i, page in enumerate(pages, start=1)]
    return replace(layout, pages=numbered)

"""The pages a script states itself (`Page break`, `Page layout: NAME`): whether each holds its panels.

A page whose template holds fewer panels than the script puts on it before the next break is said once, as a
`file:line:` warning; its extra panels flow on to the next page (`model.page.composed` lays them out so).
"""
from __future__ import annotations

from model.project.project import Panel, starts_page
from model.shapes.templates import find_template


def overfull_pages(panels: list[Panel], page_lines: list[tuple[int, Panel]]) -> list[tuple[int, str]]:
    """(line, message) for each stated page (`page_lines`: the line of its break or layout, its first panel)
    that has more panels before the next page break than its template holds."""
    found: list[tuple[int, str]] = []
    for line, first in page_lines:
        template = find_template(first.page_layout) if first.page_layout else None
        if template is None:
            continue
        i = panels.index(first)
        j = i + 1
        while j < len(panels) and not starts_page(panels[j], j):
            j += 1
        if j == len(panels):
            continue  # the last stated page: the panels after it simply go on the pages that follow
        if j - i > template.panels:
            found.append((line, f"the page layout “{first.page_layout}” holds {template.panels} panel"
                                f"{'s' if template.panels != 1 else ''}, but {j - i} come before the next page break; "
                                f"{_flowing(i + template.panels + 1, j)} on to the next page."))
    return found


def _flowing(first: int, last: int) -> str:
    return f"panel {first} flows" if first == last else f"panels {first}–{last} flow"

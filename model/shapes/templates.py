"""The library of page templates: named panel arrangements a page can start from, in English and Chinese.

`Page layout: splash` / `页面版式：跨页大图` in a script names one; the app's template picker shows them as
thumbnails drawn from these same shapes. `find_template` reads either name (and a few spellings);
`template_problem` is the sentence for a name that is not one (with the nearest as "did you mean").
"""
from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from typing import Callable

from model.shapes.shape import Cell, Inset, PageShape, capacity, cells, columns, rows


@dataclass(frozen=True)
class PageTemplate:
    name: str  # as written in an English script
    name_zh: str  # as written in a Chinese one
    description: str
    build: Callable[[], PageShape]
    aliases: tuple[str, ...] = ()

    def shape(self) -> PageShape:
        """A fresh copy of the template's shape (edits never reach the library)."""
        return copy.deepcopy(self.build())

    @property
    def panels(self) -> int:
        return capacity(self.build())


def _t(name: str, zh: str, description: str, root, insets=(), aliases: tuple[str, ...] = ()) -> PageTemplate:
    return PageTemplate(name, zh, description, lambda: PageShape(name, copy.deepcopy(root), list(copy.deepcopy(insets))), aliases)


def _bled() -> Cell:
    return Cell(bordered=False, bleed=True)


TEMPLATES: tuple[PageTemplate, ...] = (
    _t("splash", "跨页大图", "one picture over the whole page, to the trim", _bled(), aliases=("full page", "整页大图", "大图")),
    _t("splash with inset", "大图加小格", "a splash with a small panel over its lower corner", _bled(),
       [Inset(0.58, 0.66, 0.36, 0.28)], aliases=("splash inset", "大图配小格")),
    _t("2x2", "田字格", "four equal panels", rows(columns(*cells(2)), columns(*cells(2))), aliases=("2 x 2", "four grid", "四宫格")),
    _t("2x3", "六格", "two panels a row, three rows", rows(*(columns(*cells(2)) for _ in range(3))), aliases=("six grid", "六宫格")),
    _t("3x3", "九宫格", "nine equal panels", rows(*(columns(*cells(3)) for _ in range(3))), aliases=("nine grid", "3 x 3")),
    _t("2 tiers", "上下两格", "two wide panels, one above the other", rows(*cells(2)), aliases=("two tiers", "两层")),
    _t("3 tiers", "三层", "three full-width rows", rows(*cells(3)), aliases=("three tiers", "三排")),
    _t("widescreen strips", "宽银幕条", "four thin full-width strips, like film frames", rows(*cells(4)),
       aliases=("widescreen", "宽幅条")),
    _t("2+1", "上二下一", "two panels over one wide panel", rows(columns(*cells(2)), Cell()), aliases=("two over one",)),
    _t("1+2", "上一下二", "one wide panel over two", rows(Cell(), columns(*cells(2))), aliases=("one over two",)),
    _t("side by side", "左右两格", "two tall panels side by side", columns(*cells(2)), aliases=("two columns", "两列")),
    _t("1+3", "左一右三", "a tall panel beside three stacked ones", columns(Cell(), rows(*cells(3)), at=[0.55]),
       aliases=("tall and three", "一竖三横")),
    _t("L-shape", "L形", "a big panel with a column beside it and a row below, an L around it",
       rows(columns(Cell(), rows(*cells(2)), at=[0.64]), columns(*cells(3)), at=[0.64]), aliases=("l shape", "L型")),
    _t("big panel with three small", "一大三小", "a big panel over a row of three small ones",
       rows(Cell(), columns(*cells(3)), at=[0.66]), aliases=("big and three", "1 big 3 small")),
    _t("4-koma column", "四格竖条", "four equal panels in one column, read down (yonkoma)", rows(*cells(4)),
       aliases=("4-koma", "yonkoma", "四格漫画")),
    _t("manga 5-panel", "漫画五格", "two small panels, a wide one, then two more across a slanted gutter",
       rows(columns(*cells(2), at=[0.4]), Cell(), columns(*cells(2), at=[0.55], slant=8.0), at=[0.28, 0.66]),
       aliases=("manga five", "五格")),
    _t("slanted tiers", "斜切三层", "three rows with leaning gutters, for action", rows(*cells(3), slant=5.0),
       aliases=("action tiers", "斜格")),
    _t("picture-book spread", "绘本跨页配文字", "a picture to the trim beside a text page with the words",
       columns(_bled(), Cell(bordered=False, text=True), at=[0.62]), aliases=("picture book spread", "spread with text", "绘本配文")),
)

KOMA = "4-koma column"


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("×", "x").replace("＋", "+").replace("_", " ").replace("-", " ").split())


_BY_NAME: dict[str, PageTemplate] = {}
for _tpl in TEMPLATES:
    for _n in (_tpl.name, _tpl.name_zh, *_tpl.aliases):
        _BY_NAME.setdefault(_key(_n), _tpl)


def find_template(name: str) -> PageTemplate | None:
    """The template called `name` in English or Chinese (case, spaces, hyphens and × ignored), or None."""
    return _BY_NAME.get(_key(name))


def template_names(chinese: bool = False) -> list[str]:
    return [t.name_zh if chinese else t.name for t in TEMPLATES]


def template_problem(name: str) -> str:
    """One sentence for a page layout name that is not a template: the nearest names, then the list."""
    chinese = any("\u3400" <= ch <= "\u9fff" for ch in name)
    close = difflib.get_close_matches(_key(name), list(_BY_NAME), n=1, cutoff=0.5)
    hint = ""
    if close:
        t = _BY_NAME[close[0]]
        hint = f" did you mean “{t.name_zh if chinese else t.name}”?"
    return f"unknown page layout “{name}”;{hint} page layouts: {', '.join(template_names(chinese))}"


def grid_shape(rows_n: int, cols_n: int) -> PageShape:
    """The project's own grid (PageSettings.grid_rows x grid_columns) as a shape: a page with no template."""
    name = f"grid {rows_n}x{cols_n}"
    if rows_n == 1 and cols_n == 1:
        return PageShape(name, Cell())
    if rows_n == 1:
        return PageShape(name, columns(*cells(cols_n)))
    if cols_n == 1:
        return PageShape(name, rows(*cells(rows_n)))
    return PageShape(name, rows(*(columns(*cells(cols_n)) for _ in range(rows_n))))

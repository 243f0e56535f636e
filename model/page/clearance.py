"""Keeping lettering clear of the characters: what a balloon over a character (or over a busy part of
the picture) costs while placing it, and how far a whole panel's lettering is from right.

`model.page.balloons` places balloons with these; the characters' boxes come from the staging, or from
where the offline sketch drew its figures, and the detail from a picture's map (`model.staging`).
"""
from __future__ import annotations

from typing import Callable, Protocol

from model.geometry import Rect
from model.project.project import BalloonPlacement


class Lettered(Protocol):
    """What the costs read of a placed balloon (model.page.balloons.Balloon is one)."""

    line_index: int
    kind: str
    body: Rect


UPPER = 0.45  # a figure's head and upper body: the top of its box, kept clearest of all
ON_FIGURE = 40.0  # score per share of a balloon's area over a character's box (a whole row down costs 2.5)
ON_UPPER = 60.0  # and again per share over a head or upper body
ON_DETAIL = 2.5  # score per unit of mean detail under a balloon (0 calm .. 1 busy)
FIGURE_SHARE = 0.03  # the most of a balloon's area that may lie over a character's box
MISORDERED = 0.1  # a balloon read before one that comes earlier is as bad as covering a tenth of a balloon
Figures = list[tuple[str, Rect]]  # each character's box on the page, by name
Detail = Callable[[Rect], float]  # mean detail (0..1) of the picture under a page rectangle


def figure_cost(r: Rect, figures: Figures, detail: Detail | None = None) -> float:
    """What covering characters (and busy picture) costs a balloon body at `r`."""
    area = max(r.w * r.h, 1e-6)
    cost = 0.0
    for _name, f in figures:
        w = min(r.right, f.right) - max(r.x, f.x)
        if w <= 0 or r.bottom <= f.y or f.bottom <= r.y:
            continue
        h = min(r.bottom, f.bottom) - max(r.y, f.y)
        upper_h = min(r.bottom, f.y + f.h * UPPER) - max(r.y, f.y)  # the head and upper body
        cost += (ON_FIGURE * w * h + ON_UPPER * w * max(0.0, upper_h)) / area
    if detail is not None:
        cost += ON_DETAIL * detail(r)
    return cost


def _overlap(a: Rect, b: Rect) -> float:
    return max(0.0, min(a.right, b.right) - max(a.x, b.x)) * max(0.0, min(a.bottom, b.bottom) - max(a.y, b.y))


def worst_cover(balloons: list[Lettered], figures: Figures, placements: dict[int, BalloonPlacement]) -> float:
    """The largest share of an automatic balloon's area over any character's box."""
    worst = 0.0
    for b in balloons:
        if b.line_index in placements:
            continue  # the user put it there
        area = max(b.body.w * b.body.h, 1e-6)
        worst = max([worst] + [_overlap(b.body, f) / area for _name, f in figures])
    return worst


def fault(balloons: list[Lettered], figures: Figures, placements: dict[int, BalloonPlacement], direction: str) -> float:
    """How far a panel's lettering is from right: the worst cover of a character, plus misread balloons."""
    spoken = sorted((b for b in balloons if b.kind not in ("sfx", "caption")), key=lambda b: b.line_index)
    misread = 0
    for k, later in enumerate(spoken):
        for earlier in spoken[:k]:
            before = later.body.center[0] < earlier.body.center[0] if direction == "ltr" else \
                later.body.center[0] > earlier.body.center[0]
            if later.body.y < earlier.body.y - 1 or (before and later.body.y < earlier.body.bottom - later.body.h * 0.3):
                misread += 1
    return worst_cover(balloons, figures, placements) + MISORDERED * misread

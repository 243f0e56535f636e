"""A panel's staging as the rest of Panelsmith reads it: which boxes count, back to front, and as text.

A box is stored by name (`Panel.staging`); only the boxes of characters present in the panel (and props)
are used, so a character who leaves the panel's words leaves its picture too without losing the box.
"""
from __future__ import annotations

from dataclasses import replace

from model.project.project import DEPTHS, StagedBox

MIN_SIDE = 0.04  # the smallest box side, as a fraction of the picture: still something to grab


def clamped(box: StagedBox) -> StagedBox:
    """The box moved and shrunk to lie inside the picture, never smaller than MIN_SIDE."""
    w = min(1.0, max(MIN_SIDE, box.w))
    h = min(1.0, max(MIN_SIDE, box.h))
    x = min(max(0.0, box.x), 1.0 - w)
    y = min(max(0.0, box.y), 1.0 - h)
    return replace(box, x=round(x, 4), y=round(y, 4), w=round(w, 4), h=round(h, 4))


def back_to_front(boxes: list[StagedBox]) -> list[StagedBox]:
    """Farthest first: by depth, then a box standing lower in the picture is nearer the camera (the
    prompt's own words, `model.prompt.compose`, order them the same way)."""
    return sorted(boxes, key=lambda b: (DEPTHS.index(b.depth) if b.depth in DEPTHS else 1, b.y + b.h))


def horizontal_word(box: StagedBox) -> str:
    cx = box.x + box.w / 2
    return "left" if cx < 0.4 else "right" if cx > 0.6 else "centre"


def box_text(box: StagedBox) -> str:
    """One line a person reads: `Gary: left, near (x 0.10, y 0.20, w 0.30, h 0.80)`."""
    depth = "" if box.depth == "middle" else f", {box.depth}"
    kind = " (prop)" if box.prop else ""
    return (f"{box.name}{kind}: {horizontal_word(box)}{depth} "
            f"(x {box.x:.2f}, y {box.y:.2f}, w {box.w:.2f}, h {box.h:.2f})")

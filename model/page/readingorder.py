"""The order a reader reads a page's balloons in, and where it differs from the script's order.

A reader takes the panels in tiers, top to bottom, each tier left to right (right to left on a manga page);
a panel beside a stack of smaller ones is read before the stack. Inside a panel the balloons go the same
way: rows top to bottom, each row in the reading direction. A balloon dragged across a gutter is read where
it sits (with the panel under its centre). Sound effects are not read in order and are left out.
"""
from __future__ import annotations

from dataclasses import dataclass

from model.geometry import Rect


@dataclass(frozen=True)
class ReadBalloon:
    """One balloon on a page, with the place its words have in the script."""

    panel: int  # the panel's number in the project (1-based)
    line: int  # the line's index in its panel
    text: str
    body: Rect


def _rows(items: list, box, rtl: bool) -> list:
    """Items in reading order: rows (by their boxes' vertical overlap) top to bottom, each in the direction."""
    ordered = sorted(items, key=lambda it: (box(it).y, box(it).x))
    rows: list[list] = []
    for it in ordered:
        r = box(it)
        if rows:
            first = box(rows[-1][0])
            # Same row when it starts above the middle of the row's first item (or of its own height).
            if r.y < first.y + min(first.h, r.h) * 0.5:
                rows[-1].append(it)
                continue
        rows.append([it])
    out = []
    for row in rows:
        out += sorted(row, key=lambda it: (-(box(it).right) if rtl else box(it).x, box(it).y))
    return out


def _tiers(frames: list, rtl: bool) -> list:
    """Frames in reading order: tiers of frames that share their height, each across, then down inside."""
    ordered = sorted(frames, key=lambda f: (f.rect.y, f.rect.x))
    tiers: list[list] = []
    bottom = None
    for f in ordered:
        if tiers and f.rect.y < bottom - 1.0:  # overlaps the tier's height: part of it
            tiers[-1].append(f)
            bottom = max(bottom, f.rect.bottom)
            continue
        tiers.append([f])
        bottom = f.rect.bottom
    out = []
    for tier in tiers:
        out += sorted(tier, key=lambda f: (round(-f.rect.right if rtl else f.rect.x, 1), f.rect.y))
    return out


def read_balloons(page, rtl: bool = False) -> list[ReadBalloon]:
    """The page's balloons (not sound effects) in the order a reader meets them."""
    frames = [f for f in page.frames if f.balloons]
    by_frame: dict[int, list[ReadBalloon]] = {id(f): [] for f in page.frames}
    for frame in frames:
        for b in frame.balloons:
            if b.kind == "sfx":
                continue
            text = " ".join(run.text for line in b.lines for run in line.runs)
            item = ReadBalloon(frame.number, b.line_index, text, b.body)
            cx, cy = b.body.center
            home = frame
            if not frame.rect.contains_point((cx, cy)):  # dragged across a gutter: read with the panel it is over
                home = next((f for f in page.frames if f.rect.contains_point((cx, cy))), frame)
            by_frame[id(home)].append(item)
    out: list[ReadBalloon] = []
    for frame in _tiers(page.frames, rtl):
        out += _rows(by_frame[id(frame)], lambda it: it.body, rtl)
    return out


def order_problems(layout) -> list[str]:
    """One sentence per page whose balloons read in another order than the script's lines (which page, which
    panel, which two balloons)."""
    rtl = layout.settings.direction == "rtl"
    found: list[str] = []
    for page in layout.pages:
        read = read_balloons(page, rtl)
        script = sorted(read, key=lambda b: (b.panel, b.line))
        for got, want in zip(read, script):
            if got is not want:
                panel = f"panel {want.panel}" if want.panel == got.panel else f"panels {min(got.panel, want.panel)} and {max(got.panel, want.panel)}"
                found.append(f"{page.label}, {panel}: “{_short(got.text)}” is read before “{_short(want.text)}”, "
                             f"but the script has them the other way round; move a balloon or reorder the lines.")
                break
    return found


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:23] + "…"

"""Balloon tails: a way from each balloon toward its speaker that does not cross the other balloons.

A letterer never runs a tail through another balloon's words, and avoids running it over another
balloon at all. `choose_tip` tries the straight way first, then turned and shorter ones, and gives up
(no tail) rather than cross someone else's text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from model.geometry import Point, Rect

CLEAR, OVER_BALLOON, OVER_TEXT = 0, 1, 2
_TURNS = (0.0, 12.0, -12.0, 25.0, -25.0, 40.0, -40.0, 60.0, -60.0)  # degrees away from the speaker
_LENGTHS = (1.0, 0.7, 0.45)


@dataclass(frozen=True)
class Obstacle:
    """Another balloon as a tail sees it: its body (an oval, or a box for captions and SFX) and its words."""

    body: Rect
    oval: bool
    text: tuple[Rect, ...]

    def holds(self, p: Point, margin: float = 6.0) -> int:
        """OVER_TEXT when `p` is on the words, OVER_BALLOON when on (or within `margin` of) the body, else CLEAR."""
        if any(r.inset(-1.0).contains_point(p) for r in self.text):
            return OVER_TEXT
        if not self.body.inset(-margin).contains_point(p):
            return CLEAR
        if not self.oval:
            return OVER_BALLOON
        cx, cy = self.body.center
        a, b = self.body.w / 2 + margin, self.body.h / 2 + margin
        return OVER_BALLOON if ((p[0] - cx) / a) ** 2 + ((p[1] - cy) / b) ** 2 <= 1.0 else CLEAR


def tail_base(body: Rect, tip: Point) -> tuple[Point, Point]:
    """The two points where a tail toward `tip` leaves the oval (the same wedge `balloons.shape` draws)."""
    cx, cy = body.center
    a, b = max(body.w / 2, 1e-6), max(body.h / 2, 1e-6)
    t0 = math.atan2((tip[1] - cy) / b, (tip[0] - cx) / a)
    half = min(0.32, 9.0 / max(8.0, min(a, b) * 1.2))
    return (
        (cx + a * math.cos(t0 - half), cy + b * math.sin(t0 - half)),
        (cx + a * math.cos(t0 + half), cy + b * math.sin(t0 + half)),
    )


def samples(body: Rect, tip: Point, step: float = 2.0) -> list[Point]:
    """Points covering the tail's wedge, from its base on the oval to the tip, about `step` apart."""
    left, right = tail_base(body, tip)
    across = max(2, int(math.hypot(right[0] - left[0], right[1] - left[1]) / step))
    out: list[Point] = []
    for j in range(across + 1):  # lines from points along the base to the tip cover the whole wedge
        start = (left[0] + (right[0] - left[0]) * j / across, left[1] + (right[1] - left[1]) * j / across)
        n = max(2, int(math.hypot(tip[0] - start[0], tip[1] - start[1]) / step))
        out += [(start[0] + (tip[0] - start[0]) * k / n, start[1] + (tip[1] - start[1]) * k / n) for k in range(n + 1)]
    return out


def crossing(body: Rect, tip: Point, obstacles: list[Obstacle]) -> int:
    """The worst a tail from `body` to `tip` does: CLEAR, OVER_BALLOON or OVER_TEXT."""
    worst = CLEAR
    near = [o for o in obstacles if _box(body, tip).intersects(o.body.inset(-6.0))]
    if not near:
        return CLEAR
    for p in samples(body, tip):
        for o in near:
            worst = max(worst, o.holds(p))
            if worst == OVER_TEXT:
                return worst
    return worst


def _box(body: Rect, tip: Point) -> Rect:
    xs, ys = (body.x, body.right, tip[0]), (body.y, body.bottom, tip[1])
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def reach(body: Rect, direction: float, length: float, area: Rect) -> Point:
    """The tip `length` points out from the oval's edge in `direction` (radians), kept inside `area`."""
    edge = _edge(body, direction)
    tip = (edge[0] + math.cos(direction) * length, edge[1] + math.sin(direction) * length)
    inner = area.inset(min(6.0, area.w / 4, area.h / 4))  # room for a thought balloon's last bubble
    return (min(max(tip[0], inner.x), inner.right), min(max(tip[1], inner.y), inner.bottom))


def _edge(body: Rect, direction: float) -> Point:
    """Where a ray from the oval's centre in `direction` (radians) meets its outline."""
    cx, cy = body.center
    a, b = body.w / 2, body.h / 2
    t0 = math.atan2(math.sin(direction) / max(b, 1e-6), math.cos(direction) / max(a, 1e-6))
    return (cx + a * math.cos(t0), cy + b * math.sin(t0))


def choose_tip(body: Rect, ideal: Point, area: Rect, obstacles: list[Obstacle]) -> Point | None:
    """The tail tip nearest the `ideal` one that crosses no other balloon, or failing that no other words.

    None when every way out crosses someone else's words: better no tail than a tail through text.
    """
    if crossing(body, ideal, obstacles) == CLEAR:
        return ideal
    cx, cy = body.center
    toward = math.atan2(ideal[1] - cy, ideal[0] - cx)
    edge = _edge(body, toward)
    length = max(10.0, math.hypot(ideal[0] - edge[0], ideal[1] - edge[1]))
    best: tuple[float, Point] | None = None
    for turn in _TURNS:
        for share in _LENGTHS:
            tip = reach(body, toward + math.radians(turn), max(10.0, length * share), area)
            found = crossing(body, tip, obstacles)
            if found == OVER_TEXT:
                continue
            score = abs(turn) / 30 + (1 - share) + (3.0 if found == OVER_BALLOON else 0.0)
            if best is None or score < best[0]:
                best = (score, tip)
    return best[1] if best else None

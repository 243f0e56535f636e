"""Rectangles and points in page points (1/72 in), origin at the top-left of the trim, y downwards."""
from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> Point:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def inset(self, d: float) -> Rect:
        """The rectangle shrunk by `d` on every side (never below zero size)."""
        return Rect(self.x + d, self.y + d, max(0.0, self.w - 2 * d), max(0.0, self.h - 2 * d))

    def intersects(self, other: Rect, gap: float = 0.0) -> bool:
        """True when the two overlap or come closer than `gap`."""
        return not (
            self.right + gap <= other.x
            or other.right + gap <= self.x
            or self.bottom + gap <= other.y
            or other.bottom + gap <= self.y
        )

    def contains(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def contains_point(self, p: Point, tolerance: float = 1e-6) -> bool:
        return (
            self.x - tolerance <= p[0] <= self.right + tolerance
            and self.y - tolerance <= p[1] <= self.bottom + tolerance
        )


def bounds_of(points: list[Point]) -> Rect:
    """The smallest rectangle holding all the points."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

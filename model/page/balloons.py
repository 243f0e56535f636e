"""Balloons: the shape of each kind, sizing to the words, and automatic placement inside a panel.

Shapes are closed polygons in page points so the Pillow and PDF renderers draw the same outline:
speech is an oval with a tail merged into its outline, thought a cloud with trailing bubbles, whisper a
dashed oval, shout a jagged burst, caption a box in a corner, SFX large display lettering with no outline.
Placement runs in reading order in the upper part of the panel; balloons never overlap and stay inside
the panel, keep off the characters' boxes (their heads and upper bodies above all) when lettering knows
them (`model.staging.figures`, costed by `model.page.clearance`), and prefer calm parts of a picture when
only its detail map is known.
A user's stored placement (panel-relative 0..1) wins over the automatic one.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from model.page import lettering
from model.geometry import Point, Rect, bounds_of
from model.page.lettering import TextLine
from model.project.project import BalloonPlacement, Line
from model.page.clearance import FIGURE_SHARE, ON_FIGURE, Detail, Figures, fault, figure_cost
from model.page.tails import CLEAR, OVER_TEXT, Obstacle, choose_tip, crossing, tail_base

MIN_SIZE = 7.0  # the smallest lettering a printed page may carry, in points
GAP = 3.0  # space kept between balloons, in points
TAILED = ("speech", "whisper", "shout")
# The most lines one panel letters. Placement tries every spot against every earlier balloon, so its cost
# grows faster than the count; a crowded manga panel holds about ten, and past this the words are unreadable.
MAX_BALLOONS = 24


@dataclass
class Balloon:
    """One laid-out balloon: its body, outline polygon (with tail), extra bubbles and text lines."""

    kind: str
    line_index: int
    body: Rect  # the oval, cloud, burst or box, without tail
    outline: list[Point]  # closed polygon drawn filled and stroked; empty for SFX
    bubbles: list[Rect] = field(default_factory=list)  # thought balloons' trailing circles
    dashed: bool = False
    lines: list[TextLine] = field(default_factory=list)
    bold: bool = False
    tail_tip: Point | None = None
    overflow: bool = False  # the words did not fit at the smallest size; a warning was raised

    @property
    def extent(self) -> Rect:
        """Everything the balloon covers: body, tail and bubbles."""
        points = list(self.outline) or [(self.body.x, self.body.y), (self.body.right, self.body.bottom)]
        for b in self.bubbles:
            points += [(b.x, b.y), (b.right, b.bottom)]
        return bounds_of(points)


@dataclass(frozen=True)
class _Sized:
    lines: list[str]
    size: float
    body_w: float
    body_h: float
    text_w: float
    text_h: float
    overflow: bool


def base_size(panel: Rect) -> float:
    """The lettering size a panel of this size starts from, in points."""
    return max(8.0, min(13.0, min(panel.w, panel.h * 1.3) * 0.052))


def _body_for(kind: str, text_w: float, text_h: float, size: float) -> tuple[float, float]:
    """Body size that holds a text block: the block's corners sit inside the oval."""
    pad = size * 0.45
    if kind == "caption":
        return text_w + 2 * pad, text_h + 1.4 * pad
    if kind == "sfx":
        return text_w + pad, text_h + pad * 0.5
    grow = {"thought": 1.55, "shout": 1.7}.get(kind, 1.42)
    w, h = text_w * grow + 2 * pad, text_h * grow + 2 * pad
    return w, max(h, w / 2.6)  # flat ovals read badly; keep them at most 2.6:1


def size_balloon(kind: str, text: str, panel: Rect, start: float | None = None, narrow: float | None = None) -> _Sized:
    """Wrap and size the words: shrink the type down to MIN_SIZE, then let the balloon grow.
    `narrow` (a share of the panel's width) wraps speech narrower first, to fit beside a character."""
    bold = kind in ("shout", "sfx")
    size0 = start or base_size(panel)
    if kind == "sfx":
        size0 *= 2.4
    limit_w = panel.w * (0.9 if kind in ("caption", "sfx") else narrow or 0.62)
    grown_w = panel.w * 0.94
    limit_h = panel.h * (0.42 if kind != "sfx" else 0.5)
    size = size0
    best: _Sized | None = None
    for max_w, max_h in ((limit_w, limit_h), (grown_w, panel.h * 0.6), (grown_w, panel.h * 0.94)):
        size = size0
        while True:
            body_limit = max_w
            inner_limit = body_limit / 1.5 if kind not in ("caption", "sfx") else body_limit
            wrap_w = lettering.balanced_width(text, size, inner_limit, bold)
            lines = lettering.wrap_evenly(text, wrap_w, size, inner_limit, bold)
            tw, th = lettering.block_size(lines, size, bold)
            bw, bh = _body_for(kind, tw, th, size)
            if bw > max_w and kind not in ("caption", "sfx"):
                # The balanced width was too generous for this panel: wrap to what fits the body.
                inner = max(size * 3, (max_w - size * 0.9) / (1.55 if kind == "thought" else 1.42))
                lines = lettering.wrap_evenly(text, inner, size, inner, bold)
                tw, th = lettering.block_size(lines, size, bold)
                bw, bh = _body_for(kind, tw, th, size)
            fits = bw <= max_w + 0.01 and bh <= max_h + 0.01
            best = _Sized(lines, size, min(bw, panel.w), min(bh, panel.h), tw, th, not fits)
            if fits:
                return best
            if size <= MIN_SIZE + 1e-6:
                break
            size = max(MIN_SIZE, size - 0.5)
    assert best is not None
    return best


def _ellipse(
    cx: float, cy: float, a: float, b: float, radius: Callable[[float], float] | None = None, n: int = 96
) -> list[tuple[float, Point]]:
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        r = radius(t) if radius else 1.0
        pts.append((t, (cx + a * r * math.cos(t), cy + b * r * math.sin(t))))
    return pts


def _with_tail(param_points: list[tuple[float, Point]], cx: float, cy: float, a: float, b: float, tip: Point) -> list[Point]:
    """The outline with the arc facing `tip` replaced by a wedge reaching it."""
    t0 = math.atan2((tip[1] - cy) / b, (tip[0] - cx) / a)
    half = min(0.32, 9.0 / max(8.0, min(a, b) * 1.2))
    out: list[Point] = []
    inserted = False
    for t, p in param_points:
        d = (t - t0 + math.pi) % (2 * math.pi) - math.pi
        if abs(d) < half:
            if not inserted:
                out.append((cx + a * math.cos(t0 - half), cy + b * math.sin(t0 - half)))
                out.append(tip)
                out.append((cx + a * math.cos(t0 + half), cy + b * math.sin(t0 + half)))
                inserted = True
            continue
        out.append(p)
    return out


def shape(kind: str, body: Rect, tip: Point | None) -> tuple[list[Point], list[Rect]]:
    """Outline polygon and bubbles for a balloon body; the tail reaches `tip` when given."""
    cx, cy = body.center
    a, b = body.w / 2, body.h / 2
    if kind == "caption":
        return [(body.x, body.y), (body.right, body.y), (body.right, body.bottom), (body.x, body.bottom)], []
    if kind == "sfx":
        return [], []
    if kind == "thought":
        bumps = max(8, int((a + b) / 9))
        pts = _ellipse(cx, cy, a, b, lambda t: 0.9 + 0.1 * abs(math.sin(bumps * t / 2)), n=bumps * 10)
        bubbles: list[Rect] = []
        if tip is not None:
            t0 = math.atan2((tip[1] - cy) / b, (tip[0] - cx) / a)
            edge = (cx + a * math.cos(t0), cy + b * math.sin(t0))
            for k, frac in enumerate((0.3, 0.62, 0.9)):
                r = max(1.5, min(a, b) * (0.16 - 0.045 * k))
                px = edge[0] + (tip[0] - edge[0]) * frac
                py = edge[1] + (tip[1] - edge[1]) * frac
                bubbles.append(Rect(px - r, py - r, 2 * r, 2 * r))
        return [p for _, p in pts], bubbles
    if kind == "shout":
        spikes = max(10, int((a + b) / 7))
        pts = _ellipse(cx, cy, a, b, lambda t: 1.0 if round(t * spikes / math.pi) % 2 == 0 else 0.84, n=spikes * 2)
    else:
        pts = _ellipse(cx, cy, a, b)
    if tip is None:
        return [p for _, p in pts], []
    return _with_tail(pts, cx, cy, a, b, tip), []


def tail_tip(body: Rect, target: Point, area: Rect) -> Point:
    """Where the tail ends: part of the way from the balloon toward the speaker, inside the panel."""
    cx, cy = body.center
    dx, dy = target[0] - cx, target[1] - cy
    dist = math.hypot(dx, dy) or 1.0
    a, b = body.w / 2, body.h / 2
    t0 = math.atan2(dy / b, dx / a)
    edge = (cx + a * math.cos(t0), cy + b * math.sin(t0))
    edge_dist = math.hypot(edge[0] - cx, edge[1] - cy)
    length = min(max(10.0, (dist - edge_dist) * 0.55), max(10.0, min(area.h * 0.22, body.h * 0.9 + 8.0)))
    tip = (edge[0] + dx / dist * length, edge[1] + dy / dist * length)
    inner = area.inset(min(6.0, area.w / 4, area.h / 4))  # room for a thought balloon's last bubble
    return (min(max(tip[0], inner.x), inner.right), min(max(tip[1], inner.y), inner.bottom))


def place_balloons(
    lines: list[Line],
    area: Rect,
    speaker_x: dict[str, float],
    placements: dict[int, BalloonPlacement],
    direction: str = "ltr",
    start_size: float | None = None,
    figures: Figures | None = None,
    detail: Detail | None = None,
) -> tuple[list[Balloon], list[str]]:
    """Lay out every line of a panel as a balloon inside `area`; returns balloons and warnings.

    `speaker_x` gives each speaker's horizontal position (0..1 across the panel); `placements`
    are the user's stored positions by line index, which win over automatic placement. `figures`
    (each character's box on the page) keep automatic balloons off the characters and aim each tail at
    its speaker's box; `detail` steers them toward calm parts of a picture nobody staged.
    """
    figures = figures or []
    balloons, warnings = _place(lines, area, speaker_x, placements, direction, start_size, figures, detail)
    if not figures:
        return balloons, warnings
    # A crowded panel: narrower balloons (beside a character rather than over them), then smaller lettering,
    # may find every balloon a place off the characters, read in the right order.
    first = start_size or base_size(area)
    sizes = [start_size] + [first - k for k in (1.0, 2.0, 3.0) if first - k >= max(MIN_SIZE + 1.0, first * 0.75) - 1e-6]
    best = (fault(balloons, figures, placements, direction), balloons, warnings)
    for size in sizes:
        for narrow in (None, 0.45, 0.34):
            if best[0] <= FIGURE_SHARE:
                return best[1], best[2]
            if narrow is None and size == start_size:
                continue  # the first try, above
            tried, problems = _place(lines, area, speaker_x, placements, direction, size, figures, detail, narrow)
            wrong = fault(tried, figures, placements, direction)
            if wrong < best[0] - 1e-6:
                best = (wrong, tried, problems)
    return best[1], best[2]


def _place(lines: list[Line], area: Rect, speaker_x: dict[str, float], placements: dict[int, BalloonPlacement],
           direction: str, start_size: float | None, figures: Figures, detail: Detail | None,
           narrow: float | None = None) -> tuple[list[Balloon], list[str]]:
    boxes = {name.casefold(): rect for name, rect in figures}
    balloons: list[Balloon] = []
    warnings: list[str] = []
    taken: list[Rect] = []
    ideals: dict[int, Point] = {}  # automatic tails, by position in `balloons`: where they would go
    if len(lines) > MAX_BALLOONS:  # placed in bounded time: the rest are left out, and said so
        warnings.append(f"only the first {MAX_BALLOONS} of its {len(lines)} lines are lettered; split it into more panels")
        lines = lines[:MAX_BALLOONS]
    order = [i for i, ln in enumerate(lines) if ln.kind != "sfx"] + [i for i, ln in enumerate(lines) if ln.kind == "sfx"]
    spoken = [i for i in order if lines[i].kind != "sfx"]
    for i in order:
        line = lines[i]
        sized = size_balloon(line.kind, line.text, area, start_size, narrow if i not in placements else None)
        if sized.overflow:
            warnings.append(f"the words “{_short(line.text)}” do not fit their balloon even at {MIN_SIZE:g} pt; shorten them or give the panel more room")
        target = _speaker_target(line, area, speaker_x, boxes)
        stored = placements.get(i)
        if stored is not None:
            body = Rect(area.x + stored.x * area.w - sized.body_w / 2, area.y + stored.y * area.h - sized.body_h / 2, sized.body_w, sized.body_h)
            if 0 <= stored.x <= 1 and 0 <= stored.y <= 1:  # a centre dragged past the panel's edge crosses the gutter on purpose
                body = _clamp(body, area)
        else:
            slot = spoken.index(i) if i in spoken else 0
            pref = _preferred_x(line, slot, len(spoken), area, speaker_x, direction)
            body = _auto_place(line.kind, sized, area, taken, pref, direction, balloons, target, figures, detail)
            if body is None:
                body = _least_covering(sized, area, balloons)
                warnings.append(f"no free room for the balloon “{_short(line.text)}”; it overlaps another one; move it or shorten the words")
        tip: Point | None = None
        if line.kind in TAILED + ("thought",) and (target is not None or (stored and stored.tail_x is not None)):
            if stored is not None and stored.tail_x is not None and stored.tail_y is not None:
                tip = (area.x + stored.tail_x * area.w, area.y + stored.tail_y * area.h)
            elif target is not None:
                ideal = tail_tip(body, target, area)
                tip = choose_tip(body, ideal, area, _obstacles(balloons))
                if tip is not None:
                    ideals[len(balloons)] = ideal
                else:
                    warnings.append(f"the balloon “{_short(line.text)}” has no tail: every way to its speaker crosses other words; move a balloon")
        outline, bubbles = shape(line.kind, body, tip)
        bold = line.kind in ("shout", "sfx")
        text_box = Rect(body.center[0] - sized.text_w / 2, body.center[1] - sized.text_h / 2, sized.text_w, sized.text_h)
        set_ = lettering.set_lines(sized.lines, sized.size, text_box, bold, "left" if line.kind == "caption" else "center")
        balloon = Balloon(line.kind, i, body, outline, bubbles, line.kind == "whisper", set_, bold, tip, sized.overflow)
        balloons.append(balloon)
        taken.append(body)
        taken.extend(bubbles)
        if tip is not None and line.kind != "thought":
            # Later balloons keep off this tail: small squares along its middle, from the oval out to the tip
            # (their boxes' empty corners may still pass the wedge's sides; their own tails are checked).
            (lx, ly), (rx, ry) = tail_base(body, tip)
            mid = ((lx + rx) / 2, (ly + ry) / 2)
            n = max(2, int(math.hypot(tip[0] - mid[0], tip[1] - mid[1]) / 3.0))
            for k in range(1, n + 1):
                px, py = mid[0] + (tip[0] - mid[0]) * k / n, mid[1] + (tip[1] - mid[1]) * k / n
                taken.append(Rect(px - 2, py - 2, 4, 4))
    _settle_tails(balloons, ideals, area, warnings)
    balloons.sort(key=lambda b: b.line_index)
    return balloons, warnings


def _settle_tails(balloons: list[Balloon], ideals: dict[int, Point], area: Rect, warnings: list[str]) -> None:
    """Turn any automatic tail that a later balloon ended up over (only a crowded panel does that)."""
    for k, ideal in ideals.items():
        b = balloons[k]
        others = _obstacles([o for o in balloons if o is not b])
        if b.tail_tip is None or crossing(b.body, b.tail_tip, others) == CLEAR:
            continue
        tip = choose_tip(b.body, ideal, area, others)
        if tip is None:
            warnings.append(f"the balloon “{_short(' '.join(ln.text for ln in b.lines))}” has no tail: every way to its speaker crosses other words; move a balloon")
        b.tail_tip = tip
        b.outline, b.bubbles = shape(b.kind, b.body, tip)


def _least_covering(sized: _Sized, area: Rect, earlier: list[Balloon]) -> Rect:
    """Where a balloon with no free room hides the least of the earlier balloons, their words above all."""
    w, h = min(sized.body_w, area.w), min(sized.body_h, area.h)
    words = [ln.box for b in earlier for ln in b.lines]
    bodies = [b.body for b in earlier]
    best: tuple[float, Rect] | None = None
    steps = 40
    for yi in range(steps + 1):
        for xi in range(steps + 1):
            r = Rect(area.x + (area.w - w) * xi / steps, area.y + (area.h - h) * yi / steps, w, h)
            cost = 6 * sum(_overlap(r, t) for t in words) + sum(_overlap(r, t) for t in bodies) + (r.y - area.y) * 0.01
            if best is None or cost < best[0]:
                best = (cost, r)
    assert best is not None
    return best[1]


def _overlap(a: Rect, b: Rect) -> float:
    return max(0.0, min(a.right, b.right) - max(a.x, b.x)) * max(0.0, min(a.bottom, b.bottom) - max(a.y, b.y))


def _obstacles(balloons: list[Balloon]) -> list[Obstacle]:
    """The balloons already placed, as a new tail must keep off them (thought bubbles included)."""
    out = [Obstacle(b.body, b.kind not in ("caption", "sfx"), tuple(ln.box for ln in b.lines)) for b in balloons]
    out += [Obstacle(r, True, ()) for b in balloons for r in b.bubbles]
    return out


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _speaker_target(line: Line, area: Rect, speaker_x: dict[str, float], boxes: dict[str, Rect] | None = None) -> Point | None:
    if line.kind not in TAILED + ("thought",):
        return None
    box = (boxes or {}).get((line.speaker or "").casefold())
    if box is not None:  # toward the speaker's head: the top of the box, inside the panel
        x = min(max(box.center[0], area.x), area.right)
        return (x, min(max(box.y + box.h * 0.18, area.y), area.bottom))
    x = speaker_x.get((line.speaker or "").casefold())
    if x is None:
        # A speaker who is not drawn in this panel talks from below the frame's centre.
        return (area.x + area.w / 2, area.bottom)
    return (area.x + x * area.w, area.y + area.h * 0.62)


def _preferred_x(line: Line, slot: int, count: int, area: Rect, speaker_x: dict[str, float], direction: str) -> float:
    x = speaker_x.get((line.speaker or "").casefold()) if line.speaker else None
    if x is None or line.kind == "caption":
        frac = (slot + 0.5) / max(1, count)
        x = 1 - frac if direction == "rtl" else frac
    else:
        # Beside the speaker's head rather than on it: shift toward the middle of the panel.
        x = min(0.85, max(0.15, x + (0.2 if x <= 0.5 else -0.2)))
    return area.x + x * area.w


def _clamp(r: Rect, area: Rect) -> Rect:
    w, h = min(r.w, area.w), min(r.h, area.h)
    x = min(max(r.x, area.x), area.right - w)
    y = min(max(r.y, area.y), area.bottom - h)
    return Rect(x, y, w, h)


def _auto_place(kind: str, sized: _Sized, area: Rect, taken: list[Rect], pref_x: float, direction: str,
                earlier: list[Balloon], target: Point | None = None, figures: Figures | None = None,
                detail: Detail | None = None) -> Rect | None:
    """The best free spot: high in the panel, near the speaker, after earlier balloons in reading order,
    off the characters and busy picture, and where a straight tail to the speaker (`target`) crosses no
    earlier balloon."""
    figures = figures or []
    w, h = sized.body_w, sized.body_h
    if w > area.w + 0.01 or h > area.h + 0.01:
        return None
    if kind == "caption":
        corners = [(area.x, area.y), (area.right - w, area.bottom - h), (area.right - w, area.y), (area.x, area.bottom - h)]
        if direction == "rtl":
            corners = [(area.right - w, area.y), (area.x, area.bottom - h), (area.x, area.y), (area.right - w, area.bottom - h)]
        for x, y in corners:
            r = Rect(x, y, w, h)
            calm = detail is None or detail(r) < 0.3  # a corner over a busy part of the picture is no home
            if not any(r.intersects(t, GAP) for t in taken) and figure_cost(r, figures) < ON_FIGURE * FIGURE_SHARE and calm:
                return r
    steps = 28
    best: tuple[float, Rect] | None = None
    prev = [b.body for b in earlier if b.kind != "sfx"]
    obstacles = _obstacles(earlier)
    for yi in range(steps + 1):
        y = area.y + (area.h - h) * yi / steps
        for xi in range(steps + 1):
            x = area.x + (area.w - w) * xi / steps
            r = Rect(x, y, w, h)
            if any(r.intersects(t, GAP) for t in taken):
                continue
            cx, cy = r.center
            if kind == "sfx":
                score = abs(cy - (area.y + area.h * 0.72)) / area.h + abs(cx - area.center[0]) / area.w
            else:
                score = 2.5 * (y - area.y) / area.h + abs(cx - pref_x) / area.w
                for p in prev:
                    before = cx < p.center[0] if direction == "ltr" else cx > p.center[0]
                    if r.y < p.y - 1 or (before and r.y < p.bottom - h * 0.3):
                        score += 4.0  # would be read before a balloon that comes earlier
            if (figures or detail is not None) and (best is None or score < best[0]):  # costs only add: skip losers
                score += figure_cost(r, figures, detail)
            if target is not None and kind in TAILED + ("thought",) and (best is None or score < best[0]):
                found = crossing(r, tail_tip(r, target, area), obstacles)
                score += {CLEAR: 0.0, OVER_TEXT: 3.0}.get(found, 1.5)
            if best is None or score < best[0]:
                best = (score, r)
    return best[1] if best else None

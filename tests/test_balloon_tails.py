"""Tails: each reaches toward its speaker without running through another balloon, never through its words."""
from __future__ import annotations

import math
import random

import pytest

from model.page.balloons import Balloon
from model.geometry import Point
from model.page.layout import layout_project
from model.project.project import BalloonPlacement, Character, Line, Panel, Project


def _crowded_park() -> Project:
    """Seven lines in one panel, three speakers: the case where later tails used to cut through earlier balloons."""
    project = Project(title="Park")
    project.characters = [Character("Ann", "a woman"), Character("Bo", "a boy"), Character("小明", "一个男孩")]
    project.panels = [Panel(action="Ann and Bo talk in a park. 小明 listens.", lines=[
        Line("caption", "Meanwhile, in the park..."),
        Line("speech", "Did you bring the map?", "Ann"),
        Line("speech", "No, I thought you had it!", "Bo"),
        Line("thought", "Typical. Absolutely typical.", "Ann"),
        Line("whisper", "don't tell 小明", "Bo"),
        Line("shout", "我听到了！", "小明"),
        Line("sfx", "BANG"),
    ])]
    return project


def _in_polygon(p: Point, poly: list[Point]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        if (y0 > p[1]) != (y1 > p[1]) and p[0] < x0 + (p[1] - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _tail_triangle(b: Balloon) -> list[Point]:
    """The tail as drawn: the tip and its two neighbours on the outline."""
    i = b.outline.index(b.tail_tip)
    return [b.outline[i - 1], b.tail_tip, b.outline[(i + 1) % len(b.outline)]]


def _points_in(triangle: list[Point], step: float = 1.0) -> list[Point]:
    xs, ys = [p[0] for p in triangle], [p[1] for p in triangle]
    out = []
    y = min(ys)
    while y <= max(ys):
        x = min(xs)
        while x <= max(xs):
            if _in_polygon((x, y), triangle):
                out.append((x, y))
            x += step
        y += step
    return out


def _crossings(balloons: list[Balloon]) -> tuple[list[str], list[str]]:
    """(tails over another balloon's words, tails over another balloon's body)."""
    over_text, over_body = [], []
    for b in balloons:
        if b.tail_tip is None or b.kind == "thought" or not b.outline:
            continue
        tail = _points_in(_tail_triangle(b))
        for other in balloons:
            if other is b:
                continue
            inked = [ln.box for ln in other.lines]
            if any(r.contains_point(p) for p in tail for r in inked):
                over_text.append(f"{b.kind} {b.line_index} over the words of {other.line_index}")
            elif other.outline and any(_in_polygon(p, other.outline) for p in tail):
                over_body.append(f"{b.kind} {b.line_index} over balloon {other.line_index}")
    return over_text, over_body


@pytest.mark.parametrize("size", ["A4", "210 x 148 mm", "2000 x 1000 px", "8.5x8.5in"])
def test_tails_in_a_crowded_panel_cross_neither_words_nor_other_balloons(size: str) -> None:
    project = _crowded_park()
    project.page.page_size = size
    layout = layout_project(project, layout="grid")
    balloons = layout.pages[0].frames[0].balloons
    over_text, over_body = _crossings(balloons)
    assert over_text == []
    if not any("no free room" in w for w in layout.warnings):
        assert over_body == []  # where the balloons themselves had to overlap, a tail may have to as well


def test_any_mix_of_lines_never_puts_a_tail_through_other_words() -> None:
    kinds = ["speech", "speech", "shout", "whisper", "thought", "caption", "sfx"]
    words = ["Hi!", "Where is the map, then?", "我不知道！", "Look behind you, quickly, before it moves.",
             "好的，我们走吧。", "WAIT", "Nobody ever listens to me in this family, do they?"]
    rng = random.Random(4)
    for _ in range(40):
        project = Project(characters=[Character("A", ""), Character("B", ""), Character("C", "")])
        lines = [Line(k, rng.choice(words), rng.choice(["A", "B", "C", None]) if k not in ("caption", "sfx") else None)
                 for k in rng.sample(kinds, rng.randint(2, 6))]
        project.panels = [Panel(action="A, B and C stand there.", lines=lines)]
        project.page.page_size = rng.choice(["A4", "A5", "11x8.5in"])
        layout = layout_project(project, layout=rng.choice(["grid", "strip", "vertical"]))
        over_text, _ = _crossings(layout.pages[0].frames[0].balloons)
        assert over_text == [], [ln.text for ln in lines]


def test_a_users_tail_is_kept_even_where_the_automatic_one_would_turn() -> None:
    project = _crowded_park()
    project.panels[0].balloons[5] = BalloonPlacement(x=0.7, y=0.8, tail_x=0.7, tail_y=0.2)
    frame = layout_project(project, layout="grid").pages[0].frames[0]
    shout = next(b for b in frame.balloons if b.line_index == 5)
    assert shout.tail_tip == pytest.approx((frame.rect.x + 0.7 * frame.rect.w, frame.rect.y + 0.2 * frame.rect.h), abs=8)


def test_a_tail_that_has_to_turn_still_leaves_toward_its_speaker() -> None:
    project = _crowded_park()
    frame = layout_project(project, layout="grid").pages[0].frames[0]
    speakers = {"Ann": 1 / 6, "Bo": 3 / 6, "小明": 5 / 6}  # the order the action names them
    lines = project.panels[0].lines
    for b in frame.balloons:
        if b.kind in ("speech", "shout", "whisper") and b.tail_tip is not None:
            cx, cy = b.body.center
            target = (frame.rect.x + speakers[lines[b.line_index].speaker] * frame.rect.w, frame.rect.y + 0.62 * frame.rect.h)
            tail = (b.tail_tip[0] - cx, b.tail_tip[1] - cy)
            way = (target[0] - cx, target[1] - cy)
            cos = (tail[0] * way[0] + tail[1] * way[1]) / (math.hypot(*tail) * math.hypot(*way))
            assert cos > math.cos(math.radians(80)), b.line_index
            assert frame.rect.contains_point(b.tail_tip)


@pytest.mark.parametrize("size", ["210 x 148 mm", "8.5x8.5in"])
def test_a_balloon_with_no_free_room_still_leaves_every_other_balloons_words_uncovered(size: str) -> None:
    project = _crowded_park()
    project.page.page_size = size
    layout = layout_project(project, layout="grid")
    assert any("no free room" in w for w in layout.warnings)  # the overlap is still reported
    balloons = layout.pages[0].frames[0].balloons
    for b in balloons:
        for other in balloons:
            if other is not b:
                assert not any(other.body.intersects(ln.box) for ln in b.lines), (other.line_index, b.line_index)

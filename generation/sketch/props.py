"""What stands in a sketch besides the cast: the car (in its own colour, with whoever the script puts
at the wheel inside it), signs with quoted scene text, a counter, and unnamed people in the background.
"""
from __future__ import annotations

import re

from PIL import Image, ImageChops, ImageDraw

from generation.sketch.figures import FigureSpec, Pose, draw_figure, draw_labels
from generation.sketch.scene import draw_car, draw_counter, draw_sign
from generation.sketch.words import (
    CAR_WORDS, COUNTER_WORDS, CROWD_WORDS, DRIVE_WORDS, RGB, colour_before, find_word, has_word, quoted_texts,
    word_positions,
)
from model.mentions import mention_position

CLOSE = ("close-up", "extreme close-up")
UNPAINTED_CAR: RGB = (186, 190, 198)  # silver: a car the script gives no colour gets none of anyone else's
_CLAUSES = re.compile(r"[,.;:!?，。；：！？、\n]")
# Passers-by wear plain, muted colours so they never compete with the cast.
CROWD_CLOTHES = ("grey coat", "tan coat", "olive coat", "rust coat", "lavender coat", "teal coat")


def scene_words(action: str, figures: tuple[FigureSpec, ...]) -> str:
    """The action plus every active lasting detail: what decides the props."""
    return " ".join([action, *(d for f in figures for d in f.details)])


def car_colour(words: str) -> RGB:
    """The colour written right before a vehicle word ("a red sports car", "红色跑车"), else silver."""
    for at in word_positions(words, CAR_WORDS):
        colour = colour_before(words, at)
        if colour is not None:
            return colour
    return UNPAINTED_CAR


def riders(action: str, figures: tuple[FigureSpec, ...]) -> tuple[FigureSpec, ...]:
    """The figures the action or their own lasting details put in the vehicle, when there is one."""
    if not has_word(scene_words(action, figures), CAR_WORDS):
        return ()
    inside = {f.name for f in figures if any(has_word(d, DRIVE_WORDS) for d in f.details)}
    for clause in _CLAUSES.split(action):
        drive = find_word(clause, DRIVE_WORDS)
        if drive < 0:
            continue
        named = [(mention_position(f.name, clause), f.name) for f in figures]
        named = [(at, name) for at, name in named if at >= 0]
        before = [(at, name) for at, name in named if at < drive]
        # "Gary watches Sam drive away": the one named nearest before the verb drives.
        if before:
            inside.add(max(before)[1])
        elif named:
            inside.add(min(named)[1])
    return tuple(f for f in figures if f.name in inside)


def draw_props(img: Image.Image, draw: ImageDraw.ImageDraw, action: str, figures: tuple[FigureSpec, ...],
               shot: str, horizon: float, in_car: tuple[FigureSpec, ...]) -> None:
    """The car (with `in_car` inside it), a sign for quoted text, a counter: whatever the words ask for."""
    w, h = img.size
    words = scene_words(action, figures)
    texts = quoted_texts(words)
    if shot in CLOSE:
        if texts:
            draw_sign(draw, w * 0.8, h * 0.08, texts[0], max(18, h // 14))
        return
    ground = horizon + (h - horizon) * (0.35 if shot in ("wide", "extreme wide") else 0.25)
    if has_word(words, CAR_WORDS):
        colour = car_colour(words)
        # Alone (or carrying the cast), the car is the subject; with people beside it it stands back.
        alone = len(in_car) == len(figures)
        length = w * (0.55 if in_car else 0.62 if alone else 0.4)
        x = w * (0.44 if in_car else 0.5)
        car_ground = ground + h * 0.08 if alone else horizon + (h - horizon) * 0.12
        seat = _Seat(img, in_car, x, car_ground, length) if in_car else None
        draw_car(draw, x, car_ground, length, colour, texts, inside=seat)
        for fig, pose, box in seat.placed if seat else []:
            draw_labels(draw, fig, pose, box)
    elif texts:
        draw_sign(draw, w * 0.5, h * 0.06, "  ".join(texts[:2]), max(18, h // 16))
    if has_word(action, COUNTER_WORDS):
        draw_counter(draw, w * 0.38, w * 0.86, ground + h * 0.04, h * 0.16)


class _Seat:
    """Draws the riders through the car's window (clipped to the glass) and remembers where, for labels."""

    def __init__(self, img: Image.Image, riders: tuple[FigureSpec, ...], x: float, ground: float, length: float):
        self.img, self.riders, self.x, self.ground, self.length = img, riders, x, ground, length
        self.placed: list[tuple[FigureSpec, Pose, tuple[float, float, float, float]]] = []

    def __call__(self, glass: list[tuple[float, float]]) -> None:
        h = self.length * 0.3  # the car body's height, as draw_car measures it
        x0, y0 = int(min(p[0] for p in glass)), int(min(p[1] for p in glass))
        x1, y1 = int(max(p[0] for p in glass)) + 1, int(max(p[1] for p in glass)) + 1
        layer = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
        ldraw = ImageDraw.Draw(layer, "RGBA")
        roof = self.ground - h * 1.12
        for i, fig in enumerate(self.riders[:2]):
            seat_x = self.x + self.length * (0.1 - 0.2 * i)  # the driver in front, one passenger behind
            if fig.kind == "snail":
                size = h  # head and eye stalks fill the window, the shell shows behind them
                pose = Pose(seat_x - h * 0.35 - x0, self.ground - h * 0.55 - y0, size, "side", 1, labels=False)
            else:
                size = h * 1.5
                pose = Pose(seat_x - x0, self.ground + h * 0.43 - y0, size, "three-quarter", 1, labels=False)
            draw_figure(ldraw, fig, pose)
            label_pose = Pose(seat_x, self.ground, size, pose.view, 1)
            self.placed.append((fig, label_pose, (seat_x - h * 0.5, roof, seat_x + h * 0.5, self.ground - h * 0.2)))
        window = Image.new("L", layer.size, 0)
        ImageDraw.Draw(window).polygon([(px - x0, py - y0) for px, py in glass], fill=255)
        self.img.paste(layer, (x0, y0), ImageChops.multiply(layer.getchannel("A"), window))


def draw_crowd(draw: ImageDraw.ImageDraw, action: str, shot: str, w: int, h: int, horizon: float) -> None:
    """Small unlabelled passers-by on both sides, facing the middle, when the action names people."""
    if shot in CLOSE or shot == "over-the-shoulder" or not has_word(action, CROWD_WORDS):
        return
    scale = {"extreme wide": 0.1, "wide": 0.13}.get(shot, 0.2)
    for i, x in enumerate((0.05, 0.13, 0.21, 0.79, 0.87, 0.95)):
        fh = h * scale * (1.0 if i % 2 == 0 else 0.9)
        ground = horizon + (h - horizon) * (0.2 + 0.06 * (i % 3))
        person = FigureSpec(f"passer-by {i}", CROWD_CLOTHES[i % len(CROWD_CLOTHES)])
        draw_figure(draw, person, Pose(w * x, ground, fh, "three-quarter", 1 if x < 0.5 else -1, labels=False))

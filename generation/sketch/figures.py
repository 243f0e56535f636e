"""Figures for the offline sketches: a person, an eared creature (fox, cat …) or a snail, drawn the
same way in every panel from a character's colour words, with its name and lasting details labelled.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from PIL import ImageDraw

from generation.sketch.text import draw_text, fit_lines, text_size
from generation.sketch.words import HAIR_WORDS, RGB, accessory_in, colour_before, colours_in, creature_of, find_word, stable_colour

INK: RGB = (46, 42, 40)
SKIN: RGB = (242, 204, 170)
SNAIL_BODY: RGB = (214, 204, 170)
PAPER: RGB = (250, 248, 240)


@dataclass(frozen=True)
class FigureSpec:
    """One character as the sketch shows it: name, description and the lasting details now in force."""

    name: str
    description: str = ""
    details: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return creature_of(self.description)

    @property
    def colours(self) -> tuple[RGB, RGB]:
        """(main, accent): the first two colour words of the description, else stable name colours."""
        found = colours_in(self.description)
        main = found[0] if found else stable_colour(self.name)
        accent = found[1] if len(found) > 1 else _shade(main, 0.6)
        return main, accent

    @property
    def hair(self) -> RGB:
        """The colour written before "hair" in the description ("grey hair", "灰色头发"), else a dark main."""
        at = find_word(self.description, HAIR_WORDS)
        return (colour_before(self.description, at) if at >= 0 else None) or _shade(self.colours[0], 0.45)

    @property
    def accessory(self) -> tuple[str, RGB] | None:
        """("bow" or "tie", colour) only when the description or an active detail names one."""
        for text in (self.description, *self.details):
            found = accessory_in(text)
            if found:
                return found[0], found[1] or self.colours[1]
        return None


@dataclass
class Pose:
    """Where and how big: centre x, the ground line y, the figure's height, its view and facing."""

    x: float
    ground: float
    height: float
    view: str = "front"  # front, three-quarter, side, back, top
    facing: int = 1  # 1 looks right, -1 left
    labels: bool = True
    tags: list[tuple[float, float]] = field(default_factory=list)


def _shade(rgb: RGB, f: float) -> RGB:
    return (int(rgb[0] * f), int(rgb[1] * f), int(rgb[2] * f))


def _lw(h: float) -> int:
    return max(2, int(h / 90))


def draw_figure(draw: ImageDraw.ImageDraw, fig: FigureSpec, pose: Pose) -> tuple[float, float, float, float]:
    """Draw `fig` and return its bounding box (left, top, right, bottom)."""
    if pose.view == "top":
        box = _draw_from_above(draw, fig, pose)
    elif fig.kind == "snail":
        box = _draw_snail(draw, fig, pose)
    else:
        box = _draw_person(draw, fig, pose)
    if pose.labels:
        draw_labels(draw, fig, pose, box)
    return box


def draw_labels(draw: ImageDraw.ImageDraw, fig: FigureSpec, pose: Pose, box: tuple[float, float, float, float]) -> None:
    """The name tag above `box` and a tag per active lasting detail beside it, all inside the panel."""
    _draw_details(draw, fig, pose, box)
    _draw_name(draw, fig.name, (box[0] + box[2]) / 2, box[1], pose.height)


def _draw_person(draw: ImageDraw.ImageDraw, fig: FigureSpec, pose: Pose) -> tuple[float, float, float, float]:
    main = fig.colours[0]
    h, x, g, lw = pose.height, pose.x, pose.ground, _lw(pose.height)
    r = h * 0.11
    head_y = g - h + r
    neck = head_y + r
    hip = g - h * 0.42
    side = pose.view == "side"
    half = h * (0.12 if side else 0.17 if pose.view == "three-quarter" else 0.2)
    # Legs, then body, so the coat overlaps them.
    legs = _shade(main, 0.5)
    for dx in ((-0.3, 0.3) if not side else (-0.05, 0.1)):
        lx = x + dx * half
        draw.rounded_rectangle((lx - h * 0.05, hip - h * 0.02, lx + h * 0.05, g), radius=h * 0.03, fill=legs, outline=INK, width=lw)
    draw.polygon([(x - half * 0.75, neck), (x + half * 0.75, neck), (x + half, hip + h * 0.04), (x - half, hip + h * 0.04)],
                 fill=main, outline=INK, width=lw)
    # Arms: a gesture arm towards the facing side so figures seem to talk to each other.
    sx = x + pose.facing * half * 0.8
    if pose.view == "back":  # seen from behind: both arms hang down
        sx = x - half * 0.8
        draw.line([(x + half * 0.8, neck + h * 0.05), (x + half * 0.85, hip)], fill=INK, width=lw * 2)
        draw.line([(sx, neck + h * 0.05), (sx - half * 0.05, hip)], fill=INK, width=lw * 2)
    else:
        draw.line([(sx, neck + h * 0.05), (sx + pose.facing * h * 0.16, neck + h * 0.2), (sx + pose.facing * h * 0.2, neck + h * 0.1)],
                  fill=INK, width=lw * 2, joint="curve")
    if not side and pose.view != "back":
        ox = x - pose.facing * half * 0.8
        draw.line([(ox, neck + h * 0.05), (ox - pose.facing * h * 0.05, hip)], fill=INK, width=lw * 2)
    if pose.view != "back":
        bx = x + (pose.facing * half * 0.3 if pose.view != "front" else 0)
        _collar(draw, fig, bx, neck + h * 0.02, h * 0.05, lw)
    _draw_head(draw, fig, x, head_y, r, pose, SKIN)
    return (x - half - h * 0.2, head_y - r * 1.6, x + half + h * 0.2, g)


def _draw_head(draw: ImageDraw.ImageDraw, fig: FigureSpec, x: float, y: float, r: float, pose: Pose, skin: RGB) -> None:
    main = fig.colours[0]
    lw = _lw(pose.height)
    eared = fig.kind == "eared"
    face = main if eared else skin
    if eared:
        for dx in (-0.65, 0.65):
            ex = x + dx * r
            draw.polygon([(ex - r * 0.35, y - r * 0.6), (ex + r * 0.35, y - r * 0.6), (ex + dx * r * 0.2, y - r * 1.5)],
                         fill=main, outline=INK, width=lw)
    else:  # hair in the main colour's dark shade keeps people recognisable too
        draw.chord((x - r * 1.05, y - r * 1.1, x + r * 1.05, y + r * 0.9), 180, 360, fill=fig.hair, outline=INK, width=lw)
    if pose.view == "back":  # the back of the head: all hair (or fur)
        face = main if eared else fig.hair
    draw.ellipse((x - r, y - r, x + r, y + r), fill=face, outline=INK, width=lw)
    if not eared and pose.view != "back":
        draw.chord((x - r, y - r, x + r, y + r * 0.2), 180, 360, fill=fig.hair)
    if eared and pose.view != "back":
        draw.ellipse((x - r * 0.45 + pose.facing * r * 0.2, y + r * 0.05, x + r * 0.45 + pose.facing * r * 0.2, y + r * 0.8), fill=PAPER)
    if pose.view == "back":
        return
    shift = {"front": 0.0, "three-quarter": 0.3, "side": 0.55}.get(pose.view, 0.0) * pose.facing * r
    eye = max(2.0, r * 0.1)
    eyes = (-0.35, 0.35) if pose.view != "side" else (0.25,)
    for ex in eyes:
        cx = x + shift + ex * r
        draw.ellipse((cx - eye, y - eye, cx + eye, y + eye), fill=INK)
    mouth_y = y + r * 0.45
    draw.arc((x + shift - r * 0.25, mouth_y - r * 0.2, x + shift + r * 0.25, mouth_y + r * 0.1), 20, 160, fill=INK, width=lw)
    if pose.view == "side":
        nose = x + pose.facing * r
        draw.polygon([(nose - pose.facing * 2, y - r * 0.1), (nose + pose.facing * r * 0.25, y + r * 0.15), (nose - pose.facing * 2, y + r * 0.25)],
                     fill=face, outline=INK)


def _draw_snail(draw: ImageDraw.ImageDraw, fig: FigureSpec, pose: Pose) -> tuple[float, float, float, float]:
    main = fig.colours[0]
    h, x, g, lw = pose.height * 0.55, pose.x, pose.ground, _lw(pose.height)
    f = pose.facing
    length = h * (1.5 if pose.view in ("side", "three-quarter") else 1.1)
    # The foot: a long soft body along the ground, head end raised towards the facing side.
    draw.rounded_rectangle((x - length / 2, g - h * 0.22, x + length / 2, g), radius=h * 0.11, fill=SNAIL_BODY, outline=INK, width=lw)
    hx = x + f * length * 0.42
    draw.rounded_rectangle((hx - h * 0.13, g - h * 0.62, hx + h * 0.13, g - h * 0.1), radius=h * 0.12, fill=SNAIL_BODY, outline=INK, width=lw)
    for k, dx in enumerate((-0.07, 0.09) if pose.view != "side" else (0.05,)):
        tip = (hx + f * h * (dx + 0.08), g - h * (0.95 - 0.05 * k))
        draw.line([(hx + f * dx * h, g - h * 0.58), tip], fill=INK, width=lw)
        draw.ellipse((tip[0] - h * 0.045, tip[1] - h * 0.045, tip[0] + h * 0.045, tip[1] + h * 0.045), fill=INK)
    if pose.view != "back":
        draw.arc((hx - h * 0.07 + f * h * 0.03, g - h * 0.42, hx + h * 0.07 + f * h * 0.03, g - h * 0.3), 20, 160, fill=INK, width=lw)
    # The shell: concentric rings in the main colour read as a spiral at any size.
    sr = h * 0.42
    sx, sy = x - f * length * 0.08, g - h * 0.2 - sr * 0.9
    for i, k in enumerate((1.0, 0.72, 0.46, 0.22)):
        rr = sr * k
        cx = sx + f * (1 - k) * sr * 0.25
        fill = main if i % 2 == 0 else _shade(main, 0.82)
        draw.ellipse((cx - rr, sy - rr, cx + rr, sy + rr), fill=fill, outline=INK, width=lw)
    _collar(draw, fig, hx, g - h * 0.2, h * 0.09, lw)
    return (x - length / 2, sy - sr, x + length / 2, g)


def _draw_from_above(draw: ImageDraw.ImageDraw, fig: FigureSpec, pose: Pose) -> tuple[float, float, float, float]:
    """Bird's-eye: a shadow, shoulders and the top of a head (or a shell)."""
    main = fig.colours[0]
    s, x, y, lw = pose.height * 0.35, pose.x, pose.ground, _lw(pose.height)
    draw.ellipse((x - s * 0.9 + s * 0.25, y - s * 0.5 + s * 0.25, x + s * 0.9 + s * 0.25, y + s * 0.5 + s * 0.25), fill=(0, 0, 0, 60))
    if fig.kind == "snail":
        draw.ellipse((x - s * 0.9, y - s * 0.3, x + s * 0.9, y + s * 0.3), fill=SNAIL_BODY, outline=INK, width=lw)
        for k in (0.6, 0.4, 0.2):
            draw.ellipse((x - s * k, y - s * k, x + s * k, y + s * k), fill=main if k != 0.4 else _shade(main, 0.8), outline=INK, width=lw)
        _collar(draw, fig, x + s * 0.75, y, s * 0.12, lw)
    else:
        draw.ellipse((x - s * 0.8, y - s * 0.35, x + s * 0.8, y + s * 0.35), fill=main, outline=INK, width=lw)
        head = SKIN if fig.kind == "person" else main
        draw.ellipse((x - s * 0.35, y - s * 0.35, x + s * 0.35, y + s * 0.35), fill=fig.hair if fig.kind == "person" else head, outline=INK, width=lw)
        _collar(draw, fig, x, y + s * 0.38, s * 0.12, lw)
    return (x - s, y - s * 0.6, x + s, y + s * 0.6)


def _collar(draw: ImageDraw.ImageDraw, fig: FigureSpec, x: float, y: float, s: float, lw: int) -> None:
    """The bow tie or necktie the character's own words give it; nothing when they name none."""
    worn = fig.accessory
    if worn is None:
        return
    kind, colour = worn
    if kind == "bow":
        _bow(draw, x, y, s, colour, lw)
    else:
        draw.polygon([(x - s * 0.5, y), (x + s * 0.5, y), (x + s * 0.7, y + s * 4), (x, y + s * 5), (x - s * 0.7, y + s * 4)],
                     fill=colour, outline=INK, width=max(1, lw // 2))


def _bow(draw: ImageDraw.ImageDraw, x: float, y: float, s: float, colour: RGB, lw: int) -> None:
    draw.polygon([(x, y), (x - s * 1.6, y - s), (x - s * 1.6, y + s)], fill=colour, outline=INK, width=max(1, lw // 2))
    draw.polygon([(x, y), (x + s * 1.6, y - s), (x + s * 1.6, y + s)], fill=colour, outline=INK, width=max(1, lw // 2))
    draw.ellipse((x - s * 0.45, y - s * 0.45, x + s * 0.45, y + s * 0.45), fill=colour, outline=INK, width=max(1, lw // 2))


def _panel_size(draw: ImageDraw.ImageDraw) -> tuple[int, int]:
    return draw.im.size  # the image being drawn on: labels must stay inside it


def _draw_name(draw: ImageDraw.ImageDraw, name: str, cx: float, top: float, h: float) -> None:
    size = int(max(14, min(40, h * 0.09)))
    pw, _ph = _panel_size(draw)
    w, th = text_size(name, size)
    pad = size * 0.35
    cx = min(max(cx, w / 2 + pad + 4), pw - w / 2 - pad - 4)  # a figure at the edge keeps its whole name
    y = max(4.0, top - th - pad * 2 - 4)
    draw.rounded_rectangle((cx - w / 2 - pad, y, cx + w / 2 + pad, y + th + pad * 2), radius=pad, fill=(255, 255, 250), outline=INK, width=2)
    draw_text(draw, (cx - w / 2, y + pad), name, size, INK)


TAG_GOLD: RGB = (170, 120, 20)


def _draw_details(draw: ImageDraw.ImageDraw, fig: FigureSpec, pose: Pose, box: tuple[float, float, float, float]) -> None:
    """A gold star on the figure and a tag beside it per lasting detail, wrapped to fit inside the panel."""
    details = fig.details[:3]
    if not details:
        return
    size = int(max(12, min(30, pose.height * 0.06)))
    pw, ph = _panel_size(draw)
    margin = max(6.0, pw * 0.015)
    cx, cy = (box[0] + box[2]) / 2, box[1] + (box[3] - box[1]) * 0.45
    room_right, room_left = pw - margin - (box[2] + 6), box[0] - 6 - margin
    right = room_right >= room_left or room_right >= pw * 0.3
    room = max(room_right, room_left)
    if room < pw * 0.25:  # no room beside the figure (a close-up): the tag goes over it, still inside
        room, right = pw - 2 * margin, True
    text_w = room - size - 10  # the star and padding take the rest
    th = size * 1.15
    ty = box[1] + (box[3] - box[1]) * 0.35
    for i, detail in enumerate(details):
        lines = fit_lines(detail, size, text_w, 2)
        w = max(text_size(line, size)[0] for line in lines)
        tag_w, tag_h = w + size + 10, th * len(lines) + 8
        if right:
            tx = min(box[2] + 6, pw - margin - tag_w) if room_right >= pw * 0.25 else margin
        else:
            tx = box[0] - 6 - tag_w
        ty = min(max(ty, margin), ph - margin - tag_h)
        sx, sy = cx + (i - (len(details) - 1) / 2) * size * 1.2, cy
        _star(draw, sx, sy, size * 0.55)
        draw.line([(sx, sy), (tx if right else tx + tag_w, ty + tag_h / 2)], fill=TAG_GOLD, width=2)
        draw.rounded_rectangle((tx, ty, tx + tag_w, ty + tag_h), radius=4, fill=(255, 244, 200), outline=TAG_GOLD, width=2)
        _star(draw, tx + 4 + size * 0.45, ty + 4 + th / 2, size * 0.4)
        for k, line in enumerate(lines):
            draw_text(draw, (tx + 4 + size, ty + 4 + k * th), line, size, INK)
        ty += tag_h + size * 0.4


def _star(draw: ImageDraw.ImageDraw, x: float, y: float, r: float) -> None:
    points = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.45
        points.append((x + rr * math.cos(a), y + rr * math.sin(a)))
    draw.polygon(points, fill=(246, 196, 40), outline=INK)

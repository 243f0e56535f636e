"""Backgrounds and props for the offline sketches: sky, ground and horizon per setting, day or night,
plus the few props scripts keep asking for (a car with its lettering, a counter, a sign).
"""
from __future__ import annotations

import random
from collections.abc import Callable

from PIL import Image, ImageDraw

from generation.sketch.figures import INK
from generation.sketch.text import draw_text, text_size
from generation.sketch.words import RGB, Scene


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def _shade(rgb: RGB, f: float) -> RGB:
    return (min(255, int(rgb[0] * f)), min(255, int(rgb[1] * f)), min(255, int(rgb[2] * f)))


def gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    """A vertical gradient, made small and stretched (far faster than drawing every row)."""
    strip = Image.new("RGB", (1, 64))
    strip.putdata([_mix(top, bottom, i / 63) for i in range(64)])
    return strip.resize(size, Image.Resampling.BILINEAR)


def draw_background(img: Image.Image, scene: Scene, horizon_y: float, rng: random.Random) -> None:
    """Sky (or wall) above the horizon, ground (or floor) below, and the setting's motif on it."""
    w, h = img.size
    hy = int(max(0, min(h, horizon_y)))
    if hy > 0:
        img.paste(gradient((w, hy), scene.sky_top, scene.sky_bottom), (0, 0))
    if hy < h:
        img.paste(gradient((w, h - hy), scene.ground, _shade(scene.ground, 0.82)), (0, hy))
    draw = ImageDraw.Draw(img, "RGBA")
    lw = max(2, w // 400)
    if scene.night and scene.motif not in ("room", "showroom"):
        for _ in range(40):
            x, y = rng.uniform(0, w), rng.uniform(0, hy * 0.8)
            s = rng.uniform(1, 2.6) * w / 1024
            draw.ellipse((x - s, y - s, x + s, y + s), fill=(250, 246, 210))
        mx, my, mr = w * 0.82, hy * 0.22, w * 0.045
        draw.ellipse((mx - mr, my - mr, mx + mr, my + mr), fill=(250, 244, 206))
        draw.ellipse((mx - mr * 0.55, my - mr * 1.05, mx + mr * 1.45, my + mr * 0.95), fill=scene.sky_top)
    MOTIFS.get(scene.motif, _plain)(draw, w, h, hy, scene, rng, lw)
    draw.line([(0, hy), (w, hy)], fill=(*INK, 150), width=lw)


def _plain(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    hill = _shade(scene.ground, 0.92)
    for i in range(3):
        cx, r = rng.uniform(0, w), rng.uniform(0.2, 0.4) * w
        draw.chord((cx - r, hy - r * 0.25, cx + r, hy + r * 0.25), 180, 360, fill=hill, outline=(*INK, 90), width=lw)


def _forest(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    dark = (40, 70, 50) if scene.night else (60, 110, 70)
    x = -w * 0.03
    while x < w * 1.03:
        th = rng.uniform(0.18, 0.34) * h
        tw = th * rng.uniform(0.35, 0.5)
        draw.rectangle((x - tw * 0.08, hy - th * 0.25, x + tw * 0.08, hy), fill=(96, 70, 46), outline=INK, width=lw)
        draw.polygon([(x, hy - th), (x - tw / 2, hy - th * 0.2), (x + tw / 2, hy - th * 0.2)], fill=_shade(dark, rng.uniform(0.85, 1.2)), outline=INK, width=lw)
        x += tw * rng.uniform(0.55, 0.9)


def _sea(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    foam = (230, 240, 250, 160) if not scene.night else (160, 170, 210, 120)
    for i in range(9):
        y = hy + (h - hy) * (i + 1) / 11
        x = rng.uniform(-40, 0)
        while x < w:
            draw.arc((x, y - 8, x + w * 0.06, y + 8), 200, 340, fill=foam, width=lw)
            x += w * rng.uniform(0.08, 0.16)
    draw.rectangle((0, h - (h - hy) * 0.18, w, h), fill=(226, 206, 160) if not scene.night else (90, 86, 96))


def _road(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    vx = w * 0.5
    verge = (120, 160, 96) if not scene.night else (50, 66, 56)
    draw.polygon([(0, hy), (vx - w * 0.02, hy), (-w * 0.4, h), (0, h)], fill=verge)
    draw.polygon([(w, hy), (vx + w * 0.02, hy), (w * 1.4, h), (w, h)], fill=verge)
    for k in range(8):  # dashes shrink towards the vanishing point
        t0, t1 = (k / 8) ** 1.6, ((k + 0.5) / 8) ** 1.6
        y0, y1 = hy + (h - hy) * t0, hy + (h - hy) * t1
        hw0, hw1 = w * 0.004 + t0 * w * 0.012, w * 0.004 + t1 * w * 0.012
        draw.polygon([(vx - hw0, y0), (vx + hw0, y0), (vx + hw1, y1), (vx - hw1, y1)], fill=(246, 230, 120))
    draw.line([(vx - w * 0.02, hy), (-w * 0.4, h)], fill=INK, width=lw)
    draw.line([(vx + w * 0.02, hy), (w * 1.4, h)], fill=INK, width=lw)
    _buildings(draw, w, hy, scene, rng, lw, scale=0.12, lit=scene.night)


def _street(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    _buildings(draw, w, hy, scene, rng, lw, scale=0.4, lit=scene.night)
    kerb = hy + (h - hy) * 0.45
    draw.rectangle((0, kerb, w, h), fill=(96, 96, 104) if not scene.night else (40, 42, 56))
    draw.line([(0, kerb), (w, kerb)], fill=INK, width=lw)
    for i in range(12):
        x = i * w / 11
        draw.line([(x, hy), (x - w * 0.05, kerb)], fill=(*INK, 60), width=1)


def _buildings(draw: ImageDraw.ImageDraw, w: int, hy: int, scene: Scene, rng: random.Random, lw: int, scale: float, lit: bool) -> None:
    x = 0.0
    body = (150, 156, 170) if not scene.night else (36, 40, 70)
    while x < w:
        bw, bh = rng.uniform(0.08, 0.16) * w, rng.uniform(0.4, 1.0) * scale * w
        draw.rectangle((x, hy - bh, x + bw, hy), fill=_shade(body, rng.uniform(0.85, 1.15)), outline=INK, width=lw)
        step = max(8.0, bw / 4)
        for wx in range(int(x + step * 0.5), int(x + bw - step * 0.4), int(step)):
            for wy in range(int(hy - bh + step * 0.5), int(hy - step * 0.3), int(step)):
                on = lit and rng.random() < 0.55
                draw.rectangle((wx, wy, wx + step * 0.4, wy + step * 0.45), fill=(250, 222, 120) if on else _shade(body, 0.75))
        x += bw + rng.uniform(0, 0.02) * w


def _room(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    if scene.night:
        draw.rectangle((0, 0, w, hy), fill=(120, 100, 84))
    wx, wy, ww, wh = w * 0.62, hy * 0.18, w * 0.26, hy * 0.5
    sky = (24, 30, 70) if scene.night else (176, 214, 240)
    draw.rectangle((wx, wy, wx + ww, wy + wh), fill=sky, outline=INK, width=lw * 2)
    draw.line([(wx + ww / 2, wy), (wx + ww / 2, wy + wh)], fill=INK, width=lw)
    draw.line([(wx, wy + wh / 2), (wx + ww, wy + wh / 2)], fill=INK, width=lw)
    draw.rectangle((w * 0.12, hy * 0.25, w * 0.3, hy * 0.55), outline=INK, width=lw, fill=(230, 200, 150))
    for i in range(1, 9):
        x = i * w / 8
        draw.line([(w / 2 + (x - w / 2) * 0.6, hy), (x + (x - w / 2) * 0.4, h)], fill=(*INK, 70), width=1)


def _showroom(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    outside = (24, 30, 70) if scene.night else (196, 224, 244)
    for i in range(4):  # tall glass panes along the back wall
        x0 = w * (0.04 + i * 0.24)
        draw.rectangle((x0, hy * 0.12, x0 + w * 0.2, hy * 0.95), fill=outside, outline=INK, width=lw)
        draw.line([(x0 + w * 0.03, hy * 0.2), (x0 + w * 0.09, hy * 0.2 + w * 0.08)], fill=(255, 255, 255, 150), width=lw * 2)
    for i in range(3):
        x = w * (0.2 + i * 0.3)
        draw.polygon([(x - 6, 0), (x + 6, 0), (x + w * 0.09, hy * 0.9), (x - w * 0.09, hy * 0.9)], fill=(255, 250, 220, 50))
    for k in range(1, 6):  # polished floor: reflections and tile lines
        y = hy + (h - hy) * (k / 6) ** 1.3
        draw.line([(0, y), (w, y)], fill=(255, 255, 255, 120), width=1)


def _garden(draw: ImageDraw.ImageDraw, w: int, h: int, hy: int, scene: Scene, rng: random.Random, lw: int) -> None:
    for i in range(int(w / 30)):  # a picket fence along the horizon
        x = i * 30 * w / 1024
        draw.rectangle((x, hy - h * 0.07, x + w * 0.012, hy), fill=(240, 236, 226) if not scene.night else (110, 110, 130), outline=(*INK, 120))
    for _ in range(5):
        cx, r = rng.uniform(0, w), rng.uniform(0.05, 0.09) * w
        draw.ellipse((cx - r, hy - r, cx + r, hy + r * 0.4), fill=(80, 140, 70) if not scene.night else (40, 70, 50), outline=INK, width=lw)
    for _ in range(26):
        x, y = rng.uniform(0, w), rng.uniform(hy + 10, h)
        r = rng.uniform(4, 9) * w / 1024
        petal = rng.choice([(236, 90, 120), (250, 210, 70), (250, 250, 250), (180, 120, 220)])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=petal if not scene.night else _shade(petal, 0.5))


MOTIFS = {
    "plain": _plain, "forest": _forest, "sea": _sea, "road": _road, "street": _street,
    "room": _room, "showroom": _showroom, "garden": _garden,
}


def draw_car(draw: ImageDraw.ImageDraw, x: float, ground: float, length: float, colour: RGB, letters: list[str],
             facing: int = 1, inside: Callable[[list[tuple[float, float]]], None] | None = None) -> None:
    """A sports car in profile, `letters` painted on door, bonnet and roof, with speed lines behind.

    `inside(glass)` draws whoever sits in the car, after the window and before the body hides their legs.
    """
    lw = max(2, int(length / 160))
    h = length * 0.3
    left, right = x - length / 2, x + length / 2
    nose = right if facing > 0 else left
    tail = left if facing > 0 else right
    cab = [(x - facing * length * 0.28, ground - h * 0.72), (x - facing * length * 0.15, ground - h * 1.12),
           (x + facing * length * 0.12, ground - h * 1.12), (x + facing * length * 0.3, ground - h * 0.72)]
    draw.polygon(cab, fill=colour, outline=INK, width=lw)
    glass = [(cab[0][0] + facing * length * 0.04, cab[0][1] - 2), (cab[1][0] + facing * length * 0.02, cab[1][1] + h * 0.08),
             (cab[2][0] - facing * length * 0.02, cab[2][1] + h * 0.08), (cab[3][0] - facing * length * 0.05, cab[3][1] - 2)]
    draw.polygon(glass, fill=(200, 226, 240), outline=INK, width=max(1, lw // 2))
    if inside is not None:
        inside(glass)
    draw.rounded_rectangle((left, ground - h * 0.75, right, ground - h * 0.2), radius=h * 0.2, fill=colour, outline=INK, width=lw)
    for wx in (tail + facing * length * 0.22, nose - facing * length * 0.22):
        r = h * 0.26
        draw.ellipse((wx - r, ground - h * 0.2 - r, wx + r, ground - h * 0.2 + r), fill=(40, 40, 44), outline=INK, width=lw)
        draw.ellipse((wx - r * 0.45, ground - h * 0.2 - r * 0.45, wx + r * 0.45, ground - h * 0.2 + r * 0.45), fill=(190, 190, 196))
    for k in range(3):  # speed lines
        y = ground - h * (0.35 + 0.2 * k)
        draw.line([(tail - facing * length * (0.12 + 0.05 * k), y), (tail - facing * length * (0.5 + 0.1 * k), y)], fill=(*INK, 150), width=lw)
    if letters:
        spots = [(x, ground - h * 0.47, h * 0.42), (nose - facing * length * 0.14, ground - h * 0.55, h * 0.3), (x - facing * length * 0.02, ground - h * 0.95, h * 0.26)]
        if inside is not None:  # the roof letter would sit on the driver's face: put it on the boot
            spots[2] = (tail + facing * length * 0.12, ground - h * 0.55, h * 0.28)
        for (sx, sy, size), text in zip(spots, letters * 3):
            _painted(draw, sx, sy, text, int(size))


def _painted(draw: ImageDraw.ImageDraw, cx: float, cy: float, text: str, size: int) -> None:
    tw, th = text_size(text, size)
    for dx, dy in ((-2, 0), (2, 0), (0, -2), (0, 2)):
        draw_text(draw, (cx - tw / 2 + dx, cy - th / 2 + dy), text, size, (255, 255, 255))
    draw_text(draw, (cx - tw / 2, cy - th / 2), text, size, (250, 214, 60))


def draw_sign(draw: ImageDraw.ImageDraw, cx: float, top: float, text: str, size: int) -> None:
    """A hanging sign with the quoted scene text on it."""
    tw, th = text_size(text, size)
    pad = size * 0.4
    draw.line([(cx - tw / 2, top - size), (cx - tw / 2, top)], fill=INK, width=2)
    draw.line([(cx + tw / 2, top - size), (cx + tw / 2, top)], fill=INK, width=2)
    draw.rectangle((cx - tw / 2 - pad, top, cx + tw / 2 + pad, top + th + pad * 2), fill=(252, 246, 226), outline=INK, width=3)
    draw_text(draw, (cx - tw / 2, top + pad), text, size, (160, 40, 40))


def draw_counter(draw: ImageDraw.ImageDraw, left: float, right: float, ground: float, height: float) -> None:
    """A sales counter standing on the ground line."""
    lw = max(2, int(height / 40))
    draw.rectangle((left, ground - height, right, ground), fill=(150, 110, 80), outline=INK, width=lw)
    draw.rectangle((left - height * 0.08, ground - height - height * 0.1, right + height * 0.08, ground - height), fill=(90, 64, 48), outline=INK, width=lw)
    for k in range(1, 4):
        x = left + (right - left) * k / 4
        draw.line([(x, ground - height * 0.9), (x, ground - height * 0.1)], fill=(*INK, 90), width=1)

"""A style's look applied to a finished sketch: palette, fills, paper, ink weight and wobble.

The sketch is drawn as always (`generation.sketch.render`), then redrawn in the style a `SketchLook` describes:
its ink outlines are lifted out, its areas refilled (flat palette colours, a watercolour wash on grainy
paper, screentone dots, ink hatching, soft clay shading, oil brushwork or pencil grey) and the outlines
put back at the style's weight and tremble. Pillow operations only (no pixel loops per picture); the
screens and paper textures depend only on the size and are made once.
"""
from __future__ import annotations

import math
import random
from functools import lru_cache

from PIL import Image, ImageChops, ImageEnhance, ImageFilter, ImageOps

from model.script.styles import SketchLook

RGB = tuple[int, int, int]


def apply_look(img: Image.Image, look: SketchLook) -> Image.Image:
    """`img` (an RGB sketch) redrawn in `look`; the result has the same size."""
    img = img.convert("RGB")
    fill = _FILLS[look.fill](img, look)
    if look.line_weight <= 0:
        return fill
    if fill is img:
        fill = img.copy()  # never draw into the caller's picture
    fill.paste(look.ink, mask=_lines(_ink_mask(img), look))
    return fill


# ---- the sketch's outlines, redrawn ------------------------------------------------------------------

def _ink_mask(img: Image.Image) -> Image.Image:
    """White where the sketch has near-black, colourless ink (not dark colours like a navy suit)."""
    r, _, b = img.split()
    dark = img.convert("L").point(lambda v: 255 if v < 72 else 0)
    grey = ImageChops.difference(r, b).point(lambda v: 255 if v < 24 else 0)
    return ImageChops.multiply(dark, grey)


def _lines(ink: Image.Image, look: SketchLook) -> Image.Image:
    """The outlines at the look's weight and tremble (drawn at half size: the upscale smooths them)."""
    w, h = ink.size
    half = ink.reduce(2)
    weight = look.line_weight
    grow = (weight - 1) * w / 1200
    if grow >= 0.3:
        half = half.filter(ImageFilter.BoxBlur(grow)).point(lambda v: min(255, v * 4))  # near a line is line
    elif weight < 0.85:
        half = half.point(lambda v: max(0, min(255, (v - 90) * 2)))  # only line cores stay
    if look.wobble > 0:
        moved = _warp(half, look.wobble, seed=1)
        if look.fill == "pencil":  # a second, fainter pass: quick construction strokes
            moved = ImageChops.lighter(moved, _warp(half, look.wobble * 1.7, seed=2).point(lambda v: v // 2))
        half = moved
    return half.resize((w, h), Image.Resampling.BILINEAR)


def _warp(mask: Image.Image, wobble: float, seed: int) -> Image.Image:
    return mask.transform(mask.size, Image.Transform.MESH, _mesh(mask.size, round(wobble * 100), seed),
                          Image.Resampling.BILINEAR)


@lru_cache(maxsize=16)
def _mesh(size: tuple[int, int], wobble: int, seed: int) -> list:
    """A smooth random displacement of a coarse grid: lines drawn by a hand that trembles a little."""
    w, h = size
    n = 14
    amp = wobble / 100 * max(w, h) / 200
    rng = random.Random(seed)
    pts = [[(x * w / n + rng.uniform(-amp, amp), y * h / n + rng.uniform(-amp, amp)) if 0 < x < n and 0 < y < n
            else (x * w / n, y * h / n) for x in range(n + 1)] for y in range(n + 1)]
    mesh = []
    for y in range(n):
        for x in range(n):
            box = (round(x * w / n), round(y * h / n), round((x + 1) * w / n), round((y + 1) * h / n))
            quad = (*pts[y][x], *pts[y + 1][x], *pts[y + 1][x + 1], *pts[y][x + 1])
            mesh.append((box, quad))
    return mesh


# ---- tones ------------------------------------------------------------------------------------------

def _tone(img: Image.Image, look: SketchLook) -> Image.Image:
    """The sketch's lightness after the look's contrast and darkness (L mode)."""
    c, dark = look.contrast, look.darkness
    return img.convert("L").point(lambda v: max(0, min(255, round((((v / 255 - 0.5) * c + 0.5) * (1 - dark)) * 255))))


def _coloured(img: Image.Image, look: SketchLook) -> Image.Image:
    out = img
    if look.saturation != 1:
        out = ImageEnhance.Color(out).enhance(look.saturation)
    if look.contrast != 1 or look.darkness:
        c, dark = look.contrast, look.darkness
        out = out.point(lambda v: max(0, min(255, round((((v / 255 - 0.5) * c + 0.5) * (1 - dark)) * 255))))
    return out


def _to_palette(img: Image.Image, palette: tuple[RGB, ...]) -> Image.Image:
    pal = Image.new("P", (1, 1))
    pal.putpalette([c for colour in palette for c in colour])
    return img.quantize(palette=pal, dither=Image.Dither.NONE).convert("RGB")


def _on_paper(grey: Image.Image, look: SketchLook) -> Image.Image:
    """Greys as ink on the look's paper: white becomes paper, black becomes ink."""
    return ImageOps.colorize(grey, look.ink, look.paper)


# ---- fills ------------------------------------------------------------------------------------------

def _flat(img: Image.Image, look: SketchLook) -> Image.Image:
    """Printed flat colour: every area one colour of the palette, no gradients."""
    out = _coloured(img, look)
    return _to_palette(out, look.palette) if look.palette else out


def _cel(img: Image.Image, look: SketchLook) -> Image.Image:
    """Animation still: lush colours kept in their painted gradients, soft light glowing in the air."""
    w, h = img.size
    small = _coloured(img.reduce(2), look)
    if look.palette:
        small = Image.blend(small, _to_palette(small, look.palette), 0.5)
    small = small.filter(ImageFilter.BoxBlur(max(1, look.softness * w / 200)))
    glow = small.convert("L").filter(ImageFilter.BoxBlur(w // 50)).point(lambda v: max(0, v - 140) * 2 // 3)
    small = ImageChops.screen(small, Image.merge("RGB", (glow, glow.point(lambda v: v * 9 // 10), glow.point(lambda v: v * 7 // 10))))
    small = ImageChops.multiply(small, _grade(small.size))
    return small.resize((w, h), Image.Resampling.BILINEAR)


def _wash(img: Image.Image, look: SketchLook) -> Image.Image:
    """Watercolour: soft pale colour a little off the lines, pigment pooled at its rims, grainy paper."""
    w, h = img.size
    small = _coloured(img.reduce(2), look)
    if look.monochrome:
        small = _tone(small, look).convert("RGB")
    elif look.palette:
        small = Image.blend(small, _to_palette(small, look.palette), 0.5)
    small = small.filter(ImageFilter.BoxBlur(max(1, look.softness * w / 350)))
    edges = small.convert("L").filter(ImageFilter.FIND_EDGES).point(lambda v: min(255, v * 3))
    small = Image.blend(small, Image.new("RGB", small.size, look.paper), 0.25).point(lambda v: min(255, v + 10))
    small = ImageChops.subtract(small, Image.merge("RGB", (edges, edges, edges)).point(lambda v: v // 6))
    small = ImageChops.offset(small, w // 250, w // 300)  # colour laid a little off the drawn lines
    small = ImageChops.multiply(small, _grain((w // 2, h // 2)))
    if look.monochrome:
        return _on_paper(small.convert("L"), look).resize((w, h), Image.Resampling.BILINEAR)
    return small.resize((w, h), Image.Resampling.BILINEAR)


def _screentone(img: Image.Image, look: SketchLook) -> Image.Image:
    """Manga: white, dot screens of growing size and solid black, from the sketch's lightness."""
    tone = _tone(img, look).point(lambda v: 255 if v > 205 else 0 if v < 55 else v)
    dots = ImageChops.subtract(_screen(img.size, "dots"), tone).point(lambda v: 0 if v > 0 else 255)
    return _on_paper(dots, look)


def _hatching(img: Image.Image, look: SketchLook) -> Image.Image:
    """Noir: a hard light from the top left; the rest falls into hatched and solid black shadow."""
    tone = ImageChops.multiply(_tone(img, look), _light(img.size))
    one = ImageChops.subtract(_screen(img.size, "hatch"), tone).point(lambda v: 0 if v > 0 else 255)
    two = ImageChops.subtract(_screen(img.size, "cross"), tone.point(lambda v: v + 70)).point(lambda v: 0 if v > 0 else 255)
    solid = tone.point(lambda v: 0 if v < 48 else 255)
    return _on_paper(ImageChops.darker(ImageChops.darker(one, two), solid), look)


def _pencil(img: Image.Image, look: SketchLook) -> Image.Image:
    """Pencil: pale graphite hatching along one stroke direction where the sketch is dark, on white paper."""
    tone = _tone(img, look).point(lambda v: 120 + v * 135 // 255)
    strokes = ImageChops.subtract(_screen(img.size, "hatch"), tone.point(lambda v: v + 40))
    grey = ImageChops.subtract(tone.point(lambda v: min(255, v + 40)), strokes.point(lambda v: v // 2))
    return _on_paper(ImageChops.multiply(grey, _tooth(img.size)), look)


def _clay(img: Image.Image, look: SketchLook) -> Image.Image:
    """Clay: rounded soft shapes lit from the top left, slightly glossy, under a lamp."""
    w, h = img.size
    small = img.reduce(4).filter(ImageFilter.MaxFilter(3))  # lifts the thin ink lines off the shapes
    small = _coloured(small.filter(ImageFilter.GaussianBlur(look.softness * w / 700)), look)
    relief = small.convert("L").filter(ImageFilter.GaussianBlur(w / 250)).filter(ImageFilter.EMBOSS)
    relief = relief.point(lambda v: max(0, min(255, 128 + (v - 128) * 5)))
    shaded = ImageChops.soft_light(small, relief.convert("RGB"))
    return ImageChops.multiply(shaded, _vignette(small.size)).resize((w, h), Image.Resampling.BILINEAR)


def _oil(img: Image.Image, look: SketchLook) -> Image.Image:
    """Oil: colour laid in patches with visible brushstrokes and the weave of the canvas."""
    w, h = img.size
    small = img.reduce(4).filter(ImageFilter.MedianFilter(3))
    small = _coloured(small, look).quantize(32, method=Image.Quantize.FASTOCTREE).convert("RGB")
    paint = small.resize((w // 2, h // 2), Image.Resampling.BICUBIC)
    paint = ImageChops.soft_light(paint, _brush((w // 2, h // 2)))
    paint = ImageChops.multiply(paint, Image.new("RGB", paint.size, tuple(min(255, c + 22) for c in look.paper)))
    return paint.resize((w, h), Image.Resampling.BILINEAR)


_FILLS = {"flat": _flat, "cel": _cel, "wash": _wash, "screentone": _screentone, "hatching": _hatching,
          "pencil": _pencil, "clay": _clay, "oil": _oil}


# ---- screens and textures, made once per size ---------------------------------------------------------

def _tiled(tile: Image.Image, size: tuple[int, int]) -> Image.Image:
    out = Image.new(tile.mode, size)
    row = Image.new(tile.mode, (size[0], tile.height))
    for x in range(0, size[0], tile.width):
        row.paste(tile, (x, 0))
    for y in range(0, size[1], tile.height):
        out.paste(row, (0, y))
    return out


@lru_cache(maxsize=24)
def _screen(size: tuple[int, int], kind: str) -> Image.Image:
    """A threshold screen: a pixel is inked where the picture is darker than the screen there."""
    p = max(6, round(max(size) / 120))
    tile = Image.new("L", (p, p))
    values = []
    for y in range(p):
        for x in range(p):
            if kind == "dots":  # a 45° dot lattice: dots grow from the centres as the tone darkens
                d = min(math.dist((x + 0.5, y + 0.5), c) for c in ((0, 0), (p, 0), (0, p), (p, p), (p / 2, p / 2)))
                values.append(round(255 * max(0.0, 1 - d / (p * 0.72))))
            else:  # diagonal lines, one way for hatch and the other for cross-hatch
                t = ((x + y) if kind == "hatch" else (x - y)) % p / p
                values.append(round(255 * (1 - abs(2 * t - 1))))
    tile.putdata(values)
    return _tiled(tile, size)


@lru_cache(maxsize=8)
def _grain(size: tuple[int, int]) -> Image.Image:
    """Paper grain: soft blotches and a fine tooth, near white, for multiplying."""
    w, h = size
    blooms = Image.effect_noise((max(1, w // 40), max(1, h // 40)), 80).resize(size, Image.Resampling.BICUBIC)
    coarse = Image.effect_noise((max(1, w // 10), max(1, h // 10)), 60).resize(size, Image.Resampling.BICUBIC)
    fine = Image.effect_noise((max(1, w // 2), max(1, h // 2)), 50).resize(size, Image.Resampling.BILINEAR)
    grain = ImageChops.multiply(blooms.point(lambda v: 232 + v * 23 // 255), coarse.point(lambda v: 242 + v * 13 // 255))
    grain = ImageChops.multiply(grain, fine.point(lambda v: 244 + v * 11 // 255))
    return grain.convert("RGB")


@lru_cache(maxsize=8)
def _tooth(size: tuple[int, int]) -> Image.Image:
    """The fine tooth of drawing paper that graphite catches on (L, near white, for multiplying)."""
    fine = Image.effect_noise((max(1, size[0] // 2), max(1, size[1] // 2)), 60).resize(size, Image.Resampling.BILINEAR)
    return fine.point(lambda v: 236 + v * 19 // 255)


@lru_cache(maxsize=8)
def _brush(size: tuple[int, int]) -> Image.Image:
    """Brushstroke texture around mid grey (for soft light): short diagonal strokes over a faint weave."""
    w, h = size
    streak = ImageFilter.Kernel((5, 5), [1 if x == y else 0 for y in range(5) for x in range(5)], 5)
    strokes = Image.effect_noise((max(1, w // 3), max(1, h // 3)), 90)
    for _ in range(3):
        strokes = strokes.filter(streak)
    strokes = strokes.point(lambda v: max(0, min(255, 128 + (v - 128) * 3 // 2))).resize(size, Image.Resampling.BICUBIC)
    weave = _screen(size, "cross").point(lambda v: 118 + v * 20 // 255)
    return Image.blend(strokes, weave, 0.1).convert("RGB")


@lru_cache(maxsize=8)
def _light(size: tuple[int, int]) -> Image.Image:
    """A hard-edged pool of light from the top left; the far corner stays in shadow (for multiplying)."""
    w, h = size
    corners = Image.new("L", (4, 4))
    corners.putdata([max(0, 255 - (x + y) * 42) for y in range(4) for x in range(4)])
    ramp = corners.resize((w, h), Image.Resampling.BICUBIC)
    return ramp.point(lambda v: 255 if v > 120 else 90 + v // 2)


@lru_cache(maxsize=8)
def _grade(size: tuple[int, int]) -> Image.Image:
    """A film grade: warm light from above, cooler shade below (for multiplying)."""
    ends = Image.new("RGB", (1, 2))
    ends.putdata([(255, 244, 222), (222, 230, 255)])
    return ends.resize(size, Image.Resampling.BILINEAR)


@lru_cache(maxsize=8)
def _vignette(size: tuple[int, int]) -> Image.Image:
    """Soft darkening towards the corners, as under a studio lamp (for multiplying)."""
    glow = Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return glow.point(lambda v: 255 - max(0, v - 120) * 70 // 135).convert("RGB")

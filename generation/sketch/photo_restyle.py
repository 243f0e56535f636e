"""The offline photo restyle: a photo redrawn in a style's look without any network, for a panel or a sheet.

The photo is first cut to the picture's shape and size (a 12-megapixel photo is never processed at
full size), then: edge-preserving smoothing (a bilateral filter, so shapes flatten but outlines stay),
colours quantised to the style's palette (or to a few colours of the photo's own when the style has
none), tones for monochrome styles (screentone dots, hatching, pencil shading, ink washes), and ink
lines from the photo's edges. OpenCV and Pillow do the pixel work; the result is deterministic.
"""
from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageOps

from model.script.styles import SketchLook

DEFAULT_LOOK = SketchLook(fill="flat", line_weight=1.0)  # a free-text style: a plain inked cartoon
OWN_COLOURS = {"flat": 12, "wash": 14, "oil": 24, "clay": 12}  # colours kept when a style has no palette
REFERENCE_SIDE = 1024.0  # filter sizes are tuned for this long side and scale with the picture


def fit_photo(photo: Image.Image, width: int, height: int) -> Image.Image:
    """The photo at the picture's size, cropped to its shape around the centre (as a panel frame shows it)."""
    return ImageOps.fit(photo.convert("RGB"), (width, height), Image.Resampling.BILINEAR)


def restyle(photo: Image.Image, look: SketchLook | None) -> Image.Image:
    """The photo (already at its final size, see `fit_photo`) redrawn in `look`; None is a plain cartoon."""
    look = look or DEFAULT_LOOK
    rgb = np.asarray(photo.convert("RGB"))
    scale = max(rgb.shape[:2]) / REFERENCE_SIDE
    smooth = _smooth(rgb, look, scale)
    grey = cv2.cvtColor(smooth, cv2.COLOR_RGB2GRAY)
    grey = _tone(grey, look)
    if look.monochrome:
        shade = {"screentone": _screentone, "hatching": _hatching, "pencil": _pencil, "wash": _ink_wash}.get(
            look.fill, _grey_levels)(grey, scale)
        out = np.repeat(shade[:, :, None], 3, axis=2)
        ink = np.uint8(round(sum(look.ink) / 3))
    else:
        out = _colours(smooth, look, scale)
        ink = np.array(look.ink, np.uint8)
    lines = _ink_lines(grey, look, scale)
    if lines is not None:
        out = out.copy()
        out[lines] = ink
    return Image.fromarray(out)


def _odd(value: float) -> int:
    return max(3, int(value) // 2 * 2 + 1)


def _smooth(rgb: np.ndarray, look: SketchLook, scale: float) -> np.ndarray:
    """Flatten textures and noise but keep outlines: light bilateral passes (clay and oil: one more), run
    at half size (a quarter of the work; the areas are flat afterwards anyway) and scaled back up."""
    h, w = rgb.shape[:2]
    out = cv2.resize(rgb, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    d = max(5, int(5 * scale))
    for _ in range(3 if look.fill in ("clay", "oil") else 2):
        out = cv2.bilateralFilter(out, d, 40, d)
    if look.fill == "oil":  # blobs of paint: a median keeps hard edges between them
        out = cv2.medianBlur(out, _odd(3 * scale))
    return cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR)


def _tone(grey: np.ndarray, look: SketchLook, stretch: bool = True) -> np.ndarray:
    """The style's contrast and darkness applied to a grey (or value) channel; with `stretch`, the
    photo's greys are first spread over the full range, so a dull photo still reaches paper and ink."""
    lut = np.arange(256, dtype=np.float32)
    if stretch:
        low, high = np.percentile(grey[::4, ::4], (1, 99))
        lut = (lut - low) * (255.0 / max(1.0, high - low))
    lut = (lut - 128.0) * look.contrast + 128.0
    lut = lut * (1.0 - 0.7 * look.darkness)
    return cv2.LUT(grey, np.clip(lut, 0, 255).astype(np.uint8))


def _colours(smooth: np.ndarray, look: SketchLook, scale: float) -> np.ndarray:
    """Areas of the style's palette (or the photo's own main colours), then the fill's texture."""
    hsv = cv2.cvtColor(smooth, cv2.COLOR_RGB2HSV)
    hsv[:, :, 1] = cv2.LUT(hsv[:, :, 1], np.clip(np.arange(256) * look.saturation, 0, 255).astype(np.uint8))
    hsv[:, :, 2] = _tone(hsv[:, :, 2], look, stretch=False)
    rgb = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    colours = np.array(look.palette, np.uint8) if look.palette else _own_colours(rgb, OWN_COLOURS.get(look.fill, 12))
    colours = colours[np.argsort(_lab(colours)[:, 0], kind="stable")]  # dark to light
    lut = _nearest_colour_lut(colours, _lightness_range(rgb, colours) if look.palette else None)
    cells = (rgb[:, :, 0] >> 4).astype(np.uint16) << 8 | (rgb[:, :, 1] >> 4).astype(np.uint16) << 4 | rgb[:, :, 2] >> 4
    # No speckles where noise crosses a boundary: a median of the colour numbers, which run dark to light,
    # so every pixel still gets one of the colours.
    out = colours[cv2.medianBlur(lut[cells], 5)]
    if look.fill == "wash":
        out = _wash(out, look, scale)
    elif look.fill in ("clay", "oil"):
        out = _modelled(out, look, scale)
    elif look.softness > 0.3:
        out = cv2.GaussianBlur(out, (0, 0), look.softness * 2 * scale)
    return out


def _own_colours(rgb: np.ndarray, count: int) -> np.ndarray:
    """The photo's `count` main colours (max-coverage quantisation refined by k-means, on a thumbnail)."""
    thumb = Image.fromarray(rgb)
    thumb.thumbnail((256, 256), Image.Resampling.BILINEAR)
    quantised = thumb.quantize(count, method=Image.Quantize.MAXCOVERAGE, kmeans=3)
    used = sorted(c for _, c in quantised.getcolors(count) or [])
    palette = quantised.getpalette() or []
    return np.array([palette[i * 3:i * 3 + 3] for i in used] or [[128, 128, 128]], np.uint8)


def _lab(colours: np.ndarray) -> np.ndarray:
    """CIELAB (L 0–100) of an (n, 3) uint8 RGB array."""
    return cv2.cvtColor(colours.reshape(1, -1, 3).astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB).reshape(-1, 3)


def _lightness_range(rgb: np.ndarray, palette: np.ndarray) -> tuple[float, float, float, float]:
    """The photo's lightness range (2nd to 98th percentile) and the palette's, to map one onto the other."""
    sample = rgb[:: max(1, rgb.shape[0] // 128), :: max(1, rgb.shape[1] // 128)].reshape(-1, 3)
    low, high = np.percentile(_lab(sample)[:, 0], (2, 98))
    lab = _lab(palette)[:, 0]
    return float(low), float(high), float(lab.min()), float(lab.max())


# The centres of 16 x 16 x 16 RGB cells: colours are matched per cell (a few colours need no finer steps).
_CELLS = np.stack(np.meshgrid(*([np.arange(16, dtype=np.uint16) * 16 + 8] * 3), indexing="ij"), -1).reshape(-1, 3)


def _nearest_colour_lut(colours: np.ndarray, lightness: tuple[float, float, float, float] | None) -> np.ndarray:
    """For each RGB cell, the index of the nearest of `colours` in CIELAB. For a style's palette the
    photo's lightness is first stretched onto the palette's and counts half, so hue decides (green hills
    stay green in a pale pastel palette instead of turning grey)."""
    cells = _lab(_CELLS.astype(np.uint8))
    target = _lab(colours)
    weight = np.array([1.0, 1.0, 1.0], np.float32)
    if lightness is not None:
        low, high, p_low, p_high = lightness
        cells[:, 0] = p_low + (np.clip(cells[:, 0], low, high) - low) * (p_high - p_low) / max(1.0, high - low)
        weight[0] = 0.5
    distance = (((cells[:, None, :] - target[None, :, :]) ** 2) * weight).sum(axis=2)
    return distance.argmin(axis=1).astype(np.uint8)


@lru_cache(maxsize=4)
def _paper_grain(shape: tuple[int, int], scale: float, seed: int = 11) -> np.ndarray:
    """A deterministic paper texture around 1.0 (multiply a colour by it); the same for every photo."""
    noise = np.random.default_rng(seed).standard_normal(shape, dtype=np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), 1.2 * scale)
    grain = 1.0 + 0.035 * noise / max(1e-6, float(noise.std()))
    grain.flags.writeable = False
    return grain


def _wash(colours: np.ndarray, look: SketchLook, scale: float) -> np.ndarray:
    """Watercolour: colours bleed softly, lighten towards the paper, and the paper's grain shows."""
    soft = cv2.GaussianBlur(colours, (0, 0), (1.0 + 4 * look.softness) * scale)
    lut = np.arange(256, dtype=np.float32)[:, None] * 0.7 + np.array(look.paper, np.float32)[None, :] * 0.3
    washed = cv2.LUT(soft, np.clip(lut, 0, 255).astype(np.uint8).reshape(256, 1, 3))
    return np.clip(washed * _paper_grain(colours.shape[:2], scale)[:, :, None], 0, 255).astype(np.uint8)


@lru_cache(maxsize=4)
def _brush_strokes(shape: tuple[int, int], scale: float, seed: int = 5) -> np.ndarray:
    """A deterministic texture of short diagonal brushstrokes around 1.0."""
    noise = np.random.default_rng(seed).standard_normal(shape, dtype=np.float32)
    length = _odd(9 * scale)
    strokes = cv2.filter2D(noise, -1, np.eye(length, dtype=np.float32) / length)
    strokes = 1.0 + 0.08 * strokes / max(1e-6, float(strokes.std()))
    strokes.flags.writeable = False
    return strokes


def _modelled(colours: np.ndarray, look: SketchLook, scale: float) -> np.ndarray:
    """Clay and oil: soft rounded shading over the flat areas (clay), or a brushstroke texture (oil)."""
    if look.fill == "oil":
        painted = cv2.GaussianBlur(colours, (0, 0), 0.8 * scale) * _brush_strokes(colours.shape[:2], scale)[:, :, None]
        return np.clip(painted, 0, 255).astype(np.uint8)
    soft = cv2.GaussianBlur(colours, (0, 0), (2 + 4 * look.softness) * scale)
    h, w = colours.shape[:2]
    small = cv2.resize(cv2.cvtColor(colours, cv2.COLOR_RGB2GRAY), (max(1, w // 4), max(1, h // 4)),
                       interpolation=cv2.INTER_AREA).astype(np.float32)
    light = cv2.GaussianBlur(small, (0, 0), 1.5 * scale)
    relief = cv2.resize(cv2.Sobel(light, cv2.CV_32F, 0, 1, ksize=3), (w, h), interpolation=cv2.INTER_LINEAR)
    shade = 1.0 - np.clip(relief / 40.0, -0.25, 0.25)  # lit from above: upper faces brighter
    return np.clip(soft * shade[:, :, None], 0, 255).astype(np.uint8)


def _grey_levels(grey: np.ndarray, scale: float) -> np.ndarray:
    """Four flat greys: a monochrome style without a texture of its own."""
    return (np.round(grey / 255.0 * 3) * 85).astype(np.uint8)


def _grid(shape: tuple[int, int], period: float, angle_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates along and across lines at `angle_deg`, in periods."""
    h, w = shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    a = np.deg2rad(angle_deg)
    return (x * np.cos(a) + y * np.sin(a)) / period, (-x * np.sin(a) + y * np.cos(a)) / period


def _screentone(grey: np.ndarray, scale: float) -> np.ndarray:
    """Manga: white paper, two flat dot tones for the mid greys, solid black shadows. Pure black and white."""
    u, v = _grid(grey.shape, max(4.0, 6.0 * scale), 45.0)
    dots = (np.cos(2 * np.pi * u) + np.cos(2 * np.pi * v) + 2.0) / 4.0  # 1 at each dot's centre
    light = dots > 0.78  # a sparse dot tone (~15 % ink)
    dense = dots > 0.45  # a dense one (~50 %)
    out = np.full(grey.shape, 255, np.uint8)
    out[(grey < 185) & light] = 0
    out[(grey < 125) & dense] = 0
    out[grey < 60] = 0
    return out


def _hatching(grey: np.ndarray, scale: float) -> np.ndarray:
    """Noir: paper for the lights, diagonal hatching, cross-hatching, then solid black."""
    period = max(4.0, 7.0 * scale)
    u, v = _grid(grey.shape, period, 45.0)
    one = (u - np.floor(u)) < 0.3
    two = (v - np.floor(v)) < 0.3
    out = np.full(grey.shape, 235, np.uint8)
    out[(grey < 150) & one] = 0
    out[(grey < 95) & two] = 0
    out[grey < 50] = 0
    return out


def _pencil(grey: np.ndarray, scale: float) -> np.ndarray:
    """Pencil: graphite strokes where the tone changes (a colour dodge) over light tonal shading."""
    blurred = cv2.GaussianBlur(255 - grey, (0, 0), 6 * scale)
    dodge = cv2.divide(grey, 255 - blurred, scale=256)
    shading = 255 - (255 - grey.astype(np.float32)) * 0.35
    u, _ = _grid(grey.shape, max(3.0, 5.0 * scale), 60.0)
    strokes = 1.0 - 0.08 * ((u - np.floor(u)) < 0.35) * (grey < 140)
    out = np.minimum(dodge.astype(np.float32), shading) * strokes
    return np.clip(out, 0, 255).astype(np.uint8)


def _ink_wash(grey: np.ndarray, scale: float) -> np.ndarray:
    """Ink wash: four ink densities that bleed into each other on grained paper."""
    levels = np.array([250, 190, 120, 40], np.float32)
    bands = levels[np.clip(3 - (grey.astype(np.int32) * 4 // 256), 0, 3)]
    soft = cv2.GaussianBlur(bands, (0, 0), 2.5 * scale)
    return np.clip(soft * _paper_grain(grey.shape, scale), 0, 255).astype(np.uint8)


def _ink_lines(grey: np.ndarray, look: SketchLook, scale: float) -> np.ndarray | None:
    """Where the outlines go: the dark side of the smoothed photo's real edges (an adaptive threshold kept
    only near Canny edges, so texture and noise draw nothing), thickened by the style's line weight; None
    when the style draws no outlines."""
    if look.line_weight <= 0:
        return None
    base = cv2.medianBlur(grey, 5)
    block = _odd(9 * scale)
    dark_side = cv2.adaptiveThreshold(base, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 6)
    edges = cv2.Canny(base, 40, 110)
    near = _odd(2 * scale + 1)
    lines = cv2.bitwise_and(dark_side, cv2.dilate(edges, np.ones((near, near), np.uint8)))
    width = int(round(look.line_weight * scale * 1.5))
    if width >= 2:
        lines = cv2.dilate(lines, np.ones((width, width), np.uint8))
    return lines > 0


def restyle_png(photo_png: bytes, look: SketchLook | None, width: int, height: int) -> Image.Image:
    """A stored photo (PNG bytes, through the guarded loader) restyled at `width` x `height`."""
    from model.imageload import decode_photo

    return restyle(fit_photo(decode_photo(photo_png, "The photo", max(width, height)), width, height), look)

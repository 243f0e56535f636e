"""The pixel size to ask for, from a panel's aspect ratio (width / height) and the model's limits.

gpt-image-2 and later accept any `WxH` with both sides multiples of 16 and a ratio within 1:3–3:1
(above 2560x1440 is experimental and slow). We ask for a long side of 1536 (1024 for near-square
panels): the size OpenAI's own presets use, sharp enough for print at panel scale, and the cheapest
that is. Older or unknown models only take the three preset sizes, so we pick the closest of those.
"""
from __future__ import annotations

import math

from generation.imagemodels import DEFAULT_MODEL

MIN_RATIO = 1 / 3
MAX_RATIO = 3.0
STEP = 16
LONG_SIDE = 1536
SQUARE_SIDE = 1024
PRESETS: tuple[tuple[int, int], ...] = ((1024, 1024), (1536, 1024), (1024, 1536))
# Ratios this close to 1 get the square preset: a 5 % crop is invisible, a cheaper image is not.
NEAR_SQUARE = 1.15


def accepts_any_size(model: str) -> bool:
    """True for models that take free `WxH` sizes (the gpt-image-2 family and later)."""
    name = model.lower()
    if not name.startswith("gpt-image-"):
        return False
    version = name.removeprefix("gpt-image-").split("-")[0]
    try:
        return float(version) >= 2
    except ValueError:
        return False


def clamp_ratio(aspect: float) -> float:
    """The aspect ratio held within 1:3–3:1 (a non-positive ratio counts as square)."""
    if not aspect or aspect <= 0 or aspect != aspect:
        return 1.0
    return min(MAX_RATIO, max(MIN_RATIO, aspect))


def image_size(aspect: float, model: str = DEFAULT_MODEL) -> tuple[int, int]:
    """Width and height in pixels for a panel of this aspect ratio, valid for `model`."""
    ratio = clamp_ratio(aspect)
    if not accepts_any_size(model):
        return min(PRESETS, key=lambda wh: abs(_log_ratio(wh[0] / wh[1]) - _log_ratio(ratio)))
    if 1 / NEAR_SQUARE <= ratio <= NEAR_SQUARE:
        return SQUARE_SIDE, SQUARE_SIDE
    if ratio >= 1:
        return LONG_SIDE, _snap(LONG_SIDE / ratio)
    return _snap(LONG_SIDE * ratio), LONG_SIDE


def _snap(value: float) -> int:
    # Round to a multiple of 16 but never below a third of the long side (keeps the ratio legal).
    return max(_ceil16(LONG_SIDE / 3), int(round(value / STEP)) * STEP)


def _ceil16(value: float) -> int:
    return -(-int(value) // STEP) * STEP


def _log_ratio(r: float) -> float:
    return math.log(r)


SD_PIXELS = 1024 * 1024  # SDXL and Flux are trained at about one megapixel
SD_STEP = 64


def sd_size(aspect: float) -> tuple[int, int]:
    """Width and height for Stable Diffusion XL or Flux: about one megapixel, sides multiples of 64."""
    ratio = clamp_ratio(aspect)
    width = math.sqrt(SD_PIXELS * ratio)
    snap = lambda v: max(SD_STEP * 4, int(round(v / SD_STEP)) * SD_STEP)  # noqa: E731
    return snap(width), snap(width / ratio)

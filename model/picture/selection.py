"""A selection on a panel's picture: which pixels a part redraw may change, as a greyscale mask.

The mask has the picture's size; 255 is selected, 0 is not, values between are a soft edge. A
selection comes from a box in fractions of the panel (the command line), a mask image (white = redraw),
or the preview's rectangle, lasso and brush (already a mask). Every way in is checked here, so a
selection outside the panel, an empty one, or a mask of another size says one sentence.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from model.errors import BadInputError
from model.imageload import decode_image

SELECTED = 128  # a mask value at or above this counts as selected
EPSILON = 1e-6


@dataclass(frozen=True)
class Selection:
    """A mask ("L", the picture's size) and a note to say once (e.g. that the mask was scaled)."""

    mask: Image.Image
    note: str = ""

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        """The selected pixels' bounding box (left, top, right, bottom), right and bottom exclusive."""
        box = self.mask.point(lambda v: 255 if v >= SELECTED else 0).getbbox()
        assert box is not None  # constructors refuse empty selections
        return box

    def png(self) -> bytes:
        """The mask as a greyscale PNG (white = redraw), as stored with the version it made."""
        out = io.BytesIO()
        self.mask.save(out, "PNG")
        return out.getvalue()


def _checked(mask: Image.Image, note: str = "") -> Selection:
    if mask.point(lambda v: 255 if v >= SELECTED else 0).getbbox() is None:
        raise BadInputError("The selection is empty; select the part of the panel to redraw.")
    return Selection(mask, note)


def parse_box(text: str) -> tuple[float, float, float, float]:
    """`X,Y,W,H` in fractions of the panel (0–1) from the command line; a BadInputError otherwise."""
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise BadInputError(f"--box {text!r} is not four numbers X,Y,W,H (fractions of the panel, e.g. 0.2,0.3,0.25,0.25).")
    return values  # type: ignore[return-value]


def box_selection(width: int, height: int, box: tuple[float, float, float, float]) -> Selection:
    """The box (x, y, w, h in fractions of the panel) as a selection on a `width` x `height` picture."""
    x, y, w, h = box
    if w <= 0 or h <= 0:
        raise BadInputError("The box is empty; its width and height must be more than 0.")
    if x < -EPSILON or y < -EPSILON or x + w > 1 + EPSILON or y + h > 1 + EPSILON:
        raise BadInputError(f"The box {x:g},{y:g},{w:g},{h:g} reaches outside the panel; X+W and Y+H must be at most 1.")
    left, top = round(x * width), round(y * height)
    right, bottom = max(left + 1, round((x + w) * width)), max(top + 1, round((y + h) * height))
    mask = Image.new("L", (width, height), 0)
    mask.paste(255, (left, top, min(width, right), min(height, bottom)))
    return _checked(mask)


def polygon_selection(width: int, height: int, points: list[tuple[float, float]]) -> Selection:
    """A lasso: the polygon through `points` (picture pixels) as a selection."""
    if len(points) < 3:
        raise BadInputError("The lasso is too short to enclose anything; draw around the part to redraw.")
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).polygon([(float(x), float(y)) for x, y in points], fill=255)
    return _checked(mask)


def mask_selection(data: bytes, width: int, height: int, what: str = "The mask") -> Selection:
    """A mask image (white = redraw, black = keep; transparency counts as black) as a selection.

    A mask of another size is scaled to the picture, and the note says so (once, for the caller to print).
    """
    image = decode_image(data, what)
    if image.mode == "RGBA":  # transparent pixels keep the picture, whatever colour they carry
        black = Image.new("RGB", image.size, (0, 0, 0))
        image = Image.composite(image.convert("RGB"), black, image.getchannel("A"))
    mask = image.convert("L")
    note = ""
    if mask.size != (width, height):
        note = (f"{what} is {mask.width}x{mask.height} and the picture {width}x{height}; "
                "the mask was scaled to the picture.")
        mask = mask.resize((width, height), Image.Resampling.BILINEAR)
    if mask.point(lambda v: 255 if v >= SELECTED else 0).getbbox() is None:
        raise BadInputError(f"{what} selects nothing; paint the part to redraw white on black.")
    return Selection(mask, note)


def array_selection(mask: np.ndarray) -> Selection:
    """A painted selection (a 2-D uint8 array the picture's size, 255 = selected), as the preview makes."""
    return _checked(Image.fromarray(np.ascontiguousarray(mask, dtype=np.uint8), "L"))

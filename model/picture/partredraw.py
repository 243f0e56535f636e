"""Redrawing only part of a panel: the context around a selection, and the result put back through it.

The model never sees a bare hole: it gets the selection with a margin of the picture around it (a share
of the selection's size, as Krita's AI plug-in pads an inpaint), grown to a minimum so a tiny selection
still gives the model enough to match. Whatever the model draws, only the selection and a soft edge
(the feather) just outside it take the new pixels; every pixel beyond stays exactly the parent's.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from model.picture.selection import SELECTED, Selection

CONTEXT_SHARE = 0.5  # margin on each side, as a share of the selection's longer side
MIN_CONTEXT = 384  # the context crop is at least this many pixels on each side (or the whole picture)
MAX_RATIO = 3.0  # image services take 1:3 to 3:1
MIN_FEATHER, MAX_FEATHER = 3, 24
FEATHER_SHARE = 0.04


@dataclass(frozen=True)
class PartRedraw:
    """Where a part redraw goes: the context crop (picture pixels), the selection and its soft edge."""

    region: tuple[int, int, int, int]  # left, top, right, bottom of the context sent to the model
    mask_png: bytes  # the selection, greyscale, the whole picture's size
    feather: int  # pixels of soft edge outside the selection
    parent_sha: str  # the picture redrawn (its pixels outside the selection are kept)

    @property
    def size(self) -> tuple[int, int]:
        left, top, right, bottom = self.region
        return right - left, bottom - top


def feather_for(selection: Selection) -> int:
    """The soft edge's width: a small share of the selection's size, a few pixels at least."""
    left, top, right, bottom = selection.bounds
    return int(min(MAX_FEATHER, max(MIN_FEATHER, round(FEATHER_SHARE * min(right - left, bottom - top)))))


def context_region(selection: Selection, width: int, height: int) -> tuple[int, int, int, int]:
    """The crop sent to the model: the selection padded by a share of its size, grown to the minimum,
    kept within the picture and within 1:3–3:1."""
    left, top, right, bottom = selection.bounds
    pad = max(MAX_FEATHER + 8, round(CONTEXT_SHARE * max(right - left, bottom - top)))
    box = [left - pad, top - pad, right + pad, bottom + pad]
    low_w, low_h = min(width, MIN_CONTEXT), min(height, MIN_CONTEXT)
    box = _grow(box, 0, low_w, width)
    box = _grow(box, 1, low_h, height)
    w, h = box[2] - box[0], box[3] - box[1]
    if w > MAX_RATIO * h:
        box = _grow(box, 1, int(np.ceil(w / MAX_RATIO)), height)
    elif h > MAX_RATIO * w:
        box = _grow(box, 0, int(np.ceil(h / MAX_RATIO)), width)
    return box[0], box[1], box[2], box[3]


def _grow(box: list[int], axis: int, length: int, limit: int) -> list[int]:
    """`box` clamped to 0..limit along `axis`, then widened about its centre to at least `length`."""
    lo, hi = max(0, box[axis]), min(limit, box[axis + 2])
    if hi - lo < length:
        extra = length - (hi - lo)
        lo -= extra // 2
        hi += extra - extra // 2
        if lo < 0:
            hi, lo = hi - lo, 0
        if hi > limit:
            lo, hi = max(0, lo - (hi - limit)), limit
    out = list(box)
    out[axis], out[axis + 2] = lo, hi
    return out


def plan_part(selection: Selection, width: int, height: int, parent_sha: str) -> PartRedraw:
    """Where a part redraw of `selection` on a `width` x `height` picture goes."""
    return PartRedraw(context_region(selection, width, height), selection.png(), feather_for(selection), parent_sha)


def _mask(part: PartRedraw) -> Image.Image:
    return Image.open(io.BytesIO(part.mask_png)).convert("L")


def _reach(part: PartRedraw) -> Image.Image:
    """The selection grown by the feather: everything a part redraw may change."""
    hard = _mask(part).point(lambda v: 255 if v >= SELECTED else 0)
    return hard.filter(ImageFilter.MaxFilter(2 * part.feather + 1)) if part.feather else hard


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def model_inputs(picture: Image.Image, part: PartRedraw, size: tuple[int, int]) -> tuple[bytes, bytes, bytes]:
    """What a model gets, scaled to `size` (the size it draws): the context crop as a PNG, the OpenAI
    mask (RGBA, the selection and its feather transparent, the rest opaque) and a plain mask (white =
    redraw, for a ComfyUI LoadImageMask)."""
    crop = picture.convert("RGB").crop(part.region).resize(size, Image.Resampling.LANCZOS)
    reach = _reach(part).crop(part.region).resize(size, Image.Resampling.BILINEAR)
    reach = reach.point(lambda v: 255 if v >= SELECTED else 0)
    openai_mask = Image.new("RGBA", size, (0, 0, 0, 255))
    openai_mask.putalpha(reach.point(lambda v: 255 - v))
    return _png(crop), _png(openai_mask), _png(reach.convert("RGB"))


def composite_part(picture: Image.Image, result: Image.Image, part: PartRedraw) -> Image.Image:
    """The parent `picture` with the model's `result` (for the context crop) put back through the
    selection with a soft edge; pixels beyond the selection's feather are the parent's, unchanged."""
    base = np.array(picture)
    mode = picture.mode
    left, top, right, bottom = part.region
    drawn = np.array(result.convert(mode).resize(part.size, Image.Resampling.LANCZOS))
    soft = _mask(part).filter(ImageFilter.GaussianBlur(part.feather / 2)) if part.feather else _mask(part)
    alpha = np.array(soft, dtype=np.float32)
    # The soft edge may reach no further than the feather, and the crop bounds everything.
    alpha[np.array(_reach(part)) == 0] = 0
    alpha = alpha[top:bottom, left:right] / 255.0
    if alpha.ndim < drawn.ndim:
        alpha = alpha[..., None]
    window = base[top:bottom, left:right]
    mixed = np.rint(drawn.astype(np.float32) * alpha + window.astype(np.float32) * (1 - alpha)).astype(np.uint8)
    changed = np.broadcast_to(alpha > 0, window.shape)
    window[changed] = mixed[changed]  # untouched pixels are never round-tripped through floats
    return Image.fromarray(base, mode)

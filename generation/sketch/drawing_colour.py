"""Colouring a user's line drawing offline: the areas the lines close are filled, the lines cleaned.

A drawing made from scratch is lines on white paper. The areas its lines enclose get flat colours (the
style's palette, else a soft comic palette), the paper around them the style's paper colour, dark
strokes the style's ink and coloured strokes stay their colour; `photo_restyle.restyle` then gives it
the style's look. Small gaps in a hand-drawn outline (a few pixels) are closed first, so a nearly
closed shape still fills. Deterministic: the same drawing gives the same picture.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from model.script.styles import SketchLook

SOFT_PALETTE = ((246, 205, 120), (140, 190, 230), (240, 170, 150), (150, 200, 140), (200, 170, 220),
                (230, 150, 120), (250, 230, 160), (170, 210, 210))
PAPER = (252, 250, 244)
INK = (28, 26, 30)
MIN_AREA = 0.0004  # enclosed areas smaller than this share of the picture are line texture, not shapes


def colour_drawing(drawing: Image.Image, look: SketchLook | None) -> Image.Image:
    """The drawing (RGB, lines on white) with its enclosed areas filled and its lines cleaned."""
    rgb = np.asarray(drawing.convert("RGB"))
    h, w = rgb.shape[:2]
    low, high = rgb.min(axis=2).astype(int), rgb.max(axis=2).astype(int)
    lines = ((low < 170) | (high - low > 60)).astype(np.uint8)
    gap = max(3, round(max(h, w) / 400)) | 1
    sealed = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8))
    count, labels = cv2.connectedComponents((sealed == 0).astype(np.uint8), connectivity=4)
    border = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))) - {0}
    palette = [tuple(c) for c in (look.palette if look is not None and look.palette else SOFT_PALETTE)]
    paper = tuple(look.paper) if look is not None else PAPER
    ink = tuple(look.ink) if look is not None else INK
    out = np.empty_like(rgb)
    out[:] = paper
    areas = np.bincount(labels.ravel(), minlength=count)
    colour_index = 0
    for label in range(1, count):
        if label in border or areas[label] < MIN_AREA * h * w:
            continue  # the paper around the drawing, or a speck between strokes
        out[labels == label] = palette[colour_index % len(palette)]
        colour_index += 1
    stroke = lines.astype(bool)
    dark = stroke & (low < 110) & (high - low <= 60)
    out[dark] = ink
    coloured = stroke & ~dark
    out[coloured] = rgb[coloured]
    return Image.fromarray(out)

"""A detail map of a picture: where it is busy (faces, hands, edges) and where it is calm (sky, walls),
for lettering a picture nobody staged. OpenCV, deterministic, made once per picture (by its hash).

The map is the local density of edges (Canny on a small grey copy) blurred into soft areas, scaled 0..1;
`DetailMap.mean` reads the average over any part of the picture from an integral image in O(1).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MAP_SIDE = 96  # the map's long side in cells: fine enough for balloon-sized questions, cheap to make
CACHE_SIZE = 2048  # maps kept (about 40 KB each): a long book's pictures, each decoded once a session


@dataclass(frozen=True)
class DetailMap:
    """Detail per cell (0 calm .. 1 busy) as an integral image, so any rectangle's mean costs four reads."""

    width: int
    height: int
    integral: np.ndarray  # (height + 1) x (width + 1) cumulative sums

    def mean(self, x0: float, y0: float, x1: float, y1: float) -> float:
        """The mean detail over a part of the picture given in fractions (0..1, top-left origin)."""
        c0 = int(min(max(x0, 0.0), 1.0) * self.width)
        r0 = int(min(max(y0, 0.0), 1.0) * self.height)
        c1 = max(c0 + 1, int(round(min(max(x1, 0.0), 1.0) * self.width)))
        r1 = max(r0 + 1, int(round(min(max(y1, 0.0), 1.0) * self.height)))
        c1, r1 = min(c1, self.width), min(r1, self.height)
        c0, r0 = min(c0, c1 - 1), min(r0, r1 - 1)
        total = self.integral[r1, c1] - self.integral[r0, c1] - self.integral[r1, c0] + self.integral[r0, c0]
        return float(total) / ((r1 - r0) * (c1 - c0))


def detail_map_of(grey: np.ndarray) -> DetailMap:
    """The detail map of an 8-bit grey picture of any size."""
    import cv2

    h, w = grey.shape[:2]
    scale = MAP_SIDE * 4 / max(w, h)  # edges are found at 4x the map's resolution, then pooled
    small = cv2.resize(grey, (max(8, int(w * scale)), max(8, int(h * scale))), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0)  # paper grain and JPEG noise are not detail
    edges = cv2.Canny(small, 60, 150).astype(np.float32) / 255.0
    cols, rows = max(4, int(w * MAP_SIDE / max(w, h))), max(4, int(h * MAP_SIDE / max(w, h)))
    density = cv2.resize(edges, (cols, rows), interpolation=cv2.INTER_AREA)
    density = cv2.GaussianBlur(density, (0, 0), sigmaX=2.0)  # a face's neighbourhood is not calm either
    top = float(np.percentile(density, 98)) or 1.0
    density = np.clip(density / top, 0.0, 1.0)
    integral = cv2.integral(density.astype(np.float64)).astype(np.float32)
    return DetailMap(cols, rows, integral)


_cache: OrderedDict[str, DetailMap] = OrderedDict()
_lock = threading.Lock()  # the preview and export workers lay pages out at the same time


def detail_map_for(sha256: str, read: Callable[[], bytes]) -> DetailMap:
    """The detail map of a stored picture, by its hash (a picture never changes, so it is made once;
    `read` gives its bytes only then)."""
    with _lock:
        found = _cache.get(sha256)
        if found is not None:
            _cache.move_to_end(sha256)
            return found
    made = _make(read())
    with _lock:
        _cache[sha256] = made
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return made


def _make(data: bytes) -> DetailMap:
    from PIL import Image

    from model.imageload import decode_image

    picture = decode_image(data, "The panel's picture")
    grey = picture.convert("L")
    if max(grey.size) > MAP_SIDE * 8:
        grey = grey.resize((max(1, grey.width * MAP_SIDE * 8 // max(grey.size)),
                            max(1, grey.height * MAP_SIDE * 8 // max(grey.size))), Image.Resampling.BILINEAR)
    return detail_map_of(np.asarray(grey, dtype=np.uint8))

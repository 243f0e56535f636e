"""Small previews of panel images, decoded off the UI thread so a 300-panel board never stalls.

Workers turn PNG bytes into a scaled QImage (safe outside the GUI thread); the cache turns it into a
pixmap on the GUI thread when the `ready` signal arrives.
"""
from __future__ import annotations

import io
from typing import Callable

from PIL import Image
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from ui.tasks import emit_if_alive

THUMB_BOX = (180, 120)  # the board's picture box: thumbnails are made to fit it, never rescaled in paint


def decode_thumbnail(data: bytes, size: int | tuple[int, int] = THUMB_BOX) -> QImage:
    """PNG/JPEG bytes to a QImage that fits `size` (a box, or a long side) (any thread)."""
    box = (size, size) if isinstance(size, int) else size
    with Image.open(io.BytesIO(data)) as im:
        im.draft("RGB", box)  # JPEG decodes at a smaller scale straight away
        im = im.convert("RGBA")
        im.thumbnail(box, Image.Resampling.BILINEAR)
        raw = im.tobytes("raw", "RGBA")
        image = QImage(raw, im.width, im.height, im.width * 4, QImage.Format.Format_RGBA8888)
        return image.copy()  # own the pixels: `raw` goes away with this frame


class _Signals(QObject):
    decoded = Signal(str, QImage)
    failed = Signal(str)


def thumbnail_key(key: str, box: tuple[int, int] = THUMB_BOX) -> str:
    """The cache's key for `key` decoded to fit `box` (the board's size needs no suffix)."""
    return key if box == THUMB_BOX else f"{key}@{box[0]}x{box[1]}"


class _DecodeJob(QRunnable):
    def __init__(self, key: str, read: Callable[[], bytes], signals: _Signals,
                 box: tuple[int, int] = THUMB_BOX) -> None:
        super().__init__()
        self.key, self.read, self.signals, self.box = key, read, signals, box

    def run(self) -> None:
        try:
            image = decode_thumbnail(self.read(), self.box)
        except Exception:  # a broken image shows as missing rather than taking the board down
            emit_if_alive(self.signals.failed, self.key)
            return
        emit_if_alive(self.signals.decoded, self.key, image)


class ThumbnailCache(QObject):
    """Pixmaps by key (an image's sha256, or a panel's live partial image), decoded in the background."""

    ready = Signal(str)

    def __init__(self, parent: QObject | None = None, limit: int = 600) -> None:
        super().__init__(parent)
        self._pixmaps: dict[str, QPixmap] = {}
        self._pending: set[str] = set()
        self._limit = limit
        self._signals = _Signals()
        self._signals.decoded.connect(self._on_decoded)
        self._signals.failed.connect(self._pending.discard)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.closed = False

    def get(self, key: str, read: Callable[[], bytes], box: tuple[int, int] = THUMB_BOX) -> QPixmap | None:
        """The pixmap fitting `box` if decoded; otherwise start decoding (`ready(thumbnail_key(key, box))`
        follows) and return None."""
        key = thumbnail_key(key, box)
        pixmap = self._pixmaps.get(key)
        if pixmap is None and key not in self._pending and not self.closed:
            self._pending.add(key)
            self.pool.start(_DecodeJob(key, read, self._signals, box))
        return pixmap

    def put_bytes(self, key: str, data: bytes) -> None:
        """Decode new bytes for `key` (a live partial image replaces the previous one)."""
        self._pixmaps.pop(key, None)
        if self.closed:
            return
        self._pending.add(key)
        self.pool.start(_DecodeJob(key, lambda: data, self._signals))

    def shutdown(self, msecs: int = 3000) -> bool:
        """Decode nothing more: drop queued decodes and wait (bounded) for those running."""
        self.closed = True
        self.pool.clear()
        self._pending.clear()
        return self.pool.waitForDone(msecs)

    def drop(self, key: str) -> None:
        self._pixmaps.pop(key, None)

    def _on_decoded(self, key: str, image: QImage) -> None:
        self._pending.discard(key)
        if self.closed:
            return  # decoded just before the window closed: nobody will show it
        if len(self._pixmaps) >= self._limit:
            self._pixmaps.pop(next(iter(self._pixmaps)))  # oldest first; they decode again on demand
        self._pixmaps[key] = QPixmap.fromImage(image)
        self.ready.emit(key)

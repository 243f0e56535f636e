"""Content-addressed image bytes of a project: each PNG stored once, under its sha256.

Images opened from a `.panels` file stay in the file until someone asks for them (lazy), so opening
a large project costs no decoding and little memory. Bytes are never re-encoded here.
"""
from __future__ import annotations

import hashlib
import threading
from typing import Callable, Iterable


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ImageStore:
    """PNG bytes by content hash. Thread-safe: generation jobs add images from worker threads."""

    def __init__(self) -> None:
        self._bytes: dict[str, bytes] = {}
        self._lazy: dict[str, Callable[[], bytes]] = {}
        self._lock = threading.Lock()

    def put(self, data: bytes) -> str:
        """Store PNG bytes (already checked by the guarded loader) and return their hash."""
        digest = sha256_of(data)
        with self._lock:
            if digest not in self._bytes and digest not in self._lazy:
                self._bytes[digest] = data
        return digest

    def put_lazy(self, digest: str, reader: Callable[[], bytes]) -> None:
        """Register bytes that can be read later (from a project file) without reading them now."""
        with self._lock:
            if digest not in self._bytes:
                self._lazy[digest] = reader

    def get(self, digest: str) -> bytes:
        with self._lock:
            data = self._bytes.get(digest)
            reader = None if data is not None else self._lazy.get(digest)
        if data is not None:
            return data
        if reader is None:
            raise KeyError(digest)
        return reader()

    def __contains__(self, digest: object) -> bool:
        with self._lock:
            return digest in self._bytes or digest in self._lazy

    def hashes(self) -> Iterable[str]:
        with self._lock:
            return list(self._bytes) + [d for d in self._lazy if d not in self._bytes]

    def is_loaded(self, digest: str) -> bool:
        """True when the bytes are in memory (new images, or lazily read ones that were cached)."""
        with self._lock:
            return digest in self._bytes

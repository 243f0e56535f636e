"""What a backend is asked for and what it answers: immutable, so a worker thread can hold them safely.

`ImageRequest` goes in, `ImageResult` comes out; a `CancelToken` stops work early and a
`PartialImageCallback` receives preview PNGs while a streamed image is still being drawn.
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from generation.imagemodels import DEFAULT_MODEL, DEFAULT_QUALITY
from model.project.imagestore import sha256_of

RequestKind = Literal["panel", "sheet"]

# Called (on a worker thread) with a preview PNG and its 0-based index while an image streams in.
PartialImageCallback = Callable[[bytes, int], None]


@dataclass(frozen=True)
class Region:
    """A part of the picture with its own words: a staged character's box (fractions of the picture) and
    its description; `order` counts from the back (0 is the farthest), so nearer regions cut those behind."""

    name: str
    prompt: str
    x: float
    y: float
    w: float
    h: float
    order: int = 0


@dataclass(frozen=True)
class ImageRequest:
    """One image to make: a new panel or sheet, or (with `base_image` + `instruction`) a refinement."""

    prompt: str
    width: int
    height: int
    quality: str = DEFAULT_QUALITY
    model: str = DEFAULT_MODEL
    references: tuple[tuple[str, bytes], ...] = ()  # (file name, PNG bytes), in prompt order
    base_image: bytes | None = None  # the selected version being refined
    instruction: str | None = None  # the user's refinement words
    mask: bytes | None = None  # a part redraw: RGBA PNG the base image's size, transparent where it may change
    inpaint_mask: bytes | None = None  # the same selection as white on black, for a ComfyUI LoadImageMask
    kind: RequestKind = "panel"
    seed: int | None = None  # a fixed seed (ComfyUI), e.g. a recorded one for an exact redraw; None = any
    options: tuple[tuple[str, Any], ...] = ()  # backend choices that decide the picture (ComfyUI workflow, steps)
    regions: tuple[Region, ...] = ()  # staged characters, each conditioned to its box (ComfyUI)
    # What the offline sketch renderer draws from (setting, shot, figures …); never sent to a service.
    sketch: Any = field(default=None, compare=False, hash=False, repr=False)

    @property
    def size(self) -> str:
        """The size as the image API spells it, e.g. `1536x1024`."""
        return f"{self.width}x{self.height}"

    @property
    def is_edit(self) -> bool:
        return bool(self.references) or self.base_image is not None

    def cache_key(self, backend: str) -> str:
        """A digest of everything that decides the picture, so an identical request is never paid twice."""
        parts = {
            "backend": backend,
            "model": self.model,
            "prompt": self.prompt,
            "size": self.size,
            "quality": self.quality,
            "kind": self.kind,
            "references": [[name, sha256_of(data)] for name, data in self.references],
            "base_image": sha256_of(self.base_image) if self.base_image is not None else None,
            "instruction": self.instruction,
        }
        if self.mask is not None:  # only then, so earlier requests keep their keys
            parts["mask"] = sha256_of(self.mask)
        if self.seed is not None or self.options:  # only then, so earlier requests keep their keys
            parts["seed"] = self.seed
            parts["options"] = [list(option) for option in self.options]
        if self.regions:
            parts["regions"] = [[r.name, r.prompt, r.x, r.y, r.w, r.h, r.order] for r in self.regions]
        text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ImageResult:
    """A finished image: PNG bytes plus what it cost and took."""

    png: bytes
    backend: str
    model: str | None
    usage: dict[str, Any] | None = None
    cost_usd: float | None = None
    seconds: float = 0.0
    parameters: dict[str, Any] | None = None  # what the backend chose and a redraw needs (ComfyUI: the seed)


class CancelToken:
    """A thread-safe flag a job checks between steps; setting it asks every holder to stop."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking early on cancel; True when cancelled."""
        return self._event.wait(seconds)

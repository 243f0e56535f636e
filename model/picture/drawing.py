"""Drawing layers: a user's own lines over a panel's picture (or on blank paper), kept as their own layer.

A drawing is a transparent PNG the picture's size. Adding one makes a new version of the panel whose
image is the picture with the drawing on top, flattened, so every export, the board and the image
services see the drawing with no code of their own; the layer itself is kept in the image store under
`parameters["drawing"]` so it can be drawn on again, and the parent is the picture beneath, never
modified. A blank panel is drawn on white paper.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from model.errors import BadInputError
from model.imageload import decode_image
from model.project.project import ImageVersion, Panel, Project

PAPER = (255, 255, 255)
MAX_SIDE = 2048  # a drawing from scratch is never larger than a panel needs
DRAWING_BACKEND = "drawing"


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)  # drawings are mostly transparent: fast and still small
    return out.getvalue()


def white_to_alpha(image: Image.Image) -> Image.Image:
    """A drawing without transparency (a scan, a paint program's PNG) as a layer: white becomes
    transparent and every colour keeps its look over white (lines stay, their soft edges too)."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    alpha = 255.0 - rgb.min(axis=2)
    safe = np.maximum(alpha, 1.0)[..., None]
    colour = np.clip((rgb - (255.0 - alpha[..., None])) * 255.0 / safe, 0, 255)
    out = np.dstack([colour, alpha]).round().astype(np.uint8)
    return Image.fromarray(out, "RGBA")


def read_layer(data: bytes, size: tuple[int, int] | None, what: str = "The drawing") -> tuple[Image.Image, list[str]]:
    """A drawing file as an RGBA layer of `size` (None: its own size, at most 2048 px long) and the
    notes to say once: white taken as transparent, the drawing scaled to the picture."""
    image = decode_image(data, what)
    notes: list[str] = []
    if image.mode != "RGBA":
        notes.append(f"{what} has no transparency, so its white was taken as transparent.")
        layer = white_to_alpha(image)
    else:
        layer = image
    if size is None:
        longest = max(layer.size)
        if longest > MAX_SIDE:
            scale = MAX_SIDE / longest
            layer = layer.resize((max(1, round(layer.width * scale)), max(1, round(layer.height * scale))),
                                 Image.Resampling.LANCZOS)
    elif layer.size != size:
        notes.append(f"{what} is {layer.width}x{layer.height} and the picture {size[0]}x{size[1]}; "
                     "it was scaled to the picture.")
        layer = layer.resize(size, Image.Resampling.LANCZOS)
    if layer.getchannel("A").getbbox() is None:
        raise BadInputError(f"{what} is empty: nothing is drawn on it.")
    return layer, notes


def flatten(picture: Image.Image | None, layer: Image.Image) -> Image.Image:
    """The drawing over the picture (over white paper when there is none), as an RGB image."""
    base = picture.convert("RGBA") if picture is not None else Image.new("RGBA", layer.size, PAPER + (255,))
    if base.size != layer.size:
        layer = layer.resize(base.size, Image.Resampling.LANCZOS)
    return Image.alpha_composite(base, layer.convert("RGBA")).convert("RGB")


def drawing_of(project: Project, version: ImageVersion | None) -> Image.Image | None:
    """The drawing layer a version carries (RGBA), or None when it has none (or it is missing)."""
    digest = version.parameters.get("drawing") if version is not None else None
    if not isinstance(digest, str) or digest not in project.images:
        return None
    return decode_image(project.images.get(digest), "The drawing layer").convert("RGBA")


def beneath(panel: Panel, version: ImageVersion | None) -> ImageVersion | None:
    """The picture a drawing goes over when drawing on `version`: a drawing version's own parent (its
    layer is drawn on again), else the version itself; None for blank paper."""
    if version is None:
        return None
    if isinstance(version.parameters.get("drawing"), str):
        return panel.images.find(version.parent or "")
    return version


@dataclass(frozen=True)
class FlatDrawing:
    """A drawing ready to store: the picture with the drawing on top, and the layer, as PNG bytes."""

    flat_png: bytes
    layer_png: bytes
    width: int
    height: int


def flatten_drawing(picture_png: bytes | None, layer: Image.Image) -> FlatDrawing:
    """The drawing over the picture `picture_png` (None: white paper), encoded; touches no project, so a
    worker thread can do it while the window stays responsive."""
    picture = decode_image(picture_png, "The picture beneath") if picture_png is not None else None
    if picture is not None and layer.size != picture.size:
        layer = layer.resize(picture.size, Image.Resampling.LANCZOS)
    flat = flatten(picture, layer)
    return FlatDrawing(png_bytes(flat), png_bytes(layer.convert("RGBA")), flat.width, flat.height)


def record_drawing(project: Project, panel: Panel, drawing: FlatDrawing, under: ImageVersion | None,
                   prompt: str) -> ImageVersion:
    """A new selected version of `panel` from a flattened drawing; its parent is the picture `under`."""
    digest = project.images.put(drawing.flat_png)
    parameters = {"drawing": project.images.put(drawing.layer_png)}
    version = ImageVersion(sha256=digest, width=drawing.width, height=drawing.height, prompt=prompt,
                           backend=DRAWING_BACKEND, parameters=parameters, parent=under.id if under else None)
    panel.images.add(version)
    panel.error = None
    return version


def add_drawing(project: Project, panel: Panel, layer: Image.Image, under: ImageVersion | None,
                prompt: str) -> ImageVersion:
    """A new selected version of `panel`: `layer` over the picture `under` (None: white paper), flattened,
    with the layer kept; the picture beneath is untouched and is the new version's parent."""
    picture_png = project.images.get(under.sha256) if under is not None else None
    return record_drawing(project, panel, flatten_drawing(picture_png, layer), under, prompt)

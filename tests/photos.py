"""Synthetic photos with real structure (sky, hills, a house, a tree, a figure, sensor noise and texture),
for the photo-import tests and the restyle benchmark, and the bad files a user may drop instead."""
from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def synthetic_photo(width: int, height: int, seed: int = 7) -> Image.Image:
    """An RGB "photo" of a little landscape: smooth gradients, hard edges, fine texture and noise."""
    rng = np.random.default_rng(seed)
    sw, sh = max(64, width // 4), max(48, height // 4)
    img = Image.new("RGB", (sw, sh))
    draw = ImageDraw.Draw(img)
    for y in range(sh):  # a sky fading from deep blue to haze
        t = y / sh
        draw.line([(0, y), (sw, y)], fill=(int(70 + 120 * t), int(120 + 90 * t), int(200 + 40 * t)))
    draw.ellipse((sw * 0.75, sh * 0.08, sw * 0.87, sh * 0.24), fill=(255, 236, 170))
    xs = np.linspace(0, sw, 40)
    for layer, (colour, base) in enumerate((((96, 140, 90), 0.55), ((60, 110, 60), 0.68))):
        ys = sh * base + np.sin(xs / sw * (5 + layer * 3) + layer) * sh * 0.06
        draw.polygon([(0, sh)] + list(zip(xs.tolist(), ys.tolist())) + [(sw, sh)], fill=colour)
    draw.rectangle((sw * 0.2, sh * 0.45, sw * 0.45, sh * 0.78), fill=(210, 190, 160), outline=(90, 70, 60))
    draw.polygon([(sw * 0.17, sh * 0.46), (sw * 0.325, sh * 0.3), (sw * 0.48, sh * 0.46)], fill=(170, 60, 50))
    for wx in (0.25, 0.36):
        draw.rectangle((sw * wx, sh * 0.52, sw * (wx + 0.06), sh * 0.61), fill=(60, 80, 110))
    draw.rectangle((sw * 0.3, sh * 0.63, sw * 0.35, sh * 0.78), fill=(100, 60, 40))
    draw.rectangle((sw * 0.66, sh * 0.5, sw * 0.69, sh * 0.8), fill=(90, 60, 40))
    for dx, dy, r in ((0.675, 0.42, 0.09), (0.63, 0.48, 0.06), (0.72, 0.47, 0.065)):
        draw.ellipse((sw * (dx - r), sh * dy - sw * r, sw * (dx + r), sh * dy + sw * r), fill=(50, 120, 60))
    draw.ellipse((sw * 0.53, sh * 0.55, sw * 0.57, sh * 0.61), fill=(230, 190, 160))  # a figure's head
    draw.rectangle((sw * 0.525, sh * 0.61, sw * 0.575, sh * 0.76), fill=(200, 40, 60))
    draw.rectangle((sw * 0.53, sh * 0.76, sw * 0.57, sh * 0.88), fill=(40, 50, 90))
    img = img.filter(ImageFilter.GaussianBlur(0.6)).resize((width, height), Image.Resampling.BICUBIC)
    pixels = np.asarray(img).astype(np.int16)
    grain = rng.integers(-9, 10, size=(height, width, 1), dtype=np.int16)  # sensor noise
    grass = (rng.integers(0, 24, size=(height, width, 1), dtype=np.int16) - 12) * (np.arange(height) > height * 0.7)[:, None, None]
    return Image.fromarray(np.clip(pixels + grain + grass, 0, 255).astype(np.uint8))


def jpeg_bytes(image: Image.Image, orientation: int | None = None, quality: int = 88) -> bytes:
    """The image as a JPEG, with an EXIF orientation tag when given (6: stored sideways, shown upright)."""
    out = io.BytesIO()
    if orientation is None:
        image.save(out, "JPEG", quality=quality)
    else:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, otherwise valid PNG whose header claims the given size (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1)).save(out, "PNG")
    real = out.getvalue()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    forged = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return real[:8] + forged + real[8 + 25:]


def heic_header() -> bytes:
    """The first bytes of an iPhone HEIC photo (an ISO media `ftyp` box with the heic brand)."""
    return struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic" + b"\x00" * 64

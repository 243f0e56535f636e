"""The guarded image loader refuses bombs and foreign formats before decoding anything."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from model.errors import BadInputError, ImageError
from model.imageload import (
    MAX_IMAGE_BYTES,
    decode_image,
    inspect_image,
    inspect_png_header,
    to_png,
)


def encoded(fmt: str, size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, otherwise valid PNG whose IHDR claims the given size (a decompression bomb)."""
    real = encoded("PNG", (1, 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    forged = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return real[:8] + forged + real[8 + 25 :]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_inspecting_reports_size_and_format_of_each_accepted_kind(fmt: str) -> None:
    info = inspect_image(encoded(fmt))
    assert (info.width, info.height, info.format) == (64, 48, fmt)


def test_a_png_stays_byte_identical_when_imported() -> None:
    data = encoded("PNG")
    assert to_png(data) is data


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_jpeg_and_webp_imports_become_png_of_the_same_size(fmt: str) -> None:
    png = to_png(encoded(fmt))
    assert png.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (64, 48)


def test_a_bomb_claiming_a_huge_size_is_refused_before_decoding() -> None:
    bomb = png_claiming(100_000, 100_000)
    assert len(bomb) < 200
    with pytest.raises(ImageError, match="decompression bomb|too large"):
        inspect_image(bomb)
    with pytest.raises(ImageError):
        decode_image(bomb)


def test_an_image_over_the_pixel_cap_is_refused_even_below_pillows_own_limit() -> None:
    with pytest.raises(ImageError, match="8000 x 8000 pixels"):
        inspect_image(png_claiming(8000, 8000))
    with pytest.raises(ImageError, match="too large"):
        inspect_png_header(png_claiming(8000, 8000)[:24])


def test_the_png_header_peek_reads_the_size_from_24_bytes() -> None:
    info = inspect_png_header(encoded("PNG", (300, 200))[:24])
    assert (info.width, info.height) == (300, 200)
    with pytest.raises(ImageError, match="not a PNG"):
        inspect_png_header(encoded("JPEG")[:24])


def test_other_formats_and_garbage_are_refused_with_one_sentence() -> None:
    for data in (encoded("GIF"), encoded("BMP"), b"hello, not an image", b""):
        with pytest.raises(ImageError) as caught:
            inspect_image(data)
        message = str(caught.value)
        assert "\n" not in message and message.endswith(".")
        assert isinstance(caught.value, BadInputError)


def test_too_many_bytes_are_refused_without_looking_inside() -> None:
    with pytest.raises(ImageError, match="50 MB"):
        inspect_image(b"\0" * (MAX_IMAGE_BYTES + 1))


def test_a_truncated_png_is_refused_when_decoded_or_imported() -> None:
    noisy = Image.effect_noise((256, 256), 50).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    data = out.getvalue()
    cut = data[: len(data) // 2]
    with pytest.raises(ImageError, match="damaged"):
        decode_image(cut)
    with pytest.raises(ImageError, match="damaged"):
        to_png(cut)


def test_decoding_keeps_transparency_and_flattens_palettes() -> None:
    assert decode_image(encoded("PNG", mode="RGBA")).mode == "RGBA"
    assert decode_image(encoded("JPEG")).mode == "RGB"

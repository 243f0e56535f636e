"""The one guarded image loader: every image that enters Panelsmith passes through here.

Checks come before decoding: the byte length, then the format and pixel count from the header
alone (Pillow's `Image.open` reads only the header), so a decompression bomb is refused without
allocating its pixels. Only PNG, JPEG and WebP are accepted. Every refusal is an `ImageError`
with one sentence for the user.
"""
from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from model.errors import ImageError

__all__ = [
    "ImageError",
    "ImageInfo",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "ACCEPTED_FORMATS",
    "inspect_image",
    "inspect_png_header",
    "to_png",
    "decode_image",
    "decode_photo",
    "photo_to_png",
    "PHOTO_MAX_SIDE",
]

MAX_IMAGE_BYTES = 50 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # ~6300 x 6300: far above any generated or printed panel
ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_HEADER_BYTES = 24  # signature, IHDR length and type, width and height
PHOTO_MAX_SIDE = 2048  # a stored photo is never larger than a panel needs
# A camera JPEG is decoded at a reduced scale (Pillow's draft mode), so it may be larger than other images;
# this stays below Pillow's own decompression-bomb threshold (~89 megapixels).
MAX_PHOTO_PIXELS = 80_000_000
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str  # "PNG", "JPEG" or "WEBP" (Pillow's names)


def _check_dimensions(width: int, height: int, what: str, limit: int = MAX_IMAGE_PIXELS) -> None:
    if width <= 0 or height <= 0:
        raise ImageError(f"{what} has no pixels ({width} x {height}).")
    if width * height > limit:
        raise ImageError(
            f"{what} is too large: {width} x {height} pixels "
            f"(the limit is {limit // 1_000_000} megapixels)."
        )


def _is_heif(data: bytes) -> bool:
    """HEIC/HEIF/AVIF (an ISO media `ftyp` box with an image brand): what phones save, and Pillow cannot read."""
    return data[4:8] == b"ftyp" and any(brand in data[8:32] for brand in _HEIF_BRANDS)


def _open_header(data: bytes, what: str, limit: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """Open the image lazily (header only), turning every Pillow complaint into an ImageError."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(
            f"{what} is too large: {len(data) / 1024 / 1024:.0f} MB "
            f"(the limit is {MAX_IMAGE_BYTES // 1024 // 1024} MB)."
        )
    if not data:
        raise ImageError(f"{what} is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"{what} claims an enormous size and was refused as a decompression bomb.") from None
    except UnidentifiedImageError:
        if _is_heif(data):
            raise ImageError(f"{what} is a HEIC/HEIF photo, which Panelsmith cannot read; save it as JPEG "
                             "(on an iPhone: Settings ▸ Camera ▸ Formats ▸ Most Compatible) and import that.") from None
        raise ImageError(f"{what} is not a PNG, JPEG or WebP image.") from None
    except (OSError, SyntaxError, ValueError, struct.error, EOFError) as exc:
        raise ImageError(f"{what} is damaged and cannot be read ({exc}).") from None
    if image.format not in ACCEPTED_FORMATS:
        raise ImageError(f"{what} is a {image.format} image; only PNG, JPEG and WebP are accepted.")
    _check_dimensions(image.width, image.height, what, limit if image.format == "JPEG" else MAX_IMAGE_PIXELS)
    return image


def inspect_image(data: bytes, what: str = "The image") -> ImageInfo:
    """Size and format of an image, from its header only; raises ImageError if it is not usable."""
    image = _open_header(data, what)
    return ImageInfo(image.width, image.height, image.format or "")


def inspect_png_header(head: bytes, what: str = "The image") -> ImageInfo:
    """Size of a PNG from its first 24 bytes, for checking many stored images without reading them."""
    if len(head) < PNG_HEADER_BYTES or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        raise ImageError(f"{what} is not a PNG image.")
    width, height = struct.unpack(">II", head[16:24])
    _check_dimensions(width, height, what)
    return ImageInfo(width, height, "PNG")


def decode_image(data: bytes, what: str = "The image") -> Image.Image:
    """Fully decoded pixels (RGB, or RGBA when the image has transparency), after the same guards."""
    image = _open_header(data, what)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            if image.format == "JPEG":
                image = ImageOps.exif_transpose(image)  # photos from phones are stored sideways
    except (OSError, SyntaxError, ValueError, struct.error, EOFError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"{what} is damaged and cannot be decoded ({exc}).") from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    wanted = "RGBA" if has_alpha else "RGB"
    return image if image.mode == wanted else image.convert(wanted)


def to_png(data: bytes, what: str = "The image") -> bytes:
    """PNG bytes for an imported image: a valid PNG is kept byte-identical; JPEG and WebP are converted."""
    image = _open_header(data, what)
    if image.format == "PNG":
        try:
            image.verify()  # walks the chunks and their checksums without decoding pixels
        except (OSError, SyntaxError, ValueError, struct.error, EOFError) as exc:
            raise ImageError(f"{what} is a damaged PNG ({exc}).") from None
        return data
    pixels = decode_image(data, what)
    out = io.BytesIO()
    pixels.save(out, format="PNG")
    return out.getvalue()


def decode_photo(data: bytes, what: str = "The photo", max_side: int = PHOTO_MAX_SIDE) -> Image.Image:
    """A photo's pixels, upright (its EXIF orientation applied) and RGB, its longest side at most
    `max_side`: a camera JPEG is decoded at a reduced scale, so even 80 megapixels cost little memory."""
    image = _open_header(data, what, MAX_PHOTO_PIXELS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            scale = min(1.0, max_side / max(image.size))
            if image.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 scale when that keeps 90 % of max_side
                image.draft("RGB", (max(1, round(image.width * scale * 0.9)), max(1, round(image.height * scale * 0.9))))
            image.load()
            image = ImageOps.exif_transpose(image)  # phones store photos sideways with an orientation tag
            if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
                rgba = image.convert("RGBA")  # a transparent background becomes white paper, not black
                image = Image.new("RGB", rgba.size, (255, 255, 255))
                image.paste(rgba, mask=rgba.getchannel("A"))
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    except (OSError, SyntaxError, ValueError, struct.error, EOFError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"{what} is damaged and cannot be decoded ({exc}).") from None
    return image if image.mode == "RGB" else image.convert("RGB")


def photo_to_png(data: bytes, what: str = "The photo", max_side: int = PHOTO_MAX_SIDE) -> bytes:
    """PNG bytes of an imported picture or photo to store as a version: upright, at most `max_side` pixels
    on its longest side (never a 100 MB project), transparency on white; a PNG that already is all that
    is kept byte-identical."""
    header = _open_header(data, what, MAX_PHOTO_PIXELS)
    if header.format == "PNG" and max(header.size) <= max_side and header.getexif().get(0x0112, 1) == 1:
        return to_png(data, what)  # a PNG that fits and stands upright is kept byte-identical
    out = io.BytesIO()
    decode_photo(data, what, max_side).save(out, format="PNG", compress_level=3)
    return out.getvalue()

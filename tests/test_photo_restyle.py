"""The offline photo restyle moves a photo towards each style and keeps its composition; photos are
loaded upright, scaled down, and refused with one sentence when they are not images."""
from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from generation.sketch.photo_restyle import fit_photo, restyle, restyle_png
from model.errors import ImageError
from model.imageload import PHOTO_MAX_SIDE, decode_photo, photo_to_png
from model.script.styles import STYLES, style_by_id
from photos import heic_header, jpeg_bytes, png_claiming, synthetic_photo


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return fit_photo(synthetic_photo(900, 700), 640, 480)


def coloured_share(image: Image.Image) -> float:
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    return float(((rgb.max(axis=2) - rgb.min(axis=2)) > 24).mean())


def edge_recall(source: Image.Image, restyled: Image.Image) -> float:
    """The share of the photo's edges that the restyled picture has an edge near (composition kept)."""
    def edges(image: Image.Image) -> np.ndarray:
        grey = np.asarray(image.convert("L").resize((160, 120), Image.Resampling.BOX))
        return cv2.Canny(cv2.GaussianBlur(grey, (0, 0), 1), 30, 90) > 0
    near = cv2.dilate(edges(restyled).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    wanted = edges(source)
    return float((wanted & near).sum() / max(1, wanted.sum()))


@pytest.mark.parametrize("preset", STYLES, ids=lambda p: p.id)
def test_every_preset_keeps_the_photos_composition_but_not_its_pixels(photo, preset):
    out = restyle(photo, preset.look)
    assert out.size == photo.size
    assert edge_recall(photo, out) >= 0.6
    small = [np.asarray(im.convert("L").resize((32, 24), Image.Resampling.BOX), np.float32).ravel() for im in (photo, out)]
    assert np.corrcoef(*small)[0, 1] > 0.3
    assert np.abs(np.asarray(out, np.int16) - np.asarray(photo, np.int16)).mean() > 10


def test_manga_is_black_and_white_and_monochrome_styles_have_no_colour(photo):
    manga = restyle(photo, style_by_id("manga").look)
    assert coloured_share(manga) <= 0.02
    assert {value for _, value in manga.convert("L").getcolors()} <= {0, 10, 255}  # paper, dots and ink only
    for preset in STYLES:
        if preset.look.monochrome:
            assert coloured_share(restyle(photo, preset.look)) <= 0.02, preset.id
    assert coloured_share(photo) > 0.5


@pytest.mark.parametrize("preset_id", ["newspaper-strip", "animation-still"])
def test_flat_palette_styles_use_only_their_palette_and_ink(photo, preset_id):
    look = style_by_id(preset_id).look
    colours = {colour for _, colour in restyle(photo, look).getcolors(1 << 16)}
    assert colours <= set(look.palette) | {look.ink}
    assert len(colours) >= 4  # the photo's areas still differ


def test_a_style_without_a_palette_reduces_the_photo_to_a_few_of_its_own_colours(photo):
    assert len(photo.getcolors(1 << 20)) > 1000
    assert len(restyle(photo, None).getcolors(1 << 16)) <= 13


def test_noir_is_dark_pencil_is_light_and_picture_book_is_soft(photo):
    grey = lambda im: float(np.asarray(im.convert("L")).mean())  # noqa: E731
    assert grey(restyle(photo, style_by_id("noir").look)) < grey(photo) * 0.75
    assert grey(restyle(photo, style_by_id("pencil-storyboard").look)) > grey(photo) * 1.3
    book = restyle(photo, style_by_id("picture-book").look)
    sharp = lambda im: cv2.Laplacian(np.asarray(im.convert("L")), cv2.CV_32F).var()  # noqa: E731
    assert sharp(book) < sharp(restyle(photo, style_by_id("newspaper-strip").look))


def test_the_restyle_is_deterministic(photo):
    png = io.BytesIO()
    photo.save(png, "PNG")
    first = restyle_png(png.getvalue(), style_by_id("picture-book").look, 320, 240)
    second = restyle_png(png.getvalue(), style_by_id("picture-book").look, 320, 240)
    assert first.tobytes() == second.tobytes()


def upright_with_a_blue_top() -> Image.Image:
    image = Image.new("RGB", (300, 200), (40, 160, 60))
    image.paste((30, 60, 220), (0, 0, 300, 60))
    return image


def test_a_photo_stored_sideways_comes_out_upright():
    sideways = upright_with_a_blue_top().transpose(Image.Transpose.ROTATE_90)  # as a phone stores it
    data = jpeg_bytes(sideways, orientation=6)  # "rotate 90° clockwise to show"
    image = decode_photo(data)
    assert image.size == (300, 200)
    top, bottom = image.getpixel((150, 10)), image.getpixel((150, 190))
    assert top[2] > 150 and bottom[1] > 120
    with Image.open(io.BytesIO(photo_to_png(data))) as stored:
        assert stored.size == (300, 200)


def test_a_large_photo_is_stored_at_most_2048_pixels_long():
    data = jpeg_bytes(synthetic_photo(3000, 2250, seed=3))
    with Image.open(io.BytesIO(photo_to_png(data))) as stored:
        assert 0.9 * PHOTO_MAX_SIDE <= max(stored.size) <= PHOTO_MAX_SIDE
        assert stored.format == "PNG"


def test_a_png_that_fits_is_stored_byte_identical():
    out = io.BytesIO()
    upright_with_a_blue_top().save(out, "PNG")
    assert photo_to_png(out.getvalue()) == out.getvalue()


@pytest.mark.parametrize("data, sentence", [
    (b"", "is empty"),
    (jpeg_bytes(upright_with_a_blue_top())[:400], "damaged|truncated"),
    (b"Dear diary,\nthis is not a picture.\n", "not a PNG, JPEG or WebP"),
    (png_claiming(100_000, 100_000), "decompression bomb|too large"),
    (heic_header(), "HEIC"),
], ids=["empty", "truncated", "text", "bomb", "heic"])
def test_bad_photos_are_refused_with_one_sentence(data, sentence):
    with pytest.raises(ImageError, match=sentence) as caught:
        photo_to_png(data, "The photo holiday.jpg")
    message = str(caught.value)
    assert message.startswith("The photo holiday.jpg") and "\n" not in message

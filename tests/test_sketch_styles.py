"""The offline sketch honours every style preset visibly, each in the direction it claims."""
from __future__ import annotations

import io
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from generation.planning import sketch_spec
from generation.sketch.render import render_panel
from model.script.panelscript import parse_script
from model.script.styles import STYLES, style_by_id

ROOT = Path(__file__).resolve().parent.parent
SIZE = 512


@pytest.fixture(scope="module")
def pictures() -> dict[str, Image.Image]:
    """Panel 4 of the S-car strip (sky, road, car, crowd) drawn plain and in every preset."""
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    spec = sketch_spec(project, project.panels[3])
    out = {"plain": render_panel(spec, SIZE, SIZE)}
    for preset in STYLES:
        out[preset.id] = render_panel(replace(spec, look=preset.look), SIZE, SIZE)
    return out


def coloured_share(img: Image.Image) -> float:
    """The share of pixels with visible colour (not a grey)."""
    r, g, b = img.split()
    chroma = ImageChops.lighter(ImageChops.lighter(ImageChops.difference(r, g), ImageChops.difference(g, b)),
                                ImageChops.difference(r, b))
    return ImageStat.Stat(chroma.point(lambda v: 255 if v > 24 else 0)).mean[0] / 255


def edge_strength(img: Image.Image) -> float:
    """The mean local gradient: high for hard ink and flat fills, low for soft washes."""
    return ImageStat.Stat(img.convert("L").filter(ImageFilter.FIND_EDGES)).mean[0]


def brightness(img: Image.Image) -> float:
    return ImageStat.Stat(img.convert("L")).mean[0]


def main_colours(img: Image.Image, share: float = 0.8) -> int:
    """How many distinct colours cover `share` of the picture."""
    counts = sorted((n for n, _ in img.getcolors(img.width * img.height)), reverse=True)
    total, covered = img.width * img.height, 0
    for i, n in enumerate(counts, start=1):
        covered += n
        if covered >= share * total:
            return i
    return len(counts)


def test_black_and_white_styles_have_almost_no_colour(pictures):
    assert coloured_share(pictures["plain"]) > 0.3
    for preset in ("manga", "noir", "pencil-storyboard", "ink-wash"):
        assert coloured_share(pictures[preset]) <= 0.02, preset


def test_colour_styles_keep_their_colour(pictures):
    for preset in ("picture-book", "animation-still", "newspaper-strip", "oil-painting", "clay"):
        assert coloured_share(pictures[preset]) > 0.15, preset


def test_pencil_storyboard_is_grey_and_light(pictures):
    img = pictures["pencil-storyboard"]
    r, g, b = img.split()
    assert ImageStat.Stat(ImageChops.difference(r, b)).mean[0] < 8
    assert brightness(img) > brightness(pictures["plain"])


def test_noir_is_dark(pictures):
    noir = brightness(pictures["noir"])
    assert noir < 100
    assert all(noir < brightness(pictures[p.id]) for p in STYLES if p.id != "noir")


def test_watercolour_and_clay_have_softer_edges_than_newspaper_ink(pictures):
    newspaper = edge_strength(pictures["newspaper-strip"])
    for soft in ("picture-book", "clay", "oil-painting"):
        assert edge_strength(pictures[soft]) < newspaper * 0.8, soft


def test_newspaper_prints_few_flat_colours_and_watercolour_many(pictures):
    assert main_colours(pictures["newspaper-strip"]) <= 8
    assert main_colours(pictures["picture-book"]) > 100
    assert main_colours(pictures["newspaper-strip"]) < main_colours(pictures["plain"])


def test_manga_uses_screentone_dots_between_white_and_black(pictures):
    grey = pictures["manga"].convert("L")
    histogram = grey.histogram()
    pure = sum(histogram[:40]) + sum(histogram[216:])
    assert pure / (SIZE * SIZE) > 0.85  # ink and paper, not greys: tones are dots
    assert edge_strength(pictures["manga"]) > edge_strength(pictures["plain"]) * 1.5  # the dots are busy


def test_every_preset_differs_from_the_plain_sketch_and_from_every_other(pictures):
    for a, b in itertools.combinations(pictures, 2):
        diff = ImageStat.Stat(ImageChops.difference(pictures[a], pictures[b])).mean
        assert sum(diff) / 3 > 6, (a, b)


def test_a_styled_sketch_is_deterministic():
    project = parse_script("Style: picture book\nPanel (wide)\nA snail on a road.\n").project
    spec = sketch_spec(project, project.panels[0])
    assert spec.look is style_by_id("picture-book").look
    assert render_panel(spec, 200, 150).tobytes() == render_panel(spec, 200, 150).tobytes()


def test_a_panel_style_reaches_the_sketch_of_that_panel_only():
    project = parse_script("Style: manga\nPanel\nA snail.\nPanel\nStyle: clay\nA snail.\nPanel\nA snail.\n").project
    looks = [sketch_spec(project, p).look for p in project.panels]
    assert looks == [style_by_id("manga").look, style_by_id("clay").look, style_by_id("manga").look]


def test_a_script_without_a_preset_sketches_exactly_as_before():
    project = parse_script("Style: bright hand-drawn comic\nPanel\nA snail.\n").project
    spec = sketch_spec(project, project.panels[0])
    assert spec.look is None
    assert render_panel(spec, 160, 120).tobytes() == render_panel(replace(spec, look=None), 160, 120).tobytes()


def test_a_character_sheet_is_sketched_in_the_project_style():
    from generation.planning import GenerationSettings, plan_sheet
    from generation.sketch.render import SketchBackend

    text = "Style: {}\nCharacter: Gary\nA snail with a caramel-brown shell.\nPanel\nGary waits.\n"
    sheets = {}
    for style in ("bright colours", "manga"):
        project = parse_script(text.format(style)).project
        request = plan_sheet(project, project.characters[0], GenerationSettings()).request
        result = SketchBackend().generate(replace(request, width=480, height=320))
        sheets[style] = Image.open(io.BytesIO(result.png)).convert("RGB")
    assert coloured_share(sheets["bright colours"]) > 0.05
    assert coloured_share(sheets["manga"]) <= 0.02

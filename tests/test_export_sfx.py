"""Sound effects: red display letters with a dark rim inside a white one, readable on any art, PNG and PDF alike."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from export.pdf.writer import write_pdf
from export.raster.png import write_png
from export.raster.render import SFX_FILL, parse_color
from model.page.layout import layout_project
from model.project.project import ImageVersion, Line, Panel, Project

DPI = 200
RED = parse_color(SFX_FILL)


def _sfx_on_red(text: str) -> Project:
    """One panel whose art is the very red the sound effect is lettered in."""
    project = Project(title="Bang")
    project.page.page_size = "4 x 4 in"
    project.layout = "grid"
    project.page.grid_rows = project.page.grid_columns = 1
    project.panels = [Panel(lines=[Line("sfx", text)])]
    data = io.BytesIO()
    Image.new("RGB", (1200, 1200), RED).save(data, format="PNG")
    project.panels[0].images.add(ImageVersion(project.images.put(data.getvalue()), 1200, 1200, "red", "offline"))
    return project


def _letter_pixels(image: Image.Image, project: Project) -> dict[str, int]:
    """Counts of dark, white and red pixels around the sound effect's words."""
    balloon = layout_project(project).pages[0].frames[0].balloons[0]
    box = balloon.body.inset(-balloon.lines[0].size * 0.2)
    s = DPI / 72
    patch = image.convert("RGB").crop((round(box.x * s), round(box.y * s), round(box.right * s), round(box.bottom * s)))
    counts = {"dark": 0, "white": 0, "red": 0}
    raw = patch.tobytes()
    for r, g, b in zip(raw[0::3], raw[1::3], raw[2::3]):
        if r < 60 and g < 60 and b < 60:
            counts["dark"] += 1
        elif min(r, g, b) > 220:
            counts["white"] += 1
        elif abs(r - RED[0]) < 30 and abs(g - RED[1]) < 30 and abs(b - RED[2]) < 30:
            counts["red"] += 1
    return counts


def _assert_readable(counts: dict[str, int], text: str) -> None:
    total = sum(counts.values())
    assert counts["dark"] > total * 0.04, f"{text}: no dark rim between red letters and red art {counts}"
    assert counts["white"] > total * 0.04, f"{text}: no white rim for dark art {counts}"
    assert counts["red"] > total * 0.2, counts  # the art and the letters keep their colour


@pytest.mark.parametrize("text", ["VROOOM", "轰——隆隆"])
def test_a_sound_effect_on_art_of_its_own_colour_has_a_dark_rim_in_the_png(tmp_path: Path, text: str) -> None:
    project = _sfx_on_red(text)
    path = write_png(layout_project(project), project.images, tmp_path / "bang.png", DPI)[0]
    with Image.open(path) as image:
        _assert_readable(_letter_pixels(image, project), text)


@pytest.mark.parametrize("text", ["VROOOM", "轰——隆隆"])
def test_a_sound_effect_has_the_same_rims_in_the_pdf_and_its_words_extract_once(tmp_path: Path, text: str) -> None:
    project = _sfx_on_red(text)
    out = write_pdf(layout_project(project), project.images, tmp_path / "bang.pdf", DPI)
    extracted = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert extracted == text
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(out), str(tmp_path / "p")], check=True)
    with Image.open(next(tmp_path.glob("p*.png"))) as image:
        _assert_readable(_letter_pixels(image, project), text)


def test_every_glyph_of_the_shipped_fonts_gives_a_closed_outline() -> None:
    from export.pdf.glyphpaths import contour_segments, glyph_contours
    from model import fonts

    for face, text in ((fonts.LETTERING_BOLD, "AÉgÅ&%@éü"), (fonts.CJK, "轰隆哇！「」")):
        for ch in text:
            contours = glyph_contours(face, ch)
            assert contours, ch
            for contour in contours:
                steps = contour_segments(contour)
                assert steps[0][0] == "move" and steps[-1][-1] == steps[0][1]  # ends where it began

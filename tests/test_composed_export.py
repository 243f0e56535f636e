"""Every export draws the page as composed: a splash covers the trim, slanted frames are clipped to their
outline, pictures are cropped to the frame's new shape and never stretched; `panelsmith pages --json`."""
from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from cli import run
from export.epub.writer import write_epub
from export.pdf.pdfx import write_pdfx
from export.pdf.writer import write_pdf
from export.raster.cbz import write_cbz
from export.raster.png import write_png
from export.raster.render import render_page
from model.fileformat.projectfile import save_project
from model.page.layout import layout_project
from model.project.project import Line, PageSettings, Panel, Project
from tests.pagebuilders import PANEL_COLOURS, give_picture

WHITE = (255, 255, 255)


def comic(template: str, n: int, **page: object) -> Project:
    project = Project(title="Composed", layout="grid", page=PageSettings(**page))
    project.panels = [Panel(action=f"beat {i + 1}") for i in range(n)]
    project.panels[0].page_layout = template
    for panel, colour in zip(project.panels, PANEL_COLOURS * 3):
        give_picture(project, panel, colour, (600, 400))
    return project


def _placements(page) -> list[tuple[float, ...]]:
    """(a, b, c, d, e, f) of the matrix in force at each image drawn on a PDF page."""
    found, stack, ctm = [], [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
        elif op == b"Do" and page["/Resources"]["/XObject"][operands[0]].get_object()["/Subtype"] == "/Image":
            found.append(ctm)
    return found


@pytest.mark.parametrize("writer", [write_pdf, write_pdfx], ids=["pdf", "pdfx"])
def test_pdf_pages_from_a_splash_template_have_one_picture_covering_the_trim(tmp_path: Path, writer) -> None:
    project = comic("splash", 1, page_size="8.5x8.5in", bleed=True)
    out = writer(layout_project(project), project.images, tmp_path / "splash.pdf", dpi=72, bleed=True)
    page = PdfReader(out).pages[0]
    (a, _b, _c, d, e, f), = _placements(page)  # exactly one picture on the page
    x0, y0, x1, y1 = (float(v) for v in page.trimbox)
    assert e <= x0 + 1e-6 and f <= y0 + 1e-6 and e + a >= x1 - 1e-6 and f + d >= y1 - 1e-6
    assert (e, f, e + a, f + d) == pytest.approx(tuple(float(v) for v in page.bleedbox))


def _gutter_point(page, frame) -> tuple[float, float]:
    """A point inside the slanted frame's bounds that no frame covers: the leaning gutter beside it."""
    def outlines(f):
        r = f.rect
        return list(f.polygon) if f.polygon is not None else [(r.x, r.y), (r.right, r.y), (r.right, r.bottom), (r.x, r.bottom)]

    r = frame.rect
    for i in range(1, 200):
        for j in range(1, 20):
            x, y = r.x + r.w * i / 200, r.y + r.h * j / 20
            if not any(_inside(outlines(f), (x + dx, y)) for f in page.frames for dx in (-2, 0, 2)):
                return x, y
    raise AssertionError("no gutter inside the slanted frame's bounds")


def _inside(poly, p) -> bool:
    x, y = p
    inside = False
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_slanted_frames_are_clipped_to_their_outline_in_png_pdf_and_cbz(tmp_path: Path) -> None:
    project = comic("manga 5-panel", 5, border_width_pt=0.0)
    layout = layout_project(project)
    page = layout.pages[0]
    slanted = [f for f in page.frames if f.polygon is not None]
    assert slanted
    gap = _gutter_point(page, slanted[0])
    inner = slanted[0].polygon
    cx, cy = sum(p[0] for p in inner) / len(inner), sum(p[1] for p in inner) / len(inner)
    dpi = 72

    def px(image: Image.Image, p) -> tuple[int, int, int]:
        return image.convert("RGB").getpixel((int(p[0] * dpi / 72), int(p[1] * dpi / 72)))

    png = render_page(page, layout, project.images, dpi=dpi)
    assert px(png, gap) == WHITE and px(png, (cx, cy)) != WHITE
    cbz = write_cbz(project, layout, project.images, tmp_path / "c.cbz", dpi=dpi)
    with zipfile.ZipFile(cbz) as zf:
        first = sorted(n for n in zf.namelist() if n.endswith((".png", ".jpg")))[0]
        with zf.open(first) as fh, Image.open(fh) as image:
            assert px(image, gap) == pytest.approx(WHITE, abs=6)
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    out = write_pdf(layout, project.images, tmp_path / "m.pdf", dpi=dpi)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True)
    with Image.open(next(tmp_path.glob("p*.png"))) as image:
        assert px(image, gap) == pytest.approx(WHITE, abs=6)
        assert px(image, (cx, cy)) != pytest.approx(WHITE, abs=6)


def test_an_epub_page_clips_a_slanted_picture(tmp_path: Path) -> None:
    project = comic("manga 5-panel", 5)
    out = write_epub(project, layout_project(project), project.images, tmp_path / "m.epub")
    with zipfile.ZipFile(out) as zf:
        page = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml") and "clipPath" in zf.read(n).decode())
    assert page.count("<clipPath") == 2 and 'clip-path="url(#frame' in page
    from tests.test_export_epub import epubcheck

    report = epubcheck(out)
    assert "Messages: 0 fatals / 0 errors" in report, report


def test_a_picture_is_cropped_to_its_new_frame_around_its_centre_never_stretched(tmp_path: Path) -> None:
    project = comic("widescreen strips", 1, border_width_pt=0.0)
    layout = layout_project(project)
    frame = layout.pages[0].frames[0]
    assert frame.rect.w / frame.rect.h > 2.5  # a wide strip from a 3:2 picture
    (path,) = write_png(layout, project.images, tmp_path / "w.png", dpi=72)
    with Image.open(path) as image:
        crop = image.convert("RGB").crop((round(frame.rect.x) + 1, round(frame.rect.y) + 1,
                                          round(frame.rect.right) - 1, round(frame.rect.bottom) - 1))
    # The picture's two figures sit at 15–35 % and 65–85 % across; cropped (not squashed) to a wide strip
    # around the centre, they keep their place across and are cut at the middle of their height.
    dark = tuple(c // 2 for c in PANEL_COLOURS[0])
    row = [crop.getpixel((x, crop.height - 2)) for x in range(crop.width)]
    hits = [x / crop.width for x, c in enumerate(row) if all(abs(a - b) < 12 for a, b in zip(c, dark))]
    assert hits and 0.1 < min(hits) < 0.3 and 0.7 < max(hits) < 0.9


def test_pages_json_lists_each_pages_panels_frames_polygons_and_balloons(tmp_path: Path, capsys) -> None:
    project = comic("manga 5-panel", 6)
    project.panels[1].lines = [Line("speech", "Wait!", "Ann")]
    path = tmp_path / "m.panels"
    save_project(project, path)
    assert run(["pages", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["unit"] == "pt" and [p["template"] for p in doc["pages"]] == ["manga 5-panel", "grid 2x2"]
    first = doc["pages"][0]["panels"]
    assert [p["index"] for p in first] == [1, 2, 3, 4, 5]
    assert sum("polygon" in p for p in first) == 2
    (balloon,) = first[1]["balloons"]
    assert balloon["speaker"] == "Ann" and balloon["text"] == "Wait!"
    box, frame = balloon["box"], first[1]["frame"]
    assert frame["x"] <= box["x"] and box["x"] + box["w"] <= frame["x"] + frame["w"]
    assert run(["pages", str(path)]) == 0
    assert "Page 1 (manga 5-panel)" in capsys.readouterr().out

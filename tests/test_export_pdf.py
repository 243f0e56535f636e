"""The print PDF: real text in embedded fonts, trim and bleed boxes, JPEG pictures, metadata, preflight."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from export.pdf.writer import write_pdf
from export.pdf.preflight import preflight
from model.errors import BadInputError
from model.page.layout import layout_project
from model.project.project import Line
from tests.pagebuilders import dialogue_lines, snail_strip, snail_strip_zh


def _squash(text: str) -> str:
    # Extractors insert spaces and line breaks where runs and lines change; compare the characters.
    return re.sub(r"\s+", "", text)


def _book(build=snail_strip, **page):
    project = build()
    project.page.page_size = "8.5x8.5in"
    for k, v in page.items():
        setattr(project.page, k, v)
    return project, layout_project(project, layout="book")


def _fonts(reader: PdfReader) -> list[dict]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for desc in [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]:
                found.append(desc)
    return found


@pytest.mark.parametrize("build", [snail_strip, snail_strip_zh])
@pytest.mark.parametrize("kind", ["strip", "book", "storyboard"])
def test_every_line_of_dialogue_extracts_as_text(tmp_path: Path, build, kind: str) -> None:
    project = build()
    if kind == "book":
        project.page.book_text = "over"
    layout = layout_project(project, layout=kind)
    out = write_pdf(layout, project.images, tmp_path / "out.pdf", dpi=150)
    text = _squash("".join(page.extract_text() for page in PdfReader(out).pages))
    for line in dialogue_lines(project):
        assert _squash(line) in text, line
    if shutil.which("pdftotext"):
        poppler = _squash(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)
        for line in dialogue_lines(project):
            assert _squash(line) in poppler, line


def test_the_book_band_carries_the_words_as_text_too(tmp_path: Path) -> None:
    project, layout = _book(snail_strip_zh)
    out = write_pdf(layout, project.images, tmp_path / "book.pdf", dpi=100)
    text = _squash("".join(p.extract_text() for p in PdfReader(out).pages))
    for line in dialogue_lines(project):
        assert _squash(line) in text


def test_all_fonts_are_embedded_truetype_and_helvetica_is_never_listed(tmp_path: Path) -> None:
    project, layout = _book(snail_strip_zh)
    out = write_pdf(layout, project.images, tmp_path / "book.pdf", dpi=100)
    reader = PdfReader(out)
    descriptors = [d for d in _fonts(reader) if "/FontDescriptor" in d]
    assert descriptors
    for d in descriptors:
        assert "/FontFile2" in d["/FontDescriptor"].get_object()
    names = {str(f.get("/BaseFont")) for f in _fonts(reader)}
    assert not any("Helvetica" in n for n in names)
    assert any("WenQuanYiMicroHei" in n for n in names) and any("PanelLettering" in n for n in names)
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), listing


def test_bleed_adds_an_eighth_inch_on_every_side_with_trim_and_bleed_boxes(tmp_path: Path) -> None:
    project, layout = _book()
    out = write_pdf(layout, project.images, tmp_path / "book.pdf", dpi=100, bleed=True)
    reader = PdfReader(out)
    assert len(reader.pages) == 1 + len(project.panels)
    for page in reader.pages:
        assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 630, 630])
        assert [float(v) for v in page.trimbox] == pytest.approx([9, 9, 621, 621])
        assert [float(v) for v in page.bleedbox] == pytest.approx([0, 0, 630, 630])


def test_without_bleed_the_page_is_the_trim(tmp_path: Path) -> None:
    project, layout = _book()
    out = write_pdf(layout, project.images, tmp_path / "book.pdf", dpi=100)
    page = PdfReader(out).pages[1]
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 612, 612])
    assert [float(v) for v in page.trimbox] == pytest.approx([0, 0, 612, 612])


def test_the_picture_reaches_into_the_bleed_on_full_bleed_pages(tmp_path: Path) -> None:
    project, layout = _book()
    out = write_pdf(layout, project.images, tmp_path / "book.pdf", dpi=72, bleed=True)
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "2", "-l", "2", str(out), str(tmp_path / "p")], check=True)
    from PIL import Image

    with Image.open(next(tmp_path.glob("p*.png"))) as image:
        corner = image.convert("RGB").getpixel((2, 2))  # inside the bleed, top-left
    assert corner == pytest.approx((40, 120, 200), abs=12)


def test_pictures_are_jpeg_and_never_above_the_dpi_at_their_printed_size(tmp_path: Path) -> None:
    project = snail_strip(size=(2048, 2048))
    layout = layout_project(project)
    out = write_pdf(layout, project.images, tmp_path / "strip.pdf", dpi=150)
    reader = PdfReader(out)
    frame = layout.pages[0].frames[0]
    limit = frame.rect.w / 72 * 150
    images = [x.get_object() for x in reader.pages[0]["/Resources"]["/XObject"].values()]
    assert len(images) == 4
    for image in images:
        assert image["/Filter"] in ("/DCTDecode", ["/DCTDecode"])
        assert image["/Width"] <= limit + 1


def test_title_author_and_a_bookmark_per_page(tmp_path: Path) -> None:
    project, layout = _book()
    out = write_pdf(layout, project.images, tmp_path / "book.pdf", dpi=72)
    reader = PdfReader(out)
    assert reader.metadata.title == "The S-car"
    assert reader.metadata.author == "Ann Author"
    assert [o.title for o in reader.outline] == ["Cover", "Page 2", "Page 3", "Page 4", "Page 5"]


def test_a_failed_export_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    project, layout = _book()
    target = tmp_path / "book.pdf"
    target.write_bytes(b"%PDF old")
    project.page.background = "not a colour"
    with pytest.raises(BadInputError):
        write_pdf(layout, project.images, target, dpi=72)
    assert target.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]


def test_preflight_reports_low_dpi_missing_pictures_small_text_and_page_count() -> None:
    project, layout = _book()
    project.panels[2].images.versions.clear()
    layout = layout_project(project, layout="book")
    findings = [str(f) for f in preflight(layout, project.images, bleed=True)]
    assert any("DPI" in f and f.startswith("warning") for f in findings)  # 1024 px over 8.75 in
    assert any("Panel 3 has no picture yet" in f for f in findings)
    assert any("multiple of 4" in f for f in findings)  # 5 pages
    assert not any("safe zone" in f for f in findings)


def test_preflight_passes_a_sharp_picture_and_flags_text_outside_the_safe_zone() -> None:
    project = snail_strip(size=(1600, 1600))
    project.page.margin_mm = 0
    project.page.padding_mm = 0
    layout = layout_project(project)
    findings = [str(f) for f in preflight(layout, project.images, bleed=False)]
    assert any(f.startswith("ok") and "DPI" in f for f in findings)
    project.panels[3].lines.append(Line("caption", "At the very edge"))
    findings = [str(f) for f in preflight(layout_project(project), project.images)]
    assert any("safe zone" in f for f in findings)


def test_a_strip_of_1024_px_pictures_prints_them_at_300_dpi_and_stays_2400_px_wide() -> None:
    project = snail_strip(size=(1024, 1024))
    layout = layout_project(project)
    findings = [str(f) for f in preflight(layout, project.images)]
    assert not any("DPI" in f and f.startswith("warning") for f in findings), findings
    assert layout.pages[0].width / 72 * 300 >= 2400
    small = snail_strip(size=(512, 512))  # too few pixels for 300 DPI: the strip keeps its print width
    assert layout_project(small).pages[0].width / 72 * 300 >= 2400

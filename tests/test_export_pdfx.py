"""The print-shop PDF (--pdfx): CMYK pictures without masks, the GTS_PDFX output intent with its profile,
PDF/X keys, embedded fonts, trim and bleed boxes; the preflight's ink and RGB checks."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from pypdf import PdfReader

from cli import run
from export.pdf.writer import write_pdf
from export.pdf.pdfx import rgb_leftovers, write_pdfx
from export.pdf.preflight import preflight
from model.page.layout import layout_project
from tests.pagebuilders import give_picture, snail_strip, snail_strip_zh


def _book(build=snail_strip):
    project = build()
    project.page.page_size = "8.5x8.5in"
    return project, layout_project(project, layout="book")


def _images(reader: PdfReader) -> list:
    found = []
    for page in reader.pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject)
    return found


@pytest.mark.parametrize("build", [snail_strip, snail_strip_zh])
def test_a_print_shop_pdf_has_the_output_intent_and_only_cmyk_pictures(tmp_path: Path, build) -> None:
    project, layout = _book(build)
    out = write_pdfx(layout, project.images, tmp_path / "book.pdf", dpi=100, bleed=True)
    reader = PdfReader(out)
    intents = reader.trailer["/Root"]["/OutputIntents"]
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/Type"] == "/OutputIntent"
    icc = intent["/DestOutputProfile"].get_object()
    assert icc["/N"] == 4
    profile = ImageCms.getOpenProfile(io.BytesIO(icc.get_data()))
    assert profile.profile.xcolor_space.strip() == "CMYK"
    images = _images(reader)
    assert len(images) == len(project.panels) + 1  # each page's picture, the cover's too
    for image in images:
        assert image["/ColorSpace"] == "/DeviceCMYK"
        assert "/SMask" not in image and "/Mask" not in image
    info = reader.metadata
    assert info["/GTS_PDFXVersion"].startswith("PDF/X-1a") and info["/Trapped"] == "/False"
    assert info["/Title"] == project.title
    for page in reader.pages:
        assert [float(v) for v in page.trimbox] == pytest.approx([9, 9, 621, 621])
        assert [float(v) for v in page.bleedbox] == pytest.approx([0, 0, 630, 630])
    assert rgb_leftovers(out) == []


def test_every_font_of_the_print_shop_pdf_is_embedded_and_the_words_are_text(tmp_path: Path) -> None:
    project, layout = _book(snail_strip_zh)
    out = write_pdfx(layout, project.images, tmp_path / "book.pdf", dpi=72)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out).pages))
    assert "哇！看那辆S跑车开走了！" in text
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed; .ci/run installs it")
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), listing


def test_text_is_pure_black_ink_and_the_page_paints_no_rgb(tmp_path: Path) -> None:
    project, layout = _book()
    out = write_pdfx(layout, project.images, tmp_path / "book.pdf", dpi=72)
    content = PdfReader(out).pages[2].get_contents().get_data().decode("latin-1")
    assert "0 0 0 1 k" in content  # the words: K only
    assert not re.search(r"(?<![A-Za-z/])(rg|RG)(?![A-Za-z])", content)


def test_the_plain_pdf_is_reported_as_rgb_and_the_print_shop_pdf_is_not(tmp_path: Path) -> None:
    project, layout = _book()
    plain = write_pdf(layout, project.images, tmp_path / "plain.pdf", dpi=72)
    assert "an image is RGB" in rgb_leftovers(plain)
    assert "a page paints in RGB colour" in rgb_leftovers(plain)


def test_the_preflight_measures_the_ink_of_a_very_dark_picture(tmp_path: Path) -> None:
    project, _layout = _book()
    give_picture(project, project.panels[2], (5, 5, 10))  # nearly black: the most ink the profile gives
    layout = layout_project(project, layout="book")
    found = [str(f) for f in preflight(layout, project.images, cmyk=True, max_ink=260)]
    assert any(re.search(r"warning: Page 4, panel 3: the picture needs up to 29\d% total ink in CMYK; the limit is 260%", f)
               for f in found), found
    assert not any("Page 2, panel 1: the picture needs" in f for f in found)  # a mid-blue page is fine
    within = [str(f) for f in preflight(layout, project.images, cmyk=True)]
    assert any(re.search(r"ok: Page 4, panel 3: at most 29\d% total ink in CMYK \(limit 300%\)", f) for f in within)
    assert not any("total ink" in str(f) for f in preflight(layout, project.images))  # only for print-shop PDFs


def test_export_pdfx_from_the_command_line_prints_the_ink_and_rgb_checks(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    project, _layout = _book()
    from model.fileformat.projectfile import save_project

    save_project(project, tmp_path / "s.panels")
    out = tmp_path / "print.pdf"
    assert run(["export", str(tmp_path / "s.panels"), "-o", str(out), "--layout", "book", "--pdfx", "--dpi", "72",
                "--max-ink", "150"]) == 0
    stdout = capsys.readouterr().out
    assert "total ink in CMYK; the limit is 150%" in stdout
    assert "print.pdf holds CMYK colour only, with nothing transparent." in stdout
    assert run(["export", str(tmp_path / "s.panels"), "-o", str(tmp_path / "x.png"), "--pdfx"]) == 2
    assert "--pdfx makes a print-shop PDF" in capsys.readouterr().err

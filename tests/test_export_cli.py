"""`panelsmith export` end to end: from a script to PNG, PDF, CBZ and a folder of panels."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from cli import run
from model.fileformat.projectfile import load_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def script(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no stored key: offline sketches
    path = tmp_path / "s-car.txt"
    shutil.copy(ROOT / "resources/examples/s-car.txt", path)
    return path


def test_exporting_a_script_draws_the_missing_panels_then_writes_the_strip(script, tmp_path, capsys) -> None:
    out = tmp_path / "strip.png"
    assert run(["export", str(script), "-o", str(out)]) == 0
    stdout, stderr = capsys.readouterr()
    assert "offline" in stderr and "Wrote" in stdout
    with Image.open(out) as image:
        assert image.width >= 2400
    project = load_project(script.with_suffix(".panels"))  # the drawn panels are kept
    assert all(p.images.selected is not None for p in project.panels)


def test_a_print_pdf_with_bleed_prints_the_preflight(script, tmp_path, capsys) -> None:
    out = tmp_path / "book.pdf"
    code = run(["export", str(script), "-o", str(out), "--layout", "book", "--page-size", "8.5x8.5in",
                "--bleed", "--dpi", "150", "--cover", "4"])
    assert code == 0
    stdout = capsys.readouterr().out
    assert "Preflight:" in stdout and "DPI at its printed size" in stdout and "multiple of 4" in stdout
    reader = PdfReader(out)
    assert len(reader.pages) == 5
    assert [float(v) for v in reader.pages[0].mediabox] == pytest.approx([0, 0, 630, 630])
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "Wow!LookatthatS-cargo!" in text


def test_cbz_and_a_folder_of_panels(script, tmp_path, capsys) -> None:
    assert run(["export", str(script), "-o", str(tmp_path / "s.cbz"), "--dpi", "72", "--preflight"]) == 0
    assert "Preflight:" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "s.cbz") as archive:
        assert "ComicInfo.xml" in archive.namelist()
    panels = script.with_suffix(".panels")
    assert run(["export", str(panels), "-o", str(tmp_path / "panels") + "/", "--dpi", "72"]) == 0
    assert sorted(p.name for p in (tmp_path / "panels").iterdir()) == [f"panel-0{i}.png" for i in range(1, 5)]


@pytest.mark.parametrize("args,needle", [
    (["-o", "out.docx"], "end it in .png"),
    (["-o", "out.png", "--page-size", "B9"], "Unknown page size"),
    (["-o", "out.png", "--dpi", "5"], "--dpi 5"),
    (["-o", "out.pdf", "--layout", "book", "--cover", "9"], "--cover 9"),
    (["-o", "out.png", "--layout", "grid", "--grid", "3 by 2"], "--grid"),
    (["-o", "out.png", "--layout", "grid", "--grid", "9x9"], "--grid"),
])
def test_bad_options_are_one_sentence_and_exit_2(script, tmp_path, capsys, monkeypatch, args, needle) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["export", str(script), *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "out.png").exists()
    assert not script.with_suffix(".panels").exists()  # nothing was drawn or saved


def test_page_options_for_one_export_leave_the_project_as_it_was(script, tmp_path, capsys) -> None:
    assert run(["export", str(script), "-o", str(tmp_path / "grid.cbz"), "--layout", "grid", "--grid", "1x4",
                "--direction", "rtl", "--dpi", "72"]) == 0
    with zipfile.ZipFile(tmp_path / "grid.cbz") as archive:
        info = archive.read("ComicInfo.xml").decode("utf-8")
        pages = [n for n in archive.namelist() if n.endswith(".png")]
    assert "YesAndRightToLeft" in info  # read right to left, as asked
    assert len(pages) == 1  # 1 row x 4 columns holds all four panels
    project = load_project(script.with_suffix(".panels"))
    assert (project.page.direction, project.page.grid_rows) == ("ltr", 2)  # the saved project is unchanged


def test_exporting_a_script_again_uses_the_pictures_its_project_already_has(script, tmp_path, capsys) -> None:
    assert run(["export", str(script), "-o", str(tmp_path / "first.png")]) == 0
    before = load_project(script.with_suffix(".panels"))
    capsys.readouterr()
    assert run(["export", str(script), "-o", str(tmp_path / "second.png")]) == 0
    stderr = capsys.readouterr().err
    assert "without a picture" not in stderr  # nothing is drawn (or paid for) a second time
    after = load_project(script.with_suffix(".panels"))
    assert [len(p.images.versions) for p in after.panels] == [len(p.images.versions) for p in before.panels] == [1] * 4
    assert (tmp_path / "first.png").read_bytes() == (tmp_path / "second.png").read_bytes()


def test_a_scripts_warnings_are_printed_once_when_export_draws_its_panels(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "lake.txt"
    script.write_text("Panel @ Lake\nA fox sits by the water.\n", encoding="utf-8")
    assert run(["export", str(script), "-o", str(tmp_path / "lake.png")]) == 0
    stderr = capsys.readouterr().err
    assert stderr.count("lake.txt:1:") == 1  # the unknown setting, said once, not once per opening

"""A book's cover: the script's Cover:/Blurb: blocks, the stored cover picture, and the printer's cover wrap."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli import run
from model.fileformat.projectfile import SCHEMA_VERSION, load_project, save_project
from model.page.coverwrap import PAPERS, SPINE_TEXT_MIN_IN, spine_width_in
from model.prompt.compose import cover_request_prompt
from model.prompt.status import cover_status
from model.script.panelscript import parse_script
from model.script.render import render_script
from model.script.reconcile import reparse

SCRIPT = """Title: The Snail Race
Author: Ann Lee
Layout: book
Page: 8.5x8.5in

Cover: Gary the snail in his race car,
speeding past a cheering crowd.

Blurb: Gary is the slowest snail in town. But he has a car.

Can he win the big race?

Character: Gary
A snail with a red shell.

Panel 1
Gary waits at the start.
Gary: Ready!

Panel 2
Gary zooms off.
"""

SCRIPT_ZH = """标题：蜗牛赛车
作者：李安
版式：绘本

封面：蜗牛加里开着赛车，观众在欢呼。

封底文字：加里是镇上最慢的蜗牛。可是他有一辆车。

他能赢吗？

角色：加里
红色壳的蜗牛。

第1格
加里在起跑线等着。
加里：准备好了！
"""


@pytest.fixture
def script(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no stored key: offline sketches
    path = tmp_path / "race.txt"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_the_cover_and_blurb_blocks_parse_and_write_back_in_english_and_chinese() -> None:
    result = parse_script(SCRIPT)
    assert not result.diagnostics
    cover = result.project.cover
    assert cover.description == "Gary the snail in his race car, speeding past a cheering crowd."
    assert cover.blurb == "Gary is the slowest snail in town. But he has a car.\nCan he win the big race?"
    assert [p.action for p in result.project.panels] == ["Gary waits at the start.", "Gary zooms off."]
    for language in ("en", "zh"):
        again = parse_script(render_script(result.project, language)).project
        assert (again.cover.description, again.cover.blurb) == (cover.description, cover.blurb)
    zh = parse_script(SCRIPT_ZH)
    assert not zh.diagnostics
    assert zh.project.cover.description == "蜗牛加里开着赛车，观众在欢呼。"
    assert zh.project.cover.blurb == "加里是镇上最慢的蜗牛。可是他有一辆车。\n他能赢吗？"
    assert "封面：" in render_script(zh.project, "zh") and "封底文字：" in render_script(zh.project, "zh")


def test_a_second_cover_block_is_said_and_added_to_the_first() -> None:
    result = parse_script("Cover: a snail\n\nCover: at night\n\nPanel 1\nA snail.\n")
    assert result.project.cover.description == "a snail at night"
    assert any("second Cover block" in d.message for d in result.diagnostics)


def test_the_cover_prompt_names_its_characters_and_keeps_room_for_the_title() -> None:
    project = parse_script(SCRIPT).project
    prompt = cover_request_prompt(project)
    assert "Gary (A snail with a red shell)" in prompt and "race car" in prompt and "title" in prompt
    assert "Ready!" not in prompt  # words are typeset, never drawn


def test_generate_draws_the_cover_picture_and_it_survives_save_reparse_and_reload(script, capsys) -> None:
    assert run(["generate", str(script)]) == 0
    assert "The cover: new version" in capsys.readouterr().out
    saved = script.with_suffix(".panels")
    project = load_project(saved)
    assert cover_status(project) == "ready"
    picture = project.cover.images.selected.sha256
    edited = reparse(project, SCRIPT.replace("Gary zooms off.", "Gary zooms off, fast."))
    assert edited.project.cover.images.selected.sha256 == picture  # the picture stays with the project
    save_project(edited.project, saved)
    assert load_project(saved).cover.images.selected.sha256 == picture
    changed = reparse(project, SCRIPT.replace("cheering crowd", "silent crowd")).project
    assert cover_status(changed) == "stale"  # a new Cover: text asks for a new picture; the old one stays
    assert len(changed.cover.images.versions) == 1


def test_a_version_5_project_opens_without_a_cover(tmp_path) -> None:
    doc = {"schema_version": 5, "title": "Old", "panels": [{"id": "p1", "action": "A snail."}], "page": {"bleed": True}}
    path = tmp_path / "old.panels"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.json", json.dumps(doc))
    project = load_project(path)
    assert project.title == "Old" and project.page.bleed
    assert project.cover.description == "" and project.cover.images.versions == []
    save_project(project, path)
    with zipfile.ZipFile(path) as zf:
        stored = json.loads(zf.read("project.json"))
    assert stored["schema_version"] == SCHEMA_VERSION and stored["cover"]["blurb"] == ""


def _wrap(script: Path, out: Path, *extra: str) -> int:
    return run(["export", str(script), "-o", str(out), "--cover-wrap", "--dpi", "72", *extra])


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_the_wrap_is_two_trims_a_spine_and_the_bleed_wide_for_every_paper(script, tmp_path, capsys, paper) -> None:
    for pages in (24, 120, 400):
        out = tmp_path / f"cover-{paper}-{pages}.pdf"
        assert _wrap(script, out, "--paper", paper, "--pages", str(pages)) == 0
        page = PdfReader(out).pages[0]
        width_in, height_in = float(page.mediabox.width) / 72, float(page.mediabox.height) / 72
        assert width_in == pytest.approx(2 * 8.5 + pages * PAPERS[paper] + 2 * 0.125, abs=0.01)
        assert height_in == pytest.approx(8.5 + 2 * 0.125, abs=0.01)
        trim = page.trimbox
        assert float(trim.left) == pytest.approx(9) and float(trim.width) / 72 == pytest.approx(width_in - 0.25, abs=0.001)
        assert [float(v) for v in page.bleedbox] == pytest.approx([float(v) for v in page.mediabox])
    assert "Preflight:" in capsys.readouterr().out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed")
def test_the_spine_carries_the_title_only_when_it_is_wide_enough(script, tmp_path, capsys) -> None:
    narrow, wide = int(SPINE_TEXT_MIN_IN / PAPERS["white"]) - 2, int(SPINE_TEXT_MIN_IN / PAPERS["white"]) + 2
    assert spine_width_in(narrow, "white") < SPINE_TEXT_MIN_IN <= spine_width_in(wide, "white")
    counts = {}
    for pages in (narrow, wide):
        out = tmp_path / f"cover-{pages}.pdf"
        assert _wrap(script, out, "--pages", str(pages)) == 0
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        counts[pages] = len(re.findall(r"The Snail Race", text))
    assert counts == {narrow: 1, wide: 2}  # the front always; the spine only when wide enough
    stdout = capsys.readouterr().out
    assert "too narrow for words" in stdout and "The spine carries the title and author" in stdout


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler's pdffonts is not installed")
def test_the_wrap_embeds_every_font_and_carries_the_blurb(script, tmp_path) -> None:
    out = tmp_path / "cover.pdf"
    assert _wrap(script, out, "--pages", "200") == 0
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert listing and all(" yes " in f" {row} " and row.split()[-5] == "yes" for row in listing)
    assert "Helvetica" not in "\n".join(listing)
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Can he win the big race?" in text and "Ann Lee" in text


def test_a_print_shop_wrap_is_cmyk_only(script, tmp_path, capsys) -> None:
    out = tmp_path / "cover.pdf"
    assert _wrap(script, out, "--pages", "200", "--pdfx") == 0
    assert "holds CMYK colour only" in capsys.readouterr().out
    assert PdfReader(out).pages[0].trimbox is not None


def test_page_counts_the_platforms_refuse_are_said_and_still_written(script, tmp_path, capsys) -> None:
    for pages in ("12", "900"):
        out = tmp_path / f"cover-{pages}.pdf"
        assert _wrap(script, out, "--pages", pages) == 0
        assert out.exists()
        assert "the platforms bind a paperback of 24 to 800 pages" in capsys.readouterr().out


def test_a_blurb_longer_than_the_back_is_said(script, tmp_path, capsys) -> None:
    script.write_text(SCRIPT.replace("Can he win the big race?", "Can he win? " * 1500), encoding="utf-8")
    out = tmp_path / "cover.pdf"
    assert _wrap(script, out, "--pages", "200") == 0
    assert "The blurb is longer than the back cover holds" in capsys.readouterr().out
    assert script.read_text(encoding="utf-8").count("Can he win?") == 1500  # the writer's words are untouched


def test_bad_cover_options_are_one_sentence_and_write_nothing(script, tmp_path, capsys) -> None:
    out = tmp_path / "cover.pdf"
    assert _wrap(script, out, "--paper", "glossy") == 2
    err = capsys.readouterr().err
    assert "Unknown paper 'glossy'" in err and "white, cream, colour" in err and "Traceback" not in err
    assert run(["export", str(script), "-o", str(tmp_path / "c.png"), "--cover-wrap"]) == 2
    assert "--cover-wrap writes a PDF" in capsys.readouterr().err
    assert run(["export", str(script), "-o", str(out), "--paper", "cream"]) == 2
    assert "add --cover-wrap" in capsys.readouterr().err
    assert not out.exists()


def test_a_project_with_no_pictures_and_no_cover_block_is_one_sentence(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    plain = tmp_path / "plain.txt"
    plain.write_text("Title: Plain\n\nPanel 1\nA snail.\n", encoding="utf-8")
    out = tmp_path / "cover.pdf"
    assert run(["export", str(plain), "-o", str(out), "--cover-wrap"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "no pictures yet" in err[-1] and "Cover: block" in err[-1]
    assert not out.exists()


def test_the_cover_block_is_drawn_first_when_the_wrap_needs_it(script, tmp_path, capsys) -> None:
    out = tmp_path / "cover.pdf"
    assert _wrap(script, out, "--pages", "32") == 0
    assert "Drawing the cover picture" in capsys.readouterr().err
    project = load_project(script.with_suffix(".panels"))
    assert cover_status(project) == "ready"
    assert all(p.images.selected is None for p in project.panels)  # a cover needs no panel drawn


def test_cover_panel_chooses_the_fronts_picture(script, tmp_path) -> None:
    assert run(["generate", str(script)]) == 0
    out = tmp_path / "cover.pdf"
    assert _wrap(script, out, "--pages", "32", "--cover", "2") == 0
    project = load_project(script.with_suffix(".panels"))
    image = PdfReader(out).pages[0].images[0].image
    panel = project.panels[1].images.selected
    assert abs(image.width / image.height - 8.625 / 8.75) < 0.02 and panel.sha256 != project.cover.images.selected.sha256


def test_the_epub_and_the_cbz_open_on_the_front_cover(script, tmp_path) -> None:
    from PIL import Image

    from test_export_epub import epubcheck

    epub = tmp_path / "race.epub"
    assert run(["export", str(script), "-o", str(epub)]) == 0  # draws the panels and the Cover: block first
    project = load_project(script.with_suffix(".panels"))
    own = project.cover.images.selected.sha256
    with zipfile.ZipFile(epub) as book:
        opf = book.read("OEBPS/content.opf").decode()
        first = book.read("OEBPS/page-001.xhtml").decode()
        cover = Image.open(io.BytesIO(book.read("OEBPS/images/cover.jpg")))
        pages = [n for n in book.namelist() if re.match(r"OEBPS/page-\d+\.xhtml", n)]
    assert re.search(r'href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"', opf)
    assert cover.width == cover.height  # the 8.5 x 8.5 in front, drawn whole
    assert own[:24] in first and "The Snail Race" in first and "Ann Lee" in first and 'epub:type="cover"' in first
    assert "race car" in first  # the picture's description is the cover's own
    assert len(pages) == 1 + len(project.panels)  # the book's cover page became the front cover, not an extra page
    report = epubcheck(epub)
    assert "No errors or warnings detected" in report, report

    cbz = tmp_path / "race.cbz"
    assert run(["export", str(script), "-o", str(cbz), "--dpi", "72"]) == 0
    with zipfile.ZipFile(cbz) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".png"))
        info = archive.read("ComicInfo.xml").decode()
        front = Image.open(io.BytesIO(archive.read(names[0]))).convert("RGB")
    assert len(names) == 1 + len(project.panels) and '<Page Image="0" Type="FrontCover"' in info
    assert front.size == (612, 612)
    with Image.open(io.BytesIO(project.images.get(own))) as drawn:
        middle = drawn.convert("RGB").resize((612, 612)).getpixel((306, 306))
    assert max(abs(a - b) for a, b in zip(front.getpixel((306, 306)), middle)) < 40  # the cover's own picture, not a panel's


def test_info_reports_the_cover(script, capsys) -> None:
    assert run(["info", str(script)]) == 0
    assert "cover: missing, 0 versions, blurb of 18 words" in capsys.readouterr().out
    assert run(["info", str(script), "--json"]) == 0
    cover = json.loads(capsys.readouterr().out)["cover"]
    assert cover == {"status": "missing", "versions": 0, "error": None, "blurb_words": 18}


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed")
def test_a_chinese_spine_stacks_its_characters_upright_between_the_folds(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "race.txt"
    script.write_text(SCRIPT_ZH.replace("版式：绘本\n", "版式：绘本\n页面：8.5x8.5in\n"), encoding="utf-8")
    out = tmp_path / "cover.pdf"
    assert _wrap(script, out, "--pages", "200") == 0
    boxes = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(x1), text) for x0, x1, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)]
    fold_left = 9 + 8.5 * 72
    fold_right = fold_left + 200 * PAPERS["white"] * 72
    on_spine = [text for x0, x1, text in words if fold_left < x0 and x1 < fold_right]
    assert on_spine == list("蜗牛赛车李安")  # one upright character under the next, title then author
    assert any(text == "蜗牛赛车" and x0 > fold_right for x0, _, text in words)  # and the front's title

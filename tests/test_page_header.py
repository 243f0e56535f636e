"""The script's `Page:` / `页面：` line: parsed, warned about, written back, kept by re-parses, used by export."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli import run
from model.script.pageheader import page_line, with_page_line
from model.project.project import PageSettings
from model.fileformat.projectfile import load_project
from model.script.reconcile import reparse
from model.script.panelscript import parse_script
from model.script.render import render_script

EN = "Title: Book\nLayout: book\nPage: 8.5x8.5in, bleed, rtl, words over art, grid 3x2, 150dpi\n\nPanel 1\nA cat sleeps.\nCat: Hush.\n"
ZH = "标题：书\n版式：绘本\n页面：8.5x8.5in，出血，从右到左，文字压图，网格 3x2，150dpi\n\n第1格\n猫在睡觉。\n猫：嘘。\n"


@pytest.mark.parametrize("text", [EN, ZH])
def test_the_page_line_sets_every_page_setting_it_names(text: str) -> None:
    result = parse_script(text, "book.txt")
    assert result.diagnostics == [] and result.page_stated
    page = result.project.page
    assert (page.page_size, page.bleed, page.direction, page.book_text, page.grid_rows, page.grid_columns, page.dpi) == \
        ("8.5x8.5in", True, "rtl", "over", 3, 2, 150)


def test_the_page_line_round_trips_through_render_script() -> None:
    project = parse_script(EN).project
    rendered = render_script(project)
    assert "Page: 8.5x8.5in, bleed, rtl, words over art, grid 3x2, 150dpi" in rendered
    assert parse_script(rendered).project.page == project.page
    assert "Page:" not in render_script(parse_script("Panel 1\nA cat.\n").project)  # all defaults: no line


def test_bad_parts_of_the_page_line_are_file_line_warnings_and_the_rest_still_applies() -> None:
    text = "Title: T\nPage: B7, bleed, grid 9x2, 20dpi, sideways\nPanel 1\nA cat.\n"
    result = parse_script(text, "book.txt")
    messages = [str(d) for d in result.diagnostics]
    assert messages[0].startswith("book.txt:2: unknown page size or setting “B7”; use a page size (A4, A5, Letter")
    assert "book.txt:2: grid 9x2 is not possible" in messages[1]
    assert "book.txt:2: 20 dpi is out of range; use a number from 36 to 1200." == messages[2]
    assert "“sideways”" in messages[3] and len(messages) == 4
    assert result.project.page.bleed and result.project.page.page_size == "A4"


def test_a_reparse_takes_the_page_line_and_keeps_the_rest_of_the_projects_page() -> None:
    project = parse_script("Panel 1\nA cat.\n").project
    project.page.margin_mm, project.page.page_size = 20.0, "Letter"
    kept = reparse(project, "Panel 1\nA cat.\n").project.page
    assert (kept.page_size, kept.margin_mm) == ("Letter", 20.0)  # no Page: line, the project's page stays
    stated = reparse(project, "Page: A5, rtl\nPanel 1\nA cat.\n").project.page
    assert (stated.page_size, stated.direction, stated.margin_mm, stated.bleed) == ("A5", "rtl", 20.0, False)


def test_with_page_line_replaces_the_line_in_its_own_language_or_adds_one_after_the_layout() -> None:
    page = PageSettings(page_size="A5", bleed=True)
    assert with_page_line(ZH, page).splitlines()[2] == "页面：A5，出血"
    assert with_page_line(EN, page).splitlines()[2] == "Page: A5, bleed"
    added = with_page_line("Title: T\nLayout: book\n\nPanel 1\nPage: a sign\n", page).splitlines()
    assert added[:3] == ["Title: T", "Layout: book", "Page: A5, bleed"] and added[-1] == "Page: a sign"
    assert with_page_line("Panel 1\nA cat.\n", PageSettings()) == "Panel 1\nA cat.\n"
    assert page_line(PageSettings(), chinese=True) == "页面：A4"


def test_export_follows_the_page_line_and_command_line_options_override_it(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "book.txt"
    script.write_text("Title: Book\nLayout: book\nPage: 8.5x8.5in, bleed, 72dpi\n\nPanel 1\nA cat sleeps.\n", encoding="utf-8")
    assert run(["export", str(script), "-o", str(tmp_path / "a.pdf")]) == 0
    first = PdfReader(tmp_path / "a.pdf").pages[1]
    assert [float(v) for v in first.mediabox] == pytest.approx([0, 0, 630, 630])  # 8.5 in + bleed on each side
    assert "72 DPI" in capsys.readouterr().out
    assert run(["export", str(script), "-o", str(tmp_path / "b.pdf"), "--no-bleed", "--page-size", "A5"]) == 0
    second = PdfReader(tmp_path / "b.pdf").pages[1]
    assert [float(v) for v in second.mediabox] == pytest.approx([0, 0, 419.53, 595.28], abs=0.01)


def test_an_unknown_page_size_in_the_script_is_a_file_line_warning_on_export(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "book.txt"
    script.write_text("Title: Book\nPage: B7, 72dpi\n\nPanel 1\nA cat sleeps.\n", encoding="utf-8")
    assert run(["export", str(script), "-o", str(tmp_path / "a.png")]) == 0
    assert f"{script}:2: unknown page size or setting “B7”" in capsys.readouterr().err


def test_a_version_1_project_opens_without_bleed(tmp_path: Path) -> None:
    doc = {"schema_version": 1, "title": "Old", "panels": [{"id": "p1"}], "page": {"page_size": "Letter", "dpi": 150}}
    path = tmp_path / "old.panels"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.json", json.dumps(doc))
    project = load_project(path)
    assert (project.page.page_size, project.page.dpi, project.page.bleed) == ("Letter", 150, False)

"""End pages: `--pad` fills a picture book to a multiple of 4 pages with a title page, a copyright page and blanks."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from cli import run
from model.page.endpages import pad_book, pages_to_four
from model.page.layout import layout_project
from model.script.panelscript import parse_script


def _script(panels: int, chinese: bool = False) -> str:
    if chinese:
        head = "标题：蜗牛赛车\n作者：李安\n版式：绘本\n页面：8.5x8.5in\n"
        return head + "".join(f"\n第{n}格\n蜗牛跑。\n蜗牛：第{n}页！\n" for n in range(1, panels + 1))
    head = "Title: The Snail Race\nAuthor: Ann Lee\nLayout: book\nPage: 8.5x8.5in\n"
    return head + "".join(f"\nPanel {n}\nGary runs.\nGary: Page {n}!\n" for n in range(1, panels + 1))


@pytest.mark.parametrize("panels", [2, 3, 4, 5, 6])
def test_padding_reaches_the_next_multiple_of_4_and_never_more(panels) -> None:
    project = parse_script(_script(panels)).project
    layout = layout_project(project, layout="book")
    padded = pad_book(layout, project, 2026)
    assert len(padded.pages) % 4 == 0 and len(padded.pages) - len(layout.pages) == pages_to_four(len(layout.pages))
    assert [p.number for p in padded.pages] == list(range(1, len(padded.pages) + 1))
    labels = [p.label for p in padded.pages]
    added = pages_to_four(len(layout.pages))
    if added:
        assert labels[-1] == "Copyright"
        assert ("Title page" in labels) == (added >= 2) and ("Blank" in labels) == (added == 3)
    assert labels[0] == "Cover"


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_pad_writes_the_end_pages_and_the_preflight_stops_warning(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "race.txt"
    script.write_text(_script(4), encoding="utf-8")  # a cover and 4 pages: 5, so 3 are added
    plain, padded, bare = tmp_path / "plain.pdf", tmp_path / "padded.pdf", tmp_path / "bare.pdf"
    assert run(["export", str(script), "-o", str(plain), "--dpi", "72"]) == 0
    assert "multiple of 4" in capsys.readouterr().out
    assert run(["export", str(script), "-o", str(padded), "--dpi", "72", "--pad"]) == 0
    out = capsys.readouterr().out
    assert "multiple of 4" not in out and "(8 pages" in out
    reader = PdfReader(padded)
    assert len(reader.pages) == 8
    assert "The Snail Race" in reader.pages[1].extract_text()  # the title page
    assert reader.pages[6].extract_text().strip() == ""  # a blank page
    last = " ".join(reader.pages[7].extract_text().split())
    assert re.search(r"© 20\d\d Ann Lee", last) and "Made with Panelsmith" in last
    assert run(["export", str(script), "-o", str(bare), "--dpi", "72", "--pad", "--no-credit"]) == 0
    assert "Made with Panelsmith" not in _text(bare) and "Ann Lee" in _text(bare)


def test_a_chinese_book_gets_a_chinese_copyright_page(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "race.txt"
    script.write_text(_script(2, chinese=True), encoding="utf-8")
    out = tmp_path / "book.pdf"
    assert run(["export", str(script), "-o", str(out), "--dpi", "72", "--pad"]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    assert "版权所有" in reader.pages[-1].extract_text() and "Panelsmith" in reader.pages[-1].extract_text()


def test_pad_options_out_of_place_are_one_sentence(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "race.txt"
    script.write_text(_script(2).replace("Layout: book\n", ""), encoding="utf-8")
    out = tmp_path / "strip.pdf"
    assert run(["export", str(script), "-o", str(out), "--pad"]) == 2
    assert "--pad fills a picture book" in capsys.readouterr().err
    assert run(["export", str(script), "-o", str(out), "--layout", "book", "--no-credit"]) == 2
    assert "add --pad" in capsys.readouterr().err
    assert not out.exists()


def test_the_cover_wrap_counts_the_padded_interior(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "race.txt"
    script.write_text(_script(4), encoding="utf-8")
    assert run(["generate", str(script)]) == 0
    assert run(["export", str(script), "-o", str(tmp_path / "cover.pdf"), "--cover-wrap", "--pad", "--dpi", "72"]) == 0
    assert "for 8 pages of white paper" in capsys.readouterr().out

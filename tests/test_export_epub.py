"""The fixed-layout EPUB: epubcheck-clean, the words as real text, the navigation, language and cover."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cli import run
from export.epub.writer import write_epub
from model.page.layout import layout_project
from model.fileformat.projectfile import load_project
from tests.pagebuilders import dialogue_lines, snail_strip, snail_strip_zh

ROOT = Path(__file__).resolve().parent.parent
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck package (CI installs it)


def epubcheck(path: Path) -> str:
    """epubcheck's report on `path`; skips (saying why) only where epubcheck is not installed."""
    if EPUBCHECK_JAR.exists() and shutil.which("java"):
        command = ["java", "-jar", str(EPUBCHECK_JAR), str(path)]
    elif shutil.which("epubcheck"):
        command = ["epubcheck", str(path)]
    else:
        pytest.skip("epubcheck is not installed here (Debian package `epubcheck`; .ci/run installs it)")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


def _book(build, tmp_path: Path, **page) -> tuple[Path, object]:
    project = build()
    project.page.page_size = "8.5x8.5in"
    for key, value in page.items():
        setattr(project.page, key, value)
    layout = layout_project(project, layout="book")
    return write_epub(project, layout, project.images, tmp_path / "book.epub"), project


def _page_text(book: zipfile.ZipFile, name: str) -> str:
    root = ET.fromstring(book.read(name))
    return "".join(span.text or "" for span in root.iter(f"{XHTML}span"))


@pytest.mark.parametrize("build, lang", [(snail_strip, "en"), (snail_strip_zh, "zh")])
def test_a_picture_book_passes_epubcheck_with_no_errors(tmp_path: Path, build, lang: str) -> None:
    out, _project = _book(build, tmp_path, book_text="over")
    report = epubcheck(out)
    assert re.search(r"Messages: 0 fatals / 0 errors", report), report
    with zipfile.ZipFile(out) as book:
        opf = book.read("OEBPS/content.opf").decode()
    assert f"<dc:language>{lang}</dc:language>" in opf


def test_the_zip_starts_with_the_stored_mimetype_and_is_pre_paginated(tmp_path: Path) -> None:
    out, project = _book(snail_strip, tmp_path)
    with zipfile.ZipFile(out) as book:
        first = book.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert book.read("mimetype") == b"application/epub+zip"
        opf = ET.fromstring(book.read("OEBPS/content.opf"))
        pages = [n for n in book.namelist() if re.fullmatch(r"OEBPS/page-\d+\.xhtml", n)]
        page = ET.fromstring(book.read(pages[1]))
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    metas = {m.get("property"): m.text for m in opf.iterfind("opf:metadata/opf:meta", ns) if m.get("property")}
    assert metas["rendition:layout"] == "pre-paginated"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", metas["dcterms:modified"])
    assert opf.findtext("opf:metadata/dc:title", namespaces=ns) == "The S-car"
    assert opf.findtext("opf:metadata/dc:creator", namespaces=ns) == "Ann Author"
    assert opf.findtext("opf:metadata/dc:identifier", namespaces=ns).startswith("urn:uuid:")
    assert len(pages) == len(project.panels) + 1  # the cover, then one page per panel
    viewport = page.find(f"{XHTML}head/{XHTML}meta[@name='viewport']").get("content")
    assert re.fullmatch(r"width=\d+, height=\d+", viewport)
    cover = [i for i in opf.iterfind("opf:manifest/opf:item", ns) if i.get("properties") == "cover-image"]
    assert len(cover) == 1


@pytest.mark.parametrize("build", [snail_strip, snail_strip_zh])
@pytest.mark.parametrize("words", ["over", "band"])
def test_every_word_is_real_text_in_the_pages(tmp_path: Path, build, words: str) -> None:
    out, project = _book(build, tmp_path, book_text=words)
    with zipfile.ZipFile(out) as book:
        text = "".join(_page_text(book, n) for n in sorted(book.namelist()) if re.fullmatch(r"OEBPS/page-\d+\.xhtml", n))
        css = book.read("OEBPS/book.css").decode()
        fonts = [n for n in book.namelist() if n.startswith("OEBPS/fonts/")]
    squashed = re.sub(r"\s+", "", text)
    for line in dialogue_lines(project):
        assert re.sub(r"\s+", "", line) in squashed
    assert re.sub(r"\s+", "", project.title) in squashed  # the cover's title is text too
    assert fonts and all(f"url(\"{n.removeprefix('OEBPS/')}\")" in css for n in fonts)


def test_the_navigation_lists_every_page_with_a_page_list_and_the_cover(tmp_path: Path) -> None:
    out, project = _book(snail_strip, tmp_path)
    with zipfile.ZipFile(out) as book:
        nav = ET.fromstring(book.read("OEBPS/nav.xhtml"))
        names = set(book.namelist())
    kinds = {n.get("{http://www.idpf.org/2007/ops}type"): n for n in nav.iter(f"{XHTML}nav")}
    assert set(kinds) == {"toc", "page-list", "landmarks"}
    toc = [a.get("href") for a in kinds["toc"].iter(f"{XHTML}a")]
    assert len(toc) == len(project.panels) + 1 and all(f"OEBPS/{h}" in names for h in toc)
    assert [a.text for a in kinds["page-list"].iter(f"{XHTML}a")] == [str(i) for i in range(1, len(toc) + 1)]
    landmarks = {a.get("{http://www.idpf.org/2007/ops}type"): a.get("href") for a in kinds["landmarks"].iter(f"{XHTML}a")}
    assert landmarks["cover"] == toc[0] and landmarks["bodymatter"] == toc[1]


def test_the_spine_and_the_page_list_follow_the_books_page_order(tmp_path: Path) -> None:
    out, project = _book(snail_strip, tmp_path, book_text="over")
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    with zipfile.ZipFile(out) as book:
        opf = ET.fromstring(book.read("OEBPS/content.opf"))
        hrefs = {i.get("id"): i.get("href") for i in opf.iterfind("opf:manifest/opf:item", ns)}
        spine = [hrefs[ref.get("idref")] for ref in opf.iterfind("opf:spine/opf:itemref", ns)]
        texts = [re.sub(r"\s+", "", _page_text(book, f"OEBPS/{href}")) for href in spine]
        nav = ET.fromstring(book.read("OEBPS/nav.xhtml"))
    # What each document in reading order shows: the cover's title, then each panel's words, in order.
    assert len(spine) == len(project.panels) + 1 and re.sub(r"\s+", "", project.title) in texts[0]
    for text, panel in zip(texts[1:], project.panels):
        assert all(re.sub(r"\s+", "", line.text) in text for line in panel.lines)
        later = [line.text for other in project.panels[project.panels.index(panel) + 1:] for line in other.lines]
        assert not any(re.sub(r"\s+", "", line) in text for line in later)
    page_list = next(n for n in nav.iter(f"{XHTML}nav") if n.get("{http://www.idpf.org/2007/ops}type") == "page-list")
    entries = [(a.get("href"), a.text) for a in page_list.iter(f"{XHTML}a")]
    assert entries == [(href, str(number)) for number, href in enumerate(spine, start=1)]


def test_the_fonts_carry_only_the_characters_the_book_uses(tmp_path: Path) -> None:
    out, _project = _book(snail_strip_zh, tmp_path)
    with zipfile.ZipFile(out) as book:
        cjk = book.getinfo("OEBPS/fonts/WenQuanYiMicroHei.ttf").file_size
    assert cjk < 200_000  # the whole face is 4.6 MB


def test_exporting_a_script_without_pictures_draws_them_first_then_writes_the_epub(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no stored key: offline sketches
    script = tmp_path / "s-car.zh.txt"
    shutil.copy(ROOT / "resources/examples/s-car.zh.txt", script)
    out = tmp_path / "书.epub"
    assert run(["export", str(script), "-o", str(out), "--layout", "book", "--dpi", "72"]) == 0
    stdout, stderr = capsys.readouterr()
    assert "without a picture first" in stderr and "Wrote" in stdout
    project = load_project(script.with_suffix(".panels"))
    assert all(p.images.selected is not None for p in project.panels)
    with zipfile.ZipFile(out) as book:
        assert "<dc:language>zh</dc:language>" in book.read("OEBPS/content.opf").decode()
        text = "".join(_page_text(book, n) for n in book.namelist() if re.fullmatch(r"OEBPS/page-\d+\.xhtml", n))
    assert "哇！看那辆" in re.sub(r"\s+", "", text)


def test_the_pictures_are_the_projects_own_pngs_each_stored_once_and_the_cover_image_is_the_cover_page(tmp_path: Path) -> None:
    out, project = _book(snail_strip, tmp_path)
    stored = {project.images.get(p.images.selected.sha256) for p in project.panels}
    with zipfile.ZipFile(out) as book:
        pictures = [n for n in book.namelist() if n.startswith("OEBPS/images/") and n.endswith(".png")]
        assert {book.read(n) for n in pictures} == stored and len(pictures) == len(stored)
        opf = book.read("OEBPS/content.opf").decode()
        page = book.read("OEBPS/page-002.xhtml").decode()
        cover_bytes = book.read("OEBPS/images/cover.jpg")
    assert re.search(r'href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"', opf)
    assert cover_bytes.startswith(b"\xff\xd8")  # the cover page drawn whole, its title included
    assert re.search(r'<image [^>]*preserveAspectRatio="xMidYMid slice" xlink:href="images/[0-9a-f]+\.png"', page)


def _french_edition(tmp_path: Path) -> Path:
    """The first-run example as a project with a French edition (names and every line), pictures drawn offline."""
    from model.fileformat.projectfile import load_project, save_project
    from model.project.editions import Edition, Translation, keys_of

    path = tmp_path / "s-car.panels"
    assert run(["new", str(ROOT / "resources/examples/s-car.txt"), "-o", str(path)]) == 0
    assert run(["generate", str(path), "--backend", "offline"]) == 0
    project = load_project(path)
    names = {"Gary": "Gaston", "Salesman": "Vendeur"}
    project.editions["fr"] = Edition("fr", {
        k: Translation(names.get(k.source, k.source) if k.kind == "name" else f"Oui, {k.source}")
        for k in keys_of(project)}, source_language="en")
    save_project(project, path)
    return path


def test_an_editions_epub_and_cbz_say_its_own_language_and_describe_pictures_in_one_language(tmp_path: Path) -> None:
    path = _french_edition(tmp_path)
    out, cbz = tmp_path / "fr.epub", tmp_path / "fr.cbz"
    assert run(["export", str(path), "-o", str(out), "--layout", "book", "--edition", "fr"]) == 0
    assert run(["export", str(path), "-o", str(cbz), "--layout", "grid", "--edition", "fr", "--dpi", "36"]) == 0
    with zipfile.ZipFile(out) as book:
        opf = book.read("OEBPS/content.opf").decode()
        pages = [book.read(n).decode() for n in book.namelist() if re.search(r"page-\d+\.xhtml$", n)]
    assert "<dc:language>fr</dc:language>" in opf and 'xml:lang="fr"' in opf
    assert pages and all('xml:lang="fr"' in page for page in pages)
    titles = [m.group(1, 2) for page in pages for m in re.finditer(r'<title( xml:lang="[^"]+")?>([^<]*)</title>', page.split("<svg", 1)[1])]
    assert titles and all(lang == ' xml:lang="en"' for lang, _ in titles)  # the original's action, marked as English
    described = " ".join(text for _, text in titles)
    assert "Gary" in described and "Gaston" not in described  # no translated names inside the English action
    with zipfile.ZipFile(cbz) as comic:
        assert "<LanguageISO>fr</LanguageISO>" in comic.read("ComicInfo.xml").decode()
    report = epubcheck(out)
    assert "ERROR" not in report and "FATAL" not in report, report


def test_the_original_of_a_translated_project_keeps_the_language_its_translation_recorded(tmp_path: Path) -> None:
    from model.fileformat.projectfile import load_project
    from export.raster.cbz import language_of

    project = load_project(_french_edition(tmp_path))
    project.editions["fr"].source_language = "nl"  # the words are guessed as English; the translation knew better
    assert language_of(project) == "nl"
    assert language_of(project, "fr") == "fr"

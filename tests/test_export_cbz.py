"""CBZ comics: page images in order and a ComicInfo.xml readers accept."""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from PIL import Image

from export.raster.cbz import write_cbz
from model.page.layout import layout_project
from tests.pagebuilders import snail_strip, snail_strip_zh


def _open(path: Path) -> tuple[list[str], ET.Element]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        info = ET.fromstring(archive.read("ComicInfo.xml"))
        for name in names:
            if name.endswith(".png"):
                with archive.open(name) as f, Image.open(f) as image:
                    image.verify()
    return names, info


def test_a_cbz_holds_every_page_in_order_and_describes_the_comic(tmp_path: Path) -> None:
    project = snail_strip()
    layout = layout_project(project, layout="book")
    out = write_cbz(project, layout, project.images, tmp_path / "s-car.cbz", dpi=50)
    names, info = _open(out)
    assert names == ["001.png", "002.png", "003.png", "004.png", "005.png", "ComicInfo.xml"]
    assert info.tag == "ComicInfo"
    assert info.findtext("Title") == "The S-car"
    assert info.findtext("Writer") == "Ann Author"
    assert info.findtext("PageCount") == "5"
    assert info.findtext("LanguageISO") == "en"
    assert info.findtext("Manga") == "No"
    pages = info.find("Pages")
    assert [p.get("Image") for p in pages] == ["0", "1", "2", "3", "4"]
    assert pages[0].get("Type") == "FrontCover"


def test_a_chinese_right_to_left_comic_is_marked_as_such(tmp_path: Path) -> None:
    project = snail_strip_zh()
    project.page.direction = "rtl"
    layout = layout_project(project, layout="grid")
    out = write_cbz(project, layout, project.images, tmp_path / "zh.cbz", dpi=50)
    _, info = _open(out)
    assert info.findtext("LanguageISO") == "zh"
    assert info.findtext("Manga") == "YesAndRightToLeft"
    assert info.findtext("Title") == "S跑车"


def test_writing_a_cbz_again_replaces_it_whole(tmp_path: Path) -> None:
    project = snail_strip()
    layout = layout_project(project)
    target = tmp_path / "s.cbz"
    target.write_bytes(b"not a zip")
    write_cbz(project, layout, project.images, target, dpi=40)
    names, _ = _open(target)
    assert names == ["001.png", "ComicInfo.xml"]
    assert [p.name for p in tmp_path.iterdir()] == ["s.cbz"]

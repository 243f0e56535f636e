"""CBZ export: the page images in reading order plus a ComicInfo.xml comic readers understand."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from export.atomic import atomic_path
from export.raster.render import render_page
from model.project.imagestore import ImageStore
from model.language import UNDETERMINED, detect_language
from model.page.frames import Layout
from model.project.editions import ORIGINAL
from model.project.project import Project


def language_of(project: Project, edition: str | None = None) -> str:
    """The language code (BCP 47) of the words shown: a translated edition's own code (`edition`); else the
    original's language as its translations recorded it; else guessed from the words ("zh" when mostly Han
    characters, "ja" with kana, else "en"). The guess knows only those three, so an edition never relies on it."""
    if edition and edition != ORIGINAL:
        return edition
    recorded = {e.source_language for e in project.editions.values()} - {"", UNDETERMINED}
    if len(recorded) == 1:
        return recorded.pop()
    found = detect_language([project.title] + [ln.text for p in project.panels for ln in p.lines])
    return "en" if found == UNDETERMINED else found


def comic_info(project: Project, layout: Layout, language: str | None = None) -> bytes:
    """ComicInfo.xml (the ComicRack schema) for the pages of `layout`; `language` names an edition's."""
    root = ET.Element("ComicInfo", {
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xmlns:xsd": "http://www.w3.org/2001/XMLSchema",
    })
    ET.SubElement(root, "Title").text = project.title or "Untitled"
    if project.author:
        ET.SubElement(root, "Writer").text = project.author
    ET.SubElement(root, "PageCount").text = str(len(layout.pages))
    ET.SubElement(root, "LanguageISO").text = language_of(project, language)
    ET.SubElement(root, "Manga").text = "YesAndRightToLeft" if layout.settings.direction == "rtl" else "No"
    pages = ET.SubElement(root, "Pages")
    for i, page in enumerate(layout.pages):
        attrs = {"Image": str(i)}
        if i == 0 and page.cover:  # a book's cover page, or the front cover put first (export.coverfront)
            attrs["Type"] = "FrontCover"
        ET.SubElement(pages, "Page", attrs)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write_cbz(project: Project, layout: Layout, images: ImageStore, target: Path, dpi: int | None = None,
              language: str | None = None) -> Path:
    """Render every page and store them, with ComicInfo.xml, in a CBZ at `target` (atomically); `language`
    is a translated edition's code (else it is read from the words)."""
    dpi = dpi or layout.settings.dpi
    digits = max(3, len(str(len(layout.pages))))
    with atomic_path(Path(target)) as tmp:
        with zipfile.ZipFile(tmp, "w") as archive:
            for page in layout.pages:
                buffer = io.BytesIO()
                render_page(page, layout, images, dpi).save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=3)
                # PNG is already compressed: store it rather than deflate it again.
                archive.writestr(f"{page.number:0{digits}d}.png", buffer.getvalue(), compress_type=zipfile.ZIP_STORED)
            archive.writestr("ComicInfo.xml", comic_info(project, layout, language), compress_type=zipfile.ZIP_DEFLATED)
    return Path(target)

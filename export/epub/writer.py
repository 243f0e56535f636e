"""EPUB 3 fixed-layout picture book: one XHTML page per laid-out page, its art plus its words as text.

The package: `mimetype` first and stored, `META-INF/container.xml`, then under `OEBPS/` the package
document (`rendition:layout pre-paginated`, language, title, author, a stable identifier, the modified
date), the navigation document (table of contents, page list, landmarks), the stylesheet with the
lettering fonts cut down to the book's characters, the project's pictures as stored (each once) and each
page's XHTML. The cover image is the first page drawn whole when it is a cover (the front cover: picture,
title and author, see `export.coverfront`), else the first picture. Nothing is rasterised or re-encoded. Written atomically.
"""
from __future__ import annotations

import uuid
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from export.atomic import atomic_path
from export.raster.cbz import language_of
from export.epub.pages import FontMetrics, cover_jpeg, page_words, page_xhtml, picture_name, stylesheet
from model import fonts
from model.fonts import FontFace
from model.project.imagestore import ImageStore
from model.page.frames import Layout
from model.project.project import Project

CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>\n'
    "</container>\n"
)


def book_identifier(project: Project) -> str:
    """A urn:uuid that stays the same when the same project is exported again (readers then update the book)."""
    seed = "\n".join([project.title, project.author] + [p.id for p in project.panels])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'panelsmith:' + seed)}"


def write_epub(project: Project, layout: Layout, images: ImageStore, target: Path, language: str | None = None,
               original: Project | None = None) -> Path:
    """Write the layout as a fixed-layout EPUB 3 at `target`, atomically; returns the path.

    For a translated edition, `project` holds its words, `language` is its code (the book's `dc:language`
    and every page's `xml:lang`) and `original` is the untranslated project: the pictures' descriptions
    come from its action lines, wholly in the original's language and marked so, as no edition translates them."""
    lang = language_of(project, language)
    described = original or project
    described_lang = language_of(original) if original is not None else lang
    used = _used_faces(layout)
    families = {face: f"f{i}" for i, face in enumerate(used)}
    files = {face: f"fonts/{face.path.stem}.ttf" for face in used}
    digits = max(3, len(str(len(layout.pages))))
    with atomic_path(Path(target)) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        metrics: dict[FontFace, FontMetrics] = {}
        from export.epub.webfonts import subset_face

        for face, text in used.items():
            data, metrics[face] = subset_face(face, text)
            book.writestr(f"OEBPS/{files[face]}", data)
        book.writestr("OEBPS/book.css", stylesheet(families, files))
        pictures = _pictures(layout, images)
        for sha in pictures:  # the project's PNGs as stored: never re-encoded, each once
            book.writestr(f"OEBPS/{picture_name(sha)}", images.get(sha), compress_type=zipfile.ZIP_STORED)
        if _drawn_cover(layout, pictures):  # the front cover as a reader's shelf shows it, title and all
            book.writestr("OEBPS/images/cover.jpg", cover_jpeg(layout.pages[0], layout, images), compress_type=zipfile.ZIP_STORED)
        names = []
        for page in layout.pages:
            name = f"page-{page.number:0{digits}d}"
            book.writestr(f"OEBPS/{name}.xhtml", page_xhtml(page, layout, project, images, lang, families, metrics,
                                                             described, described_lang))
            names.append(name)
        book.writestr("OEBPS/nav.xhtml", _nav(layout, names, lang))
        book.writestr("OEBPS/content.opf", _package(project, layout, names, files, pictures, lang))
    return Path(target)


def _drawn_cover(layout: Layout, pictures: list[str]) -> bool:
    """True when the cover image is the first page drawn whole: it is a cover page, or there is no picture."""
    return bool(layout.pages and layout.pages[0].cover) or not pictures


def _pictures(layout: Layout, images: ImageStore) -> list[str]:
    """Every picture the pages show, once each, the cover's (or the first page's) first."""
    found: list[str] = []
    for page in layout.pages:
        for frame in page.frames:
            if frame.image is not None and frame.image in images and frame.image not in found:
                found.append(frame.image)
    return found


def _used_faces(layout: Layout) -> dict[FontFace, str]:
    """Each face the words use, with every character it draws (the subset to embed), in a fixed order."""
    text: dict[FontFace, set[str]] = {}
    for page in layout.pages:
        for _kind, lines, _color in page_words(page):
            for line in lines:
                for run in line.runs:
                    text.setdefault(run.face, set()).update(run.text)
    order = [f for f in fonts.ALL_FACES if f in text] + [f for f in text if f not in fonts.ALL_FACES]
    return {face: "".join(sorted(text[face])) for face in order}


def _nav(layout: Layout, names: list[str], lang: str) -> str:
    toc = "\n".join(f'<li><a href="{n}.xhtml">{escape(p.label)}</a></li>' for p, n in zip(layout.pages, names))
    pages = "\n".join(f'<li><a href="{n}.xhtml">{p.number}</a></li>' for p, n in zip(layout.pages, names))
    first_body = next((n for p, n in zip(layout.pages, names) if not p.cover), names[0])
    cover = f'<li><a epub:type="cover" href="{names[0]}.xhtml">Cover</a></li>\n' if layout.pages[0].cover else ""
    title = escape(layout.title or "Untitled")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">\n'
        f"<head><meta charset=\"UTF-8\"/><title>{title}</title></head>\n<body>\n"
        f'<nav epub:type="toc" id="toc"><h1>{title}</h1><ol>\n{toc}\n</ol></nav>\n'
        f'<nav epub:type="page-list" hidden=""><ol>\n{pages}\n</ol></nav>\n'
        f'<nav epub:type="landmarks" hidden=""><ol>\n{cover}'
        f'<li><a epub:type="bodymatter" href="{first_body}.xhtml">Start</a></li>\n</ol></nav>\n'
        "</body>\n</html>\n"
    )


def _package(project: Project, layout: Layout, names: list[str], files: dict[FontFace, str], pictures: list[str],
             lang: str) -> str:
    modified = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    creator = f"<dc:creator>{escape(project.author)}</dc:creator>\n" if project.author.strip() else ""
    items = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="book.css" media-type="text/css"/>',
    ]
    drawn = _drawn_cover(layout, pictures)
    if drawn:
        items.append('<item id="cover-image" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"/>')
    for i, sha in enumerate(pictures):
        first = i == 0 and not drawn
        cover = ' properties="cover-image"' if first else ""
        items.append(f'<item id="{"cover-image" if first else f"pic{i}"}" href="{picture_name(sha)}" media-type="image/png"{cover}/>')
    items += [f'<item id="font{i}" href="{href}" media-type="font/ttf"/>' for i, href in enumerate(files.values())]
    items += [f'<item id="{n}" href="{n}.xhtml" media-type="application/xhtml+xml" properties="svg"/>' for n in names]
    spine = "\n".join(f'<itemref idref="{n}"/>' for n in names)
    direction = ' page-progression-direction="rtl"' if layout.settings.direction == "rtl" else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" '
        f'xml:lang="{lang}" prefix="rendition: http://www.idpf.org/vocab/rendition/#">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="book-id">{book_identifier(project)}</dc:identifier>\n'
        f"<dc:title>{escape(project.title or 'Untitled')}</dc:title>\n{creator}"
        f"<dc:language>{lang}</dc:language>\n"
        f'<meta property="dcterms:modified">{modified}</meta>\n'
        '<meta property="rendition:layout">pre-paginated</meta>\n'
        '<meta property="rendition:orientation">auto</meta>\n'
        '<meta property="rendition:spread">auto</meta>\n'
        '<meta name="cover" content="cover-image"/>\n'
        "</metadata>\n<manifest>\n" + "\n".join(items) + "\n</manifest>\n"
        f"<spine{direction}>\n{spine}\n</spine>\n</package>\n"
    )

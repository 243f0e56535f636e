"""A Final Draft document (.fdx, Final Draft's XML) read into `Screenplay` elements.

The XML is parsed by the standard library's ElementTree through `defusedxml` with DTDs forbidden:
a file with a DOCTYPE, an entity declaration or an external reference is refused before anything is
expanded or fetched. The format: `<FinalDraft><Content>` holds `<Paragraph Type="Scene Heading">`,
"Action", "Character", "Parenthetical", "Dialogue", "Transition", "Shot", "General", "Cast List" …,
each with one or more `<Text>` runs; `<DualDialogue>` wraps two speeches inside a paragraph;
`<TitlePage><Content>` holds the title page's paragraphs; `<ScriptNotes>` the writer's notes.
"""
from __future__ import annotations

import re
from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeTree

from model.errors import BadInputError
from model.screenplay.elements import Element, Screenplay

_KINDS = {
    "scene heading": "scene", "action": "action", "general": "action", "shot": "action",
    "character": "character", "parenthetical": "parenthetical", "dialogue": "dialogue",
    "transition": "transition", "lyrics": "lyric", "new act": "section", "end of act": "section",
    "cast list": "action", "outline": "section", "outline body": "synopsis",
}
_EXTENSION = re.compile(r"[(（]([^()（）]*)[)）]")


class ScreenplayError(BadInputError):
    """A screenplay file that cannot be read (too large, not UTF-8, not well-formed, hostile XML)."""


def _text(paragraph: XmlElement) -> str:
    return "".join("".join(t.itertext()) for t in paragraph.findall("Text"))


def _paragraphs(content: XmlElement):
    """Content paragraphs in order, with the two halves of a dual dialogue marked (the second is dual)."""
    for paragraph in content.findall("Paragraph"):
        dual = paragraph.find("DualDialogue")
        if dual is None:
            yield paragraph, False
            continue
        cues = 0
        for inner in dual.findall("Paragraph"):
            if (inner.get("Type") or "").casefold() == "character":
                cues += 1
            yield inner, cues > 1


def parse_fdx(data: bytes, name: str = "the file") -> Screenplay:
    """The elements of a Final Draft document; `ScreenplayError` (one sentence) for a file that is not one."""
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise ScreenplayError(f"{name} declares a DOCTYPE or entities, which a Final Draft file never needs; "
                              "it was refused and nothing it names was read.") from None
    except ParseError as exc:
        line, column = exc.position
        raise ScreenplayError(f"{name}:{line}:{column + 1}: the Final Draft file is not well-formed XML.") from None
    if root.tag != "FinalDraft":
        raise ScreenplayError(f"{name} is not a Final Draft document (its root is <{root.tag}>, not <FinalDraft>).")
    play = Screenplay()
    content = root.find("Content")
    for number, (paragraph, dual) in enumerate(_paragraphs(content) if content is not None else [], start=1):
        kind = _KINDS.get((paragraph.get("Type") or "action").casefold(), "action")
        text = " ".join(_text(paragraph).split()) if kind != "action" else _text(paragraph).strip()
        if not text:
            continue
        if kind == "character":
            extensions = _EXTENSION.findall(text)
            play.elements.append(Element("character", _EXTENSION.sub("", text).strip(), number,
                                         extension=" ".join(e.strip() for e in extensions), dual=dual))
        elif kind == "scene":
            play.elements.append(Element("scene", text, number, number=paragraph.get("Number") or ""))
        elif kind == "transition" and (paragraph.get("Alignment") or "").casefold() == "center":
            play.elements.append(Element("centered", text, number))
        else:
            play.elements.append(Element(kind, text, number, level=1 if kind == "section" else 0))
    play.title_page = _title_page(root)
    for note in root.iterfind("ScriptNotes/ScriptNote"):
        text = " ".join(" ".join(note.itertext()).split())
        if text:
            play.elements.append(Element("note", text, 0))
    return play


def _title_page(root: XmlElement) -> dict[str, str]:
    lines = [" ".join(_text(p).split()) for p in root.iterfind("TitlePage/Content/Paragraph")]
    lines = [line for line in lines if line]
    page: dict[str, str] = {}
    if lines:
        page["title"] = lines[0]
    for i, line in enumerate(lines[1:], start=1):
        if line.casefold() in ("by", "written by", "screenplay by") and i + 1 < len(lines):
            page["author"] = lines[i + 1]
            break
    return page

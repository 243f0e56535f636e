"""A Fountain screenplay (https://fountain.io/syntax) read into `Screenplay` elements.

Written to the syntax page rather than taken from the package index: `fountain` (0.1.x) has not been
released since 2012, and `screenplain` is a converter whose parser is an internal module; neither
reports dual dialogue and inline notes the way a storyboard needs them. Covered: the title page,
scene headings (INT./EXT./EST./INT./EXT./I/E and forced `.`, scene numbers `#4A#`), character cues
(forced `@`, extensions, dual dialogue `^`), parentheticals, dialogue, transitions (`TO:` and forced
`>`), centered text `>…<`, lyrics `~`, forced action `!`, notes `[[ ]]`, boneyard `/* */`, sections
`#`, synopses `=`, page breaks `===` and emphasis marks (removed). Reading never fails: a line that is
nothing else is action.
"""
from __future__ import annotations

import re

from model.screenplay.elements import Element, Screenplay
from model.script.words import join_text

_BONEYARD = re.compile(r"/\*.*?\*/", re.S)
_NOTE = re.compile(r"\[\[(.*?)\]\]", re.S)
_MARK = re.compile(r"\x00(\d+)\x00")  # where a note was: its index in the notes list
_TITLE_KEY = re.compile(r"^([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$")
_SCENE = re.compile(r"^(?:INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E)[.\s]", re.I)
_SCENE_NUMBER = re.compile(r"\s*#([\w.\-]+)#\s*$")
_TRANSITION = re.compile(r"^[^a-z]*TO:$")
_EMPHASIS = re.compile(r"(\*{1,3}|_)(?=\S)(.+?)(?<=\S)\1")
_EXTENSION = re.compile(r"[(（]([^()（）]*)[)）]")


def _strip_emphasis(text: str) -> str:
    text = text.replace("\\*", "\x01").replace("\\_", "\x02")
    previous = None
    while previous != text:  # nested marks: ***bold italic***, _**underlined bold**_
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text.replace("\x01", "*").replace("\x02", "_")


def _is_cue(line: str) -> bool:
    """An upper-case line (extensions may be lower case) with at least one capital letter: a character cue."""
    name = _EXTENSION.sub("", line).rstrip("^ ").strip()
    # Upper case needs a cased letter: a line of Chinese is action unless forced with `@`.
    return bool(name) and any(ch.isupper() for ch in name) and name == name.upper() and not name.endswith(":")


class _Reader:
    def __init__(self, text: str) -> None:
        self.notes: list[str] = []
        text = _BONEYARD.sub(lambda m: "\n" * m.group(0).count("\n"), text)  # keep line numbers
        text = _NOTE.sub(self._mark_note, text)
        self.lines = text.split("\n")
        self.play = Screenplay()

    def _mark_note(self, m: re.Match[str]) -> str:
        self.notes.append(" ".join(m.group(1).split()))
        return f"\x00{len(self.notes) - 1}\x00" + "\n" * m.group(0).count("\n")

    def add(self, kind: str, text: str, line: int, **extra: object) -> None:
        """Add an element, with any notes written inside its text following it as note elements."""
        notes = [self.notes[int(i)] for i in _MARK.findall(text)]
        text = _strip_emphasis(" ".join(_MARK.sub(" ", text).split()) if kind != "action" else
                               "\n".join(" ".join(part.split()) for part in _MARK.sub(" ", text).split("\n")).strip())
        if text or kind == "page_break":
            self.play.elements.append(Element(kind, text, line, **extra))  # type: ignore[arg-type]
        self.play.elements += [Element("note", note, line) for note in notes if note]

    def blank(self, i: int) -> bool:
        """Line i (0-based) is blank, or outside the text; a line holding only notes is not blank."""
        return not (0 <= i < len(self.lines)) or not self.lines[i].strip()

    def run(self) -> Screenplay:
        i = self.title_page()
        while i < len(self.lines):
            i = self.element(i)
        return self.play

    def title_page(self) -> int:
        start = 0
        while start < len(self.lines) and not self.lines[start].strip():
            start += 1
        if start >= len(self.lines) or not _TITLE_KEY.match(self.lines[start]):
            return 0
        key = ""
        i = start
        while i < len(self.lines) and self.lines[i].strip():
            raw = self.lines[i]
            m = _TITLE_KEY.match(raw)
            if m and not raw[:1].isspace():
                key = m.group(1).strip().casefold()
                self.play.title_page[key] = _strip_emphasis(m.group(2).strip())
            elif key:  # an indented value line continues the key above
                value = self.play.title_page[key]
                line = _strip_emphasis(raw.strip())
                self.play.title_page[key] = f"{value}\n{line}" if value else line
            i += 1
        for key, value in self.play.title_page.items():
            self.play.title_page[key] = _MARK.sub("", value).strip()
        return i

    def element(self, i: int) -> int:
        raw = self.lines[i]
        line = raw.strip()
        n = i + 1
        if not line:
            return i + 1
        after_blank = self.blank(i - 1)
        if _MARK.sub("", line) == "":  # a line of notes only
            self.add("note", line, n)
            return i + 1
        if re.fullmatch(r"={3,}", line):
            self.add("page_break", "", n)
            return i + 1
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            self.add("section", line[level:], n, level=level)
            return i + 1
        if line.startswith("=") and not line.startswith("=="):
            self.add("synopsis", line[1:], n)
            return i + 1
        if line.startswith("~"):
            self.add("lyric", line[1:], n)
            return i + 1
        if line.startswith("!"):
            return self.action(i, forced=True)
        if line.startswith(">") and line.endswith("<") and len(line) > 1:
            self.add("centered", line[1:-1], n)
            return i + 1
        if line.startswith(">"):
            self.add("transition", line[1:], n)
            return i + 1
        if (line.startswith(".") and not line.startswith("..")) or (after_blank and _SCENE.match(line)):
            heading = line[1:] if line.startswith(".") else line
            number = ""
            if m := _SCENE_NUMBER.search(heading):
                number, heading = m.group(1), heading[: m.start()]
            self.add("scene", heading, n, number=number)
            return i + 1
        if after_blank and self.blank(i + 1) and _TRANSITION.match(_MARK.sub("", line).strip()):
            self.add("transition", line, n)
            return i + 1
        if line.startswith("@") or (after_blank and not self.blank(i + 1) and _is_cue(_MARK.sub("", line))):
            return self.dialogue(i)
        return self.action(i)

    def dialogue(self, i: int) -> int:
        cue = _MARK.sub("", self.lines[i].strip()).removeprefix("@").strip()
        dual = cue.endswith("^")
        cue = cue.rstrip("^").strip()
        extensions = _EXTENSION.findall(cue)
        name = _EXTENSION.sub("", cue).strip()
        notes = "".join(f"\x00{k}\x00" for k in _MARK.findall(self.lines[i]))  # notes on the cue line follow it
        self.add("character", f"{name} {notes}", i + 1, extension=" ".join(e.strip() for e in extensions), dual=dual)
        i += 1
        speech: list[str] = []
        start = i + 1

        def flush() -> None:
            if speech:
                self.add("dialogue", join_text([" ".join(part.split()) for part in speech]), start)
                speech.clear()

        while i < len(self.lines) and (self.lines[i].strip() or self.lines[i] == "  "):
            line = self.lines[i].strip()
            bare = _MARK.sub("", line).strip()
            if bare.startswith(("(", "（")) and bare.endswith((")", "）")):
                flush()
                self.add("parenthetical", line, i + 1)
            elif bare.startswith("~"):
                flush()
                self.add("lyric", line.replace("~", "", 1), i + 1)
            elif line:
                if not speech:
                    start = i + 1
                speech.append(line)
            i += 1
        flush()
        return i

    def action(self, i: int, forced: bool = False) -> int:
        start = i
        parts: list[str] = []
        while i < len(self.lines) and self.lines[i].strip():
            line = self.lines[i].strip()
            if i == start and forced:
                line = line[1:]
            elif i > start and (line.startswith((".", ">", "#", "=", "~", "!", "@")) and not line.startswith("...")):
                break  # a forced element right under an action line starts a new element
            parts.append(line)
            i += 1
        self.add("action", "\n".join(parts), start + 1)
        return i if i > start else i + 1


def parse_fountain(text: str) -> Screenplay:
    """The title page and elements of Fountain text (any newline style); never raises on odd input."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _Reader(text).run()

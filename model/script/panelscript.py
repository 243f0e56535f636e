"""The Panel Script language: parse a script into a Project, and write a Project back as a script.

A script is plain UTF-8 text of header fields, `Character`/`Setting` blocks and `Panel` blocks, in
English or Chinese keywords (see `docs/script.md`). Parsing never stops at a mistake: each problem
becomes a `Diagnostic` (`file:line: message`) and the rest of the script still parses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from model.script.blocks import BLURB, CHARACTER, COVER, HEADER_MARKS, PANEL_EN, PANEL_ZH, SCENE, SETTING, header_text
from model.script.labels import is_label, is_web_address
from model.script.pageheader import page_from_line, parse_page_value
from model.script.statedpages import overfull_pages
from model.project.project import Character, Cover, DetailChange, Line, Panel, Project, Setting
from model.script.timing import parse_duration
from model.script.styles import style_warning
from model.script.words import (
    CAMERA_WORDS,
    CAPTION_WORDS,
    DURATION_WORDS,
    HEADER_FIELDS,
    KIND_WORDS,
    LAYOUT_WORDS,
    PAGE_BREAK_WORDS,
    PAGE_LAYOUT_WORDS,
    NOTE_WORDS,
    SFX_WORDS,
    SHOT_NAME_WORDS,
    SHOT_WORDS,
    SPEECH_VERBS,
    STYLE_WORDS,
    chinese_number,
    has_cjk,
    join_text,
)


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a script, pointing at the line where it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class ParseResult:
    project: Project
    diagnostics: list[Diagnostic] = field(default_factory=list)
    page_stated: bool = False  # the script has a `Page:` line, so its page fields are the script's


_C = r"[:：]"  # a colon, half- or full-width
_HEADER = re.compile(rf"^([^\s:：]+)\s*{_C}\s*(.*)$")
_DETAIL = re.compile(rf"^([+＋\-－])\s*([^:：]+?)\s*{_C}\s*(.*)$")
_LABELLED = re.compile(rf"^([^:：()（）]+?)\s*(?:[(（]\s*([^)）]*?)\s*[)）])?\s*{_C}\s*(.*)$")
_LAYOUT_WORDS = "|".join(word.replace(" ", r"\s*") for word in sorted(PAGE_LAYOUT_WORDS))
_PAGE_LAYOUT = re.compile(rf"^(?:{_LAYOUT_WORDS})\s*{_C}\s*(.*)$", re.I)


@dataclass
class _Block:
    kind: str  # "character" | "setting" | "panel" | "cover" | "blurb" | "scene"
    target: Character | Setting | Panel | Cover
    parts: list[str] = field(default_factory=list)
    number: int | None = None


class _Parser:
    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.project = Project(script=text)
        self.diagnostics: list[Diagnostic] = []
        self.block: _Block | None = None
        self.lines = text.splitlines()
        self.declared = self._declared_names()
        self.panel_number = 0
        self.detail_lines: list[tuple[int, DetailChange]] = []  # checked once every block is known
        self.page_stated = False
        self.pending_break = False  # a `Page break` waits for the next panel
        self.pending_layout: tuple[int, str] | None = None  # (line, name) of a `Page layout:` for the next page
        self.broken: _Block | None = None  # the panel block a page break closed (lines after it still belong to it)
        self.page_lines: list[tuple[int, Panel]] = []  # (line of the break/layout, first panel) per stated page
        self.scene = ""  # the heading of the last `Scene:` line: the panels after it belong to that scene

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.filename, line, message))

    def _declared_names(self) -> set[str]:
        # Characters may be declared after the panels that use them, so collect names first.
        names = set()
        for raw in self.lines:
            m = CHARACTER.match(header_text(raw.strip()))
            if m and m.group(1).strip():
                names.add(m.group(1).strip().casefold())
        return names

    def run(self) -> ParseResult:
        for number, raw in enumerate(self.lines, start=1):
            self.feed(number, raw.strip())
        self.close_block()
        self.check()
        self.diagnostics.sort(key=lambda d: d.line)
        return ParseResult(self.project, self.diagnostics, self.page_stated)

    def feed(self, n: int, line: str) -> None:
        if not line and self.block is not None and self.block.kind == "blurb" and self.block.parts:
            self.block.parts.append("")  # a blank line inside the blurb starts a new paragraph
            return
        if not line or line.startswith("//"):
            return
        if self.page_line(n, header_text(line)):
            return
        if self.block_header(n, header_text(line)):
            return
        if self.block is None and self.broken is not None:
            # Words after a page break but before the next panel: they stay with their panel, the break moves.
            block, self.broken = self.broken, None
            self.warn(n, f"a page break inside panel {block.number}'s block; the page breaks after panel {block.number} "
                         "(put “Page break” just before the next panel).")
            self.block = block
        if self.block is None:
            self.header_field(n, line)
        elif self.block.kind == "panel":
            self.panel_line(n, line, self.block.target)  # type: ignore[arg-type]
        else:
            self.block.parts.append(line)

    def block_header(self, n: int, line: str) -> bool:
        if m := CHARACTER.match(line):
            self.open_named(n, "character", m.group(1).strip())
            return True
        if m := SETTING.match(line):
            self.open_named(n, "setting", m.group(1).strip())
            return True
        for kind, pattern in (("cover", COVER), ("blurb", BLURB)):
            if m := pattern.match(line):
                self.open_cover(n, kind, m.group(1).strip())
                return True
        if m := SCENE.match(line):
            self.open_scene(n, " ".join(m.group(1).split()))
            return True
        m = PANEL_EN.match(line)
        number_text = m.group(1) if m else None
        shot, setting = (m.group(2), m.group(3)) if m else (None, None)
        if not m and (m := PANEL_ZH.match(line)):
            number_text = m.group(1) or m.group(2)
            shot, setting = m.group(3), m.group(4)
        if not m:
            return False
        self.open_panel(n, number_text, shot, setting)
        return True

    def page_line(self, n: int, line: str) -> bool:
        """`Page break` / `换页` or `Page layout: NAME` / `页面版式：NAME`: they apply to the next panel's page."""
        key = " ".join(line.casefold().rstrip(":：").split())
        m = _PAGE_LAYOUT.match(line)
        if key not in PAGE_BREAK_WORDS and m is None:
            return False
        if self.block is not None and self.block.kind == "panel":
            self.broken = self.block
            self.close_block()
        elif self.block is not None:
            self.close_block()
        if m is None:
            if not self.project.panels:
                self.warn(n, "a page break before the first panel does nothing; the first page starts there anyway.")
            self.pending_break = bool(self.project.panels)
            return True
        name = m.group(1).strip()
        if not name:
            self.warn(n, "“Page layout:” names no template; write one, e.g. “Page layout: splash”.")
            return True
        from model.shapes.templates import find_template, template_problem

        template = find_template(name)
        if template is None:
            self.warn(n, template_problem(name) + ".")
        self.pending_layout = (n, template.name if template is not None else name)
        self.pending_break = bool(self.project.panels)
        return True

    def open_named(self, n: int, kind: str, name: str) -> None:
        self.close_block()
        word = "Character" if kind == "character" else "Setting"
        if not name:
            self.warn(n, f"{word} block has no name; its lines are ignored.")
            self.block = _Block(kind, Character("") if kind == "character" else Setting(""))
            self.block.number = -1  # marks a block whose text is dropped
            return
        existing = self.project.character(name) if kind == "character" else self.project.setting_named(name)
        if existing is not None:
            self.warn(n, f"{word} {name} is declared twice; its lines are added to the first one.")
            self.block = _Block(kind, existing, [existing.description] if existing.description else [])
            return
        target = Character(name) if kind == "character" else Setting(name)
        (self.project.characters if kind == "character" else self.project.settings).append(target)  # type: ignore[arg-type]
        self.block = _Block(kind, target)

    def open_cover(self, n: int, kind: str, first: str) -> None:
        """`Cover:` or `Blurb:`: the words after the colon and the lines below, up to the next block."""
        self.close_block()
        cover = self.project.cover
        if (cover.description if kind == "cover" else cover.blurb):
            self.warn(n, f"the script has a second {'Cover' if kind == 'cover' else 'Blurb'} block; its lines are added to the first one.")
        self.block = _Block(kind, cover, [first] if first else [])

    def open_scene(self, n: int, heading: str) -> None:
        self.close_block()
        if not heading:
            self.warn(n, "Scene has no heading; write one like “Scene: INT. KITCHEN - NIGHT”.")
        self.scene = heading
        self.block = _Block("scene", Setting(heading), number=n)

    def open_panel(self, n: int, number_text: str | None, shot: str | None, setting: str | None) -> None:
        self.close_block()
        self.broken = None
        panel = Panel(source_line=n, page_break=self.pending_break, scene=self.scene)
        if self.pending_layout is not None:
            panel.page_layout = self.pending_layout[1]
            self.page_lines.append((self.pending_layout[0], panel))
        elif self.pending_break:
            self.page_lines.append((n, panel))
        self.pending_break, self.pending_layout = False, None
        expected = self.panel_number + 1
        number = chinese_number(number_text) if number_text is not None else None
        if number is not None and number != expected:
            self.warn(n, f"panel {number} comes where panel {expected} was expected; panels are numbered in order.")
        self.panel_number = number if number is not None else expected  # one slip, one diagnostic
        if shot:
            canonical = SHOT_WORDS.get(" ".join(shot.casefold().split()))
            if canonical is None:
                self.warn(n, f"unknown shot “{shot}”; use one of: {', '.join(sorted(set(SHOT_WORDS.values())))}.")
            panel.shot = canonical
        if setting:
            panel.setting = setting.strip()
        self.project.panels.append(panel)
        self.block = _Block("panel", panel, number=self.panel_number)

    def close_block(self) -> None:
        block, self.block = self.block, None
        if block is None or block.number == -1:
            return
        if block.kind in ("cover", "blurb"):
            self.close_cover(block)
            return
        text = join_text(block.parts)
        if block.kind == "scene":
            if block.parts:
                self.warn(block.number or 0, "text between a Scene heading and its first panel is ignored; "
                          "put it in a panel.")
            return
        if block.kind == "panel":
            panel: Panel = block.target  # type: ignore[assignment]
            panel.action = text
            if not (panel.action or panel.lines or panel.details):
                self.warn(panel.source_line, f"panel {block.number} is empty.")
        else:
            block.target.description = text  # type: ignore[union-attr]

    def close_cover(self, block: _Block) -> None:
        cover: Cover = block.target  # type: ignore[assignment]
        if block.kind == "cover":
            cover.description = join_text([part for part in (cover.description, join_text(block.parts)) if part])
            return
        paragraphs, current = [], []  # type: ignore[var-annotated]
        for part in block.parts + [""]:
            if part:
                current.append(part)
            elif current:
                paragraphs.append(join_text(current))
                current = []
        cover.blurb = "\n".join(filter(None, [cover.blurb] + paragraphs))

    def header_field(self, n: int, line: str) -> None:
        m = _HEADER.match(HEADER_MARKS.sub("", line))
        key = HEADER_FIELDS.get(m.group(1).casefold()) if m else None
        if m is None or key is None:
            self.warn(n, "text before the first Character, Setting or Panel block is not a header field "
                         "(Title, Author, Style, Layout, Page); it is ignored.")
            return
        value = m.group(2).strip()
        if key == "page":
            changes, problems = parse_page_value(value)
            for problem in problems:
                self.warn(n, problem + ".")
            self.project.page, self.page_stated = page_from_line(changes), True
            return
        if key == "layout":
            layout = LAYOUT_WORDS.get(value.casefold())
            if layout is None:
                self.warn(n, f"unknown layout “{value}”; use strip, grid, vertical, book or storyboard.")
                return
            value = layout
        if key == "style" and (warning := style_warning(value)):
            self.warn(n, warning)
        setattr(self.project, key, value)

    def panel_line(self, n: int, line: str, panel: Panel) -> None:
        if m := _DETAIL.match(line):
            sign, name, detail = m.groups()
            if is_label(name) and detail.strip():
                panel.details.append(DetailChange(name, detail.strip(), added=sign in "+＋"))
                self.detail_lines.append((n, panel.details[-1]))
                return
        if (m := _LABELLED.match(line)) and not is_web_address(line, m.group(1)):
            label, kind_word, text = m.group(1).strip(), m.group(2), m.group(3).strip()
            word = label.casefold()
            if kind_word is None and word in DURATION_WORDS:
                self.duration_line(n, text, panel)
                return
            if kind_word is None and word in SHOT_NAME_WORDS | CAMERA_WORDS | NOTE_WORDS:
                self.production_line(word, text, panel)
                return
            if kind_word is None and word in STYLE_WORDS:  # this panel's own style (a dream, a flashback)
                panel.style = text
                if warning := style_warning(text):
                    self.warn(n, warning)
                return
            if kind_word is None and word in CAPTION_WORDS | SFX_WORDS:
                panel.lines.append(Line("caption" if word in CAPTION_WORDS else "sfx", text))
                if not text:
                    self.warn(n, f"{label} has no text.")
                return
            if self.is_speaker(label):
                kind = "speech"
                if kind_word is not None:
                    found = KIND_WORDS.get(kind_word.casefold())
                    if found is None:
                        self.warn(n, f"unknown kind “{kind_word}”; use speech, thought, whisper or shout.")
                    kind = found or "speech"
                if not text:
                    self.warn(n, f"{label} says nothing here; write the words after the colon.")
                panel.lines.append(Line(kind, text, speaker=label))
                return
        self.block.parts.append(line)  # type: ignore[union-attr]

    def production_line(self, word: str, text: str, panel: Panel) -> None:
        """`Shot: 4A`, `Camera: pan left` and `Note: …`: for the shot list and the editor, never lettered."""
        if word in SHOT_NAME_WORDS:
            panel.shot_name = text
        elif word in CAMERA_WORDS:
            panel.camera = text
        else:
            panel.notes = f"{panel.notes}\n{text}" if panel.notes else text

    def duration_line(self, n: int, text: str, panel: Panel) -> None:
        seconds = parse_duration(text)
        if seconds is None:
            self.warn(n, f"“{text}” is not a duration; write one like “Duration: 2.5s” (the panel is held "
                         "as long as its words take to read).")
            return
        panel.duration = seconds

    def is_speaker(self, label: str) -> bool:
        if label.casefold() in self.declared:
            return True
        if not is_label(label):
            return False
        first = label[0]
        if has_cjk(first):
            return True
        return first.isupper() and label.split()[-1].casefold() not in SPEECH_VERBS

    def check(self) -> None:
        """Checks that need the whole script: settings, characters and details declared anywhere."""
        for panel in self.project.panels:
            if panel.setting and self.project.setting_named(panel.setting) is None:
                self.warn(panel.source_line, f"this panel is set in “{panel.setting}”, which no Setting block declares.")
        active: dict[str, list[str]] = {}
        for n, change in self.detail_lines:
            character = self.project.character(change.character)
            if character is None:
                sign = "+" if change.added else "-"
                self.warn(n, f"{sign}{change.character}: no Character block declares “{change.character}”.")
            details = active.setdefault(change.character.casefold(), [])
            key = change.detail.casefold()
            if change.added:
                details.append(key)
            elif key in details:
                details.remove(key)
            else:
                self.warn(n, f"-{change.character}: “{change.detail}” was never added with +{change.character}.")
        if not self.project.panels:
            self.warn(1, "the script has no panels; start one with “Panel 1” or “第1格”.")
        for line, message in overfull_pages(self.project.panels, self.page_lines):
            self.warn(line, message)


def parse_script(text: str, filename: str = "<script>") -> ParseResult:
    """Parse Panel Script text into a Project; problems come back as diagnostics, never exceptions."""
    parser = _Parser(text.lstrip("\ufeff"), filename)
    result = parser.run()
    result.project.script = text
    return result


def reads_as_action(lines: list[str], action: str, declared: set[str]) -> bool:
    """True when these lines, inside a panel block, read back as exactly `action` (no lines, no details)."""
    parser = _Parser("", "<render>")
    parser.declared = declared
    parser.block = block = _Block("panel", Panel())
    for line in lines:
        parser.feed(0, line.strip())
    panel: Panel = block.target  # type: ignore[assignment]
    return parser.block is block and not panel.lines and not panel.details and join_text(block.parts) == action

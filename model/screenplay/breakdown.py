"""A screenplay broken down into a storyboard: scenes, settings, characters and one panel per beat.

Offline and deterministic: each scene heading opens a scene (its location a setting; INT/EXT and
DAY/NIGHT kept in the heading), each action paragraph becomes a panel, and each dialogue exchange
(a speech and its reply) another. Character cues become characters, described by the first action
sentence that names them in capitals. Parentheticals that say so make a line a whisper or a shout;
(V.O.) and (O.S.) lines become captions carrying the speaker's name (off-panel speech); transitions,
notes, sections and synopses become panel notes, never lettering. Shots are named 1A, 1B … and stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from model.project.project import Character, Line, Panel, Project, Setting
from model.script.scenes import name_shots, read_heading
from model.screenplay.elements import Element, Screenplay
from model.script.draft import RESERVED_LABELS
from model.script.labels import is_label
from model.script.words import join_text

OFF_PANEL = frozenset({"V.O.", "V.O", "VO", "O.S.", "O.S", "OS", "O.C.", "O.C", "OC", "OFF", "OFF-SCREEN",
                       "画外", "画外音", "旁白"})
_WHISPER = re.compile(r"\b(whisper\w*|under (?:his|her|their) breath|sotto voce|quietly|murmur\w*)\b|小声|低语|耳语|悄悄", re.I)
_SHOUT = re.compile(r"\b(shout\w*|yell\w*|scream\w*|bellow\w*|holler\w*|loud\w*)\b|大喊|喊|吼|尖叫", re.I)
_SENTENCE = re.compile(r"[^.!?]*[.!?]+|[^.!?]+$")


@dataclass
class Breakdown:
    """The storyboard a screenplay became, and what the user should be told about it (once each)."""

    project: Project
    notices: list[str] = field(default_factory=list)


def character_name(cue: str) -> str:
    """A character cue as a name for balloons: `DR. JONES` → `Dr. Jones` (three words at most)."""
    words = cue.split()[:3]
    if not any(ch.isalpha() and ch.isascii() for ch in cue):
        name = "".join(words)  # CJK names stay as written
    else:
        name = " ".join(w[:1].upper() + w[1:].lower() for w in words)
    return f"The {name}" if name.casefold() in RESERVED_LABELS else name  # `NOTE:` would read as a note


def setting_name(location: str) -> str:
    """A scene's location as a setting name: `BRICK'S PATIO` → `Brick's Patio`."""
    if not location.isupper():
        return location
    return " ".join(w[:1].upper() + w[1:].lower() for w in location.split())


def line_kind(parenthetical: str) -> str | None:
    """"whisper" or "shout" when a parenthetical clearly says so, else None (the line stays speech)."""
    if _WHISPER.search(parenthetical):
        return "whisper"
    if _SHOUT.search(parenthetical):
        return "shout"
    return None


def off_panel_mark(extension: str) -> str:
    """"V.O." or "O.S." (as written) when a cue's extension puts the speaker off panel, else ""."""
    for part in re.split(r"[;,]|\s+", extension):
        if part.upper() in OFF_PANEL:
            return part.upper()
    return ""


@dataclass
class _Speech:
    name: str
    lines: list[Line]
    notes: list[str]
    dual: bool
    extension: str = ""


class _Breaker:
    def __init__(self, play: Screenplay) -> None:
        self.play = play
        self.project = Project(layout="storyboard")
        self.scene = ""
        self.scene_open = False  # the current scene has no panel yet: its first panel gets the setting
        self.setting: str | None = None
        self.pending_notes: list[str] = []
        self.exchange: list[_Speech] = []
        self.cues: set[str] = set()  # character cues as written (upper case)

    def run(self) -> Breakdown:
        page = self.play.title_page
        self.project.title = " ".join(page.get("title", "").split())
        self.project.author = " ".join((page.get("author") or page.get("authors") or "").split())
        notices = []
        if not any(e.kind == "scene" for e in self.play.elements):
            notices.append("The screenplay has no scene headings, so it became one scene.")
        self.declare_characters()
        speech: _Speech | None = None
        parenthetical = ""
        for element in self.play.elements:
            kind = element.kind
            if kind == "note" and speech is not None:
                speech.notes.append(element.text)  # a note inside a speech does not end it
                continue
            if kind in ("parenthetical", "dialogue") and speech is None:
                speech = _Speech("", [], [], False)  # words with no cue (an FDX can have them): a caption
            if kind in ("parenthetical", "dialogue") and speech is not None:
                if kind == "parenthetical":
                    parenthetical = element.text
                    if line_kind(parenthetical) is None:
                        speech.notes.append(f"{speech.name} {parenthetical}")
                else:
                    speech.lines.append(self.speech_line(speech, element, parenthetical))
                continue
            if speech is not None:
                self.add_speech(speech)
                speech, parenthetical = None, ""
            if kind == "character":
                name = character_name(element.text)
                speech = _Speech(name, [], [], element.dual, element.extension)
            elif kind == "lyric":
                self.close_exchange()
                self.add_panel(Panel(action="", lines=[Line("caption", f"♪ {element.text}")], shot="medium"))
            elif kind == "scene":
                self.close_exchange()
                self.open_scene(element)
            elif kind == "action":
                self.close_exchange()
                self.add_panel(Panel(action=join_text([" ".join(part.split()) for part in element.text.split("\n") if part.strip()]),
                                     shot="wide" if self.scene_open else "medium"))
            elif kind == "centered":
                self.close_exchange()
                self.add_panel(Panel(action="A title card.", lines=[Line("caption", element.text)]))
            elif kind in ("transition", "note", "synopsis", "section"):
                self.close_exchange()
                self.note(element)
        if speech is not None:
            self.add_speech(speech)
        self.close_exchange()
        if self.pending_notes and self.project.panels:
            self.append_notes(self.project.panels[-1], self.pending_notes)
        name_shots(self.project)
        return Breakdown(self.project, notices)

    def declare_characters(self) -> None:
        actions = [e.text for e in self.play.elements if e.kind == "action"]
        self.cues = {e.text for e in self.play.elements if e.kind == "character" and e.text.isupper()}
        for element in self.play.elements:
            if element.kind != "character":
                continue
            name = character_name(element.text)
            if not name or self.project.character(name) is not None or not is_label(name):
                continue
            self.project.characters.append(Character(name, _introduction(element.text, actions)))

    def speech_line(self, speech: _Speech, element: Element, parenthetical: str) -> Line:
        if not speech.name:
            return Line("caption", element.text)
        if mark := off_panel_mark(speech.extension):
            said = f"（{mark}）" if mark[0] > "\u2e7f" else f" ({mark})"  # Chinese marks in full-width brackets
            return Line("caption", f"{speech.name}{said}: {element.text}")
        kind = line_kind(parenthetical) or "speech"
        if self.project.character(speech.name) is None:
            return Line("caption", f"{speech.name}: {element.text}")  # a cue no label can carry
        return Line(kind, element.text, speaker=self.project.character(speech.name).name)  # type: ignore[union-attr]

    def add_speech(self, speech: _Speech) -> None:
        if not speech.lines:
            return
        # A speech and its reply make one exchange, one panel; dual dialogue joins the speech before it.
        if self.exchange and not speech.dual and (len(self.exchange) >= 2 or self.exchange[-1].name == speech.name):
            self.close_exchange()
        self.exchange.append(speech)

    def close_exchange(self) -> None:
        if not self.exchange:
            return
        speeches, self.exchange = self.exchange, []
        names = list(dict.fromkeys(s.name for s in speeches if s.name))
        seen = list(dict.fromkeys(s.name for s in speeches if s.name and not off_panel_mark(s.extension)))
        if not seen:
            action = f"We hear {' and '.join(names)}." if names else ""
        elif len(seen) == 1:
            action = f"{seen[0]} speaks."
        else:
            action = f"{seen[0]} and {seen[1]} talk." if any(s.dual for s in speeches) else f"{seen[0]} speaks to {seen[1]}."
        panel = Panel(action=action, shot="close-up" if len(seen) <= 1 else "medium",
                      lines=[line for s in speeches for line in s.lines])
        panel.notes = "\n".join(note for s in speeches for note in s.notes)
        self.add_panel(panel)

    def open_scene(self, element: Element) -> None:
        if self.pending_notes and self.project.panels:
            self.append_notes(self.project.panels[-1], self.pending_notes)  # a CUT TO: closes the scene before
            self.pending_notes = []
        self.scene = " ".join(element.text.split()).upper() if element.text.isupper() else " ".join(element.text.split())
        heading = read_heading(self.scene)
        name = setting_name(heading.location)
        self.setting = None
        if name:
            setting = self.project.setting_named(name)
            if setting is None:
                setting = Setting(name)
                self.project.settings.append(setting)
            self.setting = setting.name
        self.scene_open = True

    def note(self, element: Element) -> None:
        # Transitions and notes belong to the shot they follow; sections and synopses to what comes next.
        text = element.text if element.kind != "section" else f"{'#' * max(1, element.level)} {element.text}"
        if element.kind in ("transition", "note") and self.project.panels and not self.scene_open:
            self.append_notes(self.project.panels[-1], [text])  # CUT TO: belongs to the shot it ends
        else:
            self.pending_notes.append(text)

    def place_sentence(self, action: str) -> str:
        """The first sentence of a scene's first action that names no character in capitals: the place."""
        cues = {c.split()[0] for c in self.cues if c.split()}
        for sentence in _SENTENCE.findall(" ".join(action.split())):
            words = set(re.findall(r"[\w'.]+", sentence))
            if len(sentence.split()) >= 3 and not (words & cues):  # "Empty." says nothing about the place
                return sentence.strip()
        return ""

    @staticmethod
    def append_notes(panel: Panel, notes: list[str]) -> None:
        panel.notes = "\n".join(([panel.notes] if panel.notes else []) + notes)

    def add_panel(self, panel: Panel) -> None:
        panel.scene = self.scene
        if self.scene_open:
            panel.setting = self.setting
            setting = self.project.setting_named(self.setting) if self.setting else None
            if setting is not None and not setting.description and panel.action and not panel.lines:
                setting.description = self.place_sentence(panel.action)
            self.scene_open = False
        if self.pending_notes:
            self.append_notes(panel, self.pending_notes)
            self.pending_notes = []
        self.project.panels.append(panel)


def _introduction(cue: str, actions: list[str]) -> str:
    """The first action sentence naming the character in capitals (`BRICK BRADDOCK, retired …`)."""
    first = cue.split()[0] if cue.split() else cue
    if not first or first != first.upper() or not any(ch.isalpha() for ch in first):
        return ""
    pattern = re.compile(rf"(?<![\w']){re.escape(first)}(?![\w'])")
    for action in actions:
        if not pattern.search(action):
            continue
        for sentence in _SENTENCE.findall(" ".join(action.split())):
            if pattern.search(sentence):
                return sentence.strip()
    return ""


def break_down(play: Screenplay) -> Breakdown:
    """The storyboard for a screenplay, offline: one panel per action paragraph and per dialogue exchange."""
    return _Breaker(play).run()

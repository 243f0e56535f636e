"""Scenes and shot names: how a storyboard's panels group under scene headings and are called 4A, 4B …

A scene is a run of consecutive panels with the same `Panel.scene` heading, numbered from 1 in order.
A panel's shot name is its stored `shot_name` when it has one (an import, or the user's rename: it
stays when the panel moves), else its scene number and the next letter its scene has not used yet.
Pure functions over the model, shared by the board, the shot list and the timeline exporters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from model.project.project import Panel, Project
from model.script.timing import panel_duration

_HEADING = re.compile(
    r"^\s*(?P<place>INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|I\s*/\s*E|INT|EXT|EST)[.\s]\s*(?P<rest>.*)$", re.I
)
_HEADING_ZH = re.compile(r"^(内外景|内景|外景)[\s.。·、]*(.*)$")
_PLACES_ZH = {"内景": "INT", "外景": "EXT", "内外景": "INT/EXT"}
_TIMES_ZH = {"日": "day", "白天": "day", "夜": "night", "夜晚": "night", "晨": "morning", "清晨": "morning",
             "黄昏": "dusk", "傍晚": "evening", "黎明": "dawn"}
_TIMES = ("DAY", "NIGHT", "MORNING", "EVENING", "DAWN", "DUSK", "AFTERNOON", "SUNSET", "SUNRISE", "LATER",
          "CONTINUOUS", "MOMENTS LATER", "SAME")


@dataclass
class Scene:
    """One scene of the storyboard: its number, heading and the panels in it, in order."""

    number: int
    heading: str
    panels: list[Panel] = field(default_factory=list)


@dataclass(frozen=True)
class Heading:
    """A scene heading read apart: `INT. KITCHEN - NIGHT` is ("INT", "KITCHEN", "NIGHT")."""

    place: str  # "INT", "EXT", "INT/EXT" or "" when the heading names none
    location: str
    time: str  # "DAY", "NIGHT" … or ""


def read_heading(heading: str) -> Heading:
    """The interior/exterior mark, the location and the time of day of a scene heading."""
    text = " ".join(heading.split())
    place = ""
    if m := _HEADING_ZH.match(text):
        place, text = _PLACES_ZH[m.group(1)], m.group(2)
    elif m := _HEADING.match(text):
        place = re.sub(r"[.\s]", "", m.group("place")).upper().replace("I/E", "INT/EXT").replace("EXT/INT", "INT/EXT")
        text = m.group("rest")
    location, time = text, ""
    for sep in (" - ", " – ", " — ", "-"):
        head, found, tail = text.rpartition(sep)
        if found and head.strip() and tail.strip():
            location, time = head.strip(" .-"), tail.strip(" .")
            break
    return Heading(place, location.strip(" .") or text.strip(), time.upper() if time.isupper() or time.upper() in _TIMES else time)


_PLACES = {"INT": "interior", "EXT": "exterior", "INT/EXT": "interior and exterior", "EST": "establishing shot, exterior"}


def scene_conditions(heading: str) -> str:
    """What a heading says about the picture, for the image prompt: `INT. KITCHEN - NIGHT` → "interior, night"."""
    read = read_heading(heading)
    parts = [_PLACES.get(read.place, "")]
    if read.time and read.time.upper() not in ("CONTINUOUS", "LATER", "MOMENTS LATER", "SAME"):
        parts.append(_TIMES_ZH.get(read.time) or (read.time.lower() if read.time.isupper() else read.time))
    return ", ".join(p for p in parts if p)


def scenes(project: Project) -> list[Scene]:
    """The project's panels grouped into scenes; panels before any heading make a scene with heading ""."""
    out: list[Scene] = []
    for panel in project.panels:
        if not out or (panel.scene and panel.scene != out[-1].heading):
            out.append(Scene(len(out) + 1, panel.scene))
        out[-1].panels.append(panel)
    return out


def shot_letters(index: int) -> str:
    """A, B … Z, AA, AB …: the letter of a scene's `index`-th (0-based) shot."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def shot_names(project: Project) -> dict[str, str]:
    """Every panel's shot name by panel id: its stored name, else its scene number and an unused letter."""
    names: dict[str, str] = {}
    for scene in scenes(project):
        taken = {p.shot_name.casefold() for p in scene.panels if p.shot_name}
        letter = 0
        for panel in scene.panels:
            if panel.shot_name:
                names[panel.id] = panel.shot_name
                continue
            while (name := f"{scene.number}{shot_letters(letter)}").casefold() in taken:
                letter += 1
            taken.add(name.casefold())
            names[panel.id] = name
    return names


def name_shots(project: Project) -> None:
    """Store every panel's current shot name, so the names stay with their panels when panels move."""
    for panel_id, name in shot_names(project).items():
        panel = project.panel(panel_id)
        if panel is not None:
            panel.shot_name = name


@dataclass(frozen=True)
class ShotRow:
    """One shot as a shot list and an editor's timeline see it."""

    panel_id: str
    scene_number: int
    scene_heading: str
    name: str  # "4A"
    size: str  # the panel's shot ("close-up"), or ""
    camera: str
    description: str
    dialogue: str  # each line as `Name: words`, one per line
    duration: float  # seconds
    notes: str


def dialogue_text(panel: Panel) -> str:
    """The panel's words as a script supervisor writes them: `Name: words` (captions and SFX marked)."""
    out = []
    for line in panel.lines:
        if line.kind == "sfx":
            out.append(f"SFX: {line.text}")
        elif line.speaker:
            out.append(f"{line.speaker}{'' if line.kind == 'speech' else f' ({line.kind})'}: {line.text}")
        else:
            out.append(line.text)
    return "\n".join(out)


def shot_rows(project: Project) -> list[ShotRow]:
    """Every panel as a shot, in order: scene, name, size, camera move, picture, words, duration."""
    names = shot_names(project)
    return [
        ShotRow(panel.id, scene.number, scene.heading, names[panel.id], panel.shot or "", panel.camera,
                panel.action, dialogue_text(panel), panel_duration(panel), panel.notes)
        for scene in scenes(project) for panel in scene.panels
    ]

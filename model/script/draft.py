"""A script drafted by a language model: the structured answer's shape, and the Panel Script it becomes.

`ScriptDraft` is the pydantic model a text model fills (structured output). `script_from_draft` turns a
draft into a `Project`, writes it with `render_script` and reads it back with `parse_script`: what it
returns always parses cleanly, panel for panel, line for line. The model's text is tidied on the way
(one line per field; names that work as speaker labels; details only for declared characters, removed
only once added); a draft that still would not read back is refused with one sentence.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from model.errors import PanelsmithError
from model.project.project import LAYOUTS, SHOTS, Character, DetailChange, Line, Panel, Project, Setting
from model.script.labels import is_label
from model.script.panelscript import parse_script
from model.script.render import render_script
from model.script.words import (
    BLURB_WORDS,
    CAMERA_WORDS,
    COVER_WORDS,
    CAPTION_WORDS,
    DURATION_WORDS,
    NOTE_WORDS,
    SCENE_WORDS,
    SFX_WORDS,
    SHOT_NAME_WORDS,
    SPEECH_VERBS,
    STYLE_WORDS,
    has_cjk,
)

Shot = Literal[SHOTS]  # type: ignore[valid-type]
Layout = Literal[LAYOUTS]  # type: ignore[valid-type]
# Labels a script reads as something else: a caption, a sound effect, a block header.
RESERVED_LABELS = (CAPTION_WORDS | SFX_WORDS | SCENE_WORDS | SHOT_NAME_WORDS | CAMERA_WORDS | NOTE_WORDS | DURATION_WORDS
                   | STYLE_WORDS | {"character", "setting", "角色", "场景"} | set(COVER_WORDS) | set(BLURB_WORDS))
_NAME_JUNK = str.maketrans({ch: " " for ch in ":：()（）@＠[]【】{}\"“”"})
_LEADING_MARKS = "/#*_+-＋－>•·=~ \t"
# Where a drafted name ends and an epithet begins ("Grandma Oak: the wise", "Fox, the clever one", "Bo (a cat)");
# a full stop is not one ("Mr. Fox"), nor a hyphen inside a word ("Jean-Luc").
_NAME_END = re.compile(r"[:：,，;；(（\[【{|、。!?！？—–]|\s-\s")


class DraftCharacter(BaseModel):
    name: str = Field(description="Short name: at most three words, or at most eight Chinese characters.")
    description: str = Field(description="How the character looks, in one sentence: species/age, colours, clothes, "
                             "anything that must stay the same in every picture.")


class DraftSetting(BaseModel):
    name: str = Field(description="Short place name, e.g. 'Forest' or '森林'.")
    description: str = Field(description="How the place looks, in one sentence.")


class DraftLine(BaseModel):
    kind: Literal["speech", "thought", "whisper", "shout", "caption", "sfx"]
    speaker: str = Field(description="A character's name exactly as declared; empty for caption and sfx.")
    text: str = Field(description="The words, short enough for a speech balloon.")


class DraftDetail(BaseModel):
    character: str = Field(description="A declared character's name.")
    change: Literal["add", "remove"]
    detail: str = Field(description="A lasting change to how the character looks, e.g. 'wears a red scarf'. "
                        "A removal repeats the added words exactly.")


class DraftPanel(BaseModel):
    shot: Shot
    setting: str = Field(description="The name of a declared setting.")
    action: str = Field(description="What the picture shows, in one or two sentences; no dialogue.")
    details: list[DraftDetail]
    lines: list[DraftLine]


class ScriptDraft(BaseModel):
    """A whole script as a text model drafts it."""

    title: str
    style: str = Field(description="The art style of every picture, e.g. 'soft watercolour picture book'.")
    layout: Layout
    characters: list[DraftCharacter]
    settings: list[DraftSetting]
    panels: list[DraftPanel]


class DraftError(PanelsmithError):
    """The text model's draft could not be made into a clean script (nothing is written)."""


def script_from_draft(draft: ScriptDraft, language: str = "en", layout: str | None = None) -> tuple[str, Project]:
    """The Panel Script text for `draft` (English or Chinese keywords) and the project it parses to.

    `layout` overrides the draft's. Raises `DraftError` when the draft has no panels or the script
    would not read back exactly as drafted.
    """
    project = project_from_draft(draft, layout)
    if not project.panels:
        raise DraftError("The text model's draft has no panels; try again with a longer idea.")
    _settle_free_text(project, language)
    text = render_script(project, language)
    result = parse_script(text, filename="<draft>")
    if result.diagnostics or _shape(result.project) != _shape(project):
        first = f" ({result.diagnostics[0].message.rstrip('.')})" if result.diagnostics else ""
        raise DraftError(f"The text model's draft did not make a clean script{first}; try again.")
    return text, result.project


def project_from_draft(draft: ScriptDraft, layout: str | None = None) -> Project:
    """The draft as a Project, tidied so that every name, line and detail reads back from a script."""
    project = Project(title=_one_line(draft.title), style=_one_line(draft.style))
    project.layout = layout if layout in LAYOUTS else draft.layout
    for item in draft.characters:
        name = _character_name(item.name)
        if name and project.character(name) is None:
            project.characters.append(Character(name, _one_line(item.description)))
    for item in draft.settings:
        name = _setting_name(item.name)
        if name and project.setting_named(name) is None:
            project.settings.append(Setting(name, _one_line(item.description)))
    active: dict[str, list[str]] = {}
    previous_setting: str | None = None
    for item in draft.panels:
        panel = Panel(shot=item.shot if item.shot in SHOTS else None, action=_one_line(item.action))
        setting = _setting_name(item.setting)
        if setting:
            declared = project.setting_named(setting)
            if declared is None:
                declared = Setting(setting)
                project.settings.append(declared)
            if declared.name != previous_setting:
                panel.setting = previous_setting = declared.name
        panel.details = _details(project, item.details, active)
        panel.lines = [line for line in (_line(project, d) for d in item.lines) if line is not None]
        if panel.action or panel.lines or panel.details:
            project.panels.append(panel)
    return project


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _label(text: str) -> str:
    """`text` made into a script label: no colons or brackets, no leading marks, at most three words
    (or eight CJK characters); "" when nothing usable is left."""
    text = _one_line(str(text)).lstrip(_LEADING_MARKS)
    head = _NAME_END.split(text, maxsplit=1)[0]
    if head.strip(" \"“”'"):  # the name before its epithet, whole words only; else all there is
        text = head
    words = text.translate(_NAME_JUNK).split()
    for count in (len(words), 3, 2, 1):
        candidate = " ".join(words[:count])
        if has_cjk(candidate) and not is_label(candidate):
            candidate = "".join(ch for ch in candidate if has_cjk(ch))[:8]
        if candidate and is_label(candidate):
            return candidate
    return ""


def _character_name(text: str) -> str:
    name = _label(text)
    return f"The {name}" if name.casefold() in RESERVED_LABELS else name


def _setting_name(text: str) -> str:
    return _one_line(str(text).replace(":", " ").replace("：", " ")).lstrip(_LEADING_MARKS).strip()


def _details(project: Project, items: list[DraftDetail], active: dict[str, list[str]]) -> list[DetailChange]:
    changes: list[DetailChange] = []
    for item in items:
        character = project.character(_label(item.character))
        detail = _one_line(item.detail)
        if character is None or not detail:
            continue
        current = active.setdefault(character.name.casefold(), [])
        if item.change == "add":
            current.append(detail.casefold())
        elif detail.casefold() in current:
            current.remove(detail.casefold())
        else:
            continue  # removing what was never added would be a script error
        changes.append(DetailChange(character.name, detail, added=item.change == "add"))
    return changes


def _line(project: Project, item: DraftLine) -> Line | None:
    text = _one_line(item.text)
    if not text:
        return None
    if item.kind in ("caption", "sfx"):
        return Line(item.kind, text)
    speaker = _speaker(project, item.speaker)
    return Line(item.kind, text, speaker=speaker) if speaker else Line("caption", text)


def _speaker(project: Project, name: str) -> str:
    """A declared character's own spelling, or an undeclared label that reads as a speaker ("" if none)."""
    label = _label(name)
    declared = project.character(label) if label else None
    if declared is not None:
        return declared.name
    words = label.split()
    while words and words[-1].casefold() in SPEECH_VERBS:
        words.pop()  # "Fox says" would read as a sentence, not a speaker
    label = " ".join(words)
    if label and not has_cjk(label[0]):
        label = label[0].upper() + label[1:]
    if not label or label.casefold() in RESERVED_LABELS or not is_label(label):
        return ""
    return label


def _settle_free_text(project: Project, language: str) -> None:
    """Actions and descriptions that a script would misread (a colon after a name, a leading `//`,
    a line that looks like a block header) are reworded just enough to read back as themselves."""
    names = [Character(c.name) for c in project.characters]
    for panel in project.panels:
        panel.action = _readable(panel.action, lambda text: _action_reads_back(text, names, language))
    for item in project.characters + project.settings:
        item.description = _readable(item.description, lambda text: _description_reads_back(text, language))


def _readable(text: str, reads_back) -> str:
    if not text or reads_back(text):
        return text
    candidates = [text.lstrip(_LEADING_MARKS)]
    candidates.append(candidates[0].replace(":", " -").replace("：", "，"))
    candidates.append(candidates[1] + ".")
    candidates.append(f"({candidates[0]})")  # no label, header or comment starts with a bracket
    for candidate in candidates:
        if candidate and reads_back(candidate):
            return candidate
    return text  # script_from_draft's final check refuses the draft


def _action_reads_back(action: str, characters: list[Character], language: str) -> bool:
    probe = Project(characters=characters, panels=[Panel(action=action)])
    parsed = parse_script(render_script(probe, language)).project
    panel = parsed.panels[0] if len(parsed.panels) == 1 else None
    return panel is not None and panel.action == action and not panel.lines and not panel.details


def _description_reads_back(description: str, language: str) -> bool:
    probe = Project(characters=[Character("A", description)], panels=[Panel(action="x")])
    parsed = parse_script(render_script(probe, language)).project
    return len(parsed.panels) == 1 and [c.description for c in parsed.characters] == [description]


def _shape(project: Project) -> tuple:
    """What must survive writing and reading back: everything but ids and line numbers."""
    return (
        project.title, project.style, project.layout,
        [(c.name, c.description) for c in project.characters],
        [(s.name, s.description) for s in project.settings],
        [(p.shot, p.setting, p.action, [(x.kind, x.text, x.speaker) for x in p.lines],
          [(d.character, d.detail, d.added) for d in p.details]) for p in project.panels],
    )

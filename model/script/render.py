"""Writing a project back as Panel Script: the canonical text the parser reads back to the same project.

`render_script` writes the whole script (English or Chinese keywords); `render_panel` one panel's block, for
edits that rewrite only that block (model.script.inplace).
"""
from __future__ import annotations

from model.project.project import Panel, Project
from model.script.pageheader import page_line, states_anything
from model.script.panelscript import reads_as_action
from model.script.timing import format_duration
from model.script.words import SHOT_NAMES_ZH

def _action_lines(action: str, declared: set[str]) -> list[str]:
    """The action as script lines that read back as exactly this action.

    Action lines were joined when parsed, so "Gary" + "runs: fast" became "Gary runs: fast", which
    on one line would read as a speaker; such an action is split again at a space.
    """
    if reads_as_action([action], action, declared):
        return [action]
    for i, ch in enumerate(action):
        if ch == " ":
            lines = [action[:i], action[i + 1:]]
            if all(lines) and reads_as_action(lines, action, declared):
                return lines
    return [action]


# The keywords render_script writes, per language: both read back through the same parser.
_WORDS = {
    "en": {"Title": "Title", "Author": "Author", "Style": "Style", "Layout": "Layout", "Character": "Character",
           "Setting": "Setting", "Caption": "Caption", "SFX": "SFX", "Cover": "Cover", "Blurb": "Blurb",
           ":": ": ", "(": " (", ")": ")", "Scene": "Scene", "Shot": "Shot", "Camera": "Camera", "Note": "Note"},
    "zh": {"Title": "标题", "Author": "作者", "Style": "风格", "Layout": "版式", "Character": "角色",
           "Setting": "场景", "Caption": "旁白", "SFX": "音效", "Cover": "封面", "Blurb": "封底文字",
           ":": "：", "(": "（", ")": "）", "Scene": "场景标题", "Shot": "镜头号", "Camera": "运镜", "Note": "备注"},
}
_LAYOUT_ZH = {"strip": "条带", "grid": "网格", "vertical": "竖版", "book": "绘本", "storyboard": "故事板"}
_KIND_ZH = {"thought": "想", "whisper": "小声", "shout": "喊"}


def _page_lines(panel: Panel, number: int, zh: bool) -> list[str]:
    """The `Page break` and `Page layout:` lines that go before a panel starting a page."""
    out = ["换页" if zh else "Page break"] if panel.page_break and number > 1 else []
    if panel.page_layout:
        from model.shapes.templates import find_template

        template = find_template(panel.page_layout)
        name = (template.name_zh if zh else template.name) if template is not None else panel.page_layout
        out.append(f"页面版式：{name}" if zh else f"Page layout: {name}")
    return out


def render_script(project: Project, language: str = "en") -> str:
    """Write a project as canonical Panel Script text that parses back to the same panels.

    `language` "zh" writes the Chinese keywords (标题：, 角色：, 第1格（特写）@场景, 旁白：…) and full-width
    punctuation; "en" the English ones. The words of the story are written as they are either way.
    """
    zh = language == "zh"
    w = _WORDS["zh" if zh else "en"]
    colon = w[":"]
    out: list[str] = []
    declared = {c.name.casefold() for c in project.characters}
    for key, value in (("Title", project.title), ("Author", project.author), ("Style", project.style)):
        if value:
            out.append(f"{w[key]}{colon}{value}")
    out.append(f"{w['Layout']}{colon}{_LAYOUT_ZH.get(project.layout, project.layout) if zh else project.layout}")
    if states_anything(project.page):
        out.append(page_line(project.page, chinese=zh))
    if project.cover.description:
        out += ["", f"{w['Cover']}{colon}{project.cover.description}"]
    if project.cover.blurb:
        paragraphs = project.cover.blurb.split("\n")
        out += ["", f"{w['Blurb']}{colon}{paragraphs[0]}"]
        for paragraph in paragraphs[1:]:
            out += ["", paragraph]
    for word, items in (("Character", project.characters), ("Setting", project.settings)):
        for item in items:
            out += ["", f"{w[word]}{colon}{item.name}"] + ([item.description] if item.description else [])
    scene = ""
    for number, panel in enumerate(project.panels, start=1):
        if panel.scene and panel.scene != scene:
            out += ["", f"{w['Scene']}{colon}{panel.scene}"]
        scene = panel.scene or scene  # a panel with no scene after a scene's panels reads back as part of it
        out += ["", *_page_lines(panel, number, zh), *render_panel(panel, number, declared, language)]
    return "\n".join(out) + "\n"


def render_panel(panel: Panel, number: int, declared: set[str], language: str = "en") -> list[str]:
    """One panel block as canonical script lines: its header (`Panel 3 (close-up) @ Street`), then its
    duration, style, action, lasting details and lines. `declared` holds the casefolded character names."""
    zh = language == "zh"
    w = _WORDS["zh" if zh else "en"]
    colon = w[":"]
    header = f"第{number}格" if zh else f"Panel {number}"
    if panel.shot:
        header += f"{w['(']}{SHOT_NAMES_ZH.get(panel.shot, panel.shot) if zh else panel.shot}{w[')']}"
    if panel.setting:
        header += f"@{panel.setting}" if zh else f" @ {panel.setting}"
    out = [header]
    if panel.duration is not None:
        out.append(f"Duration: {format_duration(panel.duration)}")
    if panel.style:
        out.append(f"Style: {panel.style}")
    if panel.shot_name:
        out.append(f"{w['Shot']}{colon}{panel.shot_name}")
    if panel.camera:
        out.append(f"{w['Camera']}{colon}{panel.camera}")
    if panel.action:
        out += _action_lines(panel.action, declared)
    for change in panel.details:
        out.append(f"{'+' if change.added else '-'}{change.character}{colon}{change.detail}")
    for line in panel.lines:
        if line.kind == "caption" or (line.speaker is None and line.kind != "sfx"):
            out.append(f"{w['Caption']}{colon}{line.text}")
        elif line.kind == "sfx":
            out.append(f"{w['SFX']}{colon}{line.text}")
        elif line.kind == "speech":
            out.append(f"{line.speaker}{colon}{line.text}")
        else:
            kind = _KIND_ZH.get(line.kind, line.kind) if zh else line.kind
            out.append(f"{line.speaker}{w['(']}{kind}{w[')']}{colon}{line.text}")
    out += [f"{w['Note']}{colon}{note}" for note in panel.notes.splitlines() if note.strip()]
    return out

"""Editing the writer's script in place when a change is made outside the editor (a board move, an
inspector edit, a character description).

The script is split into blocks: the head (title, style, page… up to the first block header), then one
block per `Character`, `Setting` and `Panel` header. A block owns the `//` comments written just above its
header, its header line as written (`# Panel 2 (close-up)`), its body with any comments inside it, and the
blank lines after it. An edit moves, adds, drops or refreshes whole blocks, so every comment and the
writer's own formatting stay with the block they belong to and move with their panel; only a panel's
number in its header, and the body of a panel or character whose content changed, are written anew.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from model.project.project import Panel, Project
from model.script.blocks import BLURB, COVER, SCENE, header_text, is_block_header
from model.script.panelscript import parse_script
from model.script.render import render_panel, render_script
from model.script.words import join_text

_COMMENT = re.compile(r"^\s*//")
_MARKS = re.compile(r"^\s*#+\s*")
_NUMBER_EN = re.compile(r"(?i)(panel\s*)(\d+)")
_NUMBER_ZH = re.compile(r"(第\s*)([0-9０-９零一二两三四五六七八九十]+)(\s*格)|((?:画格|分镜)\s*)([0-9０-９]+)")
_CHARACTER = re.compile(r"(?i)^\s*#*\s*[*_]*\s*(?:character|角色)\s*[:：]\s*(.*?)\s*[*_]*\s*$")
_SETTING = re.compile(r"(?i)^\s*#*\s*[*_]*\s*(?:setting|场景)\s*[:：]")


@dataclass
class Block:
    """Lines of the script that belong together; `header` indexes the header line (-1 for the head)."""

    kind: str  # "head" | "character" | "setting" | "scene" | "cover" | "blurb" | "panel"
    lines: list[str] = field(default_factory=list)
    header: int = -1

    @property
    def header_line(self) -> str:
        return self.lines[self.header] if self.header >= 0 else ""


def _kind(header: str) -> str:
    if _CHARACTER.match(header):
        return "character"
    if _SETTING.match(header):
        return "setting"
    text = header_text(header.strip())
    for kind, pattern in (("scene", SCENE), ("cover", COVER), ("blurb", BLURB)):
        if pattern.match(text):
            return kind  # blocks that are not panels stay where the writer put them
    return "panel"


def split_blocks(text: str) -> list[Block]:
    """The script as blocks, in order; joining every block's lines gives the text back exactly."""
    blocks = [Block("head")]
    for line in text.split("\n"):
        if is_block_header(line):
            previous = blocks[-1]
            # The comments right above a header introduce that block: they move with it.
            start = len(previous.lines)
            while start > 0 and _COMMENT.match(previous.lines[start - 1]):
                start -= 1
            leading = previous.lines[start:]
            del previous.lines[start:]
            blocks.append(Block(_kind(line), leading + [line], len(leading)))
        else:
            blocks[-1].lines.append(line)
    return blocks


def _panel_key(panel: Panel) -> tuple[object, ...]:
    return (panel.shot, panel.setting, panel.action, panel.duration, panel.style, panel.page_break, panel.page_layout,
            panel.scene, panel.shot_name, panel.camera, panel.notes,
            tuple((d.character, d.detail, d.added) for d in panel.details),
            tuple((ln.kind, ln.speaker, ln.text) for ln in panel.lines))


@dataclass(frozen=True)
class ScriptShape:
    """What the script held before an edit: each panel's id and content in order, each character's description."""

    panels: tuple[tuple[str, tuple[object, ...]], ...]
    descriptions: dict[str, str]  # casefolded character name -> description


def shape_of(project: Project) -> ScriptShape:
    """The shape to give `edit_script` afterwards: taken before the change is applied."""
    return ScriptShape(tuple((p.id, _panel_key(p)) for p in project.panels),
                       {c.name.casefold(): c.description for c in project.characters})


def _language(blocks: list[Block]) -> str:
    headers = [b.header_line for b in blocks if b.kind == "panel"]
    chinese = sum(1 for h in headers if _NUMBER_ZH.search(h) or re.search(r"^\s*#*\s*[*_]*\s*(?:画格|分镜|第)", h))
    return "zh" if headers and chinese * 2 > len(headers) else "en"


def _renumbered(header: str, number: int) -> str:
    """The header line with its panel number (if it states one) changed to `number`, as written otherwise."""
    if m := _NUMBER_ZH.search(header):
        if m.group(1) is not None:
            return header[: m.start()] + f"{m.group(1)}{number}{m.group(3)}" + header[m.end():]
        return header[: m.start()] + f"{m.group(4)}{number}" + header[m.end():]
    return _NUMBER_EN.sub(lambda m: f"{m.group(1)}{number}", header, count=1)


def _parts(block: Block) -> tuple[list[str], list[str], list[str]]:
    """A block's body split into the comments opening it, its other lines, and its trailing blank lines."""
    body = block.lines[block.header + 1:]
    end = len(body)
    while end > 0 and not body[end - 1].strip():
        end -= 1
    content, trailing = body[:end], body[end:]
    opening = []
    while content and (_COMMENT.match(content[0]) or not content[0].strip()):
        opening.append(content.pop(0))
    return opening, content, trailing


def _action_lines(content: list[str], action: str, names: list[str]) -> list[str] | None:
    """The lines of a panel's body that make its action, as written, when they make exactly `action`."""
    cast = "".join(f"Character: {name}\n" for name in names)  # a line naming a character may read as speech
    found = []
    for line in content:
        if not line.strip() or _COMMENT.match(line):
            continue
        panel = parse_script(f"{cast}Panel 1\n{line}\n").project.panels[0]
        if panel.action and not (panel.lines or panel.details or panel.style or panel.duration is not None):
            found.append(line)
    return found if found and join_text([line.strip() for line in found]) == action else None


def _refreshed_panel(block: Block, panel: Panel, before: tuple[object, ...], number: int, project: Project,
                     language: str) -> Block:
    """The panel's block written anew from the panel, keeping its comments, its action lines as written
    when the action is as before, and, when the shot and setting are as before, its header line as written
    (else the new header after the writer's `#` marks)."""
    declared = {c.name.casefold() for c in project.characters}
    opening, content, trailing = _parts(block)
    kept = _action_lines(content, panel.action, [c.name for c in project.characters]) if panel.action == before[2] else None
    rendered = render_panel(replace(panel, action="") if kept else panel, number, declared, language)
    body = rendered[1:]
    if kept:  # after the panel's own Duration: and Style: lines, where the action goes
        at = (panel.duration is not None) + bool(panel.style)
        body = body[:at] + kept + body[at:]
    header = block.header_line
    if (panel.shot, panel.setting) != before[:2]:
        marks = _MARKS.match(header)
        header = (marks.group(0) if marks else "") + rendered[0]
    comments = [line for line in content if _COMMENT.match(line)]
    lines = block.lines[: block.header] + [_renumbered(header, number)] + opening + body + comments + trailing
    return Block("panel", lines, block.header)


def _refreshed_character(block: Block, description: str) -> Block:
    opening, content, trailing = _parts(block)
    comments = [line for line in content if _COMMENT.match(line)]
    lines = block.lines[: block.header + 1] + opening + ([description] if description else []) + comments + trailing
    return Block("character", lines, block.header)


def edit_script(script: str, before: ScriptShape, project: Project) -> str:
    """`script` edited in place so it reads back as `project`, after a change made outside the editor.

    `before` is `shape_of` the project as the script held it. Panel blocks are matched to panels by
    position (the script is the project's source, so they correspond); they are then reordered, dropped,
    added or refreshed as the panels were. When the script does not match `before` (no panels written, a
    different count) it is written anew from the project, as before this module existed."""
    blocks = split_blocks(script)
    slots = [i for i, b in enumerate(blocks) if b.kind == "panel"]
    if len(slots) != len(before.panels):
        return render_script(project)
    language = _language(blocks)
    # A new panel's header takes the `#` marks the writer gives the others ("# Panel 3").
    marks = [m.group(0) for i in slots if (m := _MARKS.match(blocks[i].header_line))]
    prefix = max(set(marks), key=marks.count) if len(marks) * 2 > len(slots) else ""
    declared = {c.name.casefold() for c in project.characters}
    old = {pid: (blocks[i], key) for i, (pid, key) in zip(slots, before.panels)}
    placed: list[Block] = []
    for number, panel in enumerate(project.panels, start=1):
        found = old.get(panel.id)
        if found is None:
            rendered = render_panel(panel, number, declared, language)
            placed.append(Block("panel", [prefix + rendered[0], *rendered[1:], ""], 0))
        elif _panel_key(panel) != found[1]:
            placed.append(_refreshed_panel(found[0], panel, found[1], number, project, language))
        else:
            block = found[0]
            lines = list(block.lines)
            lines[block.header] = _renumbered(block.header_line, number)
            placed.append(Block("panel", lines, block.header))
    descriptions = {c.name.casefold(): c.description for c in project.characters}
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if block.kind == "character" and (m := _CHARACTER.match(block.header_line)):
            name = m.group(1).casefold()
            if name in descriptions and descriptions[name] != before.descriptions.get(name, descriptions[name]):
                block = _refreshed_character(block, descriptions[name])
        if block.kind != "panel":
            out.append(block)
        elif i == slots[-1]:
            out += placed[slots.index(i):]  # the last slot takes every panel left (new ones too)
        elif slots.index(i) < len(placed):
            out.append(placed[slots.index(i)])
    if not slots:
        out += placed  # the first panels of a script that had none
    edited = _joined(out, script.endswith("\n"))
    # Lines that belong between panels (a page break, a scene heading) stay where they were written; when a move
    # carries a panel across one, the script would say something else than the project: write it anew then.
    if render_script(parse_script(edited).project) != render_script(project):
        return render_script(project)
    return edited


def _joined(blocks: list[Block], final_newline: bool) -> str:
    lines: list[str] = []
    for block in blocks:
        if lines and lines[-1].strip() and block.kind != "head":
            lines.append("")  # a moved block that was last in the script had no blank line after it
        lines += block.lines
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + ("\n" if final_newline or not lines else "")

"""A shot list a text model plans for a batch of scenes: its structured-output shape, what the model is
shown, and how a plan replaces the offline breakdown of those scenes.

The model sees each scene's heading, its action paragraphs and its dialogue lines numbered [1], [2] …;
it answers a `ShotPlan`: per scene, shots with a size, a camera move, what the picture shows and
which numbered lines the shot covers. Applying a plan never loses a word: every line lands in exactly
one shot, in the screenplay's order (lines no shot names join the shot before them), and a scene the
model left out keeps its offline shots. The result is rendered and read back like a draft, so it
always parses.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from model.project.project import SHOTS, Line, Panel, Project
from model.script.scenes import Scene, name_shots, scenes
from model.script.render import render_script

Shot = Literal[SHOTS]  # type: ignore[valid-type]


class PlannedShot(BaseModel):
    size: Shot
    camera: str = Field(description="The camera move, e.g. 'static', 'slow push in', 'pan left', 'handheld'.")
    picture: str = Field(description="What the picture shows, in one or two sentences; no dialogue.")
    lines: list[int] = Field(description="The numbers of the dialogue lines heard over this shot, in order.")


class PlannedScene(BaseModel):
    scene: int = Field(description="The scene's number as given.")
    shots: list[PlannedShot]


class ShotPlan(BaseModel):
    """Shot lists for a batch of scenes."""

    scenes: list[PlannedScene]


def scene_text(scene: Scene) -> tuple[str, list[Line]]:
    """A scene as the text model reads it, and its dialogue lines in the order they are numbered."""
    lines: list[Line] = []
    out = [f"SCENE {scene.number}: {scene.heading or '(no heading)'}"]
    for panel in scene.panels:
        if panel.action and not panel.lines:
            out.append(panel.action)
        for line in panel.lines:
            lines.append(line)
            who = line.speaker or ("SFX" if line.kind == "sfx" else "")
            how = f" ({line.kind})" if line.kind not in ("speech", "caption", "sfx") else ""
            out.append(f"[{len(lines)}] {who}{how}{': ' if who else ''}{line.text}")
    return "\n".join(out), lines


def batch_text(batch: list[Scene]) -> str:
    """The request input for a batch of scenes."""
    return "\n\n".join(scene_text(scene)[0] for scene in batch)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def apply_plan(project: Project, batch: list[Scene], plan: ShotPlan) -> None:
    """Replace the offline panels of each planned scene in `batch` with the plan's shots (in place)."""
    planned = {item.scene: item for item in plan.scenes}
    replacements: dict[int, list[Panel]] = {}
    for scene in batch:
        item = planned.get(scene.number)
        if item is None or not item.shots:
            continue
        replacements[scene.number] = _scene_shots(scene, item)
    if not replacements:
        return
    panels: list[Panel] = []
    for scene in scenes(project):
        panels += replacements.get(scene.number, scene.panels)
    project.panels = panels


def _scene_shots(scene: Scene, item: PlannedScene) -> list[Panel]:
    _, lines = scene_text(scene)
    owner: dict[int, int] = {}  # line number -> shot index; a line claimed twice stays with its first shot
    for k, shot in enumerate(item.shots):
        for number in shot.lines:
            if 1 <= number <= len(lines) and number not in owner:
                owner[number] = k
    shots = [Panel(shot=s.size if s.size in SHOTS else None, camera=_one_line(s.camera)[:80],
                   action=_one_line(s.picture), scene=scene.heading) for s in item.shots]
    current = 0
    for number, line in enumerate(lines, start=1):
        current = max(current, owner.get(number, current))  # the words stay in the screenplay's order
        shots[current].lines.append(line)
    shots = [p for p in shots if p.action or p.lines] or list(scene.panels)
    first = scene.panels[0]
    shots[0].setting = first.setting
    notes = [p.notes for p in scene.panels if p.notes]
    if notes:
        shots[-1].notes = "\n".join(notes)
    return shots


def finish_plan(project: Project) -> Project:
    """Name the shots (1A, 1B …), settle free text so it reads back, and fill in the script text."""
    from model.script.draft import _settle_free_text  # the draft's rewording, so planned text reads back as itself

    for panel in project.panels:
        panel.shot_name = ""
    name_shots(project)
    _settle_free_text(project, "en")
    project.script = render_script(project)
    return project

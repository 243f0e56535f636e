"""`--shots auto`: a text model plans each scene's shots, one request per batch of scenes.

The screenplay is first broken down offline (model.screenplay.breakdown); each batch of scenes is then
sent through `TextModel.parse` with `model.screenplay.shotplan.ShotPlan` as the structured output (the
same path as `draft`), and the answer replaces those scenes' offline shots. A failed request fails the
whole import with one sentence, and nothing is written.
"""
from __future__ import annotations

from typing import Callable

from generation.text.textmodel import TextModel
from model.project.project import SHOTS, Project
from model.script.scenes import Scene, scenes
from model.screenplay.shotplan import ShotPlan, apply_plan, batch_text, finish_plan

BATCH_SCENES = 12  # scenes a request: enough context for the model, a short enough answer to come back whole
BATCH_CHARACTERS = 24_000  # and at most this much screenplay text (a long scene goes alone)

INSTRUCTIONS = "\n".join([
    "You are a film storyboard artist breaking a screenplay down into shots.",
    "For each scene you are given (keep its number), list the shots in order.",
    f"size: one of {', '.join(SHOTS)}. camera: the camera move ('static' when there is none).",
    "picture: what the frame shows, in one or two plain sentences naming the characters in it; no dialogue.",
    "lines: the numbers of the dialogue lines [n] heard over this shot, in order; every line belongs to one shot.",
    "Cover every scene; use as many shots as the scene needs to be understood (often 2 to 8).",
    "Plain text only: no Markdown, no line breaks inside a field.",
])


def batches(project: Project) -> list[list[Scene]]:
    """The project's scenes in batches of at most BATCH_SCENES scenes and BATCH_CHARACTERS of text."""
    out: list[list[Scene]] = []
    size = 0
    for scene in scenes(project):
        length = len(batch_text([scene]))
        if not out or len(out[-1]) >= BATCH_SCENES or size + length > BATCH_CHARACTERS:
            out.append([])
            size = 0
        out[-1].append(scene)
        size += length
    return out


def plan_shots(project: Project, text_model: TextModel,
               progress: Callable[[int, int], None] | None = None) -> Project:
    """`project` (an offline breakdown) with each scene's shots as the text model plans them."""
    groups = batches(project)
    for done, batch in enumerate(groups):
        if progress:
            progress(done, len(groups))
        plan = text_model.parse(instructions=INSTRUCTIONS, input=batch_text(batch), schema=ShotPlan)
        apply_plan(project, batch, plan)
    return finish_plan(project)

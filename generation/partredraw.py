"""Planning a part redraw: the selected part of a panel's picture redrawn by a model, the rest kept.

The request carries the context crop (the selection padded with the picture around it, see
`model.picture.partredraw`) scaled to a size the model draws, and its mask; the `Job` carries where the
answer goes back, so `generation.recording.record_result` puts it back through the selection. The
offline sketches cannot redraw part of a picture: that is said in one sentence before anything runs.
"""
from __future__ import annotations

from dataclasses import replace

from generation.planning import GenerationSettings, Job, Target, for_comfyui, panel_number, picture_size, sketch_spec
from generation.request import ImageRequest
from model.errors import BadInputError
from model.imageload import decode_image
from model.picture.partredraw import model_inputs, plan_part
from model.picture.selection import Selection
from model.project.project import ImageVersion, Panel, Project
from model.prompt.compose import compose_part_prompt, request_prompt

NEEDS_A_MODEL = ("Redrawing part of a picture needs an image model (OpenAI with an API key, or a ComfyUI server); "
                 "the offline sketches cannot do it.")


def base_version(project: Project, panel: Panel, base_id: str | None = None) -> ImageVersion:
    """The version a part redraw edits: `base_id`, else the selected one; a BadInputError when there is none."""
    number = panel_number(project, panel)
    version = panel.images.find(base_id) if base_id else panel.images.selected
    if base_id and version is None:
        raise BadInputError(f"The version to redraw is no longer part of panel {number}.")
    if version is None or version.sha256 not in project.images:
        raise BadInputError(f"Panel {number} has no picture to redraw a part of yet; generate, import or draw one first.")
    return version


def plan_part_redraw(project: Project, panel: Panel, selection: Selection, instruction: str,
                     settings: GenerationSettings, base_id: str | None = None) -> Job:
    """The job that redraws the `selection` of the panel's picture (`base_id`, else the selected version)
    following `instruction`; the new version's parent is that picture."""
    instruction = instruction.strip()
    if not instruction:
        raise BadInputError("Say what to draw in the selection, e.g. \"make his hand hold a kite\".")
    if settings.backend not in ("openai", "comfyui"):
        raise BadInputError(NEEDS_A_MODEL)
    version = base_version(project, panel, base_id)
    picture = decode_image(project.images.get(version.sha256), "The panel's picture")
    if selection.mask.size != picture.size:
        raise BadInputError(f"The selection is {selection.mask.width}x{selection.mask.height} and the picture "
                            f"{picture.width}x{picture.height}; select the part again.")
    part = plan_part(selection, picture.width, picture.height, version.sha256)
    width, height = picture_size(part.size[0] / part.size[1], settings)
    crop, mask, inpaint_mask = model_inputs(picture, part, (width, height))
    request = ImageRequest(compose_part_prompt(project, panel, instruction), width, height, settings.quality,
                           settings.model, base_image=crop, instruction=instruction, mask=mask,
                           inpaint_mask=inpaint_mask, kind="panel", sketch=sketch_spec(project, panel, instruction))
    request = for_comfyui(request, settings, panel)
    return replace(Job(Target("panel", panel.id), request, request_prompt(project, panel), (), version.id,
                       label=f"Panel {panel_number(project, panel)}"), part=part)


def is_part_redraw(version: ImageVersion) -> bool:
    """True for a version made by redrawing part of its parent (the thread shows it with a mask icon)."""
    return isinstance(version.parameters.get("part"), dict)

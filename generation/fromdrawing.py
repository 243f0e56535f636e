""""Picture from my drawing": the panel's drawing is the composition, a backend finishes it.

OpenAI gets an image edit with the drawing (flattened as it shows) attached first, the characters'
sheets after it, and the panel's prompt; ComfyUI draws image-to-image from it with the panel workflow's
stock nodes (a high denoise, so lines become a picture but stay where they were drawn); offline, the
drawing is cleaned and coloured in the panel's style by the photo-restyle machinery.
"""
from __future__ import annotations

from dataclasses import replace

from generation.planning import GenerationSettings, Job, Target, for_comfyui, panel_number, picture_size, references_for
from generation.request import ImageRequest
from generation.sketch.render import PhotoSpec
from model.errors import BadInputError
from model.project.project import ImageVersion, Panel, Project
from model.prompt.compose import compose_drawing_prompt, request_prompt
from model.prompt.continuity import characters_present
from model.script.styles import panel_style

DRAWING_DENOISE = 0.8  # ComfyUI: enough to turn lines into a picture, little enough to keep the layout
FROM_DRAWING = "picture from my drawing"  # the thread's label when no instruction was given
COMFYUI_METHOD = "image-to-image from the drawing with stock nodes"
COMFYUI_CONTROLNET = "from words, steered by the drawing through the scribble ControlNet {model}"


def drawing_version(project: Project, panel: Panel) -> ImageVersion:
    """The drawing the selected version is (or was made from: the nearest drawing among its parents, so a
    picture from a drawing can be made again); a BadInputError saying how to make one."""
    number = panel_number(project, panel)
    version, seen = panel.images.selected, set()
    while version is not None and not isinstance(version.parameters.get("drawing"), str) and version.id not in seen:
        seen.add(version.id)
        version = panel.images.find(version.parent or "")
    if version is None or not isinstance(version.parameters.get("drawing"), str) or version.sha256 not in project.images:
        raise BadInputError(f"Panel {number} has no drawing selected; draw on it in the preview's Draw mode or add "
                            f"one with `panelsmith layer FILE {number} drawing.png`.")
    return version


def plan_from_drawing(project: Project, panel: Panel, settings: GenerationSettings, instruction: str = "") -> Job:
    """The job that turns the panel's selected drawing into a picture; the result's parent is the drawing."""
    drawing = drawing_version(project, panel)
    refs, names = references_for(project, characters_present(project, panel))
    width, height = picture_size(drawing.width / max(1, drawing.height), settings)
    if settings.backend == "offline":  # the restyle keeps the drawing's own shape
        width, height = drawing.width, drawing.height
    request = ImageRequest(compose_drawing_prompt(project, panel, instruction), width, height, settings.quality,
                           settings.model, refs, base_image=project.images.get(drawing.sha256),
                           instruction=instruction.strip() or FROM_DRAWING, kind="panel",
                           sketch=PhotoSpec(panel_style(project, panel).look, colour_areas=drawing.parent is None))
    request = for_comfyui(request, settings, panel)
    if settings.backend == "comfyui":
        # A scribble ControlNet when the server has one (the backend asks it), else image-to-image.
        request = replace(request, options=request.options + (("denoise", DRAWING_DENOISE), ("from_drawing", True)))
    return Job(Target("panel", panel.id), request, request_prompt(project, panel), names, drawing.id,
               label=f"Panel {panel_number(project, panel)}")

"""Building the request for a panel, a refinement or a character sheet: the one place that decides
what is sent (prompt from `model.prompt.compose`, pixel size, the characters' reference sheets).

Planning runs on the owner's thread and reads the project; the `Job` it returns is immutable, so the
worker threads that carry it out never touch the project.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generation.imagemodels import DEFAULT_MODEL, DEFAULT_QUALITY
from generation.request import ImageRequest, Region
from generation.sizing import image_size, sd_size
from generation.sketch.render import PhotoSpec, SheetSpec, SketchSpec
from generation.sketch.figures import FigureSpec
from model.prompt.continuity import (
    active_details,
    characters_present,
    continuity_scan,
    effective_setting,
    panel_index,
    setting_name,
)
from model.errors import BadInputError
from model.picture.partredraw import PartRedraw
from model.page.layout import frame_aspects
from model.project.project import Character, ImageVersion, Panel, Project
from model.prompt.compose import (
    compose_photo_prompt, compose_photo_sheet_prompt, compose_refine_description, compose_refine_prompt,
    compose_region_prompts, compose_sheet_prompt, cover_probe, cover_request_prompt, reference_characters,
    request_prompt,
)
from model.script.styles import panel_style
from model.prompt.continuity import staged_boxes
from model.staging.boxes import back_to_front

SHEET_ASPECT = 1.5


@dataclass(frozen=True)
class GenerationSettings:
    """What the user chose: backend, model and quality, and optionally the panels' picture shape."""

    backend: str = "offline"  # "offline" or "openai"
    model: str = DEFAULT_MODEL
    quality: str = DEFAULT_QUALITY
    aspect: float | None = None  # width / height; None follows the panel's frame in the project's layout
    # ComfyUI only (model is then the checkpoint, "" = the workflow's own): workflow, steps, seed
    workflow: str = ""  # "sdxl", "flux" or an exported API-format file; "" = sdxl
    steps: int | None = None  # None = the workflow's own
    seed: int | None = None  # every request drawn with this seed; None = a new one each time
    same_seed: bool = False  # redraw each panel with the seed recorded on its selected version


@dataclass(frozen=True)
class Target:
    """What an image is for: a panel (by id), a character's reference sheet (by name) or the book's cover."""

    kind: str  # "panel", "sheet" or "cover" (key "cover")
    key: str


@dataclass(frozen=True)
class Job:
    """A planned image: the request, where its result goes, and what the new version records."""

    target: Target
    request: ImageRequest
    version_prompt: str  # the prompt staleness compares against (request_prompt for panels)
    reference_names: tuple[str, ...] = ()
    parent: str | None = None  # the version refined from
    label: str = ""  # "Panel 3", "Shelly's sheet": for progress and summaries
    part: PartRedraw | None = None  # a part redraw: the result goes back through this selection


def panel_number(project: Project, panel: Panel) -> int:
    """The panel's number as people count (from 1)."""
    return panel_index(project, panel) + 1


def _aspect(project: Project, panel: Panel, settings: GenerationSettings, aspects: dict[str, float] | None) -> float:
    if settings.aspect:
        return settings.aspect
    if aspects is None:
        aspects = frame_aspects(project)
    return aspects.get(panel.id, 1.0)


def picture_size(aspect: float, settings: GenerationSettings) -> tuple[int, int]:
    """The pixel size the chosen backend draws a picture of `aspect` (width / height) at."""
    return sd_size(aspect) if settings.backend == "comfyui" else image_size(aspect, settings.model)


def for_comfyui(request: ImageRequest, settings: GenerationSettings, panel: Panel | None = None) -> ImageRequest:
    """The request with the ComfyUI workflow, steps and seed, when drawn by ComfyUI."""
    if settings.backend != "comfyui":
        return request
    options = (("workflow", settings.workflow or "sdxl"),) + ((("steps", settings.steps),) if settings.steps else ())
    seed = settings.seed
    if settings.same_seed and panel is not None and seed is None:
        seed = recorded_seed(panel)
    model = "" if settings.model == DEFAULT_MODEL else settings.model  # OpenAI's default names no checkpoint
    return replace(request, model=model, seed=seed, options=options)


_size, _comfyui = picture_size, for_comfyui  # the names this module's planners use


def recorded_seed(panel: Panel) -> int | None:
    """The seed the panel's selected picture was drawn with (ComfyUI records it), for an exact redraw."""
    selected = panel.images.selected
    seed = selected.parameters.get("seed") if selected is not None else None
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def _file_name(name: str, used: set[str]) -> str:
    stem = re.sub(r"[^\w\-]+", "_", name, flags=re.UNICODE).strip("_") or "character"
    candidate, n = f"{stem}.png", 2
    while candidate in used:
        candidate, n = f"{stem}-{n}.png", n + 1
    used.add(candidate)
    return candidate


def references_for(project: Project, cast: list[Character]) -> tuple[tuple[tuple[str, bytes], ...], tuple[str, ...]]:
    """The selected reference sheets of the characters in `cast` (at most 16), as named PNGs, and whose."""
    used: set[str] = set()
    chosen = reference_characters(project, cast)  # the same choice the request prompt names
    refs = tuple((_file_name(c.name, used), project.images.get(c.sheet.selected.sha256)) for c in chosen)  # type: ignore[union-attr]
    return refs, tuple(c.name for c in chosen)


def sketch_spec(project: Project, panel: Panel, instruction: str | None = None) -> SketchSpec:
    """What the offline renderer draws for a panel."""
    setting = effective_setting(project, panel)
    place = f"{setting.name} {setting.description}" if setting else (setting_name(project, panel) or "")
    details = active_details(project, panel)
    figures = tuple(FigureSpec(c.name, c.description, tuple(details.get(c.name, []))) for c in characters_present(project, panel))
    caption = " · ".join(filter(None, [f"Panel {panel_number(project, panel)}", setting.name if setting else None]))
    return SketchSpec(place, panel.action, panel.shot, figures, instruction, caption, panel_style(project, panel).look,
                      tuple(staged_boxes(project, panel)))


def plan_panels(project: Project, panels: list[Panel], settings: GenerationSettings) -> list[Job]:
    """The requests that draw `panels`, each shaped like its frame in the layout (laid out once for all)."""
    aspects = None if settings.aspect else frame_aspects(project)
    with continuity_scan(project):  # one pass over the panels, however many are planned
        return [plan_panel(project, panel, settings, aspects) for panel in panels]


def plan_panel(
    project: Project, panel: Panel, settings: GenerationSettings, aspects: dict[str, float] | None = None
) -> Job:
    """The request that draws `panel` (with its characters' sheets as references when they have them).

    The picture is shaped like the panel's frame in the project's layout (`aspects`, from
    `model.page.layout.frame_aspects`, when the caller has it already), so nothing is cropped away.
    """
    cast = characters_present(project, panel)
    refs, names = references_for(project, cast)
    prompt = request_prompt(project, panel)
    width, height = _size(_aspect(project, panel, settings, aspects), settings)
    request = _comfyui(ImageRequest(prompt, width, height, settings.quality, settings.model, refs, kind="panel",
                                    sketch=sketch_spec(project, panel)), settings, panel)
    if settings.backend == "comfyui":
        request = replace(request, regions=regions(project, panel))
    return Job(Target("panel", panel.id), request, prompt, names,
               label=f"Panel {panel_number(project, panel)}")


def plan_cover(project: Project, settings: GenerationSettings, aspect: float) -> Job:
    """The book's own cover picture, drawn from the script's `Cover:` block at the front cover's shape
    (`aspect`, width / height), with its characters' sheets as references."""
    if not project.cover.description.strip():
        raise BadInputError("The script has no Cover: block to draw the cover from; add one (e.g. "
                            "“Cover: Gary waves from his race car”) or choose a panel's picture with --cover PANEL.")
    probe = cover_probe(project)
    cast = characters_present(project, probe)
    refs, names = references_for(project, cast)
    prompt = cover_request_prompt(project)
    width, height = _size(aspect, settings)
    figures = tuple(FigureSpec(c.name, c.description) for c in cast)
    sketch = SketchSpec("", project.cover.description, None, figures, None, "", panel_style(project).look)
    request = _comfyui(ImageRequest(prompt, width, height, settings.quality, settings.model, refs, kind="panel",
                                    sketch=sketch), settings)
    return Job(Target("cover", "cover"), request, prompt, names, label="The cover")


def regions(project: Project, panel: Panel) -> tuple[Region, ...]:
    """The staged characters of a panel as regions, each with its own words, counted from the back."""
    texts = compose_region_prompts(project, panel)
    order = {b.name.casefold(): i for i, b in enumerate(back_to_front([b for b, _ in texts]))}
    return tuple(Region(b.name, text, b.x, b.y, b.w, b.h, order[b.name.casefold()]) for b, text in texts)


def plan_refine(project: Project, panel: Panel, instruction: str, settings: GenerationSettings,
                base_id: str | None = None) -> Job:
    """An edit of one of the panel's images following `instruction`: the version `base_id` (a turn of its
    refine thread to continue from), else the selected one. The result's parent is that image."""
    instruction = instruction.strip()
    number = panel_number(project, panel)
    if not instruction:
        raise BadInputError("Say how to refine the panel, e.g. \"make the background a night city\".")
    selected = panel.images.find(base_id) if base_id else panel.images.selected
    if base_id and selected is None:
        raise BadInputError(f"The version to continue from is no longer part of panel {number}.")
    if selected is None or selected.sha256 not in project.images:
        raise BadInputError(f"Panel {number} has no image to refine yet; generate or import one first.")
    refs, names = references_for(project, characters_present(project, panel))
    base = project.images.get(selected.sha256)
    # A diffusion workflow starts from the picture and follows a description; a service follows the instruction.
    words = compose_refine_description if settings.backend == "comfyui" else compose_refine_prompt
    request = ImageRequest(words(project, panel, instruction), selected.width, selected.height,
                           settings.quality, settings.model, refs, base_image=base, instruction=instruction,
                           kind="panel", sketch=sketch_spec(project, panel, instruction))
    if settings.backend in ("openai", "comfyui"):  # the service needs a legal size; the old image may be imported
        width, height = _size(selected.width / max(1, selected.height), settings)
        request = _comfyui(replace(request, width=width, height=height), settings, panel)
    return Job(Target("panel", panel.id), request, request_prompt(project, panel), names, selected.id,
               label=f"Panel {number}")


def plan_sheet(project: Project, character: Character, settings: GenerationSettings) -> Job:
    """A reference sheet of `character`: front, three-quarter and side views."""
    width, height = _size(SHEET_ASPECT, settings)
    prompt = compose_sheet_prompt(project, character)
    request = _comfyui(ImageRequest(prompt, width, height, settings.quality, settings.model, kind="sheet",
                                    sketch=SheetSpec(FigureSpec(character.name, character.description),
                                                     panel_style(project).look)), settings)
    return Job(Target("sheet", character.name), request, prompt, label=f"{character.name}'s reference sheet")


def _photo(project: Project, photo: ImageVersion) -> bytes:
    if photo.sha256 not in project.images:
        raise BadInputError("The photo is not stored in the project; import it again.")
    return project.images.get(photo.sha256)


def plan_photo(project: Project, panel: Panel, photo: ImageVersion, settings: GenerationSettings,
               aspects: dict[str, float] | None = None) -> Job:
    """`panel` drawn from a photo (its version `photo`) in the panel's style, keeping the composition:
    for a service an edit with the photo attached first (then the characters' sheets), offline the photo
    restyled. The picture is shaped like the panel's frame; the result's parent is the photo."""
    refs, names = references_for(project, characters_present(project, panel))
    width, height = _size(_aspect(project, panel, settings, aspects), settings)
    request = _comfyui(ImageRequest(compose_photo_prompt(project, panel), width, height, settings.quality,
                                    settings.model, refs, base_image=_photo(project, photo), kind="panel",
                                    sketch=PhotoSpec(panel_style(project, panel).look)), settings, panel)
    return Job(Target("panel", panel.id), request, request_prompt(project, panel), names, photo.id,
               label=f"Panel {panel_number(project, panel)}")


def plan_photo_sheet(project: Project, character: Character, photo: ImageVersion, settings: GenerationSettings) -> Job:
    """`character`'s reference sheet from a photo of them (its sheet version `photo`), in the project's
    style: a service draws the three views from it; offline the photo itself is restyled (its own shape)."""
    aspect = SHEET_ASPECT if settings.backend != "offline" else photo.width / max(1, photo.height)
    width, height = _size(aspect, settings)
    request = _comfyui(ImageRequest(compose_photo_sheet_prompt(project, character), width, height, settings.quality,
                                    settings.model, base_image=_photo(project, photo), kind="sheet",
                                    sketch=PhotoSpec(panel_style(project).look)), settings)
    return Job(Target("sheet", character.name), request, compose_sheet_prompt(project, character), parent=photo.id,
               label=f"{character.name}'s reference sheet")

"""The one place that writes text for an image model.

A panel's prompt carries, in order: the style, the setting's description, its scene's interior or exterior and
time of day (a screenplay's heading), the shot, each character present with its description and lasting
details, where each one stands when the panel is staged, the action, and composition guidance. Dialogue,
captions and sound effects never go in: Panelsmith typesets every word itself, so it is exact and
editable in any language. The text is deterministic, so a changed prompt means a changed panel.
"""
from __future__ import annotations

import re

from model.script.scenes import scene_conditions
from model.prompt.continuity import active_details, characters_present, setting_name, staged_boxes
from model.project.project import DEPTHS, Character, Panel, Project, StagedBox
from model.script.words import is_wide
from model.script.styles import resolve_style, style_line

# Quoted words in the action or a lasting detail are lettering that belongs to the scene (a sign, the "S" on a car).
_QUOTED = re.compile(r"“([^”]+)”|‘([^’]+)’|\"([^\"]+)\"|「([^」]+)」|『([^』]+)』|(?<!\w)'([^']+)'(?!\w)")

BALLOON_ROOM = "Leave some empty space near the top of the picture for speech balloons, which are added later."
NO_LETTERING = "Draw no speech balloons, captions, sound-effect lettering or other text"
MAX_REFERENCES = 16  # the image service takes at most 16 input images


def _sentence(text: str) -> str:
    text = text.strip()
    if not text or text[-1] in ".!?…。！？”\"'）)":
        return text
    return text + ("。" if is_wide(text[-1]) else ".")


def scene_text(texts: list[str]) -> list[str]:
    """Quoted lettering that is part of the scene, in order of appearance, each once."""
    found: list[str] = []
    for text in texts:
        for m in _QUOTED.finditer(text):
            quote = next(g for g in m.groups() if g is not None).strip()
            if quote and quote not in found:
                found.append(quote)
    return found


def _character_text(character: Character, details: list[str]) -> str:
    text = character.name
    if character.description:
        text += f" ({character.description.strip().rstrip('.。')})"
    if details:
        text += "; now: " + "; ".join(d.rstrip(".。") for d in details)
    return text


def _guidance(scene_words: list[str]) -> str:
    if scene_words:
        allowed = ", ".join(f"“{w}”" for w in scene_words)
        return f"{BALLOON_ROOM} {NO_LETTERING}, except lettering that is part of the scene itself: {allowed}."
    return f"{BALLOON_ROOM} {NO_LETTERING}; only signs or writing the action describes may appear."


def _style_text(line: str) -> str:
    """A style line for the model: a named preset becomes its description, free words follow as written."""
    resolved = resolve_style(line)
    if resolved.preset is None:
        return _sentence(line)
    return _sentence(resolved.preset.prompt + (f"; {resolved.free_text}" if resolved.free_text else ""))


def compose_prompt(project: Project, panel: Panel) -> str:
    """The exact text sent to the image model for a panel (never its dialogue, captions or SFX)."""
    parts: list[str] = []
    if style := style_line(project, panel):
        parts.append(f"Style: {_style_text(style)}")
    name = setting_name(project, panel)
    if name:
        setting = project.setting_named(name)
        described = setting.description.strip() if setting else ""
        parts.append(f"Setting: {setting.name if setting else name}" + (f" — {_sentence(described)}" if described else "."))
    if panel.scene and (conditions := scene_conditions(panel.scene)):
        parts.append(f"Scene: {conditions}.")  # a screenplay's INT/EXT and DAY/NIGHT
    if panel.shot:
        parts.append(f"Shot: {panel.shot}.")
    cast = characters_present(project, panel)
    details = active_details(project, panel)
    if cast:
        people = [_character_text(c, details.get(c.name, [])) for c in cast]
        parts.append("Characters: " + "; ".join(f"{i}. {p}" for i, p in enumerate(people, start=1)) + ".")
    if staging := _staging_text(project, panel):
        parts.append(staging)
    if panel.action.strip():
        parts.append(f"Action: {_sentence(panel.action)}")
    lettering = [panel.action] + [d for c in cast for d in details.get(c.name, [])]
    parts.append(f"Composition: {_guidance(scene_text(lettering))}")
    return "\n".join(parts)


def _nearest_first(boxes: list[StagedBox]) -> list[StagedBox]:
    return sorted(boxes, key=lambda b: (DEPTHS.index(b.depth) if b.depth in DEPTHS else 1, b.y + b.h), reverse=True)


def composition_words(box: StagedBox) -> str:
    """Where a staged box stands, in plain composition words: "on the left, in the foreground, …"."""
    cx = box.x + box.w / 2
    if cx < 0.2:
        where = "at the far left"
    elif cx < 0.4:
        where = "on the left"
    elif cx <= 0.6:
        where = "in the centre"
    elif cx <= 0.8:
        where = "on the right"
    else:
        where = "at the far right"
    parts = [where]
    if box.depth == "near":
        parts.append("in the foreground, close to the camera")
    elif box.depth == "far":
        parts.append("in the background, farther away")
    area = box.w * box.h
    if area >= 0.3 or box.h >= 0.85:
        parts.append("large in the frame")
    elif area <= 0.04 or box.h <= 0.3:
        parts.append("small in the frame")
    if box.y + box.h < 0.55:
        parts.append("high up in the picture")
    across = round(box.w * 100 / 5) * 5
    parts.append(f"taking about {max(5, across)}% of the picture's width")
    return ", ".join(parts)


def _staging_text(project: Project, panel: Panel) -> str:
    """Where each staged character (and prop) stands, in plain composition words, left to right."""
    boxes = sorted(staged_boxes(project, panel), key=lambda b: b.x + b.w / 2)
    if not boxes:
        return ""
    said = [f"{'the ' if b.prop else ''}{b.name} {'is' if b.prop else 'stands'} {composition_words(b)}" for b in boxes]
    people = [b for b in boxes if not b.prop]
    front = _nearest_first(people)
    overlap = f" Where they overlap, {front[0].name} is in front." if len(people) > 1 and _overlapping(people) else ""
    return f"Staging: {'; '.join(said)}.{overlap}"


def _overlapping(boxes: list[StagedBox]) -> bool:
    return any(a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h
               for i, a in enumerate(boxes) for b in boxes[i + 1:])


def compose_region_prompts(project: Project, panel: Panel) -> list[tuple[StagedBox, str]]:
    """Each staged box with the words for what stands in it (the style, then the character with its
    description and lasting details, or the prop), for a backend that draws regions separately."""
    style = style_line(project, panel)
    lead = f"{_style_text(style)} " if style else ""
    details = active_details(project, panel)
    out = []
    for box in staged_boxes(project, panel):
        character = None if box.prop else project.character(box.name)
        if character is not None:
            what = _character_text(character, details.get(character.name, []))
        else:
            what = f"the {box.name}"
        out.append((box, f"{lead}{what}, {composition_words(box)}."))
    return out


def compose_reference_prompt(project: Project, panel: Panel, reference_names: list[str]) -> str:
    """The panel prompt plus which attached reference image shows which character."""
    prompt = compose_prompt(project, panel)
    if not reference_names:
        return prompt
    said = "; ".join(f"reference image {i} shows {name}" for i, name in enumerate(reference_names, start=1))
    return (f"{prompt}\nReferences: {said[0].upper()}{said[1:]}. Draw each of them looking exactly as in "
            "their reference image (face, colours, clothes), in this panel's pose and composition.")


def reference_characters(project: Project, cast: list[Character]) -> list[Character]:
    """The characters of `cast` whose selected reference sheet is stored, in order, at most 16: the
    references a panel's request attaches (planning) and names in its prompt (here)."""
    found: list[Character] = []
    for character in cast:
        version = character.sheet.selected
        if version is not None and version.sha256 in project.images:
            found.append(character)
            if len(found) >= MAX_REFERENCES:
                break
    return found


def request_prompt(project: Project, panel: Panel) -> str:
    """The exact prompt a panel's image request carries: `compose_prompt`, plus which attached reference
    sheet shows whom once its characters have sheets. Staleness and `panelsmith prompts` use this too."""
    names = [c.name for c in reference_characters(project, characters_present(project, panel))]
    return compose_reference_prompt(project, panel, names)


def compose_sheet_prompt(project: Project, character: Character) -> str:
    """A character reference sheet: the same character from the front, three-quarter and side."""
    parts = []
    if style := style_line(project):
        parts.append(f"Style: {_style_text(style)}")
    about = f" — {_sentence(character.description)}" if character.description.strip() else "."
    parts.append(f"Character reference sheet of {character.name}{about}")
    parts.append(f"Show {character.name} three times side by side, full figure: a front view, a "
                 "three-quarter view and a side view, with identical proportions, colours and clothes "
                 "in each view, evenly lit on a plain light background.")
    parts.append("Draw no text, labels, captions or arrows.")
    return "\n".join(parts)


COVER_ROOM = ("A book's front cover picture. Keep the top quarter calm and uncluttered for the title and the "
              "bottom eighth for the author's name, which are added later; keep the main subject in the middle.")


def cover_probe(project: Project) -> Panel:
    """The cover's description as a panel-shaped probe, so the cast is found the way a panel's is."""
    return Panel(id="cover", action=project.cover.description)


def compose_cover_prompt(project: Project, reference_names: list[str] | None = None) -> str:
    """The exact text sent to the image model for the book's own cover picture (the script's `Cover:` block)."""
    probe = cover_probe(project)
    parts: list[str] = []
    if style := style_line(project):
        parts.append(f"Style: {_style_text(style)}")
    cast = characters_present(project, probe)
    if cast:
        people = [_character_text(c, []) for c in cast]
        parts.append("Characters: " + "; ".join(f"{i}. {p}" for i, p in enumerate(people, start=1)) + ".")
    parts.append(f"Cover: {_sentence(project.cover.description)}")
    words = scene_text([project.cover.description])
    lettering = (f"{NO_LETTERING}, except lettering that is part of the scene itself: " + ", ".join(f"“{w}”" for w in words) + "."
                 if words else f"{NO_LETTERING}: no title, no author's name.")
    parts.append(f"Composition: {COVER_ROOM} {lettering}")
    if reference_names:
        said = "; ".join(f"reference image {i} shows {name}" for i, name in enumerate(reference_names, start=1))
        parts.append(f"References: {said[0].upper()}{said[1:]}. Draw each of them looking exactly as in their "
                     "reference image (face, colours, clothes).")
    return "\n".join(parts)


def cover_request_prompt(project: Project) -> str:
    """The prompt a cover request carries (with its characters' sheets named), which staleness compares against."""
    names = [c.name for c in reference_characters(project, characters_present(project, cover_probe(project)))]
    return compose_cover_prompt(project, names)


def compose_refine_prompt(project: Project, panel: Panel, instruction: str) -> str:
    """An edit of the selected panel image: apply the instruction, keep everything else."""
    return (f"Edit the given image: {_sentence(instruction)}\n"
            "Keep the composition, camera, characters and their appearance exactly as they are; "
            "change only what the instruction asks.\n"
            f"The panel, for context:\n{compose_prompt(project, panel)}")


# Refinement words as a diffusion text encoder can use them: what the picture has, not what to do.
_ADDING = re.compile(r"^(?:please\s+)?(?:add|put|include|give\s+(?:it|him|her|them))\s+", re.IGNORECASE)
_REMOVING = re.compile(r"^(?:please\s+)?(?:remove|delete|take\s+away|get\s+rid\s+of|erase)\s+", re.IGNORECASE)
_MAKING = re.compile(r"^(?:please\s+)?(?:make|turn|change|set|paint|colou?r)\s+", re.IGNORECASE)
_INTO = re.compile(r"\s+(?:into|to)\s+", re.IGNORECASE)


def refinement_as_description(instruction: str) -> str:
    """`instruction` ("make the background a night city") as a phrase describing the result ("with the
    background a night city"), for image-to-image models that follow descriptions, not commands."""
    words = " ".join(instruction.split()).rstrip(".!。！")
    if _ADDING.match(words):
        return f"with {_ADDING.sub('', words)}"
    if _REMOVING.match(words):
        return f"without {_REMOVING.sub('', words)}"
    if _MAKING.match(words):
        rest = _INTO.sub(" ", _MAKING.sub("", words), count=1)
        whole = re.match(r"(?:it|this|everything|the (?:whole )?(?:picture|panel|scene))\s+(.+)", rest, re.IGNORECASE)
        return whole.group(1) if whole else f"with {rest}"  # "make it night": the whole picture is night
    return words


def compose_refine_description(project: Project, panel: Panel, instruction: str) -> str:
    """A refinement for an image-to-image diffusion workflow: the panel's whole prompt, with the change
    folded in as part of the description (the starting picture itself keeps the composition)."""
    change = refinement_as_description(instruction)
    if change[:1].isascii():
        change = change[:1].upper() + change[1:]
    return f"{request_prompt(project, panel)}\n{_sentence(change)}"


def compose_part_prompt(project: Project, panel: Panel, instruction: str) -> str:
    """A part redraw: the attached image is a crop of the panel and the mask's transparent area is the
    part to redraw following the instruction, blended into the picture around it."""
    return (f"Redraw only the masked part of the given image: {_sentence(instruction)}\n"
            "The image is a crop of a comic panel; match its style, lighting and line work so the new part "
            "blends into the picture around it, and leave everything outside the mask as it is.\n"
            f"The panel, for context:\n{compose_prompt(project, panel)}")


def compose_drawing_prompt(project: Project, panel: Panel, instruction: str = "") -> str:
    """A panel drawn from the user's own drawing (attached first): the drawing is the composition."""
    extra = f"Also: {_sentence(instruction)}\n" if instruction.strip() else ""
    return ("Turn the first attached image, a rough drawing, into this finished comic panel. The drawing is the "
            "composition: keep where everything stands, the poses, the framing and the shapes it draws, and "
            "finish it in the style below as the characters and setting described.\n"
            f"{extra}{request_prompt(project, panel)}")


def compose_photo_prompt(project: Project, panel: Panel) -> str:
    """A panel redrawn from a photo (attached first, the characters' reference sheets after it): the
    photo's composition kept, everything drawn as this panel's characters and setting in its style."""
    return ("Redraw the first attached image, a photo, as this comic panel. Keep the photo's composition: "
            "the camera angle, the framing, where each person and object stands and their poses, and the "
            "layout of the place. Draw everything in the style below, as the characters and setting described "
            "(the other attached images, if any, are the reference images named below, in order).\n"
            f"{request_prompt(project, panel)}")


def compose_photo_sheet_prompt(project: Project, character: Character) -> str:
    """A character's reference sheet drawn from a photo of them (attached): recognisable, in the style."""
    return (f"The attached photo shows who {character.name} is: keep their face, build, hair, colouring and "
            "clothes recognisable, but draw them in the style below, not as a photo.\n"
            f"{compose_sheet_prompt(project, character)}")

"""The one place that writes text for an image model.

A panel's prompt carries, in order: the style, the setting's description, its scene's interior or exterior and
time of day (a screenplay's heading), the shot, each character
present with its description and lasting details, the action, and composition guidance. Dialogue,
captions and sound effects never go in: Panelsmith typesets every word itself, so it is exact and
editable in any language. The text is deterministic, so a changed prompt means a changed panel.
"""
from __future__ import annotations

import re

from model.project.scenes import scene_conditions
from model.prompt.continuity import active_details, characters_present, setting_name
from model.project.project import Character, Panel, Project
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
    if panel.action.strip():
        parts.append(f"Action: {_sentence(panel.action)}")
    lettering = [panel.action] + [d for c in cast for d in details.get(c.name, [])]
    parts.append(f"Composition: {_guidance(scene_text(lettering))}")
    return "\n".join(parts)


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


def compose_refine_prompt(project: Project, panel: Panel, instruction: str) -> str:
    """An edit of the selected panel image: apply the instruction, keep everything else."""
    return (f"Edit the given image: {_sentence(instruction)}\n"
            "Keep the composition, camera, characters and their appearance exactly as they are; "
            "change only what the instruction asks.\n"
            f"The panel, for context:\n{compose_prompt(project, panel)}")


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

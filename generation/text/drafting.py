"""Drafting a script from an idea or a story: what the text model is told, and reading the prose it is given.

`draft_script` asks a `TextModel` for a `model.script.draft.ScriptDraft` and returns Panel Script text that
parses cleanly (`model.script.draft.script_from_draft`). The command line (`panelsmith draft`) and the app's
File ▸ New from idea… both come here.
"""
from __future__ import annotations

from pathlib import Path

from generation.text.textmodel import TextModel
from model.script.draft import ScriptDraft, script_from_draft
from model.errors import BadInputError
from model.project.project import LAYOUTS, SHOTS, Project
from model.textfile import read_capped

MAX_PROSE_BYTES = 1024 * 1024  # a novella; more than one request can sensibly turn into panels
MAX_PANELS = 64
DRAFT_LANGUAGES = {"en": "English", "zh": "Simplified Chinese (简体中文)"}
_LAYOUT_HINTS = {
    "strip": "a comic strip, usually 3 to 6 panels in a row",
    "grid": "a comic page of panels in a grid",
    "vertical": "a vertical scrolling comic (webtoon)",
    "book": "a children's picture book: one picture per page, with a few short sentences of caption per page",
    "storyboard": "a film storyboard: one shot per panel, camera-minded shot choices",
}


def draft_instructions(language: str, layout: str, panels: int | None) -> str:
    """The instructions a draft request carries (the idea or story itself is the request's input)."""
    count = (f"exactly {panels} panels" if panels else "as many panels as the story needs (usually 4 to 16)")
    if layout == "book" and panels:
        count += f" (one panel per page, so {panels} pages)"
    return "\n".join([
        "You turn an idea, a story or a chat answer into a script for an illustrated comic, drawn panel by panel.",
        f"Write every word of the script (title, descriptions, actions, dialogue, captions) in {DRAFT_LANGUAGES[language]}.",
        f"The format is {_LAYOUT_HINTS[layout]}; set layout to \"{layout}\". Draft {count}.",
        "If the input is already a story, keep its events, order and best words; otherwise invent a simple, "
        "complete story with a beginning, a middle and an end, suited to the audience the input names.",
        "style: one phrase describing the art style of every picture.",
        "characters: every character who appears, with a short name (at most three words, or eight Chinese "
        "characters) and a visual description (species or age, build, colours, clothes, distinctive marks) "
        "that stays true in every picture; it is repeated to the illustrator for each panel, so be concrete.",
        "settings: every place, with a short name and a visual description.",
        f"panels: for each, a shot (one of: {', '.join(SHOTS)}), the name of its setting, and the action: "
        "what the picture shows, in one or two sentences, with no dialogue in it.",
        "lines: speech, thought, whisper or shout have the speaking character's name exactly as declared; "
        "caption (narration) and sfx (a sound effect) have an empty speaker. Keep each line short enough for "
        "a speech balloon; a panel may have no lines.",
        "details: when the story changes how a character looks from a panel on (puts on a hat, gets wet, is "
        "painted), add a detail in that panel; when it stops, remove it in a later panel with exactly the same "
        "words. Do not use details for things that are already in the character's description.",
        "Plain text only: no Markdown, no numbering, no line breaks inside a field.",
    ])


def draft_script(
    idea: str,
    text_model: TextModel,
    language: str = "en",
    layout: str | None = "book",
    panels: int | None = 8,
) -> tuple[str, Project]:
    """A Panel Script (and the project it parses to) drafted from `idea` (an idea, a story or a chat
    answer). Raises `BadInputError` for an empty or oversized idea or a bad option, a `GenerationError`
    when the request fails, `model.script.draft.DraftError` when the answer cannot be made into a clean script.
    """
    idea = idea.strip()
    if not idea:
        raise BadInputError("Write an idea or paste a story to draft a script from.")
    if len(idea.encode("utf-8")) > MAX_PROSE_BYTES:
        raise BadInputError(f"The text to draft from is larger than {MAX_PROSE_BYTES // 1024 // 1024} MB; use a shorter story.")
    check_draft_options(language, layout, panels)
    instructions = draft_instructions(language, layout or "book", panels)
    draft = text_model.parse(instructions=instructions, input=idea, schema=ScriptDraft)
    return script_from_draft(draft, language=language, layout=layout)


def check_draft_options(language: str, layout: str | None, panels: int | None) -> None:
    """`BadInputError` for a language, layout or panel count a draft cannot have (before any request)."""
    if language not in DRAFT_LANGUAGES:
        raise BadInputError(f"Drafts can be written in {' or '.join(DRAFT_LANGUAGES)}, not {language!r}.")
    if layout is not None and layout not in LAYOUTS:
        raise BadInputError(f"unknown layout {layout!r}; use {', '.join(LAYOUTS)}.")
    if panels is not None and not 1 <= panels <= MAX_PANELS:
        raise BadInputError(f"A draft can have 1 to {MAX_PANELS} panels, not {panels}.")


def read_prose(path: str | Path) -> str:
    """The text of a story file to draft from: UTF-8 text of at most 1 MB, or `BadInputError` saying why not."""
    path = Path(path)
    data = read_capped(path, MAX_PROSE_BYTES, BadInputError, "a text file")
    if len(data) > MAX_PROSE_BYTES:
        raise BadInputError(f"{path} is larger than 1 MB; draft from a shorter story (or one chapter at a time).")
    if b"\x00" in data:
        raise BadInputError(f"{path} is not a text file; give a UTF-8 text file with the story.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInputError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from None
    if not text.strip():
        raise BadInputError(f"{path} is empty; write the story in it first.")
    return text

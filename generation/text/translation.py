"""Translating a project's words into an edition with the text model: one request per chunk of lines.

Lines go in chunks of at most CHUNK_LINES, whole panels at a time (a panel's action rides along as
context, so "Look!" is translated knowing what is seen), and come back as structured output checked
line by line. Nothing is applied until every chunk has answered: `translate_project` returns the new
`Edition` and the caller stores it, so a failure halfway leaves the project as it was.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Callable, Protocol, TypeVar

from pydantic import BaseModel

from generation.errors import CancelledError, ServiceError
from model.project.editions import Edition, LineKey, keys_of, with_translations
from model.errors import BadInputError
from model.language import UNDETERMINED, check_language_code, detect_language, language_name
from model.project.project import Project

CHUNK_LINES = 60  # a 32-page book (about a hundred lines) is two requests; a chunk stays well inside any context window

T = TypeVar("T", bound=BaseModel)


class TextModelLike(Protocol):
    def parse(self, *, instructions: str, input: str, schema: type[T]) -> T: ...


class TranslatedLine(BaseModel):
    id: str
    text: str


class TranslationAnswer(BaseModel):
    """The structured output asked of the text model for one chunk."""

    source_language: str  # ISO 639-1 code of the original words, as the model reads them
    lines: list[TranslatedLine]


@dataclass(frozen=True)
class Chunk:
    keys: tuple[LineKey, ...]
    payload: str  # the request's input: the chunk's panels and lines as JSON


@dataclass(frozen=True)
class TranslationPlan:
    language: str
    source_language: str  # detected from the script ("und" when it cannot tell)
    chunks: tuple[Chunk, ...]
    total: int  # every line (and the title) the edition covers
    kept_by_hand: int  # hand-corrected lines left alone (not sent)
    already: int  # machine-translated lines not sent again

    @property
    def lines(self) -> int:
        return sum(len(c.keys) for c in self.chunks)


INSTRUCTIONS = """You translate the lettering of a comic or picture book into {target}.
The input is JSON: the book's title and style, then panels, each with its action (what the picture shows; context only,
never translate it) and the lines lettered on it. Each line has an id, a kind (speech, thought, whisper, shout,
caption, sfx; title for the book's title; name for a speaker's name or label), maybe a speaker, and the
original text{source}. Translate or transliterate a name as {target}'s readers would say it.
Translate every line's text into {target} so a native reader of the age the style suggests reads it naturally:
keep each speaker's voice and the kind (a shout stays loud, a whisper quiet, a caption is narration), turn sound
effects into {target}'s own onomatopoeia, keep names consistent, and use {target}'s own punctuation and quotation marks.
Keep a line short enough for its balloon. Answer with every id exactly once, and source_language as the ISO 639-1
code of the original text."""


def _payload(project: Project, language: str, keys: list[LineKey]) -> str:
    numbers = {p.id: i for i, p in enumerate(project.panels, start=1)}
    actions = {p.id: p.action for p in project.panels}
    panels: list[dict] = []
    for n, key in enumerate(keys, start=1):
        if not panels or panels[-1]["_id"] != key.panel:
            if key.panel:
                panels.append({"_id": key.panel, "panel": numbers.get(key.panel, 0), "action": actions.get(key.panel, ""), "lines": []})
            else:
                panels.append({"_id": "", "panel": 0, "action": "The cover's title and the speakers' names.", "lines": []})
        item = {"id": f"L{n}", "kind": key.kind, "text": key.source}
        if key.speaker:
            item["speaker"] = key.speaker
        panels[-1]["lines"].append(item)
    for panel in panels:
        del panel["_id"]
    document = {"title": project.title, "style": project.style, "translate_into": language, "panels": panels}
    return json.dumps(document, ensure_ascii=False, indent=1)


def _chunks(keys: list[LineKey], size: int) -> list[list[LineKey]]:
    """Whole panels per chunk where they fit, the chunks about equally full; a panel longer than a chunk is split."""
    groups: list[list[LineKey]] = []
    for key in keys:
        if groups and groups[-1][-1].panel == key.panel:
            groups[-1].append(key)
        else:
            groups.append([key])

    def pack(limit: int) -> list[list[LineKey]]:
        chunks: list[list[LineKey]] = []
        for group in groups:
            if chunks and len(chunks[-1]) + len(group) <= limit:
                chunks[-1].extend(group)
            else:
                chunks += [group[start:start + size] for start in range(0, len(group), size)]
        return chunks

    fewest = pack(size)
    for limit in range(math.ceil(len(keys) / max(1, len(fewest))), size):  # 62 lines: 31 + 31, not 60 + 2
        even = pack(limit)
        if len(even) == len(fewest):
            return even
    return fewest


def plan_translation(project: Project, language: str, force: bool = False, chunk_lines: int = CHUNK_LINES) -> TranslationPlan:
    """Which lines go to the text model, in which requests. Hand edits and lines already translated stay
    out unless `force`; translating into the script's own language is bad input."""
    language = check_language_code(language)
    source = detect_language([project.title] + [ln.text for p in project.panels for ln in p.lines])
    if source == language.split("-")[0] and language != "zh-Hant":
        raise BadInputError(f"The script is already in {language_name(source)}; translate it into another language.")
    edition = project.editions.get(language) or Edition(language)
    keys = keys_of(project)
    if not keys:
        raise BadInputError("The project has no words to translate: no title and no lines.")
    kept = already = 0
    todo: list[LineKey] = []
    for key in keys:
        current = edition.lines.get(key)
        if current is None or force:
            todo.append(key)
        elif current.hand_edited:
            kept += 1
        else:
            already += 1
    chunks = tuple(Chunk(tuple(c), _payload(project, language, c)) for c in _chunks(todo, chunk_lines))
    return TranslationPlan(language, source, chunks, len(keys), kept, already)


def _read_answer(answer: TranslationAnswer, chunk: Chunk, number: int, count: int) -> dict[LineKey, str]:
    ids = {f"L{n}": key for n, key in enumerate(chunk.keys, start=1)}
    got: dict[LineKey, str] = {}
    for line in answer.lines:
        key = ids.get(line.id)
        part = f"The text model's answer to part {number} of {count}"
        if key is None:
            raise ServiceError(f"{part} names a line it was not asked for ({line.id[:20]!r}); try again.")
        if key in got:
            raise ServiceError(f"{part} translates line {line.id[:20]!r} twice; try again.")
        if not line.text.strip():
            raise ServiceError(f"{part} left line {line.id[:20]!r} empty; try again.")
        got[key] = line.text.strip()
    if len(got) != len(ids):
        raise ServiceError(f"The text model's answer to part {number} of {count} left out {len(ids) - len(got)} of its {len(ids)} lines.")
    return got


def translate_project(project: Project, plan: TranslationPlan, text_model: TextModelLike,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> Edition:
    """The edition after sending every chunk of `plan`; raises (GenerationError family) on the first failure,
    having changed nothing. `project` is only read."""
    target = language_name(plan.language)
    source = "" if plan.source_language == UNDETERMINED else f" (in {language_name(plan.source_language)})"
    instructions = INSTRUCTIONS.format(target=f"{target} ({plan.language})" if target != plan.language else plan.language,
                                       source=source)
    translated: dict[LineKey, str] = {}
    answered_source = ""
    count = len(plan.chunks)
    for number, chunk in enumerate(plan.chunks, start=1):
        if cancelled is not None and cancelled():
            raise CancelledError("Translating was cancelled; the edition was left as it was.")
        answer = text_model.parse(instructions=instructions, input=chunk.payload, schema=TranslationAnswer)
        translated.update(_read_answer(answer, chunk, number, count))
        answered_source = answered_source or answer.source_language.strip()[:12]
        if progress is not None:
            progress(number, count)
    if cancelled is not None and cancelled():  # cancelled while the last answer was on its way
        raise CancelledError("Translating was cancelled; the edition was left as it was.")
    edition = project.editions.get(plan.language) or Edition(plan.language)
    source_language = plan.source_language if plan.source_language != UNDETERMINED else answered_source
    return with_translations(edition, translated, getattr(text_model, "model", None), source_language,
                             keep=set(keys_of(project)))

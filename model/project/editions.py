"""Translated editions: the same panels and pictures with every word in another language.

A project holds the original (its script) plus any number of editions, one per language code. An edition
maps each of the original's words (every line of every panel, and the title) to its translation, and
remembers which translations a person corrected by hand, so a later machine translation keeps them.
`apply_edition` gives the copy of a project that layout and export draw: the same panels, pictures and
balloon placements, with the edition's words (the original's where a line is not translated yet).
"""
from __future__ import annotations

from dataclasses import replace

from model.errors import BadInputError
from model.mentions import mention_spans
from model.project.project import Edition, Line, LineKey, Panel, Project, Translation, now_iso

ORIGINAL = "original"  # what `--edition` and the app call the script's own words


def title_key(project: Project) -> LineKey:
    return LineKey("", "title", "", project.title)


def line_key(panel: Panel, line: Line) -> LineKey:
    return LineKey(panel.id, line.kind, line.speaker or "", line.text)


def name_key(speaker: str) -> LineKey:
    return LineKey("", "name", "", speaker)


def keys_of(project: Project) -> list[LineKey]:
    """Every piece of the original that an edition translates, once each: the title, the speakers' names,
    then every line in reading order."""
    keys = [title_key(project)] if project.title.strip() else []
    keys += [name_key(line.speaker) for p in project.panels for line in p.lines if line.speaker and line.text.strip()]
    for panel in project.panels:
        keys += [line_key(panel, line) for line in panel.lines if line.text.strip()]
    return list(dict.fromkeys(keys))


def untranslated(project: Project, edition: Edition) -> list[LineKey]:
    """The original's words this edition has no translation for yet (lines added since, edited, or never sent)."""
    return [k for k in keys_of(project) if k not in edition.lines]


def current_lines(project: Project, edition: Edition) -> dict[LineKey, Translation]:
    """The edition's translations of words the script still has. Translations of lines since removed or
    reworded stay in memory (an undo brings their line back) but are not written to the file, so an edition
    never outgrows its script."""
    keys = set(keys_of(project))
    return {key: translation for key, translation in edition.lines.items() if key in keys}


def edition_names(project: Project) -> list[str]:
    return [ORIGINAL] + sorted(project.editions)


def find_edition(project: Project, language: str | None) -> Edition | None:
    """The edition named `language` (None or "original": the script's own words); one sentence otherwise."""
    if language is None or language == ORIGINAL:
        return None
    edition = project.editions.get(language)
    if edition is None:
        raise BadInputError(f"There is no {language!r} edition; this project has: {', '.join(edition_names(project))}.")
    return edition


def apply_edition(project: Project, language: str | None) -> Project:
    """A copy of `project` whose title, lines and speakers' names are the edition's words (the original's
    where untranslated).

    Panels keep their ids, pictures and balloon placements (by line index, which this keeps); the image
    store is shared, the project itself is left untouched. The original edition returns `project` as it is.
    """
    edition = find_edition(project, language)
    if edition is None:
        return project
    words = edition.lines
    names = _names(project, edition)

    def worded(panel: Panel) -> Panel:
        lines = []
        for line in panel.lines:
            found = words.get(line_key(panel, line))
            text = found.text if found and found.text.strip() else line.text
            speaker = names.get(line.speaker.casefold(), line.speaker) if line.speaker else line.speaker
            lines.append(replace(line, text=text, speaker=speaker))
        details = [replace(d, character=names.get(d.character.casefold(), d.character)) for d in panel.details]
        staging = [replace(b, name=names.get(b.name.casefold(), b.name)) for b in panel.staging]  # boxes follow names
        return replace(panel, lines=lines, details=details, action=_renamed(panel.action, project, names), staging=staging)

    found = words.get(title_key(project))
    title = found.text if found and found.text.strip() else project.title
    characters = [replace(c, name=names.get(c.name.casefold(), c.name)) for c in project.characters]
    return replace(project, title=title, characters=characters, panels=[worded(p) for p in project.panels], editions={})


def _names(project: Project, edition: Edition) -> dict[str, str]:
    """Translated speaker names by their casefolded original. A name is renamed everywhere (characters,
    speakers, mentions in the action) so each balloon's tail still finds its speaker; names that would
    collide with each other or with another character keep their original."""
    names: dict[str, str] = {}
    for key, translation in edition.lines.items():
        if key.kind == "name" and translation.text.strip() and key.source.strip():
            names[key.source.casefold()] = translation.text.strip()
    originals = {c.name.casefold() for c in project.characters} | set(names)
    seen: dict[str, int] = {}
    for new in names.values():
        seen[new.casefold()] = seen.get(new.casefold(), 0) + 1
    return {old: new for old, new in names.items()
            if seen[new.casefold()] == 1 and (new.casefold() == old or new.casefold() not in originals)}


def _renamed(action: str, project: Project, names: dict[str, str]) -> str:
    """The action with each character's mentions renamed (longer names claim their text first, as
    model.prompt.continuity reads them), so the order the characters are named in, hence their places, holds."""

    if not names:
        return action
    claimed: list[tuple[int, int, str]] = []
    for character in sorted(project.characters, key=lambda c: -len(c.name)):
        for a, b in mention_spans(character.name, action):
            if not any(ca <= a and b <= cb for ca, cb, _new in claimed):
                claimed.append((a, b, names.get(character.name.casefold(), action[a:b])))
    out, last = [], 0
    for a, b, new in sorted(claimed):
        if a < last:
            continue
        before, after = action[a - 1: a], action[b: b + 1]
        # A Latin name beside CJK text needs spaces, or it would no longer read as a whole word.
        pad_l = " " if before.isalnum() and new[:1].isalnum() else ""
        pad_r = " " if after.isalnum() and new[-1:].isalnum() else ""
        out += [action[last:a], pad_l, new, pad_r]
        last = b
    out.append(action[last:])
    return "".join(out)


def with_translations(edition: Edition, translated: dict[LineKey, str], model: str | None,
                      source_language: str, keep: set[LineKey] | None = None) -> Edition:
    """A new edition holding `translated` (machine translations) over `edition`'s, hand edits kept unless
    the caller asked for them; entries not in `keep` (lines gone from the script) are dropped."""
    lines = {k: t for k, t in edition.lines.items() if keep is None or k in keep}
    for key, text in translated.items():
        lines[key] = Translation(text, hand_edited=False)
    return Edition(edition.language, lines, source_language or edition.source_language, model or edition.model)


def with_hand_edit(edition: Edition, key: LineKey, text: str | None) -> Edition:
    """A new edition with one line corrected by hand (`text` None removes its translation)."""
    lines = dict(edition.lines)
    if text is None:
        lines.pop(key, None)
    else:
        lines[key] = Translation(text, hand_edited=True)
    return replace(edition, lines=lines, updated=now_iso())


def edition_summary(project: Project, edition: Edition) -> dict[str, object]:
    """How far an edition is: its language, lines translated, untranslated and corrected by hand."""
    keys = keys_of(project)
    done = [edition.lines[k] for k in keys if k in edition.lines]
    return {"language": edition.language, "translated": len(done), "untranslated": len(keys) - len(done),
            "hand_edited": sum(1 for t in done if t.hand_edited)}

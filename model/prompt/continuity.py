"""What carries forward from panel to panel: the setting, the cast and their lasting details.

A single call walks the panel list instead of caching, because the UI edits panels in place and a stale
cache would put the wrong description into a prompt. Code that asks about every panel in turn (the
`prompts` and `info` commands, planning a whole generation run, the board's statuses) wraps the loop in
`continuity_scan(project)`: inside it the walk is made once, in one pass, so asking about n panels costs
O(n) rather than O(n²). Nothing may edit the project inside a scan.
"""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

from model.project.project import Character, Panel, Project, Setting, StagedBox
from model.mentions import mention_spans


@dataclass(frozen=True)
class _Walk:
    """One pass over a project's panels: each panel's place, setting in force and lasting details."""

    project: Project
    positions: dict[int, int]  # id(panel) -> index
    settings: list[str | None]
    details: list[dict[str, list[str]]]  # shared between the panels between two changes: never mutated

    @classmethod
    def of(cls, project: Project) -> "_Walk":
        positions: dict[int, int] = {}
        settings: list[str | None] = []
        details: list[dict[str, list[str]]] = []
        setting: str | None = None
        active: dict[str, list[str]] = {}
        shown: dict[str, list[str]] = {}
        for index, panel in enumerate(project.panels):
            positions.setdefault(id(panel), index)
            setting = panel.setting or setting
            settings.append(setting)
            if panel.details:
                _apply_details(project, panel, active)
                shown = {name: list(kept) for name, kept in active.items() if kept}
            details.append(shown)
        return cls(project, positions, settings, details)

    def index(self, panel: Panel) -> int:
        found = self.positions.get(id(panel))
        if found is None:
            return _index(self.project, panel)  # a copy of a panel, found by its id
        return found


_SCAN: ContextVar[_Walk | None] = ContextVar("continuity_scan", default=None)


@contextlib.contextmanager
def continuity_scan(project: Project) -> Iterator[None]:
    """Within this block, continuity questions about `project` are answered from one pass over its panels.

    For loops over every panel; the project must not be edited inside the block (it is read-only there)."""
    current = _SCAN.get()
    if current is not None and current.project is project:
        yield  # already scanning this project (a nested caller)
        return
    token = _SCAN.set(_Walk.of(project))
    try:
        yield
    finally:
        _SCAN.reset(token)


def _walk(project: Project) -> _Walk | None:
    current = _SCAN.get()
    return current if current is not None and current.project is project else None


def _index(project: Project, panel: Panel) -> int:
    # By identity: dataclass equality would compare every field of every panel.
    for i, candidate in enumerate(project.panels):
        if candidate is panel:
            return i
    for i, candidate in enumerate(project.panels):
        if candidate.id == panel.id:
            return i
    raise ValueError(f"panel {panel.id} is not part of this project")


def panel_index(project: Project, panel: Panel) -> int:
    """Where `panel` stands in the project (0-based), by identity, else by id; O(1) inside a scan."""
    walk = _walk(project)
    return walk.index(panel) if walk is not None else _index(project, panel)


def setting_name(project: Project, panel: Panel) -> str | None:
    """The setting name in force for a panel: its own `@`, else the nearest earlier panel's."""
    if panel.setting:
        return panel.setting
    if (walk := _walk(project)) is not None:
        return walk.settings[walk.index(panel)]
    for earlier in reversed(project.panels[: _index(project, panel)]):
        if earlier.setting:
            return earlier.setting
    return None


def effective_setting(project: Project, panel: Panel) -> Setting | None:
    """The declared Setting a panel takes place in (a panel without `@` continues the previous one's)."""
    name = setting_name(project, panel)
    return project.setting_named(name) if name else None


def _named_in(characters: list[Character], text: str) -> list[Character]:
    # Longer names claim their text first, so "小蜗" is not found inside "小蜗牛" when both are characters.
    claimed: list[tuple[int, int]] = []
    found = []
    for character in sorted(characters, key=lambda c: -len(c.name)):
        free = [(a, b) for a, b in mention_spans(character.name, text)
                if not any(ca <= a and b <= cb for ca, cb in claimed)]
        if free:
            claimed += free
            found.append((free[0][0], character))
    return [c for _pos, c in sorted(found, key=lambda t: t[0])]


def characters_present(project: Project, panel: Panel) -> list[Character]:
    """The declared characters in a panel, in the order the sketch renderer places them left to right.

    Order: characters named in the action, by where they are first named; then speakers, in the
    order they speak; then the targets of `+`/`-` lines. Each character appears once.
    """
    present: list[Character] = []
    seen: set[int] = set()

    def add(character: Character | None) -> None:
        if character is not None and id(character) not in seen:
            seen.add(id(character))
            present.append(character)

    for character in _named_in(project.characters, panel.action):
        add(character)
    for line in panel.lines:
        if line.speaker:
            add(project.character(line.speaker))
    for change in panel.details:
        add(project.character(change.character))
    return present


def _apply_details(project: Project, panel: Panel, active: dict[str, list[str]]) -> None:
    """Add and remove one panel's `+`/`-` lasting details in `active` (by declared character name)."""
    for change in panel.details:
        character = project.character(change.character)
        name = character.name if character else change.character
        details = active.setdefault(name, [])
        if change.added:
            if change.detail not in details:
                details.append(change.detail)
        else:
            key = change.detail.casefold()
            details[:] = [d for d in details if d.casefold() != key]


def active_details(project: Project, panel: Panel) -> dict[str, list[str]]:
    """Lasting details in force in this panel, by character name: added here or earlier, not yet removed.

    Keys are the declared character's name (as written where the character is not declared);
    details keep the wording of the `+` line that added them.
    """
    if (walk := _walk(project)) is not None:
        return {name: list(kept) for name, kept in walk.details[walk.index(panel)].items()}
    active: dict[str, list[str]] = {}
    for earlier in project.panels[: _index(project, panel) + 1]:
        if earlier.details:
            _apply_details(project, earlier, active)
    return {name: details for name, details in active.items() if details}


def staged_boxes(project: Project, panel: Panel) -> list[StagedBox]:
    """The panel's staged boxes in use: every prop, and each character's box while that character is in the
    panel (a character who leaves the panel's words leaves its picture too, without losing the box)."""
    if not panel.staging:
        return []
    present = {c.name.casefold() for c in characters_present(project, panel)}
    return [b for b in panel.staging if b.prop or b.name.casefold() in present]

"""What carries forward from panel to panel: the setting, the cast and their lasting details.

These walk the panel list on every call instead of caching, because the UI edits panels in place
and a stale cache would put the wrong description into a prompt. The walks are cheap: the setting
walk stops at the nearest `@`, and the detail walk only looks inside panels that have `+`/`-` lines,
so composing every prompt of a 500-panel script stays in the low milliseconds (benchmarks/).
"""
from __future__ import annotations

from model.project.project import Character, Panel, Project, Setting
from model.mentions import mention_spans


def _index(project: Project, panel: Panel) -> int:
    # By identity: dataclass equality would compare every field of every panel.
    for i, candidate in enumerate(project.panels):
        if candidate is panel:
            return i
    for i, candidate in enumerate(project.panels):
        if candidate.id == panel.id:
            return i
    raise ValueError(f"panel {panel.id} is not part of this project")


def setting_name(project: Project, panel: Panel) -> str | None:
    """The setting name in force for a panel: its own `@`, else the nearest earlier panel's."""
    if panel.setting:
        return panel.setting
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


def active_details(project: Project, panel: Panel) -> dict[str, list[str]]:
    """Lasting details in force in this panel, by character name: added here or earlier, not yet removed.

    Keys are the declared character's name (as written where the character is not declared);
    details keep the wording of the `+` line that added them.
    """
    active: dict[str, list[str]] = {}
    for earlier in project.panels[: _index(project, panel) + 1]:
        if not earlier.details:
            continue
        for change in earlier.details:
            character = project.character(change.character)
            name = character.name if character else change.character
            details = active.setdefault(name, [])
            if change.added:
                if change.detail not in details:
                    details.append(change.detail)
            else:
                key = change.detail.casefold()
                details[:] = [d for d in details if d.casefold() != key]
    return {name: details for name, details in active.items() if details}

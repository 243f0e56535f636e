"""The `project.json` format's versions and the steps that bring an older document up to the current one.

Each step `MIGRATIONS[n]` lifts version n to n+1 on the plain JSON (before validation), touching only what is
there in the shape it expects, so a damaged document reaches validation and is named there. Version history: 0
was the pre-release draft (balloon placements as an object keyed by the line index as a string); 1 stores them
as a list of `{"line": index, ...}` so indexes are checked as ints; 2 adds `editions` (translations keyed by
each line's panel, kind, speaker and original words; the title and speakers' names have panel "" and kind
"title" or "name"); 3 adds a panel's optional `duration` (seconds an animatic holds it); 4 adds a panel's own
`style` (a `Style:` line inside the panel); 5 adds `page.bleed` (a `Page:` line's bleed, once only an export
option); 6 adds the book's `cover` (the script's `Cover:` and `Blurb:` words and the cover picture's
versions); 7 adds a panel's `page_break` and `page_layout` (`Page break` / `Page layout:` lines) and the
project's `page_shapes`: page shapes edited in the Layout mode, each under the id of the panel its page starts
with; 8 adds a panel's `staging` (a box per character, fractions of the picture, with a depth; empty: not
staged); 9 adds a panel's `scene` (the heading of its scene), `shot_name` ("4A"), `camera` (the camera move)
and `notes` (production notes).
"""
from __future__ import annotations

from typing import Any, Callable

from model.errors import ProjectFileError

SCHEMA_VERSION = 9


def _panel_dicts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The panels a migration may touch: only objects inside a list (any other shape is left for validation
    to name, so a damaged `"panels": true` is one sentence, not a crash halfway through a migration)."""
    panels = doc.get("panels")
    return [p for p in panels if isinstance(p, dict)] if isinstance(panels, list) else []


def _balloons_from_object(doc: dict[str, Any]) -> dict[str, Any]:
    for panel in _panel_dicts(doc):
        balloons = panel.get("balloons")
        if isinstance(balloons, dict):
            placements = []
            for key, value in balloons.items():
                if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 9
                        and isinstance(value, dict)):
                    raise ProjectFileError(f"project.json is damaged: a balloon placement keyed {key[:20]!r} is not a line number.")
                placements.append({"line": int(key), **value})
            panel["balloons"] = sorted(placements, key=lambda b: b["line"])
    doc["schema_version"] = 1
    return doc


def _editions_added(doc: dict[str, Any]) -> dict[str, Any]:
    # Version 1 had no translated editions: its projects hold the original words only.
    doc.setdefault("editions", [])
    doc["schema_version"] = 2
    return doc


def _panel_durations(doc: dict[str, Any]) -> dict[str, Any]:
    # Version 3 adds an optional panel duration; older panels have none (held as long as their words take).
    for panel in _panel_dicts(doc):
        panel.setdefault("duration", None)
    doc["schema_version"] = 3
    return doc


def _panel_styles(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 4 gave each panel its own style (empty: the project's)."""
    for panel in _panel_dicts(doc):
        panel.setdefault("style", "")
    doc["schema_version"] = 4
    return doc


def _page_bleed(doc: dict[str, Any]) -> dict[str, Any]:
    page = doc.get("page")
    if isinstance(page, dict):
        page.setdefault("bleed", False)  # versions before 5 had bleed only as an export option
    doc["schema_version"] = 5
    return doc


def _book_cover(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 6 gave the book its own cover; older projects have none (a panel's picture is the cover)."""
    doc.setdefault("cover", {"description": "", "blurb": "", "images": {"versions": [], "selected_id": None}, "error": None})
    doc["schema_version"] = 6
    return doc


def _composed_pages(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 7 composes pages: no page breaks or named templates in older panels, no edited page shapes."""
    for panel in _panel_dicts(doc):
        panel.setdefault("page_break", False)
        panel.setdefault("page_layout", "")
    doc.setdefault("page_shapes", [])
    doc["schema_version"] = 7
    return doc


def _panel_staging(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 8 stages each panel's characters; older panels are not staged."""
    for panel in _panel_dicts(doc):
        panel.setdefault("staging", [])
    doc["schema_version"] = 8
    return doc


def _scenes_and_shots(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 9 puts each panel in a scene and gives it a shot name, a camera move and notes (none before)."""
    for panel in _panel_dicts(doc):
        for key in ("scene", "shot_name", "camera", "notes"):
            panel.setdefault(key, "")
    doc["schema_version"] = 9
    return doc


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _balloons_from_object, 1: _editions_added, 2: _panel_durations, 3: _panel_styles, 4: _page_bleed,
    5: _book_cover, 6: _composed_pages, 7: _panel_staging, 8: _scenes_and_shots,
}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring an older document up to SCHEMA_VERSION, one step at a time; refuse newer ones."""
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ProjectFileError("project.json has no whole-number schema_version; this is not a Panelsmith project.")
    if version > SCHEMA_VERSION + 1000 or version < 0:  # no real format number; and keep the sentence short
        shown = str(version) if len(str(version)) <= 12 else f"{str(version)[:12]}…"
        raise ProjectFileError(f"project.json has an impossible schema_version ({shown}); it is damaged.")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"This project was made by a newer Panelsmith (file format {version}, this version reads up to "
            f"{SCHEMA_VERSION}); please update Panelsmith to open it."
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectFileError(f"File format {version} is too old for this Panelsmith to open.")
        doc = step(doc)
        version = doc["schema_version"]
    return doc

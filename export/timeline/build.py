"""The storyboard as an editor's timeline: one clip per shot, its still as the media, held for its duration.

`build_timeline` makes the OpenTimelineIO timeline (a video track of clips named by shot, each with
its still as an external reference, a marker where each scene starts, and the shot's scene, size,
camera move, words and notes as clip metadata under "panelsmith"). `write_timeline` writes the stills
into a folder beside the timeline file (named `<timeline>_stills`) and the timeline through OTIO's own
writer or its maintained adapters: `.otio`, `.xml` (Final Cut Pro 7 XML, which Premiere and Resolve
open), `.fcpxml` and `.edl` (CMX 3600).
"""
from __future__ import annotations

import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import opentimelineio as otio

from export.atomic import atomic_path
from export.timeline.formats import ADAPTERS
from export.timeline.stillinfo import with_info
from model.errors import BadInputError, PanelsmithError
from model.project.project import Project
from model.script.scenes import shot_rows

RATE = 24.0  # frames a second: what storyboard animatics and most edits are cut at
META_KEY = "panelsmith"
_UNSAFE = re.compile(r"[^\w.\-]+")


def stills_folder(target: Path) -> Path:
    """Where a timeline's stills go: `film_stills/` beside `film.otio`."""
    return target.with_name(f"{target.stem}_stills")


def frames(seconds: float) -> int:
    """Whole frames at RATE for a duration, at least one."""
    return max(1, round(seconds * RATE))


def still_names(project: Project) -> dict[str, str]:
    """A file name for each panel's still, from its shot name (unique, safe on every file system)."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for row in shot_rows(project):
        base = _UNSAFE.sub("_", row.name).strip("._") or "shot"
        name, n = f"{base}.png", 2
        while name.casefold() in used:
            name, n = f"{base}_{n}.png", n + 1
        used.add(name.casefold())
        names[row.panel_id] = name
    return names


def project_info(project: Project) -> dict[str, Any]:
    """What a timeline needs to come back as a storyboard besides its shots: title, cast, settings."""
    return {
        "title": project.title, "author": project.author, "style": project.style,
        "characters": [{"name": c.name, "description": c.description} for c in project.characters],
        "settings": [{"name": s.name, "description": s.description} for s in project.settings],
    }


def shot_infos(project: Project) -> dict[str, dict[str, Any]]:
    """Each shot's details by panel id (its ShotRow, its lines and the setting it is in), as clip metadata."""
    panels = {p.id: p for p in project.panels}
    infos: dict[str, dict[str, Any]] = {}
    setting = None
    for row in shot_rows(project):
        panel = panels[row.panel_id]
        setting = panel.setting or setting  # a panel without `@` is in the setting before it
        info = asdict(row)
        info["lines"] = [{"kind": x.kind, "speaker": x.speaker, "text": x.text} for x in panel.lines]
        info["setting"] = setting
        infos[row.panel_id] = info
    return infos


def build_timeline(project: Project, stills: Path, infos: dict[str, dict[str, Any]] | None = None) -> otio.schema.Timeline:
    """The timeline for `project`, its media references pointing at the stills in the folder `stills`."""
    infos = infos if infos is not None else shot_infos(project)
    timeline = otio.schema.Timeline(name=project.title or "Storyboard")
    timeline.metadata[META_KEY] = project_info(project)
    track = otio.schema.Track(name="Storyboard", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    files = still_names(project)
    panels = {p.id: p for p in project.panels}
    scene = 0
    for row in shot_rows(project):
        length = otio.opentime.RationalTime(frames(row.duration), RATE)
        whole = otio.opentime.TimeRange(otio.opentime.RationalTime(0, RATE), length)
        panel = panels.get(row.panel_id)
        has_still = panel is not None and panel.images.selected is not None
        if has_still:
            media = otio.schema.ExternalReference(target_url=(stills / files[row.panel_id]).resolve().as_uri(),
                                                  available_range=whole)
        else:
            media = otio.schema.MissingReference(available_range=whole)
        media.name = files[row.panel_id]
        clip = otio.schema.Clip(name=row.name, media_reference=media, source_range=whole)
        clip.metadata[META_KEY] = infos[row.panel_id]
        if row.scene_number != scene:
            scene = row.scene_number
            label = f"Scene {scene}" + (f": {row.scene_heading}" if row.scene_heading else "")
            clip.markers.append(otio.schema.Marker(
                name=label, marked_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, RATE),
                                                                 otio.opentime.RationalTime(1, RATE)),
                color=otio.schema.MarkerColor.RED))
        track.append(clip)
    return timeline


def timeline_format(target: Path) -> str:
    """The adapter for a timeline file name, or BadInputError naming the ones there are."""
    adapter = ADAPTERS.get(target.suffix.lower())
    if adapter is None:
        raise BadInputError(f"{target.name} is not a timeline format: use .otio, .xml (Final Cut 7), .fcpxml or .edl.")
    return adapter


def write_stills(project: Project, folder: Path, infos: dict[str, dict[str, Any]] | None = None) -> int:
    """Write each panel's selected picture as PNG into `folder` (made if needed), each carrying its shot's
    details (export.timeline.stillinfo); how many were written."""
    from model.imageload import to_png

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PanelsmithError(f"Cannot make the stills folder {folder}: {exc.strerror or exc}.") from None
    panels = {p.id: p for p in project.panels}
    infos = infos if infos is not None else shot_infos(project)
    carried = project_info(project)
    count = 0
    for panel_id, name in still_names(project).items():
        version = panels[panel_id].images.selected
        if version is None or version.sha256 not in project.images:
            continue
        data = project.images.get(version.sha256)
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            data = to_png(data, "A panel's picture")
        data = with_info(data, {"shot": infos[panel_id], "project": carried})
        target = folder / name
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                count += 1
                continue  # the same still from the last export
        except OSError:
            pass
        _write_still(target, data)
        count += 1
    return count


def _write_still(target: Path, data: bytes) -> None:
    # Written beside and renamed into place: an interrupted export never leaves half a picture under a shot's name.
    part = target.with_name(f".{target.name}.part")
    try:
        part.write_bytes(data)
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise PanelsmithError(f"Cannot write the still {target}: {exc.strerror or exc}.") from None


def write_timeline(project: Project, target: Path) -> tuple[Path, Path, int]:
    """Write the stills and the timeline; (timeline, stills folder, clip count)."""
    adapter = timeline_format(target)
    folder = stills_folder(target)
    infos = shot_infos(project)
    write_stills(project, folder, infos)
    timeline = build_timeline(project, folder, infos)
    with atomic_path(target) as tmp:
        _write_with(timeline, tmp, adapter)
    return target, folder, len(timeline.tracks[0])


def _write_with(timeline: otio.schema.Timeline, path: Path, adapter: str) -> None:
    try:
        if adapter == "otio_json":
            otio.adapters.write_to_file(timeline, str(path), adapter_name=adapter)
            return
        text = otio.adapters.write_to_string(timeline, adapter_name=adapter)
    except Exception as exc:  # noqa: BLE001 - an adapter's own failure, told in one sentence
        raise PanelsmithError(f"The {adapter} adapter could not write the timeline: {exc}.") from None
    path.write_text(text, encoding="utf-8")

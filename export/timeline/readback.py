"""A timeline back from the editor: each clip of its first video track becomes a panel, in the cut's order.

Clips Panelsmith wrote carry their shot under the "panelsmith" metadata key (scene, shot size, camera,
words, notes), so a reordered or trimmed cut comes back as the same shots in the new order and length;
a clip the editor added becomes a panel named after the clip, in the scene of the clip before it. Each
clip's still (its media reference) becomes the panel's picture, through the image loader's guards; a
clip whose media is missing becomes a panel without a picture (a placeholder), and that is said once.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import opentimelineio as otio

from export.timeline.build import META_KEY
from export.timeline.formats import ADAPTERS
from export.timeline.stillinfo import read_info
from model.errors import BadInputError, ImageError
from model.imageload import inspect_image, to_png
from model.project.project import LINE_KINDS, SHOTS, Character, ImageVersion, Line, Panel, Project, Setting
from model.prompt.compose import request_prompt
from model.script.labels import is_label
from model.script.render import render_script
from model.script.timing import MAX_SECONDS

MAX_TIMELINE_BYTES = 50 * 1024 * 1024  # an OTIO file of thousands of clips is a few MB
MAX_STILL_BYTES = 64 * 1024 * 1024


class TimelineError(BadInputError):
    """A timeline file that cannot be read."""


@dataclass
class TimelineImport:
    """The storyboard a timeline became, and what the user should be told about it (once each)."""

    project: Project
    notices: list[str] = field(default_factory=list)


def _read(path: Path) -> otio.schema.Timeline:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TimelineError(f"{path} does not exist.") from None
    if path.is_dir():
        raise TimelineError(f"{path} is a folder, not a timeline.")
    if size > MAX_TIMELINE_BYTES:
        raise TimelineError(f"{path} is larger than {MAX_TIMELINE_BYTES // 1024 // 1024} MB; it was not read.")
    if path.suffix.lower() in (".xml", ".fcpxml"):
        _refuse_entities(path)
    try:
        result = otio.adapters.read_from_file(str(path), adapter_name=ADAPTERS[path.suffix.lower()])
    except Exception as exc:  # noqa: BLE001 - any adapter's parse failure is the file's fault
        reason = " ".join(str(exc).split())[:160].rstrip(".")
        raise TimelineError(f"{path} could not be read as a timeline ({reason or type(exc).__name__}).") from None
    if isinstance(result, otio.schema.SerializableCollection):
        result = next((t for t in result.find_children(descended_from_type=otio.schema.Timeline)), None) \
            or next(iter(result), None)
    if not isinstance(result, otio.schema.Timeline):
        raise TimelineError(f"{path} holds no timeline.")
    return result


def _refuse_entities(path: Path) -> None:
    """Check an editor's XML with defusedxml before its adapter reads it: a DOCTYPE is fine (`<!DOCTYPE
    xmeml>`), entity declarations and external references are refused, nothing they name is read."""
    import defusedxml
    import defusedxml.ElementTree as SafeTree

    try:
        SafeTree.parse(str(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise TimelineError(f"{path} declares entities or external references, which an editor's timeline never "
                            "needs; it was refused and nothing it names was read.") from None
    except SafeTree.ParseError as exc:
        line, column = exc.position
        raise TimelineError(f"{path}:{line}:{column + 1}: the timeline is not well-formed XML.") from None


def _media_path(clip: otio.schema.Clip, base: Path) -> Path | None:
    reference = clip.media_reference
    url = getattr(reference, "target_url", None)
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme in ("", "file"):
        local = Path(unquote(parts.path if parts.scheme else url))
        return local if local.is_absolute() else base / local
    return None  # a remote URL is never fetched


def _raw(path: Path | None) -> bytes | None:
    """The bytes of a clip's still, or None when it is missing, unreadable or too large to be a still."""
    try:
        if path is None or not path.is_file() or path.stat().st_size > MAX_STILL_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _still(raw: bytes | None, path: Path | None) -> bytes | None:
    if raw is None or path is None:
        return None
    try:
        return to_png(raw, f"The still {path.name}")
    except ImageError:
        return None


def _adopt(project: Project, info: object) -> bool:
    """Take the title, style, cast and settings a timeline (or a still) carries; False when there are none."""
    if not isinstance(info, Mapping):  # OTIO hands back its own AnyDictionary
        return False
    project.title = str(info.get("title") or project.title)
    project.author, project.style = str(info.get("author") or ""), str(info.get("style") or "")
    for item in info.get("characters") or []:
        if isinstance(item, Mapping) and is_label(str(item.get("name", ""))) and project.character(str(item["name"])) is None:
            project.characters.append(Character(str(item["name"]), str(item.get("description") or "")))
    for item in info.get("settings") or []:
        if isinstance(item, Mapping) and str(item.get("name", "")).strip() and project.setting_named(str(item["name"])) is None:
            project.settings.append(Setting(str(item["name"]).strip(), str(item.get("description") or "")))
    return True


def project_from_timeline(path: str | os.PathLike[str]) -> TimelineImport:
    """The storyboard in a timeline file (.otio, .xml, .fcpxml, .edl); `TimelineError` if it cannot be read."""
    path = Path(path)
    timeline = _read(path)
    tracks = list(timeline.video_tracks())
    clips = [c for c in tracks[0].find_clips(shallow_search=True)] if tracks else []
    if not clips:
        raise TimelineError(f"{path} has no clips on a video track, so nothing was made.")
    info = timeline.metadata.get(META_KEY)
    project = Project(title=timeline.name or path.stem, layout="storyboard")
    adopted = _adopt(project, info)
    missing: list[str] = []
    scene, setting = "", None
    for clip in clips:
        media = _media_path(clip, path.parent)
        raw = _raw(media)
        meta = dict(clip.metadata.get(META_KEY) or {})
        if not meta and raw is not None:  # an editor's XML or EDL: the still carries what the clip lost
            carried = read_info(raw)
            meta = dict(carried.get("shot") or {}) if isinstance(carried.get("shot"), dict) else {}
            adopted = adopted or _adopt(project, carried.get("project"))
        panel = _panel(project, clip, meta, scene)
        scene = panel.scene
        if panel.setting == setting:
            panel.setting = None  # a panel's setting continues the one before
        elif panel.setting:
            setting = panel.setting
        project.panels.append(panel)
        png = _still(raw, media)
        if png is None:
            missing.append(clip.name or f"clip {len(project.panels)}")
            continue
        info_png = inspect_image(png)
        project.panels[-1].images.add(ImageVersion(sha256=project.images.put(png), width=info_png.width,
                                                   height=info_png.height, prompt="", backend="import",
                                                   parameters={"source": media.name if media else ""}))
    for panel in project.panels:
        version = panel.images.selected
        if version is not None:
            version.prompt = request_prompt(project, panel)  # the still shows this shot as it is now
    project.script = render_script(project)
    notices = []
    if missing:
        count = len(missing)
        notices.append(f"{count} clip{'s' if count != 1 else ''} ({', '.join(missing[:3])}{'…' if count > 3 else ''}) "
                       f"{'have' if count != 1 else 'has'} no readable still, so {'they became panels' if count != 1 else 'it became a panel'} "
                       "without a picture.")
    return TimelineImport(project, notices)


def _panel(project: Project, clip: otio.schema.Clip, meta: dict, scene: str) -> Panel:
    seconds = clip.duration().to_seconds() if clip.source_range or clip.media_reference else 0.0
    panel = Panel(
        action=str(meta.get("description") or clip.name or ""),
        shot=meta.get("size") if meta.get("size") in SHOTS else None,
        camera=str(meta.get("camera") or ""),
        notes=str(meta.get("notes") or ""),
        scene=str(meta.get("scene_heading") or scene),
        shot_name=" ".join(str(clip.name or "").split())[:40],
        duration=round(seconds, 3) if 0 < seconds <= MAX_SECONDS else None,
    )
    setting = str(meta.get("setting") or "").strip()
    if setting:
        if project.setting_named(setting) is None:
            project.settings.append(Setting(setting))
        panel.setting = project.setting_named(setting).name  # type: ignore[union-attr]
    for item in meta.get("lines") or []:
        if not isinstance(item, Mapping):
            continue
        kind, text, speaker = item.get("kind"), str(item.get("text") or ""), item.get("speaker")
        if kind not in LINE_KINDS or not text:
            continue
        if speaker and is_label(str(speaker)):
            if project.character(str(speaker)) is None:
                project.characters.append(Character(str(speaker)))
            panel.lines.append(Line(kind, text, speaker=project.character(str(speaker)).name))  # type: ignore[union-attr]
        else:
            panel.lines.append(Line("caption" if kind not in ("caption", "sfx") else kind, text))
    return panel

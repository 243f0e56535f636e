"""An animatic's shots: one per panel, laid out like a storyboard frame on a 16:9 screen, drawn once as a
still by the one raster renderer, then turned into frames (the same still for a cut, crops of it for a
slow push-in on a wide shot).

A shot is a one-page `PageLayout` 640 x 360 points in size, rendered at whatever DPI gives the video's
pixel size, so balloons and subtitles are lettered at the sizes they have on a page. The picture is fitted
whole (letterboxed on black, never cropped); the words go either into balloons over it (kept inside the
title-safe area, so a push-in never cuts them) or into a subtitle band under it, one height for the film
so the pictures do not jump from shot to shot.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from PIL import Image

from export.raster.render import render_page
from model.page import lettering
from model.page.balloons import MIN_SIZE
from model.geometry import Rect
from model.project.imagestore import ImageStore
# The storyboard sheet's way of writing a line ("Ann (thinks): …") and its glyph check, shared with it.
from model.page.frames import Layout, PageLayout, PanelFrame, TextBlock, letter_frame, selected_image
from model.page.layout import check_glyphs, storyboard_line
from model.project.project import Panel, Project
from model.script.timing import panel_duration

SCREEN_W, SCREEN_H = 640.0, 360.0  # a shot's page in points (16:9)
SIZES = {"1080p": (1920, 1080), "720p": (1280, 720)}
DIALOGUE_STYLES = ("balloons", "subtitles")
PUSH_IN = 0.06  # a wide shot ends 6% closer than it starts
PUSH_IN_SHOTS = frozenset({"extreme wide", "wide"})
TITLE_SAFE = 0.05  # balloons stay this share of the frame away from its edges (more than a push-in crops)
SUBTITLE_PT = 15.0
SUBTITLE_MAX_SHARE = 0.3  # the subtitle band is never taller than this share of the screen
SUBTITLE_PAD = 8.0
BLACK = "#000000"


@dataclass(frozen=True)
class AnimaticOptions:
    """What the user chose: how the words are shown, push-ins, the video's size and frame rate."""

    dialogue: str = "balloons"  # one of DIALOGUE_STYLES
    push_in: bool = False
    width: int = 1920
    height: int = 1080
    fps: int = 24


@dataclass
class Shot:
    """One panel on screen: its page, how long it is held and which frames of the film it fills."""

    number: int  # the panel's 1-based position
    panel_id: str
    seconds: float
    first_frame: int
    frames: int
    push_in: bool
    page: PageLayout
    zoom_box: Rect  # the part of the screen a push-in zooms into (the picture and its balloons)


@dataclass
class Film:
    """Every shot of a project with the layout they are drawn with, and the warnings of lettering them."""

    shots: list[Shot]
    layout: Layout
    options: AnimaticOptions
    warnings: list[str]

    @property
    def total_frames(self) -> int:
        return sum(shot.frames for shot in self.shots)

    @property
    def seconds(self) -> float:
        return sum(shot.seconds for shot in self.shots)

    @property
    def dpi(self) -> float:
        return self.options.width * 72.0 / SCREEN_W

    def shot_at(self, frame: int) -> Shot:
        """The shot showing the film's `frame` (clamped to the film)."""
        for shot in self.shots:
            if frame < shot.first_frame + shot.frames:
                return shot
        return self.shots[-1]


def plan_film(project: Project, options: AnimaticOptions) -> Film:
    """Lay out every panel as a shot and time it (the script's Duration, or the words' reading time)."""
    settings = replace(project.page, background=BLACK, border_width_pt=0.0)
    layout = Layout("animatic", settings, project.title, project.author, [])
    warnings: list[str] = []
    band = _subtitle_band(project) if options.dialogue == "subtitles" else 0.0
    shots: list[Shot] = []
    elapsed, frame_at = 0.0, 0
    for number, panel in enumerate(project.panels, start=1):
        page = PageLayout(number, SCREEN_W, SCREEN_H, f"Panel {number}")
        picture_area = Rect(0, 0, SCREEN_W, SCREEN_H - band)
        frame = PanelFrame(panel.id, number, _fitted(panel, picture_area), selected_image(panel), bordered=False)
        page.frames.append(frame)
        if options.dialogue == "subtitles":
            if band:
                page.texts.extend(_subtitles(panel, Rect(0, SCREEN_H - band, SCREEN_W, band), number, warnings))
        else:
            safe = frame.rect.inset(min(frame.rect.w, frame.rect.h) * TITLE_SAFE)
            letter_frame(project, panel, frame, settings, warnings, area=safe)
        seconds = panel_duration(panel)
        elapsed += seconds
        end = max(round(elapsed * options.fps), frame_at + 1)  # a very short Duration still shows once
        push = options.push_in and panel.shot in PUSH_IN_SHOTS
        shots.append(Shot(number, panel.id, seconds, frame_at, end - frame_at, push, page, frame.rect))
        frame_at = end
    layout.pages = [shot.page for shot in shots]
    check_glyphs(project, layout)
    return Film(shots, layout, options, layout.warnings + warnings)


def render_still(film: Film, shot: Shot, images: ImageStore, width: int | None = None) -> Image.Image:
    """The shot drawn once at the film's size (or `width` pixels across, for a preview)."""
    dpi = film.dpi if width is None else width * 72.0 / SCREEN_W
    return render_page(shot.page, film.layout, images, dpi)  # type: ignore[arg-type]  # a float DPI is fine


def shot_frames(film: Film, shot: Shot, still: Image.Image) -> Iterator[Image.Image]:
    """The shot's frames, one at a time: the still itself for a cut, or the still with its picture zoomed
    a little more each frame for a push-in.

    The same image object may be yielded again, changed: use each frame before asking for the next.
    """
    count = shot.frames
    if not shot.push_in or count <= 1:
        for _ in range(count):
            yield still
        return
    x0, y0, x1, y1 = push_in_box(shot, still.width, still.height)
    w, h = x1 - x0, y1 - y0
    canvas = still.copy()
    for k in range(count):
        part = still.resize((w, h), Image.Resampling.BILINEAR, box=zoomed(x0, y0, w, h, push_in_zoom(k, count)))
        canvas.paste(part, (x0, y0))
        yield canvas


def push_in_zoom(k: int, count: int) -> float:
    """How close frame `k` of a push-in of `count` frames is: 1.0 at the start, 1.06 at the end."""
    return 1.0 + PUSH_IN * k / max(1, count - 1)


def zoomed(x0: float, y0: float, w: float, h: float, zoom: float) -> tuple[float, float, float, float]:
    """The centred part of the box (x0, y0, w, h) that fills it at `zoom`."""
    cw, ch = w / zoom, h / zoom
    left, top = x0 + (w - cw) / 2, y0 + (h - ch) / 2
    return (left, top, left + cw, top + ch)


def push_in_box(shot: Shot, width: int, height: int) -> tuple[int, int, int, int]:
    """The pixels a push-in zooms (the picture and its balloons) in a still of width x height."""
    scale = width / SCREEN_W
    rect = shot.zoom_box
    x0, y0 = max(0, round(rect.x * scale)), max(0, round(rect.y * scale))
    x1, y1 = min(width, round(rect.right * scale)), min(height, round(rect.bottom * scale))
    return x0, y0, max(x0 + 1, x1), max(y0 + 1, y1)


def _fitted(panel: Panel, area: Rect) -> Rect:
    """The largest rectangle of the picture's shape centred in `area` (16:9 when there is no picture yet)."""
    version = panel.images.selected
    aspect = version.width / version.height if version is not None and version.width > 0 and version.height > 0 else 16 / 9
    w = min(area.w, area.h * aspect)
    h = w / aspect
    return Rect(area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h)


def _subtitle_lines(panel: Panel, size: float) -> list[str]:
    width = SCREEN_W - 2 * SUBTITLE_PAD * 4
    return [ln for line in panel.lines for ln in lettering.wrap(storyboard_line(line), width, size)]


def _subtitle_band(project: Project) -> float:
    """One band height for the whole film: what its wordiest panel needs, within SUBTITLE_MAX_SHARE."""
    most = max((len(_subtitle_lines(p, SUBTITLE_PT)) for p in project.panels), default=0)
    if most == 0:
        return 0.0
    need = most * SUBTITLE_PT * lettering.LEADING + 2 * SUBTITLE_PAD
    return min(need, SCREEN_H * SUBTITLE_MAX_SHARE)


def _subtitles(panel: Panel, band: Rect, number: int, warnings: list[str]) -> list[TextBlock]:
    """The panel's words, white on the black band, shrunk (down to the smallest lettering) until they fit."""
    if not panel.lines:
        return []
    size = SUBTITLE_PT
    inner = Rect(band.x + SUBTITLE_PAD * 4, band.y + SUBTITLE_PAD, band.w - SUBTITLE_PAD * 8, band.h - 2 * SUBTITLE_PAD)
    while True:
        lines = _subtitle_lines(panel, size)
        if len(lines) * size * lettering.LEADING <= inner.h or size <= MIN_SIZE:
            break
        size = max(MIN_SIZE, size - 0.5)
    if len(lines) * size * lettering.LEADING > inner.h:
        warnings.append(f"Panel {number}: its words do not fit the subtitle band even at {MIN_SIZE:g} pt; shorten them.")
    return [TextBlock(lettering.set_lines(lines, size, inner), color="#ffffff")]

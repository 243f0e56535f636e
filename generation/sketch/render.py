"""The offline sketch renderer: storyboard pitch sketches drawn from a panel's structure, no network.

Deterministic (the same panel gives the same pixels), so consistency shows even offline: every
character keeps its colours and shape in every panel. The setting's words pick sky, ground and
horizon (and day or night); the shot picks the framing; quoted scene text is painted into the
scene; a refinement redraws with the instruction's words applied and a note showing it.
"""
from __future__ import annotations

import hashlib
import io
import random
import time
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw

from generation.request import CancelToken, ImageRequest, ImageResult, PartialImageCallback
from generation.sketch.figures import INK, FigureSpec, Pose, draw_figure
from generation.sketch.looks import apply_look
from generation.sketch.props import car_colour, draw_crowd, draw_props, riders, scene_words
from generation.sketch.scene import draw_background, gradient
from generation.sketch.text import draw_text, text_size, wrap
from generation.sketch.words import (
    CAR_WORDS, SCENES, has_word, quoted_texts, scene_for,
)
from model.project.project import StagedBox
from model.script.styles import SketchLook

SKETCH_MODEL = "sketch-1"
CLOSE = ("close-up", "extreme close-up")


@dataclass(frozen=True)
class SketchSpec:
    """What a sketch shows, taken from the project by `generation.planning`."""

    place: str = ""  # the setting's name and description
    action: str = ""
    shot: str | None = None
    figures: tuple[FigureSpec, ...] = ()
    instruction: str | None = None  # a refinement's words, drawn as a note and applied where they match
    caption: str = ""  # e.g. "Panel 2 · Showroom"
    look: SketchLook | None = None  # the style preset's look; None draws the plain sketch
    staging: tuple[StagedBox, ...] = ()  # where figures stand (fractions of the picture); others as usual

    def seed(self) -> int:
        text = "\x1f".join([self.place, self.action, self.shot or "", self.instruction or "", self.caption]
                           + [f"{f.name}\x1e{f.description}" for f in self.figures]
                           + [f"{b.name}\x1e{b.x},{b.y},{b.w},{b.h},{b.depth}" for b in self.staging])
        return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


@dataclass(frozen=True)
class PhotoSpec:
    """A photo to restyle offline (the request's `base_image`) in a style's look (None: a plain cartoon)."""

    look: SketchLook | None = None
    colour_areas: bool = False  # a line drawing on paper: fill the areas its lines enclose first


FigureBox = tuple[str, tuple[float, float, float, float]]  # a figure's name and its box in pixels


def render_panel(spec: SketchSpec, width: int, height: int) -> Image.Image:
    """Draw a panel sketch of `width` x `height` pixels."""
    return draw_panel(spec, width, height)[0]


def draw_panel(spec: SketchSpec, width: int, height: int) -> tuple[Image.Image, list[FigureBox]]:
    """Draw a panel sketch and say where each figure was drawn (left, top, right, bottom in pixels)."""
    drawn: list[FigureBox] = []
    rng = random.Random(spec.seed())
    words = " ".join(filter(None, [spec.place, spec.action, spec.instruction]))
    scene = scene_for(words)
    shot = spec.shot or "medium"
    img = Image.new("RGB", (width, height), (250, 248, 240))
    w, h = width, height
    staged = {b.name.casefold(): b for b in spec.staging if not b.prop}
    placed = tuple(f for f in spec.figures if f.name.casefold() in staged)
    loose = tuple(f for f in spec.figures if f.name.casefold() not in staged)
    if shot == "bird's-eye":
        drawn += _birds_eye(img, replace(spec, figures=loose), scene, rng)
        drawn += _staged_figures(ImageDraw.Draw(img, "RGBA"), placed, staged, shot, w, h)
    else:
        horizon = {"low angle": 0.86, "extreme wide": scene.horizon - 0.05}.get(shot, scene.horizon) * h
        if shot in CLOSE:
            horizon = h * 0.72
        draw_background(img, scene, horizon, rng)
        draw = ImageDraw.Draw(img, "RGBA")
        if shot == "low angle":
            for i in range(9):  # verticals converging upwards sell the low camera
                x = i * w / 8
                draw.line([(x, h), (w / 2 + (x - w / 2) * 0.45, 0)], fill=(*INK, 50), width=2)
        in_car = riders(spec.action, spec.figures) if shot not in CLOSE else ()
        draw_crowd(draw, spec.action, shot, w, h, horizon)
        draw_props(img, draw, spec.action, spec.figures, shot, horizon, in_car)
        drawn += _eye_level_figures(draw, tuple(f for f in loose if f not in in_car), shot, w, h, horizon)
        drawn += _staged_figures(draw, tuple(f for f in placed if f not in in_car), staged, shot, w, h)
    if spec.look is not None:
        img = apply_look(img, spec.look)  # the picture in the style; caption and note stay legible
    draw = ImageDraw.Draw(img, "RGBA")
    _caption(draw, spec, shot, w, h)
    if spec.instruction:
        _note(draw, spec.instruction, w, h)
    draw.rectangle((0, 0, w - 1, h - 1), outline=INK, width=max(3, w // 256))
    return img, drawn


def _staged_figures(draw: ImageDraw.ImageDraw, figures: tuple[FigureSpec, ...], staged: dict[str, StagedBox],
                    shot: str, w: int, h: int) -> list[FigureBox]:
    """Each staged figure drawn in its box, farthest first so nearer figures overlap the ones behind."""
    from model.staging.boxes import back_to_front

    by_name = {f.name.casefold(): f for f in figures}
    drawn: list[FigureBox] = []
    for box in back_to_front([staged[k] for k in by_name]):
        fig = by_name[box.name.casefold()]
        cx, bottom, bh = (box.x + box.w / 2) * w, (box.y + box.h) * h, box.h * h
        facing = 1 if cx < w / 2 else -1
        if shot == "bird's-eye":
            pose = Pose(cx, (box.y + box.h / 2) * h, min(bh, box.w * w) / 0.7, "top", facing)
        elif fig.kind == "snail":  # 0.55 of its pose height tall, 0.8 long: the box's height, a little wider at most
            pose = Pose(cx, bottom, min(bh / 0.6, 1.8 * box.w * w / 0.85), "three-quarter", facing)
        else:  # the head's name tag sits above the figure: keep the body itself inside the box
            pose = Pose(cx, bottom, bh * 0.95, "three-quarter" if len(figures) > 1 else "front", facing)
        drawn.append((fig.name, draw_figure(draw, fig, pose)))
    return drawn


def _eye_level_figures(draw: ImageDraw.ImageDraw, figures: tuple[FigureSpec, ...], shot: str, w: int, h: int,
                       horizon: float) -> list[FigureBox]:
    if not figures:
        return []
    if shot in CLOSE:
        scale = 1.35 if shot == "extreme close-up" else 1.0
        fig = figures[0]
        if fig.kind == "snail":
            box = draw_figure(draw, fig, Pose(w * 0.4, h * 0.97, h * 1.15 * scale, "three-quarter", 1))
        else:
            hh = h * 1.75 * scale
            box = draw_figure(draw, fig, Pose(w * 0.5, h * 0.38 + hh * 0.89, hh, "front", 1))
        return [(fig.name, box)]
    if shot == "over-the-shoulder":
        far = figures[1] if len(figures) > 1 else figures[0]
        drawn = [(far.name, draw_figure(draw, far, Pose(w * 0.64, h * 0.92, h * 0.62, "three-quarter", -1)))]
        if len(figures) > 1:
            near = figures[0]
            hh = h * 1.6
            drawn.append((near.name, draw_figure(draw, near, Pose(w * 0.2, h * 0.42 + hh * 0.89, hh, "back", 1, labels=True))))
        return drawn
    n = len(figures)
    if shot in ("wide", "extreme wide"):
        fh = h * (0.3 if shot == "wide" else 0.2)
        ground = horizon + (h - horizon) * 0.4
    elif shot == "low angle":
        fh, ground = h * 0.85, h * 0.99
    else:
        fh, ground = h * 0.72, h * 1.0
    fh = min(fh, w / max(1, n) * 1.5)  # many figures side by side shrink to fit
    drawn = []
    for i, fig in enumerate(figures):
        x = w * (i + 1) / (n + 1)
        facing = 1 if x < w / 2 else -1
        view = "three-quarter" if n > 1 else "front"
        drawn.append((fig.name, draw_figure(draw, fig, Pose(x, ground, fh, view, facing))))
    return drawn


def _birds_eye(img: Image.Image, spec: SketchSpec, scene: object, rng: random.Random) -> list[FigureBox]:
    w, h = img.size
    ground = getattr(scene, "ground", SCENES["plain"].ground)
    img.paste(gradient((w, h), ground, tuple(int(c * 0.85) for c in ground)), (0, 0))  # type: ignore[arg-type]
    draw = ImageDraw.Draw(img, "RGBA")
    step = w / 8
    for i in range(1, 8):  # a floor grid seen from straight above
        draw.line([(i * step, 0), (i * step, h)], fill=(*INK, 40), width=1)
        draw.line([(0, i * h / 8), (w, i * h / 8)], fill=(*INK, 40), width=1)
    if getattr(scene, "motif", "") == "road":
        draw.rectangle((w * 0.3, 0, w * 0.7, h), fill=(96, 96, 100))
        for k in range(6):
            draw.rectangle((w * 0.495, k * h / 6 + h * 0.03, w * 0.505, k * h / 6 + h * 0.1), fill=(246, 230, 120))
    if has_word(scene_words(spec.action, spec.figures), CAR_WORDS):
        colour = car_colour(scene_words(spec.action, spec.figures))
        draw.rounded_rectangle((w * 0.42, h * 0.3, w * 0.58, h * 0.62), radius=w * 0.03, fill=colour, outline=INK, width=3)
        for t in quoted_texts(spec.action)[:1]:
            tw, th = text_size(t, h // 10)
            draw_text(draw, (w * 0.5 - tw / 2, h * 0.46 - th / 2), t, h // 10, (250, 214, 60))
    n = len(spec.figures)
    drawn = []
    for i, fig in enumerate(spec.figures):
        x = w * (i + 1) / (n + 1)
        y = h * (0.35 + 0.3 * (i % 2))
        drawn.append((fig.name, draw_figure(draw, fig, Pose(x, y, h * 0.45, "top", 1))))
    return drawn


def _caption(draw: ImageDraw.ImageDraw, spec: SketchSpec, shot: str, w: int, h: int) -> None:
    size = max(12, h // 40)
    text = " · ".join(filter(None, [spec.caption, shot.upper()]))
    tw, th = text_size(text, size)
    draw.rectangle((0, h - th - size * 0.8, tw + size * 1.2, h), fill=(255, 255, 250, 220), outline=INK, width=2)
    draw_text(draw, (size * 0.6, h - th - size * 0.4), text, size, INK)


def _note(draw: ImageDraw.ImageDraw, instruction: str, w: int, h: int) -> None:
    """A sticky note top-left quoting the refinement, so the variant shows what was asked."""
    size = max(14, h // 34)
    lines = wrap("Refined: " + instruction, size, w * 0.4)[:3]
    lh = size * 1.2
    box = (w * 0.03, h * 0.03, w * 0.03 + w * 0.4 + size, h * 0.03 + lh * len(lines) + size)
    draw.rectangle((box[0] + 5, box[1] + 5, box[2] + 5, box[3] + 5), fill=(0, 0, 0, 60))
    draw.rectangle(box, fill=(255, 236, 130), outline=INK, width=2)
    for i, line in enumerate(lines):
        draw_text(draw, (box[0] + size / 2, box[1] + size / 2 + i * lh), line, size, INK)


@dataclass(frozen=True)
class SheetSpec:
    """What a character sheet sketch shows: the character, in the project's style."""

    figure: FigureSpec
    look: SketchLook | None = None


def render_sheet(figure: FigureSpec, width: int, height: int, look: SketchLook | None = None) -> Image.Image:
    """A character reference sheet: front, three-quarter and side views on a plain background."""
    img = gradient((width, height), (250, 248, 242), (236, 232, 222))
    draw = ImageDraw.Draw(img, "RGBA")
    w, h = width, height
    ground = h * 0.8
    draw.line([(w * 0.04, ground), (w * 0.96, ground)], fill=(*INK, 120), width=2)
    views = (("front", "front 正面"), ("three-quarter", "three-quarter 四分之三"), ("side", "side 侧面"))
    for i, (view, _label) in enumerate(views):
        x = w * (i + 0.5) / 3
        fh = min(h * 0.6, w / 3 * (0.85 if figure.kind == "snail" else 1.2))
        draw_figure(draw, FigureSpec(figure.name, figure.description), Pose(x, ground, fh, view, 1, labels=False))
    if look is not None:
        img = apply_look(img, look)  # the character in the style; its name and notes stay legible
        draw = ImageDraw.Draw(img, "RGBA")
    title = max(18, h // 18)
    tw, th = text_size(figure.name, title)
    draw_text(draw, ((w - tw) / 2, h * 0.03), figure.name, title, INK)
    small = max(12, h // 40)
    for i, (_view, label) in enumerate(views):
        x = w * (i + 0.5) / 3
        lw_, _ = text_size(label, small)
        draw_text(draw, (x - lw_ / 2, ground + small * 0.6), label, small, INK)
    for i, line in enumerate(wrap(figure.description, small, w * 0.9)[:2]):
        draw_text(draw, (w * 0.05, h * 0.89 + i * small * 1.3), line, small, (90, 84, 80))
    draw.rectangle((0, 0, w - 1, h - 1), outline=INK, width=max(3, w // 256))
    return img


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)  # flat sketches compress well even at the fastest level
    return buf.getvalue()


class SketchBackend:
    """The offline backend: draws a sketch for any request, instantly and for free."""

    name = "offline"

    def generate(
        self,
        request: ImageRequest,
        on_partial: PartialImageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImageResult:
        """Draw the sketch the request describes (its `sketch` spec, else its prompt as the action)."""
        from generation.errors import CancelledError

        if cancel is not None and cancel.cancelled:
            raise CancelledError()
        started = time.monotonic()
        spec = request.sketch
        if isinstance(spec, FigureSpec):
            spec = SheetSpec(spec)
        if not isinstance(spec, (SketchSpec, SheetSpec, PhotoSpec)):
            spec = SketchSpec(action=request.prompt)
        if isinstance(spec, PhotoSpec):
            from generation.sketch.photo_restyle import restyle_png  # OpenCV loads only when a photo is restyled

            if spec.colour_areas:  # a drawing from scratch: its closed shapes become coloured areas
                from generation.sketch.drawing_colour import colour_drawing
                from generation.sketch.photo_restyle import fit_photo, restyle
                from model.imageload import decode_image

                lines = fit_photo(decode_image(request.base_image or b"", "The drawing"), request.width, request.height)
                img = restyle(colour_drawing(lines, spec.look), spec.look)
            else:
                img = restyle_png(request.base_image or b"", spec.look, request.width, request.height)
        elif isinstance(spec, SheetSpec):
            img = render_sheet(spec.figure, request.width, request.height, spec.look)
        else:
            if request.instruction and spec.instruction != request.instruction:
                spec = replace(spec, instruction=request.instruction)
            img, drawn = draw_panel(spec, request.width, request.height)
            return ImageResult(png_bytes(img), self.name, SKETCH_MODEL, None, 0.0, time.monotonic() - started,
                               parameters={"figures": figure_fractions(drawn, request.width, request.height)})
        return ImageResult(png_bytes(img), self.name, SKETCH_MODEL, None, 0.0, time.monotonic() - started)


def figure_fractions(drawn: list[FigureBox], width: int, height: int) -> list[list]:
    """Where each figure was drawn, as `[name, x, y, w, h]` fractions of the picture: recorded on the
    version, so lettering can keep balloons off figures that were never staged."""
    out = []
    for name, (left, top, right, bottom) in drawn:
        x0, y0 = max(0.0, left / width), max(0.0, top / height)
        x1, y1 = min(1.0, right / width), min(1.0, bottom / height)
        if x1 > x0 and y1 > y0:
            out.append([name, round(x0, 3), round(y0, 3), round(x1 - x0, 3), round(y1 - y0, 3)])
    return out

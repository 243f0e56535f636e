"""Lettering uses the staging: balloons keep off the characters' boxes and point at their speakers; a
sketch's own figure positions serve when nobody staged; a model's picture is read for calm areas."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from export.raster.render import cover_crop
from generation.planning import GenerationSettings, plan_panels
from generation.recording import record_result
from generation.sketch.render import SketchBackend
from model.geometry import Rect
from model.page.layout import layout_project
from model.project.project import ImageVersion, Line, Panel, Project
from model.script.panelscript import parse_script
from model.staging.calm import detail_map_of
from model.staging.words import parse_staging

ROOT = Path(__file__).resolve().parent.parent
TALK = ("# Panel 5 (medium) @ Showroom\nGary and the Salesman shake hands.\n"
        "Salesman: Deal! One S-car, coming right up for our smallest customer.\nGary: Make it fast.\n\n# Panel 4")
TALK_ZH = "# 第5格（中景）@展厅\n小蜗和销售员握手。\n销售员：成交！一辆 S 跑车，马上为我们最小的顾客准备好。\n小蜗：要快。\n\n# 第4格"
STAGING = {
    "en": ["Gary left, Salesman right near", "Gary right near", "Salesman left", "Gary centre small, Salesman right",
           "Gary right far"],
    "zh": ["小蜗左，销售员右近", "小蜗右近", "销售员左", "小蜗中小，销售员右", "小蜗右远"],
}


def drawn_strip(language: str, staged: bool = True) -> Project:
    name, talk = ("s-car.txt", TALK) if language == "en" else ("s-car.zh.txt", TALK_ZH)
    text = (ROOT / "resources/examples" / name).read_text(encoding="utf-8")
    text = text.replace("# Panel 4", talk) if language == "en" else text.replace("# 第4格", talk)
    project = parse_script(text).project
    if staged:
        for panel, words in zip(project.panels, STAGING[language]):
            panel.staging = parse_staging(project, panel, words)
    for job in plan_panels(project, project.panels, GenerationSettings()):
        record_result(project, job, SketchBackend().generate(job.request), "offline")
    return project


def on_page(frame_rect: Rect, version: ImageVersion, x: float, y: float, w: float, h: float) -> Rect:
    """A box given in fractions of the picture, where the renderer shows it on the page."""
    left, top, right, bottom = cover_crop(version.width, version.height, frame_rect.w, frame_rect.h)
    sx, sy = frame_rect.w / (right - left), frame_rect.h / (bottom - top)
    return Rect(frame_rect.x + (x * version.width - left) * sx, frame_rect.y + (y * version.height - top) * sy,
                w * version.width * sx, h * version.height * sy)


def overlap(a: Rect, b: Rect) -> float:
    return max(0.0, min(a.right, b.right) - max(a.x, b.x)) * max(0.0, min(a.bottom, b.bottom) - max(a.y, b.y))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_balloons_on_a_staged_strip_cover_no_character_box_by_more_than_3_percent(language: str) -> None:
    project = drawn_strip(language)
    layout = layout_project(project)
    checked = 0
    for frame in layout.pages[0].frames:
        panel = project.panel(frame.panel_id)
        version = panel.images.selected
        for balloon in frame.balloons:
            for box in panel.staging:
                share = overlap(balloon.body, on_page(frame.rect, version, box.x, box.y, box.w, box.h))
                assert share <= 0.03 * balloon.body.w * balloon.body.h, (frame.number, balloon.kind, box.name)
                checked += 1
    assert checked >= 8


def test_each_tail_points_at_its_speakers_box() -> None:
    project = drawn_strip("en")
    frame = layout_project(project).pages[0].frames[3]  # Gary centre small, Salesman right: both speak
    panel = project.panel(frame.panel_id)
    boxes = {b.name: on_page(frame.rect, panel.images.selected, b.x, b.y, b.w, b.h) for b in panel.staging}
    for balloon in frame.balloons:
        speaker = panel.lines[balloon.line_index].speaker
        box = boxes[speaker]
        other = next(b for name, b in boxes.items() if name != speaker)
        tip = balloon.tail_tip
        assert tip is not None
        to_own = abs(tip[0] - box.center[0])
        assert to_own < abs(tip[0] - other.center[0]), speaker


def head_cover(project: Project, figures: dict[str, list]) -> float:
    """The share of all balloon area over the sketch's figures' heads and upper bodies."""
    covered = total = 0.0
    for frame in layout_project(project).pages[0].frames:
        version = project.panel(frame.panel_id).images.selected
        for balloon in frame.balloons:
            total += balloon.body.w * balloon.body.h
            for _name, x, y, w, h in figures[frame.panel_id]:
                covered += overlap(balloon.body, on_page(frame.rect, version, x, y, w, h * 0.45))
    return covered / total


def test_without_staging_the_sketchs_own_figures_keep_balloons_off_them() -> None:
    project = drawn_strip("en", staged=False)
    figures = {p.id: p.images.selected.parameters["figures"] for p in project.panels}
    known = head_cover(project, figures)
    for panel in project.panels:  # a sketch from before figures were recorded: lettering only guesses
        panel.images.selected.parameters.pop("figures")
    guessed = head_cover(project, figures)
    assert known < guessed * 0.6, (known, guessed)


def busy_left_picture(width: int = 1024, height: int = 768) -> bytes:
    """A calm sky on the right, a busy crowd of edges on the left (a model's picture as lettering sees it)."""
    rng = np.random.default_rng(7)
    pixels = np.full((height, width, 3), (170, 200, 235), dtype=np.uint8)
    noise = rng.integers(0, 255, size=(height, width // 2, 1), dtype=np.uint8)
    pixels[:, : width // 2] = np.repeat((noise > 128).astype(np.uint8) * 200 + 20, 3, axis=2)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def test_a_detail_map_tells_calm_from_busy() -> None:
    grey = np.asarray(Image.open(io.BytesIO(busy_left_picture())).convert("L"))
    detail = detail_map_of(grey)
    assert detail.mean(0.05, 0.05, 0.45, 0.5) > 0.5 > 0.05 > detail.mean(0.6, 0.05, 0.95, 0.5)


def test_an_unstaged_model_picture_gets_its_balloon_on_the_calm_side() -> None:
    project = Project(layout="strip")
    panel = Panel(action="A crowd.", lines=[Line("caption", "Meanwhile, far away from the busy market square…")])
    data = busy_left_picture()
    panel.images.add(ImageVersion(project.images.put(data), 1024, 768, "a prompt", "openai"))
    project.panels = [panel]
    frame = layout_project(project).pages[0].frames[0]
    body = frame.balloons[0].body
    assert body.center[0] > frame.rect.center[0]  # a caption would sit top-left, on the busy half


def test_recorded_figures_that_make_no_sense_are_left_out() -> None:
    from model.staging.figures import figures_in_picture

    project = drawn_strip("en", staged=False)
    panel = project.panels[2]
    panel.images.selected.parameters["figures"] = [["Salesman", float("nan"), 0.1, 0.2, 0.3], ["Gary", 1e308, 0, 1, 1],
                                                   "junk", ["Salesman", 0.4, 0.2, 0.3, 0.7]]
    assert [(f.name, f.x) for f in figures_in_picture(project, panel)] == [("Salesman", 0.4)]
    layout_project(project)  # letters without trouble


def test_a_crowded_staged_panel_keeps_its_reading_order_and_the_characters_clear() -> None:
    project = drawn_strip("en")
    panel = project.panels[3]  # the two-speaker panel: a long line, then the reply
    panel.staging = parse_staging(project, panel, "Salesman left near, Gary right")
    frame = layout_project(project).pages[0].frames[3]
    first, reply = sorted(frame.balloons, key=lambda b: b.line_index)
    read_first = first.body.bottom <= reply.body.y + 1 or (
        first.body.center[0] < reply.body.center[0] and first.body.y <= reply.body.y + first.body.h * 0.3)
    assert read_first, (first.body, reply.body)
    version = panel.images.selected
    for balloon in (first, reply):
        for box in panel.staging:
            share = overlap(balloon.body, on_page(frame.rect, version, box.x, box.y, box.w, box.h))
            assert share <= 0.03 * balloon.body.w * balloon.body.h, box.name

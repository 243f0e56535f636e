"""The layout engine: where pages, panels and balloons go, in points."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.errors import BadInputError
from model.geometry import Rect
from model.page.layout import layout_project
from model.pagesize import mm, parse_page_size
from model.project.project import BalloonPlacement, Character, Line, PageSettings, Panel, Project
from tests.pagebuilders import give_picture, snail_strip, snail_strip_zh


def _all_balloons(layout):
    for page in layout.pages:
        for frame in page.frames:
            yield frame, frame.balloons


def test_a_strip_is_one_row_with_padding_and_gutters_where_the_settings_say() -> None:
    project = snail_strip()
    layout = layout_project(project)
    assert len(layout.pages) == 1
    page = layout.pages[0]
    rects = [f.rect for f in page.frames]
    edge = mm(project.page.margin_mm) + mm(project.page.padding_mm)
    assert rects[0].x == pytest.approx(edge)
    assert rects[-1].right == pytest.approx(page.width - edge)
    assert all(r.y == pytest.approx(rects[0].y) and r.h == pytest.approx(rects[0].h) for r in rects)
    for left, right in zip(rects, rects[1:]):
        assert right.x - left.right == pytest.approx(mm(project.page.gutter_mm))
    assert page.width * 300 / 72 >= 2400  # a strip printed at 300 DPI is at least 2400 px wide


def test_right_to_left_mirrors_the_panel_order_in_a_row() -> None:
    project = snail_strip()
    project.page.direction = "rtl"
    frames = layout_project(project).pages[0].frames
    xs = [f.rect.x for f in frames]
    assert xs == sorted(xs, reverse=True)
    assert [f.number for f in frames] == [1, 2, 3, 4]


def test_a_grid_fills_rows_then_pages() -> None:
    project = snail_strip()
    project.panels.append(Panel(action="An extra panel."))
    layout = layout_project(project, layout="grid")
    assert [len(p.frames) for p in layout.pages] == [4, 1]
    first = [f.rect for f in layout.pages[0].frames]
    assert first[0].y == pytest.approx(first[1].y) and first[1].x > first[0].x
    assert first[2].y > first[0].bottom


def test_vertical_is_four_panels_in_one_column_per_page() -> None:
    layout = layout_project(snail_strip(), layout="vertical")
    frames = layout.pages[0].frames
    assert len(frames) == 4
    assert len({round(f.rect.x, 3) for f in frames}) == 1
    assert all(b.y > a.bottom for a, b in zip([f.rect for f in frames], [f.rect for f in frames[1:]]))


def test_a_book_has_a_cover_then_one_full_bleed_page_per_panel() -> None:
    project = snail_strip()
    project.page.page_size = "8.5x8.5in"
    layout = layout_project(project, layout="book")
    assert len(layout.pages) == 1 + len(project.panels)
    cover = layout.pages[0]
    assert cover.cover and cover.frames[0].image == project.panels[0].images.selected.sha256
    cover_words = [ln.text for t in cover.texts for ln in t.lines]
    assert "The S-car" in cover_words and "Ann Author" in cover_words
    page = layout.pages[2]
    assert page.frames[0].rect.x == 0 and page.frames[0].rect.y == 0 and page.frames[0].rect.w == page.width
    band = " ".join(ln.text for t in page.texts for ln in t.lines)
    assert "fastest" in band


def test_a_chosen_panel_pictures_the_book_cover() -> None:
    project = snail_strip()
    layout = layout_project(project, layout="book", cover_panel=project.panels[2].id)
    assert layout.pages[0].frames[0].image == project.panels[2].images.selected.sha256


def test_book_words_over_the_art_are_balloons_inside_the_safe_zone() -> None:
    project = snail_strip()
    project.page.book_text = "over"
    layout = layout_project(project, layout="book")
    page = layout.pages[2]
    safe = Rect(27, 27, page.width - 54, page.height - 54)
    assert page.frames[0].balloons
    assert all(safe.contains(b.extent, 0.5) for b in page.frames[0].balloons)


def test_book_words_over_the_art_are_as_large_as_in_the_text_band() -> None:
    sizes = {}
    for mode in ("band", "over"):
        project = snail_strip()
        project.page.page_size = "8.5x8.5in"
        project.page.book_text = mode
        page = layout_project(project, layout="book").pages[3]  # "Uh... we can do that," and more: short lines
        lines = [ln for t in page.texts for ln in t.lines] + [ln for f in page.frames for b in f.balloons for ln in b.lines]
        sizes[mode] = min(ln.size for ln in lines)
    assert sizes["over"] >= sizes["band"] - 0.01 >= 14


def test_a_storyboard_sheet_holds_six_panels_with_number_shot_and_words_underneath() -> None:
    project = snail_strip()
    project.panels += [Panel(shot="wide", action=f"Extra {i}") for i in range(3)]
    layout = layout_project(project, layout="storyboard")
    assert [len(p.frames) for p in layout.pages] == [6, 1]
    assert layout.pages[0].width > layout.pages[0].height
    words = [ln.text for t in layout.pages[0].texts for ln in t.lines]
    assert "2 · close-up" in words
    assert any(w.startswith("Gary: I want") for w in words)
    assert not any(f.balloons for f in layout.pages[0].frames)


@pytest.mark.parametrize("build", [snail_strip, snail_strip_zh])
@pytest.mark.parametrize("kind", ["strip", "grid", "vertical"])
def test_every_balloon_stays_inside_its_panel_and_none_overlap(build, kind: str) -> None:
    layout = layout_project(build(), layout=kind)
    assert layout.warnings == []
    for frame, balloons in _all_balloons(layout):
        for b in balloons:
            assert frame.rect.contains(b.extent), (kind, b.kind)
            for line in b.lines:
                assert frame.rect.contains(line.box)
        for i, a in enumerate(balloons):
            for b in balloons[i + 1:]:
                assert not a.body.intersects(b.body), (kind, a.kind, b.kind)


def test_tails_point_toward_the_speaker() -> None:
    project = snail_strip()
    frame = layout_project(project).pages[0].frames[2]
    # Gary is named first in the action, so he stands left (1/4 across) and the Salesman right (3/4).
    gary_x = frame.rect.x + frame.rect.w * 0.25
    salesman_x = frame.rect.x + frame.rect.w * 0.75
    speech = [b for b in frame.balloons if b.kind == "speech"]
    assert len(speech) == 2
    for b in speech:
        assert abs(b.tail_tip[0] - salesman_x) < abs(b.tail_tip[0] - gary_x)
        assert b.tail_tip[1] > b.body.bottom  # the speaker stands below the balloons
    thought = next(b for b in frame.balloons if b.kind == "thought")
    last = thought.bubbles[-1].center
    # Read last, the thought sits after the speech; its bubbles still trail down toward Gary, on the left.
    assert abs(last[0] - gary_x) < abs(last[0] - salesman_x)
    assert last[1] > thought.body.center[1]


def test_balloons_are_read_in_order_left_to_right_top_to_bottom() -> None:
    panel = Panel(action="Two people.", lines=[Line("caption", f"Caption {i}") for i in range(1)] +
                  [Line("speech", f"Line number {i} is here.", None) for i in range(3)])
    project = Project(panels=[panel])
    frame = layout_project(project).pages[0].frames[0]
    speech = [b for b in frame.balloons if b.kind == "speech"]
    for a, b in zip(speech, speech[1:]):
        assert b.body.y >= a.body.y - 1 or b.body.center[0] > a.body.center[0]


def test_a_users_stored_placement_wins() -> None:
    project = snail_strip()
    panel = project.panels[1]
    panel.balloons[0] = BalloonPlacement(x=0.5, y=0.7, tail_x=0.1, tail_y=0.95)
    frame = layout_project(project).pages[0].frames[1]
    balloon = frame.balloons[0]
    assert balloon.body.center[1] > frame.rect.y + frame.rect.h * 0.55
    assert balloon.tail_tip[0] < frame.rect.x + frame.rect.w * 0.2


def test_long_words_shrink_but_never_below_seven_points_then_warn() -> None:
    project = snail_strip()
    project.panels[1].lines = [Line("speech", "Blah " * 400, "Gary")]
    layout = layout_project(project)
    balloon = layout.pages[0].frames[1].balloons[0]
    assert min(line.size for line in balloon.lines) >= 7
    assert balloon.overflow
    assert any("do not fit" in w and "Panel 2" in w for w in layout.warnings)


def test_medium_text_shrinks_to_fit_without_a_warning() -> None:
    project = snail_strip()
    project.panels[1].lines = [Line("speech", "Word " * 40, "Gary")]
    layout = layout_project(project)
    balloon = layout.pages[0].frames[1].balloons[0]
    assert not balloon.overflow and layout.warnings == []
    assert " ".join(ln.text for ln in balloon.lines).split() == ["Word"] * 40


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["speech", "thought", "whisper", "shout", "caption", "sfx"]),
                          st.text(alphabet="abc defg 你好，。！", min_size=1, max_size=60).filter(str.strip)),
                min_size=1, max_size=4))
def test_any_words_stay_inside_the_panel_and_overlap_only_with_a_warning(lines) -> None:
    project = Project(characters=[Character("A"), Character("B")])
    panel = Panel(action="A and B.", lines=[Line(k, t, "A" if k in ("speech", "thought") else None) for k, t in lines])
    project.panels = [panel]
    give_picture(project, panel, (100, 100, 100), (64, 64))
    layout = layout_project(project)
    frame = layout.pages[0].frames[0]
    for b in frame.balloons:
        assert frame.rect.contains(b.extent)
    overlaps = any(a.body.intersects(b.body) for i, a in enumerate(frame.balloons) for b in frame.balloons[i + 1:])
    if overlaps:
        assert layout.warnings


@pytest.mark.parametrize("text,expected", [
    ("A4", (595.28, 841.89)), ("a5", (419.53, 595.28)), ("Letter", (612, 792)), ("8.5x8.5in", (612, 612)),
    ("8x10in", (576, 720)), ("11x8.5in", (792, 612)), ("6 x 9 in", (432, 648)), ("210 x 297 mm", (595.28, 841.89)),
    ("3000 x 1500 px", (720, 360)),
])
def test_page_sizes_by_name_or_dimensions(text: str, expected: tuple[float, float]) -> None:
    w, h = parse_page_size(text, dpi=300)
    assert (w, h) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("text", ["B7", "12 x", "0 x 5 in", "9000 x 10 in", ""])
def test_a_bad_page_size_is_one_clear_sentence(text: str) -> None:
    with pytest.raises(BadInputError) as err:
        parse_page_size(text)
    assert "\n" not in str(err.value)


def test_an_unknown_layout_is_bad_input() -> None:
    with pytest.raises(BadInputError):
        layout_project(snail_strip(), layout="spiral")


def test_an_explicit_page_size_fits_the_strip_across_that_page() -> None:
    layout = layout_project(snail_strip(), PageSettings(page_size="11x8.5in"))
    page = layout.pages[0]
    assert (page.width, page.height) == (792, 612)
    assert all(0 < f.rect.x and f.rect.right < 792 for f in page.frames)


def test_storyboard_notes_say_who_thinks_whispers_or_shouts() -> None:
    project = snail_strip()
    project.panels[1].lines += [Line("whisper", "psst", "Gary"), Line("shout", "HEY", "Salesman"),
                                Line("thought", "他不会懂的。", "小蜗")]
    layout = layout_project(project, layout="storyboard")
    words = " ".join(ln.text for t in layout.pages[0].texts for ln in t.lines)
    for note in ("Gary (thinks): He will see.", "Gary (whispers): psst", "Salesman (shouts): HEY", "小蜗（想）：他不会懂的。"):
        assert note in words


def test_a_chinese_storyboard_names_shots_captions_and_sound_effects_in_chinese() -> None:
    from model.script.panelscript import parse_script

    project = parse_script("第1格（俯视）\n阿橘坐在湖边。\n旁白：一天傍晚。\n音效：扑通\n\n"
                           "Panel 2 (wide)\nAnn waves.\nCaption: Later.\n").project
    words = [ln.text for t in layout_project(project, layout="storyboard").pages[0].texts for ln in t.lines]
    joined = " ".join(words)
    assert "1 · 俯视" in words and "2 · wide" in words
    assert "旁白：一天傍晚。" in joined and "音效：扑通" in joined and "Caption: Later." in joined
    assert "CAPTION" not in joined

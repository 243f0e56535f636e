"""Composed pages: templates inside the safe area with equal gutters, mirrored for right-to-left reading,
panels flowing on, page breaks and page layouts in the script, and the Layout mode's edits."""
from __future__ import annotations

import pytest

from model.errors import BadInputError
from model.page.composed import plan_pages
from model.page.layout import layout_project
from model.page.frames import safe_zone
from model.shapes.edits import add_inset, merge_cells, move_gutter, set_cell, set_slant, split_cell
from model.shapes.shape import capacity, gutters, gutter_line, leaves, node_at, slots
from model.shapes.templates import TEMPLATES, find_template, template_problem
from model.pagesize import mm
from model.project.project import Line, PageSettings, Panel, Project
from model.script.panelscript import parse_script
from model.script.render import render_script

TOL = 1e-6


def project_with(n: int, template: str = "", **page: object) -> Project:
    panels = [Panel(action=f"beat {i + 1}", lines=[Line("speech", f"line {i + 1}", "Ann")]) for i in range(n)]
    if template:
        panels[0].page_layout = template
    return Project(title="T", layout="grid", panels=panels, page=PageSettings(**page))


def test_there_are_at_least_fifteen_templates_each_with_an_english_and_a_chinese_name() -> None:
    assert len(TEMPLATES) >= 15
    for t in TEMPLATES:
        assert t.name and t.name_zh and t.name != t.name_zh
        assert find_template(t.name) is t and find_template(t.name_zh) is t
    for wanted in ("2x2", "3 tiers", "2+1", "1+2", "L-shape", "splash", "splash with inset", "widescreen strips",
                   "4-koma column", "big panel with three small", "manga 5-panel", "picture-book spread"):
        assert find_template(wanted) is not None, wanted
    assert find_template("跨页大图").name == "splash" and find_template("2 × 2").name == "2x2"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
@pytest.mark.parametrize("bleed", [False, True])
def test_each_template_lays_out_its_panels_inside_the_safe_area_with_equal_gutters(template, bleed: bool) -> None:
    project = project_with(template.panels, template.name, bleed=bleed)
    page = layout_project(project).pages[0]
    assert page.template == template.name and len(page.frames) == template.panels
    zone = safe_zone(page, bleed)
    for frame in page.frames:
        if any(frame.bleed_edges):  # a bleeding picture runs to the trim on purpose; its words do not
            assert frame.rect.x >= -TOL and frame.rect.right <= page.width + TOL
        else:
            assert zone.contains(frame.rect), (frame.number, frame.rect)
        for balloon in frame.balloons:
            assert zone.contains(balloon.body, tolerance=0.5)
    g = mm(project.page.gutter_mm)
    area = page.panel_area
    shape = page.shape
    for split_path, index in gutters(shape):
        split = node_at(shape, split_path)
        before = [s for s in slots(shape, area, g, page.width, page.height) if s.path[:len(split_path) + 1] == split_path + (index - 1,)]
        after = [s for s in slots(shape, area, g, page.width, page.height) if s.path[:len(split_path) + 1] == split_path + (index,)]
        a, b = gutter_line(shape, split_path, index, area, g)
        # The gutter's centre line lies half a gutter from the nearest edge of each part beside it.
        axis = 0 if split.axis == "columns" else 1
        mid = (a[axis] + b[axis]) / 2
        if split.slant == 0:
            assert min(abs(p[axis] - mid) for s in before for p in s.polygon) == pytest.approx(g / 2)
            assert min(abs(p[axis] - mid) for s in after for p in s.polygon) == pytest.approx(g / 2)


def test_every_template_mirrors_for_right_to_left_pages() -> None:
    for template in TEMPLATES:
        ltr = layout_project(project_with(template.panels, template.name)).pages[0]
        rtl = layout_project(project_with(template.panels, template.name, direction="rtl")).pages[0]
        for a, b in zip(ltr.frames, rtl.frames):
            assert b.rect.x == pytest.approx(ltr.width - a.rect.right) and b.rect.y == pytest.approx(a.rect.y)
            assert b.bleed_edges == (a.bleed_edges[2], a.bleed_edges[1], a.bleed_edges[0], a.bleed_edges[3])
    rtl = layout_project(project_with(4, "2x2", direction="rtl")).pages[0]
    first, second = rtl.frames[0].rect, rtl.frames[1].rect
    assert first.x > second.x and first.y == second.y  # panel 1 top right, read right to left


def test_a_splash_page_is_one_picture_covering_the_trim() -> None:
    page = layout_project(project_with(1, "splash")).pages[0]
    (frame,) = page.frames
    assert (frame.rect.x, frame.rect.y, frame.rect.w, frame.rect.h) == (0, 0, page.width, page.height)
    assert frame.bleed_edges == (True, True, True, True) and not frame.bordered


def test_slanted_gutters_give_polygon_frames() -> None:
    page = layout_project(project_with(5, "manga 5-panel")).pages[0]
    slanted = [f for f in page.frames if f.polygon is not None]
    assert len(slanted) == 2 and all(len(f.polygon) == 4 for f in slanted)
    left, right = slanted
    # The two bottom panels meet along a leaning gutter: the left one is wider at one end than the other.
    top_w = max(x for x, y in left.polygon if y == left.rect.y) - left.rect.x
    bottom_w = max(x for x, y in left.polygon if y == left.rect.bottom) - left.rect.x
    assert top_w != pytest.approx(bottom_w)


def test_panels_beyond_a_templates_room_flow_to_the_next_page() -> None:
    layout = layout_project(project_with(5, "splash"))
    assert [len(p.frames) for p in layout.pages] == [1, 4]
    assert [p.template for p in layout.pages] == ["splash", "grid 2x2"]
    assert [f.number for p in layout.pages for f in p.frames] == [1, 2, 3, 4, 5]


def test_a_picture_book_spread_sets_the_words_on_its_text_page() -> None:
    project = project_with(1, "picture-book spread")
    page = layout_project(project).pages[0]
    assert len(page.frames) == 1 and page.frames[0].balloons == []
    text = " ".join(run.text for block in page.texts for line in block.lines for run in line.runs)
    assert "line 1" in text
    assert min(line.box.x for block in page.texts for line in block.lines) > page.frames[0].rect.right


# ---- the script --------------------------------------------------------------------------------

SCRIPT = """Title: Pages
Layout: grid
Page layout: splash

Panel 1
A castle at dawn.

Page break
Page layout: 2+1
Panel 2
Ann runs.
Panel 3
Ann: Wait!
Panel 4
The gate shuts.

换页
Panel 5
Night.
"""


def test_page_breaks_and_page_layouts_in_the_script_compose_the_pages() -> None:
    result = parse_script(SCRIPT, "pages.txt")
    assert result.diagnostics == []
    layout = layout_project(result.project)
    assert [p.template for p in layout.pages] == ["splash", "2+1", "grid 2x2"]
    assert [[f.number for f in p.frames] for p in layout.pages] == [[1], [2, 3, 4], [5]]


def test_page_lines_are_written_back_in_english_and_chinese() -> None:
    project = parse_script(SCRIPT).project
    for language in ("en", "zh"):
        text = render_script(project, language)
        again = parse_script(text).project
        assert [(p.page_break, p.page_layout) for p in again.panels] == [(p.page_break, p.page_layout) for p in project.panels]
    zh = render_script(project, "zh")
    assert "页面版式：跨页大图" in zh and "页面版式：上二下一" in zh and "换页" in zh


def test_a_chinese_script_names_a_template_in_chinese() -> None:
    text = "标题：页\n版式：网格\n页面版式：跨页大图\n\n第1格\n城堡。\n\n换页\n页面版式：田字格\n第2格\n甲\n"
    result = parse_script(text)
    assert result.diagnostics == []
    assert [(p.page_break, p.page_layout) for p in result.project.panels] == [(False, "splash"), (True, "2x2")]


def test_an_unknown_template_says_did_you_mean_and_lists_them_and_keeps_the_line() -> None:
    text = "Layout: grid\n\nPanel 1\nA.\n\nPage layout: splosh\nPanel 2\nB.\n"
    result = parse_script(text, "s.txt")
    (d,) = result.diagnostics
    assert str(d).startswith("s.txt:6: unknown page layout “splosh”; did you mean “splash”?")
    assert "manga 5-panel" in d.message
    assert result.project.panels[1].page_layout == "splosh"
    assert "Page layout: splosh" in render_script(result.project)  # nothing lost
    assert "did you mean “跨页大图”" in template_problem("跨页大")


def test_a_page_break_inside_a_panel_block_is_a_warning_and_no_words_are_lost() -> None:
    text = "Layout: grid\n\nPanel 1\nAnn walks.\nPage break\nAnn: Hello!\n\nPanel 2\nBob waves.\n"
    result = parse_script(text, "s.txt")
    (d,) = result.diagnostics
    assert d.line == 6 and "page break inside panel 1" in d.message
    first, second = result.project.panels
    assert first.action == "Ann walks." and first.lines == [Line("speech", "Hello!", "Ann")]
    assert second.page_break


def test_more_panels_than_a_template_holds_before_the_next_break_is_said_once() -> None:
    text = "Layout: grid\nPage layout: 2+1\n\n" + "".join(f"Panel {i}\nBeat {i}.\n\n" for i in range(1, 6))
    text += "Page break\nPanel 6\nEnd.\n"
    result = parse_script(text, "s.txt")
    (d,) = result.diagnostics
    assert d.line == 2 and "holds 3 panels" in d.message and "panels 4–5 flow on" in d.message
    assert [len(p.frames) for p in layout_project(result.project).pages] == [3, 2, 1]


# ---- edits -------------------------------------------------------------------------------------


def composed(template: str):
    project = project_with(find_template(template).panels, template)
    page = layout_project(project).pages[0]
    return project, page, mm(project.page.gutter_mm)


def test_moving_a_gutter_resizes_the_panels_beside_it_and_keeps_the_gutter_width() -> None:
    project, page, g = composed("3 tiers")
    moved = move_gutter(page.shape, (), 1, 300.0, page.panel_area, g)
    project.page_shapes[page.shape_key] = moved
    frames = layout_project(project).pages[0].frames
    assert frames[0].rect.bottom + g / 2 == pytest.approx(page.panel_area.y + 300.0)
    assert frames[1].rect.y - frames[0].rect.bottom == pytest.approx(g)
    far, before = frames[2].rect, page.frames[2].rect  # the far panel does not move
    assert (far.x, far.y, far.w, far.h) == pytest.approx((before.x, before.y, before.w, before.h))


def test_a_gutter_stops_half_an_inch_from_the_next() -> None:
    _project, page, g = composed("2 tiers")
    moved = move_gutter(page.shape, (), 1, -500.0, page.panel_area, g)
    first = [s for s in slots(moved, page.panel_area, g, page.width, page.height)][0]
    assert first.rect.h == pytest.approx(36.0)


def test_split_and_merge_change_how_many_panels_a_page_holds() -> None:
    _project, page, g = composed("2x2")
    shape = split_cell(page.shape, (0, 0), "rows", page.panel_area, g)
    assert capacity(shape) == 5
    shape = split_cell(shape, (1, 1), "columns", page.panel_area, g)  # same direction: one more in that row
    assert capacity(shape) == 6 and len(node_at(shape, (1,)).children) == 3
    merged = merge_cells(shape, (1, 1), (1, 2), page.panel_area, g)
    assert capacity(merged) == 5
    with pytest.raises(BadInputError, match="side by side"):
        merge_cells(shape, (0, 1), (1, 0), page.panel_area, g)
    assert capacity(page.shape) == 4  # edits never change the shape they start from


def test_a_split_under_half_an_inch_is_refused_in_one_sentence() -> None:
    _project, page, g = composed("widescreen strips")
    shape = page.shape
    with pytest.raises(BadInputError, match=r"under 0\.5 in"):
        for _ in range(6):
            shape = split_cell(shape, (0,), "rows", page.panel_area, g)


def test_borderless_bleed_inset_and_slant_edits_show_in_the_layout() -> None:
    project, page, g = composed("2 tiers")
    shape = set_cell(page.shape, (0,), bordered=False, bleed=True)
    shape = add_inset(shape, slots(shape, page.panel_area, g, page.width, page.height)[1].rect, page.panel_area)
    shape = set_slant(shape, (), 6.0)
    project.page_shapes[page.shape_key] = shape
    project.panels.append(Panel(action="inset"))
    frames = layout_project(project).pages[0].frames
    assert len(frames) == 3 and not frames[0].bordered and frames[0].bleed_edges[:3] == (True, True, True)
    assert frames[0].polygon is not None and frames[2].rect.w < frames[1].rect.w


def test_an_edited_shape_follows_its_template_and_mirrors_right_to_left() -> None:
    project, page, g = composed("side by side")
    project.page_shapes[page.shape_key] = move_gutter(page.shape, (), 1, 150.0, page.panel_area, g)
    ltr = layout_project(project).pages[0].frames
    project.page.direction = "rtl"
    rtl = layout_project(project).pages[0].frames
    assert rtl[0].rect.x == pytest.approx(page.width - ltr[0].rect.right)
    project.panels[0].page_layout = "2 tiers"  # another template named: the edit no longer applies
    assert plan_pages(project, project.page)[0].shape.template == "2 tiers"


def test_leaves_are_in_reading_order() -> None:
    shape = find_template("L-shape").shape()
    assert [p for p, _c in leaves(shape.root)] == [(0, 0), (0, 1, 0), (0, 1, 1), (1, 0), (1, 1), (1, 2)]


def test_an_edited_page_keeps_its_shape_when_the_script_is_edited_around_it() -> None:
    from model.script.reconcile import reparse

    project = parse_script(SCRIPT).project
    page = layout_project(project).pages[1]
    g = mm(project.page.gutter_mm)
    project.page_shapes[page.shape_key] = move_gutter(page.shape, (), 1, 200.0, page.panel_area, g)
    edited = SCRIPT.replace("A castle at dawn.", "A castle at dusk.").replace("Night.", "Night falls.")
    again = reparse(project, edited).project
    assert again.page_shapes == project.page_shapes
    assert [f.rect for f in layout_project(again).pages[1].frames] == [f.rect for f in layout_project(project).pages[1].frames]
    gone = reparse(project, edited.replace("Panel 2\nAnn runs.\n", "")).project
    assert gone.page_shapes == {}  # its page's first panel is gone: the edit goes with it


def test_an_edited_grid_page_is_let_go_when_the_grid_changes_size() -> None:
    project = project_with(4)
    page = layout_project(project).pages[0]
    assert page.template == "grid 2x2"
    g = mm(project.page.gutter_mm)
    project.page_shapes[page.shape_key] = split_cell(page.shape, (0, 0), "rows", page.panel_area, g)
    assert len(layout_project(project).pages[0].frames) == 4 and capacity(project.page_shapes[page.shape_key]) == 5
    project.panels.append(Panel(action="five"))
    assert len(layout_project(project).pages[0].frames) == 5  # the split page takes a fifth panel
    project.page.grid_rows = 3
    assert [len(p.frames) for p in layout_project(project).pages] == [5]  # 3x2 holds six: the edit no longer applies
    assert layout_project(project).pages[0].template == "grid 3x2"


def test_choosing_a_template_writes_the_page_layout_line_above_the_pages_first_panel() -> None:
    from model.script.pagelayoutline import set_page_layout

    text = "Title: T\nLayout: grid\n\nPanel 1\nA.\n\nPanel 2\nAnn: Hi.\n\nPanel 3\nC.\n"
    panel_line = parse_script(text).project.panels[1].source_line
    splash = set_page_layout(text, panel_line, find_template("splash"))
    assert "A.\n\nPage layout: splash\nPanel 2\nAnn: Hi.\n" in splash
    parsed = parse_script(splash)
    assert parsed.diagnostics == [] and parsed.project.panels[1].page_layout == "splash"
    line = parse_script(splash).project.panels[1].source_line
    tiers = set_page_layout(splash, line, find_template("3 tiers"))
    assert tiers.count("Page layout:") == 1 and "Page layout: 3 tiers" in tiers
    back = set_page_layout(tiers, parse_script(tiers).project.panels[1].source_line, None)
    assert "Page layout" not in back and "Page break\nPanel 2" in back  # the page still starts there
    assert [p.page_break for p in parse_script(back).project.panels] == [False, True, False]


def test_a_chinese_script_gets_its_page_layout_line_in_chinese() -> None:
    from model.script.pagelayoutline import set_page_layout

    text = "标题：页\n版式：网格\n\n第1格\n城堡。\n\n第2格\n甲：你好。\n"
    first = set_page_layout(text, parse_script(text).project.panels[0].source_line, find_template("splash"), first_panel=True)
    assert "页面版式：跨页大图\n第1格" in first
    again = set_page_layout(first, parse_script(first).project.panels[0].source_line, None, first_panel=True)
    assert again.strip() == text.strip()

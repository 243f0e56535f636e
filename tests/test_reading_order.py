"""Reading order: balloons read across the page as the script orders them, or the preflight says where not;
a balloon dragged across a gutter stays where it was put."""
from __future__ import annotations

import pytest

from export.pdf.preflight import preflight
from model.page.layout import layout_project
from model.page.readingorder import order_problems, read_balloons
from model.shapes.templates import TEMPLATES
from model.project.project import BalloonPlacement, Line, Panel, Project
from tests.pagebuilders import snail_strip, snail_strip_zh


def talk(template: str, n: int, direction: str = "ltr") -> Project:
    panels = [Panel(action="two talk", lines=[Line("speech", f"Panel {i + 1} line {k + 1}.", "Ann") for k in range(3)])
              for i in range(n)]
    panels[0].page_layout = template
    project = Project(title="Talk", layout="grid", panels=panels)
    project.page.direction = direction
    return project


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_placed_balloons_read_in_the_scripts_order_on_every_template(direction: str) -> None:
    for template in TEMPLATES:
        layout = layout_project(talk(template.name, template.panels, direction))
        assert order_problems(layout) == [], template.name
        read = read_balloons(layout.pages[0], direction == "rtl")
        assert [(b.panel, b.line) for b in read] == sorted((b.panel, b.line) for b in read)


@pytest.mark.parametrize("build", [snail_strip, snail_strip_zh])
@pytest.mark.parametrize("layout_name", ["strip", "grid", "vertical", "book", "storyboard"])
def test_the_automatic_placement_never_trips_the_check(build, layout_name: str) -> None:
    assert order_problems(layout_project(build(), layout=layout_name)) == []


def test_the_preflight_catches_a_swapped_pair_and_names_page_and_panel() -> None:
    project = talk("3 tiers", 3)
    second = project.panels[1]
    second.balloons = {0: BalloonPlacement(0.75, 0.8), 1: BalloonPlacement(0.25, 0.2)}  # line 2 now above line 1
    layout = layout_project(project)
    findings = [f.message for f in preflight(layout, project.images) if "read before" in f.message]
    assert findings == ["Page 1, panel 2: “Panel 2 line 2.” is read before “Panel 2 line 1.”, but the script has "
                        "them the other way round; move a balloon or reorder the lines."]


def test_a_manga_page_reads_right_to_left() -> None:
    project = talk("2x2", 4, "rtl")
    first = project.panels[0]
    # Two balloons side by side at the top of panel 1: on a manga page the right one is read first.
    first.balloons = {0: BalloonPlacement(0.25, 0.15), 1: BalloonPlacement(0.75, 0.15), 2: BalloonPlacement(0.5, 0.8)}
    problems = order_problems(layout_project(project))
    assert len(problems) == 1 and problems[0].startswith("Page 1, panel 1: “Panel 1 line 2.” is read before")
    project.page.direction = "ltr"
    assert order_problems(layout_project(project)) == []


def test_a_balloon_dragged_across_a_gutter_stays_there_and_is_read_with_the_panel_it_is_over() -> None:
    project = talk("side by side", 2)
    project.panels[0].lines = [Line("speech", "Over the gutter!", "Ann")]
    project.panels[0].balloons = {0: BalloonPlacement(1.08, 0.5)}  # its centre beyond the panel's right edge
    page = layout_project(project).pages[0]
    left, right = page.frames
    balloon = left.balloons[0]
    assert balloon.body.x < left.rect.right < balloon.body.right  # it straddles the gutter, as put
    assert balloon.body.center[0] > left.rect.right
    inside = Project(panels=[Panel(lines=[Line("speech", "Stay in.", "Ann")], balloons={0: BalloonPlacement(0.99, 0.5)})])
    frame = layout_project(inside).pages[0].frames[0]
    assert frame.rect.contains(frame.balloons[0].body)  # near the edge but not past it: kept inside its panel

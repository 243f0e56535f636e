"""Editing the writer's script in place (model.script.blocks): blocks keep their comments and formatting."""
from __future__ import annotations

from pathlib import Path

import pytest

from model.project.project import Panel
from model.script.inplace import edit_script, shape_of, split_blocks
from model.script.panelscript import parse_script

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"


@pytest.mark.parametrize("name", ["s-car.txt", "s-car.zh.txt"])
def test_the_blocks_join_back_to_the_exact_text_and_an_unchanged_project_leaves_it_alone(name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert "\n".join(line for b in split_blocks(text) for line in b.lines) == text
    project = parse_script(text).project
    assert edit_script(text, shape_of(project), project) == text


def test_the_chinese_example_renumbers_its_own_headers_when_panels_move() -> None:
    text = (EXAMPLES / "s-car.zh.txt").read_text(encoding="utf-8")
    project = parse_script(text).project
    before = shape_of(project)
    project.panels.reverse()
    edited = edit_script(text, before, project)
    reparsed = parse_script(edited)
    assert reparsed.diagnostics == []
    assert [p.action for p in reparsed.project.panels] == [p.action for p in project.panels]
    assert "# 第1格" in edited and "Panel 1" not in edited


def test_removing_and_inserting_panels_keep_every_other_block_as_written() -> None:
    text = ("// my notes\nTitle: T\n\n# Character: Gary\nA snail.\n// he is slow\n\n"
            "# Panel 1\nGary waits.\n\n# Panel 2\nGary sighs.\n// sad\n\n# Panel 3\nGary leaves.\n")
    project = parse_script(text).project
    before = shape_of(project)
    del project.panels[1]
    project.panels.insert(0, Panel(action="A new start."))
    edited = edit_script(text, before, project)
    assert edited == ("// my notes\nTitle: T\n\n# Character: Gary\nA snail.\n// he is slow\n\n"
                      "# Panel 1\nA new start.\n\n# Panel 2\nGary waits.\n\n# Panel 3\nGary leaves.\n")


def test_a_character_description_edit_keeps_the_heading_and_its_comment() -> None:
    text = "# Character: Gary\nA snail.\n// he is slow\n\n# Panel 1\nGary waits.\n"
    project = parse_script(text).project
    before = shape_of(project)
    project.characters[0].description = "A very fast snail."
    assert edit_script(text, before, project) == "# Character: Gary\nA very fast snail.\n// he is slow\n\n# Panel 1\nGary waits.\n"


def test_a_script_that_does_not_match_the_panels_is_written_anew() -> None:
    project = parse_script("Panel 1\nA.\n\nPanel 2\nB.\n").project
    before = shape_of(project)
    edited = edit_script("", before, project)
    assert [p.action for p in parse_script(edited).project.panels] == ["A.", "B."]


def test_editing_a_panels_words_keeps_its_action_lines_as_the_writer_broke_them() -> None:
    from model.project.project import Line

    text = "# Character: Gary\nA snail.\n\n# Panel 1\nGary stands on the counter,\ntiny next to the desk.\nGary: Hello.\n"
    project = parse_script(text).project
    before = shape_of(project)
    project.panels[0].lines = [Line(kind="speech", speaker="Gary", text="Good morning.")]
    edited = edit_script(text, before, project)
    assert edited.endswith("# Panel 1\nGary stands on the counter,\ntiny next to the desk.\nGary: Good morning.\n")
    assert parse_script(edited).project.panels[0].action == project.panels[0].action

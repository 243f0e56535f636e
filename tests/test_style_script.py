"""Style presets in a script: selected by name, combined with free words, overridden per panel, saved."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from model.project.project import ImageVersion
from model.fileformat.projectfile import load_project, save_project
from model.prompt.compose import compose_prompt, compose_sheet_prompt
from model.script.reconcile import reparse
from model.script.panelscript import parse_script
from model.script.render import render_script
from model.prompt.status import panel_status
from model.script.styles import panel_style, style_by_id

SCRIPT = """Title: Dreams
Style: manga; rainy neon city
Character: Gary
A tiny snail.

Panel 1
Gary walks in the rain.

Panel 2
Style: picture book; dreamy
Gary dreams of a sunny meadow.

Panel 3
Gary wakes up.
"""


def test_a_preset_named_in_the_style_line_puts_its_fragment_and_the_free_words_in_the_prompt():
    project = parse_script(SCRIPT).project
    prompt = compose_prompt(project, project.panels[0])
    style = prompt.splitlines()[0]
    assert style.startswith("Style: " + style_by_id("manga").prompt)
    assert style.endswith("; rainy neon city.")


def test_a_panel_style_line_overrides_the_project_style_for_that_panel_only():
    result = parse_script(SCRIPT)
    assert not result.diagnostics
    first, dream, after = result.project.panels
    assert dream.style == "picture book; dreamy"
    assert "Style" not in [line.speaker for line in dream.lines]  # not a speaker called Style
    assert panel_style(result.project, dream).preset is style_by_id("picture-book")
    assert panel_style(result.project, after).preset is style_by_id("manga")  # only that panel
    assert style_by_id("picture-book").prompt in compose_prompt(result.project, dream)
    assert style_by_id("manga").prompt in compose_prompt(result.project, after)
    assert style_by_id("picture-book").prompt not in compose_prompt(result.project, after)


def test_chinese_style_lines_select_presets_in_the_header_and_in_a_panel():
    text = "标题：梦\n风格：绘本水彩；雨夜\n角色：小蜗\n一只蜗牛。\n第1格\n小蜗在雨中。\n第2格\n风格：水墨\n小蜗做梦。\n"
    result = parse_script(text)
    assert not result.diagnostics
    project = result.project
    assert panel_style(project, project.panels[0]).preset is style_by_id("picture-book")
    assert panel_style(project, project.panels[0]).free_text == "雨夜"
    assert panel_style(project, project.panels[1]).preset is style_by_id("ink-wash")


def test_free_text_styles_keep_exactly_the_prompt_they_had():
    project = parse_script("Style: bright hand-drawn comic, clean ink lines\nPanel\nA snail.\n").project
    assert compose_prompt(project, project.panels[0]).splitlines()[0] == "Style: bright hand-drawn comic, clean ink lines."


def test_a_mistyped_preset_warns_with_file_line_a_suggestion_and_the_list():
    result = parse_script("Style: mangaa\nPanel\nStyle: noire\nA snail.\nPanel\nStyle: soft crayon\nA snail.\n",
                          "strip.txt")
    messages = [str(d) for d in result.diagnostics]
    assert len(messages) == 2
    assert messages[0].startswith("strip.txt:1: ") and "“manga”" in messages[0] and "pencil-storyboard" in messages[0]
    assert messages[1].startswith("strip.txt:3: ") and "“noir”" in messages[1]
    assert result.project.style == "mangaa"  # kept as written: nothing is lost


def test_panel_styles_are_written_back_and_parse_again():
    project = parse_script(SCRIPT).project
    again = parse_script(render_script(project)).project
    assert [p.style for p in again.panels] == ["", "picture book; dreamy", ""]
    assert [compose_prompt(again, p) for p in again.panels] == [compose_prompt(project, p) for p in project.panels]


def test_the_sheet_prompt_uses_the_project_preset():
    project = parse_script(SCRIPT).project
    assert style_by_id("manga").prompt in compose_sheet_prompt(project, project.characters[0])


def test_changing_a_panel_style_keeps_its_images_and_makes_only_it_stale():
    project = parse_script(SCRIPT).project
    for n, panel in enumerate(project.panels):
        panel.images.add(ImageVersion(project.images.put(f"png {n}".encode()), 8, 8, compose_prompt(project, panel), "offline"))
    edited = SCRIPT.replace("Style: picture book; dreamy", "Style: clay")
    new = reparse(project, edited).project
    assert [p.id for p in new.panels] == [p.id for p in project.panels]
    assert new.panels[1].style == "clay"
    assert [panel_status(new, p) for p in new.panels] == ["ready", "stale", "ready"]


def test_a_panel_style_survives_save_and_load(tmp_path: Path):
    project = parse_script(SCRIPT).project
    save_project(project, tmp_path / "dreams.panels")
    assert [p.style for p in load_project(tmp_path / "dreams.panels").panels] == ["", "picture book; dreamy", ""]


def test_a_version_1_document_without_panel_styles_opens(tmp_path: Path):
    doc = {"schema_version": 1, "title": "Old", "style": "manga",
           "panels": [{"id": "p1", "action": "A snail."}, {"id": "p2", "balloons": []}]}
    path = tmp_path / "old.panels"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.json", json.dumps(doc))
    project = load_project(path)
    assert [p.style for p in project.panels] == ["", ""]
    assert panel_style(project, project.panels[0]).preset is style_by_id("manga")

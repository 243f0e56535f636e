"""How long an animatic holds each panel: `Duration:` lines in English and Chinese, bad values, the
default from the words to read, and the duration kept through the script, the project file and re-parsing."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from model.project.project import Line, Panel
from model.fileformat.projectfile import load_project, save_project
from model.script.reconcile import reparse
from model.script.panelscript import parse_script
from model.script.render import render_script
from model.script.timing import MIN_SECONDS, default_duration, panel_duration, parse_duration

SCRIPT = """Title: Timing
Character: Gary
A snail.

Panel 1 (wide)
Duration: 2.5s
Gary crosses the road.

Panel 2
Gary: Hello there.
时长：4秒
"""


def test_durations_are_read_in_english_and_chinese() -> None:
    result = parse_script(SCRIPT, "t.txt")
    assert result.diagnostics == []
    first, second = result.project.panels
    assert first.duration == 2.5 and first.action == "Gary crosses the road."
    assert second.duration == 4.0 and [ln.text for ln in second.lines] == ["Hello there."]


@pytest.mark.parametrize("text, seconds", [
    ("2.5s", 2.5), ("2.5 s", 2.5), ("3", 3.0), ("1500ms", 1.5), ("2.5秒", 2.5), ("３秒", 3.0),
    (".5 sec", 0.5), ("2 seconds", 2.0), ("２．５秒", 2.5),
])
def test_a_duration_reads_seconds_in_the_usual_spellings(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("bad", ["-3", "abc", "0", "0s", "", "2.5 minutes", "9999"])
def test_a_bad_duration_is_a_warning_at_its_line_and_the_panel_keeps_the_default(bad: str) -> None:
    text = f"Panel 1\nGary: Hi.\nDuration: {bad}\n"
    result = parse_script(text, "film.txt")
    panel = result.project.panels[0]
    assert panel.duration is None
    assert panel_duration(panel) == MIN_SECONDS
    assert [str(d).split(": ")[0] for d in result.diagnostics] == ["film.txt:3"]
    assert "not a duration" in result.diagnostics[0].message


def test_the_default_is_the_time_its_words_take_to_read_and_at_least_a_second_and_a_half() -> None:
    assert default_duration(Panel(action="A long action nobody reads on screen at all.")) == MIN_SECONDS
    twelve_words = "one two three four five six seven eight nine ten eleven twelve"
    assert default_duration(Panel(lines=[Line("speech", twelve_words, "A")])) == pytest.approx(4.0)
    # Chinese is counted by characters, about seven a second (punctuation is not read).
    assert default_duration(Panel(lines=[Line("speech", "我想要你们最快的跑车。我要你们画上大写的字母。", "小蜗")])) == pytest.approx(3.0)
    assert default_duration(Panel(lines=[Line("caption", "Later"), Line("sfx", "VROOM")])) == MIN_SECONDS
    assert panel_duration(Panel(duration=7.0, lines=[Line("speech", twelve_words, "A")])) == 7.0


def test_a_duration_is_written_back_into_the_script_and_reads_the_same() -> None:
    project = parse_script(SCRIPT).project
    text = render_script(project)
    assert "Duration: 2.5s" in text and "Duration: 4s" in text
    again = parse_script(text)
    assert again.diagnostics == []
    assert [p.duration for p in again.project.panels] == [2.5, 4.0]


def test_editing_the_script_keeps_images_and_takes_the_new_duration() -> None:
    project = parse_script(SCRIPT).project
    first_id = project.panels[0].id
    result = reparse(project, SCRIPT.replace("Duration: 2.5s", "Duration: 6s"))
    assert result.project.panels[0].id == first_id
    assert result.project.panels[0].duration == 6.0


def test_a_duration_survives_the_project_file(tmp_path: Path) -> None:
    project = parse_script(SCRIPT).project
    save_project(project, tmp_path / "t.panels")
    assert [p.duration for p in load_project(tmp_path / "t.panels").panels] == [2.5, 4.0]


def test_a_version_1_document_without_durations_still_opens(tmp_path: Path) -> None:
    doc = {"schema_version": 1, "title": "Old", "panels": [{"id": "p1", "action": "A snail."}]}
    path = tmp_path / "old.panels"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.json", json.dumps(doc))
    project = load_project(path)
    assert project.panels[0].duration is None
    assert panel_duration(project.panels[0]) == MIN_SECONDS


def test_a_whole_number_duration_in_a_project_file_opens(tmp_path: Path) -> None:
    doc = {"schema_version": 3, "panels": [{"id": "p1", "duration": 3}]}
    path = tmp_path / "int.panels"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.json", json.dumps(doc))
    assert load_project(path).panels[0].duration == 3

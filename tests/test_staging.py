"""Staging a panel: from words (English and Chinese), stored in the project, refused in one sentence."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import run
from model.errors import BadInputError
from model.fileformat.projectfile import load_project, save_project
from model.project.project import StagedBox
from model.script.panelscript import parse_script
from model.script.reconcile import reparse
from model.prompt.compose import composition_words
from model.prompt.continuity import staged_boxes
from model.staging.boxes import back_to_front
from model.staging.words import parse_staging
from tests.test_projectfile import write_zip

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"


def scar(chinese: bool = False):
    name = "s-car.zh.txt" if chinese else "s-car.txt"
    return parse_script((EXAMPLES / name).read_text(encoding="utf-8")).project


def centre_x(box: StagedBox) -> float:
    return box.x + box.w / 2


def test_words_put_each_character_where_they_say() -> None:
    project = scar()
    panel = project.panels[0]
    boxes = {b.name: b for b in parse_staging(project, panel, "Gary left, Salesman right near", 1)}
    assert centre_x(boxes["Gary"]) < 0.4 < 0.6 < centre_x(boxes["Salesman"])
    assert boxes["Salesman"].depth == "near" and boxes["Gary"].depth == "middle"
    assert boxes["Salesman"].h > boxes["Gary"].h  # nearer is bigger
    for b in boxes.values():
        assert 0 <= b.x and b.x + b.w <= 1 and 0 <= b.y and b.y + b.h <= 1


def test_small_far_and_a_prop_the_action_names() -> None:
    project = scar()
    panel = project.panels[0]
    boxes = {b.name: b for b in parse_staging(project, panel, "Gary centre small far; counter left", 1)}
    assert boxes["Gary"].depth == "far" and boxes["Gary"].h < 0.38
    assert boxes["counter"].prop and centre_x(boxes["counter"]) < 0.4
    assert "Salesman" in boxes  # left out by the words: a free place, never missing
    assert abs(centre_x(boxes["Salesman"]) - centre_x(boxes["Gary"])) > 0.15
    assert back_to_front(list(boxes.values()))[0].name == "Gary"


def test_chinese_words_stage_chinese_names() -> None:
    project = scar(chinese=True)
    panel = project.panels[0]
    boxes = {b.name: b for b in parse_staging(project, panel, "小蜗右近，销售员左远", 1)}
    assert centre_x(boxes["小蜗"]) > 0.6 and boxes["小蜗"].depth == "near"
    assert centre_x(boxes["销售员"]) < 0.4 and boxes["销售员"].depth == "far"


def test_a_character_left_out_keeps_the_box_it_had() -> None:
    project = scar()
    panel = project.panels[0]
    panel.staging = [StagedBox("Salesman", 0.5, 0.1, 0.3, 0.5, "near")]
    boxes = {b.name: b for b in parse_staging(project, panel, "Gary left", 1)}
    assert boxes["Salesman"] == StagedBox("Salesman", 0.5, 0.1, 0.3, 0.5, "near")


@pytest.mark.parametrize("words, wanted", [
    ("Garry left, Salesman right", "did you mean Gary?"),
    ("小窝左", None),
    ("Gary lfet", "did you mean left?"),
    ("Gary left, Gary right", "a second time"),
    ("", "Say where"),
])
def test_bad_words_are_one_sentence(words: str, wanted: str | None) -> None:
    project = scar(chinese=words.startswith("小"))
    with pytest.raises(BadInputError) as err:
        parse_staging(project, project.panels[0], words, 1)
    message = str(err.value)
    assert "\n" not in message
    assert (wanted or "did you mean 小蜗?") in message


def test_composition_words_are_plain() -> None:
    words = composition_words(StagedBox("Gary", 0.05, 0.2, 0.3, 0.8, "near"))
    assert "on the left" in words and "foreground" in words


def test_stage_command_saves_and_a_typo_leaves_the_file_byte_identical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "scar.panels"
    assert run(["new", str(EXAMPLES / "s-car.txt"), "-o", str(project)]) == 0
    assert run(["stage", str(project), "1", "Gary left, Salesman right near"]) == 0
    staged = load_project(project).panels[0].staging
    assert [b.name for b in staged] == ["Gary", "Salesman"]
    before = project.read_bytes()
    capsys.readouterr()
    assert run(["stage", str(project), "1", "Garry left"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "did you mean Gary?" in err
    assert project.read_bytes() == before
    assert run(["stage", str(project), "1"]) == 0
    assert "Salesman: right, near" in capsys.readouterr().out
    assert run(["stage", str(project), "9", "Gary left"]) == 2
    assert run(["stage", str(project), "1", "--clear"]) == 0
    assert load_project(project).panels[0].staging == []


def test_a_version_5_file_opens_unstaged(tmp_path: Path) -> None:
    doc = {"schema_version": 5, "title": "Old", "panels": [{"id": "p1", "action": "Gary waits.", "style": "",
                                                            "duration": None}], "page": {"bleed": False}}
    project = load_project(write_zip(tmp_path / "old.panels", {"project.json": json.dumps(doc)}))
    assert project.panels[0].staging == []


def test_a_box_outside_the_picture_is_damage_named_in_one_sentence(tmp_path: Path) -> None:
    doc = {"schema_version": 6, "panels": [{"id": "p1", "staging": [
        {"name": "Gary", "x": 0.8, "y": 0.1, "w": 0.5, "h": 0.5, "depth": "near", "prop": False}]}]}
    with pytest.raises(BadInputError, match="outside its picture"):
        load_project(write_zip(tmp_path / "bad.panels", {"project.json": json.dumps(doc)}))
    doc["panels"][0]["staging"][0].update(x=0.1, depth="behind")  # type: ignore[index]
    with pytest.raises(BadInputError, match="depth"):
        load_project(write_zip(tmp_path / "bad2.panels", {"project.json": json.dumps(doc)}))


def test_staging_survives_saving_and_a_script_edit(tmp_path: Path) -> None:
    project = scar()
    panel = project.panels[0]
    panel.staging = parse_staging(project, panel, "Gary left, Salesman right", 1)
    save_project(project, tmp_path / "s.panels")
    loaded = load_project(tmp_path / "s.panels")
    assert loaded.panels[0].staging == panel.staging
    edited = loaded.script.replace("tiny next to the desk", "very tiny next to the desk") if loaded.script else \
        (EXAMPLES / "s-car.txt").read_text(encoding="utf-8").replace("tiny next to", "very tiny next to")
    after = reparse(loaded, edited).project
    assert after.panels[0].staging == panel.staging
    after.panels[0].action = "The Salesman waits alone."  # Gary left the panel: his box is not used
    assert [b.name for b in staged_boxes(after, after.panels[0])] == ["Salesman"]


@pytest.mark.parametrize("chinese, words", [(False, "Gary left and Salesman right"), (True, "小蜗左和销售员右")])
def test_and_joins_phrases_unless_a_name_holds_it(chinese: bool, words: str) -> None:
    project = scar(chinese)
    panel = project.panels[0]
    boxes = sorted(parse_staging(project, panel, words, 1), key=centre_x)
    assert [b.name for b in boxes] == (["小蜗", "销售员"] if chinese else ["Gary", "Salesman"])
    project.characters[0].name = "和子"  # a name with 和 in it: only commas split
    panel.action = "和子站在柜台上。销售员探过桌子低头看它。"
    with pytest.raises(BadInputError):
        parse_staging(project, panel, "和子左和销售员右", 1)  # read as one phrase: 和销售员右 is no place word
    assert {b.name for b in parse_staging(project, panel, "和子左，销售员右", 1)} == {"和子", "销售员"}

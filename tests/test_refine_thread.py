"""A panel's refine thread derived from its versions, and lasting changes found in an instruction."""
from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import BadInputError
from model.prompt.lastingchange import LastingChange, detect_lasting, has_lasting_words, is_active, script_with_detail
from model.project.project import ImageVersion, Panel
from model.script.reconcile import reparse
from model.project.refinethread import find_version, refine_thread
from model.script.panelscript import parse_script

ROOT = Path(__file__).resolve().parent.parent


def _version(vid: str, parent: str | None = None, instruction: str | None = None, backend: str = "offline") -> ImageVersion:
    parameters = {"instruction": instruction} if instruction else {"source": "mine.png"} if backend == "import" else {}
    return ImageVersion(sha256="0" * 64, width=8, height=8, prompt="p", backend=backend, parameters=parameters,
                        parent=parent, id=vid)


def _panel(*versions: ImageVersion) -> Panel:
    panel = Panel()
    for v in versions:
        panel.images.add(v)
    return panel


def _shape(panel: Panel) -> list[tuple[int, int, bool, int | None]]:
    return [(t.number, t.depth, t.branch, t.parent_number) for t in refine_thread(panel)]


def test_a_straight_conversation_is_one_line_in_the_order_it_was_made() -> None:
    panel = _panel(_version("a"), _version("b", "a", "make it night"), _version("c", "b", "add a moustache"))
    turns = refine_thread(panel)
    assert _shape(panel) == [(1, 0, False, None), (2, 0, False, 1), (3, 0, False, 2)]
    assert [t.instruction for t in turns] == [None, "make it night", "add a moustache"]
    assert [t.origin for t in turns] == ["drawn", "refined", "refined"]


def test_continuing_from_an_earlier_turn_is_a_branch_after_the_line_it_leaves() -> None:
    panel = _panel(_version("a"), _version("b", "a", "night"), _version("c", "b", "moustache"),
                   _version("d", "a", "rain"), _version("e", "d", "umbrella"), _version("f", "b", "hat"),
                   _version("g", "d", "snow"))
    assert _shape(panel) == [
        (1, 0, False, None), (2, 0, False, 1), (3, 0, False, 2),
        (6, 1, True, 2),  # a second refinement of v2: a branch, listed after v2's line
        (4, 1, True, 1), (5, 1, False, 4),  # a branch from v1, continued by v5
        (7, 2, True, 4),  # a branch of that branch
    ]


def test_a_missing_parent_and_an_imported_version_start_lines_of_their_own() -> None:
    panel = _panel(_version("a"), _version("b", "a", "night"), _version("i", backend="import"),
                   _version("c", "gone", "moustache"), _version("d", "i", "crop the sky"))
    turns = refine_thread(panel)
    assert _shape(panel) == [(1, 0, False, None), (2, 0, False, 1), (3, 0, False, None), (5, 0, False, 3),
                             (4, 0, False, None)]
    imported, orphan = turns[2], turns[4]
    assert imported.origin == "imported" and not imported.orphan
    assert orphan.orphan and orphan.parent is None and orphan.instruction == "moustache"


def test_a_picture_kept_for_a_script_change_continues_the_line_it_came_from() -> None:
    kept = _version("k", "b")
    kept.parameters["kept_for"] = "+Gary: wears a hat"
    panel = _panel(_version("a"), _version("b", "a", "from now on he wears a hat"), kept)
    turns = refine_thread(panel)
    assert [t.origin for t in turns] == ["drawn", "refined", "kept"] and turns[2].depth == 0


def test_a_long_conversation_does_not_recurse() -> None:
    versions = [_version("v0")] + [_version(f"v{i}", f"v{i - 1}", f"step {i}") for i in range(1, 3000)]
    turns = refine_thread(_panel(*versions))
    assert len(turns) == 3000 and {t.depth for t in turns} == {0}


def test_a_version_is_found_by_its_number_or_the_start_of_its_id() -> None:
    panel = _panel(_version("abc123"), _version("abd456", "abc123", "night"), _version("ff0000", "abc123", "rain"))
    assert find_version(panel, "2").id == "abd456"
    assert find_version(panel, "v3").id == "ff0000"
    assert find_version(panel, "abd").id == "abd456"
    with pytest.raises(BadInputError, match="v1 to v3"):
        find_version(panel, "v9")
    with pytest.raises(BadInputError, match="few more characters"):
        find_version(panel, "ab")
    with pytest.raises(BadInputError, match="called 'zz'"):
        find_version(panel, "zz")


@pytest.fixture(scope="module")
def english():
    return parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project


@pytest.fixture(scope="module")
def chinese():
    return parse_script((ROOT / "resources/examples/s-car.zh.txt").read_text(encoding="utf-8")).project


@pytest.mark.parametrize("panel, instruction, character, detail", [
    (2, "from now on he wears a hat", "Gary", "wears a hat"),
    (2, "From now on, Gary wears a hat.", "Gary", "wears a hat"),
    (2, "give Gary a red scarf for the rest of the story", "Gary", "has a red scarf"),
    (3, "make him bald for good", "Salesman", "is bald"),
    (3, "he should wear a hat from now on", "Salesman", "wears a hat"),
    (1, "put a green hat on the salesman from now on", "Salesman", "wears a green hat"),  # named among two
])
def test_english_lasting_changes_name_the_character_and_the_detail(english, panel, instruction, character, detail) -> None:
    assert detect_lasting(english, english.panels[panel - 1], instruction) == LastingChange(character, detail)


@pytest.mark.parametrize("panel, instruction, character, detail", [
    (2, "从现在起他戴着帽子", "小蜗", "戴着帽子"),
    (2, "以后小蜗一直戴着红围巾", "小蜗", "戴着红围巾"),
    (2, "给小蜗戴上一条红围巾，以后一直戴着", "小蜗", "戴着一条红围巾"),
    (3, "从此以后他留着小胡子", "销售员", "留着小胡子"),
])
def test_chinese_lasting_changes_name_the_character_and_the_detail(chinese, panel, instruction, character, detail) -> None:
    change = detect_lasting(chinese, chinese.panels[panel - 1], instruction)
    assert change == LastingChange(character, detail)
    assert change.script_line() == f"+{character}：{detail}"


@pytest.mark.parametrize("panel, instruction", [
    (2, "make it night"), (2, "he wears a hat"), (2, "make it night from now on"),
    (1, "from now on he wears a hat"),  # two characters in the panel: "he" is not for us to guess
    (1, "from now on Gary and the Salesman wear hats"),
])
def test_instructions_without_lasting_words_or_one_character_offer_nothing(english, panel, instruction) -> None:
    assert detect_lasting(english, english.panels[panel - 1], instruction) is None


@pytest.mark.parametrize("instruction", ["把背景改成夜晚", "他戴着帽子", "从现在起天一直下雨"])
def test_chinese_instructions_without_a_lasting_change_of_one_character_offer_nothing(chinese, instruction) -> None:
    assert detect_lasting(chinese, chinese.panels[1], instruction) is None


def test_lasting_words_in_both_languages() -> None:
    assert has_lasting_words("for the rest of the story, please") and has_lasting_words("今后都这样")
    assert not has_lasting_words("make it night") and not has_lasting_words("把背景改成夜晚")


def test_the_detail_goes_into_that_panel_of_the_script_and_later_panels_follow_it(english) -> None:
    panel = english.panels[1]
    change = detect_lasting(english, panel, "from now on he wears a hat")
    text = script_with_detail(english, panel, change)
    assert text.count("+Gary: wears a hat") == 1
    assert text.replace("+Gary: wears a hat\n", "") == english.script  # the rest stays as written
    project = reparse(english, text).project
    assert is_active(project, project.panels[1], change) and is_active(project, project.panels[3], change)
    assert not is_active(project, project.panels[0], change)
    assert not is_active(english, panel, change)


def test_the_detail_lands_in_the_panel_even_when_a_block_follows_it() -> None:
    script = "Character: Gary\nA snail.\n\nPanel 1\nGary waits.\n\nSetting: Park\nGreen.\n\nPanel 2\nGary runs.\n"
    project = parse_script(script).project
    change = LastingChange("Gary", "wears a hat")
    text = script_with_detail(project, project.panels[0], change)
    panels = parse_script(text).project.panels
    assert panels[0].details and panels[0].details[0].detail == "wears a hat"
    assert parse_script(text).project.setting_named("Park").description == "Green."


def test_a_chinese_detail_is_written_with_a_full_width_colon(chinese) -> None:
    change = detect_lasting(chinese, chinese.panels[1], "从现在起他戴着帽子")
    text = script_with_detail(chinese, chinese.panels[1], change)
    assert "+小蜗：戴着帽子" in text
    assert parse_script(text).project.panels[1].details[-1].detail == "戴着帽子"

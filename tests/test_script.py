"""The Panel Script grammar, in English and Chinese, and the diagnostics it reports."""
from __future__ import annotations

from pathlib import Path

import pytest

from model.project.project import SHOTS, DetailChange, Line
from model.script.panelscript import Diagnostic, parse_script
from model.script.words import SHOT_WORDS

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"

ENGLISH = """\
// a comment before anything
Title: The S-car
Author: Ann
Style: ink and watercolour
Layout: grid

## Character: Gary
A tiny snail with a caramel-brown shell.
Very serious.

Character: Salesman
Navy suit, red bow tie.

# Setting: Showroom
A luxury car showroom.

Panel 1 (wide) @ showroom
Gary stands on the counter.
The Salesman leans over the desk.
Gary: I want your fastest car.
Salesman (shout): What?
Gary (thought): He will understand.
Salesman (whisper): Boss...
Caption: Meanwhile, at the showroom.
SFX: DING
+Gary: wears a tiny hat
// this comment is not action

Panel 2 (Close Up)
The sign reads: OPEN ALL NIGHT
-Gary: wears a tiny hat
Old Man: Look at that!
"""

CHINESE = """\
标题：S 跑车
作者：小安
风格：水彩
版式：条漫

### 角色：小蜗
一只小蜗牛，
焦糖棕色的壳。

角色：销售员
深蓝色西装。

场景：展厅
豪华汽车展厅。

第1格（全景）＠展厅
小蜗站在柜台上。
销售员探过桌子。
小蜗：我想要最快的跑车。
销售员（大喊）：什么？
小蜗（心想）：他会明白的。
销售员（小声）：老板……
旁白：与此同时。
音效：叮
＋小蜗：戴着小帽子

画格 2（特写）
-小蜗：戴着小帽子
小蜗（想）：“S”是什么意思？

分镜 3（大特写）
路人（喊）：哇！
"""


def test_english_header_fields_and_blocks_are_read() -> None:
    result = parse_script(ENGLISH, "s.txt")
    p = result.project
    assert result.diagnostics == []
    assert (p.title, p.author, p.style, p.layout) == ("The S-car", "Ann", "ink and watercolour", "grid")
    assert [c.name for c in p.characters] == ["Gary", "Salesman"]
    assert p.characters[0].description == "A tiny snail with a caramel-brown shell. Very serious."
    assert [(s.name, s.description) for s in p.settings] == [("Showroom", "A luxury car showroom.")]
    assert p.script == ENGLISH


def test_english_panel_lines_each_become_their_kind() -> None:
    first, second = parse_script(ENGLISH).project.panels
    assert (first.shot, first.setting, first.source_line) == ("wide", "showroom", 17)
    assert first.action == "Gary stands on the counter. The Salesman leans over the desk."
    assert first.lines == [
        Line("speech", "I want your fastest car.", "Gary"),
        Line("shout", "What?", "Salesman"),
        Line("thought", "He will understand.", "Gary"),
        Line("whisper", "Boss...", "Salesman"),
        Line("caption", "Meanwhile, at the showroom."),
        Line("sfx", "DING"),
    ]
    assert first.details == [DetailChange("Gary", "wears a tiny hat", True)]
    assert second.shot == "close-up" and second.setting is None
    # "The sign reads" ends in a verb: an action sentence, not a speaker called "The sign reads".
    assert second.action == "The sign reads: OPEN ALL NIGHT"
    assert second.details == [DetailChange("Gary", "wears a tiny hat", False)]
    assert second.lines == [Line("speech", "Look at that!", "Old Man")]


def test_chinese_keywords_and_full_width_punctuation_parse_like_english() -> None:
    result = parse_script(CHINESE, "s.zh.txt")
    p = result.project
    assert result.diagnostics == []
    assert (p.title, p.author, p.style, p.layout) == ("S 跑车", "小安", "水彩", "vertical")
    assert [c.name for c in p.characters] == ["小蜗", "销售员"]
    assert p.characters[0].description == "一只小蜗牛，焦糖棕色的壳。"  # CJK lines join without a space
    first, second, third = p.panels
    assert (first.shot, first.setting) == ("wide", "展厅")
    assert first.action == "小蜗站在柜台上。销售员探过桌子。"
    assert [line.kind for line in first.lines] == ["speech", "shout", "thought", "whisper", "caption", "sfx"]
    assert first.lines[0] == Line("speech", "我想要最快的跑车。", "小蜗")
    assert first.details == [DetailChange("小蜗", "戴着小帽子", True)]
    assert second.shot == "close-up" and second.details[0].added is False
    # The user's quotes stay exactly as written.
    assert second.lines == [Line("thought", "“S”是什么意思？", "小蜗")]
    assert third.shot == "extreme close-up" and third.lines == [Line("shout", "哇！", "路人")]


def test_every_chinese_shot_word_maps_to_a_canonical_shot() -> None:
    for word in ("远景", "全景", "中景", "近景", "特写", "大特写", "过肩", "俯视", "仰视"):
        assert SHOT_WORDS[word] in SHOTS
    assert set(SHOT_WORDS.values()) == set(SHOTS)


@pytest.mark.parametrize("header", ["Panel 1 (over the shoulder) @ Park", "Panel (bird's-eye)@Park:",
                                    "### Panel 1 (low angle) @ Park", "第一格（仰视）@Park", "第1格（过肩）＠park"])
def test_panel_header_variants_give_shot_and_setting(header: str) -> None:
    panel = parse_script(f"Setting: Park\nGreen.\n{header}\nA dog runs.\n").project.panels[0]
    assert panel.shot in SHOTS and panel.setting.casefold() == "park" and panel.action == "A dog runs."


def test_ordinary_sentences_with_a_late_colon_stay_in_the_action() -> None:
    text = ("Character: Gary\nPanel 1\nGary looks at the board, which lists three options: red, blue, green.\n"
            "He says: nothing at all\nAt 10:30 the shop opens.\n")
    panel = parse_script(text).project.panels[0]
    assert panel.lines == []
    assert "options: red" in panel.action and "He says: nothing" in panel.action and "10:30" in panel.action


def test_declared_characters_speak_even_in_lowercase_and_undeclared_speakers_are_kept() -> None:
    text = "Character: Gary\nPanel 1\ngary: hi\nPasserby: Hey!\n路人甲：快看！\n"
    panel = parse_script(text).project.panels[0]
    assert [(line.speaker, line.text) for line in panel.lines] == [("gary", "hi"), ("Passerby", "Hey!"), ("路人甲", "快看！")]


def test_english_quotes_around_dialogue_are_kept() -> None:
    panel = parse_script('Panel 1\nGary: "I want an S."\n').project.panels[0]
    assert panel.lines[0].text == '"I want an S."'


def _messages(text: str) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in parse_script(text, "f.txt").diagnostics]


def test_diagnostics_point_at_the_line_and_parsing_goes_on() -> None:
    text = (
        "Title: X\n"                    # 1
        "Layout: spiral\n"              # 2 unknown layout
        "hello there\n"                 # 3 not a header field
        "Character: Gary\n"             # 4
        "Character: gary\n"             # 5 duplicate
        "Setting: Park\n"               # 6
        "Setting: park\n"               # 7 duplicate
        "Panel 1 @ Moon\n"              # 8 unknown setting
        "+Bob: a hat\n"                 # 9 unknown character
        "-Gary: a scarf\n"              # 10 never added
        "Gary (sings): la\n"            # 11 unknown kind
        "Panel 3 (dutch)\n"             # 12 out of order, unknown shot
        "Panel 4\n"                     # 13 empty
    )
    found = _messages(text)
    lines = [n for n, _ in found]
    assert lines == sorted(lines)
    assert {n for n, _ in found} == {2, 3, 5, 7, 8, 9, 10, 11, 12, 13}
    by_line = dict(found)
    assert "spiral" in by_line[2] and "Moon" in by_line[8] and "Bob" in by_line[9]
    assert "scarf" in by_line[10] and "sings" in by_line[11] and "empty" in by_line[13]
    # Everything after the mistakes still parsed.
    project = parse_script(text).project
    assert len(project.panels) == 3 and project.panels[0].setting == "Moon"
    assert project.panels[0].lines == [Line("speech", "la", "Gary")]


def test_a_diagnostic_reads_file_colon_line_colon_message() -> None:
    assert str(Diagnostic("s.txt", 4, "panel 2 is empty.")) == "s.txt:4: panel 2 is empty."
    assert str(parse_script("Title: x\n", "a.txt").diagnostics[0]).startswith("a.txt:1: ")


def test_a_script_without_panels_is_reported() -> None:
    assert any("no panels" in message for _, message in _messages("Title: Empty\n"))


def test_blocks_may_be_declared_after_the_panels_that_use_them() -> None:
    text = "Panel 1 @ Park\n+Gary: a hat\nGary: hi\nCharacter: Gary\nSnail.\nSetting: Park\nGreen.\n"
    assert parse_script(text).diagnostics == []


def test_a_byte_order_mark_and_windows_line_endings_are_harmless() -> None:
    result = parse_script("\ufeffTitle: X\r\nPanel 1\r\nA cat.\r\n")
    assert result.diagnostics == [] and result.project.title == "X"
    assert result.project.panels[0].action == "A cat."


@pytest.mark.parametrize("name", ["s-car.txt", "s-car.zh.txt"])
def test_the_example_scripts_parse_without_diagnostics(name: str) -> None:
    result = parse_script((EXAMPLES / name).read_text(encoding="utf-8"), name)
    assert result.diagnostics == []
    project = result.project
    assert len(project.panels) == 4 and len(project.characters) == 2 and len(project.settings) == 2
    assert project.layout == "strip" and project.title and project.style
    assert any(change.added for change in project.panels[3].details)
    assert [p.shot for p in project.panels] == ["wide", "close-up", "medium", "extreme wide"]


def test_the_language_reference_shows_both_examples_as_they_are() -> None:
    doc = (EXAMPLES.parent.parent / "docs" / "script.md").read_text(encoding="utf-8")
    for name in ("s-car.txt", "s-car.zh.txt"):
        assert (EXAMPLES / name).read_text(encoding="utf-8") in doc


def test_a_long_chinese_sentence_before_a_colon_stays_in_the_action() -> None:
    panel = parse_script("第1格\n大街上所有的人都在看: 哇\n小蜗：快看！\n").project.panels[0]
    assert [(line.speaker, line.text) for line in panel.lines] == [("小蜗", "快看！")]
    assert panel.action == "大街上所有的人都在看: 哇"


@pytest.mark.parametrize("action", ["See http://example.com for more.", "Visit https://例子.com now",
                                    "The sign reads http:example.org", "Open FTP://files.example"])
def test_a_web_address_in_the_action_is_not_a_speaker(action: str) -> None:
    panel = parse_script(f"Panel 1\n{action}\nGary: Look!\n").project.panels[0]
    assert [line.speaker for line in panel.lines] == ["Gary"]
    assert panel.action == action


@pytest.mark.parametrize("header", ["**Panel 2**", "__Panel 2 (wide)__", "## **Panel 2 @ Park**", "**第2格**",
                                    "*Panel 2*"])
def test_markdown_bold_around_a_block_header_is_ignored(header: str) -> None:
    project = parse_script(f"Setting: Park\nGreen.\n**Character: Gary**\nA snail.\nPanel 1\nGary waits.\n"
                           f"{header}\nGary runs.\n").project
    assert [c.name for c in project.characters] == ["Gary"]
    assert [p.action for p in project.panels] == ["Gary waits.", "Gary runs."]

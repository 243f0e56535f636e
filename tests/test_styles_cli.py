"""`panelsmith styles`, and style presets seen through the other commands."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import run
from model.script.styles import STYLES, style_by_id


def test_styles_lists_every_preset_with_english_and_chinese_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["styles"]) == 0
    out = capsys.readouterr().out
    for preset in STYLES:
        line = next(l for l in out.splitlines() if l.startswith(preset.id + " "))
        assert preset.name in line and preset.name_zh in line and preset.description in line


def test_styles_json_carries_names_prompt_and_sketch_look(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["styles", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in listed] == [p.id for p in STYLES]
    manga = listed[[p["id"] for p in listed].index("manga")]
    assert manga["name_zh"] == "漫画" and manga["prompt"] == style_by_id("manga").prompt
    assert manga["sketch"]["monochrome"] is True and manga["sketch"]["fill"] == "screentone"


def test_styles_name_shows_one_preset_found_by_a_chinese_alias(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["styles", "绘本"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("picture-book: Picture book / 绘本水彩")
    assert style_by_id("picture-book").prompt in out


def test_an_unknown_preset_is_one_sentence_with_a_suggestion_and_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["styles", "mangaa"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "did you mean “manga”" in err and "pencil-storyboard" in err


def test_prompts_warns_about_a_mistyped_preset_at_its_line_and_keeps_the_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "strip.txt"
    script.write_text("Title: T\nStyle: mangaa; rain\nPanel\nStyle: clay\nA snail.\n", encoding="utf-8")
    assert run(["prompts", str(script)]) == 0
    captured = capsys.readouterr()
    assert f"{script}:2: unknown style preset “mangaa”; did you mean “manga”?" in captured.err
    assert style_by_id("clay").prompt in captured.out  # the panel's own style

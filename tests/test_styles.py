"""The style preset library: names in two languages, style lines, did-you-mean, original prompt wording."""
from __future__ import annotations

import pytest

from model.script.styles import FILLS, STYLES, SketchLook, find_style, resolve_style, style_by_id, style_warning, suggest

REQUIRED = ("picture-book", "animation-still", "manga", "newspaper-strip", "noir", "oil-painting", "clay",
            "pencil-storyboard")
# Names an original preset must not lean on (the services refuse many of them, and the words are ours).
BORROWED = ("ghibli", "miyazaki", "disney", "pixar", "aardman", "dreamworks", "tezuka", "toriyama", "herge",
            "hergé", "schulz", "watterson", "van gogh", "rembrandt", "monet", "potter", "sendak", "marvel",
            "dc comics", "moebius", "kurosawa", "wes anderson", "laika", "吉卜力", "宫崎骏", "迪士尼", "皮克斯")


def test_the_library_has_every_style_the_issue_names_with_unique_ids():
    ids = [p.id for p in STYLES]
    assert len(ids) == len(set(ids))
    for required in REQUIRED:
        assert required in ids


@pytest.mark.parametrize("preset", STYLES, ids=lambda p: p.id)
def test_each_preset_is_named_in_both_languages_and_described(preset):
    assert preset.name and preset.description and preset.prompt
    assert any("\u4e00" <= ch <= "\u9fff" for ch in preset.name_zh + preset.description_zh)
    assert preset.look.fill in FILLS
    assert len(preset.prompt.split()) >= 15  # a real description, not just the name


@pytest.mark.parametrize("preset", STYLES, ids=lambda p: p.id)
def test_prompt_fragments_name_no_studio_or_artist(preset):
    text = (preset.prompt + " " + preset.description).casefold()
    for name in BORROWED:
        assert name not in text, f"{preset.id} mentions {name}"


def test_every_name_of_every_preset_finds_that_preset_and_no_other():
    for preset in STYLES:
        for name in preset.names():
            assert find_style(name) is preset, name


@pytest.mark.parametrize("text, expected", [
    ("Picture Book", "picture-book"), ("children’s picture book", "picture-book"), ("绘本水彩", "picture-book"),
    ("  manga  style ", "manga"), ("漫画风格", "manga"), ("Newspaper-Strip", "newspaper-strip"),
    ("film noir", "noir"), ("3D clay", "clay"), ("黏土", "clay"), ("pencil storyboard", "pencil-storyboard"),
    ("手绘动画", "animation-still"), ("油画", "oil-painting"), ("水墨", "ink-wash"),
])
def test_find_style_ignores_case_spacing_dashes_and_a_trailing_style(text, expected):
    assert find_style(text) is style_by_id(expected)


@pytest.mark.parametrize("text", ["", "bright hand-drawn comic", "soft crayon", "mangaa", "cyberpunk", "风格"])
def test_find_style_finds_nothing_for_free_text(text):
    assert find_style(text) is None


@pytest.mark.parametrize("line, preset, free", [
    ("Style: manga; rainy neon city", "manga", "rainy neon city"),
    ("风格：绘本水彩；雨夜", "picture-book", "雨夜"),
    ("manga", "manga", ""),
    ("rainy neon city; noir", "noir", "rainy neon city"),
    ("picture book, autumn colours", "picture-book", "autumn colours"),
    ("绘本，秋天的颜色", "picture-book", "秋天的颜色"),
    ("dusk; manga; noir", "manga", "dusk; noir"),  # one preset: the first; the rest stays as words
    ("bright hand-drawn comic, clean ink lines, flat vivid colours", None,
     "bright hand-drawn comic, clean ink lines, flat vivid colours"),
    ("", None, ""),
])
def test_resolve_style_splits_a_preset_from_free_text(line, preset, free):
    resolved = resolve_style(line)
    assert (resolved.preset.id if resolved.preset else None) == preset
    assert resolved.free_text == free
    assert resolved.look is (resolved.preset.look if resolved.preset else None)


def test_suggest_offers_the_nearest_preset_names_in_the_language_typed():
    assert suggest("mangaa") == ["manga"]
    assert suggest("noire")[0] == "noir"
    assert suggest("绘本水")[0] == "绘本水彩"
    assert suggest("cyberpunk") == []
    assert suggest("") == []


@pytest.mark.parametrize("line", ["Style: mangaa", "mangaa; rainy neon city", "风格：绘本水"])
def test_a_single_word_close_to_a_preset_is_warned_about_with_the_list(line):
    warning = style_warning(line)
    assert warning is not None and "did you mean" in warning
    for preset in STYLES:
        assert preset.id in warning


@pytest.mark.parametrize("line", ["soft crayon", "cyberpunk", "bright hand-drawn comic, clean ink lines",
                                  "manga; rainy neon city", "温暖的蜡笔画", "watercolour", ""])
def test_free_text_styles_and_presets_are_not_warned_about(line):
    assert style_warning(line) is None


def test_a_look_refuses_an_unknown_fill():
    with pytest.raises(ValueError):
        SketchLook(fill="glitter")

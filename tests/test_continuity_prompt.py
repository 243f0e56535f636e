"""Continuity (setting, cast, lasting details) and the image prompts built from it."""
from __future__ import annotations

from pathlib import Path

from model.prompt.continuity import active_details, characters_present, effective_setting
from model.project.project import ImageVersion
from model.prompt.compose import compose_prompt, compose_refine_prompt, compose_reference_prompt, compose_sheet_prompt
from model.script.panelscript import parse_script
from model.prompt.status import panel_status

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"

STRIP = """\
Style: crayon drawing
Character: Gary
A snail with a caramel-brown shell.
Character: Garyson
A beetle in a green coat.
Character: Salesman
Navy suit, red bow tie.
Setting: Showroom
A luxury car showroom.
Setting: Highway
A sunny coastal highway.

Panel 1 (wide) @ Showroom
The Salesman leans over the desk towards gary.
Gary: I want your fastest car.
Caption: A quiet Tuesday.
SFX: DING

Panel 2 (close-up)
Garyson peeks in through the window.
+Gary: drives a red car painted with big "S" letters

Panel 3 @ highway
The red car zooms past.
Pedestrians (shout): Look at that S-car go!

Panel 4
Gary parks the car.
-Gary: drives a red car painted with big "S" letters
"""


def _project(text: str = STRIP):
    result = parse_script(text)
    assert result.diagnostics == []
    return result.project


def test_a_panel_without_at_continues_the_previous_setting() -> None:
    p = _project()
    names = [effective_setting(p, panel).name for panel in p.panels]
    assert names == ["Showroom", "Showroom", "Highway", "Highway"]


def test_cast_is_whole_words_case_insensitive_in_order_of_appearance() -> None:
    p = _project()
    first, second, third, fourth = p.panels
    # Action mentions by position (Salesman before gary), then speakers; "Gary" never matches "Garyson".
    assert [c.name for c in characters_present(p, first)] == ["Salesman", "Gary"]
    assert [c.name for c in characters_present(p, second)] == ["Garyson", "Gary"]  # Gary via the + line
    assert characters_present(p, third) == []  # undeclared speakers are not cast
    assert [c.name for c in characters_present(p, fourth)] == ["Gary"]


def test_cjk_names_are_found_as_substrings() -> None:
    p = _project("角色：小蜗\n蜗牛。\n角色：销售员\n西装。\n第1格\n销售员看着小蜗笑了。\n")
    assert [c.name for c in characters_present(p, p.panels[0])] == ["销售员", "小蜗"]


def test_lasting_details_are_added_then_carried_then_removed() -> None:
    p = _project()
    detail = 'drives a red car painted with big "S" letters'
    assert active_details(p, p.panels[0]) == {}
    assert active_details(p, p.panels[1]) == {"Gary": [detail]}
    assert active_details(p, p.panels[2]) == {"Gary": [detail]}
    assert active_details(p, p.panels[3]) == {}


def test_prompt_has_style_setting_shot_cast_action_guidance_in_that_order() -> None:
    p = _project()
    prompt = compose_prompt(p, p.panels[0])
    labels = [line.split(":")[0] for line in prompt.splitlines()]
    assert labels == ["Style", "Setting", "Shot", "Characters", "Action", "Composition"]
    assert "crayon drawing" in prompt and "A luxury car showroom" in prompt and "Shot: wide" in prompt
    assert "Navy suit, red bow tie" in prompt and "caramel-brown" in prompt
    assert "beetle" not in prompt  # Garyson is not in this panel
    assert "speech balloons" in prompt


def test_dialogue_captions_and_sfx_never_reach_the_prompt() -> None:
    p = _project()
    prompts = "\n".join(compose_prompt(p, panel) for panel in p.panels)
    for words in ("I want your fastest car", "A quiet Tuesday", "DING", "Look at that S-car go"):
        assert words not in prompts


def test_a_lasting_detail_and_its_scene_lettering_reach_later_panels_only_while_active() -> None:
    p = _project()
    second, fourth = compose_prompt(p, p.panels[1]), compose_prompt(p, p.panels[3])
    assert 'big "S" letters' in second and "part of the scene itself: “S”" in second
    assert "big \"S\" letters" not in fourth.split("Action:")[0]


def test_quoted_scene_text_in_the_action_stays_in_the_prompt() -> None:
    p = _project('Panel 1\nA shop sign says "OPEN" in neon.\nClerk: "We are open!"\n')
    prompt = compose_prompt(p, p.panels[0])
    assert 'A shop sign says "OPEN" in neon.' in prompt and "“OPEN”" in prompt
    assert "We are open" not in prompt


def test_prompts_are_deterministic_and_change_when_the_panel_changes() -> None:
    p = _project()
    before = compose_prompt(p, p.panels[0])
    assert compose_prompt(p, p.panels[0]) == before
    p.characters[0].description = "A snail with a blue shell."
    assert compose_prompt(p, p.panels[0]) != before


def test_chinese_example_prompts_keep_the_chinese_descriptions() -> None:
    p = _project((EXAMPLES / "s-car.zh.txt").read_text(encoding="utf-8"))
    prompt = compose_prompt(p, p.panels[3])
    assert "焦糖棕色" in prompt and "高速公路" in prompt and "“S”" in prompt
    assert "看那辆" not in prompt and "销售员" not in prompt


def test_reference_sheet_and_refine_prompts() -> None:
    p = _project()
    gary = p.characters[0]
    ref = compose_reference_prompt(p, p.panels[0], ["Salesman", "Gary"])
    assert ref.startswith(compose_prompt(p, p.panels[0]))
    assert "Reference image 1 shows Salesman" in ref and "reference image 2 shows Gary" in ref
    sheet = compose_sheet_prompt(p, gary)
    assert "caramel-brown" in sheet and "front view" in sheet and "three-quarter" in sheet and "side view" in sheet
    assert "crayon drawing" in sheet and "no text" in sheet
    refine = compose_refine_prompt(p, p.panels[0], "make it night")
    assert "make it night" in refine and "Keep the composition" in refine
    assert compose_prompt(p, p.panels[0]) in refine


def _version(prompt: str) -> ImageVersion:
    return ImageVersion(sha256="0" * 64, width=8, height=8, prompt=prompt, backend="offline")


def test_panel_status_is_missing_ready_stale_or_failed() -> None:
    p = _project()
    panel = p.panels[0]
    assert panel_status(p, panel) == "missing"
    panel.images.add(_version(compose_prompt(p, panel)))
    assert panel_status(p, panel) == "ready"
    panel.action += " It rains."
    assert panel_status(p, panel) == "stale"
    panel.error = "The image service refused the request."
    assert panel_status(p, panel) == "failed"


def test_a_shorter_name_inside_a_longer_one_is_not_a_second_character() -> None:
    p = _project("角色：小蜗\n蜗牛。\n角色：小蜗牛\n另一只蜗牛。\nCharacter: Gary\nA.\nCharacter: Gary Senior\nB.\n"
                 "第1格\n小蜗牛在笑。\nPanel 2\nGary Senior waves at Gary.\n")
    assert [c.name for c in characters_present(p, p.panels[0])] == ["小蜗牛"]
    assert [c.name for c in characters_present(p, p.panels[1])] == ["Gary Senior", "Gary"]


def test_a_continuity_scan_answers_exactly_as_the_walk_does_for_every_panel() -> None:
    import copy

    from model.prompt.continuity import continuity_scan, setting_name

    text = STRIP + "\nPanel 4\nGary waves.\n-Gary: drives a red car painted with big \"S\" letters\n\nPanel 5\nThe end.\n"
    project = parse_script(text).project
    outside = [(setting_name(project, p), active_details(project, p), compose_prompt(project, p)) for p in project.panels]
    with continuity_scan(project):
        inside = [(setting_name(project, p), active_details(project, p), compose_prompt(project, p)) for p in project.panels]
        copied = compose_prompt(project, copy.deepcopy(project.panels[2]))  # a copy is found by its id
    assert inside == outside
    assert copied == outside[2][2]
    assert outside[1][1] and not outside[3][1]  # the detail holds in panel 2 and is gone by panel 4


def test_prompts_walks_the_panels_once_not_once_per_panel(monkeypatch, capsys, tmp_path: Path) -> None:
    import model.prompt.continuity as continuity
    from cli import run

    def walk_per_panel(*_args: object) -> int:
        raise AssertionError("a per-panel walk over every earlier panel (quadratic in the panels)")

    monkeypatch.setattr(continuity, "_index", walk_per_panel)
    script = tmp_path / "strip.txt"
    script.write_text(STRIP, encoding="utf-8")
    assert run(["prompts", str(script)]) == 0
    assert run(["info", str(script)]) == 0
    assert "Showroom" in capsys.readouterr().out

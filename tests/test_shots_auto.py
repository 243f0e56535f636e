"""`--shots auto`: a text model plans each batch of scenes' shots through the real SDK and the fake service."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli import run
from fake_text import request_schema, request_texts
from generation.text import shotplanning
from model.fileformat.projectfile import load_project
from model.script.scenes import scenes, shot_names
from model.script.panelscript import parse_script

HERE = Path(__file__).parent / "screenplays"
KEY = "sk-test-shots-0123456789"


def planner(body: dict) -> dict:
    """Two shots a scene: a wide one, then a close-up over every numbered line of the scene."""
    _, text = request_texts(body)
    plan = []
    for block in text.split("\n\n"):
        number = int(re.match(r"SCENE (\d+):", block).group(1))  # type: ignore[union-attr]
        lines = [int(n) for n in re.findall(r"^\[(\d+)\]", block, re.M)]
        plan.append({"scene": number, "shots": [
            {"size": "wide", "camera": "static", "picture": f"Scene {number}: the place, from afar.", "lines": []},
            {"size": "close-up", "camera": "slow push in", "picture": "A face.", "lines": lines},
        ]})
    return {"scenes": plan}


@pytest.fixture
def service(fake_openai, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    fake_openai.text_responder = planner
    return fake_openai


def test_auto_shots_ask_once_per_batch_and_keep_every_line(service, tmp_path, capsys) -> None:
    out = tmp_path / "film.panels"
    assert run(["new", str(HERE / "kitchen.fdx"), "-o", str(out), "--shots", "auto"]) == 0
    assert len(service.requests) == 1 and "1 request, one per batch of scenes" in capsys.readouterr().err
    instructions, text = request_texts(service.requests[0].fields)
    assert "SCENE 1: INT. KITCHEN - NIGHT" in text and "[1] Maya (whisper): Who ate the cake?" in text
    assert "shots" in str(request_schema(service.requests[0].fields))
    project = load_project(out)
    assert [(p.shot, p.camera) for p in project.panels] == [("wide", "static"), ("close-up", "slow push in")] * 2
    assert [line.text for p in project.panels for line in p.lines] == ["Who ate the cake?", "Leo (O.S.): Not me!", "Leo!", "Leo (O.S.): Maya!"]
    assert list(shot_names(project).values()) == ["1A", "1B", "2A", "2B"]
    assert project.panels[0].setting == "Kitchen" and "CUT TO:" in project.panels[1].notes
    assert parse_script(project.script).diagnostics == []


def test_scenes_are_batched(service, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(shotplanning, "BATCH_SCENES", 1)
    out = tmp_path / "film.panels"
    assert run(["new", str(HERE / "kitchen.fdx"), "-o", str(out), "--shots", "auto"]) == 0
    assert len(service.requests) == 2
    assert [s.heading for s in scenes(load_project(out))] == ["INT. KITCHEN - NIGHT", "EXT. GARDEN - DAY"]


def test_a_scene_the_model_left_out_keeps_its_offline_shots(service, tmp_path) -> None:
    service.text_responder = lambda body: {"scenes": [planner(body)["scenes"][1]]}
    out = tmp_path / "film.panels"
    assert run(["new", str(HERE / "kitchen.fdx"), "-o", str(out), "--shots", "auto"]) == 0
    project = load_project(out)
    assert [len(s.panels) for s in scenes(project)] == [3, 2]


def test_a_malformed_answer_is_one_sentence_and_writes_nothing(service, tmp_path, capsys) -> None:
    service.text_responder = lambda body: "{not json"
    out = tmp_path / "film.panels"
    assert run(["new", str(HERE / "kitchen.fdx"), "-o", str(out), "--shots", "auto"]) == 1
    err = capsys.readouterr().err
    assert "not in the expected form" in err and KEY not in err
    assert not out.exists()


def test_shots_is_for_screenplays_only(tmp_path, capsys) -> None:
    script = tmp_path / "s.txt"
    script.write_text("Panel 1\nA snail.\n", encoding="utf-8")
    assert run(["new", str(script), "--shots", "auto"]) == 2
    assert not script.with_suffix(".panels").exists()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from model.project.project import SHOTS  # noqa: E402
from model.screenplay.reading import import_screenplay  # noqa: E402
from model.screenplay.shotplan import ShotPlan, apply_plan, finish_plan  # noqa: E402

SHOT = st.fixed_dictionaries({
    "size": st.sampled_from(SHOTS), "camera": st.text(max_size=12), "picture": st.text(max_size=30),
    "lines": st.lists(st.integers(-2, 8), max_size=5),
})


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({"scene": st.integers(0, 3), "shots": st.lists(SHOT, max_size=4)}), max_size=4))
def test_any_plan_keeps_every_line_once_in_the_screenplays_order_and_parses(plan) -> None:
    project = import_screenplay(HERE / "kitchen.fdx").project
    before = [line for p in project.panels for line in p.lines]
    apply_plan(project, scenes(project), ShotPlan.model_validate({"scenes": plan}))
    finish_plan(project)
    assert [line for p in project.panels for line in p.lines] == before
    assert [s.heading for s in scenes(project)] == ["INT. KITCHEN - NIGHT", "EXT. GARDEN - DAY"]
    result = parse_script(project.script)
    assert result.diagnostics == [] and len(result.project.panels) == len(project.panels)

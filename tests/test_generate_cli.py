"""`panelsmith generate / refine / reference / import` end to end, offline and against the fake service."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from cli import run
from fake_openai import png_of_size, refusal
from model.fileformat.projectfile import load_project
from model.prompt.status import panel_status

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-cli-secret-0123456789"


@pytest.fixture
def script(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no stored key from the real user
    path = tmp_path / "s-car.txt"
    shutil.copy(ROOT / "resources/examples/s-car.txt", path)
    return path


def test_generate_offline_from_a_script_saves_a_project_next_to_it(script, capsys):
    assert run(["generate", str(script)]) == 0
    out, err = capsys.readouterr()
    assert "offline" in err and "s-car.panels" in err
    assert out.count(": ready") == 4
    project = load_project(script.with_suffix(".panels"))
    assert [panel_status(project, p) for p in project.panels] == ["ready"] * 4
    assert run(["generate", str(script.with_suffix(".panels"))]) == 0
    assert "nothing to draw" in capsys.readouterr().out


def test_generate_with_openai_sends_the_prompts_that_prompts_prints(script, fake_openai, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    assert run(["prompts", str(script), "--json"]) == 0
    prompts = [entry["prompt"] for entry in json.loads(capsys.readouterr().out)]
    assert run(["generate", str(script), "--jobs", "2", "--model", "gpt-image-2", "--quality", "low"]) == 0
    out, err = capsys.readouterr()
    assert "OpenAI" in err
    assert sorted(r.fields["prompt"] for r in fake_openai.requests) == sorted(prompts)
    assert {r.fields["model"] for r in fake_openai.requests} == {"gpt-image-2"}
    assert {r.fields["size"] for r in fake_openai.requests} == {"1024x1024"}
    saved = script.with_suffix(".panels")
    with zipfile.ZipFile(saved) as zf:
        assert all(KEY.encode() not in zf.read(name) for name in zf.namelist())
    assert KEY not in out + err


def test_a_refused_panel_fails_with_its_reason_and_exit_1(script, fake_openai, capsys):
    fake_openai.script(refusal())
    code = run(["generate", str(script), "--backend", "openai", "--jobs", "1", "--only", "2"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "Panel 2: failed" in out and "safety system" in out
    project = load_project(script.with_suffix(".panels"))
    assert "safety system" in project.panels[1].error
    assert panel_status(project, project.panels[0]) == "missing"


@pytest.fixture(autouse=True)
def _fake_key(monkeypatch, request):
    if "fake_openai" in request.fixturenames:
        fake = request.getfixturevalue("fake_openai")
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)


def test_bad_panel_lists_are_one_sentence_with_exit_2(script, capsys):
    assert run(["generate", str(script), "--only", "2,9"]) == 2
    assert "outside the panels 1 to 4" in capsys.readouterr().err
    assert run(["generate", str(script), "--only", "two"]) == 2


def test_refine_import_and_reference_add_versions_without_losing_any(script, tmp_path, capsys):
    assert run(["generate", str(script), "--backend", "offline"]) == 0
    project_file = str(script.with_suffix(".panels"))
    assert run(["refine", project_file, "3", "make it night"]) == 0
    photo = tmp_path / "mine.png"
    photo.write_bytes(png_of_size(300, 200, "mine"))
    assert run(["import", project_file, "2", str(photo)]) == 0
    assert run(["reference", project_file, "Gary"]) == 0
    assert run(["reference", project_file, "Salesman", "--from", str(photo)]) == 0
    project = load_project(project_file)
    refined = project.panels[2].images
    assert len(refined.versions) == 2 and refined.selected.parent == refined.versions[0].id
    assert refined.selected.parameters["instruction"] == "make it night"
    assert project.panels[1].images.selected.backend == "import" and len(project.panels[1].images.versions) == 2
    assert [len(c.sheet.versions) for c in project.characters] == [1, 1]
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    assert run(["import", project_file, "2", str(broken)]) == 2
    assert run(["refine", project_file, "9", "x"]) == 2
    assert run(["reference", project_file, "Nobody"]) == 2


def test_a_failed_reference_sheet_keeps_its_reason_until_one_succeeds(script, fake_openai, tmp_path, capsys):
    project_file = str(script.with_suffix(".panels"))
    assert run(["new", str(script), "-o", project_file]) == 0
    fake_openai.script(refusal())
    assert run(["reference", project_file, "Gary", "--backend", "openai"]) == 1
    assert "safety system" in capsys.readouterr().err
    gary = load_project(project_file).character("Gary")
    assert gary.error and "safety system" in gary.error and not gary.sheet.versions
    # Re-reading an edited script onto the project keeps the reason with its character.
    reread = load_project(project_file)
    from model.script.reconcile import reparse

    reparse(reread, script.read_text(encoding="utf-8") + "\n// edited\n")
    assert "safety system" in (reread.character("Gary").error or "")
    assert run(["reference", project_file, "Gary", "--backend", "openai"]) == 0
    gary = load_project(project_file).character("Gary")
    assert gary.error is None and len(gary.sheet.versions) == 1


def test_generating_from_the_script_again_keeps_every_image_version(script, capsys):
    saved = script.with_suffix(".panels")
    assert run(["generate", str(script)]) == 0
    assert run(["refine", str(saved), "1", "night"]) == 0
    before = [len(p.images.versions) for p in load_project(saved).panels]
    assert before == [2, 1, 1, 1]
    script.write_text(script.read_text(encoding="utf-8") + "\nPanel 5\nGary drives home.\n", encoding="utf-8")
    capsys.readouterr()
    assert run(["generate", str(script)]) == 0
    assert f"Updating {saved} from {script}" in capsys.readouterr().err
    after = load_project(saved)
    assert [len(p.images.versions) for p in after.panels] == before + [1]


@pytest.mark.parametrize("command", [["refine", "1", "night"], ["import", "1", "IMAGE"], ["reference", "Gary"]])
def test_every_command_given_a_script_updates_its_existing_project(script, tmp_path, capsys, command):
    saved = script.with_suffix(".panels")
    assert run(["generate", str(script), "--only", "1"]) == 0
    image = tmp_path / "mine.png"
    image.write_bytes(png_of_size(64, 64, "mine"))
    argv = [command[0], str(script)] + [str(image) if a == "IMAGE" else a for a in command[1:]]
    assert run(argv) == 0
    panels = load_project(saved).panels
    assert len(panels[0].images.versions) == (2 if command[0] != "reference" else 1)


def test_generating_a_script_with_no_panels_writes_nothing_and_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("Title: Nothing yet\n", encoding="utf-8")
    assert run(["generate", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "no panels" in err and "Saving" not in err
    assert not (tmp_path / "empty.panels").exists()


def _one_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("panelsmith: ") and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("argv, fragment", [
    (["import", "PANELS", "1", "nothere.png"], "does not exist"),
    (["import", "PANELS", "1", "FOLDER"], "is a folder"),
    (["reference", "PANELS", "Gary", "--from", "nothere.png"], "does not exist"),
    (["reference", "PANELS", "Gary", "--from", "FOLDER"], "is a folder"),
])
def test_a_missing_image_file_or_a_folder_is_bad_input(script, tmp_path, capsys, argv, fragment):
    saved = script.with_suffix(".panels")
    assert run(["new", str(script), "-o", str(saved)]) == 0
    capsys.readouterr()
    names = {"PANELS": str(saved), "FOLDER": str(tmp_path), "nothere.png": str(tmp_path / "nothere.png")}
    assert run([names.get(a, a) for a in argv]) == 2
    assert fragment in _one_error(capsys.readouterr().err)


def test_refine_without_backend_says_the_backend_was_chosen_automatically(script, capsys):
    assert run(["generate", str(script), "--only", "1"]) == 0
    capsys.readouterr()
    assert run(["refine", str(script.with_suffix(".panels")), "1", "night"]) == 0
    err = capsys.readouterr().err
    assert "no OpenAI API key is set" in err and "as asked" not in err


@pytest.mark.parametrize("model, quality, ok", [("gpt-image-2", "ultra", False), ("gpt-image-2", "xhigh", False),
                                                 ("gpt-image-2.6-flare", "max", True), ("gpt-image-2", "auto", True)])
def test_quality_is_checked_against_what_the_model_takes(script, capsys, model, quality, ok):
    code = run(["generate", str(script), "--only", "1", "--model", model, "--quality", quality, "--backend", "offline"])
    if ok:
        assert code == 0
    else:
        assert code == 2
        assert "--quality" in _one_error(capsys.readouterr().err)


def test_a_reversed_range_in_only_is_named_as_such(script, capsys):
    assert run(["generate", str(script), "--only", "2-1"]) == 2
    assert "reversed range" in _one_error(capsys.readouterr().err)


def test_a_new_reference_sheet_makes_its_panels_stale_and_prompts_prints_what_is_sent(
        script, fake_openai, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    saved = script.with_suffix(".panels")
    assert run(["generate", str(script)]) == 0
    assert run(["reference", str(saved), "Gary"]) == 0
    capsys.readouterr()
    assert run(["info", str(saved), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["panels"]
    assert {r["status"] for r in rows if "Gary" in r["characters"]} == {"stale"}
    assert {r["status"] for r in rows if "Gary" not in r["characters"]} <= {"ready"}
    assert run(["prompts", str(saved), "--json"]) == 0
    prompts = {e["index"]: e["prompt"] for e in json.loads(capsys.readouterr().out)}
    stale = [r["index"] for r in rows if r["status"] == "stale"]
    assert stale and all("shows Gary" in prompts[n] for n in stale)
    sent_before = len(fake_openai.requests)
    assert run(["generate", str(saved)]) == 0
    sent = [r.fields["prompt"] for r in fake_openai.requests[sent_before:]]
    assert sorted(sent) == sorted(prompts[n] for n in stale)
    project = load_project(saved)
    assert all(panel_status(project, p) == "ready" for p in project.panels)


def test_a_dialogue_edit_in_the_script_is_saved_even_when_nothing_needs_drawing(script, capsys):
    assert run(["generate", str(script)]) == 0
    text = script.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("Gary:"))
    script.write_text(text.replace(line, "Gary: Something new."), encoding="utf-8")
    assert run(["generate", str(script)]) == 0
    assert "nothing to draw" in capsys.readouterr().out
    project = load_project(script.with_suffix(".panels"))
    assert "Something new." in [ln.text for p in project.panels for ln in p.lines]

"""`panelsmith refine --from / --lasting` and `panelsmith thread`, offline and against the fake service."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli import run
from fake_openai import refusal
from model.fileformat.projectfile import load_project
from model.prompt.status import panel_status

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-refine-secret-0123456789"


@pytest.fixture
def project_file(tmp_path, monkeypatch, capsys) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "s-car.txt"
    shutil.copy(ROOT / "resources/examples/s-car.txt", script)
    assert run(["generate", str(script)]) == 0
    capsys.readouterr()
    return script.with_suffix(".panels")


def _refine(path: Path, *args: str) -> int:
    return run(["refine", str(path), *args])


def test_refine_from_an_earlier_version_branches_and_thread_shows_it(project_file, capsys) -> None:
    assert _refine(project_file, "2", "make it night") == 0
    assert _refine(project_file, "2", "give the salesman a moustache") == 0
    assert _refine(project_file, "2", "make it rain", "--from", "v2") == 0
    assert "v4 of its thread, made from v2" in capsys.readouterr().out
    versions = load_project(project_file).panels[1].images.versions
    assert [v.parent for v in versions] == [None, versions[0].id, versions[1].id, versions[1].id]
    assert versions[3].parameters["instruction"] == "make it rain"

    assert run(["thread", str(project_file), "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Panel 2"
    assert out[1].startswith("  v1  drawn") and "“make it night”" in out[2] and "moustache" in out[3]
    assert out[4].startswith("*     ↳ v4  from v2 “make it rain”")  # selected, indented, marked as a branch

    assert run(["thread", str(project_file), "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["index"] == 2
    assert [(t["version"], t["parent"], t["depth"], t["branch"]) for t in entry["turns"]] == [
        (1, None, 0, False), (2, 1, 0, False), (3, 2, 0, False), (4, 2, 1, True)]


def test_refine_from_takes_the_start_of_an_id_and_refuses_what_is_not_there(project_file, capsys) -> None:
    first = load_project(project_file).panels[0].images.versions[0]
    assert _refine(project_file, "1", "night") == 0
    assert _refine(project_file, "1", "rain", "--from", first.id[:6]) == 0
    assert load_project(project_file).panels[0].images.selected.parent == first.id
    capsys.readouterr()
    assert _refine(project_file, "1", "snow", "--from", "v7") == 2
    assert "v1 to v3" in capsys.readouterr().err
    assert len(load_project(project_file).panels[0].images.versions) == 3


def test_a_lasting_instruction_prints_the_script_line_and_lasting_adds_it(project_file, capsys) -> None:
    assert _refine(project_file, "2", "from now on he wears a hat") == 0
    out = capsys.readouterr().out
    assert "“+Gary: wears a hat”" in out and "--lasting" in out
    assert "+Gary: wears a hat" not in load_project(project_file).script

    assert _refine(project_file, "2", "from now on he wears a hat", "--lasting") == 0
    out = capsys.readouterr().out
    assert "Added “+Gary: wears a hat” to panel 2" in out and "--only 4" in out
    project = load_project(project_file)
    assert project.script.count("+Gary: wears a hat") == 1
    assert panel_status(project, project.panels[3]) == "stale"  # Gary in panel 4 is to wear it too
    assert [len(p.images.versions) for p in project.panels] == [1, 4, 1, 1]  # every image stayed with its panel
    refined, kept = project.panels[1].images.versions[2:]
    assert kept.sha256 == refined.sha256 and kept.parent == refined.id  # the hat picture, kept for the new script
    assert panel_status(project, project.panels[1]) == "ready"  # so panel 2 is not drawn again
    assert panel_status(project, project.panels[2]) == "ready"  # no Gary in panel 3
    assert run(["thread", str(project_file), "2"]) == 0
    assert "v4  the same picture, kept for “+Gary: wears a hat”" in capsys.readouterr().out

    assert _refine(project_file, "2", "from now on he wears a hat", "--lasting") == 0
    assert "already has" in capsys.readouterr().out
    assert load_project(project_file).script.count("+Gary: wears a hat") == 1


def test_lasting_on_an_instruction_that_does_not_last_draws_nothing(project_file, capsys) -> None:
    assert _refine(project_file, "2", "make it night", "--lasting") == 2
    assert "changes one character for good" in capsys.readouterr().err
    assert len(load_project(project_file).panels[1].images.versions) == 1


def test_lasting_given_a_script_writes_the_line_into_the_script_too(project_file, capsys) -> None:
    script = project_file.with_suffix(".txt")
    assert _refine(script, "2", "Gary wears a red scarf for the rest of the story", "--lasting") == 0
    assert "+Gary: wears a red scarf" in script.read_text(encoding="utf-8")
    assert run(["generate", str(script), "--only", "4"]) == 0  # the script re-parsed keeps the line
    assert "red scarf" in load_project(project_file).panels[3].images.selected.prompt


def test_thread_of_an_unrefined_project_says_how_to_start_one(project_file, capsys) -> None:
    assert run(["thread", str(project_file)]) == 0
    assert "No panel has been refined yet" in capsys.readouterr().out
    assert run(["thread", str(project_file), "9"]) == 2


@pytest.fixture
def service(fake_openai, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    return fake_openai


def test_the_edit_request_carries_the_chosen_version_not_the_latest(project_file, service, capsys) -> None:
    assert _refine(project_file, "3", "make it night", "--backend", "openai") == 0
    assert _refine(project_file, "3", "make it rain", "--from", "1", "--backend", "openai") == 0
    project = load_project(project_file)
    first, night, rain = project.panels[2].images.versions
    edits = [r for r in service.requests if r.path.endswith("/images/edits")]
    assert len(edits) == 2
    assert edits[0].files[0].data == project.images.get(first.sha256)
    assert edits[1].files[0].data == project.images.get(first.sha256)  # v1, not the night version selected before
    assert edits[1].files[0].data != project.images.get(night.sha256)
    assert "make it rain" in edits[1].fields["prompt"]
    assert rain.parent == first.id and rain.backend == "openai"
    assert KEY not in capsys.readouterr().out


def test_a_refused_refine_keeps_its_sentence_and_changes_nothing_else(project_file, service, capsys) -> None:
    before = load_project(project_file)
    service.script(refusal())
    assert _refine(project_file, "2", "from now on he wears a hat", "--lasting", "--backend", "openai") == 1
    assert "safety system" in capsys.readouterr().err
    project = load_project(project_file)
    # The sentence reaches the user with the refine; the panel's own picture is intact, so it is not "failed".
    assert project.panels[1].error is None
    assert panel_status(project, project.panels[1]) == panel_status(before, before.panels[1])
    assert project.script == before.script  # no lasting detail for a picture that was never made
    assert [len(p.images.versions) for p in project.panels] == [1, 1, 1, 1]
    assert _refine(project_file, "2", "from now on he wears a hat", "--backend", "openai") == 0  # the retry
    project = load_project(project_file)
    assert project.panels[1].error is None and len(project.panels[1].images.versions) == 2

"""The `panelsmith` command line: new, info, prompts, and one-line errors with the right exit code."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cli import COMMAND_MODULES, run
from model.project.project import ImageVersion
from model.fileformat.projectfile import load_project, save_project
from model.prompt.compose import compose_prompt
from tests.test_projectfile import HOSTILE, png, write_zip

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"

SCRIPT = """Title: Snail Day
Style: ink

Character: Gary
A tiny snail.

Setting: Shop
A car showroom.

Panel 1 (wide) @ Shop
Gary waits at the counter.
Caption: Monday.
Gary: One car, please.
SFX: DING

Panel 2 (close-up)
Gary (thought): Fast.
A passer-by stares.
"""


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "day.txt"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("panelsmith: ") and "Traceback" not in err
    return lines[0]


def test_new_writes_a_project_that_info_describes(tmp_path: Path, script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "day.panels"
    assert run(["new", str(script), "-o", str(out)]) == 0
    assert "2 panels, 1 character, 1 setting" in capsys.readouterr().out
    assert load_project(out).panels[0].shot == "wide"
    assert run(["info", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info == {
        "title": "Snail Day",
        "panels": [
            {"index": 1, "status": "missing", "characters": ["Gary"], "versions": 0, "error": None},
            {"index": 2, "status": "missing", "characters": ["Gary"], "versions": 0, "error": None},
        ],
        "editions": [],  # no translated editions yet (see test_editions.py)
    }


def test_info_reports_versions_stale_panels_and_errors(tmp_path: Path, script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "day.panels"
    run(["new", str(script), "-o", str(out)])
    project = load_project(out)
    first, second = project.panels
    digest = project.images.put(png((5, 5, 5)))
    first.images.add(ImageVersion(digest, 32, 24, compose_prompt(project, first), "offline"))
    second.images.add(ImageVersion(digest, 32, 24, "an older prompt", "offline"))
    save_project(project, out)
    capsys.readouterr()
    assert run(["info", str(out), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["panels"]
    assert [(r["status"], r["versions"]) for r in rows] == [("ready", 1), ("stale", 1)]
    project = load_project(out)
    project.panels[1].error = "The image service refused the prompt."
    save_project(project, out)
    assert run(["info", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "Snail Day"
    assert "failed" in text and "error: The image service refused the prompt." in text


def test_prompts_json_has_the_exact_shape_and_keeps_lines_out_of_the_prompt(
    script: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["prompts", str(script), "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [set(e) for e in entries] == [{"index", "prompt", "characters", "setting", "shot", "lines"}] * 2
    first, second = entries
    assert (first["index"], first["setting"], first["shot"], first["characters"]) == (1, "Shop", "wide", ["Gary"])
    assert first["lines"] == [
        {"speaker": None, "kind": "caption", "text": "Monday."},
        {"speaker": "Gary", "kind": "speech", "text": "One car, please."},
        {"speaker": None, "kind": "sfx", "text": "DING"},
    ]
    assert second["setting"] == "Shop" and second["lines"][0]["kind"] == "thought"
    for entry in entries:
        assert "A tiny snail" in entry["prompt"] and "A car showroom" in entry["prompt"]
        for words in ("Monday", "One car, please", "DING", "Fast"):
            assert words not in entry["prompt"]


def test_prompts_reads_a_saved_project_the_same_as_its_script(
    tmp_path: Path, script: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "day.panels"
    run(["new", str(script), "-o", str(out)])
    capsys.readouterr()
    run(["prompts", str(script)])
    from_script = capsys.readouterr().out
    run(["prompts", str(out)])
    assert capsys.readouterr().out == from_script
    assert from_script.startswith("Panel 1 (wide) @ Shop\n")


def test_chinese_example_works_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "蜗牛.panels"
    assert run(["new", str(EXAMPLES / "s-car.zh.txt"), "-o", str(out)]) == 0
    assert run(["info", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert info["title"] == "S 跑车" and len(info["panels"]) == 4


def test_script_diagnostics_go_to_stderr_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "oops.txt"
    path.write_text("Panel 1 @ Nowhere\nA snail.\n", encoding="utf-8")
    assert run(["new", str(path), "-o", str(tmp_path / "oops.panels")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1: ")


def test_new_refuses_a_script_without_panels_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("Title: Nothing yet\n", encoding="utf-8")
    assert run(["new", str(path), "-o", str(tmp_path / "empty.panels")]) == 2
    diagnostic, error = capsys.readouterr().err.strip().splitlines()
    assert diagnostic.startswith(f"{path}:1: ")  # the parser's own explanation, as a warning
    assert "no panels" in one_error_line(error)
    assert not (tmp_path / "empty.panels").exists()


def test_new_never_replaces_an_existing_project_without_force(
    tmp_path: Path, script: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "day.panels"
    out.write_bytes(b"precious")
    assert run(["new", str(script), "-o", str(out)]) == 2
    assert "already exists" in one_error_line(capsys.readouterr().err)
    assert out.read_bytes() == b"precious"
    assert run(["new", str(script), "-o", str(out), "--force"]) == 2
    assert "left alone" in one_error_line(capsys.readouterr().err)
    assert out.read_bytes() == b"precious"


def test_new_with_force_updates_an_existing_project_keeping_its_images(
    tmp_path: Path, script: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "day.panels"
    assert run(["new", str(script), "-o", str(out)]) == 0
    project = load_project(out)
    second = project.panels[1]
    second.images.add(ImageVersion(project.images.put(png((9, 9, 9))), 32, 24, "p", "offline"))
    save_project(project, out)
    script.write_text(SCRIPT.replace("Panel 1 (wide) @ Shop", "Panel 1\nA new first panel.\n\nPanel 2 (wide) @ Shop")
                      .replace("Panel 2 (close-up)", "Panel 3 (close-up)"), encoding="utf-8")
    capsys.readouterr()
    assert run(["new", str(script), "-o", str(out), "--force"]) == 0
    assert f"Updating {out}" in capsys.readouterr().err
    updated = load_project(out)
    assert [len(p.images.versions) for p in updated.panels] == [0, 0, 1]
    assert updated.panels[2].id == second.id


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["info"], "required"),
        (["info", "nowhere.panels"], "does not exist"),
        (["prompts", "nowhere.txt"], "does not exist"),
        (["new", "x.txt", "--colour"], "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(argv) == 2
    assert fragment in one_error_line(capsys.readouterr().err)


def test_a_non_utf8_script_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("第1格\n蜗牛站着。\n".encode("gbk"))
    assert run(["info", str(path)]) == 2
    assert "UTF-8" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["info", "prompts"])
def test_hostile_project_files_are_exit_2_with_one_line(
    tmp_path: Path, case: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    entries, _ = HOSTILE[case]
    path = tmp_path / "hostile.panels"
    if entries is None:
        path.write_bytes(b"not a zip")
    else:
        write_zip(path, entries)
    assert run([command, str(path)]) == 2
    one_error_line(capsys.readouterr().err)


def test_info_catches_an_image_whose_name_lies_about_its_hash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.dumps({"schema_version": 1, "panels": [{"id": "p"}]})
    path = write_zip(tmp_path / "lie.panels", {"project.json": doc, "images/" + "c" * 64 + ".png": png((1, 1, 1))})
    assert run(["info", str(path)]) == 2
    assert "checksum" in one_error_line(capsys.readouterr().err)


def test_a_bug_is_one_line_exit_1_and_a_traceback_only_when_debugging(
    script: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cli.project_commands as commands

    def broken(project: object, panel: object) -> str:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(commands, "request_prompt", broken)
    assert run(["prompts", str(script)]) == 1
    assert "bug" in one_error_line(capsys.readouterr().err)
    monkeypatch.setenv("PANELSMITH_DEBUG", "1")
    assert run(["prompts", str(script)]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_no_arguments_or_just_a_file_opens_the_app(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.window.app

    opened: list[str | None] = []
    monkeypatch.setattr(ui.window.app, "run_app", lambda path=None: opened.append(path) or 0)
    assert run([]) == 0
    assert run([str(script)]) == 0
    assert opened == [None, str(script)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the screen check is for Linux")
def test_without_a_screen_the_app_says_so_in_one_line_instead_of_aborting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ui.window.app

    opened: list[str | None] = []
    monkeypatch.setattr(ui.window.app, "run_app", lambda path=None: opened.append(path) or 0)
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert run([]) == 1
    err = capsys.readouterr().err
    assert "no screen" in err and len(err.strip().splitlines()) == 1
    assert opened == []


@pytest.mark.parametrize("word, fragment", [("infoo", "did you mean `panelsmith info`"), ("nothere.panels", "unknown command or file")])
def test_a_mistyped_command_or_missing_file_is_bad_input_and_never_opens_the_app(
    word: str, fragment: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ui.window.app

    opened: list[str | None] = []
    monkeypatch.setattr(ui.window.app, "run_app", lambda path=None: opened.append(path) or 0)
    assert run([word]) == 2
    assert fragment in one_error_line(capsys.readouterr().err)
    assert opened == []


def test_command_modules_are_a_plain_list_that_all_import() -> None:
    import importlib

    assert COMMAND_MODULES[0] == "cli.project_commands"
    for name in COMMAND_MODULES:
        assert callable(importlib.import_module(name).register)


def test_the_real_program_exits_2_on_a_hostile_file_without_traceback(tmp_path: Path, script: Path) -> None:
    slip = tmp_path / "slip.panels"
    with zipfile.ZipFile(slip, "w") as zf:
        zf.writestr("project.json", json.dumps({"schema_version": 1}))
        zf.writestr("../../escape.txt", "x")
    env = {k: v for k, v in os.environ.items() if k != "PANELSMITH_DEBUG"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "info", str(slip)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert "unsafe entry" in one_error_line(done.stderr)
    ok = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "new", str(script), "-o", str(tmp_path / "ok.panels")],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert ok.returncode == 0 and ok.stderr == ""
    assert "PySide6" not in subprocess.run(
        [sys.executable, "-c", "import sys, cli; cli.run(['info', sys.argv[1]]); print(sorted(sys.modules))",
         str(tmp_path / "ok.panels")],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    ).stdout

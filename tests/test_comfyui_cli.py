"""`panelsmith generate / refine / reference --backend comfyui` end to end against the fake ComfyUI server."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli import run
from model.fileformat.projectfile import load_project
from model.prompt.status import panel_status

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def script(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("PANELSMITH_COMFYUI_URL", raising=False)
    path = tmp_path / "s-car.txt"
    shutil.copy(ROOT / "resources/examples/s-car.txt", path)
    return path


def test_generate_with_comfyui_from_the_command_line(script, fake_comfyui):
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "generate", str(script), "--backend", "comfyui",
                           "--server", fake_comfyui.url, "--steps", "9"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"ComfyUI server at {fake_comfyui.url}" in done.stderr
    assert done.stdout.count("ready (comfyui") == 4
    project = load_project(script.with_suffix(".panels"))
    assert [panel_status(project, p) for p in project.panels] == ["ready"] * 4
    assert {p.images.selected.parameters["steps"] for p in project.panels} == {9}
    assert {g["3"]["inputs"]["steps"] for g in fake_comfyui.graphs()} == {9}


def test_the_server_can_come_from_the_environment_and_refine_and_reference_use_it(script, fake_comfyui, monkeypatch, capsys):
    monkeypatch.setenv("PANELSMITH_COMFYUI_URL", fake_comfyui.url)
    assert run(["generate", str(script), "--backend", "comfyui", "--only", "2"]) == 0
    project_file = str(script.with_suffix(".panels"))
    assert run(["reference", project_file, "Gary", "--backend", "comfyui", "--workflow", "flux",
                "--checkpoint", "flux1-dev-fp8.safetensors"]) == 0
    assert run(["refine", project_file, "2", "make the background a night city", "--backend", "comfyui"]) == 0
    project = load_project(script.with_suffix(".panels"))
    panel = project.panels[1]
    assert len(panel.images.versions) == 2 and panel.images.selected.parameters["instruction"]
    assert panel.images.selected.parent == panel.images.versions[0].id
    assert project.character("Gary").sheet.selected.model == "flux1-dev-fp8.safetensors"
    assert len(fake_comfyui.uploads) == 1  # the refined panel; Gary's sheet needs IP-Adapter nodes this server lacks
    assert "description only" in panel.images.selected.parameters["references_sent"]
    err = capsys.readouterr().err
    assert err.count("install the ComfyUI_IPAdapter_plus custom node pack") == 1


def test_same_seed_redraws_exactly(script, fake_comfyui):
    assert run(["generate", str(script), "--server", fake_comfyui.url, "--only", "3"]) == 0
    assert run(["generate", str(script.with_suffix(".panels")), "--server", fake_comfyui.url, "--only", "3",
                "--force", "--same-seed"]) == 0
    (only,) = load_project(script.with_suffix(".panels")).panels[2].images.versions  # the same picture, kept once
    assert [g["3"]["inputs"]["seed"] for g in fake_comfyui.graphs()] == [only.parameters["seed"]] * 2


def test_failed_panels_exit_1_naming_each_reason_and_bad_numbers_exit_2(script, fake_comfyui, capsys):
    fake_comfyui.script("oom")
    assert run(["generate", str(script), "--server", fake_comfyui.url, "--jobs", "1", "--only", "1,2"]) == 1
    out, err = capsys.readouterr()
    assert "Panel 1: failed: The ComfyUI server" in out and "out of GPU memory" in out and "Panel 2: ready" in out
    assert "1 of 2 panels failed" in err
    assert run(["generate", str(script), "--server", fake_comfyui.url, "--steps", "0"]) == 2
    assert "--steps must be" in capsys.readouterr().err
    assert run(["generate", str(script), "--backend", "openai", "--server", fake_comfyui.url]) == 2
    assert run(["generate", str(script), "--server", "http://127.0.0.1:9", "--only", "1"]) == 1
    out, err = capsys.readouterr()
    assert "Could not reach the ComfyUI server at 127.0.0.1:9" in out and "Traceback" not in out + err


def test_ctrl_c_during_generate_leaves_nothing_queued_or_running_on_the_server(script):
    import signal
    import time

    from fake_comfyui import FakeComfyUI

    with FakeComfyUI(latency=3600.0, workers=1) as fake:  # only an interrupt ends the running prompt
        child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "generate", str(script), "--server", fake.url],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while not (len(fake.running) == 1 and len(fake.pending) == 3):  # all four panels are on the server
            assert child.poll() is None and time.monotonic() < deadline, child.stderr.read() if child.poll() else "timed out"
            time.sleep(0.02)
        child.send_signal(signal.SIGINT)
        _out, err = child.communicate(timeout=120)
        queued = [job for job in fake.jobs.values()]
        assert child.returncode == 130 and "interrupted" in err and "Traceback" not in err
        assert not fake.pending  # every queued prompt was deleted before Panelsmith exited ...
        assert all(job.interrupted for job in queued if job.prompt_id not in fake.deleted)  # ... or interrupted
        assert len(fake.deleted) == 3

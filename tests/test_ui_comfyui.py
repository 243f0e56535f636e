"""The app with a ComfyUI server (the tests' fake): the Settings section tests the connection on a worker and
lists the server's checkpoints; the window draws through it with per-panel step progress on the board."""
from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.fake_comfyui import FakeComfyUI
from tests.ui_helpers import dispose, isolate_dirs
from ui.board.panel_list_model import ErrorRole, ProgressRole, StatusRole


@pytest.fixture
def server():
    with FakeComfyUI(latency=0.3) as fake:
        yield fake


@pytest.fixture
def dialog(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    monkeypatch.delenv("PANELSMITH_COMFYUI_URL", raising=False)
    from ui.settings import AppSettings
    from ui.dialogs.settings_dialog import SettingsDialog

    d = SettingsDialog(AppSettings(backend="comfyui"))
    qtbot.addWidget(d)
    yield d
    d.comfyui.tasks.shutdown(10000)


def test_test_connection_lists_the_servers_checkpoints_and_settings_keep_the_choice(dialog, server, qtbot):
    section = dialog.comfyui
    assert section.isEnabled()
    section.url.setText(server.url)
    section.test_button.click()
    qtbot.waitUntil(lambda: section.test_button.isEnabled(), timeout=10000)
    assert section.status.text().startswith("Connected to ComfyUI 0.3.99-fake") and "3 checkpoints" in section.status.text()
    names = [section.checkpoint.itemText(i) for i in range(section.checkpoint.count())]
    assert names[1:] == server.checkpoints
    section.checkpoint.setCurrentIndex(names.index("dreamshaperXL.safetensors"))
    section.steps.setValue(12)
    section.workflow.setCurrentIndex(section.workflow.findData("flux"))
    chosen = dialog.result_settings()
    assert (chosen.backend, chosen.comfyui_url, chosen.comfyui_checkpoint, chosen.comfyui_steps, chosen.comfyui_workflow) \
        == ("comfyui", server.url, "dreamshaperXL.safetensors", 12, "flux")
    dialog.backend.setCurrentIndex(dialog.backend.findData("offline"))
    assert not section.isEnabled()


def test_a_server_that_does_not_answer_is_one_sentence(dialog, qtbot):
    section = dialog.comfyui
    section.url.setText("http://127.0.0.1:9")
    section.test_button.click()
    qtbot.waitUntil(lambda: section.test_button.isEnabled(), timeout=10000)
    assert section.status.text() == ("Could not reach the ComfyUI server at 127.0.0.1:9; check that it is running "
                                     "and the URL in Settings (or --server).")
    assert dialog.result_settings().comfyui_checkpoint == ""


def test_choosing_a_workflow_without_a_seed_says_so_and_keeps_the_old_choice(dialog, tmp_path):
    section = dialog.comfyui
    bad = tmp_path / "mine.json"
    bad.write_text(json.dumps({"1": {"class_type": "SaveImage", "inputs": {"images": ["2", 0]}},
                               "2": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512}}}))
    assert not section.use_workflow(str(bad))
    assert "mine.json has no prompt slot" in section.status.text()
    assert dialog.result_settings().comfyui_workflow == "sdxl"
    from generation.comfyui.workflow import workflow_path

    assert section.use_workflow(str(workflow_path("flux")))
    assert dialog.result_settings().comfyui_workflow == str(workflow_path("flux"))


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path, server):
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    w = MainWindow(AppSettings(backend="comfyui", comfyui_url=server.url, comfyui_steps=7))
    w.files.open_example()
    w.show()
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


def test_the_window_draws_through_comfyui_with_step_progress_on_the_board(window, server, qtbot):
    seen: list[float] = []
    window.panel_model.dataChanged.connect(
        lambda top, _bottom, roles: seen.append(top.data(ProgressRole)) if top.data(ProgressRole) is not None else None)
    server.script(None, "oom")
    first, second = window.doc.order()[:2]
    window.generation.generate([first, second])
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=30000)
    assert window.generation.backend_name() == "comfyui"
    statuses = {window.panel_model.index(i).data(StatusRole) for i in range(2)}
    assert statuses == {"ready", "failed"}
    failed = next(i for i in range(2) if window.panel_model.index(i).data(StatusRole) == "failed")
    assert "out of GPU memory" in window.panel_model.index(failed).data(ErrorRole)
    ready = window.doc.project.panels[1 - failed].images.selected
    assert ready.backend == "comfyui" and ready.parameters["steps"] == 7 and isinstance(ready.parameters["seed"], int)
    assert seen and max(seen) > 0 and window.panel_model.index(0).data(ProgressRole) is None  # cleared when done
    window.generation.generate([window.doc.order()[failed]])  # retry
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=30000)
    assert window.panel_model.index(failed).data(StatusRole) == "ready"


def test_a_server_without_ip_adapter_draws_panels_with_sheets_and_the_window_names_the_pack_once(window, server, qtbot):
    from fake_openai import png_of_size
    from generation.recording import record_import

    project = window.doc.project
    for character in project.characters:
        record_import(project, character, png_of_size(64, 48, character.name), "sheet", f"{character.name}.png")
    said: list[str] = []
    window.generation.message.connect(said.append)
    window.generation.generate(window.doc.order())
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=60000)
    statuses = {window.panel_model.index(i).data(StatusRole) for i in range(len(project.panels))}
    assert statuses == {"ready"}
    assert sum("install the ComfyUI_IPAdapter_plus custom node pack" in m for m in said) == 1


def test_closing_the_window_while_drawing_leaves_nothing_queued_or_running_on_the_server(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    with FakeComfyUI(latency=3600.0) as fake:  # only an interrupt can end the running prompt
        w = MainWindow(AppSettings(backend="comfyui", comfyui_url=fake.url, comfyui_steps=7))
        w.files.open_example()
        w.show()
        w.generation.generate(w.doc.order())
        qtbot.waitUntil(lambda: len(fake.running) == 1 and len(fake.pending) == 3, timeout=60000)
        running = next(iter(fake.running))
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        assert w.close()
        assert not fake.pending and len(fake.deleted) == 3  # withdrawn before the window was gone
        assert fake.jobs[running].interrupted
        dispose(w)

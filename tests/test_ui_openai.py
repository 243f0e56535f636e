"""The app against an OpenAI-compatible service on 127.0.0.1 (the tests' fake, through the real SDK):
a refused panel shows its reason and can be retried; the key never reaches a project or settings file."""
from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.fake_openai import FakeImageService, refusal
from tests.ui_helpers import dispose, isolate_dirs
from ui.board.panel_list_model import ErrorRole, StatusRole

KEY = "sk-test-panelsmith-not-a-real-key"


@pytest.fixture
def service():
    with FakeImageService(image_scale=0.25) as fake:
        yield fake


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path, service):
    isolate_dirs(monkeypatch, tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    w = MainWindow(AppSettings(backend="compatible", base_url=service.base_url, concurrency=2))
    w.files.open_example()
    w.show()
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


def test_a_refused_panel_keeps_its_reason_on_the_board_and_retry_draws_it(window, service, qtbot, tmp_path) -> None:
    service.script(refusal())
    first = window.doc.order()[0]
    window.generation.generate([first])
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=30000)
    index = window.panel_model.index(0)
    assert index.data(StatusRole) == "failed"
    reason = index.data(ErrorRole)
    assert reason and "safety" in reason.lower()
    assert reason in index.data(Qt.ItemDataRole.ToolTipRole)
    assert window.inspector.generate_button.text() == "Retry"
    window.select_panel(first)
    window.retry_failed()
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=30000)
    assert window.panel_model.index(0).data(StatusRole) == "ready"
    version = window.doc.project.panels[0].images.selected
    assert version.backend == "openai" and version.cost_usd and version.cost_usd > 0
    qtbot.waitUntil(lambda: "$" in window.status_label.text(), timeout=30000)  # estimated cost in the status bar
    assert "1 panels" in window.status_label.text() or "1 of 1" in window.status_label.text()
    assert service.requests[-1].fields.get("model") == "gpt-image-2"

    target = tmp_path / "with-openai.panels"
    assert window.files.save_to(target, wait=True)
    window.save_settings()
    from ui.settings import settings_path

    with zipfile.ZipFile(target) as zf:
        assert all(KEY.encode() not in zf.read(name) for name in zf.namelist())
    assert KEY not in settings_path().read_text(encoding="utf-8")

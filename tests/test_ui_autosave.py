"""Autosave into the user's state folder, and the offer to restore after a crash."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui_helpers import all_ready, dispose, isolate_dirs
from ui.workers.autosave import autosave_dir, find_leftovers
from ui.settings import AppSettings, load_settings, save_settings, settings_path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def answer(monkeypatch, button) -> list[str]:
    asked: list[str] = []

    def question(*args, **kwargs):
        asked.append(args[1])
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def close(w, monkeypatch) -> None:
    answer(monkeypatch, QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


@pytest.fixture
def crashed(qtbot, monkeypatch, tmp_path):
    """A window that generated and edited, autosaved, then 'crashed' (its process is gone)."""
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow

    w = MainWindow(load_settings())
    w.files.open_example()
    w.generation.generate_missing()
    qtbot.waitUntil(lambda: all_ready(w), timeout=20000)
    w.actions["duplicate"].trigger()
    with qtbot.waitSignal(w.autosaver.saved, timeout=10000):
        assert w.autosaver.save_now()
    expected = [(p.action, p.images.selected.sha256 if p.images.selected else None) for p in w.doc.project.panels]
    note = w.autosaver.note_path
    data = json.loads(note.read_text(encoding="utf-8"))
    data["pid"] = dead_pid()  # the writer died without cleaning up: exactly what a crash leaves
    note.write_text(json.dumps(data), encoding="utf-8")
    w.autosaver.session = "other-session"  # so this window's own clean-up leaves the leftover alone
    close(w, monkeypatch)
    return expected


def test_autosave_writes_only_when_there_are_unsaved_changes(qtbot, monkeypatch, tmp_path) -> None:
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow

    w = MainWindow(load_settings())
    w.files.open_example()
    assert not w.autosaver.save_now()
    w.actions["insert"].trigger()
    with qtbot.waitSignal(w.autosaver.saved, timeout=10000):
        assert w.autosaver.save_now()
    assert w.autosaver.project_path.parent == autosave_dir()
    assert str(tmp_path / "state") in str(autosave_dir())
    assert find_leftovers() == []  # our own, live session is not a leftover
    close(w, monkeypatch)
    assert not w.autosaver.project_path.exists()


def test_after_a_crash_the_next_start_offers_and_restores_the_work(crashed, qtbot, monkeypatch) -> None:
    from ui.window.app import create_window

    assert len(find_leftovers()) == 1
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    w = create_window(None)
    assert asked == ["Restore unsaved work?"]
    restored = [(p.action, p.images.selected.sha256 if p.images.selected else None) for p in w.doc.project.panels]
    assert restored == crashed
    assert all(w.doc.project.images.get(sha) for _a, sha in restored if sha)
    assert w.is_dirty()
    assert find_leftovers() == []
    close(w, monkeypatch)
    assert list(autosave_dir().glob("*.panels")) == []  # nothing left behind after a clean exit


def test_declining_the_restore_discards_the_leftover(crashed, qtbot, monkeypatch) -> None:
    from ui.window.app import create_window

    answer(monkeypatch, QMessageBox.StandardButton.No)
    w = create_window(None)
    assert not w.is_dirty()
    assert find_leftovers() == []
    close(w, monkeypatch)


def test_settings_live_in_the_user_config_folder_and_survive_damage(monkeypatch, tmp_path) -> None:
    isolate_dirs(monkeypatch, tmp_path)
    s = AppSettings(backend="compatible", base_url="http://127.0.0.1:9/v1", concurrency=3, language="zh")
    s.add_recent(str(tmp_path / "a.panels"))
    save_settings(s)
    assert settings_path().is_relative_to(tmp_path / "config")
    assert load_settings() == s
    assert "key" not in settings_path().read_text(encoding="utf-8").lower()
    settings_path().write_text("{not json", encoding="utf-8")
    assert load_settings() == AppSettings()

"""File ▸ Import Screenplay… in the app: a Fountain or FDX file becomes the script, scenes and shots."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.test_ui_window import close_quietly
from tests.ui_helpers import isolate_dirs

HERE = Path(__file__).parent / "screenplays"


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    from ui.settings import load_settings
    from ui.window.main_window import MainWindow

    w = MainWindow(load_settings())
    w.show()
    yield w
    close_quietly(w, monkeypatch)


def test_import_screenplay_fills_the_script_and_board_as_one_undo_step(window, qtbot) -> None:
    menu_names = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Import Screen&play…" in menu_names
    assert window.files.import_screenplay(str(HERE / "kitchen.fdx"))
    project = window.doc.project
    assert window.panel_model.rowCount() == len(project.panels) == 4
    assert window.editor.text().count("Scene: ") == 2 and "Shot: 1A" in window.editor.text()
    assert "Imported kitchen.fdx: 2 scenes, 4 shots." in window.statusBar().currentMessage()
    window.undo()
    assert window.panel_model.rowCount() == 0


def test_a_hostile_fdx_is_one_sentence_and_the_project_is_untouched(window, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "evil.fdx"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><FinalDraft/>', encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    assert not window.files.import_screenplay(str(bad))
    assert len(shown) == 1 and "refused" in shown[0]
    assert window.panel_model.rowCount() == 0

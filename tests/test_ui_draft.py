"""File ▸ New from Idea… in a real window, against the fake service on 127.0.0.1 through the real SDK."""
from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.fake_openai import FakeImageService, TextRefusal, request_texts
from tests.test_draft_cli import fox_draft
from tests.ui_helpers import dispose, isolate_dirs

KEY = "sk-test-panelsmith-draft-not-a-real-key"


@pytest.fixture
def service():
    with FakeImageService() as fake:
        fake.text_responder = lambda body: fox_draft(3)
        yield fake


def _window(qtbot, monkeypatch, tmp_path, service, key=True, **settings):
    isolate_dirs(monkeypatch, tmp_path)
    if key:
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    w = MainWindow(AppSettings(backend="compatible", base_url=service.base_url, **settings))
    w.show()
    return w


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path, service):
    w = _window(qtbot, monkeypatch, tmp_path, service, text_model="gpt-5-nano")
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


def _open_dialog(window, how=None):
    from ui.dialogs.draft_dialog import DraftDialog

    (how or window.actions["draft"].trigger)()
    dialogs = [d for d in QApplication.topLevelWidgets() if isinstance(d, DraftDialog) and d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_a_draft_from_the_empty_editor_becomes_the_script_in_one_undo_step(window, service, qtbot):
    assert window.editor.empty_hint.isVisible()
    dialog = _open_dialog(window, window.editor.draft_button.click)
    dialog.idea.setPlainText("a little fox's adventure in the forest, for 4-year-olds")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("book"))
    dialog.panels.setValue(3)
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.doc.project.panels) == 3, timeout=20000)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed (and deleted on close)
    (req,) = service.requests
    assert req.fields["model"] == "gpt-5-nano"  # the text model from Settings
    instructions, idea = request_texts(req.fields)
    assert idea == "a little fox's adventure in the forest, for 4-year-olds" and "exactly 3 panels" in instructions
    project = window.doc.project
    assert project.title == "The little fox: an adventure" and project.layout == "book"
    assert project.characters[0].name == "Little Fox"
    assert window.editor.text().startswith("Title: The little fox")
    assert not window.editor.empty_hint.isVisible()
    assert window.stack.count() == 1 and window.stack.undoText() == "Draft from idea"
    window.undo()
    assert window.doc.project.panels == [] and window.editor.text() == ""


def test_a_draft_into_a_non_empty_editor_asks_first_and_keeps_the_script_when_told_to(window, service, qtbot, monkeypatch):
    window.files.open_example()
    before = window.editor.text()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel)
    window.actions["draft"].trigger()
    assert asked == ["Replace the script?"] and window.editor.text() == before and service.requests == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog = _open_dialog(window)
    dialog.idea.setPlainText("小狐狸在森林里")
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    service.text_responder = lambda body: fox_draft(2, "zh")
    dialog.draft_button.click()
    qtbot.waitUntil(lambda: window.editor.text().startswith("标题："), timeout=20000)
    assert [p.action for p in window.doc.project.panels][0].startswith("小狐狸")
    window.undo()
    assert window.editor.text() == before and len(window.doc.project.panels) == 4


@pytest.mark.parametrize("answer, says", [
    (TextRefusal("No."), "refused this request"),
    ("{broken", "not in the expected form"),
])
def test_a_failed_draft_is_one_sentence_in_the_dialog_and_changes_nothing(window, service, qtbot, answer, says):
    service.text_responder = lambda body: answer
    dialog = _open_dialog(window)
    dialog.idea.setPlainText("an idea")
    dialog.draft_button.click()
    qtbot.waitUntil(lambda: says in dialog.status.text(), timeout=20000)
    assert dialog.isVisible() and dialog.draft_button.isEnabled() and not dialog.progress.isVisible()
    assert window.doc.project.panels == [] and window.stack.count() == 0
    dialog.cancel()
    assert not dialog.isVisible()


def test_cancel_while_drafting_drops_the_answer(window, service, qtbot):
    release = threading.Event()
    service.text_responder = lambda body: release.wait(10) and fox_draft(3)
    dialog = _open_dialog(window)
    dialog.idea.setPlainText("an idea")
    dialog.draft_button.click()
    assert dialog.progress.isVisible() and not dialog.draft_button.isEnabled() and "Drafting with" in dialog.status.text()
    qtbot.waitUntil(lambda: len(service.requests) == 1, timeout=10000)
    dialog.cancel_button.click()
    assert dialog.isVisible() and "Cancelled" in dialog.status.text() and dialog.draft_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not window.text_tasks.busy(), timeout=20000)
    QApplication.processEvents()
    assert window.doc.project.panels == [] and window.stack.count() == 0


def test_without_a_key_the_dialog_says_drafting_needs_one(qtbot, monkeypatch, tmp_path, service):
    w = _window(qtbot, monkeypatch, tmp_path, service, key=False)
    try:
        dialog = _open_dialog(w)
        dialog.idea.setPlainText("an idea")
        dialog.draft_button.click()
        assert "Drafting a script needs an OpenAI API key" in dialog.status.text()
        assert service.requests == [] and dialog.draft_button.isEnabled()
        dialog.cancel()
    finally:
        w.close()
        dispose(w)


def test_the_text_model_is_a_setting_in_the_dialog(qtbot, tmp_path, monkeypatch):
    isolate_dirs(monkeypatch, tmp_path)
    from generation.text.textmodel import DEFAULT_TEXT_MODEL
    from ui.settings import AppSettings, load_settings, save_settings
    from ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert dialog.text_model.placeholderText() == DEFAULT_TEXT_MODEL
    dialog.text_model.setText(" gpt-5 ")
    chosen = dialog.result_settings()
    assert chosen.text_model == "gpt-5"
    save_settings(chosen)
    assert load_settings().text_model == "gpt-5"


def test_a_story_file_loads_into_the_box_and_a_binary_one_is_one_sentence(window, tmp_path):
    dialog = _open_dialog(window)
    story = tmp_path / "story.txt"
    story.write_text("Once a fox: the end.", encoding="utf-8")
    assert dialog.load_story(str(story)) and dialog.idea.toPlainText() == "Once a fox: the end."
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert not dialog.load_story(str(binary))
    assert "is not a text file" in dialog.status.text() and dialog.idea.toPlainText() == "Once a fox: the end."
    dialog.cancel()

"""The refine thread in the inspector, driven through its real widgets: turns, a branch, the lasting
offer (one undo step) and a refused turn that Retry draws."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.fake_openai import FakeImageService, refusal
from tests.test_ui_window import close_quietly, generate_all, window  # noqa: F401 (window: the fixture)
from tests.ui_helpers import dispose, isolate_dirs


def _say(window, qtbot, words: str, panel, by_keys: bool = False) -> None:
    thread = window.inspector.thread
    count = len(panel.images.versions)
    thread.instruction.setPlainText(words)
    if by_keys:
        thread.instruction.setFocus()
        qtbot.keyClick(thread.instruction, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.mouseClick(thread.refine_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.images.versions) == count + 1 and not window.generation.busy(), timeout=20000)
    qtbot.waitUntil(lambda: not thread.status.isVisible(), timeout=30000)


def test_two_turns_then_a_branch_from_the_first_picture(window, qtbot) -> None:
    generate_all(window, qtbot)
    panel = window.doc.project.panels[2]
    window.select_panel(panel.id)
    thread = window.inspector.thread
    _say(window, qtbot, "make it night", panel)
    _say(window, qtbot, "give the salesman a moustache", panel, by_keys=True)
    v1, v2, v3 = panel.images.versions
    assert (v2.parent, v3.parent) == (v1.id, v2.id)
    assert thread.instruction.toPlainText() == ""
    assert "“give the salesman a moustache”" in thread.rows[2].words.text()

    qtbot.mouseClick(thread.rows[0], Qt.MouseButton.LeftButton)  # continue from the first picture
    assert panel.images.selected is v1 and "v1" in thread.prompt_label.text()
    _say(window, qtbot, "make it rain", panel)
    v4 = panel.images.versions[3]
    assert v4.parent == v1.id and panel.images.selected is v4
    rows = thread.rows
    assert [r.version_id for r in rows] == [v1.id, v2.id, v3.id, v4.id]
    assert rows[3].layout().contentsMargins().left() > rows[2].layout().contentsMargins().left()  # indented
    assert "from v1" in rows[3].words.text() and "make it rain" in rows[3].words.text()
    assert not thread.offer_bar.isVisible()  # nothing in these words lasts

    window.undo()  # the branch's picture goes; the first picture is selected again
    assert panel.images.versions == [v1, v2, v3] and panel.images.selected is v1
    assert len(thread.rows) == 3


def test_a_lasting_instruction_offers_the_detail_and_one_undo_takes_it_back(window, qtbot) -> None:
    generate_all(window, qtbot)
    project = window.doc.project
    panel = project.panels[1]  # Gary alone
    window.select_panel(panel.id)
    thread = window.inspector.thread
    _say(window, qtbot, "from now on he wears a hat", panel)
    assert thread.offer_bar.isVisible()
    assert "panel 2" in thread.offer_text.text() and "Gary" in thread.offer_text.text()
    assert thread.offer_detail.text() == "wears a hat"
    before = window.stack.index()
    script = project.script

    qtbot.mouseClick(thread.add_button, Qt.MouseButton.LeftButton)
    assert window.stack.index() == before + 1
    assert project.script.count("+Gary: wears a hat") == 1 and "+Gary: wears a hat" in window.editor.text()
    from model.prompt.status import panel_status

    assert panel_status(project, project.panels[3]) == "stale"  # Gary in panel 4 is to wear it too
    assert panel_status(project, project.panels[2]) == "ready"
    first, refined, kept = project.panels[1].images.versions  # the pictures stayed with their panel
    assert kept.sha256 == refined.sha256 and kept.parent == refined.id
    assert panel_status(project, project.panels[1]) == "ready"  # it shows the hat already: not drawn again
    assert "kept for “+Gary: wears a hat”" in thread.rows[-1].words.text()
    assert thread.panel_id == panel.id  # the re-parse keeps the panel in hand
    assert not thread.offer_bar.isVisible()

    window.undo()
    assert project.script == script and "+Gary" not in window.editor.text().split("Panel 4")[0]
    assert thread.panel_id == panel.id
    assert panel_status(project, project.panels[3]) == "ready"
    assert project.panels[1].images.versions == [first, refined] and project.panels[1].images.selected is refined
    assert thread.offer_bar.isVisible()


def test_the_detail_can_be_edited_or_the_offer_dismissed(window, qtbot) -> None:
    generate_all(window, qtbot)
    project = window.doc.project
    panel = project.panels[1]
    window.select_panel(panel.id)
    thread = window.inspector.thread
    _say(window, qtbot, "give Gary a red scarf for the rest of the story", panel)
    thread.offer_detail.setText("wears a red scarf")
    qtbot.mouseClick(thread.add_button, Qt.MouseButton.LeftButton)
    assert "+Gary: wears a red scarf" in project.script
    window.undo()
    dismiss = [b for b in thread.offer_bar.findChildren(type(thread.add_button)) if b is not thread.add_button][0]
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert not thread.offer_bar.isVisible()
    window.select_panel(project.panels[0].id)
    window.select_panel(panel.id)
    assert not thread.offer_bar.isVisible()  # declined stays declined


@pytest.fixture
def service():
    with FakeImageService(image_scale=0.25) as fake:
        yield fake


@pytest.fixture
def online(qtbot, monkeypatch, tmp_path, service):
    isolate_dirs(monkeypatch, tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-thread-not-a-real-key")
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    w = MainWindow(AppSettings(backend="compatible", base_url=service.base_url, concurrency=2))
    w.files.open_example()
    w.show()
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


def test_a_refused_turn_says_why_in_the_thread_and_retry_sends_the_same_turn(online, service, qtbot) -> None:
    window = online
    panel = window.doc.project.panels[2]
    window.generation.generate([panel.id])
    qtbot.waitUntil(lambda: bool(panel.images.versions) and not window.generation.busy(), timeout=30000)
    window.select_panel(panel.id)
    thread = window.inspector.thread
    first = panel.images.selected
    service.script(refusal())
    thread.instruction.setPlainText("make it night")
    qtbot.mouseClick(thread.refine_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: thread.retry_button.isVisible(), timeout=30000)
    assert "make it night" in thread.status_text.text() and "safety" in thread.status_text.text().lower()
    assert panel.images.versions == [first]  # nothing else changed

    qtbot.mouseClick(thread.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.images.versions) == 2 and not window.generation.busy(), timeout=30000)
    qtbot.waitUntil(lambda: not thread.status.isVisible(), timeout=30000)
    refined = panel.images.selected
    assert refined.parent == first.id and refined.parameters["instruction"] == "make it night"
    edit = [r for r in service.requests if r.path.endswith("/images/edits")][-1]
    assert edit.files[0].data == window.doc.project.images.get(first.sha256)
    assert panel.error is None

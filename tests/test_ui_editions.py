"""The Editions menu and the inspector's translations, in real widgets against the fake text service
on 127.0.0.1 (the real SDK): translate on a worker, show an edition, correct a line by hand, undo."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from fake_openai import TextRefusal
from fake_translator import FakeTranslator
from tests.fake_openai import FakeImageService
from tests.ui_helpers import dispose, isolate_dirs

KEY = "sk-test-panelsmith-editions-not-a-key"


@pytest.fixture
def service():
    with FakeImageService(image_scale=0.25) as fake:
        fake.text_responder = FakeTranslator("zh")
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


def _editions_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.menu() is window.editions.menu)


def test_translate_from_the_menu_runs_on_a_worker_and_shows_the_edition_as_one_undo_step(window, service, qtbot, monkeypatch):
    from ui.window.edition_actions import TranslateDialog

    monkeypatch.setattr(TranslateDialog, "exec", lambda self: 1)  # accept the first language offered: Chinese
    menu = _editions_menu(window)
    steps = window.stack.count()
    next(a for a in menu.actions() if a is window.editions.translate_action).trigger()
    assert window.editions.translating
    qtbot.waitUntil(lambda: not window.editions.translating, timeout=30000)
    edition = window.doc.project.editions["zh"]
    assert len(edition.lines) == 8 and [r.path for r in service.requests] == ["/v1/responses"]
    assert window.editions.shown == "zh" and window.preview.edition == "zh"
    assert window.stack.count() == steps + 1
    qtbot.waitUntil(lambda: window.preview.current is not None and any(
        "跑车" in line.text for f in window.preview.current.page.frames for b in f.balloons for line in b.lines), timeout=20000)
    window.undo()
    assert "zh" not in window.doc.project.editions and window.editions.shown is None
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions() if a.isCheckable()] == ["Original"]


def test_a_hand_correction_in_the_inspector_is_marked_undoable_and_untranslated_lines_show(window, qtbot):
    window.editions.translate("zh")
    qtbot.waitUntil(lambda: not window.editions.translating, timeout=30000)
    second = window.doc.project.panels[1]
    window.select_panel(second.id)
    box = window.inspector.edition_lines
    assert box.isVisible() and box.table.rowCount() == 3  # the title, the speaker's name and the panel's one line
    assert box.table.item(2, 2).text() == "machine"
    box.table.item(2, 1).setText("我要你们最快的跑车。")
    from model.project.editions import line_key

    key = line_key(second, second.lines[0])
    assert window.doc.project.editions["zh"].lines[key].hand_edited
    assert box.table.item(2, 2).text() == "by hand"
    window.undo()
    assert not window.doc.project.editions["zh"].lines[key].hand_edited
    # A line added later is untranslated, and says so.
    window.replace_script(window.doc.project.script.replace(
        "Gary looks very serious, eyes narrowed.\n", "Gary looks very serious, eyes narrowed.\nCAPTION: Meanwhile.\n"), "Edit")
    window.select_panel(second.id)
    states = [box.table.item(r, 2).text() for r in range(box.table.rowCount())]
    assert "untranslated" in states and "untranslated" in box.heading.text()
    window.editions.show_edition(None)
    assert not box.isVisible()


def test_a_refused_translation_says_why_and_changes_nothing(window, service, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _title, text: warnings.append(text))
    service.text_responder = lambda body: TextRefusal("No.")
    steps = window.stack.count()
    assert window.editions.translate("ja")
    qtbot.waitUntil(lambda: not window.editions.translating, timeout=30000)
    assert warnings and "refused" in warnings[0] and warnings[0].endswith(".")
    assert window.doc.project.editions == {} and window.stack.count() == steps


def test_the_export_dialog_offers_the_editions_and_starts_on_the_one_shown(window, qtbot, tmp_path):
    window.editions.translate("zh")
    qtbot.waitUntil(lambda: not window.editions.translating, timeout=30000)
    from ui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(window.doc.project, tmp_path / "s-car.panels", window.tasks, window, edition=window.editions.shown)
    assert [dialog.edition_box.itemData(i) for i in range(dialog.edition_box.count())] == [None, "zh"]
    assert dialog.choice().edition == "zh"
    dialog.kind.setCurrentIndex(dialog.kind.findData("cbz"))
    assert dialog.status.text() == ""
    window.replace_script(window.doc.project.script + "\nCAPTION: The end.\n", "Edit")
    dialog.project = window.doc.project
    dialog.dpi.setValue(100)  # any change checks the choice again
    assert "1 line of the zh edition is not translated" in dialog.status.text()
    dialog.edition_box.setCurrentIndex(0)
    assert dialog.choice().edition is None and dialog.status.text() == ""
    dialog.close()


def test_cancelling_a_translation_keeps_the_project_as_it_was(window, service, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a))
    service.latency = 0.5
    steps = window.stack.count()
    assert window.editions.translate("zh")
    window.editions.progress_dialog.canceled.emit()  # what its Cancel button does
    qtbot.waitUntil(lambda: not window.editions.translating, timeout=30000)
    assert window.doc.project.editions == {} and window.stack.count() == steps
    assert not warnings and "cancelled" in window.statusBar().currentMessage()


def test_double_clicking_a_balloon_of_an_edition_corrects_its_translation(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window.editions.translate("zh")
    qtbot.waitUntil(lambda: not window.editions.translating, timeout=30000)
    panel = window.doc.project.panels[2]
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("呃……可以，可为什么是 S？", True))
    window.preview.translationEditRequested.emit(panel.id, 0)
    from model.project.editions import line_key

    translation = window.doc.project.editions["zh"].lines[line_key(panel, panel.lines[0])]
    assert translation.text == "呃……可以，可为什么是 S？" and translation.hand_edited
    assert panel.lines[0].text == "Uh... we can do that, but why an S?"  # the script's words stay
    window.undo()
    assert not window.doc.project.editions["zh"].lines[line_key(panel, panel.lines[0])].hand_edited

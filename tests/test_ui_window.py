"""The main window driven through real widgets: open, generate offline, edit, drop, undo, save, close."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QModelIndex, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui_helpers import EXAMPLE, all_ready, answer_the_photo_question, dispose, isolate_dirs


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow
    from ui.settings import load_settings

    w = MainWindow(load_settings())  # not qtbot.addWidget: its close would come before ours and ask
    w.files.open_example()
    w.show()
    yield w
    close_quietly(w, monkeypatch)


def close_quietly(w, monkeypatch) -> None:
    """Close without the unsaved-changes question (the tests that want it ask for it themselves)."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert w.close()
    dispose(w)


def generate_all(window, qtbot) -> None:
    window.generation.generate_missing()
    qtbot.waitUntil(lambda: all_ready(window), timeout=20000)


def test_open_example_shows_the_snail_strip_in_editor_board_and_preview(window, qtbot) -> None:
    assert window.panel_model.rowCount() == 4
    assert "Character: Gary" in window.editor.text()
    assert window.windowTitle().startswith("The S-car")
    assert not window.is_dirty()
    qtbot.waitUntil(lambda: window.preview.current is not None, timeout=10000)
    assert window.preview.current.count == 1
    assert len(window.preview.current.page.frames) == 4


def test_generating_offline_draws_every_panel_off_the_ui_thread_and_is_undoable(window, qtbot) -> None:
    generate_all(window, qtbot)
    project = window.doc.project
    assert all(len(p.images.versions) == 1 for p in project.panels)
    assert all(p.images.selected.backend == "offline" for p in project.panels)
    assert window.is_dirty()
    assert "4" in window.status_label.text()
    assert window.stack.count() == 1 and window.stack.undoText() == "Draw 4 pictures"  # one batch, one step
    window.undo()
    assert sum(len(p.images.versions) for p in project.panels) == 0
    assert not window.is_dirty()
    window.redo()
    assert sum(len(p.images.versions) for p in project.panels) == 4
    assert all(p.images.selected is not None for p in project.panels)


def test_editing_the_script_keeps_every_image_with_its_panel(window, qtbot) -> None:
    generate_all(window, qtbot)
    before = {p.action.split(".")[0]: p.images.selected.sha256 for p in window.doc.project.panels}
    text = window.editor.text().replace("# Panel 1 (wide) @ Showroom",
                                        "# Panel (wide) @ Showroom\nA sign reads \"OPEN\".\n\n# Panel 1 (wide) @ Showroom")
    window.editor.text_edit.setPlainText(text)  # as if typed: the editor re-parses after a pause
    qtbot.waitUntil(lambda: window.panel_model.rowCount() == 5, timeout=30000)
    panels = window.doc.project.panels
    assert panels[0].images.selected is None
    after = {p.action.split(".")[0]: p.images.selected.sha256 for p in panels[1:]}
    assert after == before
    window.undo()
    assert window.panel_model.rowCount() == 4
    assert "OPEN" not in window.editor.text()


def test_board_reorder_rewrites_the_script_and_undo_restores_the_users_text(window) -> None:
    original = window.editor.text()
    model = window.panel_model
    mime = model.mimeData([model.index(3)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert window.doc.project.panels[0].shot == "extreme wide"
    assert window.editor.text().index("S-car go") < window.editor.text().index("sales counter")
    window.undo()
    assert window.editor.text() == original


def test_an_image_file_dropped_on_a_panel_becomes_its_selected_version(window, tmp_path: Path) -> None:
    picture = tmp_path / "my drawing.jpg"
    Image.new("RGB", (300, 200), (20, 140, 60)).save(picture)
    model = window.panel_model
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(picture))])
    answer_the_photo_question("Use as is")  # one photo dropped: use it as is, or restyle it
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.index(1))
    panel = window.doc.project.panels[1]
    assert len(panel.images.versions) == 1
    version = panel.images.selected
    assert (version.backend, version.width, version.height) == ("import", 300, 200)
    assert window.doc.project.images.get(version.sha256).startswith(b"\x89PNG")
    window.undo()
    assert panel.images.versions == []


def test_an_imported_picture_of_a_character_with_a_sheet_is_current_and_the_inspector_shows_the_prompt_sent(
        window, tmp_path: Path) -> None:
    from model.prompt.compose import request_prompt
    from model.prompt.status import panel_status

    sheet, picture = tmp_path / "gary sheet.png", tmp_path / "panel.png"
    Image.new("RGB", (600, 200), (200, 120, 40)).save(sheet)
    Image.new("RGB", (300, 200), (20, 140, 60)).save(picture)
    gary = window.doc.project.character("Gary")
    window.files.import_sheet(gary.name, str(sheet))
    panel = next(p for p in window.doc.project.panels if any(c == "Gary" for c in p_cast(window, p)))
    window.files.import_images_to_panel(panel.id, [str(picture)])
    sent = request_prompt(window.doc.project, panel)
    assert "reference" in sent.lower()  # names the attached sheet, unlike compose_prompt
    assert panel.images.selected.prompt == sent
    assert panel_status(window.doc.project, panel) == "ready"
    window.select_panel(panel.id)
    assert window.inspector.prompt.toPlainText() == sent


def p_cast(window, panel) -> list[str]:
    from model.prompt.continuity import characters_present

    return [c.name for c in characters_present(window.doc.project, panel)]


def test_a_broken_image_dropped_on_a_panel_is_one_sentence_and_nothing_changes(window, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not really a png")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.files.import_images_to_panel(window.doc.order()[0], [str(bad)])
    assert window.doc.project.panels[0].images.versions == []
    assert len(shown) == 1 and "\n" not in shown[0] and "Traceback" not in shown[0]


def test_duplicate_delete_and_keyboard_moves_are_one_undo_step_each(window, qtbot) -> None:
    window.board.setFocus()
    window.board.setCurrentIndex(window.panel_model.index(1))
    window.actions["duplicate"].trigger()
    assert window.panel_model.rowCount() == 5
    window.actions["delete"].trigger()
    assert window.panel_model.rowCount() == 4
    second = window.doc.order()[1]
    window.select_panel(second)
    window.actions["later"].trigger()
    assert window.doc.order()[2] == second
    for _ in range(3):
        window.undo()
    assert window.panel_model.rowCount() == 4 and window.doc.order()[1] == second
    assert window.stack.index() == 0


def test_saving_writes_a_project_that_opens_again_with_its_images(window, qtbot, tmp_path) -> None:
    generate_all(window, qtbot)
    target = tmp_path / "snail.panels"
    assert window.files.save_to(target, wait=True)
    assert not window.is_dirty()
    assert window.windowTitle().startswith("snail.panels")
    shas = [p.images.selected.sha256 for p in window.doc.project.panels]
    assert window.files.open_path(str(target))
    assert [p.images.selected.sha256 for p in window.doc.project.panels] == shas
    assert str(target.resolve()) in window.settings.recent_files


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(window, monkeypatch) -> None:
    window.actions["duplicate"].trigger()
    asked: list[str] = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not window.close()
    assert asked and window.isVisible()


def test_closing_stops_every_background_pool_even_with_work_just_asked_for(window, qtbot, monkeypatch, tmp_path) -> None:
    from ui.workers.exporting import ExportChoice

    window.generation.generate_missing()
    qtbot.waitUntil(lambda: all_ready(window), timeout=20000)
    window.actions["insert"].trigger()  # unsaved, so an autosave has something to write
    images = window.doc.project.images
    for panel in window.doc.project.panels:  # a burst of thumbnail decodes, as a repaint asks for
        if panel.images.selected:
            window.thumbnails.put_bytes(f"again-{panel.id}", images.get(panel.images.selected.sha256))
    window.preview.refresh()  # a redraw pending, as after any edit or selection
    assert window.autosaver.save_now()
    window.start_export(ExportChoice("png", tmp_path / "strip.png", "strip", "A4", 100))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.close()
    pools = [window.tasks.pool, window.preview.tasks.pool, window.thumbnails.pool, window.autosaver.tasks.pool]
    assert [p.activeThreadCount() for p in pools] == [0, 0, 0, 0]
    assert (tmp_path / "strip.png").exists()  # the export in flight finished writing first
    late: list[str] = []
    window.preview.rendered.connect(lambda: late.append("page"))
    window.thumbnails.ready.connect(late.append)
    window.preview.refresh()
    window.thumbnails.get("late", lambda: images.get(window.doc.project.panels[0].images.selected.sha256))
    # A closed window starts no work that could outlive it: no redraw is scheduled, and the redraw that
    # a pending pause would start does nothing.
    assert not any(timer.isActive() for timer in window.preview.findChildren(QTimer))
    window.preview.refresh_now()
    QApplication.processEvents()
    assert late == []
    assert [p.activeThreadCount() for p in pools] == [0, 0, 0, 0]
    assert not window.generation.busy()


def test_a_script_or_project_dropped_on_the_window_opens_it(window, qtbot, tmp_path) -> None:
    script = tmp_path / "fox.txt"
    script.write_text("Title: Little Fox\n\nPanel 1\nA fox walks into the forest.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(script))])
    assert window.files.droppable_documents(mime) == [str(script)]
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDropEvent

    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.doc.project.title == "Little Fox", timeout=30000)
    assert window.panel_model.rowCount() == 1


def test_chinese_interface_translates_menus(qtbot, monkeypatch, tmp_path) -> None:
    isolate_dirs(monkeypatch, tmp_path)
    from ui.i18n import install_language
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    install_language("zh")
    try:
        w = MainWindow(AppSettings(language="zh"))
        assert w.actions["open"].text() == "打开(&O)…"
        assert w.side_tabs.tabText(1) == "角色"
        w.files.open_example()
        box = w.preview.layout_box
        assert box.currentText() == "四格"  # the script's own word, not the stored "strip"
        box.setCurrentIndex(box.findText("绘本"))
        box.activated.emit(box.currentIndex())
        assert w.doc.project.layout == "book"
        close_quietly(w, monkeypatch)
    finally:
        install_language("en")


def test_chinese_interface_names_qualities_and_standard_buttons_in_chinese(qtbot, monkeypatch, tmp_path) -> None:
    isolate_dirs(monkeypatch, tmp_path)
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.i18n import install_language
    from ui.settings import AppSettings
    from ui.dialogs.settings_dialog import SettingsDialog

    install_language("zh")
    try:
        dialog = SettingsDialog(AppSettings(language="zh", quality="high"))
        qtbot.addWidget(dialog)
        names = [dialog.quality.itemText(i) for i in range(dialog.quality.count())]
        assert names[:4] == ["低", "中", "高", "自动"] and dialog.quality.currentText() == "高"
        dialog.quality.setCurrentIndex(1)
        assert dialog.result_settings().quality == "medium"  # stored as the API's word
        buttons = dialog.findChild(QDialogButtonBox)
        texts = {b.text().replace("&", "") for b in buttons.buttons()}
        assert texts & {"取消", "确定"} and not texts & {"Cancel", "OK"}
    finally:
        install_language("en")
    dialog = SettingsDialog(AppSettings(quality="high"))
    qtbot.addWidget(dialog)
    assert dialog.quality.currentText() == "high"


def test_refine_adds_a_child_version_and_the_refine_thread_selects_either(window, qtbot) -> None:
    generate_all(window, qtbot)
    panel = window.doc.project.panels[2]
    first = panel.images.selected
    window.generation.refine(panel.id, "make the background a night city")
    qtbot.waitUntil(lambda: len(panel.images.versions) == 2 and not window.generation.busy(), timeout=20000)
    refined = panel.images.selected
    assert refined.parent == first.id and refined.parameters["instruction"] == "make the background a night city"
    window.select_panel(panel.id)
    rows = window.inspector.thread.rows
    assert [r.version_id for r in rows] == [first.id, refined.id]
    qtbot.mouseClick(rows[0], Qt.MouseButton.LeftButton)
    assert panel.images.selected is first
    window.undo()
    assert panel.images.selected is refined
    window.undo()
    assert panel.images.versions == [first]


def test_a_character_description_edit_makes_its_panels_stale_and_undo_brings_them_back(window, qtbot) -> None:
    from ui.board.panel_list_model import StatusRole

    generate_all(window, qtbot)
    window.side_tabs.setCurrentWidget(window.characters)
    window.characters.list.setCurrentRow(1)  # the Salesman
    window.characters.description.setPlainText("A short, grumpy car salesman in a green suit.")
    window.characters.description.flush()
    statuses = [window.panel_model.index(r).data(StatusRole) for r in range(4)]
    assert statuses[0] == "stale" and statuses[2] == "stale" and statuses[1] == "ready"
    assert "green suit" in window.editor.text()
    window.undo()
    assert [window.panel_model.index(r).data(StatusRole) for r in range(4)] == ["ready"] * 4


def test_home_end_and_arrows_move_on_the_board(window) -> None:
    from PySide6.QtTest import QTest

    window.board.setFocus()
    window.board.setCurrentIndex(window.panel_model.index(0))
    QTest.keyClick(window.board, Qt.Key.Key_End)
    assert window.board.currentIndex().row() == 3
    QTest.keyClick(window.board, Qt.Key.Key_Home)
    assert window.board.currentIndex().row() == 0
    QTest.keyClick(window.board, Qt.Key.Key_Right)
    assert window.board.currentIndex().row() == 1
    assert window.inspector.panel_id == window.doc.order()[1]


def test_generating_a_batch_lays_the_project_out_once_for_every_frame_shape(window, qtbot, monkeypatch) -> None:
    import generation.planning
    import model.page.layout

    real, calls = model.page.layout.frame_aspects, []

    def counted(project):
        calls.append(len(project.panels))
        return real(project)

    monkeypatch.setattr(model.page.layout, "frame_aspects", counted)
    monkeypatch.setattr(generation.planning, "frame_aspects", counted)
    window.generation.generate_missing()
    qtbot.waitUntil(lambda: all_ready(window), timeout=20000)
    assert calls == [len(window.doc.project.panels)]  # one layout for the whole batch, not one per panel


def test_renaming_a_character_rewrites_the_script_and_refreshes_its_diagnostics(window, qtbot) -> None:
    def shown() -> list[str]:
        return [window.editor.problems.item(i).text() for i in range(window.editor.problems.count())]

    typed = window.editor.text() + "-Gary: a top hat\n"
    window.editor.set_text(typed)  # as if typed: the editor holds it, then the pause re-parses it
    window.apply_script_text(typed)
    assert any("Gary" in line and "never added" in line for line in shown())
    window.side_tabs.setCurrentWidget(window.characters)
    window.characters.list.setCurrentRow(0)  # Gary
    window.characters.name.setText("Shelly")
    window.characters._rename()
    assert "Shelly: I want your fastest" in window.editor.text() and "-Shelly: a top hat" in window.editor.text()
    assert window.doc.project.character("Shelly") is not None and window.doc.project.character("Gary") is None
    assert any("Shelly" in line and "never added" in line for line in shown())  # the list speaks of the new name
    assert not any("Gary" in line for line in shown())
    window.undo()
    assert window.doc.project.character("Gary") is not None


def test_a_setting_changed_in_one_panel_shows_the_panels_continuing_it_as_out_of_date(window, qtbot) -> None:
    from ui.commands import SetPanelFieldCommand
    from ui.board.panel_list_model import StatusRole

    generate_all(window, qtbot)
    statuses = lambda: [window.panel_model.index(r).data(StatusRole) for r in range(4)]  # noqa: E731
    assert statuses() == ["ready"] * 4
    changed: list[tuple[int, int]] = []
    window.panel_model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    first = window.doc.project.panels[0]
    window.stack.push(SetPanelFieldCommand(window.doc, first.id, "setting", "Highway"))
    # Panels 2 and 3 continue panel 1's setting, so their prompts (and statuses) change with it.
    assert statuses() == ["stale", "stale", "stale", "ready"]
    assert (0, 3) in changed  # the board repaints the panels after the edited one too
    window.undo()
    assert statuses() == ["ready"] * 4

"""Saving from the window runs on a worker from a snapshot; the window says saved only once the file is on disk."""
from __future__ import annotations

import resource
import signal
import zipfile

from PySide6.QtWidgets import QMessageBox

from model.fileformat.projectfile import load_project
from tests.test_ui_window import close_quietly, generate_all, window  # noqa: F401 (window: the fixture)


def test_a_save_returns_at_once_and_the_window_is_saved_when_the_file_is_complete(window, qtbot, tmp_path) -> None:
    generate_all(window, qtbot)
    target = tmp_path / "snail.panels"
    assert window.files.save_to(target)
    assert window.files.is_saving() and window.is_dirty()  # nothing on screen says saved yet
    qtbot.waitUntil(lambda: not window.files.is_saving(), timeout=10000)
    assert not window.is_dirty() and window.doc.path == target
    assert "Saved snail.panels" in window.statusBar().currentMessage()
    saved = load_project(target)
    assert [p.images.selected.sha256 for p in saved.panels] == [p.images.selected.sha256 for p in window.doc.project.panels]


def test_a_change_made_while_saving_stays_unsaved_and_is_not_in_the_file(window, qtbot, tmp_path) -> None:
    generate_all(window, qtbot)
    target = tmp_path / "snail.panels"
    window.files.save_to(target)
    window.board.setCurrentIndex(window.panel_model.index(0))
    window.undo()  # taken back after the snapshot was made: the file holds the drawn panels
    qtbot.waitUntil(lambda: not window.files.is_saving(), timeout=10000)
    assert window.is_dirty()
    assert all(p.images.versions for p in load_project(target).panels)


def test_a_failed_save_says_so_in_one_sentence_and_leaves_the_previous_file(window, qtbot, tmp_path, monkeypatch) -> None:
    target = tmp_path / "snail.panels"
    assert window.files.save_to(target, wait=True)
    before = target.read_bytes()
    generate_all(window, qtbot)  # now the project holds four pictures: a much bigger file
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    # The kernel refuses to let this process write more than 20 kB: a real "file too large" failure.
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 20_000, old_limit[1]))
    try:
        ok = window.files.save_to(target, wait=True)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert not ok and window.is_dirty()
    assert len(warnings) == 1 and "snail.panels could not be saved" in warnings[0] and "untouched" in warnings[0]
    assert warnings[0].count(".") <= 3 and "\n" not in warnings[0]
    assert target.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".saving")]
    with zipfile.ZipFile(target) as zf:
        assert zf.testzip() is None


def test_closing_while_a_save_runs_waits_for_it_instead_of_asking(window, qtbot, tmp_path, monkeypatch) -> None:
    generate_all(window, qtbot)
    target = tmp_path / "snail.panels"
    window.files.save_to(target)
    asked: list[object] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    assert window.files.maybe_save()
    assert not asked and not window.is_dirty()
    assert len(load_project(target).panels) == 4


def test_a_generation_run_is_one_undo_step_and_a_change_in_between_starts_a_new_one(window, qtbot) -> None:
    from ui.commands import SetPanelFieldCommand

    project = window.doc.project
    panels = project.panels
    window.generation.generate([panels[0].id, panels[1].id])
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=20000)
    assert window.stack.count() == 1 and window.stack.undoText() == "Draw 2 pictures"
    # A second run while nothing else changed: its own step.
    window.generation.generate([panels[2].id])
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=20000)
    assert window.stack.count() == 2
    window.undo()
    assert not panels[2].images.versions and panels[1].images.versions
    window.undo()
    assert not any(p.images.versions for p in panels)
    window.redo()
    window.redo()
    assert [bool(p.images.versions) for p in panels] == [True, True, True, False]


def test_a_run_whose_pictures_arrive_after_a_save_undoes_back_to_the_saved_state(window, qtbot, tmp_path) -> None:
    panels = window.doc.project.panels
    window.generation.generate([panels[0].id])
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=20000)
    window.generation.generate([panels[1].id])  # a new run; the save below happens before it finishes
    assert window.files.save_to(tmp_path / "mid.panels", wait=True)
    qtbot.waitUntil(lambda: not window.generation.busy(), timeout=20000)
    saved_clean_then_changed = window.is_dirty()
    window.undo()
    assert saved_clean_then_changed and not window.is_dirty() and not panels[1].images.versions
    assert panels[0].images.versions


def test_typing_in_the_description_and_action_boxes_is_one_undo_step_per_pause(window, qtbot) -> None:
    chars = window.characters
    chars.list.setCurrentRow(0)
    gary = window.doc.project.characters[0]
    chars.description.setFocus()
    chars.description.moveCursor(chars.description.textCursor().MoveOperation.End)
    for word in ("A", " snail", " with", " a", " hat."):
        chars.description.insertPlainText(word)
    assert chars.description.is_pending() and window.stack.count() == 0
    qtbot.waitUntil(lambda: window.stack.count() == 1, timeout=30000)  # the pause in typing
    assert gary.description.endswith("A snail with a hat.")
    chars.list.setCurrentRow(1)  # showing another character reports nothing
    assert window.stack.count() == 1 and window.doc.project.characters[1].description != gary.description

    inspector = window.inspector
    window.board.setCurrentIndex(window.panel_model.index(1))
    panel = window.doc.project.panels[1]
    inspector.action.setPlainText("The snail waves.")
    window.board.setCurrentIndex(window.panel_model.index(2))  # switching panels commits to the one typed in
    assert panel.action == "The snail waves." and window.stack.count() == 2
    assert inspector.action.toPlainText() == window.doc.project.panels[2].action
    window.undo()
    assert panel.action != "The snail waves."


def test_the_characters_tab_shows_a_sheet_from_the_thumbnail_cache(window, qtbot, monkeypatch) -> None:
    import ui.board.thumbnails as thumbnails

    decoded_on: list[bool] = []
    real = thumbnails.decode_thumbnail

    def spy(data, size=thumbnails.THUMB_BOX):
        from PySide6.QtCore import QThread

        decoded_on.append(QThread.currentThread() is window.thread())
        return real(data, size)

    monkeypatch.setattr(thumbnails, "decode_thumbnail", spy)
    window.characters.list.setCurrentRow(0)
    window.generation.generate_sheet("Gary")
    qtbot.waitUntil(lambda: not window.characters.preview.pixmap().isNull(), timeout=20000)
    assert decoded_on and not any(decoded_on)  # never on the GUI thread
    count = len(decoded_on)
    for _ in range(3):
        window.characters.refresh()
    assert len(decoded_on) == count and not window.characters.preview.pixmap().isNull()


def test_the_export_dialog_checks_once_typing_pauses_and_the_path_never_invalidates_the_check(window, qtbot, tmp_path, monkeypatch) -> None:
    import ui.dialogs.export_dialog as export_dialog
    from ui.dialogs.export_dialog import ExportDialog

    checks: list[object] = []
    real = export_dialog.check
    monkeypatch.setattr(export_dialog, "check", lambda project, choice: checks.append(choice) or real(project, choice))
    dialog = ExportDialog(window.doc.project, None, window.tasks, window)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=10000)
    assert len(checks) == 1 and dialog.findings.count() > 0
    dialog.target.clear()
    for ch in str(tmp_path / "book.pdf"):
        dialog.target.insert(ch)
    assert dialog.export_button.isEnabled()  # where the file goes does not change the print check
    qtbot.wait(export_dialog.CHECK_PAUSE_MS * 2)
    assert len(checks) == 1
    dialog.size_box.setCurrentText("A")
    dialog.size_box.setCurrentText("A5")
    assert not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=10000)
    assert len(checks) == 2 and checks[-1].page_size == "A5"  # one check for the pause, not one per key

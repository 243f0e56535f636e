"""File ▸ Import Screenplay… in the app: a Fountain or FDX file becomes the script, scenes and shots."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
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


def test_the_board_groups_shots_under_collapsible_scene_headings(window, qtbot, tmp_path) -> None:
    from PySide6.QtCore import QPoint

    from ui.board.panel_board import CELL, HEADER_H
    from ui.board.panel_list_model import ShotNameRole

    window.resize(1300, 800)
    assert window.files.import_screenplay(str(HERE / "kitchen.fdx"))
    board = window.board
    qtbot.waitUntil(lambda: board.is_grouped() and board.visualRect(board.model().index(3, 0)).isValid())
    rects = [board.visualRect(board.model().index(r, 0)) for r in range(4)]
    # scene 1's three shots side by side under its band; scene 2 starts a new line under its own band
    columns = board.viewport().width() // CELL.width()
    assert columns >= 2 and rects[0].top() == rects[1].top() and rects[0].height() == CELL.height() + HEADER_H
    assert rects[1].left() == rects[0].right() + 1
    assert rects[2].right() >= rects[0].left() + columns * CELL.width() - 1  # the scene's last shot fills its line
    assert rects[3].left() == rects[0].left() and rects[3].top() > rects[2].top()  # the next scene starts a new line
    assert rects[3].height() == CELL.height() + HEADER_H  # under its own band
    assert [board.model().index(r, 0).data(ShotNameRole) for r in range(4)] == ["1A", "1B", "1C", "2A"]
    board.grab().save(str(tmp_path / "board.png"))
    # a click on scene 1's band folds it to the band; a second click unfolds it
    qtbot.mouseClick(board.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rects[1].center().x(), rects[1].top() + HEADER_H // 2))
    assert [board.isRowHidden(r) for r in range(4)] == [False, True, True, False]
    qtbot.waitUntil(lambda: board.visualRect(board.model().index(0, 0)).height() == HEADER_H)
    board.grab().save(str(tmp_path / "board_folded.png"))
    qtbot.mouseClick(board.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, board.visualRect(board.model().index(0, 0)).top() + 10))
    assert not any(board.isRowHidden(r) for r in range(4))
    # moving a shot keeps its name
    window.move_panels([2], 4)
    names = [p.shot_name for p in window.doc.project.panels]
    assert names == ["1A", "1B", "2A", "1C"]
    assert "Shot: 1C" in window.editor.text()


def test_a_panel_script_without_scenes_keeps_the_plain_board(window) -> None:
    window.files.open_example()
    assert not window.board.is_grouped()


def test_a_shot_renamed_in_the_inspector_is_written_to_the_script_and_undoable(window, qtbot) -> None:
    assert window.files.import_screenplay(str(HERE / "kitchen.fdx"))
    window.select_panel(window.doc.project.panels[1].id)
    inspector = window.inspector
    assert inspector.shot_name.text() == "1B"
    inspector.shot_name.setText("1B-alt")
    inspector.shot_name.editingFinished.emit()
    inspector.camera.setText("slow push in")
    inspector.camera.editingFinished.emit()
    panel = window.doc.project.panels[1]
    assert (panel.shot_name, panel.camera) == ("1B-alt", "slow push in")
    qtbot.waitUntil(lambda: "Shot: 1B-alt" in window.editor.text() and "Camera: slow push in" in window.editor.text())
    window.undo()
    window.undo()
    assert window.doc.project.panels[1].shot_name == "1B"


@pytest.mark.parametrize("kind, suffix", [("csv", ".csv"), ("otio", ".otio"), ("fcp7", ".xml"), ("shotlist", ".pdf")])
def test_the_export_dialog_writes_shot_lists_and_timelines(window, qtbot, monkeypatch, tmp_path, kind, suffix) -> None:
    import csv

    import opentimelineio as otio
    from pypdf import PdfReader

    from ui.dialogs.export_dialog import ExportDialog

    assert window.files.import_screenplay(str(HERE / "kitchen.fdx"))
    target = tmp_path / f"film{suffix}"

    def choose(dialog: ExportDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        assert not dialog.layout_box.isEnabled()  # no pages in a shot list or a timeline
        dialog.target.setText(str(target))
        dialog.run_export()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with qtbot.waitSignal(window.exportFinished, timeout=120000) as done:
        window.open_export_dialog()
    assert done.args[0] == [str(target)]
    if kind == "csv":
        rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
        assert [r["Shot"] for r in rows] == ["1A", "1B", "1C", "2A"]
    elif kind == "shotlist":
        assert "INT. KITCHEN - NIGHT" in PdfReader(target).pages[0].extract_text()
    else:
        adapter = {"otio": "otio_json", "fcp7": "fcp_xml"}[kind]
        clips = list(otio.adapters.read_from_file(str(target), adapter_name=adapter).find_clips())
        assert [c.name for c in clips] == ["1A", "1B", "1C", "2A"]


def test_a_duplicated_shot_gets_a_name_of_its_own(window) -> None:
    from model.script.scenes import shot_names

    assert window.files.import_screenplay(str(HERE / "kitchen.fdx"))
    window.select_panel(window.doc.project.panels[1].id)
    window.duplicate_selected()
    names = shot_names(window.doc.project)
    assert [names[p.id] for p in window.doc.project.panels] == ["1A", "1B", "1D", "1C", "2A"]


def test_open_timeline_brings_a_cut_back_as_an_unsaved_storyboard(window, qtbot, tmp_path, monkeypatch) -> None:
    from cli import run

    film = tmp_path / "film.panels"
    assert run(["new", str(HERE / "kitchen.fdx"), "-o", str(film)]) == 0
    assert run(["export", str(film), "-o", str(tmp_path / "film.otio"), "--backend", "offline"]) == 0
    (tmp_path / "film_stills" / "1C.png").unlink()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert "Open &Timeline…" in [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert window.files.open_timeline(str(tmp_path / "film.otio"))
    project = window.doc.project
    assert window.panel_model.rowCount() == 4 and window.doc.path is None
    assert [len(p.images.versions) for p in project.panels] == [1, 1, 0, 1]
    assert len(told) == 1 and "(1C)" in told[0]
    assert window.board.is_grouped() and "Scene: INT. KITCHEN - NIGHT" in window.editor.text()


def test_import_with_planned_shots_asks_the_text_model_off_the_ui_thread(qtbot, monkeypatch, tmp_path) -> None:
    from fake_openai import FakeImageService
    from tests.test_shots_auto import planner
    from tests.ui_helpers import dispose

    isolate_dirs(monkeypatch, tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-ui-shots-0123456789")
    with FakeImageService() as service:
        service.text_responder = planner
        from ui.settings import AppSettings
        from ui.window.main_window import MainWindow

        w = MainWindow(AppSettings(backend="compatible", base_url=service.base_url))
        w.show()
        try:
            assert w.files.import_screenplay(str(HERE / "kitchen.fdx"), plan=True)
            assert "Planning shots with" in w.statusBar().currentMessage()
            qtbot.waitUntil(lambda: w.panel_model.rowCount() == 4, timeout=30000)
            assert [(p.shot, p.camera) for p in w.doc.project.panels] == [("wide", "static"), ("close-up", "slow push in")] * 2
            assert len(service.requests) == 1 and "Camera: slow push in" in w.editor.text()
        finally:
            monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
            w.close()
            dispose(w)


def test_planned_shots_without_a_key_say_so_and_change_nothing(window, monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    assert not window.files.import_screenplay(str(HERE / "kitchen.fdx"), plan=True)
    assert len(shown) == 1 and "needs an OpenAI API key" in shown[0]
    assert window.panel_model.rowCount() == 0


def test_scene_headings_and_shot_lines_are_highlighted_as_the_parser_reads_them(qtbot) -> None:
    from PySide6.QtGui import QTextDocument

    from ui.editor.script_highlighter import ScriptHighlighter

    document = QTextDocument()
    highlighter = ScriptHighlighter(document)
    document.setPlainText("Scene: INT. KITCHEN - NIGHT\nPanel 1\nShot: 4A\n运镜：左摇\nNote: CUT TO:\nMaya: Hi.\n场景标题：内景 厨房 - 夜\n")
    highlighter.rehighlight()

    def colour(line: int) -> str:
        layout = document.findBlockByNumber(line).layout()
        ranges = layout.formats()  # kept alive while read: a temporary's format is deleted under us
        first = ranges[0]
        return first.format.foreground().color().name()

    block, header = (ScriptHighlighter.FORMATS[k].foreground().color().name() for k in ("block", "header"))
    assert colour(0) == colour(6) == block
    assert colour(2) == colour(3) == colour(4) == header
    assert colour(5) == ScriptHighlighter.FORMATS["speaker"].foreground().color().name()


def test_a_screenplay_opens_like_a_script_and_can_be_dropped(window, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QUrl

    source = tmp_path / "brick.fountain"
    source.write_bytes((HERE / "brick.fountain").read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    assert window.files.droppable_documents(mime) == [str(source)]
    assert window.files.open_path(str(source), remember=False, ask=False)
    assert window.panel_model.rowCount() == 6 and window.board.is_grouped()
    assert window.script_source == source and window.doc.path is None


def test_a_shot_dragged_into_another_scene_keeps_its_name(window, qtbot) -> None:
    from PySide6.QtCore import QCoreApplication, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    window.resize(1300, 800)
    assert window.files.import_screenplay(str(HERE / "kitchen.fdx"))
    board, model = window.board, window.panel_model
    qtbot.waitUntil(lambda: board.is_grouped() and board.visualRect(model.index(3)).isValid())
    board.selectionModel().select(model.index(3), board.selectionModel().SelectionFlag.ClearAndSelect)
    mime = model.mimeData([model.index(3)])
    target = board.visualRect(model.index(0)).center()
    target.setX(board.visualRect(model.index(0)).left() + 20)  # the left of 1A's picture: drop before it
    for kind in (QDragEnterEvent, QDragMoveEvent):
        QCoreApplication.sendEvent(board.viewport(), kind(target, Qt.DropAction.MoveAction, mime,
                                                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QCoreApplication.sendEvent(board.viewport(), QDropEvent(QPointF(target), Qt.DropAction.MoveAction, mime,
                                                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert [p.shot_name for p in window.doc.project.panels] == ["2A", "1A", "1B", "1C"]
    qtbot.waitUntil(lambda: board.scene_cell(0) is not None and board.scene_cell(0).heading == "EXT. GARDEN - DAY")

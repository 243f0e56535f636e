"""The panel board: reorder through the real drag-and-drop path, undo and redo, and image drops."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QModelIndex, Qt, QUrl
from PySide6.QtGui import QUndoStack

from model.script.panelscript import parse_script
from ui.commands import MovePanelsCommand
from ui.document import ProjectDocument, moved_order
from ui.board.panel_board import PanelBoard
from ui.board.panel_list_model import PanelIdRole, PanelListModel, StatusRole
from ui.board.thumbnails import ThumbnailCache

SCRIPT = "\n".join(f"Panel {i}\nAction number {i} happens here.\n" for i in range(1, 7))


@pytest.fixture
def board(qtbot):
    doc = ProjectDocument(parse_script(SCRIPT).project)
    stack = QUndoStack()
    model = PanelListModel(doc, ThumbnailCache())

    def move(rows: list[int], dest: int) -> None:
        cmd = MovePanelsCommand(doc, rows, dest)
        if not cmd.is_noop():
            stack.push(cmd)

    model.moveRequested.connect(move)
    view = PanelBoard()
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    return doc, stack, model, view


def actions(doc: ProjectDocument) -> list[str]:
    return [p.action.split()[2] for p in doc.project.panels]


def test_moved_order_handles_scattered_rows_and_any_drop_point() -> None:
    ids = list("abcdef")
    assert moved_order(ids, [0, 2], 5) == list("bdeacf")
    assert moved_order(ids, [4, 1], 0) == list("beacdf")
    assert moved_order(ids, [5], 6) == list("abcdef")
    assert moved_order(ids, [0], 0) == list("abcdef")


def test_dropping_the_models_own_mime_data_reorders_in_one_undo_step(board) -> None:
    doc, stack, model, view = board
    mime = model.mimeData([model.index(0), model.index(2)])
    accepted = model.dropMimeData(mime, Qt.DropAction.MoveAction, 5, 0, QModelIndex())
    assert accepted is False  # the view must not delete the dragged rows afterwards
    assert actions(doc) == ["2", "4", "5", "1", "3", "6"]
    assert model.rowCount() == 6
    assert [model.index(r).data(PanelIdRole) for r in range(6)] == doc.order()
    assert stack.count() == 1
    assert "Panel 1\nAction number 2" in doc.project.script  # the script follows the board
    stack.undo()
    assert actions(doc) == ["1", "2", "3", "4", "5", "6"]
    assert doc.project.script == SCRIPT
    stack.redo()
    assert actions(doc) == ["2", "4", "5", "1", "3", "6"]


def test_a_real_drop_event_on_the_board_moves_the_selected_panels(board, qtbot) -> None:
    doc, stack, model, view = board
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    view.selectionModel().select(model.index(3), view.selectionModel().SelectionFlag.Select)
    mime = model.mimeData([model.index(3)])
    target = view.visualRect(model.index(0)).center()
    target.setX(target.x() - 40)  # left half of the first cell: drop before it
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

    pos = QPointF(target)
    for kind in (QDragEnterEvent, QDragMoveEvent):
        QCoreApplication.sendEvent(view.viewport(), kind(target, Qt.DropAction.MoveAction, mime,
                                                        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    drop = QDropEvent(pos, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QCoreApplication.sendEvent(view.viewport(), drop)
    assert actions(doc)[0] == "4"
    assert stack.count() == 1
    stack.undo()
    assert actions(doc) == ["1", "2", "3", "4", "5", "6"]


def test_selection_follows_moved_panels(board) -> None:
    doc, stack, model, view = board
    moved_id = doc.order()[1]
    view.setCurrentIndex(model.index(1))
    stack.push(MovePanelsCommand(doc, [1], 6))
    assert view.currentIndex().data(PanelIdRole) == moved_id
    assert view.currentIndex().row() == 5


def test_image_files_dropped_on_a_panel_are_offered_to_that_panel(board, tmp_path: Path) -> None:
    doc, stack, model, view = board
    png = tmp_path / "drawing.png"
    Image.new("RGB", (64, 48), "red").save(png)
    note = tmp_path / "notes.txt"
    note.write_text("not an image")
    got: list[tuple[str, list[str]]] = []
    model.imagesDropped.connect(lambda pid, paths: got.append((pid, paths)))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png)), QUrl.fromLocalFile(str(note))])
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.index(2))
    assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.index(2))
    assert got == [(doc.order()[2], [str(png)])]


def test_every_panel_starts_missing(board) -> None:
    doc, stack, model, view = board
    assert {model.index(r).data(StatusRole) for r in range(6)} == {"missing"}


EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "s-car.txt"


@pytest.fixture
def example_board(qtbot):
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = ProjectDocument(parse_script(text).project)
    stack = QUndoStack()
    model = PanelListModel(doc, ThumbnailCache())
    model.moveRequested.connect(lambda rows, dest: stack.push(MovePanelsCommand(doc, rows, dest)))
    view = PanelBoard()
    view.setModel(model)
    qtbot.addWidget(view)
    return doc, stack, model, text


def test_dragging_a_panel_of_the_example_keeps_the_writers_comments_and_headings(example_board) -> None:
    doc, stack, model, text = example_board
    comments = [line for line in text.splitlines() if line.startswith("//")]
    assert len(comments) == 2
    mime = model.mimeData([model.index(3)])  # the last panel, dragged to the front
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    script = doc.project.script
    assert [line for line in script.splitlines() if line.startswith("//")] == comments
    assert "# Character: Gary" in script and "# Setting: Highway" in script
    headers = [line for line in script.splitlines() if line.startswith("# Panel")]
    assert headers == ["# Panel 1 (extreme wide) @ Highway", "# Panel 2 (wide) @ Showroom",
                       "# Panel 3 (close-up)", "# Panel 4 (medium)"]
    # The moved panel's own lines came along with it, in the writer's words.
    assert script.index("A red sports car races") < script.index("Gary stands on the sales counter")
    reparsed = parse_script(script).project
    assert [p.action for p in reparsed.panels] == [p.action for p in doc.project.panels]
    assert parse_script(script).diagnostics == []
    stack.undo()
    assert doc.project.script == text


def test_a_comment_inside_a_panel_moves_with_it_and_an_inspector_edit_keeps_it(qtbot) -> None:
    from ui.commands import SetPanelFieldCommand

    text = ("Title: Moves\n\n## Panel 1\nA cat sits.\n// the cat is grumpy\n\n"
            "// before the dog\n## Panel 2 (wide)\nA dog runs.\nDog: Woof!\n")
    doc = ProjectDocument(parse_script(text).project)
    stack = QUndoStack()
    stack.push(MovePanelsCommand(doc, [1], 0))
    assert doc.project.script == ("Title: Moves\n\n// before the dog\n## Panel 1 (wide)\nA dog runs.\nDog: Woof!\n\n"
                                  "## Panel 2\nA cat sits.\n// the cat is grumpy\n")
    cat = doc.project.panels[1]
    stack.push(SetPanelFieldCommand(doc, cat.id, "action", "A cat sleeps."))
    assert doc.project.script.endswith("## Panel 2\nA cat sleeps.\n// the cat is grumpy\n")
    stack.push(SetPanelFieldCommand(doc, cat.id, "shot", "close-up"))
    assert "## Panel 2 (close-up)\nA cat sleeps.\n// the cat is grumpy" in doc.project.script
    assert parse_script(doc.project.script).project.panels[1].shot == "close-up"

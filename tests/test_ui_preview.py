"""The page preview: pages come from export.raster.render; dragging a balloon changes what is exported."""
from __future__ import annotations

import copy

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tests.ui_helpers import dispose, isolate_dirs
from ui.commands import SetPageCommand
from ui.workers.exporting import ExportChoice, export


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow
    from ui.settings import load_settings

    w = MainWindow(load_settings())
    w.files.open_example()
    w.show()
    qtbot.waitUntil(lambda: w.preview.current is not None, timeout=10000)
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


def exported_page(window, tmp_path, name: str) -> Image.Image:
    target = tmp_path / f"{name}.png"
    export(window.doc.project, ExportChoice("png", target, "strip", "A4", 100))
    return Image.open(target).convert("RGB")


def wait_render(window, qtbot) -> None:
    """Until the page as it is now is on screen (a render already drawing when asked is not enough)."""
    window.preview.refresh_now()
    qtbot.waitUntil(lambda: not window.preview.busy(), timeout=10000)


def test_the_preview_is_the_exported_page(window, qtbot, tmp_path) -> None:
    current = window.preview.current
    page = exported_page(window, tmp_path, "strip")
    shown = current.image
    # Same page drawn by the same renderer: same aspect, and a strip wider than tall.
    assert abs(shown.width() / shown.height() - page.width / page.height) < 0.01
    assert shown.width() > shown.height()


def test_dragging_a_balloon_with_the_mouse_moves_it_in_the_exported_page(window, qtbot, tmp_path) -> None:
    before = exported_page(window, tmp_path, "before")
    current = window.preview.current
    frame = next(f for f in current.page.frames if f.balloons and f.balloons[0].kind == "speech")
    balloon = frame.balloons[0]
    scale = current.dpi / 72
    cx, cy = balloon.body.center
    view = window.preview.view
    start = view.mapFromScene(QPointF(cx * scale, cy * scale))
    end = view.mapFromScene(QPointF(cx * scale, (cy + frame.rect.h * 0.3) * scale))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view.viewport(), end)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    panel = window.doc.panel(frame.panel_id)
    placement = panel.balloons[balloon.line_index]
    assert placement.y > 0.3
    assert window.stack.undoText() == "Move balloon"
    after = exported_page(window, tmp_path, "after")
    assert ImageChops.difference(before, after).getbbox() is not None
    window.undo()
    assert balloon.line_index not in panel.balloons
    assert ImageChops.difference(before, exported_page(window, tmp_path, "undone")).getbbox() is None


def test_dragging_the_tail_tip_re_aims_it(window, qtbot) -> None:
    current = window.preview.current
    frame, balloon = next((f, b) for f in current.page.frames for b in f.balloons if b.tail_tip is not None)
    window.preview.balloons.move_balloon(frame, balloon, "tail", -frame.rect.w * 0.2, 0)
    placement = window.doc.panel(frame.panel_id).balloons[balloon.line_index]
    assert placement.tail_x is not None and placement.tail_y is not None
    wait_render(window, qtbot)
    moved = next(b for f in window.preview.current.page.frames if f.panel_id == frame.panel_id
                 for b in f.balloons if b.line_index == balloon.line_index)
    assert moved.tail_tip[0] < balloon.tail_tip[0] - frame.rect.w * 0.1


def test_editing_a_balloons_words_reletters_the_page(window, qtbot) -> None:
    current = window.preview.current
    frame = next(f for f in current.page.frames if f.balloons)
    balloon = frame.balloons[0]
    window.preview.balloons.edit_line_text(frame.panel_id, balloon.line_index, "我要最快的跑车！")
    panel = window.doc.panel(frame.panel_id)
    assert panel.lines[balloon.line_index].text == "我要最快的跑车！"
    assert "我要最快的跑车！" in window.editor.text()
    wait_render(window, qtbot)
    words = [ln.text for f in window.preview.current.page.frames if f.panel_id == frame.panel_id
             for b in f.balloons for ln in b.lines]
    assert any("跑车" in w for w in words)


def test_changing_the_layout_from_the_preview_is_undoable_and_kept_in_the_script(window, qtbot) -> None:
    window.preview.layout_box.setCurrentText("grid")
    window.preview._page_edit(layout="grid")
    assert window.doc.project.layout == "grid"
    assert "Layout: grid" in window.editor.text()
    window.editor.flush()
    window.undo()
    assert window.doc.project.layout == "strip"
    assert "Layout: strip" in window.editor.text()


@pytest.mark.parametrize("layout", ["strip", "book"])
def test_a_dragged_balloon_lands_where_it_was_dropped_in_every_layout(window, qtbot, layout) -> None:
    if layout == "book":  # words over the art are balloons in the printers' safe zone, not the frame
        page = copy.copy(window.doc.project.page)
        page.book_text = "over"
        window.stack.push(SetPageCommand(window.doc, "book", page, "Book"))
        wait_render(window, qtbot)

    def speech_on_page():
        return next(((f, b) for f in window.preview.current.page.frames for b in f.balloons if b.kind == "speech"),
                    (None, None))

    while speech_on_page()[0] is None:  # a book opens on its cover, which has no balloons
        with qtbot.waitSignal(window.preview.rendered, timeout=10000):
            window.preview.go_to_page(window.preview.current.index + 1)
    frame, balloon = speech_on_page()
    area = frame.balloon_area  # book pages letter inside the printers' safe zone, strips inside the border
    assert area is not None and area.contains_point(balloon.body.center)
    dy = area.h * 0.1
    window.preview.balloons.move_balloon(frame, balloon, "body", 0, dy)
    wait_render(window, qtbot)
    moved = next(b for f in window.preview.current.page.frames if f.panel_id == frame.panel_id
                 for b in f.balloons if b.line_index == balloon.line_index)
    (x0, y0), (x1, y1) = balloon.body.center, moved.body.center
    assert abs(x1 - x0) < 1.0 and abs(y1 - (y0 + dy)) < 1.0

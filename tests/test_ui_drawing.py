"""The preview's Draw and Select modes: strokes with the mouse (and a tablet's pressure) on the panel's own
pixels, one undo step each, kept as a new version over an untouched picture; a selection redrawn through
the real SDK against the fake service, the result a part-redraw turn in the refine thread."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tests.fake_openai import FakeImageService
from tests.ui_helpers import dispose, isolate_dirs
from ui.preview.panel_canvas import CanvasMode, Tool

KEY = "sk-test-panelsmith-drawing-key"


@pytest.fixture
def service():
    with FakeImageService(image_scale=0.25) as fake:
        yield fake


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path, service):
    isolate_dirs(monkeypatch, tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    from ui.settings import AppSettings
    from ui.window.main_window import MainWindow

    w = MainWindow(AppSettings(backend="offline"))
    w.resize(1400, 900)
    w.files.open_example()
    w.show()
    w.generation.generate_missing()
    qtbot.waitUntil(lambda: not w.generation.busy(), timeout=30000)
    qtbot.waitUntil(lambda: w.preview.current is not None and not w.preview.busy(), timeout=10000)
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


def _view_point(window, panel_id: str, fx: float, fy: float) -> QPoint:
    rect = window.preview.frame_rect(panel_id)
    scene = QPointF(rect.x() + rect.width() * fx, rect.y() + rect.height() * fy)
    return window.preview.view.mapFromScene(scene)


def _drag(window, panel_id: str, points: list[tuple[float, float]], modifier=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = window.preview.view.viewport()
    first = _view_point(window, panel_id, *points[0])
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, first)
    for fx, fy in points[1:]:
        QTest.mouseMove(viewport, _view_point(window, panel_id, fx, fy))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, _view_point(window, panel_id, *points[-1]))


def _open(window, mode: CanvasMode, panel_id: str) -> None:
    window.preview.draw.set_mode(mode)
    _drag(window, panel_id, [(0.5, 0.5)])  # the first click on a panel opens it
    assert window.preview.draw.canvas is not None and window.preview.draw.canvas.panel_id == panel_id


def test_strokes_are_undoable_one_by_one_and_keeping_makes_a_version_over_the_picture(window, qtbot, tmp_path) -> None:
    panel = window.doc.project.panels[0]
    picture = panel.images.selected
    _open(window, CanvasMode.DRAW, panel.id)
    draw = window.preview.draw
    canvas = draw.canvas
    assert (canvas.width, canvas.height) == (picture.width, picture.height)  # the panel's own resolution
    _drag(window, panel.id, [(0.2, 0.2), (0.3, 0.25), (0.4, 0.3)])
    _drag(window, panel.id, [(0.2, 0.7), (0.6, 0.7)])
    assert canvas.undo_stack.count() == 2 and canvas.has_drawing()
    draw.undo()
    alpha = np.array(canvas.layer_image().getchannel("A"))
    assert alpha[round(0.7 * canvas.height), round(0.4 * canvas.width)] == 0  # the second stroke is gone
    assert alpha[round(0.25 * canvas.height), round(0.3 * canvas.width)] > 0  # the first is still there
    draw.redo()
    draw.set_tool(Tool.FILL)
    draw.set_colour(Qt.GlobalColor.red)
    draw.keep()
    assert len(panel.images.versions) == 1 or draw.busy() is False  # flattened on a worker, not in the window
    qtbot.waitUntil(lambda: not draw.busy(), timeout=10000)
    kept, drawn = panel.images.versions
    assert kept is picture and drawn.parent == picture.id and drawn.parameters["drawing"] in window.doc.project.images
    assert panel.images.selected is drawn
    window.stack.undo()  # keeping is one step of the document
    assert panel.images.selected is picture and len(panel.images.versions) == 1
    window.stack.redo()
    assert panel.images.selected.id == drawn.id
    window.preview.grab().save(str(tmp_path / "draw-mode.png"))
    window.grab().save("/tmp/i16-window-draw.png")


def test_a_tablet_pen_draws_wider_with_more_pressure(window) -> None:
    panel = window.doc.project.panels[1]
    _open(window, CanvasMode.DRAW, panel.id)
    canvas = window.preview.draw.canvas
    rect = window.preview.frame_rect(panel.id)
    canvas.begin(QPointF(rect.x() + rect.width() * 0.2, rect.y() + rect.height() * 0.3), 0.1)
    canvas.segment(QPointF(rect.x() + rect.width() * 0.8, rect.y() + rect.height() * 0.3), 0.1)
    canvas.end()
    canvas.begin(QPointF(rect.x() + rect.width() * 0.2, rect.y() + rect.height() * 0.7), 1.0)
    canvas.segment(QPointF(rect.x() + rect.width() * 0.8, rect.y() + rect.height() * 0.7), 1.0)
    canvas.end()
    alpha = np.array(canvas.layer_image().getchannel("A")) > 0
    column = alpha[:, canvas.width // 2]
    top, bottom = column[: canvas.height // 2].sum(), column[canvas.height // 2:].sum()
    assert bottom > 2 * top > 0


def test_a_blank_panel_is_drawn_on_paper(window, qtbot) -> None:
    panel = window.doc.project.panels[2]
    panel.images.selected_id = None
    panel.images.versions.clear()
    window.doc.panelChanged.emit(panel.id)
    _open(window, CanvasMode.DRAW, panel.id)
    _drag(window, panel.id, [(0.1, 0.1), (0.9, 0.9)])
    window.preview.draw.set_mode(CanvasMode.VIEW)  # leaving the mode keeps the drawing
    qtbot.waitUntil(lambda: not window.preview.draw.busy() and len(panel.images.versions) == 1, timeout=10000)
    (drawn,) = panel.images.versions
    assert drawn.parent is None and drawn.backend == "drawing"


def test_a_selection_is_redrawn_through_the_service_and_only_it_changes(window, service, qtbot, tmp_path) -> None:
    from ui.settings import AppSettings

    window.generation.settings = AppSettings(backend="compatible", base_url=service.base_url)
    panel = window.doc.project.panels[0]
    parent = panel.images.selected
    _open(window, CanvasMode.SELECT, panel.id)
    _drag(window, panel.id, [(0.4, 0.4), (0.5, 0.5), (0.6, 0.6)])  # a rectangle
    draw = window.preview.draw
    mask = draw.canvas.selection_mask()
    assert mask.shape == (parent.height, parent.width) and mask.any()
    assert draw.redraw_button.isEnabled()
    window.preview.grab().save("/tmp/i16-select-mode.png")
    draw.redraw_selection("make it a kite")
    qtbot.waitUntil(lambda: len(panel.images.versions) == 2 and not window.generation.busy(), timeout=30000)
    part = panel.images.versions[1]
    assert part.parent == parent.id and isinstance(part.parameters["part"], dict)
    (edit,) = [r for r in service.requests if r.path.endswith("/images/edits")]
    assert any(f.name == "mask" for f in edit.files)
    store = window.doc.project.images
    before = np.array(Image.open(io.BytesIO(store.get(parent.sha256))).convert("RGB"))
    after = np.array(Image.open(io.BytesIO(store.get(part.sha256))).convert("RGB"))
    far = np.ones(mask.shape, bool)
    ys, xs = np.nonzero(mask)
    reach = part.parameters["part"]["feather"] + 2
    far[max(0, ys.min() - reach):ys.max() + reach, max(0, xs.min() - reach):xs.max() + reach] = False
    assert np.array_equal(before[far], after[far])
    window.select_panel(panel.id)
    thread = window.inspector.thread
    qtbot.waitUntil(lambda: len(thread.rows) == 2, timeout=5000)
    assert thread.rows[0].mask_icon is None and thread.rows[1].mask_icon is not None  # the part redraw's mark
    assert "make it a kite" in thread.rows[1].words.text()
    window.inspector.grab().save("/tmp/i16-thread.png")


def _tablet(window, kind, panel_id: str, fx: float, fy: float, pressure: float, eraser: bool = False) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    name = "_ERASER" if eraser else "_PEN"
    if name not in globals():
        kind_of = QPointingDevice.PointerType.Eraser if eraser else QPointingDevice.PointerType.Pen
        globals()[name] = QPointingDevice(f"test {name}", 4243 if eraser else 4242, QInputDevice.DeviceType.Stylus,
                                          kind_of, QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 2)
    device = globals()[name]
    viewport = window.preview.view.viewport()
    pos = QPointF(_view_point(window, panel_id, fx, fy))
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    event = QTabletEvent(kind, device, pos, QPointF(viewport.mapToGlobal(pos.toPoint())), pressure, 0, 0, 0.0, 0.0, 0.0,
                         Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, held)
    QApplication.sendEvent(viewport, event)


def test_a_real_tablet_event_draws_with_its_pressure(window) -> None:
    from PySide6.QtCore import QEvent

    panel = window.doc.project.panels[3]
    _open(window, CanvasMode.DRAW, panel.id)
    canvas = window.preview.draw.canvas
    for y, pressure in ((0.3, 0.05), (0.7, 1.0)):
        _tablet(window, QEvent.Type.TabletPress, panel.id, 0.2, y, pressure)
        for step in range(1, 7):
            _tablet(window, QEvent.Type.TabletMove, panel.id, 0.2 + step * 0.1, y, pressure)
        _tablet(window, QEvent.Type.TabletRelease, panel.id, 0.8, y, pressure)
    assert canvas.undo_stack.count() == 2  # one undo step per stroke
    alpha = np.array(canvas.layer_image().getchannel("A")) > 0
    column = alpha[:, canvas.width // 2]
    assert column[canvas.height // 2:].sum() > 2 * column[: canvas.height // 2].sum() > 0
    _tablet(window, QEvent.Type.TabletPress, panel.id, 0.1, 0.7, 1.0, eraser=True)  # the pen turned round
    _tablet(window, QEvent.Type.TabletMove, panel.id, 0.9, 0.7, 1.0, eraser=True)
    _tablet(window, QEvent.Type.TabletRelease, panel.id, 0.9, 0.7, 1.0, eraser=True)
    alpha = np.array(canvas.layer_image().getchannel("A"))
    assert alpha[round(0.7 * canvas.height), canvas.width // 2] == 0 and canvas.tool == Tool.PEN


def test_ctrl_z_in_the_preview_undoes_a_stroke_not_the_document(window, qtbot) -> None:
    panel = window.doc.project.panels[0]
    _open(window, CanvasMode.DRAW, panel.id)
    canvas = window.preview.draw.canvas
    steps = window.stack.count()
    _drag(window, panel.id, [(0.2, 0.2), (0.8, 0.8)])
    assert canvas.has_drawing()
    window.preview.view.setFocus()
    QTest.keyClick(window.preview.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not canvas.has_drawing() and window.stack.count() == steps


def test_lasso_and_brush_select_and_fill_fills_an_area(window) -> None:
    panel = window.doc.project.panels[1]
    draw = window.preview.draw
    _open(window, CanvasMode.SELECT, panel.id)
    draw.set_tool(Tool.LASSO)
    _drag(window, panel.id, [(0.2, 0.2), (0.5, 0.2), (0.5, 0.5), (0.2, 0.5)])
    mask = draw.canvas.selection_mask()
    h, w = mask.shape
    assert mask[round(0.35 * h), round(0.35 * w)] == 255 and mask[round(0.8 * h), round(0.8 * w)] == 0
    draw.set_tool(Tool.BRUSH)
    _drag(window, panel.id, [(0.8, 0.8), (0.85, 0.85)])  # the brush adds to the lasso
    mask = draw.canvas.selection_mask()
    assert mask[round(0.35 * h), round(0.35 * w)] == 255 and mask[round(0.8 * h), round(0.8 * w)] == 255
    draw.clear_selection()
    assert not draw.canvas.selection_mask().any() and not draw.redraw_button.isEnabled()

    draw.set_mode(CanvasMode.DRAW)
    _open(window, CanvasMode.DRAW, panel.id)
    _drag(window, panel.id, [(0.1, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9), (0.1, 0.1)])  # a closed outline
    draw.set_tool(Tool.FILL)
    draw.set_colour(QColor(200, 30, 30))
    before = draw.canvas.undo_stack.count()
    _drag(window, panel.id, [(0.02, 0.5)])  # outside the outline, on a uniform background…
    rgba = np.array(draw.canvas.layer_image())
    ch, cw = rgba.shape[:2]
    assert draw.canvas.undo_stack.count() == before + 1
    assert tuple(rgba[round(0.5 * ch), round(0.02 * cw)][:3]) == (200, 30, 30)


def test_saving_keeps_a_drawing_in_progress(window, qtbot, tmp_path) -> None:
    from model.fileformat.projectfile import load_project
    from model.picture.drawing import drawing_of

    panel = window.doc.project.panels[0]
    _open(window, CanvasMode.DRAW, panel.id)
    _drag(window, panel.id, [(0.3, 0.3), (0.6, 0.6)])
    target = tmp_path / "drawn.panels"
    assert window.files.save_to(target, wait=True)
    saved = load_project(target)
    drawn = saved.panels[0].images.selected
    assert drawn.backend == "drawing" and drawing_of(saved, drawn) is not None


def test_the_canvas_follows_its_panel_when_the_page_changes_and_offline_cannot_redraw_a_part(window, qtbot) -> None:
    from ui.commands import SetPageCommand

    panel = window.doc.project.panels[0]
    draw = window.preview.draw
    _open(window, CanvasMode.SELECT, panel.id)
    old = draw.canvas.frame
    page = window.doc.project.page
    window.stack.push(SetPageCommand(window.doc, "grid", page, "Grid"))
    qtbot.waitUntil(lambda: draw.canvas is not None and draw.canvas.frame != old, timeout=10000)
    assert draw.canvas.frame == window.preview.frame_rect(panel.id)
    _drag(window, panel.id, [(0.3, 0.3), (0.6, 0.6)])
    messages: list[str] = []
    window.generation.message.connect(messages.append)
    draw.redraw_selection("a kite")  # the window draws offline sketches
    assert messages and "needs an image model" in messages[-1]
    assert len(panel.images.versions) == 1


def test_picture_from_drawing_keeps_the_drawing_then_restyles_it_offline(window, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    panel = window.doc.project.panels[2]
    _open(window, CanvasMode.DRAW, panel.id)
    _drag(window, panel.id, [(0.2, 0.8), (0.5, 0.2), (0.8, 0.8)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    assert window.preview.draw.picture_button.isEnabled()
    window.preview.draw.picture_from_drawing()
    qtbot.waitUntil(lambda: len(panel.images.versions) == 3 and not window.generation.busy(), timeout=30000)
    picture, drawing, finished = panel.images.versions
    assert drawing.parent == picture.id and drawing.backend == "drawing"
    assert finished.parent == drawing.id and finished.backend == "offline"

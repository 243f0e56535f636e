"""The Stage mode of the page preview: the characters' boxes labelled over the picture, dragged and
resized with the mouse (one undo step per drag), and a faint overlay of them on the board's thumbnail."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from tests.test_ui_preview import wait_render, window  # noqa: F401  (the preview tests' window fixture)
from tests.ui_helpers import all_ready


def stage_mode(window, qtbot):
    window.preview.set_mode("stage")
    wait_render(window, qtbot)
    return window.preview.modes["stage"]


def drag(window, start: QPointF, end: QPointF) -> None:
    view = window.preview.view
    a, b = view.mapFromScene(start), view.mapFromScene(end)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(view.viewport(), b)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def test_stage_mode_labels_a_box_per_character_and_a_drag_stages_the_panel_in_one_undo_step(window, qtbot) -> None:  # noqa: F811
    mode = stage_mode(window, qtbot)
    first = window.preview.current.page.frames[0]
    boxes = [s for s in mode.shown if s.panel_id == first.panel_id]
    assert sorted(s.box.name for s in boxes) == ["Gary", "Salesman"]
    assert all(not s.staged for s in boxes)  # suggestions until the panel is staged
    assert "Gary" in next(s for s in boxes if s.box.name == "Gary").items[2].text()
    gary = next(s for s in boxes if s.box.name == "Gary")
    rect = gary.items[0].rect()
    before = gary.box
    drag(window, rect.center(), rect.center() + QPointF(rect.width() * 0.5, -rect.height() * 0.1))
    panel = window.doc.panel(first.panel_id)
    staged = {b.name: b for b in panel.staging}
    assert set(staged) == {"Gary", "Salesman"}
    assert staged["Gary"].x > before.x + before.w * 0.3 and staged["Gary"].y < before.y
    assert window.stack.undoText() == "Move Gary"
    wait_render(window, qtbot)
    assert all(s.staged for s in mode.shown if s.panel_id == first.panel_id)
    window.undo()
    assert panel.staging == []


def test_pulling_a_boxs_corner_resizes_it_and_the_board_shows_the_staging(window, qtbot) -> None:  # noqa: F811
    mode = stage_mode(window, qtbot)
    first = window.preview.current.page.frames[0]
    window.select_panel(first.panel_id)  # selected already, so only the staging can change its cell
    board_before = window.board.grab().toImage()
    salesman = next(s for s in mode.shown if s.panel_id == first.panel_id and s.box.name == "Salesman")
    rect = salesman.items[0].rect()
    corner = rect.bottomRight() - QPointF(2, 2)
    drag(window, corner, corner - QPointF(rect.width() * 0.3, rect.height() * 0.3))
    box = next(b for b in window.doc.panel(first.panel_id).staging if b.name == "Salesman")
    assert box.w < salesman.box.w * 0.85 and box.h < salesman.box.h * 0.85
    assert abs(box.x - salesman.box.x) < 1e-3  # its top-left stays put
    assert window.stack.undoText() == "Resize Salesman"
    from ui.board.panel_list_model import StagingRole

    model = window.panel_model
    assert len(model.data(model.index(0), StagingRole)) == 2
    assert model.data(model.index(1), StagingRole) == []
    qtbot.waitUntil(lambda: window.board.grab().toImage() != board_before, timeout=5000)  # the faint boxes drawn


def test_balloons_are_left_alone_in_stage_mode_and_dragged_again_in_balloon_mode(window, qtbot) -> None:  # noqa: F811
    stage_mode(window, qtbot)
    current = window.preview.current
    frame = next(f for f in current.page.frames if f.balloons and f.balloons[0].kind == "speech"
                 and not any(s.panel_id == f.panel_id and s.items[0].rect().contains(QPointF(
                     f.balloons[0].body.center[0] * current.dpi / 72, f.balloons[0].body.center[1] * current.dpi / 72))
                     for s in window.preview.modes["stage"].shown))
    balloon = frame.balloons[0]
    scale = current.dpi / 72
    start = QPointF(balloon.body.center[0] * scale, balloon.body.center[1] * scale)
    drag(window, start, start + QPointF(0, frame.rect.h * 0.3 * scale))
    assert balloon.line_index not in window.doc.panel(frame.panel_id).balloons
    window.preview.set_mode("balloons")
    assert window.preview.modes["stage"].shown == []
    drag(window, start, start + QPointF(0, frame.rect.h * 0.3 * scale))
    assert balloon.line_index in window.doc.panel(frame.panel_id).balloons


def test_stage_mode_screenshot(window, qtbot, tmp_path) -> None:  # noqa: F811
    """Draw the strip offline, stage its first panel and keep a picture of the Stage mode (docs/stage-mode.png)."""
    window.generation.generate_missing()
    qtbot.waitUntil(lambda: all_ready(window), timeout=30000)
    window.resize(1280, 760)
    mode = stage_mode(window, qtbot)
    first = window.preview.current.page.frames[0]
    gary = next(s for s in mode.shown if s.panel_id == first.panel_id and s.box.name == "Gary")
    rect = gary.items[0].rect()
    drag(window, rect.center(), rect.center() - QPointF(rect.width() * 0.1, 0))
    wait_render(window, qtbot)
    assert len([s for s in mode.shown if s.staged]) == 2
    shot = window.preview.grab()
    assert shot.width() > 300 and shot.height() > 150
    shot.save(str(tmp_path / "stage-mode.png"))


def test_a_boxs_depth_is_one_undo_step_and_shows_in_its_label(window, qtbot) -> None:  # noqa: F811
    mode = stage_mode(window, qtbot)
    first = window.preview.current.page.frames[0]
    gary = next(s for s in mode.shown if s.panel_id == first.panel_id and s.box.name == "Gary")
    mode.set_depth(gary, "near")
    assert next(b for b in window.doc.panel(first.panel_id).staging if b.name == "Gary").depth == "near"
    assert window.stack.undoText() == "Stage Gary near"
    wait_render(window, qtbot)
    assert "near" in next(s for s in mode.shown if s.panel_id == first.panel_id and s.box.name == "Gary").items[2].text()
    window.undo()
    assert window.doc.panel(first.panel_id).staging == []

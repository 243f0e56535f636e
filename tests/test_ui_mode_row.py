"""The preview's one row of modes: Balloons, Stage, Layout, Draw and Select are mutually exclusive, and the
row always shows the mode the page is in, whichever way it was switched."""
from __future__ import annotations

from ui.preview.panel_canvas import CanvasMode

from tests.test_ui_preview import wait_render, window  # noqa: F401  (the preview tests' window fixture)


def state(preview) -> tuple[str, bool, str, list[str]]:
    stage = "stage" if preview.mode is preview.modes.get("stage") and preview.mode is not None else "-"
    checked = [b.text() for b in preview.draw.modes.buttons() if b.isChecked()]
    return stage, preview.layout_mode.active, preview.draw.mode.value, checked


def test_each_mode_button_turns_the_others_off_and_is_the_one_shown(window, qtbot) -> None:
    preview = window.preview
    wait_render(window, qtbot)
    assert state(preview) == ("-", False, "view", ["Balloons"])
    preview.stage_button.click()
    assert state(preview) == ("stage", False, "view", ["Stage"])
    preview.layout_row_button.click()
    assert state(preview) == ("-", True, "view", ["Layout"])
    assert preview.layout_mode.bar.isVisibleTo(preview)
    preview.draw.mode_buttons[CanvasMode.DRAW].click()
    assert state(preview) == ("-", False, "draw", ["Draw"])
    preview.stage_button.click()
    assert state(preview) == ("stage", False, "view", ["Stage"])
    preview.draw.mode_buttons[CanvasMode.VIEW].click()
    assert state(preview) == ("-", False, "view", ["Balloons"])


def test_a_mode_switched_from_code_shows_in_the_row(window, qtbot) -> None:
    preview = window.preview
    wait_render(window, qtbot)
    preview.set_mode("stage")
    assert state(preview)[3] == ["Stage"]
    preview.layout_button.click()  # the Layout mode's own switch (menus and tests use it)
    assert state(preview) == ("-", True, "view", ["Layout"])
    preview.draw.set_mode(CanvasMode.SELECT)
    assert state(preview) == ("-", False, "select", ["Select"])

"""The style picker: thumbnails drawn on a worker and kept, a pick written into the script, one undo step."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QDialog

from model.prompt.compose import compose_prompt
from model.script.styles import STYLES, style_by_id
from tests.test_ui_window import window  # noqa: F401 - the fixture: a window on the snail strip
import ui.dialogs.style_picker as picker_module
from ui.dialogs.style_picker import StylePicker, pick_style

ORIGINAL_STYLE = "bright hand-drawn comic, clean ink lines, flat vivid colours"


def answer_with(monkeypatch: pytest.MonkeyPatch, key: str, panel_only: bool = False, keep_words: bool | None = None):
    """Stand in for the user: pick `key` in the real dialog and press OK."""
    seen: list[StylePicker] = []

    def exec_(self: StylePicker) -> int:
        seen.append(self)
        self.panel_only.setChecked(panel_only)  # shows that line's preset first, as a user would see
        self.grid.setCurrentItem(self.items[key])
        if keep_words is not None:
            self.keep_words.setChecked(keep_words)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StylePicker, "exec", exec_)
    return seen


def test_picking_a_preset_writes_the_style_line_and_undo_restores_it(window, monkeypatch) -> None:  # noqa: F811
    before_text, steps = window.editor.text(), window.stack.count()
    seen = answer_with(monkeypatch, "manga")
    pick_style(window)
    assert seen and seen[0].grid.currentItem().text() == "Manga"
    assert window.doc.project.style == "Manga"  # a style of words only: the preset replaces them
    assert "\nStyle: Manga\n" in window.editor.text()
    assert style_by_id("manga").prompt in compose_prompt(window.doc.project, window.doc.project.panels[0])
    assert window.stack.count() == steps + 1
    window.undo()
    assert window.doc.project.style == ORIGINAL_STYLE
    assert window.editor.text() == before_text


def test_the_picker_opens_on_the_current_preset_and_keeps_the_words_beside_it(window, monkeypatch) -> None:  # noqa: F811
    answer_with(monkeypatch, "manga")
    pick_style(window)
    window.replace_script(window.editor.text().replace("Style: Manga", "Style: Manga; rainy neon city"), "edit")
    seen = answer_with(monkeypatch, "noir")
    pick_style(window)
    assert seen[0].keep_words.isChecked()
    assert window.doc.project.style == "Noir; rainy neon city"


def test_a_style_for_the_current_panel_only_goes_into_that_panel(window, monkeypatch) -> None:  # noqa: F811
    second = window.doc.project.panels[1]
    window.select_panel(second.id)
    answer_with(monkeypatch, "clay", panel_only=True)
    pick_style(window)
    project = window.doc.project
    assert project.style == ORIGINAL_STYLE
    assert [p.style for p in project.panels] == ["", "3D clay", "", ""]
    assert project.panels[1].id == second.id  # the same panel, keeping its pictures
    assert "# Panel 2 (close-up)\nStyle: 3D clay\n" in window.editor.text()


def test_cancel_changes_nothing(window, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(StylePicker, "exec", lambda self: QDialog.DialogCode.Rejected)
    steps = window.stack.count()
    pick_style(window)
    assert window.stack.count() == steps


def test_thumbnails_are_drawn_on_a_worker_once_and_shown_from_the_cache(window, qtbot, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(picker_module, "_THUMBNAILS", {})
    threads: list[int] = []
    draw = picker_module.render_thumbnail

    def counted(preset):
        threads.append(threading.get_ident())
        return draw(preset)

    monkeypatch.setattr(picker_module, "render_thumbnail", counted)
    first = StylePicker("", None, window.tasks, window)
    first.show()
    assert not threads or threading.get_ident() not in threads
    qtbot.waitUntil(lambda: len(picker_module._THUMBNAILS) == len(STYLES) + 1, timeout=30000)
    assert threading.get_ident() not in threads and len(threads) == len(STYLES) + 1
    distinct = {picker_module._THUMBNAILS[p.id].constBits().tobytes() for p in STYLES}
    assert len(distinct) == len(STYLES)  # each preset looks different
    first.close()
    second = StylePicker("", None, window.tasks, window)
    assert len(threads) == len(STYLES) + 1 and not window.tasks.busy()  # nothing drawn again
    icon = second.items["manga"].icon().pixmap(picker_module.THUMB).toImage()
    colours = {icon.pixel(x, y) for x in range(0, icon.width(), 7) for y in range(0, icon.height(), 7)}
    assert len(colours) > 1  # the cached thumbnail, not the blank placeholder
    second.close()

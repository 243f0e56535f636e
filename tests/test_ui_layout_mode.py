"""The preview's Layout mode and the template picker, driven like a user: real widgets, offscreen."""
from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from model.page.layout import layout_project
from model.shapes.shape import gutter_line
from model.shapes.templates import find_template
from model.pagesize import mm
from tests.ui_helpers import dispose, isolate_dirs
from ui.commands import SetPageCommand


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    from ui.settings import load_settings
    from ui.window.main_window import MainWindow

    w = MainWindow(load_settings())
    w.files.open_example()
    w.show()
    qtbot.waitUntil(lambda: w.preview.current is not None, timeout=10000)
    w.stack.push(SetPageCommand(w.doc, "grid", copy.copy(w.doc.project.page), "Grid"))
    wait_render(w, qtbot)
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    dispose(w)


def wait_render(window, qtbot) -> None:
    window.preview.refresh_now()
    qtbot.waitUntil(lambda: not window.preview.busy(), timeout=10000)


def frames(window) -> list[tuple]:
    """Every frame of every page as exported: panel, rect, outline, border and bleed."""
    return [(f.panel_id, f.rect, f.polygon, f.bordered, f.bleed_edges)
            for page in layout_project(window.doc.project).pages for f in page.frames]


def drag(window, start_pt, end_pt) -> None:
    view = window.preview.view
    scale = window.preview.current.dpi / 72
    a = view.mapFromScene(QPointF(start_pt[0] * scale, start_pt[1] * scale))
    b = view.mapFromScene(QPointF(end_pt[0] * scale, end_pt[1] * scale))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(view.viewport(), b)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def click(window, point) -> None:
    view = window.preview.view
    scale = window.preview.current.dpi / 72
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mapFromScene(QPointF(point[0] * scale, point[1] * scale)))


def middle_gutter(window):
    page = window.preview.current.page
    g = mm(window.doc.project.page.gutter_mm)
    return gutter_line(page.shape, (), 1, page.panel_area, g, window.doc.project.page.direction == "rtl", page.width)


def test_dragging_a_gutter_resizes_the_panels_and_undo_returns_the_identical_frames(window, qtbot) -> None:
    before = frames(window)
    window.preview.layout_button.click()
    assert window.preview.layout_mode.bar.isVisible()
    (ax, ay), (bx, by) = middle_gutter(window)  # between the two tiers of the 2x2 grid
    x = (ax + bx) / 2
    drag(window, (x, ay), (x, ay - 120))
    assert window.stack.undoText() == "Move gutter"
    after = frames(window)
    assert after != before
    top, bottom = after[0][1], after[2][1]
    assert top.h < bottom.h and bottom.y - top.bottom == pytest.approx(mm(window.doc.project.page.gutter_mm))
    wait_render(window, qtbot)
    assert window.preview.current.page.frames[0].rect == top  # the preview shows the page as exported
    window.undo()
    assert frames(window) == before  # identical, not just close
    window.redo()
    assert frames(window) == after


def test_split_merge_borderless_bleed_and_inset_are_one_undo_step_each(window, qtbot) -> None:
    preview = window.preview
    preview.layout_button.click()
    mode = preview.layout_mode
    first = preview.current.page.frames[0].rect
    click(window, first.center)
    assert mode.selected is not None and mode.split_down.isEnabled()
    start = window.stack.index()
    mode.split_down.click()
    assert window.stack.undoText() == "Split panel"
    wait_render(window, qtbot)
    assert len(preview.current.page.shape and [s for s in mode._slots()]) == 5
    mode.merge_button.click()
    assert window.stack.undoText() == "Merge panels"
    mode.border_button.click()
    mode.bleed_button.click()
    wait_render(window, qtbot)
    frame = preview.current.page.frames[0]
    assert not frame.bordered and frame.bleed_edges[:2] == (True, True)
    mode.inset_button.click()
    wait_render(window, qtbot)
    assert len(mode._slots()) == 5 and window.stack.undoText() == "Inset panel"
    assert window.stack.index() - start == 5
    for _ in range(5):
        window.undo()
    assert window.doc.project.page_shapes == {}


def test_a_split_under_half_an_inch_is_refused_with_one_sentence(window, qtbot) -> None:
    preview = window.preview
    preview.layout_button.click()
    mode = preview.layout_mode
    for _ in range(4):
        click(window, preview.current.page.frames[0].rect.center)
        mode.split_down.click()
        wait_render(window, qtbot)
    steps = window.stack.index()
    assert "under 0.5 in" in mode.message.text()
    assert window.stack.index() == steps  # nothing pushed for the refused one


def test_panels_a_page_no_longer_holds_flow_to_the_next_page(window, qtbot) -> None:
    preview = window.preview
    preview.layout_button.click()
    click(window, preview.current.page.frames[0].rect.center)
    preview.layout_mode.merge_button.click()
    wait_render(window, qtbot)
    assert [len(p.frames) for p in layout_project(window.doc.project).pages] == [3, 1]
    assert preview.current.count == 2


def test_a_right_to_left_page_mirrors_the_drag(window, qtbot) -> None:
    page = copy.copy(window.doc.project.page)
    page.direction = "rtl"
    window.stack.push(SetPageCommand(window.doc, "grid", page, "rtl"))
    wait_render(window, qtbot)
    window.preview.layout_button.click()
    current = window.preview.current.page
    g = mm(page.gutter_mm)
    # The column gutter of the top row, seen mirrored: drag it toward the page's left edge.
    (ax, ay), (bx, by) = gutter_line(current.shape, (0,), 1, current.panel_area, g, True, current.width)
    drag(window, (ax, (ay + by) / 2), (ax - 60, (ay + by) / 2))
    first, second = layout_project(window.doc.project).pages[0].frames[:2]
    assert first.rect.x > second.rect.x  # panel 1 still on the right, read first
    assert first.rect.w > second.rect.w  # the gutter moved left: the right panel grew
    assert first.rect.x - second.rect.right == pytest.approx(g)


def test_the_template_picker_writes_the_page_layout_line_and_applies_it(window, qtbot, monkeypatch) -> None:
    from ui.dialogs import template_picker

    def choose(dialog) -> int:
        dialog.grid.setCurrentItem(dialog.items["splash"])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(template_picker.TemplatePicker, "exec", choose)
    script_before = window.doc.project.script
    window.preview.template_button.click()
    assert "Page layout: splash" in window.doc.project.script
    wait_render(window, qtbot)
    current = window.preview.current
    assert current.page.template == "splash" and len(current.page.frames) == 1
    assert current.count == 2  # the other three panels flow on
    assert window.stack.undoText() == "Choose page layout"
    window.undo()
    assert window.doc.project.script.strip() == script_before.strip()


def test_choosing_the_template_again_lets_the_pages_edits_go(window, qtbot) -> None:
    from ui.dialogs.template_picker import template_change

    template_change(window, find_template("3 tiers"))
    wait_render(window, qtbot)
    window.preview.layout_button.click()
    (ax, ay), (bx, by) = middle_gutter(window)
    drag(window, ((ax + bx) / 2, ay), ((ax + bx) / 2, ay + 80))
    assert window.doc.project.page_shapes
    template_change(window, find_template("3 tiers"))
    assert window.doc.project.page_shapes == {}
    window.undo()
    assert window.doc.project.page_shapes  # the edit comes back with undo


def test_the_picker_shows_every_template_as_a_thumbnail(qtbot) -> None:
    from ui.dialogs.template_picker import TemplatePicker, shape_thumbnail

    dialog = TemplatePicker("2x2", "page 1", (2, 2))
    qtbot.addWidget(dialog)
    assert dialog.grid.count() == 19 and dialog.chosen().name == "2x2"
    assert all(not item.icon().isNull() for item in dialog.items.values())
    splash = shape_thumbnail(find_template("splash").shape())
    tiers = shape_thumbnail(find_template("3 tiers").shape())
    corner = splash.pixelColor(1, 1).name()
    assert corner == splash.pixelColor(48, 66).name() != "#ffffff"  # one picture to the very edge
    # Three tiers: white gutters between grey panels, down the middle of the thumbnail.
    column = [tiers.pixelColor(48, y).name() for y in range(10, 122)]
    changes = sum(1 for a, b in zip(column, column[1:]) if (a == "#ffffff") != (b == "#ffffff"))
    assert changes >= 4


def test_the_script_editor_colours_page_lines_not_as_speakers(qtbot) -> None:
    from PySide6.QtGui import QTextDocument

    from ui.editor.script_highlighter import ScriptHighlighter

    document = QTextDocument()
    highlighter = ScriptHighlighter(document)
    document.setPlainText("Panel 1\nAnn: Hi.\nPage break\nPage layout: splash\n换页\n页面版式：跨页大图\nPanel 2\n")
    highlighter.rehighlight()

    def colour(line: int) -> str:
        ranges = document.findBlockByNumber(line).layout().formats()
        first = ranges[0]
        return first.format.foreground().color().name()

    block = ScriptHighlighter.FORMATS["block"].foreground().color().name()
    header = ScriptHighlighter.FORMATS["header"].foreground().color().name()
    assert colour(2) == colour(4) == block and colour(3) == colour(5) == header


def test_the_reading_order_is_numbered_with_arrows_and_a_swapped_pair_in_red(window, qtbot) -> None:
    from model.project.project import BalloonPlacement
    from ui.commands import MoveBalloonCommand
    from ui.preview.reading_overlay import OUT_OF_ORDER
    from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsSimpleTextItem

    preview = window.preview
    preview.layout_button.click()
    mode = preview.layout_mode
    mode.order_button.click()
    numbers = [i.text() for i in mode.reading.items if isinstance(i, QGraphicsSimpleTextItem)]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) >= 3
    dots = [i for i in mode.reading.items if isinstance(i, QGraphicsEllipseItem)]
    assert all(d.brush().color() != OUT_OF_ORDER for d in dots)
    third = window.doc.project.panels[2]  # bottom left: its balloon dragged up across the gutter into panel 1
    window.stack.push(MoveBalloonCommand(window.doc, third.id, 0, BalloonPlacement(0.5, -0.4), "Move balloon"))
    wait_render(window, qtbot)
    dots = [i for i in mode.reading.items if isinstance(i, QGraphicsEllipseItem)]
    assert sum(d.brush().color() == OUT_OF_ORDER for d in dots) >= 2
    mode.order_button.click()
    assert mode.reading.items == []


def test_a_duplicated_panel_joins_its_page_rather_than_starting_another() -> None:
    from model.project.project import Panel
    from ui.commands import duplicate_of

    twin = duplicate_of(Panel(action="The reveal.", page_break=True, page_layout="splash"))
    assert (twin.action, twin.page_break, twin.page_layout) == ("The reveal.", False, "")

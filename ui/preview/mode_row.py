"""One row of modes over the page: Balloons, Stage, Layout, Draw, Select.

Each mode came with its own switch (the Stage mode box, the Layout mode button, the Draw row's buttons); a comic
artist wants one row of mutually exclusive buttons instead. This joins them: the Draw row's View button becomes
Balloons, Stage and Layout buttons sit beside it in the same exclusive group, and the old switches stay (hidden)
as the one place each mode is turned on, so every path keeps the row showing what is active.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QToolButton

from ui.preview.panel_canvas import CanvasMode

if TYPE_CHECKING:
    from ui.preview.page_preview import PagePreview


def join_mode_row(preview: PagePreview) -> None:
    """Put Stage and Layout into the Draw row's exclusive group and hide the separate switches."""
    draw = preview.draw
    tr = preview.tr
    balloons = draw.mode_buttons[CanvasMode.VIEW]
    balloons.setText(tr("Balloons"))

    def button(text: str, tip: str, index: int) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setCheckable(True)
        draw.modes.addButton(b)
        draw.mode_row.insertWidget(index, b)
        return b

    preview.stage_button = button(tr("Stage"), tr("Place the characters: drag and resize their boxes"), 1)
    preview.layout_row_button = button(tr("Layout"), tr("Shape this page: drag gutters, split, merge, "
                                                        "borderless, bleed, inset"), 2)
    preview.stage_button.clicked.connect(lambda: preview.set_mode("stage"))
    preview.layout_row_button.clicked.connect(lambda: _layout_on(preview))
    balloons.clicked.connect(lambda: _balloons(preview))
    preview.mode_box.hide()
    preview.layout_button.hide()
    preview.layout_button.toggled.connect(lambda on: on and preview.layout_row_button.setChecked(True))


def _layout_on(preview: PagePreview) -> None:
    if not preview.layout_mode.active:
        preview.layout_button.setChecked(True)
        preview.layout_mode.set_active(True)
    preview.layout_row_button.setChecked(True)


def _balloons(preview: PagePreview) -> None:
    preview.set_mode("balloons")
    if preview.layout_mode.active:
        preview.layout_button.setChecked(False)
        preview.layout_mode.set_active(False)


def show_mode(preview: PagePreview, key: str) -> None:
    """Check the row's button for the mode the preview is in now (after any switch)."""
    if not hasattr(preview, "stage_button"):
        return  # the row is still being built
    if preview.draw.mode != CanvasMode.VIEW:
        preview.draw.mode_buttons[preview.draw.mode].setChecked(True)  # Draw or Select holds the mouse
    elif key == "stage":
        preview.stage_button.setChecked(True)
    elif preview.layout_mode.active:
        preview.layout_row_button.setChecked(True)
    else:
        preview.draw.mode_buttons[CanvasMode.VIEW].setChecked(True)

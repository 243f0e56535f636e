"""One row of modes over the page: Balloons, Stage, Layout, Draw, Select.

Each mode came with its own switch (the Stage mode box, the Layout mode button, the Draw row's buttons); a comic
artist wants one row of mutually exclusive buttons instead. `ModeRow` joins them: the Draw row's View button
becomes Balloons, Stage and Layout buttons sit beside it in the same exclusive group, and `show` checks the
button of whatever mode the page is in, however it was switched (a menu, a test, another mode handing over).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QToolButton

from ui.preview.draw_mode import DrawMode
from ui.preview.panel_canvas import CanvasMode


class ModeRow:
    """The Draw row's buttons plus Stage and Layout, one checked at a time."""

    def __init__(self, draw: DrawMode, tr: Callable[[str], str], on_stage: Callable[[], None],
                 on_layout: Callable[[], None], on_balloons: Callable[[], None]) -> None:
        self.draw = draw
        self.balloons = draw.mode_buttons[CanvasMode.VIEW]
        self.balloons.setText(tr("Balloons"))
        self.stage = self._button(tr("Stage"), tr("Place the characters: drag and resize their boxes"), 1)
        self.layout = self._button(tr("Layout"), tr("Shape this page: drag gutters, split, merge, borderless, "
                                                    "bleed, inset"), 2)
        self.stage.clicked.connect(on_stage)
        self.layout.clicked.connect(on_layout)
        self.balloons.clicked.connect(on_balloons)

    def _button(self, text: str, tip: str, index: int) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setCheckable(True)
        self.draw.modes.addButton(b)
        self.draw.mode_row.insertWidget(index, b)
        return b

    def show(self, staging: bool, shaping: bool) -> None:
        """Check the button of the mode the page is in now (Draw and Select first: they hold the mouse)."""
        if self.draw.mode != CanvasMode.VIEW:
            self.draw.mode_buttons[self.draw.mode].setChecked(True)
        elif staging:
            self.stage.setChecked(True)
        elif shaping:
            self.layout.setChecked(True)
        else:
            self.balloons.setChecked(True)

"""The Qt binding the app runs on keeps Python's reference counts straight.

PySide6 6.12.0 dropped a reference to None on every Qt call that returns nothing; a drawing session makes
thousands of them and CPython then aborts ("deallocating None"). pyproject.toml excludes that release; this
test fails (or crashes) on a binding with the same fault.
"""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_qt_calls_that_return_nothing_leave_none_counted(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(5000):
        widget.setEnabled(True)  # returns nothing
    assert abs(sys.getrefcount(None) - before) < 500

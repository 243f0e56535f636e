"""A guard against a PySide6 reference-count bug that would abort the interpreter mid-drawing.

PySide6 6.12 on CPython 3.11 drops one reference to `None` each time Python calls a Qt method that
returns nothing (`QPainter.drawLine`, `QGraphicsItem.update`, `QWidget.setEnabled` …). A few thousand
such calls, which one long drawing session makes, bring None's count to zero and CPython stops with
"deallocating None". CPython 3.12 made None immortal; on 3.11 we give it a count that cannot run out.
"""
from __future__ import annotations

import ctypes
import sys

_done = False
SPARE_REFERENCES = 1 << 40  # a million million calls: days of drawing without a pause


def keep_none_alive() -> None:
    """Make `None` effectively immortal on CPython before 3.12 (idempotent; nothing to do elsewhere)."""
    global _done
    if _done or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(None)).value += SPARE_REFERENCES  # ob_refcnt is the object's first field
    _done = True

"""A text box for a description or an action: it reports its words once typing pauses, not per key."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget

EDIT_PAUSE_MS = 800  # one undo step per pause in typing, not per keystroke


class DebouncedTextEdit(QPlainTextEdit):
    """Emits `committed(text)` (stripped) when typing pauses, when it loses focus, or on `flush()`;
    text shown with `show_text` (another panel or character selected) is never reported."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, pause_ms: int = EDIT_PAUSE_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self._report)
        self._showing = False
        self.textChanged.connect(lambda: None if self._showing else self._timer.start())

    def show_text(self, text: str) -> None:
        """Show `text` without reporting it (what is pending should be flushed first)."""
        if self.toPlainText() == text:
            return
        self._showing = True
        try:
            self.setPlainText(text)
        finally:
            self._showing = False

    def is_pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Report typed words now, if any are waiting."""
        if self._timer.isActive():
            self._timer.stop()
            self._report()

    def _report(self) -> None:
        self.committed.emit(self.toPlainText().strip())

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.flush()
        super().focusOutEvent(event)

"""Background work for the window: a function with immutable inputs runs on a pool thread and its
result (or its one-sentence error) comes back on the GUI thread through a queued signal.

The function never touches widgets; only the callbacks, which run on the GUI thread, do.
"""
from __future__ import annotations

import traceback
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from model.errors import PanelsmithError


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except PanelsmithError as exc:
            emit_if_alive(self.relay.failed, str(exc))
        except Exception as exc:  # a bug, not the user's doing: keep the app alive and say what broke
            traceback.print_exc()
            emit_if_alive(self.relay.failed, f"Something went wrong: {exc.__class__.__name__}: {exc}")
        else:
            emit_if_alive(self.relay.done, result)


def emit_if_alive(signal: Any, *args: Any) -> None:
    """Hand a result back unless the window that asked for it has gone (its relay deleted on close):
    an exception must never leave a pool thread, or Qt aborts."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


class TaskRunner(QObject):
    """Runs functions on its own thread pool and keeps their relays alive until they answer."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()
        self.closed = False

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[str], None] | None = None) -> None:
        """Call `fn()` on a worker; then `on_done(result)` or `on_error(message)` on the GUI thread.
        Nothing starts once `shutdown` has run (the window is going)."""
        if self.closed:
            return
        relay = _Relay()
        self._relays.add(relay)

        @Slot(object)
        def done(result: Any) -> None:
            self._relays.discard(relay)
            if shiboken6.isValid(self):  # the window that asked may have closed meanwhile
                on_done(result)

        @Slot(str)
        def failed(message: str) -> None:
            self._relays.discard(relay)
            if on_error is not None and shiboken6.isValid(self):
                on_error(message)

        relay.done.connect(done)
        relay.failed.connect(failed)
        self.pool.start(_Task(fn, relay))

    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = -1) -> bool:
        """Start nothing more, drop what has not started, and wait (bounded) for what has: no pool thread
        may still be running Python when the interpreter exits. False if work was still running."""
        self.closed = True
        self.pool.clear()
        return self.pool.waitForDone(msecs)

"""Measures how responsive the GUI thread is: a 10 ms timer whose late ticks are the stalls."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer


class EventLoopProbe(QObject):
    """Start it, do work, stop it: `longest_gap_ms` is the worst time the event loop was busy."""

    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.setTimerType(self._timer.timerType().PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._last = 0
        self.gaps: list[int] = []

    def start(self) -> None:
        self.gaps.clear()
        self._clock.start()
        self._last = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = self._clock.elapsed()
        self.gaps.append(now - self._last)
        self._last = now

    @property
    def longest_gap_ms(self) -> int:
        return max(self.gaps, default=0)

"""The window keeps answering while 24 panels generate and a 32-page PDF exports (both on workers).

Asserted on events, not on the clock: each kind of work is held on its worker thread at a gate until
the GUI thread has answered (a queued call runs, a click on the board selects a panel). Work run on the
GUI thread would block at the gate instead, and the gate's wait would run out. How long the event loop
ever waits is a figure, printed by benchmarks/bench_app.py.
"""
from __future__ import annotations

import threading

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from tests.ui_helpers import all_ready, dispose, isolate_dirs
from ui.workers.exporting import ExportChoice


class Gate:
    """Holds the first call made through it on its thread until opened; says whether it had to give up."""

    def __init__(self) -> None:
        self.entered, self.opened = threading.Event(), threading.Event()
        self.gave_up = False
        self.threads: set[int] = set()

    def wrap(self, fn):
        def held(*args, **kwargs):
            self.threads.add(threading.get_ident())
            if not self.entered.is_set():
                self.entered.set()
                self.gave_up = not self.opened.wait(60)
            return fn(*args, **kwargs)
        return held


def book_script(panels: int) -> str:
    lines = ["Title: The Long Walk", "Author: Probe", "Layout: book", "", "Character: Gary",
             "A tiny garden snail with a caramel-brown shell.", ""]
    for i in range(1, panels + 1):
        lines += [f"Panel {i} (wide)", f"Gary crawls past stone number {i} on the garden path.",
                  f"Gary: Stone {i}, still going.", ""]
    return "\n".join(lines)


def test_the_window_never_freezes_while_24_panels_generate_and_a_32_page_pdf_exports(qtbot, monkeypatch, tmp_path) -> None:
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow
    from ui.settings import load_settings

    script = tmp_path / "walk.txt"
    script.write_text(book_script(31), encoding="utf-8")  # a cover and 31 panel pages: 32 pages
    w = MainWindow(load_settings())
    try:
        check(w, qtbot, monkeypatch, tmp_path, script)
    finally:
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        w.close()
        dispose(w)


def answers(w, qtbot) -> None:
    """The GUI thread runs a queued call and follows a click on the board to the inspector."""
    ran: list[bool] = []
    QTimer.singleShot(0, lambda: ran.append(True))
    qtbot.waitUntil(lambda: bool(ran), timeout=30000)
    other = next(p for p in w.doc.project.panels if p.id != w.inspector.panel_id)
    index = w.panel_model.index_of(other.id)
    w.board.scrollTo(index)
    qtbot.mouseClick(w.board.viewport(), Qt.MouseButton.LeftButton, pos=w.board.visualRect(index).center())
    qtbot.waitUntil(lambda: w.inspector.panel_id == other.id, timeout=30000)


def check(w, qtbot, monkeypatch, tmp_path, script) -> None:
    from export.pdf import writer
    from generation.sketch.render import SketchBackend

    w.files.open_path(str(script))
    w.show()
    w.generation.generate_missing()
    qtbot.waitUntil(lambda: all_ready(w), timeout=120000)

    drawing, writing = Gate(), Gate()
    monkeypatch.setattr(SketchBackend, "generate", drawing.wrap(SketchBackend.generate))
    monkeypatch.setattr(writer, "write_pdf", writing.wrap(writer.write_pdf))
    target = tmp_path / "walk.pdf"
    w.generation.generate(w.doc.order()[:24], force=True)
    qtbot.waitUntil(drawing.entered.is_set, timeout=60000)  # a panel is being drawn, and is held there
    answers(w, qtbot)
    assert w.generation.busy()
    drawing.opened.set()
    with qtbot.waitSignal(w.exportFinished, timeout=120000) as done:
        w.start_export(ExportChoice("pdf", target, "book", "8.5x8.5in", 300, bleed=True))
        qtbot.waitUntil(writing.entered.is_set, timeout=60000)  # the PDF is being written, and is held there
        answers(w, qtbot)
        writing.opened.set()
    qtbot.waitUntil(lambda: not w.generation.busy(), timeout=120000)

    assert not drawing.gave_up and not writing.gave_up  # neither gate blocked the window's own thread
    assert threading.get_ident() not in drawing.threads | writing.threads
    assert done.args[0] == [str(target)]
    assert len(PdfReader(str(target)).pages) == 32
    # The 24 redraws all came back (the offline sketches are the same pictures again, so no twin versions).
    assert w.generation.finished == w.generation.total == 24 and not w.generation.failures and all_ready(w)

"""The window keeps answering while 24 panels generate and a 32-page PDF exports (both on workers)."""
from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from tests.ui_helpers import all_ready, dispose, isolate_dirs
from ui.workers.event_loop_probe import EventLoopProbe
from ui.workers.exporting import ExportChoice

# The figure's target is 100 ms (benchmarks/bench_app.py measures and prints it, about 50 ms on a quiet
# machine). This test checks the behaviour: the work runs on workers, so the window never freezes for
# as long as drawing or writing takes (the 32-page PDF alone takes about 500 ms); the margin above the
# target is for a shared, noisy machine, where a test must not fail on someone else's load.
STALL_LIMIT_MS = 300


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
        measure(w, qtbot, tmp_path, script)
    finally:
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        w.close()
        dispose(w)


def measure(w, qtbot, tmp_path, script) -> None:
    w.files.open_path(str(script))
    w.show()
    w.generation.generate_missing()
    qtbot.waitUntil(lambda: all_ready(w), timeout=60000)
    qtbot.wait(300)  # let thumbnails and the preview settle before measuring

    target = tmp_path / "walk.pdf"
    probe = EventLoopProbe()
    probe.start()
    w.generation.generate(w.doc.order()[:24], force=True)
    with qtbot.waitSignal(w.exportFinished, timeout=120000) as done:
        w.start_export(ExportChoice("pdf", target, "book", "8.5x8.5in", 300, bleed=True))
        qtbot.waitUntil(lambda: not w.generation.busy(), timeout=60000)
    qtbot.waitUntil(lambda: not w.generation.busy(), timeout=60000)
    probe.stop()

    assert done.args[0] == [str(target)]
    assert len(PdfReader(str(target)).pages) == 32
    assert sum(len(p.images.versions) == 2 for p in w.doc.project.panels) == 24
    print(f"longest event-loop gap: {probe.longest_gap_ms} ms over {len(probe.gaps)} ticks")
    assert len(probe.gaps) > 50
    assert probe.longest_gap_ms <= STALL_LIMIT_MS, f"the event loop stalled for {probe.longest_gap_ms} ms"

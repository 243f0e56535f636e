"""Desktop app figures against the issue's targets; prints figure, target and ratio (figure / target).

1. cold start to the first painted window, in a fresh process (target <= 1.5 s);
2. opening a 300-panel project until the window answers again (<= 1.5 s; resident memory <= 500 MB);
3. the longest event-loop stall while 24 panels generate and a 32-page PDF exports (<= 100 ms);
4. the longest event-loop stall while the window saves a 500-image project (<= 50 ms).

Run: `uv run python benchmarks/bench_app.py` (uses the offscreen Qt platform unless DISPLAY is set).
Settings and autosaves go to a temporary folder, never the user's own.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r'''
import json, os, sys, time
t0 = float(sys.argv[1]); mode = sys.argv[2]; path = sys.argv[3] if len(sys.argv) > 3 else None
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in out:
            out["painted"] = time.time() - t0
            QTimer.singleShot(0, after_paint)
        return False

out = {{}}
app = QApplication([])
from ui.window.app import create_window
window = create_window(None, offer_restore=False)
def after_paint():
    if mode == "start":
        finish()
        return
    start = time.perf_counter()
    window.files.open_path(path, ask=False)
    window.repaint()
    # "Answers" = the event loop runs a queued call after the open and the repaint it caused.
    QTimer.singleShot(0, lambda: (out.update(open=time.perf_counter() - start, rss=rss_mb(),
                                             panels=window.panel_model.rowCount()), finish()))
def finish():
    print(json.dumps(out), flush=True)
    os._exit(0)
filt = FirstPaint()
window.installEventFilter(filt)
for child in window.findChildren(QObject):
    if hasattr(child, "installEventFilter"):
        child.installEventFilter(filt)
window.show()
app.exec()
'''


def env_for(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else env.get("QT_QPA_PLATFORM", "xcb"))
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp / name.lower())
    env.pop("OPENAI_API_KEY", None)
    return env


def child(mode: str, tmp: Path, path: str | None = None) -> dict:
    script = tmp / "child.py"
    script.write_text(CHILD.format(root=str(ROOT)), encoding="utf-8")
    args = [sys.executable, str(script), repr(time.time()), mode] + ([path] if path else [])
    proc = subprocess.run(args, env=env_for(tmp), capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise SystemExit(f"the app did not start:\n{proc.stderr[-2000:]}")
    return json.loads(lines[-1])


def big_project(tmp: Path, panels: int = 300) -> Path:
    """A 300-panel project with a 1024 x 768 picture on every panel, saved as a .panels file."""
    import io

    from PIL import Image, ImageDraw

    from model.project.project import ImageVersion
    from model.fileformat.projectfile import save_project
    from model.prompt.compose import compose_prompt
    from model.script.panelscript import parse_script

    lines = ["Title: Three Hundred", "Layout: grid", "", "Character: Gary", "A snail with a caramel-brown shell.", ""]
    for i in range(1, panels + 1):
        lines += [f"Panel {i} (wide)", f"Gary passes stone {i}.", f"Gary: Stone {i}!", ""]
    project = parse_script("\n".join(lines)).project
    for i, panel in enumerate(project.panels):
        im = Image.new("RGB", (1024, 768), (200 - i % 100, 180, 120 + i % 120))
        ImageDraw.Draw(im).ellipse((300, 200, 700, 600), fill=(i % 255, 90, 40))
        buf = io.BytesIO()
        im.save(buf, "PNG", compress_level=1)
        digest = project.images.put(buf.getvalue())
        panel.images.add(ImageVersion(digest, 1024, 768, compose_prompt(project, panel), "offline"))
    path = tmp / "three-hundred.panels"
    save_project(project, path)
    return path


def stall_while_working(tmp: Path) -> tuple[int, float]:
    """The longest gap of a 10 ms timer while 24 panels regenerate and a 32-page book PDF exports."""
    os.environ.update({k: v for k, v in env_for(tmp).items() if k.startswith("XDG_")})
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.workers.event_loop_probe import EventLoopProbe
    from ui.workers.exporting import ExportChoice
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    app = QApplication.instance() or QApplication([])
    lines = ["Title: The Long Walk", "Layout: book", "", "Character: Gary", "A snail with a caramel-brown shell.", ""]
    for i in range(1, 32):
        lines += [f"Panel {i} (wide)", f"Gary crawls past stone {i}.", f"Gary: Stone {i}.", ""]
    script = tmp / "walk.txt"
    script.write_text("\n".join(lines), encoding="utf-8")
    w = MainWindow(AppSettings())
    w.files.open_path(str(script))
    w.show()

    def spin_until(cond, seconds: float = 120) -> None:
        end = time.time() + seconds
        while not cond() and time.time() < end:
            app.processEvents()
            time.sleep(0.002)

    w.generation.generate_missing()
    spin_until(lambda: not w.generation.busy())
    spin_until(lambda: False, 0.5)
    done: list[list[str]] = []
    w.exportFinished.connect(done.append)
    probe = EventLoopProbe()
    probe.start()
    started = time.perf_counter()
    w.generation.generate(w.doc.order()[:24], force=True)
    w.start_export(ExportChoice("pdf", tmp / "walk.pdf", "book", "8.5x8.5in", 300, bleed=True))
    spin_until(lambda: bool(done) and not w.generation.busy())
    probe.stop()
    elapsed = time.perf_counter() - started
    w.stack.setClean()
    w.close()
    return probe.longest_gap_ms, elapsed


def stall_while_saving(tmp: Path, panels: int = 500) -> tuple[int, float, float]:
    """The longest gap of a 10 ms timer while the window saves a project of 500 images of 1024 x 1024
    (the bench_model fixture) under a new name: the snapshot on the GUI thread, the writing on a worker."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_model import DISTINCT_DRAWINGS, IMAGE_SIZE, drawings, script_text, with_text_chunk
    from PySide6.QtWidgets import QApplication

    from model.project.project import ImageVersion
    from model.fileformat.projectfile import save_project
    from model.prompt.compose import compose_prompt
    from model.script.panelscript import parse_script
    from ui.workers.event_loop_probe import EventLoopProbe
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    app = QApplication.instance() or QApplication([])
    project = parse_script(script_text(panels)).project
    bases = drawings(DISTINCT_DRAWINGS)
    for n, panel in enumerate(project.panels):
        digest = project.images.put(with_text_chunk(bases[n % DISTINCT_DRAWINGS], f"panel {n}"))
        panel.images.add(ImageVersion(digest, IMAGE_SIZE, IMAGE_SIZE, compose_prompt(project, panel), "offline"))
    source = tmp / "five-hundred.panels"
    save_project(project, source)
    megabytes = source.stat().st_size / 1024 / 1024
    del project
    w = MainWindow(AppSettings())
    w.files.open_path(str(source), ask=False)
    w.show()

    def spin(cond, seconds: float) -> None:
        end = time.time() + seconds
        while not cond() and time.time() < end:
            app.processEvents()
            time.sleep(0.002)

    spin(lambda: False, 2.0)  # let the board's thumbnails and the preview settle first
    probe = EventLoopProbe()
    probe.start()
    started = time.perf_counter()
    w.files.save_to(tmp / "five-hundred-copy.panels")
    spin(lambda: not w.files.is_saving(), 120)
    probe.stop()
    elapsed = time.perf_counter() - started
    assert not w.is_dirty() and (tmp / "five-hundred-copy.panels").is_file()
    w.close()
    return probe.longest_gap_ms, elapsed, megabytes


def report(name: str, figure: float, target: float, unit: str) -> None:
    print(f"{name:<58} {figure:8.2f} {unit:<3} target <= {target:g} {unit:<3} ratio {figure / target:.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="panelsmith-bench-") as name:
        tmp = Path(name)
        starts = [child("start", tmp)["painted"] for _ in range(3)]
        report("cold start to first painted window (best of 3)", min(starts), 1.5, "s")
        path = big_project(tmp)
        opened = child("open", tmp, str(path))
        assert opened["panels"] == 300
        report("open a 300-panel project until the window answers", opened["open"], 1.5, "s")
        report("resident memory after opening it", opened["rss"], 500, "MB")
        stall, elapsed = stall_while_working(tmp)
        report(f"longest event-loop stall: 24 panels + 32-page PDF ({elapsed:.1f} s)", stall, 100, "ms")
        stall, elapsed, megabytes = stall_while_saving(tmp)
        report(f"longest event-loop stall: saving 500 images ({megabytes:.0f} MB, {elapsed:.1f} s)", stall, 50, "ms")


if __name__ == "__main__":
    main()

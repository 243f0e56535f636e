"""Draw `docs/stage-mode.png`: the app's page preview in Stage mode over the offline snail strip.

Run: QT_QPA_PLATFORM=offscreen uv run python docs/make_stage_screenshot.py (re-run after changing the
Stage mode). The strip is drawn offline, panel 1 staged from words as `panelsmith stage` would and redrawn to it, and the
preview zoomed onto its first two panels; the grab is kept at 256 colours to stay small in the repo.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PIL import Image
    from PySide6.QtCore import QCoreApplication, QEventLoop, QRectF, QTimer
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = home  # no settings, autosaves or recent files of the user's
        app = QApplication.instance() or QApplication([])
        from model.staging.words import parse_staging
        from ui.commands import StageCommand
        from ui.settings import load_settings
        from ui.window.main_window import MainWindow
        from ui_helpers import all_ready

        def wait(condition, what: str, seconds: float = 60) -> None:
            loop = QEventLoop()
            timer = QTimer()
            timer.timeout.connect(lambda: loop.quit() if condition() else None)
            timer.start(50)
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            if not condition():
                loop.exec()
            timer.stop()
            if not condition():
                raise SystemExit(f"the window did not get there in time: {what}")

        window = MainWindow(load_settings())
        window.files.open_example()
        window.resize(1100, 640)
        window.show()
        wait(lambda: window.preview.current is not None, "the first page")
        window.generation.generate_missing()
        wait(lambda: all_ready(window), "every panel drawn")
        project = window.doc.project
        first = project.panels[0]
        window.stack.push(StageCommand(window.doc, first.id, parse_staging(project, first, "Gary left, Salesman right near"),
                                       "Stage panel"))
        window.generation.generate_missing()  # panel 1 is out of date now: redrawn to its staging
        wait(lambda: all_ready(window), "panel 1 redrawn")
        window.preview.set_mode("stage")
        window.preview.refresh_now()
        wait(lambda: not window.preview.busy(), "the staged page")
        frames = window.preview.current.page.frames
        scale = window.preview.current.dpi / 72
        left, right = frames[0].rect, frames[1].rect
        window.preview.view.fit = False
        window.preview.view.fitInView(QRectF((left.x - 6) * scale, (left.y - 6) * scale, (right.right - left.x + 12) * scale,
                                             (left.h + 12) * scale))
        QCoreApplication.processEvents()
        shot = window.preview.grab()
        path = Path(tempfile.mkstemp(suffix=".png")[1])
        shot.save(str(path))
        picture = Image.open(path).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
        picture.save(ROOT / "docs" / "stage-mode.png", optimize=True)
        path.unlink()
        window.stack.setClean()  # nothing to save: the example stays as it was
        window.close()
        print(f"Wrote docs/stage-mode.png ({(ROOT / 'docs' / 'stage-mode.png').stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

"""Where `panelsmith` with no command (or just a file) hands over to the desktop app."""
from __future__ import annotations

import argparse
import os
import sys

from model.errors import PanelsmithError


def launch_app(path: str | None, parser: argparse.ArgumentParser) -> int:
    """Open the app on `path` (a `.panels` file or a script), or on an empty project."""
    _check_display()
    from ui.window.app import run_app  # imported here only, so the command line never loads Qt

    return run_app(path)


def _check_display() -> None:
    """On Linux without a screen Qt aborts with a page of plugin errors; say it in one sentence instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise PanelsmithError(
            "There is no screen to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "run `panelsmith --help` for the command line."
        )

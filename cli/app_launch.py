"""Where `panelsmith` with no command (or just a file) hands over to the desktop app."""
from __future__ import annotations

import argparse


def launch_app(path: str | None, parser: argparse.ArgumentParser) -> int:
    """Open the app on `path` (a `.panels` file or a script), or on an empty project."""
    from ui.app import run_app  # imported here only, so the command line never loads Qt

    return run_app(path)

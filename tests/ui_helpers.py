"""Shared set-up for the app tests: isolated platformdirs folders and a window on the snail strip."""
from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "s-car.txt"


def isolate_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """platformdirs (settings, autosave, key file) all under tmp_path; no keyring from the host."""
    for name, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"), ("XDG_DATA_HOME", "data"),
                      ("XDG_CACHE_HOME", "cache"), ("HOME", "home")):
        (tmp_path / sub).mkdir(exist_ok=True)
        monkeypatch.setenv(name, str(tmp_path / sub))
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())


def all_ready(window) -> bool:
    from model.prompt.status import panel_status

    project = window.doc.project
    return not window.generation.busy() and all(panel_status(project, p) == "ready" for p in project.panels)


def dispose(window) -> None:
    """Delete a closed window now, with its pools and timers, instead of leaving it to a later event
    loop (or to interpreter exit, where a pool thread still running Python is an error Qt reports)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    assert window.closed, "close the window (and settle its question) before disposing of it"
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(window)


def answer_the_photo_question(button_text: str, seen: list[str] | None = None) -> None:
    """Click a button ("Use as is", "Restyle", "Cancel") of the question a photo dropped on a panel asks,
    once it is on screen (it is modal, so from a timer); its text is appended to `seen`."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "photoChoice":
            QTimer.singleShot(20, click)
            return
        if seen is not None:
            seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, click)

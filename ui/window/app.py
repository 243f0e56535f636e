"""Starting the desktop app: `run_app(path)` is what `panelsmith` (no command, or one file) calls."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from model import fonts
from ui.workers.autosave import discard_leftover, find_leftovers
from ui.i18n import install_language
from ui.window.main_window import MainWindow
from ui.settings import first_language, load_settings, settings_path


def create_window(path: str | None = None, offer_restore: bool = True) -> MainWindow:
    """Build the main window on an existing QApplication: settings, language, crash recovery, first document."""
    settings = load_settings()
    if not settings_path().exists():  # the first run: the system's language until one is chosen in Settings
        settings.language = first_language(QLocale.system().name())
    install_language(settings.language)
    # The shipped CJK face joins Qt's fallback fonts: Chinese scripts, translated editions and the Chinese
    # interface read on a system that has no CJK font of its own (the pages already use it).
    QFontDatabase.addApplicationFont(str(fonts.CJK.path))
    window = MainWindow(settings)
    restored = offer_restore and offer_recovery(window)
    if path:
        window.files.open_path(path, ask=False)
    elif not restored and not settings.recent_files:
        window.files.open_example()  # the first run shows the snail strip, ready to draw offline
    if not window.generation.busy():
        window.show_message(window.generation_hint(), 15000)
    return window


def offer_recovery(window: MainWindow) -> bool:
    """After a crash, offer the newest leftover autosave; True when one was restored."""
    leftovers = find_leftovers(window.autosaver.folder)
    if not leftovers:
        return False
    newest = leftovers[0]
    name = Path(newest.original).name if newest.original else (newest.title or window.tr("an untitled project"))
    answer = QMessageBox.question(
        window, window.tr("Restore unsaved work?"),
        window.tr("Panelsmith did not close properly last time. Restore the unsaved changes to {name} "
                  "(autosaved {when})?").format(name=name, when=newest.saved),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
    )
    restored = False
    if answer == QMessageBox.StandardButton.Yes:
        from model.errors import PanelsmithError
        from model.fileformat.projectfile import load_project

        try:
            project = load_project(window.autosaver.adopt(newest))
        except (PanelsmithError, OSError) as exc:
            QMessageBox.warning(window, window.tr("Cannot restore"), str(exc))
        else:
            window.files.restore(project, newest.original)
            restored = True
    if restored or answer == QMessageBox.StandardButton.No:
        for leftover in leftovers:
            discard_leftover(leftover)
    return restored


def run_app(path: str | None = None) -> int:
    """Open the main window (on `path`, a script or a `.panels` file, if given) and run until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Panelsmith")
    app.setOrganizationName("Panelsmith")
    window = create_window(path)
    app.aboutToQuit.connect(window.shutdown_background)  # quitting without a close still drains the pools
    window.show()
    QTimer.singleShot(0, window.raise_)
    return app.exec()

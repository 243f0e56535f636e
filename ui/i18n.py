"""Interface language: English source strings, Chinese from a small table.

Widgets write `self.tr("Open…")` as Qt intends; `TableTranslator` answers from `ZH` when the
interface language is Chinese and falls back to the English source for anything not in the table.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from ui.i18n_zh import ZH


class TableTranslator(QTranslator):
    """A QTranslator backed by a Python dict (source text -> translation), whatever the context."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1):
        return self.table.get(source_text)  # None: Qt keeps the English source

    def isEmpty(self) -> bool:
        return not self.table


_installed: TableTranslator | None = None
_qt_own: QTranslator | None = None  # Qt's translations of its standard buttons and dialogs

# The script's own Chinese words for each layout, so the interface and `版式:` agree.
LAYOUT_NAMES_ZH = {"strip": "四格", "grid": "网格", "vertical": "条漫", "book": "绘本", "storyboard": "分镜"}


def fill_layouts(box, current: str) -> None:
    """Fill a combo box with the layouts in the interface language; item data is the stored name."""
    from model.project.project import LAYOUTS

    box.clear()
    for name in LAYOUTS:
        box.addItem(LAYOUT_NAMES_ZH.get(name, name) if _installed is not None else name, name)
    select_layout(box, current)


def select_layout(box, name: str) -> None:
    box.setCurrentIndex(max(0, box.findData(name)))


QUALITY_NAMES_ZH = {"low": "低", "medium": "中", "high": "高", "auto": "自动", "xhigh": "很高", "max": "最高"}


def fill_qualities(box, qualities: tuple[str, ...], current: str) -> None:
    """Fill a combo box with image qualities in the interface language; item data is the API's value."""
    box.clear()
    for name in qualities + ((current,) if current and current not in qualities else ()):
        box.addItem(QUALITY_NAMES_ZH.get(name, name) if _installed is not None else name, name)
    box.setCurrentIndex(max(0, box.findData(current)))


def interface_is_chinese() -> bool:
    """True while the Chinese strings are installed (for names the table cannot hold, like languages)."""
    return _installed is not None


def interface_language() -> str:
    """The interface language in use: "zh" or "en"."""
    return "zh" if _installed is not None else "en"


def install_language(language: str) -> None:
    """Use `language` ("en" or "zh") for every string translated from now on."""
    global _installed, _qt_own
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in (_installed, _qt_own):
        if translator is not None:
            app.removeTranslator(translator)
    _installed = _qt_own = None
    if language == "zh":
        _installed = TableTranslator(ZH)
        app.installTranslator(_installed)
        qt_own = QTranslator()
        if qt_own.load("qt_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _qt_own = qt_own  # OK, Cancel, Save, Discard … in Qt's own words
            app.installTranslator(qt_own)

"""Interface language: English source strings, Chinese from a small table.

Widgets write `self.tr("Open…")` as Qt intends; `TableTranslator` answers from `ZH` when the
interface language is Chinese and falls back to the English source for anything not in the table.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

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

# The script's own Chinese words for each layout, so the interface and `版式:` agree.
LAYOUT_NAMES_ZH = {"strip": "四格", "grid": "网格", "vertical": "条漫", "book": "绘本", "storyboard": "分镜"}


def fill_layouts(box, current: str) -> None:
    """Fill a combo box with the layouts in the interface language; item data is the stored name."""
    from model.project import LAYOUTS

    box.clear()
    for name in LAYOUTS:
        box.addItem(LAYOUT_NAMES_ZH.get(name, name) if _installed is not None else name, name)
    select_layout(box, current)


def select_layout(box, name: str) -> None:
    box.setCurrentIndex(max(0, box.findData(name)))


def interface_language() -> str:
    """The interface language in use: "zh" or "en"."""
    return "zh" if _installed is not None else "en"


def install_language(language: str) -> None:
    """Use `language` ("en" or "zh") for every string translated from now on."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language == "zh":
        _installed = TableTranslator(ZH)
        app.installTranslator(_installed)

"""The style picker: every preset as a small offline sketch of the same panel; picking one writes the
script's `Style:` line (the project's, or the current panel's own) as one undo step.

Thumbnails are drawn on the window's worker, once per run of the app (kept in `_THUMBNAILS`), so the
dialog opens at once and fills in; the GUI thread only turns finished images into icons.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import shiboken6
from PIL import Image
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QLabel, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from model.script.styles import STYLES, StylePreset, resolve_style, style_by_id
from ui.i18n import interface_language

if TYPE_CHECKING:
    from model.project.project import Panel
    from ui.document import ProjectDocument
    from ui.editor.script_editor import ScriptEditor
    from ui.tasks import TaskRunner


class StyleHost(Protocol):
    """What the style picker changes: the script (through `replace_script`, one undo step) for the current
    panel or the whole project, with thumbnails drawn on the window's task runner."""

    doc: ProjectDocument
    editor: ScriptEditor
    tasks: TaskRunner

    def current_panel(self) -> Panel | None: ...

    def replace_script(self, text: str, label: str, filename: str | None = None, from_editor: bool = True) -> None: ...

THUMB = QSize(192, 144)
_THUMBNAILS: dict[str, QImage] = {}  # preset id ("" for no preset) -> thumbnail, made once per run
NO_PRESET = ""


def _tr(text: str) -> str:
    return QCoreApplication.translate("StylePicker", text)


def render_thumbnail(preset: StylePreset | None) -> QImage:
    """The sample panel in `preset`, drawn larger and scaled down so lines stay fine (any thread)."""
    from generation.sketch.style_samples import render_sample

    img = render_sample(preset, THUMB.width() * 2, THUMB.height() * 2)
    img = img.resize((THUMB.width(), THUMB.height()), Image.Resampling.LANCZOS).convert("RGBA")
    raw = img.tobytes("raw", "RGBA")
    return QImage(raw, img.width, img.height, img.width * 4, QImage.Format.Format_RGBA8888).copy()


class StylePicker(QDialog):
    """A grid of presets (plus "no preset"); `chosen()` is the picked preset once accepted."""

    def __init__(self, style_line: str, panel_label: str | None, tasks: TaskRunner, parent: QWidget | None = None,
                 panel_style_line: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Choose a Style"))
        self.tasks = tasks
        self.style_line, self.panel_style_line = style_line, panel_style_line
        zh = interface_language() == "zh"
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_tr("Every panel is drawn in the style you pick. Offline sketches show it too.")))
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB)
        self.grid.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 44))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setWordWrap(True)
        self.grid.setMinimumSize(QSize(5 * (THUMB.width() + 24) + 24, 2 * (THUMB.height() + 44) + 12))
        self.items: dict[str, QListWidgetItem] = {}
        blank = QPixmap(THUMB)
        blank.fill(Qt.GlobalColor.white)
        for preset in (None, *STYLES):
            key = preset.id if preset else NO_PRESET
            name = preset.display_name("zh" if zh else "en") if preset else _tr("No preset (your own words)")
            item = QListWidgetItem(QIcon(blank), name)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip((preset.description_zh if zh else preset.description) if preset else
                            _tr("Only the words you write in the Style line."))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.grid.addItem(item)
            self.items[key] = item
        self.grid.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.grid)

        self.panel_only = QCheckBox(_tr("Only for {panel} (a dream, a flashback)").format(panel=panel_label or ""))
        self.panel_only.setVisible(panel_label is not None)
        self.panel_only.toggled.connect(lambda _on: self._sync())
        layout.addWidget(self.panel_only)
        self.keep_words = QCheckBox()
        layout.addWidget(self.keep_words)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._sync()
        self._fill_thumbnails()

    def _line(self) -> str:
        return self.panel_style_line if self.panel_only.isChecked() else self.style_line

    def _sync(self) -> None:
        """Select the preset the line names now, and offer to keep the words written beside it."""
        resolved = resolve_style(self._line())
        self.grid.setCurrentItem(self.items[resolved.preset.id if resolved.preset else NO_PRESET])
        words = resolved.free_text
        self.keep_words.setVisible(bool(words))
        self.keep_words.setText(_tr("Keep your own words: “{words}”").format(words=words))
        # Words beside a preset are extras (a mood); a line of words alone describes a style the preset replaces.
        self.keep_words.setChecked(resolved.preset is not None)

    def _fill_thumbnails(self) -> None:
        for key, item in self.items.items():
            if key in _THUMBNAILS:
                item.setIcon(QIcon(QPixmap.fromImage(_THUMBNAILS[key])))
                continue
            preset = style_by_id(key) if key else None
            self.tasks.run(lambda p=preset: render_thumbnail(p), lambda image, k=key: self._thumbnail_ready(k, image))

    def _thumbnail_ready(self, key: str, image: QImage) -> None:
        _THUMBNAILS[key] = image
        if not shiboken6.isValid(self):
            return  # the picker closed before its thumbnails were drawn; the next one shows them
        item = self.items.get(key)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))

    def chosen(self) -> StylePreset | None:
        item = self.grid.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else NO_PRESET
        return style_by_id(key) if key else None


def pick_style(w: StyleHost) -> None:
    """Show the picker and write the choice into the script through the window's undoable path."""
    from model.script.panelscript import parse_script
    from model.script.styleline import set_style, style_at

    w.editor.flush()  # a pending edit first becomes its own undo step
    text = w.doc.project.script
    panel = w.current_panel()
    header_line = None
    label = None
    if panel is not None and panel in w.doc.project.panels:
        index = w.doc.project.panels.index(panel)
        parsed = parse_script(text).project.panels
        if index < len(parsed):
            header_line = parsed[index].source_line
            label = _tr("Panel {n}").format(n=index + 1)
    dialog = StylePicker(style_at(text), label, w.tasks, w,
                         panel_style_line=style_at(text, header_line) if header_line else "")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not accepted:
        return
    on_panel = header_line if dialog.panel_only.isChecked() else None
    keep = not dialog.keep_words.isHidden() and dialog.keep_words.isChecked()
    new = set_style(text, dialog.chosen(), on_panel, keep_words=keep)
    if new != text:
        w.replace_script(new, _tr("Choose style"), from_editor=False)

"""The page template picker: every template as a thumbnail drawn from its own shape; picking one writes the
`Page layout:` line above the first panel of the page shown in the preview, as one undo step.

The thumbnails are the templates' slots drawn on a small page (mirrored for a right-to-left project), so the
picker always shows exactly what a template does; they take a few milliseconds and are drawn on the spot.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QPointF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListView, QListWidget, QListWidgetItem, QMessageBox, QVBoxLayout, QWidget

from model.geometry import Rect
from model.shapes.shape import PageShape, slots
from model.page.composed import KOMA_MAX_ASPECT
from model.shapes.templates import KOMA, TEMPLATES, PageTemplate, find_template, grid_shape
from ui.i18n import interface_language

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from ui.document import ProjectDocument
    from ui.editor.script_editor import ScriptEditor
    from ui.preview.page_preview import PagePreview


class TemplateHost(Protocol):
    """What picking a template changes: the page shown in the preview, through the script (`replace_script`)
    and the undo stack, as one step."""

    doc: ProjectDocument
    stack: QUndoStack
    editor: ScriptEditor
    preview: PagePreview

    def replace_script(self, text: str, label: str, filename: str | None = None, from_editor: bool = True) -> None: ...

THUMB = QSize(96, 132)
GRID = ""  # the list key of "the project's grid"


def _tr(text: str) -> str:
    return QCoreApplication.translate("TemplatePicker", text)


def shape_thumbnail(shape: PageShape, size: QSize = THUMB, rtl: bool = False) -> QImage:
    """A page drawn small: white paper, each panel grey with its border, bleeding panels to the edge, a text
    page as ruled lines."""
    w, h = float(size.width()), float(size.height())
    margin, gutter = w * 0.07, w * 0.035
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    area = Rect(margin, margin, w - 2 * margin, h - 2 * margin)
    if shape.template == KOMA:  # a 4-koma column is narrow on its page, as laid out
        narrow = min(area.w, (area.h - 3 * gutter) / 4 * KOMA_MAX_ASPECT)
        area = Rect(area.x + (area.w - narrow) / 2, area.y, narrow, area.h)
    for slot in slots(shape, area, gutter, w, h, rtl):
        poly = QPolygonF([QPointF(x, y) for x, y in slot.polygon])
        if slot.text:
            painter.setPen(QPen(QColor("#9a968e"), 1.2))
            r = slot.rect
            y = r.y + r.h * 0.3
            while y < r.bottom - r.h * 0.2:
                painter.drawLine(QPointF(r.x + r.w * 0.15, y), QPointF(r.right - r.w * 0.15, y))
                y += max(4.0, r.h * 0.07)
            continue
        painter.setBrush(QBrush(QColor("#b9c9d6") if any(slot.bleed_edges) else QColor("#d9dde1")))
        painter.setPen(QPen(QColor("#202020"), 1.4) if slot.bordered else Qt.PenStyle.NoPen)
        painter.drawPolygon(poly)
    painter.setPen(QPen(QColor("#8d8a84"), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(0, 0, size.width() - 1, size.height() - 1)
    painter.end()
    return image


class TemplatePicker(QDialog):
    """A grid of the templates (and the project's grid); `chosen()` is the pick once accepted."""

    def __init__(self, current: str, page_label: str, grid: tuple[int, int], rtl: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Choose a Page Layout"))
        zh = interface_language() == "zh"
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_tr("Lay out {page} with a template. Panels that do not fit flow on to the next page.")
                                .format(page=page_label)))
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB)
        self.grid.setGridSize(QSize(THUMB.width() + 56, THUMB.height() + 46))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setWordWrap(True)
        self.grid.setMinimumSize(QSize(7 * (THUMB.width() + 56) + 24, 3 * (THUMB.height() + 46) + 12))
        self.items: dict[str, QListWidgetItem] = {}
        entries: list[tuple[str, str, PageShape, str]] = [
            (GRID, _tr("Project's grid"), grid_shape(*grid), _tr("The page settings' grid, like pages without a template."))]
        for t in TEMPLATES:
            entries.append((t.name, t.name_zh if zh else t.name, t.shape(), t.description))
        for key, name, shape, tip in entries:
            item = QListWidgetItem(QIcon(QPixmap.fromImage(shape_thumbnail(shape, THUMB, rtl))), name)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(tip if not key else f"{tip} ({_tr('{n} panels').format(n=find_template(key).panels)})")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.grid.addItem(item)
            self.items[key] = item
        self.grid.setCurrentItem(self.items.get(current, self.items[GRID]))
        self.grid.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> PageTemplate | None:
        item = self.grid.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else GRID
        return find_template(key) if key else None


def template_change(w: TemplateHost, template: PageTemplate | None) -> None:
    """Lay out the page shown in the preview with `template` (None: the project's grid): its `Page layout:`
    line rewritten and any edits made to that page in the Layout mode let go, as one undo step."""
    from model.script.pagelayoutline import set_page_layout
    from model.script.panelscript import parse_script
    from ui.layout_commands import SetPageShapeCommand

    page = w.preview.current.page if w.preview.current is not None else None
    project = w.doc.project
    if page is None or page.shape is None or project.panel(page.shape_key) is None:
        return
    index = project.panels.index(project.panel(page.shape_key))
    text = project.script
    parsed = parse_script(text).project.panels
    if index >= len(parsed):
        return
    new = set_page_layout(text, parsed[index].source_line, template, first_panel=index == 0)
    label = _tr("Choose page layout")
    w.stack.beginMacro(label)
    if page.shape_key in project.page_shapes:
        w.stack.push(SetPageShapeCommand(w.doc, page.shape_key, None, label))
    if new != text:
        w.replace_script(new, label, from_editor=False)
    w.stack.endMacro()


def pick_template(w: TemplateHost) -> None:
    """Show the picker for the page in the preview and apply the choice."""
    w.editor.flush()  # a pending edit first becomes its own undo step
    current = w.preview.current
    page = current.page if current is not None else None
    if page is None or page.shape is None:
        QMessageBox.information(w, _tr("Page layouts"), _tr(
            "Page templates shape the pages of the grid and vertical layouts. Choose Grid in the page preview's "
            "Layout box first."))
        return
    settings = w.doc.project.page
    dialog = TemplatePicker(page.template, _tr("page {n}").format(n=page.number),
                            (settings.grid_rows, settings.grid_columns), settings.direction == "rtl", w)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.chosen()
    dialog.deleteLater()
    if accepted:
        template_change(w, chosen)

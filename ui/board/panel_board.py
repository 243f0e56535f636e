"""The panel board: thumbnails in reading order with status badges; drag to reorder, drop images on a panel.

A film's storyboard (panels with `Scene:` headings) is grouped: each scene starts a new line of the
board under a band with its number and heading, and a click on the band folds the scene to that band.
The grouping is only layout: rows stay the panels in order, so selection, moves and drops are unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.board.panel_list_model import ErrorRole, PanelIdRole, ProgressRole, SceneRole, ShotNameRole, ShotRole, StagingRole, StatusRole

CELL = QSize(196, 172)
THUMB = QSize(180, 120)
HEADER_H = 30  # the band a scene's heading sits in


@dataclass(frozen=True)
class SceneCell:
    """Where a panel sits in a grouped board: its scene, whether it is on the scene's first line (under
    the band), its column there, and its width (the scene's last panel fills its line)."""

    number: int
    heading: str
    shots: int  # panels in the scene
    column: int
    first_line: bool
    width: int
    collapsed: bool

    @property
    def key(self) -> tuple[int, str]:
        return (self.number, self.heading)

# status -> (badge colour, symbol)
BADGES: dict[str, tuple[str, str]] = {
    "missing": ("#9e9e9e", "–"),
    "queued": ("#5c7cba", "…"),
    "generating": ("#ef8f00", "◐"),
    "ready": ("#2e7d32", "✓"),
    "stale": ("#c9a000", "!"),
    "failed": ("#c62828", "✕"),
    "cancelled": ("#9e9e9e", "–"),
}


def status_label(status: str) -> str:
    """A status word in the interface language."""
    words = {
        "missing": QCoreApplication.translate("PanelBoard", "not drawn yet"),
        "queued": QCoreApplication.translate("PanelBoard", "queued"),
        "generating": QCoreApplication.translate("PanelBoard", "drawing…"),
        "ready": QCoreApplication.translate("PanelBoard", "ready"),
        "stale": QCoreApplication.translate("PanelBoard", "out of date"),
        "failed": QCoreApplication.translate("PanelBoard", "failed"),
        "cancelled": QCoreApplication.translate("PanelBoard", "cancelled"),
    }
    return words.get(status, status)


class PanelDelegate(QStyledItemDelegate):
    """Draws a panel cell: the picture (or a placeholder), its staging faintly over it, its number, status
    badge and shot."""

    @staticmethod
    def _paint_staging(painter: QPainter, picture: QRect, boxes: list[tuple[float, float, float, float]]) -> None:
        """Each staged character's box, faint enough to leave the picture readable."""
        if not boxes:
            return
        painter.setPen(QPen(QColor(255, 255, 255, 170), 1, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(30, 136, 229, 40))
        for x, y, w, h in boxes:
            painter.drawRect(QRect(picture.left() + round(x * picture.width()), picture.top() + round(y * picture.height()),
                                   max(2, round(w * picture.width())), max(2, round(h * picture.height()))))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        cell = self._cell(index)
        if cell is None:
            return CELL
        if cell.collapsed:
            return QSize(cell.width, HEADER_H)
        return QSize(cell.width, CELL.height() + (HEADER_H if cell.first_line else 0))

    def _cell(self, index: QModelIndex) -> SceneCell | None:
        board = self.parent()
        return board.scene_cell(index.row()) if isinstance(board, PanelBoard) else None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        cell = self._cell(index)
        if cell is None:
            self._paint_panel(painter, option, index)
            return
        rect = option.rect
        if cell.first_line or cell.collapsed:
            self._paint_band(painter, option, cell)
        if cell.collapsed:
            return
        inner = QStyleOptionViewItem(option)
        top = rect.top() + (HEADER_H if cell.first_line else 0)
        inner.rect = QRect(rect.left(), top, CELL.width(), CELL.height())
        self._paint_panel(painter, inner, index)

    def _paint_band(self, painter: QPainter, option: QStyleOptionViewItem, cell: SceneCell) -> None:
        """This panel's stretch of its scene's band; the heading is drawn from the line's start and clipped,
        so the panels of the first line together show it whole."""
        rect = option.rect
        band = QRect(rect.left(), rect.top() + 3, rect.width(), HEADER_H - 6)
        painter.save()
        painter.setClipRect(band)
        painter.fillRect(band, QColor("#ded6c6"))
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#2f2a22"))
        arrow = "▸" if cell.collapsed else "▾"
        shots = (QCoreApplication.translate("PanelBoard", "1 shot") if cell.shots == 1 else
                 QCoreApplication.translate("PanelBoard", "{n} shots").format(n=cell.shots))
        title = QCoreApplication.translate("PanelBoard", "Scene {n}").format(n=cell.number)
        text = f"{arrow}  {title}" + (f" · {cell.heading}" if cell.heading else "") + f"  —  {shots}"
        start = rect.left() - cell.column * CELL.width()
        painter.drawText(QRect(start + 10, band.top(), 4000, band.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()

    def _paint_panel(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        status = index.data(StatusRole) or "missing"
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#dbe6f7") if selected else QColor("#ffffff"))
        painter.drawRoundedRect(cell, 6, 6)
        thumb = QRect(cell.left() + (cell.width() - THUMB.width()) // 2, cell.top() + 6, THUMB.width(), THUMB.height())
        painter.setBrush(QColor("#eeeae2"))
        painter.drawRect(thumb)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if pixmap is not None and not pixmap.isNull():
            scaled = pixmap
            if pixmap.width() > thumb.width() or pixmap.height() > thumb.height():
                scaled = pixmap.scaled(thumb.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            x = thumb.left() + (thumb.width() - scaled.width()) // 2
            y = thumb.top() + (thumb.height() - scaled.height()) // 2
            painter.drawPixmap(x, y, scaled)
            if status == "generating":
                painter.fillRect(thumb, QColor(255, 255, 255, 70))
            picture = QRect(x, y, scaled.width(), scaled.height())
        else:
            painter.setPen(QColor("#a39e93"))
            painter.drawText(thumb, Qt.AlignmentFlag.AlignCenter, status_label(status))
            picture = thumb
        self._paint_staging(painter, picture, index.data(StagingRole) or [])
        progress = index.data(ProgressRole)
        if status == "generating" and progress is not None:  # the server's step events, as a bar
            bar = QRect(thumb.left() + 6, thumb.bottom() - 11, thumb.width() - 12, 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(30, 30, 30, 120))
            painter.drawRoundedRect(bar, 3, 3)
            painter.setBrush(QColor(BADGES["generating"][0]))
            painter.drawRoundedRect(QRect(bar.left(), bar.top(), max(6, int(bar.width() * progress)), bar.height()), 3, 3)
        border = QColor("#c62828") if status == "failed" else QColor("#3b6fd1") if selected else QColor("#5b5b5b")
        painter.setPen(QPen(border, 2 if selected or status == "failed" else 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(thumb)
        # number badge, top left
        number = index.data(Qt.ItemDataRole.DisplayRole)
        if self._cell(index) is not None:
            number = index.data(ShotNameRole) or number  # a film's shots go by their names: 4A, 4B …
        badge_font = QFont(option.font)
        badge_font.setBold(True)
        painter.setFont(badge_font)
        badge_w = max(26, painter.fontMetrics().horizontalAdvance(number) + 10)
        num_rect = QRect(thumb.left() + 4, thumb.top() + 4, badge_w, 20)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(30, 30, 30, 190))
        painter.drawRoundedRect(num_rect, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(num_rect, Qt.AlignmentFlag.AlignCenter, number)
        # status badge, top right
        colour, symbol = BADGES.get(status, BADGES["missing"])
        dot = QRect(thumb.right() - 25, thumb.top() + 4, 21, 21)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(dot)
        painter.drawText(dot, Qt.AlignmentFlag.AlignCenter, symbol)
        # caption: status word and shot
        painter.setFont(option.font)
        text_rect = QRect(cell.left() + 6, thumb.bottom() + 4, cell.width() - 12, cell.bottom() - thumb.bottom() - 4)
        shot = index.data(ShotRole) or ""
        caption = status_label(status) + (f" · {QCoreApplication.translate('PanelBoard', shot)}" if shot else "")
        if status == "failed" and index.data(ErrorRole):
            caption = index.data(ErrorRole)
        painter.setPen(QColor("#c62828") if status == "failed" else QColor("#4a4a4a"))
        elided = option.fontMetrics.elidedText(caption, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, elided)
        painter.restore()


class PanelBoard(QListView):
    """Thumbnails that wrap like text; drag to reorder (the model turns a drop into an undoable move)."""

    contextMenuRequested = Signal(list, object)  # panel ids under the selection, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setGridSize(CELL)
        self.setSpacing(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setItemDelegate(PanelDelegate(self))
        self.setStyleSheet("QListView { background: #f6f4ef; }")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.contextMenuRequested.emit(self.selected_ids(), self.viewport().mapToGlobal(pos))
        )
        self._cells: list[SceneCell] = []
        self._collapsed: set[tuple[int, str]] = set()

    # ---- scenes
    def setModel(self, model: QAbstractItemModel) -> None:  # type: ignore[override]
        super().setModel(model)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.layoutChanged):
            signal.connect(self.regroup)
        self.regroup()

    def scene_cell(self, row: int) -> SceneCell | None:
        """Where panel `row` sits under its scene's heading; None when the board is not grouped."""
        return self._cells[row] if 0 <= row < len(self._cells) else None

    def is_grouped(self) -> bool:
        return bool(self._cells)

    def toggle_scene(self, row: int) -> None:
        """Fold the scene of panel `row` to its heading band, or unfold it."""
        cell = self.scene_cell(row)
        if cell is None:
            return
        self._collapsed ^= {cell.key}
        self.regroup()

    def regroup(self, *_: object) -> None:
        """Work out each panel's place under its scene (after any change of the panels or the width)."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        headings = [model.index(r, 0).data(SceneRole) or "" for r in range(rows)]
        was_grouped = bool(self._cells)
        self._cells = []
        if any(headings):
            self._cells = self._scene_cells(headings)
        if bool(self._cells) != was_grouped:
            self.setUniformItemSizes(not self._cells)
            self.setGridSize(QSize() if self._cells else CELL)
        for r in range(rows):
            hidden = bool(self._cells) and self._cells[r].collapsed and r > 0 and self._cells[r - 1].key == self._cells[r].key
            if self.isRowHidden(r) != hidden:
                self.setRowHidden(r, hidden)
        self.scheduleDelayedItemsLayout()

    def _scene_cells(self, headings: list[str]) -> list[SceneCell]:
        line = self.viewport().width() - 4  # a little less than the width, so a full line never wraps
        columns = max(1, line // CELL.width())
        runs: list[tuple[str, int, int]] = []  # heading, first row, end row
        for r, heading in enumerate(headings):
            if not runs or (heading and heading != runs[-1][0]):
                runs.append((heading, r, r + 1))
            else:
                runs[-1] = (runs[-1][0], runs[-1][1], r + 1)
        cells: list[SceneCell] = []
        for number, (heading, start, end) in enumerate(runs, start=1):
            count = end - start
            collapsed = (number, heading) in self._collapsed
            for i in range(count):
                column = i % columns
                last = i == count - 1 or collapsed
                width = max(CELL.width(), line - column * CELL.width()) if last else CELL.width()
                cells.append(SceneCell(number, heading, count, column, i < columns, width, collapsed))
        return cells

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._cells and event.oldSize().width() != event.size().width():
            self.regroup()  # each scene's last panel fills its line: the line's width changed
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        cell = self.scene_cell(index.row()) if index.isValid() else None
        if cell is not None and (cell.first_line or cell.collapsed) and event.button() == Qt.MouseButton.LeftButton:
            if event.position().y() - self.visualRect(index).top() < HEADER_H:
                self.toggle_scene(index.row())  # a click on a scene's band folds or unfolds it
                event.accept()
                return
        super().mousePressEvent(event)

    def selected_ids(self) -> list[str]:
        """Selected panels in reading order."""
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes()) if self.selectionModel() else []
        return [self.model().index(r, 0).data(PanelIdRole) for r in rows]

    def current_id(self) -> str | None:
        idx = self.currentIndex()
        return idx.data(PanelIdRole) if idx.isValid() else None

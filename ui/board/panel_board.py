"""The panel board: thumbnails in reading order with status badges; drag to reorder, drop images on a panel."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.board.panel_list_model import ErrorRole, PanelIdRole, ProgressRole, ShotRole, StagingRole, StatusRole

CELL = QSize(196, 172)
THUMB = QSize(180, 120)

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
        return CELL

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
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
        badge_font = QFont(option.font)
        badge_font.setBold(True)
        painter.setFont(badge_font)
        num_rect = QRect(thumb.left() + 4, thumb.top() + 4, 26, 20)
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

    def selected_ids(self) -> list[str]:
        """Selected panels in reading order."""
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes()) if self.selectionModel() else []
        return [self.model().index(r, 0).data(PanelIdRole) for r in rows]

    def current_id(self) -> str | None:
        idx = self.currentIndex()
        return idx.data(PanelIdRole) if idx.isValid() else None

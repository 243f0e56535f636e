"""A Qt list model adapting the project's panels for the board.

The project's Python list is the only thing that mutates: a drop does not move rows here, it asks
for a move (`moveRequested`), the window pushes an undo command, and this model follows the
document's signals. `removeRows` is deliberately not implemented, so a view finishing a move drag
cannot delete anything.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from model.project.project import Panel
from model.script.scenes import shot_names
from model.prompt.status import panel_status
from ui.document import ProjectDocument
from ui.board.thumbnails import ThumbnailCache

PANEL_MIME = "application/x-panelsmith-panel-rows"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")

PanelIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2  # missing | ready | stale | failed | queued | generating
ErrorRole = Qt.ItemDataRole.UserRole + 3
ShotRole = Qt.ItemDataRole.UserRole + 4
ProgressRole = Qt.ItemDataRole.UserRole + 5  # 0.0 – 1.0 of a panel being drawn, when its backend reports steps
StagingRole = Qt.ItemDataRole.UserRole + 6  # the staged characters' boxes, [(x, y, w, h)] fractions of the picture
SceneRole = Qt.ItemDataRole.UserRole + 7  # the heading of the panel's scene ("" when it has none)
ShotNameRole = Qt.ItemDataRole.UserRole + 8  # "4A": the stored shot name, or the one its place gives it


class PanelListModel(QAbstractListModel):
    """Rows are panels in reading order; decoration is the selected image (or the live partial)."""

    moveRequested = Signal(list, int)  # rows, destination row
    imagesDropped = Signal(str, list)  # panel id, file paths

    def __init__(self, doc: ProjectDocument, thumbnails: ThumbnailCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.thumbnails = thumbnails
        self.job_states: dict[str, str] = {}  # panel id -> queued | generating (from the generation worker)
        self.job_progress: dict[str, float] = {}  # panel id -> fraction of its sampler steps done
        self._partial_keys: dict[str, str] = {}
        self._statuses: dict[str, str] = {}  # panel id -> status; composing a prompt is too dear for every paint
        self._names: dict[str, str] = {}  # panel id -> shot name, worked out once per change of the panels
        self._saved_ids: list[tuple[QPersistentModelIndex, str]] = []
        # Connected first, so no view reads a status cached for the project as it was.
        for signal in (doc.aboutToReorder, doc.aboutToInsert, doc.aboutToRemove, doc.aboutToReset,
                       doc.reordered, doc.inserted, doc.removed, doc.reset, doc.charactersChanged):
            signal.connect(self._forget)
        doc.aboutToReorder.connect(self._before_reorder)
        doc.reordered.connect(self._after_reorder)
        doc.aboutToInsert.connect(lambda row, n: self.beginInsertRows(QModelIndex(), row, row + n - 1))
        doc.inserted.connect(self.endInsertRows)
        doc.aboutToRemove.connect(lambda row, n: self.beginRemoveRows(QModelIndex(), row, row + n - 1))
        doc.removed.connect(self.endRemoveRows)
        doc.aboutToReset.connect(self.beginResetModel)
        doc.reset.connect(self.endResetModel)
        doc.panelChanged.connect(self.panel_changed)
        doc.charactersChanged.connect(self._all_changed)
        thumbnails.ready.connect(self._thumbnail_ready)

    def _forget(self, *_: object) -> None:
        self._statuses.clear()
        self._names.clear()

    # ---- reading
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.doc.project.panels)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.doc.project.panels):
            return None
        panel = self.doc.project.panels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(index.row() + 1)
        if role == PanelIdRole:
            return panel.id
        if role == StatusRole:
            return self.job_states.get(panel.id) or self._status(panel)
        if role == ErrorRole:
            return panel.error
        if role == ProgressRole:
            return self.job_progress.get(panel.id)
        if role == ShotRole:
            return panel.shot or ""
        if role == StagingRole:
            from model.prompt.continuity import staged_boxes

            return [(b.x, b.y, b.w, b.h) for b in staged_boxes(self.doc.project, panel) if not b.prop]
        if role == SceneRole:
            return panel.scene
        if role == ShotNameRole:
            if not self._names:
                self._names = shot_names(self.doc.project)
            return self._names.get(panel.id, "")
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(panel)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = panel.action or ""
            if panel.error:
                text = f"{text}\n\u26a0 {panel.error}".strip()
            return text
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def index_of(self, panel_id: str) -> QModelIndex:
        row = self.doc.row_of(panel_id)
        return self.index(row) if row >= 0 else QModelIndex()

    # ---- drag and drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PANEL_MIME, "text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        payload = {"rows": rows, "ids": [self.doc.project.panels[r].id for r in rows]}
        data.setData(PANEL_MIME, json.dumps(payload).encode())
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex) -> bool:
        if data.hasFormat(PANEL_MIME):
            return True
        return parent.isValid() and bool(_image_paths(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex) -> bool:
        if data.hasFormat(PANEL_MIME):
            payload = json.loads(bytes(data.data(PANEL_MIME)).decode())
            # Resolve rows by id: the order may have changed since the drag started.
            rows = [self.doc.row_of(pid) for pid in payload.get("ids", [])]
            rows = [r for r in rows if r >= 0]
            if row < 0:
                row = parent.row() if parent.isValid() else self.rowCount()
            if rows:
                self.moveRequested.emit(rows, row)
            # False: the view must not remove the dragged rows afterwards; the move is done.
            return False
        paths = _image_paths(data)
        if paths and parent.isValid():
            self.imagesDropped.emit(self.doc.project.panels[parent.row()].id, paths)
            return True
        return False

    # ---- live generation state
    def set_job_state(self, panel_id: str, state: str | None) -> None:
        if state is None:
            self.job_states.pop(panel_id, None)
            self.job_progress.pop(panel_id, None)
            key = self._partial_keys.pop(panel_id, None)
            if key:
                self.thumbnails.drop(key)
        else:
            self.job_states[panel_id] = state
        self.panel_changed(panel_id)

    def set_progress(self, panel_id: str, fraction: float) -> None:
        """A step of a panel being drawn: repaints that cell only."""
        self.job_progress[panel_id] = fraction
        idx = self.index_of(panel_id)
        if idx.isValid():
            self.dataChanged.emit(idx, idx, [ProgressRole])

    def set_partial(self, panel_id: str, data: bytes) -> None:
        key = f"partial:{panel_id}"
        self._partial_keys[panel_id] = key
        self.thumbnails.put_bytes(key, data)

    def panel_changed(self, panel_id: str) -> None:
        self._forget()
        idx = self.index_of(panel_id)
        if idx.isValid():  # later panels too: a setting or a lasting detail carries into their prompts
            self.dataChanged.emit(idx, self.index(self.rowCount() - 1))

    # ---- internals
    def _status(self, panel: Panel) -> str:
        status = self._statuses.get(panel.id)
        if status is None:
            status = self._statuses[panel.id] = panel_status(self.doc.project, panel)
        return status

    def _pixmap(self, panel: Panel):
        key = self._partial_keys.get(panel.id)
        if key:
            pixmap = self.thumbnails.get(key, lambda: b"")
            if pixmap is not None:
                return pixmap
        version = panel.images.selected
        if version is None:
            return None
        store = self.doc.project.images
        sha = version.sha256
        return self.thumbnails.get(sha, lambda: store.get(sha))

    def _thumbnail_ready(self, key: str) -> None:
        if key.startswith("partial:"):
            self.panel_changed(key.split(":", 1)[1])
            return
        for p in self.doc.project.panels:
            v = p.images.selected
            if v is not None and v.sha256 == key:
                self.panel_changed(p.id)

    def _all_changed(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1))

    def _before_reorder(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._saved_ids = [(QPersistentModelIndex(i), self.data(i, PanelIdRole)) for i in self.persistentIndexList()]

    def _after_reorder(self) -> None:
        for old, pid in self._saved_ids:
            self.changePersistentIndex(QModelIndex(old), self.index_of(pid))
        self._saved_ids = []
        self.layoutChanged.emit()


def _image_paths(data: QMimeData) -> list[str]:
    if not data.hasUrls():
        return []
    paths = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
    return [p for p in paths if Path(p).suffix.lower() in IMAGE_SUFFIXES]

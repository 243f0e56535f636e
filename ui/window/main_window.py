"""The main window: script editor, panel board, page preview, inspector and characters, one undo stack."""
from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from model.project.project import Panel
from ui.workers.autosave import Autosaver
from ui.inspector.characters_panel import CharactersPanel
from ui.commands import InsertPanelCommand, MovePanelsCommand, RemovePanelsCommand, ReplaceStateCommand, duplicate_of
from ui.document import ProjectDocument, capture_state, snapshot_project
from ui.window.edition_actions import EditionActions
from ui.window.file_actions import FileActions
from ui.workers.generation_worker import GenerationWorker
from ui.inspector.inspector import Inspector
from ui.preview.page_preview import PagePreview
from ui.board.panel_board import PanelBoard
from ui.board.panel_list_model import PanelIdRole, PanelListModel
from ui.window.photo_import import PhotoImport
from ui.editor.script_editor import ScriptEditor
from ui.settings import AppSettings, save_settings
from ui.tasks import TaskRunner
from ui.board.thumbnails import ThumbnailCache
from ui.window.window_actions import build_actions


SWITCH_INTERVAL_S = 0.0002  # a board repaint with two busy workers: 96 ms at 1 ms, 20 ms at 0.2 ms


class MainWindow(QMainWindow):
    """One project per window; every change goes through `self.stack`."""

    exportFinished = Signal(list)  # the files written (empty when it failed)

    def __init__(self, settings: AppSettings, autosave_folder: Path | None = None) -> None:
        super().__init__()
        # Every call from Qt into our Python (a model's data(), a delegate's paint, a slot) waits for
        # the GIL up to one switch interval while workers are busy; a repaint makes hundreds of them,
        # so workers hand it back within 0.2 ms (Python's default is 5 ms).
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.settings = settings
        self.doc = ProjectDocument()
        self.stack = QUndoStack(self)
        self.restored_unsaved = False  # a restored autosave is unsaved work even with a clean stack
        self.closed = False
        self.thumbnails = ThumbnailCache(self)
        self.panel_model = PanelListModel(self.doc, self.thumbnails, self)
        self.panel_model.moveRequested.connect(self.move_panels)

        self.editor = ScriptEditor()
        self.editor.edited.connect(self.apply_script_text)
        self.editor.draftRequested.connect(self.draft_from_idea)
        self.doc.scriptChanged.connect(self.editor.set_text)
        self.board = PanelBoard()
        self.board.setModel(self.panel_model)
        self.board.selectionModel().currentChanged.connect(self._current_panel_changed)
        self.preview = PagePreview(self.doc, self.stack)
        self.preview.panelClicked.connect(self.select_panel)
        self.generation = GenerationWorker(self.doc, self.stack, self.panel_model, settings, self)
        self.preview.draw.redrawRequested.connect(self.generation.redraw_part)
        self.preview.draw.fromDrawingRequested.connect(self.generation.picture_from_drawing)
        self.inspector = Inspector(self.doc, self.stack, self.thumbnails, self.generation)
        self.characters = CharactersPanel(self.doc, self.stack, self.generation, self.replace_script, self.thumbnails)
        self.files = FileActions(self)
        self.tasks = TaskRunner(self, threads=1)
        self.text_tasks = TaskRunner(self, threads=1)  # text-model requests (drafts), apart from exports
        self.exporting = False
        self.script_source: Path | None = None  # the script file a project was opened from
        self.photos = PhotoImport(self)
        self.panel_model.imagesDropped.connect(self.photos.drop_on_panel)  # one photo: use as is, or restyle

        self._build_layout()
        self._build_status_bar()
        self.actions = build_actions(self)
        self.editions = EditionActions(self)  # the Editions menu: translate, and which edition shows
        self.board.contextMenuRequested.connect(self._board_menu)
        self.stack.cleanChanged.connect(self.update_title)
        self.stack.indexChanged.connect(lambda _: self.update_title())
        self.doc.pathChanged.connect(self.update_title)
        self._current_before_reset: str | None = None
        self.doc.aboutToReset.connect(lambda: setattr(self, "_current_before_reset", self.board.current_id()))
        self.doc.reset.connect(self._after_reset)
        self.setAcceptDrops(True)
        self.autosaver = Autosaver(lambda: self.doc.project, self.is_dirty,
                                   lambda: str(self.doc.path) if self.doc.path else None,
                                   folder=autosave_folder, parent=self)
        self.autosaver.start()
        self.resize(1440, 900)
        self.update_title()

    # ---- layout
    def _build_layout(self) -> None:
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(4, 4, 0, 4)
        self.script_label = QLabel(self.tr("Script"))
        self.script_label.setStyleSheet("font-weight: bold;")
        lay.addWidget(self.script_label)
        lay.addWidget(self.editor)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.board)
        middle.addWidget(self.preview)
        middle.setStretchFactor(0, 2)
        middle.setStretchFactor(1, 3)
        middle.setSizes([340, 560])  # the board wraps; the page deserves the room
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.inspector, self.tr("Panel"))
        self.side_tabs.addTab(self.characters, self.tr("Characters"))
        split = QSplitter(Qt.Orientation.Horizontal)
        for w in (left, middle, self.side_tabs):
            split.addWidget(w)
        split.setSizes([380, 700, 360])
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.generation.cancel)
        bar.addWidget(self.status_label, 1)
        for widget in (self.progress, self.cancel_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # showing progress must not re-lay-out the whole window
            widget.setSizePolicy(policy)
            bar.addPermanentWidget(widget)
        self._progress: tuple[int, int, float | None] = (0, 0, None)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(100)
        self._progress_timer.timeout.connect(self._paint_progress)
        self.generation.progressChanged.connect(self._show_progress)
        self.generation.message.connect(self.show_message)

    def show_message(self, text: str, msecs: int = 8000) -> None:
        self.statusBar().showMessage(text, msecs)

    def _show_progress(self, done: int, total: int, cost: float | None) -> None:
        """Coalesce progress: a burst of results repaints the status bar once, not once each."""
        self._progress = (done, total, cost)
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def _paint_progress(self) -> None:
        done, total, cost = self._progress
        running = total > 0 and done < total
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if running:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self.tr("%v of %m"))
        cost_text = self.tr("estimated cost ${cost:.2f}").format(cost=cost) if cost else ""
        if running:
            text = self.tr("Drawing panels: {done} of {total}").format(done=done, total=total)
            self.status_label.setText(f"{text}  ·  {cost_text}" if cost_text else text)
        elif total:
            text = self.tr("Finished {total} panels").format(total=total)
            self.status_label.setText(f"{text}  ·  {cost_text}" if cost_text else text)

    # ---- state
    def is_dirty(self) -> bool:
        return self.restored_unsaved or not self.stack.isClean()

    def mark_saved(self) -> None:
        self.restored_unsaved = False
        self.stack.setClean()
        self.update_title()

    @staticmethod
    def settle_garbage() -> None:
        """Collect now (the user just opened something) and freeze what survives, so a later full
        collection never walks the whole app and project in the middle of drawing or exporting."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def generation_hint(self) -> str:
        """The first-run sentence: which backend draws, and how to switch on OpenAI."""
        from generation.credentials import get_api_key

        if self.settings.backend in ("auto", "offline") and not get_api_key():
            return self.tr("Offline sketches are on (no OpenAI API key). To use OpenAI, open File ▸ Settings… "
                           "and enter a key, or set OPENAI_API_KEY. Press Ctrl+G to draw the panels.")
        return self.tr("Press Ctrl+G to draw every panel that has no picture yet.")

    def update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else (self.doc.project.title or self.tr("Untitled"))
        self.setWindowTitle(f"{name}[*] — Panelsmith")
        self.setWindowModified(self.is_dirty())

    def _after_reset(self) -> None:
        # A re-parse (a script edit, a lasting detail added from the refine thread) keeps the panel in hand.
        kept = self.panel_model.index_of(self._current_before_reset or "")
        if kept.isValid() and not self.board.currentIndex().isValid():
            self.board.setCurrentIndex(kept)
        if self.panel_model.rowCount() and not self.board.currentIndex().isValid():
            self.board.setCurrentIndex(self.panel_model.index(0))
        self._current_panel_changed(self.board.currentIndex(), QModelIndex())

    # ---- selection
    def current_panel(self) -> Panel | None:
        pid = self.board.current_id()
        return self.doc.panel(pid) if pid else None

    def selected_ids(self) -> list[str]:
        ids = self.board.selected_ids()
        current = self.board.current_id()
        return ids or ([current] if current else [])

    def select_panel(self, panel_id: str) -> None:
        idx = self.panel_model.index_of(panel_id)
        if idx.isValid():
            self.board.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _current_panel_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        pid = current.data(PanelIdRole) if current.isValid() else None
        self.inspector.show_panel(pid)
        if pid:
            self.preview.show_panel(pid)

    def failed_ids(self, ids: list[str]) -> list[str]:
        return [pid for pid in ids if (p := self.doc.panel(pid)) is not None and p.error]

    def retry_failed(self) -> None:
        """Draw again the selected panels that failed (or every failed panel when none is selected)."""
        ids = self.failed_ids(self.selected_ids()) or self.failed_ids(self.doc.order())
        if ids:
            self.generation.generate(ids, force=True)

    def _board_menu(self, ids: list[str], pos) -> None:
        if not ids:
            return
        menu = QMenu(self)
        if self.failed_ids(ids):
            menu.addAction(self.tr("Retry"), self.retry_failed)
        for name in ("generate_selected", "regenerate", "refine", None, "import_images", "duplicate", "delete"):
            menu.addSeparator() if name is None else menu.addAction(self.actions[name])
        menu.exec(pos)

    # ---- project operations (each one undo step)
    def apply_script_text(self, text: str) -> None:
        """The user paused typing: re-parse onto the project, keeping every image with its panel."""
        self.replace_script(text, self.tr("Edit script"))

    def replace_script(self, text: str, label: str, filename: str | None = None, from_editor: bool = True) -> None:
        """Re-parse `text` onto the project (every image stays with its panel) as one undo step, and show
        its diagnostics; `from_editor` says the editor already holds `text`."""
        from model.script.reconcile import reparse

        name = filename or (str(self.doc.path) if self.doc.path else "script")
        result = reparse(self.doc.project, text, filename=name)
        self.editor.set_diagnostics(result.diagnostics)
        before, after = capture_state(self.doc.project), capture_state(result.project)
        self.stack.push(ReplaceStateCommand(self.doc, before, after, label, from_editor=from_editor))

    def draft_from_idea(self) -> None:
        from ui.dialogs.draft_dialog import draft_into_window

        draft_into_window(self)

    def move_panels(self, rows: list[int], dest: int) -> None:
        cmd = MovePanelsCommand(self.doc, rows, dest, self.tr("Move panels"))
        if not cmd.is_noop():
            self.stack.push(cmd)

    def move_selected(self, step: int) -> None:
        rows = sorted(self.doc.row_of(pid) for pid in self.selected_ids())
        if not rows:
            return
        dest = rows[0] - 1 if step < 0 else rows[-1] + 2
        if dest < 0 or dest > len(self.doc.project.panels):
            return
        self.move_panels(rows, dest)

    def insert_panel(self) -> None:
        rows = [self.doc.row_of(pid) for pid in self.selected_ids()]
        row = max(rows) + 1 if rows else len(self.doc.project.panels)
        panel = Panel(action=self.tr("Describe what this panel shows."))
        self.stack.push(InsertPanelCommand(self.doc, row, panel, self.tr("Insert panel")))
        self.select_panel(panel.id)

    def duplicate_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self.stack.beginMacro(self.tr("Duplicate panels"))
        last = None
        for pid in ids:
            panel = self.doc.panel(pid)
            twin = duplicate_of(panel)
            self.stack.push(InsertPanelCommand(self.doc, self.doc.row_of(pid) + 1, twin))
            last = twin.id
        self.stack.endMacro()
        if last:
            self.select_panel(last)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.stack.push(RemovePanelsCommand(self.doc, ids, self.tr("Delete panels")))

    def undo(self) -> None:
        self.editor.flush()  # a pending script edit becomes its own step first
        self.stack.undo()

    def redo(self) -> None:
        self.editor.flush()
        self.stack.redo()

    def save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            self.show_message(self.tr("Settings could not be saved: {error}").format(error=exc))

    # ---- drops and closing
    def dragEnterEvent(self, event) -> None:
        if self.files.droppable_documents(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = self.files.droppable_documents(event.mimeData())
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.files.open_path(paths[0]))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closed:
            event.accept()  # already settled with the user; Qt may close a window twice on exit
            return
        self.editor.flush()
        if not self.files.maybe_save():
            event.ignore()
            return
        self.shutdown_background()
        self.autosaver.clear()
        self.autosaver.drop_adopted()
        self.save_settings()
        self.stack.blockSignals(True)  # its teardown must not call back into half-deleted widgets
        self.closed = True
        event.accept()

    def shutdown_background(self) -> None:
        """Stop every pool and timer this window owns, waiting (bounded) for work already running, so
        nothing of ours runs Python on a pool thread after the window (or the interpreter) has gone."""
        self.generation.cancel()
        self.generation.shutdown()
        self.editions.shutdown()
        self._progress_timer.stop()
        self.preview.shutdown()
        self.thumbnails.shutdown()
        self.tasks.shutdown(30000)  # an export in flight finishes writing (atomically) before we go
        self.files.shutdown()  # as does a save
        self.text_tasks.shutdown(30000)  # a draft in flight only writes into this window: its answer is dropped
        self.autosaver.shutdown()

    # ---- export and settings
    def open_export_dialog(self) -> None:
        from ui.dialogs.export_dialog import ExportDialog

        self.editor.flush()
        self.preview.draw.keep(wait=True)  # the export shows what is drawn
        from ui.settings import start_folder

        own = self.files.own_file()
        if own is None:  # a new project or the example: start where the user last wrote, else in Documents
            name = Path(self.script_source).stem if self.script_source else (self.doc.project.title or "panelsmith")
            own = start_folder(self.settings) / f"{name}.panels"
        dialog = ExportDialog(self.doc.project, own, self.tasks, self, edition=self.editions.shown,
                              credit=self.settings.copyright_credit)
        dialog.exportRequested.connect(self.start_export)
        dialog.exec()

    def start_export(self, choice) -> None:
        """Write an export on a worker (with a snapshot), reporting in the status bar."""
        from ui.workers.exporting import export

        if choice.pad and choice.credit != self.settings.copyright_credit:  # the user's choice stays for next time
            self.settings.copyright_credit = choice.credit
            self.save_settings()
        project = snapshot_project(self.doc.project)
        self.files.remember_folder(choice.target.parent)
        self.exporting = True
        self.show_message(self.tr("Exporting to {name}…").format(name=choice.target.name), 0)
        self.tasks.run(lambda: export(project, choice), self._exported, self._export_failed)

    def _exported(self, paths) -> None:
        self.exporting = False
        first = paths[0] if paths else ""
        self.show_message(self.tr("Exported {n} file(s): {first}").format(n=len(paths), first=first))
        self.exportFinished.emit([str(p) for p in paths])

    def _export_failed(self, message: str) -> None:
        self.exporting = False
        self.show_message(message)
        QMessageBox.warning(self, self.tr("Export failed"), message)
        self.exportFinished.emit([])

    def open_settings(self) -> None:
        from ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            new = dialog.result_settings()
            for name, value in vars(new).items():
                setattr(self.settings, name, value)
            self.save_settings()

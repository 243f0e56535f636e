"""The page preview: pages drawn by export.raster.render (the exporter's own renderer), with zoom, balloon
dragging, tail re-aiming and double-click editing of a balloon's words; other modes (ui.preview.modes:
Stage, the characters' boxes) take the mouse over when chosen in the toolbar.

Rendering runs on a worker with a snapshot of the project, so a big page never stalls the window.
"""
from __future__ import annotations

import copy

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget,
)

from model.pagesize import PAGE_SIZES
from ui.commands import SetPageCommand
from ui.dialogs.page_settings_dialog import PageSettingsDialog
from ui.document import ProjectDocument, snapshot_project
from ui.i18n import fill_layouts, select_layout
from ui.preview.balloon_mode import BalloonMode
from ui.preview.draw_mode import DrawMode
from ui.preview.layout_mode import LayoutMode
from ui.preview.mode_row import ModeRow
from ui.preview.modes import PreviewMode
from ui.preview.page_view import PageView
from ui.preview.page_render import RenderedPage, render_preview
from ui.preview.panel_canvas import CanvasMode
from ui.preview.stage_mode import StageMode
from ui.tasks import TaskRunner


class PagePreview(QWidget):
    """Shows one page at a time; page settings at hand in its toolbar."""

    panelClicked = Signal(str)
    rendered = Signal()
    translationEditRequested = Signal(str, int)  # panel id, line index: a double-click while an edition shows
    templateRequested = Signal()  # the Template… button: the window shows its picker for this page

    def __init__(self, doc: ProjectDocument, stack: QUndoStack) -> None:
        super().__init__()
        self.doc, self.stack = doc, stack
        self.current: RenderedPage | None = None
        self.edition: str | None = None  # the translated edition shown (model.project.editions), None: the original
        self.page_index = 0
        self._want_panel: str | None = None
        self._rendering = False
        self._again = False
        self.tasks = TaskRunner(self, threads=1)
        self.view = PageView(self)
        self.modes: dict[str, PreviewMode] = {}
        self.mode: PreviewMode | None = None  # None: the preview's own balloon handling
        self._build_toolbar()
        self.layout_mode = LayoutMode(self)  # shaping the page by hand (ui/preview/layout_mode.py)
        self.add_mode("stage", StageMode(self))
        self.draw = DrawMode(self)  # the View / Draw / Select modes and their tools
        # Balloons, Stage, Layout, Draw, Select in one row; the Layout button stays as the Layout mode's switch
        self.mode_row = ModeRow(self.draw, self.tr, lambda: self.set_mode("stage"), self._layout_on, self._balloons_on)
        self.stage_button, self.layout_row_button = self.mode_row.stage, self.mode_row.layout
        self.layout_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.layout_mode.bar)
        layout.addWidget(self.draw.bar)
        layout.addWidget(self.view)
        self.balloons = BalloonMode(self, lambda: self.edition)  # the Balloons mode: drag balloons and tails
        self.balloons.panelClicked.connect(self.panelClicked)
        self.balloons.translationEditRequested.connect(self.translationEditRequested)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh_now)
        for sig in (doc.reset, doc.reordered, doc.inserted, doc.removed, doc.charactersChanged, doc.pageChanged):
            sig.connect(self.refresh)
        doc.panelChanged.connect(self._panel_changed)
        doc.editionsChanged.connect(lambda language: self.refresh() if language == self.edition else None)
        doc.pageChanged.connect(self._sync_toolbar)
        doc.reset.connect(self._sync_toolbar)

    def _build_toolbar(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)

        def button(text: str, tip: str, slot) -> QToolButton:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            bar.addWidget(b)
            return b

        bar.addSpacing(8)
        self.prev_button = button("◀", self.tr("Previous page"), lambda: self.go_to_page(self.page_index - 1))
        self.page_label = QLabel("–")
        bar.addWidget(self.page_label)
        self.next_button = button("▶", self.tr("Next page"), lambda: self.go_to_page(self.page_index + 1))
        bar.addSpacing(8)
        button("−", self.tr("Zoom out"), lambda: self.zoom(1 / 1.25))
        button("+", self.tr("Zoom in"), lambda: self.zoom(1.25))
        button(self.tr("Fit"), self.tr("Fit the page in the window"), self.fit)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Layout")))
        self.layout_box = QComboBox()
        fill_layouts(self.layout_box, "strip")
        self.layout_box.activated.connect(lambda _i: self._page_edit(layout=self.layout_box.currentData()))
        bar.addWidget(self.layout_box)
        bar.addWidget(QLabel(self.tr("Page")))
        self.size_box = QComboBox()
        self.size_box.setEditable(True)
        self.size_box.addItems(list(PAGE_SIZES))
        self.size_box.setMinimumContentsLength(9)
        self.size_box.lineEdit().editingFinished.connect(lambda: self._page_edit(page_size=self.size_box.currentText()))
        self.size_box.activated.connect(lambda _i: self._page_edit(page_size=self.size_box.currentText()))
        bar.addWidget(self.size_box)
        self.settings_button = button(self.tr("Page settings…"), self.tr("Margins, gutters, borders, reading direction"),
                                      self.edit_page_settings)
        self.layout_button = button(self.tr("Layout mode"), self.tr("Shape this page: drag gutters, split, merge, "
                                                                    "borderless, bleed, inset"),
                                    lambda: self.layout_mode.set_active(self.layout_button.isChecked()))
        self.layout_button.setCheckable(True)
        self.template_button = button(self.tr("Template…"), self.tr("Choose a template for this page"),
                                      self.templateRequested.emit)
        bar.addStretch(1)
        self.warning_label = QLabel()
        self.warning_label.setStyleSheet("color: #b23c17;")
        bar.addWidget(self.warning_label)
        self.toolbar = bar

    # ---- modes
    def add_mode(self, key: str, mode: PreviewMode) -> None:
        """Offer another way of working on the page (see ui.preview.modes), switched on with `set_mode(key)`."""
        self.modes[key] = mode

    def show_mode(self) -> None:
        """The mode row shows the mode the page is in now."""
        self.mode_row.show(self.mode is not None and self.mode is self.modes.get("stage"), self.layout_mode.active)

    def _layout_on(self) -> None:
        if not self.layout_mode.active:
            self.layout_button.setChecked(True)
            self.layout_mode.set_active(True)
        self.show_mode()

    def _balloons_on(self) -> None:
        self.leave_page_modes()
        self.show_mode()

    def stop_drawing(self) -> None:
        """Draw and Select let go of the mouse (another mode is taking it)."""
        self.draw.set_mode(CanvasMode.VIEW)

    def _layout_off(self) -> None:
        if self.layout_mode.active:
            self.layout_button.setChecked(False)
            self.layout_mode.set_active(False)

    def leave_page_modes(self) -> None:
        """Back to the preview's own balloon handling (Draw or Select is taking the mouse)."""
        self.set_mode("balloons")
        self._layout_off()

    def set_mode(self, key: str) -> None:
        """Switch to the mode `key` ("balloons": the preview's own)."""
        if key != "balloons":
            self.stop_drawing()
            self._layout_off()
        if self.mode is not None:
            self.mode.deactivate()
        self.mode = self.modes.get(key)
        if self.mode is not None:
            self.mode.activate()
        self.show_mode()

    # ---- rendering
    def set_edition(self, language: str | None) -> None:
        """Draw the pages with `language`'s words (None: the script's own)."""
        self.edition = language
        self.refresh()

    def refresh(self) -> None:
        if not self.tasks.closed:
            self._debounce.start()

    def _panel_changed(self, panel_id: str) -> None:
        self.draw.panel_changed(panel_id)
        # Only the panels on the page being shown change what it looks like.
        if self.current is None or any(f.panel_id == panel_id for f in self.current.page.frames):
            self.refresh()

    def refresh_now(self) -> None:
        """Render the current page on the worker (one at a time; the latest request wins)."""
        if self.tasks.closed:
            return  # the window is closing: a redraw asked for now would outlive it
        if self._rendering:
            self._again = True
            return
        if not self.doc.project.panels and not self.doc.project.title:
            self.view.pixmap_item.setPixmap(QPixmap())
            self.page_label.setText("–")
            self.current = None
            return
        project = snapshot_project(self.doc.project)
        if self.edition in project.editions:
            from model.project.editions import apply_edition

            project = apply_edition(project, self.edition)
        index, want = self.page_index, self._want_panel
        self._want_panel = None
        self._rendering = True
        note = self.tr("no picture yet")  # translated here: the worker must not touch Qt's translators
        self.tasks.run(lambda: render_preview(project, index, want, note), self._shown, self._failed)

    def _shown(self, result: RenderedPage) -> None:
        self._rendering = False
        if self.tasks.closed:
            return  # drawn just before the window closed
        self.current = result
        if not self._again:  # a page asked for while this one was drawing (Next, Previous) is not undone
            self.page_index = result.index
        self.view.pixmap_item.setPixmap(QPixmap.fromImage(result.image))
        self.view.scene().setSceneRect(QRectF(result.image.rect()))
        if self.view.fit:
            self.view.fitInView(self.view.pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)
        self.page_label.setText(self.tr("Page {n} of {count}").format(n=result.index + 1, count=result.count))
        self.prev_button.setEnabled(result.index > 0)
        self.next_button.setEnabled(result.index < result.count - 1)
        count = len(result.warnings)
        self.warning_label.setText(self.tr("{n} lettering warnings").format(n=count) if count else "")
        self.warning_label.setToolTip("\n".join(result.warnings))
        self.layout_mode.page_shown()
        if self.mode is not None:
            self.mode.page_shown()
        self.draw.page_shown()
        self.rendered.emit()
        if self._again:
            self._again = False
            self.refresh_now()

    def _failed(self, message: str) -> None:
        self._rendering = False
        self.warning_label.setText(message)
        self.warning_label.setToolTip(message)
        if self._again:
            self._again = False
            self.refresh_now()

    def show_panel(self, panel_id: str) -> None:
        """Turn to the page that holds `panel_id` (if it is not already showing)."""
        if self.current and any(f.panel_id == panel_id for f in self.current.page.frames):
            return
        self._want_panel = panel_id
        self.refresh()

    def frame_rect(self, panel_id: str) -> QRectF | None:
        """Where `panel_id`'s picture is on the page shown, in scene pixels; None when it is not on it."""
        if self.current is None:
            return None
        frame = next((f for f in self.current.page.frames if f.panel_id == panel_id), None)
        if frame is None:
            return None
        r = frame.rect
        return QRectF(self.to_pixels(r.x), self.to_pixels(r.y), self.to_pixels(r.w), self.to_pixels(r.h))

    def focus_on(self, rect: QRectF) -> None:
        """Zoom so `rect` (a panel being drawn on) fills the view, with a little of the page around it."""
        self.view.fit = False
        margin = max(rect.width(), rect.height()) * 0.04
        self.view.fitInView(rect.adjusted(-margin, -margin, margin, margin), Qt.AspectRatioMode.KeepAspectRatio)

    def panel_at(self, scene_pos: QPointF) -> str | None:
        found = self.balloons.hit(scene_pos)
        return found[0].panel_id if found else None

    def busy(self) -> bool:
        """True while a page is being drawn or another is waiting to be."""
        return self._rendering or self._again

    def go_to_page(self, index: int) -> None:
        if self.current is None or not 0 <= index < self.current.count:
            return
        self.page_index = index
        self.refresh_now()

    def zoom(self, factor: float) -> None:
        self.view.fit = False
        self.view.scale(factor, factor)

    def fit(self) -> None:
        self.view.fit = True
        self.view.resetTransform()
        self.view.fitInView(self.view.pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)

    def shutdown(self) -> None:
        """Draw nothing more; a page being drawn finishes (bounded) before the window goes."""
        self.draw.keep(wait=True)  # an unkept drawing becomes a version before the window goes
        self.draw.close_canvas()
        self.draw.tasks.shutdown(3000)
        self._debounce.stop()
        self.tasks.shutdown(3000)

    # ---- page settings
    def _sync_toolbar(self) -> None:
        p = self.doc.project
        select_layout(self.layout_box, p.layout)
        self.size_box.setCurrentText(p.page.page_size)

    def _page_edit(self, layout: str | None = None, page_size: str | None = None) -> None:
        p = self.doc.project
        new_layout = layout or p.layout
        page = copy.copy(p.page)
        if page_size:
            page.page_size = page_size.strip()
        if new_layout == p.layout and page.page_size == p.page.page_size:
            return
        self.stack.push(SetPageCommand(self.doc, new_layout, page, self.tr("Change page settings")))

    def edit_page_settings(self) -> None:
        dialog = PageSettingsDialog(self.doc.project.page, self)
        if dialog.exec():
            self.stack.push(SetPageCommand(self.doc, self.doc.project.layout, dialog.result_settings(),
                                           self.tr("Change page settings")))

    # ---- balloons: hit tests are in page points, the scene is in preview pixels
    def to_points(self, scene_pos: QPointF) -> tuple[float, float]:
        """A scene point (preview pixels) in page points, for the modes working on the page."""
        s = 72.0 / self.current.dpi
        return scene_pos.x() * s, scene_pos.y() * s

    def to_pixels(self, value: float) -> float:
        """A length in page points in preview pixels."""
        return value * self.current.dpi / 72.0

    def press(self, scene_pos: QPointF) -> bool:
        if self.layout_mode.active:
            return self.current is not None and self.layout_mode.press(scene_pos)
        if self.mode is not None:
            return self.mode.press(scene_pos)
        return self.balloons.press(scene_pos)

    def drag_to(self, scene_pos: QPointF) -> None:
        if self.layout_mode.active:
            self.layout_mode.drag_to(scene_pos)
        elif self.mode is not None:
            self.mode.drag_to(scene_pos)
        else:
            self.balloons.drag_to(scene_pos)

    def release(self, scene_pos: QPointF) -> None:
        if self.layout_mode.active:
            self.layout_mode.release(scene_pos)
        elif self.mode is not None:
            self.mode.release(scene_pos)
        else:
            self.balloons.release(scene_pos)

    def double_click(self, scene_pos: QPointF) -> None:
        # a double-click edits a balloon's words only where balloons are being worked on
        if not self.layout_mode.active and self.mode is None:
            self.balloons.double_click(scene_pos)

"""The page preview's Draw and Select modes: a toolbar row and the panel canvas it drives.

The preview hands presses, moves, releases and tablet events here while a mode other than View is on.
The first press on a panel opens a `PanelCanvas` over it; Draw paints its drawing layer (pen with tablet
pressure, pencil, eraser, fill, the style's colours, brush size; Ctrl+Z undoes a stroke) and "Keep
drawing" makes it a new version of the panel, as does leaving the panel or the mode. Select marks part of
the picture (rectangle, lasso, brush; Shift adds) and "Redraw selection…" sends it with an instruction
to the generation worker, which adds the result to the refine thread.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPointingDevice
from PySide6.QtWidgets import (
    QButtonGroup, QHBoxLayout, QInputDialog, QLabel, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from model.picture.drawing import flatten_drawing, record_drawing
from model.prompt.compose import request_prompt
from model.script.styles import panel_style
from ui.commands import RecordedChangeCommand
from ui.preview.panel_canvas import DRAW_TOOLS, SELECT_TOOLS, PanelCanvas, CanvasMode, Tool
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.preview.modes import PreviewHost

BASIC_SWATCHES = ((20, 20, 24), (255, 255, 255), (200, 40, 40), (240, 160, 40), (250, 220, 60), (60, 150, 70),
                  (50, 110, 200), (120, 80, 160))
MAX_SWATCHES = 10


class DrawMode(QObject):
    """Owns the Draw/Select toolbar row and the canvas of the panel being edited."""

    modeChanged = Signal(str)
    redrawRequested = Signal(str, object, str, str)  # panel id, selection mask (uint8 array), instruction, version id
    fromDrawingRequested = Signal(str, str)  # panel id, instruction ("" for none)

    def __init__(self, preview: PreviewHost) -> None:
        super().__init__(preview)
        self.preview = preview
        self.mode = CanvasMode.VIEW
        self.canvas: PanelCanvas | None = None
        self.tasks = TaskRunner(self, threads=1)  # keeps flatten in order, off the window's thread
        self._keeping = 0
        self._tool: Tool | None = None  # the tool last chosen, kept from panel to panel
        self._restore_tool: Tool | None = None  # while a pen's eraser end is down, the tool to go back to
        self.bar = QWidget()
        self._build()
        self._sync()

    # ---- the toolbar row
    def _button(self, text: str, tip: str, slot=None, checkable: bool = False) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setCheckable(checkable)
        if slot is not None:
            b.clicked.connect(slot)
        self.row.addWidget(b)
        return b

    def _build(self) -> None:
        rows = QVBoxLayout(self.bar)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(0)
        self.row = self.mode_row = QHBoxLayout()  # the modes, then the tools
        self.row.setContentsMargins(4, 0, 4, 2)
        rows.addLayout(self.row)
        tr = self.preview.tr
        self.modes = QButtonGroup(self)
        self.mode_buttons: dict[CanvasMode, QToolButton] = {}
        for mode, text, tip in ((CanvasMode.VIEW, tr("View"), tr("Look at the page; drag balloons and their tails")),
                                (CanvasMode.DRAW, tr("Draw"), tr("Draw on a panel: click the panel, then draw")),
                                (CanvasMode.SELECT, tr("Select"), tr("Select part of a panel to redraw only that part"))):
            b = self._button(text, tip, checkable=True)
            b.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            self.modes.addButton(b)
            self.mode_buttons[mode] = b
        self.mode_buttons[CanvasMode.VIEW].setChecked(True)
        self.row.addSpacing(10)
        self.tools = QButtonGroup(self)
        self.tool_buttons: dict[Tool, QToolButton] = {}
        names = {Tool.PEN: (tr("Pen"), tr("Ink with pressure from a tablet")), Tool.PENCIL: (tr("Pencil"), tr("A thin pencil line")),
                 Tool.ERASER: (tr("Eraser"), tr("Erase the drawing (never the picture beneath)")),
                 Tool.FILL: (tr("Fill"), tr("Fill an area of like colour")),
                 Tool.RECT: (tr("Rectangle"), tr("Select a rectangle; Shift adds to the selection")),
                 Tool.LASSO: (tr("Lasso"), tr("Select by drawing around a part; Shift adds")),
                 Tool.BRUSH: (tr("Brush"), tr("Paint the selection"))}
        for tool, (text, tip) in names.items():
            b = self._button(text, tip, checkable=True)
            b.clicked.connect(lambda _c=False, t=tool: self.set_tool(t))
            self.tools.addButton(b)
            self.tool_buttons[tool] = b
        self.size_label = QLabel(tr("Size"))
        self.row.addWidget(self.size_label)
        self.size_box = QSpinBox()
        self.size_box.setRange(1, 200)
        self.size_box.setValue(12)
        self.size_box.valueChanged.connect(self._size_changed)
        self.row.addWidget(self.size_box)
        self.swatch_row = QHBoxLayout()
        self.swatch_row.setSpacing(2)
        self.row.addLayout(self.swatch_row)
        self.swatches: list[QToolButton] = []
        self.row.addStretch(1)
        self.row = self.second_row = QHBoxLayout()  # the actions go on a second line: the preview is narrow
        self.row.setContentsMargins(4, 0, 4, 2)
        self.undo_button = self._button("↶", tr("Undo the last stroke (Ctrl+Z)"), self.undo)
        self.redo_button = self._button("↷", tr("Redo the stroke (Ctrl+Shift+Z)"), self.redo)
        self.keep_button = self._button(tr("Keep drawing"), tr("Keep the drawing as a new version of the panel"), self.keep)
        self.picture_button = self._button(tr("Picture from drawing…"), tr("Turn the drawing into a finished picture"),
                                           self.picture_from_drawing)
        self.clear_button = self._button(tr("Clear selection"), tr("Select nothing"), self.clear_selection)
        self.redraw_button = self._button(tr("Redraw selection…"), tr("Redraw only the selected part, following an instruction"),
                                          self.redraw_selection)
        self.row.addStretch(1)
        self.swatch_row.addStretch(0)
        rows.addLayout(self.second_row)

    def _fill_swatches(self) -> None:
        for b in self.swatches:
            self.swatch_row.removeWidget(b)
            b.deleteLater()
        self.swatches = []
        colours = list(BASIC_SWATCHES)
        panel = self.preview.doc.panel(self.canvas.panel_id) if self.canvas else None
        look = panel_style(self.preview.doc.project, panel).look if panel is not None else None
        if look is not None:  # the style's own ink, palette and paper first
            colours = [look.ink, *(look.palette or ()), look.paper] + [c for c in BASIC_SWATCHES[:3]]
        seen: list[tuple[int, int, int]] = []
        for rgb in colours:
            if tuple(rgb) not in seen and len(seen) < MAX_SWATCHES:
                seen.append(tuple(rgb))
        for rgb in seen:
            b = QToolButton()
            b.setFixedSize(18, 18)
            b.setToolTip(QColor(*rgb).name())
            b.setStyleSheet(f"background: rgb{rgb}; border: 1px solid #555;")
            b.clicked.connect(lambda _c=False, c=rgb: self.set_colour(QColor(*c)))
            self.swatch_row.addWidget(b)
            self.swatches.append(b)
        if self.canvas is not None and seen:
            self.canvas.colour = QColor(*seen[0])

    def _sync(self) -> None:
        drawing, selecting = self.mode == CanvasMode.DRAW, self.mode == CanvasMode.SELECT
        for tool, b in self.tool_buttons.items():
            b.setVisible((drawing and tool in DRAW_TOOLS) or (selecting and tool in SELECT_TOOLS))
            b.setChecked(self.canvas is not None and self.canvas.tool == tool)
        for w in (self.size_label, self.size_box):
            w.setVisible(drawing or selecting)
        for b in self.swatches:
            b.setVisible(drawing)
        canvas = self.canvas
        for b in (self.undo_button, self.redo_button, self.keep_button, self.picture_button):
            b.setVisible(drawing)
        for b in (self.clear_button, self.redraw_button):
            b.setVisible(selecting)
        self.undo_button.setEnabled(bool(canvas and canvas.undo_stack.canUndo()))
        self.redo_button.setEnabled(bool(canvas and canvas.undo_stack.canRedo()))
        self.keep_button.setEnabled(bool(canvas and canvas.dirty))
        self.picture_button.setEnabled(bool(canvas and (canvas.dirty or canvas.has_drawing())))
        has_selection = bool(canvas and canvas.mode == CanvasMode.SELECT and canvas.selection_mask().any())
        self.clear_button.setEnabled(has_selection)
        self.redraw_button.setEnabled(has_selection and canvas is not None and canvas.base is not None)

    # ---- modes, tools, panels
    def set_mode(self, mode: CanvasMode) -> None:
        if mode == self.mode:
            return
        self.close_canvas()
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        if mode != CanvasMode.VIEW:
            self.preview.leave_page_modes()  # drawing takes the mouse: Stage and Layout let go of it
        if mode == CanvasMode.VIEW:
            self.preview.fit()
        self.modeChanged.emit(mode.value)
        self._sync()

    def set_tool(self, tool: Tool) -> None:
        if self.canvas is not None:
            self.canvas.tool = tool
        self._tool = tool
        self._sync()

    def set_colour(self, colour: QColor) -> None:
        if self.canvas is not None:
            self.canvas.colour = colour

    def _size_changed(self, value: int) -> None:
        if self.canvas is not None:
            self.canvas.size = float(value)

    def open_canvas(self, panel_id: str) -> PanelCanvas | None:
        """Start drawing on (or selecting in) the panel `panel_id` on the page shown; the previous one is kept."""
        frame = self.preview.frame_rect(panel_id)
        panel = self.preview.doc.panel(panel_id)
        if frame is None or panel is None or self.mode == CanvasMode.VIEW:
            return None
        self.close_canvas()
        self.canvas = PanelCanvas(self.preview.view.scene(), self.preview.doc.project, panel, frame, self.mode)
        self.canvas.on_change = self._sync
        self.canvas.size = float(self.size_box.value())
        tool = self._tool
        if tool is not None and tool in (DRAW_TOOLS if self.mode == CanvasMode.DRAW else SELECT_TOOLS):
            self.canvas.tool = tool
        self.canvas.undo_stack.indexChanged.connect(lambda _i: self._sync())
        self.preview.focus_on(frame)  # drawn at a size a hand can draw at
        self._fill_swatches()
        self._sync()
        return self.canvas

    def close_canvas(self) -> None:
        """Leave the panel: an unkept drawing is kept as a version first (nothing drawn is lost)."""
        if self.canvas is None:
            return
        if self.canvas.dirty and self.canvas.mode == CanvasMode.DRAW:
            self.keep()
        self.canvas.remove()
        self.canvas = None
        self._sync()

    def page_shown(self) -> None:
        """The page was drawn again (another layout, page size, page): the canvas follows its panel's frame,
        and is closed (its drawing kept) when the panel is no longer on the page."""
        canvas = self.canvas
        if canvas is None:
            return
        frame = self.preview.frame_rect(canvas.panel_id)
        if frame is None:
            self.close_canvas()
        elif frame != canvas.frame:
            canvas.place(frame)

    def panel_changed(self, panel_id: str) -> None:
        """The panel's versions changed (a part redraw came back, another version was chosen): a canvas
        with nothing unkept on it is opened again over what the panel shows now."""
        canvas = self.canvas
        if canvas is None or canvas.panel_id != panel_id or canvas.dirty:
            return
        panel = self.preview.doc.panel(panel_id)
        selected = panel.images.selected if panel is not None else None
        if (selected.id if selected else None) != canvas.built_for:
            self.open_canvas(panel_id)

    # ---- events from the preview (scene coordinates)
    def press(self, scene_pos: QPointF, pressure: float = 1.0, adding: bool = False, eraser: bool = False) -> bool:
        """A press (mouse or pen; `eraser`: the pen's eraser end, which erases whatever tool is chosen)."""
        if self.mode == CanvasMode.VIEW:
            return False
        if self.canvas is not None and self.canvas.contains(scene_pos):
            if eraser and self.mode == CanvasMode.DRAW:
                self._restore_tool, self.canvas.tool = self.canvas.tool, Tool.ERASER
            self.canvas.begin(scene_pos, pressure, adding)
            return True
        panel_id = self.preview.panel_at(scene_pos)
        if panel_id is not None:
            self.preview.panelClicked.emit(panel_id)
            self.open_canvas(panel_id)
        return True

    def move(self, scene_pos: QPointF, pressure: float = 1.0) -> QRectF:
        return self.canvas.segment(scene_pos, pressure) if self.canvas is not None else QRectF()

    def release(self, scene_pos: QPointF) -> None:
        if self.canvas is not None:
            self.canvas.end(scene_pos)
            if self._restore_tool is not None:
                self.canvas.tool, self._restore_tool = self._restore_tool, None

    def tablet(self, event, scene_pos: QPointF) -> bool:
        """A pen on a tablet draws with its pressure (its eraser end erases); False in View mode."""
        if self.mode == CanvasMode.VIEW:
            return False
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            adding = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.press(scene_pos, event.pressure(), adding, event.pointerType() == QPointingDevice.PointerType.Eraser)
        elif kind == QEvent.Type.TabletMove and event.buttons() & Qt.MouseButton.LeftButton:
            self.move(scene_pos, event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self.release(scene_pos)
        event.accept()  # so Qt makes no mouse events of it
        return True

    def takes_shortcut(self, event) -> bool:
        """While drawing, the view keeps Ctrl+Z / Ctrl+Shift+Z for strokes (a ShortcutOverride it accepts)."""
        return event.type() == QEvent.Type.ShortcutOverride and self.can_undo_strokes() and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))

    def key(self, event) -> bool:
        """Undo or redo a stroke from the keyboard; False for any other key."""
        if not self.can_undo_strokes():
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.redo()
        else:
            return False
        return True

    def undo(self) -> None:
        if self.canvas is not None:
            self.canvas.undo_stack.undo()

    def redo(self) -> None:
        if self.canvas is not None:
            self.canvas.undo_stack.redo()

    def can_undo_strokes(self) -> bool:
        return self.canvas is not None and self.mode == CanvasMode.DRAW

    # ---- what the user asks for
    def keep(self, wait: bool = False) -> None:
        """The drawing as a new version of the panel (one undo step of the document), over the picture
        beneath. Flattening and encoding run on a worker; with `wait` (saving, exporting, closing) they
        run here and every keep still in flight is applied before this returns."""
        canvas = self.canvas
        if canvas is not None and canvas.dirty and canvas.started_empty and not canvas.has_drawing():
            canvas.dirty = False  # drawn and undone back to nothing: no version to make
        if canvas is not None and canvas.dirty:
            project = self.preview.doc.project
            under = canvas.under
            picture_png = project.images.get(under.sha256) if under is not None and under.sha256 in project.images else None
            layer, panel_id = canvas.layer_image(), canvas.panel_id
            canvas.dirty = False
            self._keeping += 1
            if wait:
                self._kept(panel_id, under, flatten_drawing(picture_png, layer))
            else:
                self.tasks.run(lambda: flatten_drawing(picture_png, layer),
                               lambda flat: self._kept(panel_id, under, flat), self._keep_failed)
            self._sync()
        if wait and self._keeping:
            self.tasks.wait()
            QCoreApplication.sendPostedEvents()  # the answers of keeps that were in flight

    def _kept(self, panel_id: str, under, flat) -> None:
        self._keeping -= 1
        doc = self.preview.doc
        project = doc.project
        if doc.panel(panel_id) is None:
            return  # the panel was deleted meanwhile

        def change() -> None:
            panel = project.panel(panel_id)
            if panel is not None:
                record_drawing(project, panel, flat, under, request_prompt(project, panel))

        number = next((i for i, p in enumerate(project.panels, start=1) if p.id == panel_id), 0)
        self.preview.stack.push(RecordedChangeCommand(doc, "panel", panel_id, change,
                                                      self.preview.tr("Draw on panel {n}").format(n=number)))
        canvas = self.canvas
        if canvas is not None and canvas.panel_id == panel_id:
            panel = doc.panel(panel_id)
            canvas.built_for = panel.images.selected.id if panel is not None and panel.images.selected else None
        self._sync()

    def _keep_failed(self, message: str) -> None:
        self._keeping -= 1
        self.preview.warning_label.setText(message)

    def busy(self) -> bool:
        """True while a kept drawing is still being flattened."""
        return self._keeping > 0

    def picture_from_drawing(self) -> None:
        canvas = self.canvas
        if canvas is None:
            return
        words, ok = QInputDialog.getText(self.preview, self.preview.tr("Picture from drawing"),
                                         self.preview.tr("Anything to add (optional):"))
        if not ok:
            return
        self.keep(wait=True)  # the picture is made from the drawing as it is now
        self.fromDrawingRequested.emit(canvas.panel_id, words.strip())

    def clear_selection(self) -> None:
        if self.canvas is not None:
            self.canvas.clear_selection()

    def redraw_selection(self, instruction: str | None = None) -> None:
        """Ask for what to draw in the selection (unless given) and send it to the generation worker."""
        canvas = self.canvas
        if canvas is None or canvas.base is None:
            return
        mask = canvas.selection_mask()
        if not mask.any():
            return
        if instruction is None:
            instruction, ok = QInputDialog.getText(self.preview, self.preview.tr("Redraw selection"),
                                                   self.preview.tr("What should the selected part show?"))
            if not ok:
                return
        if instruction.strip():
            self.redrawRequested.emit(canvas.panel_id, np.ascontiguousarray(mask), instruction.strip(), canvas.base.id)

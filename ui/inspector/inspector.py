"""The inspector for the selected panel: shot, setting, action, lines, the exact prompt, Generate / Retry,
and the refine thread (ui/inspector/refine_thread.py). Every edit is one undo command."""
from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QScrollArea, QTabWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, QHeaderView,
)

from model.project.project import LINE_KINDS, SHOTS, Line
from ui.commands import SetPanelFieldCommand
from ui.debounced_text import DebouncedTextEdit
from ui.document import ProjectDocument
from ui.inspector.edition_lines import EditionLines
from ui.board.panel_board import status_label
from ui.inspector.refine_thread import RefineThread
from ui.board.thumbnails import ThumbnailCache


class Inspector(QScrollArea):
    def __init__(self, doc: ProjectDocument, stack: QUndoStack, thumbnails: ThumbnailCache, generation) -> None:
        super().__init__()
        self.doc, self.stack, self.thumbnails, self.generation = doc, stack, thumbnails, generation
        self.panel_id: str | None = None
        self._loading = False
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold; font-size: 14px;")
        outer.addWidget(self.heading)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b71c1c; background: #fdecea; padding: 6px; border-radius: 4px;")
        outer.addWidget(self.error_label)

        form = QFormLayout()
        self.shot = QComboBox()
        self.shot.addItem(self.tr("(any)"), None)
        for s in SHOTS:
            self.shot.addItem(self.tr(s), s)
        self.shot.activated.connect(lambda _i: self._edit("shot", self.shot.currentData()))
        form.addRow(self.tr("Shot"), self.shot)
        self.setting = QComboBox()
        self.setting.activated.connect(lambda _i: self._edit("setting", self.setting.currentData()))
        form.addRow(self.tr("Setting"), self.setting)
        self.action = DebouncedTextEdit()
        self.action.setFixedHeight(80)
        self.action.committed.connect(lambda text: self._edit("action", text))
        form.addRow(self.tr("Action"), self.action)
        # For film storyboards: the shot's name (kept when the panel moves), camera move and production notes.
        self.shot_name = QLineEdit()
        self.shot_name.setMaxLength(40)
        self.shot_name.editingFinished.connect(lambda: self._edit("shot_name", " ".join(self.shot_name.text().split())))
        form.addRow(self.tr("Shot name"), self.shot_name)
        self.camera = QLineEdit()
        self.camera.setPlaceholderText(self.tr("static"))
        self.camera.editingFinished.connect(lambda: self._edit("camera", " ".join(self.camera.text().split())))
        form.addRow(self.tr("Camera"), self.camera)
        self.notes = DebouncedTextEdit()
        self.notes.setFixedHeight(50)
        self.notes.committed.connect(lambda text: self._edit("notes", text.strip()))
        form.addRow(self.tr("Notes"), self.notes)
        outer.addLayout(form)

        outer.addWidget(QLabel(self.tr("Lines (typeset, never drawn by the image model)")))
        self.lines = QTableWidget(0, 3)
        self.lines.setHorizontalHeaderLabels([self.tr("Speaker"), self.tr("Kind"), self.tr("Words")])
        self.lines.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines.verticalHeader().hide()
        self.lines.setMaximumHeight(150)
        self.lines.itemChanged.connect(self._commit_lines)
        outer.addWidget(self.lines)
        row = QHBoxLayout()
        add_line = QPushButton(self.tr("Add line"))
        add_line.clicked.connect(self._add_line)
        remove_line = QPushButton(self.tr("Remove line"))
        remove_line.clicked.connect(self._remove_line)
        row.addWidget(add_line)
        row.addWidget(remove_line)
        row.addStretch(1)
        outer.addLayout(row)
        self.edition_lines = EditionLines(doc, stack)  # the lines in the edition shown (Editions menu)
        outer.addWidget(self.edition_lines)

        outer.addWidget(QLabel(self.tr("Prompt sent to the image model (read-only)")))
        self.prompt = QPlainTextEdit()
        self.prompt.setReadOnly(True)
        self.prompt.setFixedHeight(120)
        self.prompt.setStyleSheet("background: #f4f2ee; color: #444;")
        outer.addWidget(self.prompt)

        buttons = QHBoxLayout()
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.clicked.connect(self._generate)
        buttons.addWidget(self.generate_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.thread = RefineThread(doc, stack, thumbnails, generation)
        outer.addWidget(self.thread)
        outer.addStretch(1)

        doc.panelChanged.connect(lambda pid: self.show_panel(pid) if pid == self.panel_id else None)
        doc.reset.connect(lambda: self.show_panel(self.panel_id if self.doc.panel(self.panel_id or "") else None))
        doc.charactersChanged.connect(lambda: self.show_panel(self.panel_id))
        for sig in (doc.reordered, doc.inserted, doc.removed):
            sig.connect(lambda: self.show_panel(self.panel_id))
        self.show_panel(None)

    # ---- showing
    def show_panel(self, panel_id: str | None) -> None:
        """Fill the fields from the panel (or empty them); never pushes a command."""
        if self.panel_id != panel_id:
            self.action.flush()  # typed words belong to the panel they were typed for
            self.notes.flush()
        panel = self.doc.panel(panel_id) if panel_id else None
        self.panel_id = panel.id if panel else None
        self.edition_lines.show_panel(self.panel_id)
        self._loading = True
        try:
            self.widget().setEnabled(panel is not None)
            if panel is None:
                self.heading.setText(self.tr("No panel selected"))
                self.error_label.hide()
                self.action.show_text("")
                self.notes.show_text("")
                self.shot_name.setText("")
                self.camera.setText("")
                self.prompt.setPlainText("")
                self.lines.setRowCount(0)
                self.thread.show_panel(None)
                return
            from model.prompt.compose import request_prompt
            from model.prompt.status import panel_status

            status = self.generation.job_state(panel.id) or panel_status(self.doc.project, panel)
            number = self.doc.row_of(panel.id) + 1
            self.heading.setText(self.tr("Panel {n}").format(n=number) + f"  ·  {status_label(status)}")
            self.error_label.setVisible(bool(panel.error))
            self.error_label.setText(self.tr("Failed: {error}").format(error=panel.error or ""))
            self.shot.setCurrentIndex(max(0, self.shot.findData(panel.shot)))
            self.setting.clear()
            self.setting.addItem(self.tr("(continues from the previous panel)"), None)
            for s in self.doc.project.settings:
                self.setting.addItem(s.name, s.name)
            if panel.setting and self.setting.findData(panel.setting) < 0:
                self.setting.addItem(panel.setting, panel.setting)
            self.setting.setCurrentIndex(max(0, self.setting.findData(panel.setting)))
            self.action.show_text(panel.action)
            from model.script.scenes import shot_names

            self.shot_name.setText(panel.shot_name)
            self.shot_name.setPlaceholderText(shot_names(self.doc.project).get(panel.id, ""))  # the name its place gives it
            self.camera.setText(panel.camera)
            self.notes.show_text(panel.notes)
            self._fill_lines(panel.lines)
            self.prompt.setPlainText(request_prompt(self.doc.project, panel))  # exactly what is sent and recorded
            self.thread.show_panel(panel.id)
            failed = status == "failed"
            self.generate_button.setText(self.tr("Retry") if failed else
                                         self.tr("Regenerate") if panel.images.versions else self.tr("Generate"))
        finally:
            self._loading = False

    def _fill_lines(self, lines: list[Line]) -> None:
        self.lines.setRowCount(len(lines))
        for r, line in enumerate(lines):
            self.lines.setItem(r, 0, QTableWidgetItem(line.speaker or ""))
            kind = QComboBox()
            for k in LINE_KINDS:
                kind.addItem(self.tr(k), k)
            kind.setCurrentIndex(max(0, kind.findData(line.kind)))
            kind.activated.connect(lambda _i, r=r: self._commit_lines())
            self.lines.setCellWidget(r, 1, kind)
            self.lines.setItem(r, 2, QTableWidgetItem(line.text))

    # ---- editing
    def _edit(self, name: str, value: object) -> None:
        panel = self.doc.panel(self.panel_id) if self.panel_id else None
        if panel is None or self._loading or getattr(panel, name) == value:
            return
        self.stack.push(SetPanelFieldCommand(self.doc, panel.id, name, value, self.tr("Edit {field}").format(field=name)))

    def _lines_from_table(self) -> list[Line]:
        lines = []
        for r in range(self.lines.rowCount()):
            speaker = (self.lines.item(r, 0).text() if self.lines.item(r, 0) else "").strip() or None
            kind = self.lines.cellWidget(r, 1).currentData() if self.lines.cellWidget(r, 1) else "speech"
            text = (self.lines.item(r, 2).text() if self.lines.item(r, 2) else "").strip()
            if kind in ("caption", "sfx"):
                speaker = None
            if text:
                lines.append(Line(kind, text, speaker))
        return lines

    def _commit_lines(self, *_args) -> None:
        if not self._loading:
            self._edit("lines", self._lines_from_table())

    def _add_line(self) -> None:
        panel = self.doc.panel(self.panel_id) if self.panel_id else None
        if panel is not None:
            self._edit("lines", list(panel.lines) + [Line("caption", self.tr("New caption"))])

    def _remove_line(self) -> None:
        panel = self.doc.panel(self.panel_id) if self.panel_id else None
        row = self.lines.currentRow()
        if panel is not None and 0 <= row < len(panel.lines):
            self._edit("lines", [ln for i, ln in enumerate(panel.lines) if i != row])

    def _generate(self) -> None:
        """Generate, Regenerate or Retry (after a failure): always draws this panel anew."""
        if self.panel_id:
            self.generation.generate([self.panel_id], force=True)

    def refine(self) -> None:
        """Refine… (Ctrl+R): bring this panel's thread into view, ready for the next instruction."""
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, QTabWidget):
            holder = holder.parentWidget()
        if holder is not None:
            holder.setCurrentWidget(self)
        self.ensureWidgetVisible(self.thread.instruction)
        self.thread.focus_instruction()

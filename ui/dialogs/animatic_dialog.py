"""Export ▸ Animatic…: choose how the words are shown, push-ins and the size, watch the film play in
the window, then write it as an MP4 or a GIF on a worker with progress and cancel.

The preview plays the same shots the export writes (`export.video.shots`): each shot's still is drawn once on
a worker at preview size, then a timer steps through them for their durations, zooming the picture of
a push-in as the export does. PySide6-Essentials has no QtMultimedia, so the preview never needs a
video decoder.
"""
from __future__ import annotations

import threading
from pathlib import Path

import shiboken6

from PySide6.QtCore import QElapsedTimer, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QVBoxLayout, QWidget,
)

from export.video.shots import PUSH_IN, SIZES, AnimaticOptions, Film, plan_film, render_still
from model.project.project import Project
from ui.document import snapshot_project
from ui.tasks import TaskRunner

PREVIEW_WIDTH = 640
TICK_MS = 40  # the preview steps 25 times a second


def preview_film(project: Project, options: AnimaticOptions) -> tuple[Film, list[QImage]]:
    """On a worker: the film's shots and each shot's still at preview size (QImage is safe off the GUI thread)."""
    small = AnimaticOptions(options.dialogue, options.push_in, PREVIEW_WIDTH, PREVIEW_WIDTH * 9 // 16, 25)
    film = plan_film(project, small)
    stills = []
    for shot in film.shots:
        still = render_still(film, shot, project.images)
        data = still.tobytes()
        stills.append(QImage(data, still.width, still.height, still.width * 3, QImage.Format.Format_RGB888).copy())
    return film, stills


class AnimaticScreen(QWidget):
    """Paints the current shot's still, letterboxed, zoomed into its picture during a push-in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 270)
        self.image: QImage | None = None
        self.zoom_box = QRectF()
        self.zoom = 1.0

    def show_frame(self, image: QImage | None, zoom_box: QRectF, zoom: float) -> None:
        self.image, self.zoom_box, self.zoom = image, zoom_box, zoom
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self.image is None:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * scale, self.image.height() * scale
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        painter.drawImage(target, self.image)
        if self.zoom > 1.0 and not self.zoom_box.isEmpty():
            box = self.zoom_box
            cw, ch = box.width() / self.zoom, box.height() / self.zoom
            source = QRectF(box.x() + (box.width() - cw) / 2, box.y() + (box.height() - ch) / 2, cw, ch)
            dest = QRectF(target.x() + box.x() * scale, target.y() + box.y() * scale, box.width() * scale, box.height() * scale)
            painter.drawImage(dest, self.image, source)


class _Relay(QObject):
    progress = Signal(int, int)  # emitted on the worker, delivered on the GUI thread


class AnimaticDialog(QDialog):
    """Options, a playing preview, and Export (MP4 or GIF by the file name) with progress and cancel."""

    exported = Signal(str)  # the file written

    def __init__(self, project: Project, base_path: Path | None, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.tasks = project, tasks
        self.setWindowTitle(self.tr("Export Animatic"))
        self.film: Film | None = None
        self.stills: list[QImage] = []
        self.position = 0.0  # seconds into the preview
        self.playing = True
        self._generation = 0  # which preview render is current (options may change while one runs)
        self._cancel: threading.Event | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.dialogue = QComboBox()
        self.dialogue.addItem(self.tr("Balloons over the picture"), "balloons")
        self.dialogue.addItem(self.tr("Subtitles under the picture"), "subtitles")
        form.addRow(self.tr("Dialogue"), self.dialogue)
        self.push_in = QCheckBox(self.tr("Slow push-in on wide shots"))
        form.addRow(self.tr("Camera"), self.push_in)
        self.size = QComboBox()
        for name, (w, h) in SIZES.items():
            self.size.addItem(f"{name} ({w}×{h})", name)
        form.addRow(self.tr("Size"), self.size)
        target_row = QHBoxLayout()
        stem = base_path.with_suffix("") if base_path else Path.home() / (project.title or "panelsmith")
        self.target = QLineEdit(str(stem.parent / (stem.name + ".mp4")))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        form.addRow(self.tr("Save to"), target_row)
        layout.addLayout(form)
        missing = sum(1 for p in project.panels if p.images.selected is None)
        if missing:
            note = QLabel(self.tr("{n} panel(s) have no picture yet and show as empty frames; "
                                  "draw them first with Generate ▸ Generate Missing Panels.").format(n=missing))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.screen_view = AnimaticScreen()
        layout.addWidget(self.screen_view, 1)
        controls = QHBoxLayout()
        self.play_button = QPushButton(self.tr("Pause"))
        self.play_button.clicked.connect(self.toggle_play)
        self.where = QLabel(self.tr("Preparing the preview…"))
        controls.addWidget(self.play_button)
        controls.addWidget(self.where, 1)
        layout.addLayout(controls)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton(self.tr("Cancel Export"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_export)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        for button in (self.export_button, self.cancel_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.relay = _Relay()  # no parent: a worker may still emit after the dialog has gone
        self.relay.progress.connect(self._progressed)
        self.clock = QElapsedTimer()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.dialogue.currentIndexChanged.connect(self.refresh_preview)
        self.push_in.toggled.connect(self.refresh_preview)
        self.resize(760, 720)
        self.refresh_preview()

    def options(self) -> AnimaticOptions:
        width, height = SIZES[self.size.currentData()]
        return AnimaticOptions(self.dialogue.currentData(), self.push_in.isChecked(), width, height)

    # ---- the preview
    def refresh_preview(self, *_args) -> None:
        """Draw the shots again on a worker (after an option changed); the old preview plays meanwhile."""
        self._generation += 1
        generation, project, options = self._generation, snapshot_project(self.project), self.options()
        self.tasks.run(lambda: (generation, preview_film(project, options)), self._previewed, self._preview_failed)

    def _previewed(self, answer) -> None:
        generation, (film, stills) = answer
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # an older render; a newer one is on its way
        self.film, self.stills = film, stills
        self.position = min(self.position, max(0.0, film.seconds - 1e-3))
        if self.playing and not self.timer.isActive():
            self.clock.start()
            self.timer.start()
        self._show()

    def _preview_failed(self, message: str) -> None:
        if shiboken6.isValid(self):
            self.where.setText(message)

    def toggle_play(self) -> None:
        self.playing = not self.playing
        self.play_button.setText(self.tr("Pause") if self.playing else self.tr("Play"))
        if not self.playing:
            self.timer.stop()
        elif self.film is not None:
            self.clock.start()
            self.timer.start()

    def _tick(self) -> None:
        if self.film is None or not self.film.shots:
            return
        self.position += self.clock.restart() / 1000.0
        if self.position >= self.film.seconds:
            self.position = 0.0  # the preview loops
        self._show()

    def current_shot(self) -> int:
        """The index of the shot the preview shows now."""
        if self.film is None:
            return 0
        frame = int(self.position * self.film.options.fps)
        return self.film.shots.index(self.film.shot_at(frame))

    def _show(self) -> None:
        if self.film is None or not self.film.shots:
            self.where.setText(self.tr("The project has no panels."))
            return
        index = self.current_shot()
        shot = self.film.shots[index]
        fps = self.film.options.fps
        zoom = 1.0
        if shot.push_in and shot.frames > 1:
            done = (self.position * fps - shot.first_frame) / (shot.frames - 1)
            zoom = 1.0 + PUSH_IN * max(0.0, min(1.0, done))
        scale = self.stills[index].width() / 640.0
        box = shot.zoom_box
        self.screen_view.show_frame(self.stills[index], QRectF(box.x * scale, box.y * scale, box.w * scale, box.h * scale), zoom)
        self.where.setText(self.tr("Panel {n} of {total} · {s:.1f} s · {at:.1f} / {length:.1f} s").format(
            n=shot.number, total=len(self.film.shots), s=shot.seconds, at=self.position, length=self.film.seconds))

    # ---- the export
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.target.text(),
                                              self.tr("Video (*.mp4);;Animated GIF (*.gif)"))
        if path:
            if not path.lower().endswith((".mp4", ".gif")):
                path += ".mp4"
            self.target.setText(path)

    def start_export(self) -> None:
        target = Path(self.target.text().strip()).expanduser()
        project, options, relay = snapshot_project(self.project), self.options(), self.relay
        if target.suffix.lower() == ".gif":
            options = AnimaticOptions(options.dialogue, options.push_in, options.width, options.height, 10)
        cancel = self._cancel = threading.Event()
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.status.setText(self.tr("Writing {name}…").format(name=target.name))
        self.tasks.run(lambda: _write(project, target, options, relay, cancel), self._written, self._failed)

    def cancel_export(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _written(self, target: Path) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog was closed while the file was being finished
        self._export_ended()
        self.status.setText(self.tr("Wrote {path}.").format(path=target))
        self.exported.emit(str(target))

    def _failed(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._export_ended()
        self.status.setText(message)

    def _export_ended(self) -> None:
        self._cancel = None
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    def reject(self) -> None:
        self.cancel_export()  # an export in flight stops; its file is never half-written
        self.timer.stop()
        super().reject()


def _write(project: Project, target: Path, options: AnimaticOptions, relay: _Relay, cancel: threading.Event) -> Path:
    """On a worker: the animatic written atomically, progress sent to the dialog, stopping when cancelled."""
    from export.video.animatic import write_animatic

    write_animatic(project, target, options, relay.progress.emit, cancel.is_set)
    return target


def open_animatic_dialog(window) -> None:
    """Export ▸ Animatic… from the main window."""
    window.editor.flush()
    dialog = AnimaticDialog(window.doc.project, window.doc.path or window.script_source, window.tasks, window)
    dialog.exec()
    dialog.deleteLater()  # its late answers from workers check that it is still there

"""The refine thread in the inspector: a panel's versions as a conversation, and the box for the next turn.

Each turn shows its picture beside the instruction that made it (model.project.refinethread derives them
from the versions, nothing else is stored); a branch is indented and says which version it left.
Clicking a turn uses that version (one undo step) and the next instruction continues from it. A turn
that failed shows its one sentence with Retry; an instruction that changes a character for good offers
to add a lasting detail to the script (one undo step, so later panels follow and go stale).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from model.errors import PanelsmithError
from model.prompt.lastingchange import LastingChange, detect_lasting, is_active, script_with_detail
from model.project.project import Panel
from model.project.refinethread import Turn, refine_thread
from ui.commands import RecordedChangeCommand, ReplaceStateCommand, SelectVersionCommand
from ui.document import ProjectDocument, capture_state
from ui.board.thumbnails import ThumbnailCache

THUMB_W, THUMB_H = 88, 66
INDENT = 22


@dataclass
class _Asked:
    """A turn asked for and not yet in the thread: drawing, or failed with its sentence."""

    instruction: str
    base_id: str | None
    error: str | None = None


class TurnRow(QFrame):
    """One version: indentation, its picture, its number and the words that made it. Click to use it."""

    clicked = Signal(str)  # version id

    def __init__(self, turn: Turn, selected: bool, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.version_id = turn.version.id
        self.setObjectName("turn")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        look = "background: #e3eefc; border: 1px solid #5b8fd6;" if selected else "border: 1px solid transparent;"
        self.setStyleSheet(f"QFrame#turn {{ {look} border-radius: 4px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(4 + INDENT * turn.depth, 3, 4, 3)
        row.setSpacing(6)
        if turn.branch:
            arrow = QLabel("↳")
            arrow.setStyleSheet("color: #7a7a7a; font-size: 15px;")
            row.addWidget(arrow, 0, Qt.AlignmentFlag.AlignTop)
        self.picture = QLabel()
        self.picture.setFixedSize(THUMB_W, THUMB_H)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #eeeae4; border: none;")
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        self.words = QLabel(text)
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.words.setStyleSheet("border: none;")
        self.words.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.words, 1)
        self.mask_icon: QLabel | None = None
        if turn.part:  # only part of the parent was redrawn, through a selection
            self.mask_icon = QLabel()
            self.mask_icon.setObjectName("maskIcon")
            self.mask_icon.setPixmap(mask_icon())
            self.mask_icon.setToolTip(self.tr("Only the selected part was redrawn"))
            self.mask_icon.setStyleSheet("border: none;")
            row.addWidget(self.mask_icon, 0, Qt.AlignmentFlag.AlignTop)
        v = turn.version
        self.setToolTip(f"v{turn.number} · {v.backend} {v.model or ''} · {v.created}")

    def set_pixmap(self, pixmap) -> None:
        self.picture.setPixmap(pixmap.scaled(THUMB_W, THUMB_H, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's naming)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.version_id)
        super().mousePressEvent(event)


def mask_icon(size: int = 16):
    """A small mask sign: a dashed selection frame around a filled patch."""
    from PySide6.QtGui import QColor, QPainter, QPen, QPixmap

    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#1e88e5"), 1.2, Qt.PenStyle.DashLine))
    painter.drawRect(1, 1, size - 3, size - 3)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(30, 136, 229, 150))
    painter.drawEllipse(4, 4, size - 8, size - 8)
    painter.end()
    return pixmap


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RefineThread(QWidget):
    """The thread of the panel the inspector shows; `show_panel` refills it (never pushes a command)."""

    def __init__(self, doc: ProjectDocument, stack: QUndoStack, thumbnails: ThumbnailCache, generation) -> None:
        super().__init__()
        self.doc, self.stack, self.thumbnails, self.generation = doc, stack, thumbnails, generation
        self.panel_id: str | None = None
        self.rows: list[TurnRow] = []
        self._asked: dict[str, _Asked] = {}  # by panel id
        self._dismissed: set[tuple[str, str]] = set()  # (panel id, version id) whose lasting offer was declined
        self.offer: LastingChange | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        title = QLabel(self.tr("Refine thread"))
        title.setStyleSheet("font-weight: bold;")
        outer.addWidget(title)
        hint = QLabel(self.tr("Click a version to use it; the next instruction continues from it."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        outer.addWidget(hint)
        self.turns = QVBoxLayout()
        self.turns.setSpacing(2)
        outer.addLayout(self.turns)
        self.empty = QLabel(self.tr("No picture yet: generate this panel or drop an image on it, then refine it here."))
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777;")
        outer.addWidget(self.empty)

        self.status = QFrame()
        status_row = QHBoxLayout(self.status)
        status_row.setContentsMargins(6, 4, 6, 4)
        self.status_text = QLabel()
        self.status_text.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.clicked.connect(self.retry)
        status_row.addWidget(self.status_text, 1)
        status_row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.status)

        self.offer_bar = QFrame()
        self.offer_bar.setObjectName("offer")
        self.offer_bar.setStyleSheet("QFrame#offer { background: #fff6d6; border: 1px solid #e0c86a; border-radius: 4px; }")
        offer = QVBoxLayout(self.offer_bar)
        offer.setContentsMargins(6, 4, 6, 4)
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        offer.addWidget(self.offer_text)
        offer_row = QHBoxLayout()
        self.offer_detail = QLineEdit()
        self.offer_detail.setToolTip(self.tr("The lasting detail as it goes into the script; edit it if you like"))
        self.add_button = QPushButton(self.tr("Add to script"))
        self.add_button.clicked.connect(self.add_lasting_detail)
        dismiss = QPushButton("✕")
        dismiss.setFixedWidth(28)
        dismiss.setToolTip(self.tr("Not a lasting change"))
        dismiss.clicked.connect(self._dismiss_offer)
        offer_row.addWidget(self.offer_detail, 1)
        offer_row.addWidget(self.add_button)
        offer_row.addWidget(dismiss)
        offer.addLayout(offer_row)
        outer.addWidget(self.offer_bar)

        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        outer.addWidget(self.prompt_label)
        self.instruction = QPlainTextEdit()
        self.instruction.setPlaceholderText(self.tr("e.g. make the background a night city"))
        self.instruction.setFixedHeight(56)
        outer.addWidget(self.instruction)
        send_row = QHBoxLayout()
        self.refine_button = QPushButton(self.tr("Refine"))
        self.refine_button.setToolTip(self.tr("Ctrl+Enter"))
        self.refine_button.clicked.connect(self.send)
        send_row.addStretch(1)
        send_row.addWidget(self.refine_button)
        outer.addLayout(send_row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.instruction)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.send)

        generation.refineFinished.connect(self._finished)
        thumbnails.ready.connect(self._thumbnail_ready)
        self.show_panel(None)

    # ---- showing
    def panel(self) -> Panel | None:
        return self.doc.panel(self.panel_id) if self.panel_id else None

    def show_panel(self, panel_id: str | None) -> None:
        if panel_id != self.panel_id:
            self.instruction.clear()
        panel = self.doc.panel(panel_id) if panel_id else None
        self.panel_id = panel.id if panel else None
        for row in self.rows:
            self.turns.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        turns = refine_thread(panel) if panel else []
        selected = panel.images.selected if panel else None
        for turn in turns:
            row = TurnRow(turn, turn.version is selected, self._turn_text(turn))
            row.clicked.connect(self._use_version)
            self.turns.addWidget(row)
            self.rows.append(row)
        self._fill_thumbnails()
        self.empty.setVisible(panel is not None and not turns)
        self._show_status(panel)
        self._show_offer(panel, selected)
        number = next((t.number for t in turns if t.version is selected), None)
        self.prompt_label.setText(self.tr("Next instruction, continuing from v{n}:").format(n=number) if number
                                  else self.tr("Next instruction:"))
        asked = self._asked.get(self.panel_id or "")
        can_send = selected is not None and (asked is None or asked.error is not None)
        self.instruction.setEnabled(selected is not None)
        self.refine_button.setEnabled(can_send)

    def _turn_text(self, turn: Turn) -> str:
        head = f"<b>v{turn.number}</b>"
        if turn.branch and turn.parent_number:
            head += " <span style='color:#7a7a7a'>" + self.tr("from v{n}").format(n=turn.parent_number) + "</span>"
        if turn.instruction:
            body = f"“{_escape(turn.instruction)}”"
        elif turn.origin == "kept":
            body = "<i>" + self.tr("the same picture, kept for “{line}”").format(
                line=_escape(str(turn.version.parameters.get("kept_for")))) + "</i>"
        elif turn.orphan:
            body = "<i>" + self.tr("refined from a version no longer in the project") + "</i>"
        elif turn.origin == "drawing":
            body = "<i>" + self.tr("your drawing") + "</i>"
        elif turn.origin == "imported":
            source = turn.version.parameters.get("source")
            body = "<i>" + (self.tr("imported {name}").format(name=_escape(str(source))) if source else self.tr("imported")) + "</i>"
        else:
            body = "<i>" + self.tr("drawn from the script ({backend})").format(backend=turn.version.backend) + "</i>"
        return f"{head}<br>{body}"

    def _fill_thumbnails(self) -> None:
        panel = self.panel()
        if panel is None:
            return
        store = self.doc.project.images
        by_id = {v.id: v for v in panel.images.versions}
        for row in self.rows:
            version = by_id.get(row.version_id)
            if version is None:
                continue
            pixmap = self.thumbnails.get(version.sha256, lambda sha=version.sha256: store.get(sha))
            if pixmap is not None:
                row.set_pixmap(pixmap)

    def _thumbnail_ready(self, key: str) -> None:
        panel = self.panel()
        if panel and any(v.sha256 == key for v in panel.images.versions):
            self._fill_thumbnails()

    def _show_status(self, panel: Panel | None) -> None:
        asked = self._asked.get(panel.id) if panel else None
        self.retry_button.setVisible(asked is not None and asked.error is not None)
        if asked is not None and asked.error is None:
            text, look = self.tr("Refining: “{words}”…").format(words=_escape(asked.instruction)), "#eef3fb; color: #234"
        elif asked is not None:
            text = self.tr("“{words}” failed: {error}").format(words=_escape(asked.instruction), error=_escape(asked.error or ""))
            look = "#fdecea; color: #b71c1c"
        else:  # any other failure of the panel is the inspector's own red line above
            self.status.hide()
            return
        self.status_text.setText(text)
        self.status.setStyleSheet(f"background: {look}; border-radius: 4px;")
        self.status.show()

    def _show_offer(self, panel: Panel | None, selected) -> None:
        self.offer = None
        instruction = selected.parameters.get("instruction") if selected is not None else None
        if panel is not None and isinstance(instruction, str) and (panel.id, selected.id) not in self._dismissed:
            change = detect_lasting(self.doc.project, panel, instruction)
            if change is not None and not is_active(self.doc.project, panel, change):
                self.offer = change
        self.offer_bar.setVisible(self.offer is not None)
        if self.offer is not None and panel is not None:
            number = self.doc.row_of(panel.id) + 1
            self.offer_text.setText(self.tr("Make this last? From panel {n} on, {name}:")
                                    .format(name=self.offer.character, n=number))
            self.offer_text.setToolTip(self.tr("Adds “{line}” to this panel of the script; later panels with "
                                               "{name} follow it (and need drawing again).")
                                       .format(line=self.offer.script_line(), name=self.offer.character))
            self.offer_detail.setText(self.offer.detail)

    # ---- turns
    def send(self) -> None:
        """Refine the selected version with the typed instruction (a branch when it is an earlier one)."""
        panel = self.panel()
        words = " ".join(self.instruction.toPlainText().split())
        if panel is None or panel.images.selected is None or not words or not self.refine_button.isEnabled():
            return
        base = panel.images.selected.id
        if self.generation.refine(panel.id, words, base):
            self._asked[panel.id] = _Asked(words, base)
            self.instruction.clear()
            self.show_panel(panel.id)

    def retry(self) -> None:
        panel = self.panel()
        asked = self._asked.get(panel.id) if panel else None
        if panel is None or asked is None:
            return
        if self.generation.refine(panel.id, asked.instruction, asked.base_id if panel.images.find(asked.base_id or "") else None):
            asked.error = None
            self.show_panel(panel.id)

    def _finished(self, panel_id: str, error: str) -> None:
        asked = self._asked.get(panel_id)
        if asked is not None:
            if error:
                asked.error = error
            else:
                del self._asked[panel_id]
        if panel_id == self.panel_id:
            self.show_panel(panel_id)

    def _use_version(self, version_id: str) -> None:
        panel = self.panel()
        if panel is not None and version_id != panel.images.selected_id:
            self.stack.push(SelectVersionCommand(self.doc, panel.id, version_id, self.tr("Select version")))
        self.instruction.setFocus()

    # ---- lasting details
    def _dismiss_offer(self) -> None:
        panel = self.panel()
        if panel is not None and panel.images.selected is not None:
            self._dismissed.add((panel.id, panel.images.selected.id))
        self.offer_bar.hide()

    def add_lasting_detail(self) -> None:
        """Write `+NAME: detail` into this panel of the script, as one undo step; later panels follow it.

        The picture that asked for it shows it already, so it is kept as this panel's version for the new
        script (a new version sharing its image) instead of going out of date.
        """
        from generation.recording import record_kept
        from model.script.reconcile import reparse

        panel = self.panel()
        detail = " ".join(self.offer_detail.text().split())
        refined = panel.images.selected if panel is not None else None
        if panel is None or refined is None or self.offer is None or not detail:
            return
        change = LastingChange(self.offer.character, detail)
        try:
            text = script_with_detail(self.doc.project, panel, change)
        except PanelsmithError as exc:
            self.offer_text.setText(str(exc))
            return
        name = str(self.doc.path) if self.doc.path else "script"
        after = capture_state(reparse(self.doc.project, text, filename=name).project)
        line, project, panel_id = change.script_line(), self.doc.project, panel.id
        self.stack.beginMacro(self.tr("Add “{line}” to the script").format(line=line))
        self.stack.push(ReplaceStateCommand(self.doc, capture_state(project), after, from_editor=False))
        self.stack.push(RecordedChangeCommand(self.doc, "panel", panel_id,
                                              lambda: record_kept(project, project.panel(panel_id), refined, line), ""))
        self.stack.endMacro()

    def focus_instruction(self) -> None:
        self.instruction.setFocus()

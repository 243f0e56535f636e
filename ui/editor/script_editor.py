"""The script editor: Panel Script text with highlighting, line numbers, diagnostics at their lines,
and a re-parse request after the user pauses typing.

The editor's own undo is off: every change to the project, script edits included, goes through the
window's QUndoStack, one step per pause.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeySequence, QPainter, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QTextEdit, QToolTip,
    QVBoxLayout, QWidget,
)

from ui.editor.script_highlighter import ScriptHighlighter

REPARSE_DELAY_MS = 700


class _LineNumbers(QWidget):
    def __init__(self, editor: "ScriptTextEdit") -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_gutter(event)


class ScriptTextEdit(QPlainTextEdit):
    """A plain-text editor with a gutter: line numbers, and a red mark on lines with a diagnostic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(font.pointSize(), 11))
        self.setFont(font)
        self.diagnostics: dict[int, list[str]] = {}  # 1-based line -> messages
        self._gutter = _LineNumbers(self)
        self.blockCountChanged.connect(lambda _: self.setViewportMargins(self.gutter_width(), 0, 0, 0))
        self.updateRequest.connect(self._update_gutter)
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)
        self.setMouseTracking(True)

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(digits, 2)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def paint_gutter(self, event) -> None:
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), QColor("#f3f1ec"))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            line = block.blockNumber() + 1
            if line in self.diagnostics:
                painter.setBrush(QColor("#d84315"))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(3, top + height // 2 - 3, 7, 7)
            painter.setPen(QColor("#9a968c"))
            painter.drawText(0, top, self._gutter.width() - 4, height, Qt.AlignmentFlag.AlignRight, str(line))
            block = block.next()
            top = bottom
        painter.end()

    def set_diagnostics(self, diagnostics: dict[int, list[str]]) -> None:
        """Underline each line with a problem; the messages show as a tooltip on that line."""
        self.diagnostics = diagnostics
        selections = []
        for line in diagnostics:
            block = self.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(QColor("#fde7e1"))
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.cursor = QTextCursor(block)
            selections.append(sel)
        self.setExtraSelections(selections)
        self._gutter.update()

    def event(self, event) -> bool:
        if event.type() == event.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()  # undo belongs to the window's stack, not to this text box
            return False
        if event.type() == event.Type.ToolTip:
            block = self.cursorForPosition(event.pos()).block()
            messages = self.diagnostics.get(block.blockNumber() + 1)
            if messages:
                QToolTip.showText(event.globalPos(), "\n".join(messages), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def canInsertFromMimeData(self, source) -> bool:
        # Files dropped here open as projects (the window handles them), not pasted as paths.
        return False if source.hasUrls() else super().canInsertFromMimeData(source)


class ScriptEditor(QWidget):
    """Editor plus the list of diagnostics; emits `edited(text)` once the user pauses typing."""

    edited = Signal(str)
    draftRequested = Signal()  # the empty editor's "Draft from an idea…" button

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_edit = ScriptTextEdit(self)
        self.highlighter = ScriptHighlighter(self.text_edit.document())
        self.problems = QListWidget(self)
        self.problems.setMaximumHeight(110)
        self.problems.itemActivated.connect(self._jump_to_problem)
        self.problems.itemClicked.connect(self._jump_to_problem)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.text_edit)
        split.addWidget(self.problems)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        self.empty_hint = QWidget(self)  # shown while the script is empty: a way in besides typing
        hint = QHBoxLayout(self.empty_hint)
        hint.setContentsMargins(0, 0, 0, 4)
        hint.addWidget(QLabel(self.tr("Type a script, or")))
        self.draft_button = QPushButton(self.tr("Draft One from an Idea…"))
        self.draft_button.clicked.connect(lambda _checked=False: self.draftRequested.emit())
        hint.addWidget(self.draft_button)
        hint.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_hint)
        layout.addWidget(split)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPARSE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._setting = False
        self._last_emitted = ""
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.text_edit.textChanged.connect(lambda: self.empty_hint.setVisible(not self.text().strip()))

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Show text that came from the project (not typed): no re-parse follows."""
        if text == self.text():
            self._last_emitted = text
            return
        self._timer.stop()
        self._setting = True
        bar = self.text_edit.verticalScrollBar().value()
        cursor_pos = self.text_edit.textCursor().position()
        self.text_edit.setPlainText(text)
        cursor = self.text_edit.textCursor()
        cursor.setPosition(min(cursor_pos, len(text)))
        self.text_edit.setTextCursor(cursor)
        self.text_edit.verticalScrollBar().setValue(bar)
        self._setting = False
        self._last_emitted = text

    def has_pending_edit(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Send a pending edit now (before undo, save or generate) instead of waiting for the pause."""
        self._timer.stop()
        text = self.text()
        if text != self._last_emitted:
            self._last_emitted = text
            self.edited.emit(text)

    def set_diagnostics(self, diagnostics: list) -> None:
        """Show `model.script.panelscript.Diagnostic`s at their lines and in the list under the editor."""
        by_line: dict[int, list[str]] = {}
        self.problems.clear()
        for d in diagnostics:
            by_line.setdefault(d.line, []).append(d.message)
            item = QListWidgetItem(self.tr("Line {line}: {message}").format(line=d.line, message=d.message))
            item.setData(Qt.ItemDataRole.UserRole, d.line)
            item.setForeground(QColor("#b23c17"))
            self.problems.addItem(item)
        self.problems.setVisible(bool(diagnostics))
        self.text_edit.set_diagnostics(by_line)

    def go_to_line(self, line: int) -> None:
        block = self.text_edit.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.text_edit.setTextCursor(QTextCursor(block))
            self.text_edit.centerCursor()

    def _jump_to_problem(self, item: QListWidgetItem) -> None:
        self.go_to_line(int(item.data(Qt.ItemDataRole.UserRole)))
        self.text_edit.setFocus()

    def _on_text_changed(self) -> None:
        if not self._setting:
            self._timer.start()

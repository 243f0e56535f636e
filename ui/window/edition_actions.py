"""The Editions menu: translate the project into another language (on a worker, with progress and
Cancel), and choose which edition the preview and the inspector show.

Translating reads a snapshot, sends the lines in chunks through the text model (generation.text.translation)
and, once every chunk has answered, stores the edition as one undo step. A failure changes nothing
and says why in one sentence.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMenu, QMessageBox, QProgressDialog,
    QVBoxLayout, QWidget,
)

from model.project.editions import ORIGINAL, Edition, keys_of, untranslated, with_translations
from model.errors import PanelsmithError
from model.language import check_language_code, language_name
from ui.document import snapshot_project
from ui.edition_commands import SetEditionCommand
from ui.i18n import interface_is_chinese
from ui.tasks import TaskRunner, emit_if_alive

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QMenuBar
    from ui.document import ProjectDocument
    from ui.editor.script_editor import ScriptEditor
    from ui.inspector.inspector import Inspector
    from ui.preview.page_preview import PagePreview
    from ui.settings import AppSettings


class EditionHost(Protocol):
    """What the Editions menu works on: the document, its undo stack, the views that show an edition, and the
    window's menu bar and status line."""

    doc: ProjectDocument
    stack: QUndoStack
    editor: ScriptEditor
    inspector: Inspector
    preview: PagePreview
    settings: AppSettings

    def menuBar(self) -> QMenuBar: ...

    def show_message(self, text: str, msecs: int = 8000) -> None: ...

LANGUAGE_CHOICES = ("zh", "en", "ja", "ko", "es", "fr", "de", "it", "pt", "ru", "zh-Hant")


def _tr(text: str) -> str:
    return QCoreApplication.translate("EditionActions", text)


class TranslateDialog(QDialog):
    """Which language to translate into, and whether hand corrections are replaced too."""

    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Translate into…"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setEditable(True)  # any language code, not only the listed ones
        chinese = interface_is_chinese()
        for code in LANGUAGE_CHOICES:
            if code.split("-")[0] != source or code == "zh-Hant":
                self.language.addItem(f"{language_name(code, chinese)} ({code})", code)
        form.addRow(self.tr("Language"), self.language)
        self.force = QCheckBox(self.tr("Translate every line again, replacing corrections made by hand"))
        form.addRow("", self.force)
        layout.addLayout(form)
        note = QLabel(self.tr("The pictures stay as they are; only the words are translated and typeset again."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def code(self) -> str:
        """The chosen code; typed text may be a code ("pt-BR") or a listed entry."""
        data = self.language.currentData()
        text = self.language.currentText().strip()
        if data and self.language.itemText(self.language.currentIndex()) == text:
            return data
        return text.rsplit("(", 1)[-1].rstrip(")").strip() if text.endswith(")") else text


class _Progress(QObject):
    step = Signal(int, int)


class EditionActions(QObject):
    """Owns the Editions menu and which edition is shown (None: the original)."""

    shownChanged = Signal(object)  # a language code, or None for the original

    def __init__(self, window: EditionHost) -> None:
        super().__init__(window)
        self.w = window
        self.shown: str | None = None
        self.tasks = TaskRunner(self, threads=1)
        self.translating = False
        self._cancel = threading.Event()
        self.progress_dialog: QProgressDialog | None = None
        self.translate_action = QAction(_tr("&Translate into…"), window)
        self.translate_action.setStatusTip(_tr("Translate every line and the title into another language, as an edition"))
        self.translate_action.triggered.connect(lambda _c=False: self.ask_and_translate())
        self.menu = QMenu(_tr("E&ditions"), window)
        self.menu.aboutToShow.connect(self._fill_menu)
        bar = window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        bar.insertMenu(menus[-1], self.menu) if menus else bar.addMenu(self.menu)  # before Help
        self._fill_menu()
        window.doc.editionsChanged.connect(self._edition_changed)
        window.doc.reset.connect(self._after_reset)
        self.shownChanged.connect(window.inspector.edition_lines.set_edition)
        self.shownChanged.connect(window.preview.set_edition)
        window.preview.translationEditRequested.connect(self.edit_translation)

    # ---- the menu
    def _fill_menu(self) -> None:
        self.menu.clear()
        self.menu.addAction(self.translate_action)
        self.menu.addSeparator()
        self.menu.addSection(_tr("Show"))
        group = QActionGroup(self.menu)
        chinese = interface_is_chinese()
        for code in [None] + sorted(self.w.doc.project.editions):
            if code is None:
                label = _tr("Original")
            else:
                edition = self.w.doc.project.editions[code]
                missing = len(untranslated(self.w.doc.project, edition))
                label = f"{language_name(code, chinese)} ({code})"
                if missing:
                    label += " · " + _tr("{n} untranslated").format(n=missing)
            action = QAction(label, self.menu, checkable=True)
            action.setChecked(code == self.shown)
            action.triggered.connect(lambda _c=False, code=code: self.show_edition(code))
            group.addAction(action)
            self.menu.addAction(action)

    def show_edition(self, language: str | None) -> None:
        """Show `language`'s words in the preview and the inspector (None or "original": the script's)."""
        language = None if language in (None, ORIGINAL) or language not in self.w.doc.project.editions else language
        if language != self.shown:
            self.shown = language
            self.shownChanged.emit(language)

    def _edition_changed(self, language: str) -> None:
        if self.shown == language and language not in self.w.doc.project.editions:
            self.show_edition(None)  # undone away

    def _after_reset(self) -> None:
        if self.shown is not None and self.shown not in self.w.doc.project.editions:
            self.show_edition(None)

    def edit_translation(self, panel_id: str, line_index: int) -> None:
        """A double-clicked balloon while an edition shows: correct its translation by hand (one undo step)."""
        from PySide6.QtWidgets import QInputDialog

        from model.project.editions import line_key, with_hand_edit

        edition = self.w.doc.project.editions.get(self.shown or "")
        panel = self.w.doc.panel(panel_id)
        if edition is None or panel is None or not 0 <= line_index < len(panel.lines):
            return
        key = line_key(panel, panel.lines[line_index])
        current = edition.lines.get(key)
        text, ok = QInputDialog.getMultiLineText(self.w, _tr("Edit translation"), key.source, current.text if current else "")
        if ok and text.strip() and (current is None or text.strip() != current.text):
            self.w.stack.push(SetEditionCommand(self.w.doc, edition.language, with_hand_edit(edition, key, text.strip()),
                                                _tr("Edit translation")))

    # ---- translating
    def ask_and_translate(self) -> None:
        from model.language import detect_language

        project = self.w.doc.project
        source = detect_language([project.title] + [ln.text for p in project.panels for ln in p.lines])
        dialog = TranslateDialog(source, self.w)
        if dialog.exec():
            self.translate(dialog.code(), dialog.force.isChecked())

    def translate(self, language: str, force: bool = False) -> bool:
        """Start translating into `language` on a worker; False (after saying why) when it cannot start."""
        from generation.text.textmodel import TextModel
        from generation.text.translation import plan_translation, translate_project

        if self.translating:
            return False
        self.w.editor.flush()
        project = snapshot_project(self.w.doc.project)
        try:
            language = check_language_code(language)
            plan = plan_translation(project, language, force)
            if not plan.chunks:
                self.w.show_message(_tr("Every line of this edition is translated already; nothing was sent."))
                self.show_edition(language)
                return False
            s = self.w.settings
            model = TextModel(base_url=(s.base_url.strip() or None) if s.backend == "compatible" else None,
                              model=(getattr(s, "text_model", "") or "").strip() or None, purpose=_tr("Translating"))
        except PanelsmithError as exc:
            QMessageBox.warning(self.w, _tr("Cannot translate"), str(exc))
            return False
        self.translating = True
        self._cancel.clear()
        relay = _Progress(self)
        relay.step.connect(self._stepped)
        self._open_progress(language, len(plan.chunks))
        cancelled = self._cancel.is_set
        self.tasks.run(lambda: translate_project(project, plan, model, lambda d, t: emit_if_alive(relay.step, d, t), cancelled),
                       lambda edition: self._translated(plan, edition, force), self._failed)
        return True

    def _open_progress(self, language: str, chunks: int) -> None:
        name = language_name(language, interface_is_chinese())
        dialog = QProgressDialog(_tr("Translating into {name}…").format(name=name), _tr("Cancel"), 0, chunks, self.w)
        dialog.setWindowTitle(_tr("Translate"))
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        dialog.setValue(0)
        self.progress_dialog = dialog
        self.w.show_message(_tr("Translating into {name}: {n} request(s)…").format(name=name, n=chunks), 0)

    def _stepped(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setValue(done)
        self.w.show_message(_tr("Translating: part {done} of {total}").format(done=done, total=total), 0)

    def _close_progress(self) -> None:
        self.translating = False
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect()  # closing it emits canceled: that is no cancel
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _translated(self, plan, result, force: bool) -> None:
        """Store the answer onto the project as it is now: corrections made by hand while the request ran
        win (unless --force was asked), and lines edited away meanwhile are dropped."""
        self._close_progress()
        doc = self.w.doc
        current = doc.project.editions.get(plan.language)
        sent = [k for chunk in plan.chunks for k in chunk.keys]
        words = {k: result.lines[k].text for k in sent if k in result.lines
                 and (force or current is None or k not in current.lines or not current.lines[k].hand_edited)}
        base = current or Edition(plan.language)
        edition = with_translations(base, words, result.model, result.source_language, keep=set(keys_of(doc.project)))
        name = language_name(plan.language, interface_is_chinese())
        self.w.stack.push(SetEditionCommand(doc, plan.language, edition, _tr("Translate into {name}").format(name=name)))
        self.show_edition(plan.language)
        self.w.show_message(_tr("Translated {n} lines into {name}.").format(n=len(words), name=name))

    def _failed(self, message: str) -> None:
        self._close_progress()
        self.w.show_message(message)
        if not self._cancel.is_set():  # a cancel needs no dialog, only the status line
            QMessageBox.warning(self.w, _tr("Translation failed"), message)

    def shutdown(self) -> None:
        self._cancel.set()
        self.tasks.shutdown(5000)

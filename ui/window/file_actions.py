"""New, Open, Open Example, Recent Files, Save, Save As, Import Script, image import, and asking on close."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from model.errors import PanelsmithError
from model.project.project import PageSettings, Project
from ui.commands import RecordedChangeCommand
from ui.document import snapshot_project
from ui.tasks import TaskRunner
from ui.settings import start_folder

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from model.project.project import Panel
    from ui.document import ProjectDocument
    from ui.editor.script_editor import ScriptEditor
    from ui.settings import AppSettings
    from ui.workers.autosave import Autosaver
    from ui.workers.generation_worker import GenerationWorker


class FileHost(Protocol):
    """What opening, saving and recovering files touch: the document and its undo stack, the editor, the
    generation worker (stopped before a new file), the autosaver, settings, and the title and status line."""

    doc: ProjectDocument
    stack: QUndoStack
    editor: ScriptEditor
    generation: GenerationWorker
    autosaver: Autosaver
    settings: AppSettings
    restored_unsaved: bool
    script_source: Path | None

    def current_panel(self) -> Panel | None: ...

    def is_dirty(self) -> bool: ...

    def mark_saved(self) -> None: ...

    def replace_script(self, text: str, label: str, filename: str | None = None, from_editor: bool = True) -> None: ...

    def save_settings(self) -> None: ...

    def settle_garbage(self) -> None: ...

    def show_message(self, text: str, msecs: int = 8000) -> None: ...

    def update_title(self) -> None: ...

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
SCRIPT_SUFFIXES = (".txt", ".md", ".script", ".panelscript")
PROJECT_FILTER = "Panelsmith project (*.panels)"
OPEN_FILTER = "Projects, scripts and screenplays (*.panels *.txt *.md *.fountain *.spmd *.fdx);;All files (*)"


def example_path(language: str) -> Path:
    """The snail strip, in Chinese when the interface is."""
    zh = EXAMPLES / "s-car.zh.txt"
    return zh if language == "zh" and zh.is_file() else EXAMPLES / "s-car.txt"


@dataclass(eq=False)
class _Save:
    """One save in flight: which, at which undo step, where to; filled in by the worker."""

    seq: int
    index: int
    target: Path
    error: str | None = None
    finished: bool = False


class FileActions(QObject):
    """File handling for one window; errors become one sentence in a message box, never a traceback."""

    def __init__(self, window: FileHost) -> None:
        super().__init__(window)
        self.w = window
        self.saves = TaskRunner(self, threads=1)  # one at a time, in the order asked
        self._pending: list[_Save] = []
        self._seq = 0

    # ---- opening
    def new_project(self) -> None:
        if not self.maybe_save():
            return
        s = self.w.settings
        project = Project(layout=s.default_layout, page=PageSettings(page_size=s.page_size))
        self._show(project, None, source_is_script=False, diagnostics=[])

    def open_dialog(self) -> None:
        start = str(Path(self.w.settings.recent_files[0]).parent) if self.w.settings.recent_files else ""
        path, _ = QFileDialog.getOpenFileName(self.w, self.tr("Open project or script"), start, self.tr(OPEN_FILTER))
        if path:
            self.open_path(path)

    def open_example(self) -> None:
        self.open_path(str(example_path(self.w.settings.language)), remember=False)

    def open_path(self, path: str, remember: bool = True, ask: bool = True) -> bool:
        """Open a `.panels` file or a script in this window; False if the user kept the current one."""
        if ask and not self.maybe_save():
            return False
        from model.fileformat.documents import open_document

        target = Path(path)
        try:
            opened = open_document(target, filename=target.name)
        except PanelsmithError as exc:
            self.w.show_message(str(exc))
            QMessageBox.warning(self.w, self.tr("Cannot open"), str(exc))
            return False
        self._show(opened.project, target, opened.is_script, opened.diagnostics)
        if remember:
            self.w.settings.add_recent(str(target))
            self.w.save_settings()
        return True

    def _show(self, project: Project, path: Path | None, source_is_script: bool, diagnostics: list) -> None:
        w = self.w
        self.forget_saves()
        w.generation.forget()
        w.stack.clear()
        w.restored_unsaved = False
        w.autosaver.clear()
        # A script is not the project file: its .panels goes beside it when first saved.
        w.doc.replace_project(project, path if not source_is_script else None, source_is_script)
        w.script_source = path if source_is_script else None
        w.editor.set_diagnostics(diagnostics)
        w.update_title()
        w.settle_garbage()

    def restore(self, project: Project, original: str | None) -> None:
        """Show a crashed session's autosave as unsaved work on its original file."""
        path = Path(original) if original and original.endswith(".panels") else None
        self._show(project, path, source_is_script=False, diagnostics=[])
        self.w.restored_unsaved = True
        self.w.update_title()

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        recent = [p for p in self.w.settings.recent_files if Path(p).exists()]
        for p in recent:
            menu.addAction(Path(p).name, lambda p=p: self.open_path(p)).setToolTip(p)
        if not recent:
            menu.addAction(self.tr("No recent files")).setEnabled(False)

    def droppable_documents(self, mime: QMimeData) -> list[str]:
        if not mime.hasUrls():
            return []
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        from model.screenplay.reading import SCREENPLAY_SUFFIXES

        return [p for p in paths if Path(p).suffix.lower() in (".panels",) + SCRIPT_SUFFIXES + SCREENPLAY_SUFFIXES]

    # ---- saving
    def save(self, wait: bool = False) -> bool:
        self.w.editor.flush()
        if self.w.doc.path is None or self.w.doc.source_is_script:
            return self.save_as(wait)
        return self.save_to(self.w.doc.path, wait)

    def save_as(self, wait: bool = False) -> bool:
        self.w.editor.flush()
        doc = self.w.doc
        source = getattr(self.w, "script_source", None)
        if doc.path is not None:
            suggestion = doc.path
        elif source is not None and self.own_file() is not None:
            suggestion = Path(source).with_suffix(".panels")  # beside the user's own script
        else:  # a new project, or the example (its folder is inside the program)
            name = Path(source).stem if source is not None else (doc.project.title or "untitled")
            suggestion = start_folder(self.w.settings) / f"{name}.panels"
        path, _ = QFileDialog.getSaveFileName(self.w, self.tr("Save project"), str(suggestion), self.tr(PROJECT_FILTER))
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != ".panels":
            target = target.with_name(target.name + ".panels")
        self.remember_folder(target.parent)
        return self.save_to(target, wait)

    def own_file(self) -> Path | None:
        """The file the open work came from, or None for a new project and for the bundled example (the
        program's own folder is no place to write)."""
        path = self.w.doc.path or getattr(self.w, "script_source", None)
        if path is None or Path(path).resolve().is_relative_to(EXAMPLES.resolve()):
            return None
        return Path(path)

    def remember_folder(self, folder: Path) -> None:
        """Where the next Save or Export of work without a folder of its own starts."""
        self.w.settings.last_folder = str(folder)
        self.w.save_settings()

    def save_to(self, target: Path, wait: bool = False) -> bool:
        """Write a snapshot of the project to `target` on a worker, so the window never waits for the
        disk; the window shows the work as saved only once the file is complete. With `wait` (closing,
        or opening another file) the save has finished when this returns, True if it succeeded.
        Without, True means the save has started."""
        from model.fileformat.projectfile import save_project

        self.w.editor.flush()
        self.w.preview.draw.keep(wait=True)  # a drawing in progress is saved as the version it becomes
        self._seq += 1
        job = _Save(self._seq, self.w.stack.index(), target)
        project = snapshot_project(self.w.doc.project)

        def write() -> None:
            try:
                save_project(project, target)
            except PanelsmithError as exc:
                job.error = str(exc)
            job.finished = True

        self._pending.append(job)
        self.w.show_message(self.tr("Saving {name}…").format(name=target.name), 0)
        self.saves.run(write, lambda _none: self._settle(job), lambda message: self._failed(job, message))
        if wait:
            self.finish_saves()
            return job.error is None
        return True

    def is_saving(self) -> bool:
        return bool(self._pending)

    def finish_saves(self) -> None:
        """Wait for saves in flight and apply their outcome now, rather than when their signal arrives."""
        if self._pending:
            self.saves.wait()
            for job in list(self._pending):
                if job.finished:
                    self._settle(job)

    def forget_saves(self) -> None:
        """Another project is shown: saves still running finish, but no longer speak for the window."""
        self.finish_saves()
        self._seq += 1

    def shutdown(self) -> None:
        self.saves.shutdown()

    def _failed(self, job: "_Save", message: str) -> None:
        job.error, job.finished = message, True
        self._settle(job)

    def _settle(self, job: "_Save") -> None:
        if job not in self._pending:
            return  # already applied by finish_saves
        self._pending.remove(job)
        w = self.w
        if job.error is not None:
            w.show_message(job.error)
            QMessageBox.warning(w, self.tr("Not saved"), job.error)
            return
        if job.seq != self._seq:
            return  # a later save (or another project) speaks for the window now
        w.doc.set_path(job.target)
        w.script_source = None
        if w.stack.index() == job.index:
            w.mark_saved()
        else:  # changed while saving: the file holds an earlier state, so the window stays modified
            w.restored_unsaved = False
            w.stack.resetClean()
            w.update_title()
        w.autosaver.clear()
        w.autosaver.drop_adopted()  # the restored images now live in the saved file
        w.settings.add_recent(str(job.target))
        w.save_settings()
        w.show_message(self.tr("Saved {name}").format(name=job.target.name))

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded, or nothing to lose)."""
        self.w.editor.flush()
        self.w.preview.draw.keep(wait=True)
        self.finish_saves()
        if not self.w.is_dirty():
            return True
        answer = QMessageBox.question(
            self.w, self.tr("Unsaved changes"),
            self.tr("Save the changes to {name} before closing it?").format(
                name=self.w.doc.path.name if self.w.doc.path else (self.w.doc.project.title or self.tr("Untitled"))),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save(wait=True)
        return answer == QMessageBox.StandardButton.Discard

    # ---- importing
    def import_script_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, self.tr("Import script"), "", self.tr("Scripts (*.txt *.md);;All files (*)"))
        if path:
            self.import_script(path)

    def import_script(self, path: str) -> None:
        """Replace the script with a file's text, keeping every image with the panel it belongs to."""
        from model.fileformat.documents import read_script_text

        try:
            text = read_script_text(path)
        except PanelsmithError as exc:
            QMessageBox.warning(self.w, self.tr("Cannot import"), str(exc))
            return
        self.w.replace_script(text, self.tr("Import script"), filename=Path(path).name, from_editor=False)

    def import_screenplay_dialog(self, plan: bool = False) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, self.tr("Import screenplay"), "",
                                              self.tr("Screenplays (*.fountain *.spmd *.fdx);;All files (*)"))
        if path:
            self.import_screenplay(path, plan=plan)

    def import_screenplay(self, path: str, plan: bool = False) -> bool:
        """Replace the script with a Fountain or Final Draft screenplay broken down into scenes and shots,
        as one undo step (images stay with their panels); False, with one sentence shown, if it cannot be read.

        With `plan`, the text model plans each batch of scenes' shots on a worker first (as `--shots auto`);
        the script changes only once every answer is in."""
        from model.screenplay.reading import import_screenplay

        try:
            breakdown = import_screenplay(path)
            text_model = self._text_model() if plan else None
        except PanelsmithError as exc:
            self.w.show_message(str(exc))
            QMessageBox.warning(self.w, self.tr("Cannot import"), str(exc))
            return False
        if text_model is None:
            self._adopt_screenplay(path, breakdown.project.script, breakdown.notices)
            return True
        from generation.text.shotplanning import batches, plan_shots

        project = breakdown.project  # the worker's own: nothing on screen holds it

        def work() -> str:
            return plan_shots(project, text_model).script

        def failed(message: str) -> None:
            self.w.show_message(message)
            QMessageBox.warning(self.w, self.tr("Cannot plan the shots"), message)

        self.w.show_message(self.tr("Planning shots with {model}: {n} requests…").format(
            model=text_model.model, n=len(batches(project))), 0)
        self.w.text_tasks.run(work, lambda script: self._adopt_screenplay(path, script, breakdown.notices), failed)
        return True

    def _text_model(self):
        from generation.text.textmodel import TextModel

        s = self.w.settings
        base_url = s.base_url.strip() if s.backend == "compatible" and s.base_url.strip() else None
        return TextModel(base_url=base_url, model=s.text_model.strip() or None, purpose="Planning shots")

    def _adopt_screenplay(self, path: str, script: str, notices: list[str]) -> None:
        from model.script.scenes import scenes

        self.w.replace_script(script, self.tr("Import screenplay"), filename=Path(path).name, from_editor=False)
        project = self.w.doc.project
        message = self.tr("Imported {name}: {scenes} scenes, {panels} shots.").format(
            name=Path(path).name, scenes=len(scenes(project)), panels=len(project.panels))
        self.w.show_message(" ".join([message] + [self.tr(n) for n in notices]))

    def open_timeline_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w, self.tr("Open timeline"), "",
            self.tr("Timelines (*.otio *.xml *.fcpxml *.edl);;All files (*)"))
        if path:
            self.open_timeline(path)

    def open_timeline(self, path: str) -> bool:
        """Open an editor's cut as a new, unsaved storyboard: a panel per clip in the cut's order, its still
        as the picture; False, with one sentence shown, if it cannot be read or the user kept the current work."""
        if not self.maybe_save():
            return False
        from export.timeline.readback import project_from_timeline

        try:
            imported = project_from_timeline(path)
        except PanelsmithError as exc:
            self.w.show_message(str(exc))
            QMessageBox.warning(self.w, self.tr("Cannot open"), str(exc))
            return False
        self._show(imported.project, None, source_is_script=False, diagnostics=[])
        message = self.tr("Opened the cut {name}: {panels} shots.").format(name=Path(path).name,
                                                                          panels=len(imported.project.panels))
        self.w.show_message(" ".join([message] + imported.notices))
        if imported.notices:
            QMessageBox.information(self.w, self.tr("Some clips have no picture"), " ".join(imported.notices))
        return True

    def import_images_dialog(self) -> None:
        panel = self.w.current_panel()
        if panel is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self.w, self.tr("Import images"), "", self.tr("Images (*.png *.jpg *.jpeg *.webp)"))
        if paths:
            self.import_images_to_panel(panel.id, paths)

    def import_images_to_panel(self, panel_id: str, paths: list[str]) -> None:
        """Each image file becomes a new version of the panel (one undo step for the lot)."""
        panel = self.w.doc.panel(panel_id)
        if panel is not None:
            self._import_images("panel", panel_id, paths)

    def import_sheet(self, character_name: str, path: str) -> None:
        """An image file becomes a new version of a character's reference sheet."""
        self._import_images("sheet", character_name, [path])

    def _import_images(self, kind: str, key: str, paths: list[str]) -> None:
        from generation.recording import record_import
        from model.imageload import photo_to_png
        from model.prompt.compose import compose_sheet_prompt, request_prompt

        doc = self.w.doc
        loaded, problems = [], []
        for path in paths:
            try:
                loaded.append((photo_to_png(Path(path).read_bytes(), what=Path(path).name), Path(path).name))
            except PanelsmithError as exc:
                problems.append(str(exc))
            except OSError as exc:
                problems.append(f"{Path(path).name} cannot be read: {exc.strerror or exc}.")
        if loaded:
            self.w.stack.beginMacro(self.tr("Import images"))
            for png, name in loaded:
                def change(png=png, name=name) -> None:
                    owner = doc.panel(key) if kind == "panel" else doc.project.character(key)
                    prompt = request_prompt(doc.project, owner) if kind == "panel" else compose_sheet_prompt(doc.project, owner)
                    record_import(doc.project, owner, png, prompt, name)

                self.w.stack.push(RecordedChangeCommand(doc, kind, key, change, self.tr("Import image")))
            self.w.stack.endMacro()
        if problems:
            QMessageBox.warning(self.w, self.tr("Some images were not imported"), "\n".join(problems))

"""Generation without freezing: wraps generation.runner.JobRunner for the window.

Jobs are planned on the GUI thread (immutable requests), run on the runner's threads, and every
state change comes back through a queued Qt signal; results are recorded on the GUI thread as undo
commands, so a generated image can be undone like any other change and never touches a widget
from a worker.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QUndoStack

from model.errors import PanelsmithError
from ui.commands import GenerationBatchCommand, RecordedChangeCommand
from ui.document import ProjectDocument
from ui.board.panel_list_model import PanelListModel
from ui.settings import AppSettings

HOW_TO_SWITCH_ON = (
    "Drawing offline sketches: no OpenAI API key is set. To use OpenAI, open Settings and enter a key "
    "(or set OPENAI_API_KEY), then choose the OpenAI backend."
)


def make_backend(settings: AppSettings):
    """The backend the settings ask for, and a sentence saying which one (and how to get OpenAI)."""
    from generation.backends import choose_backend
    from generation.credentials import get_api_key

    if settings.backend == "compatible":
        from generation.openai.backend import OpenAIBackend

        backend = OpenAIBackend(base_url=settings.base_url.strip() or None)
        return backend, f"Using the OpenAI-compatible service at {backend.base_url}."
    if settings.backend == "comfyui":
        return choose_backend("comfyui", settings.comfyui_url.strip() or None)
    if settings.backend == "auto":
        backend, sentence = choose_backend(None)
        return backend, (HOW_TO_SWITCH_ON if backend.name == "offline" and not get_api_key() else sentence)
    return choose_backend(settings.backend)


PLAN_CHUNK = 6  # panels planned per event-loop turn


def jobs_for(backend_name: str, concurrency: int) -> int:
    """Parallel jobs: as asked for a network service; for offline sketches, which are CPU work under
    Python's GIL, at most one per spare core, so the window's own thread always gets its turn."""
    if backend_name == "comfyui":  # queue ahead, so the server's GPU never waits for the next prompt
        from generation.comfyui.backend import QUEUE_AHEAD

        return max(concurrency, QUEUE_AHEAD)
    if backend_name != "offline":
        return concurrency
    return max(1, min(concurrency, (os.cpu_count() or 2) // 2))


class GenerationWorker(QObject):
    """Generate missing or selected panels, regenerate, refine and draw reference sheets; cancel any time."""

    progressChanged = Signal(int, int, object)  # finished, total, estimated cost in dollars (or None)
    message = Signal(str)
    jobStateChanged = Signal(str)  # panel id
    refineFinished = Signal(str, str)  # panel id, and why it failed ("" when the new version was recorded)
    _update = Signal(object, object)  # job, JobState (from worker threads)
    _partial = Signal(object, bytes)
    _progress = Signal(object, float)  # job, fraction of its steps (from worker threads)

    def __init__(self, doc: ProjectDocument, stack: QUndoStack, panel_model: PanelListModel,
                 settings: AppSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc, self.stack, self.panel_model, self.settings = doc, stack, panel_model, settings
        self._runner = None
        self._said: set[str] = set()  # the backends' one-time notices already shown
        self._runner_key: tuple | None = None
        self._batch: GenerationBatchCommand | None = None  # this run's results, one undo step
        self.total = 0
        self.finished = 0
        self.cost = 0.0
        self.failures: list[str] = []
        self._pending: list[tuple[str, bool, dict]] = []  # panels asked for, not yet planned
        self._plan_timer = QTimer(self)
        self._plan_timer.setSingleShot(True)
        self._plan_timer.setInterval(0)
        self._plan_timer.timeout.connect(self._plan_some)
        self._update.connect(self._on_update)
        self._partial.connect(self._on_partial)
        self._progress.connect(self._on_progress)

    # ---- the runner
    def backend_name(self) -> str | None:
        return self._runner.backend.name if self._runner is not None else None

    def _ensure_runner(self):
        from generation.recording import cached_images
        from generation.runner import JobRunner

        s = self.settings
        key = (s.backend, s.base_url, s.concurrency, s.comfyui_url)
        if self._runner is not None and self._runner_key == key:
            return self._runner
        if self._runner is not None and self._runner.busy():
            return self._runner  # settings apply to the next batch, not to work in flight
        try:
            backend, sentence = make_backend(s)
        except PanelsmithError as exc:
            self.message.emit(str(exc))
            return None
        self.message.emit(self.tr(sentence) if sentence == HOW_TO_SWITCH_ON else sentence)
        store = self.doc.project.images
        cache = {k: (lambda sha=sha: store.get(sha)) for k, sha in cached_images(self.doc.project).items()}
        if self._runner is not None:
            self._runner.shutdown()
        self._runner = JobRunner(backend, jobs_for(backend.name, s.concurrency), on_update=lambda job, st: self._update.emit(job, st),
                                 on_partial=lambda job, png, _i: self._partial.emit(job, png), cache=cache,
                                 on_progress=lambda job, fraction: self._progress.emit(job, fraction))
        self._runner_key = key
        return self._runner

    def generation_settings(self):
        from generation.imagemodels import DEFAULT_MODEL, DEFAULT_QUALITY
        from generation.planning import GenerationSettings

        name = self.backend_name() or "offline"
        if name == "comfyui":
            s = self.settings
            return GenerationSettings(backend="comfyui", model=s.comfyui_checkpoint.strip(), workflow=s.comfyui_workflow,
                                      steps=s.comfyui_steps or None)
        return GenerationSettings(backend=name, model=self.settings.model.strip() or DEFAULT_MODEL,
                                  quality=self.settings.quality or DEFAULT_QUALITY)

    # ---- asking for work (GUI thread)
    def generate_missing(self) -> None:
        """Every panel without a current picture: missing, out of date or failed."""
        from model.prompt.continuity import continuity_scan
        from model.prompt.status import cover_status, panel_status

        project = self.doc.project
        with continuity_scan(project):  # one pass over the panels, however many there are
            ids = [p.id for p in project.panels if panel_status(project, p) != "ready"]
        cover = cover_status(project) not in (None, "ready")  # the script's Cover: block, not drawn yet
        if not ids and not cover:
            self.message.emit(self.tr("Every panel already has a current picture."))
            return
        if ids:
            self.generate(ids)
        if cover:
            self.generate_cover()

    def generate_cover(self) -> None:
        """Draw the book's own cover picture from the script's `Cover:` block, shaped like the front cover."""
        from generation.planning import plan_cover
        from model.page.coverwrap import trim_size

        runner = self._ensure_runner()
        if runner is None:
            return
        width, height = trim_size(self.doc.project.page)
        try:
            job = plan_cover(self.doc.project, self.generation_settings(), width / height)
        except PanelsmithError as exc:
            self.message.emit(str(exc))
            return
        self._submit(runner, job, force=True)

    def generate(self, panel_ids: list[str], force: bool = False) -> None:
        """Draw these panels (only those not ready, unless `force` redraws them).

        Requests are planned a few at a time per event-loop turn, so asking for hundreds of panels
        never holds the window up while the first ones are already drawing.
        """
        from model.page.layout import frame_aspects

        if self._ensure_runner() is None:
            return
        # Each picture is shaped like its frame; the layout is computed once for the whole request.
        aspects = frame_aspects(self.doc.project)
        self._pending.extend((pid, force, aspects) for pid in panel_ids)
        if not self._plan_timer.isActive():
            self._plan_some()

    def _plan_some(self) -> None:
        from generation.planning import plan_panel
        from model.prompt.continuity import continuity_scan
        from model.prompt.status import panel_status

        runner = self._ensure_runner()
        if runner is None:
            self._pending.clear()
            return
        settings = self.generation_settings()
        batch, self._pending = self._pending[:PLAN_CHUNK], self._pending[PLAN_CHUNK:]
        jobs = []
        with continuity_scan(self.doc.project):  # one pass per chunk; nothing edits the project inside it
            for pid, force, aspects in batch:
                panel = self.doc.panel(pid)
                if panel is None or (not force and panel_status(self.doc.project, panel) == "ready"):
                    continue
                jobs.append((plan_panel(self.doc.project, panel, settings, aspects), force))
        for job, force in jobs:
            self._submit(runner, job, force)
        if self._pending:
            self._plan_timer.start()

    def refine(self, panel_id: str, instruction: str, base_id: str | None = None) -> bool:
        """Refine the panel's version `base_id` (else its selected one); False when nothing was asked for."""
        from generation.planning import plan_refine

        return self._panel_job(panel_id, lambda project, panel, settings: plan_refine(
            project, panel, instruction, settings, base_id), busy=True)

    def redraw_part(self, panel_id: str, mask, instruction: str, base_id: str | None = None) -> bool:
        """Redraw only the selected part (`mask`: uint8 array, 255 = selected) of the panel's version
        `base_id` (else its selected one); the result joins its refine thread. False when nothing was asked for."""
        from generation.partredraw import plan_part_redraw
        from model.picture.selection import array_selection

        return self._panel_job(panel_id, lambda project, panel, settings: plan_part_redraw(
            project, panel, array_selection(mask), instruction, settings, base_id), busy=True)

    def picture_from_drawing(self, panel_id: str, instruction: str = "") -> bool:
        """Turn the panel's selected drawing into a picture (the drawing is the composition)."""
        from generation.fromdrawing import plan_from_drawing

        return self._panel_job(panel_id, lambda project, panel, settings: plan_from_drawing(
            project, panel, settings, instruction), busy=False)

    def _panel_job(self, panel_id: str, plan, busy: bool) -> bool:
        """Plan one job for the panel (`plan(project, panel, settings)`) and submit it; a refusal to plan is
        said on the status line. `busy`: also say so when the panel is being drawn already."""
        runner = self._ensure_runner()
        panel = self.doc.panel(panel_id)
        if runner is None or panel is None:
            return False
        try:
            job = plan(self.doc.project, panel, self.generation_settings())
        except PanelsmithError as exc:
            self.message.emit(str(exc))
            return False
        if self._submit(runner, job, force=True):
            return True
        if busy:
            self.message.emit(self.tr("{label} is being drawn already; refine it when that has finished.").format(label=job.label))
        return False

    def generate_sheet(self, character_name: str) -> None:
        from generation.planning import plan_sheet

        runner = self._ensure_runner()
        character = self.doc.project.character(character_name)
        if runner is None or character is None:
            return
        self._submit(runner, plan_sheet(self.doc.project, character, self.generation_settings()), force=True)

    def restyle_photo(self, kind: str, key: str, photo_id: str) -> None:
        """Redraw a stored photo (version `photo_id` of a panel, or of a character's sheet) in the style:
        an image edit with the photo attached when a service draws, the offline restyle otherwise."""
        from generation.planning import plan_photo, plan_photo_sheet

        runner = self._ensure_runner()
        owner = self.doc.panel(key) if kind == "panel" else self.doc.project.character(key)
        if runner is None or owner is None:
            return
        versions = owner.images if kind == "panel" else owner.sheet
        photo = next((v for v in versions.versions if v.id == photo_id), None)
        if photo is None:
            return
        settings = self.generation_settings()
        try:
            job = plan_photo(self.doc.project, owner, photo, settings) if kind == "panel" else \
                plan_photo_sheet(self.doc.project, owner, photo, settings)
        except PanelsmithError as exc:
            self.message.emit(str(exc))
            return
        self._submit(runner, job, force=True)

    def _submit(self, runner, job, force: bool) -> bool:
        if self.finished >= self.total:
            self.total = self.finished = 0
            self.cost = 0.0
            self.failures = []
            self._batch = None
        if runner.submit(job, force=force):
            self.total += 1
            self.progressChanged.emit(self.finished, self.total, self._cost())
            return True
        return False

    def cancel(self) -> None:
        self._pending.clear()
        if self._runner is not None:
            self._runner.cancel_all()

    def busy(self) -> bool:
        """True until every job asked for has been planned, run and its answer applied here."""
        return bool(self._pending) or self.finished < self.total

    def job_state(self, panel_id: str) -> str | None:
        """queued or generating while a job for the panel runs (kept by the board, which shows it)."""
        return self.panel_model.job_states.get(panel_id)

    def forget(self) -> None:
        """A different project is shown: stop, and start the next batch with a fresh runner and cache."""
        self.cancel()
        if self._runner is not None:
            self._runner.shutdown()
        self._runner, self._runner_key = None, None
        for pid in list(self.panel_model.job_states):
            self.panel_model.set_job_state(pid, None)
        self._batch = None
        self.total = self.finished = 0
        self.progressChanged.emit(0, 0, None)

    def shutdown(self, timeout: float = 3.0) -> None:
        """Cancel everything and wait (bounded) until the runner's jobs have settled."""
        self._pending.clear()
        self._plan_timer.stop()
        if self._runner is not None:
            self._runner.shutdown()
            self._runner.wait(timeout)

    def _cost(self) -> float | None:
        return self.cost if self.backend_name() not in (None, "offline") else None

    # ---- answers (GUI thread, via queued signals)
    @Slot(object, object)
    def _on_update(self, job, state) -> None:
        from generation.recording import record_failure, record_result

        target = job.target
        is_panel = target.kind == "panel"
        if state.status in ("queued", "running"):
            if is_panel:
                # A backend that reports steps is "drawing" only once the server starts it (its first report).
                waits = state.status == "queued" or getattr(getattr(self._runner, "backend", None), "reports_progress", False)
                self.panel_model.set_job_state(target.key, "queued" if waits else "generating")
                self.jobStateChanged.emit(target.key)
            return
        if is_panel:
            self.panel_model.set_job_state(target.key, None)
        for notice in getattr(getattr(self._runner, "backend", None), "notices", ()):
            if notice not in self._said:  # e.g. the node pack a ComfyUI server lacks for sheets: said once
                self._said.add(notice)
                self.message.emit(notice)
        exists = self.doc.panel(target.key) if is_panel else self.doc.project.cover if target.kind == "cover" \
            else self.doc.project.character(target.key)
        if state.status == "ready" and exists is not None:
            project, result = self.doc.project, state.result
            text = self.tr("Refine {label}") if job.request.instruction else \
                self.tr("Restyle {label}") if job.request.base_image is not None else self.tr("Draw {label}")
            self._record(RecordedChangeCommand(self.doc, target.kind, target.key,
                                               lambda: record_result(project, job, result),
                                               text.format(label=job.label)))
            self.cost += result.cost_usd or 0.0
        elif state.status == "failed" and exists is not None:
            record_failure(self.doc.project, job, state.error or "")
            self.failures.append(f"{job.label}: {state.error}")
            if is_panel:
                self.doc.panelChanged.emit(target.key)
            else:
                self.message.emit(f"{job.label}: {state.error}")
        if is_panel:
            self.jobStateChanged.emit(target.key)
            if job.request.instruction:
                self.refineFinished.emit(target.key, "" if state.status == "ready" else state.error or state.status)
        self.finished = min(self.total, self.finished + 1)
        self.progressChanged.emit(self.finished, self.total, self._cost())
        if self.finished >= self.total and self.failures:
            self.message.emit(self.tr("{n} failed: {first}").format(n=len(self.failures), first=self.failures[0]))

    def _record(self, change: RecordedChangeCommand) -> None:
        """Apply a result as part of this run's one undo step. A result joins the step while it is the
        latest change and unsaved; after another change or a save it starts a new step, so undoing
        never crosses a change it did not know about, nor leaves a saved state that is not on disk."""
        batch, stack = self._batch, self.stack
        on_top = (batch is not None and stack.index() > 0 and not stack.isClean()
                  and stack.command(stack.index() - 1) is batch)
        if on_top:
            batch.grow(change)
            stack.undoTextChanged.emit(stack.undoText())
            return
        batch = self._batch = GenerationBatchCommand(self.tr("Draw {n} pictures"))
        batch.adopt(change)
        stack.push(batch)  # applies its first change

    @Slot(object, float)
    def _on_progress(self, job, fraction: float) -> None:
        key = job.target.key
        state = self.panel_model.job_states.get(key)
        if job.target.kind == "panel" and state in ("queued", "generating"):
            if state == "queued":
                self.panel_model.set_job_state(key, "generating")
                self.jobStateChanged.emit(key)
            self.panel_model.set_progress(key, fraction)

    @Slot(object, bytes)
    def _on_partial(self, job, png: bytes) -> None:
        if job.target.kind == "panel" and self.doc.panel(job.target.key) is not None:
            self.panel_model.set_partial(job.target.key, png)

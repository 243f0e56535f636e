"""The job runner: planned jobs fanned out over a few worker threads, never touching the project.

Bounded concurrency (default 4), at most one job per target, per-target state (queued, running,
ready, failed, cancelled with the error sentence), cancel everything within a second, and a cache so a
request identical to one already answered reuses that image instead of paying again. Results reach
the owner through callbacks on worker threads (the Qt wrapper marshals them to the UI thread) and
are applied there with `generation.recording.record_result`.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Protocol

from generation.errors import CancelledError, GenerationError
from generation.planning import Job, Target
from generation.request import CancelToken, ImageRequest, ImageResult, PartialImageCallback

DEFAULT_JOBS = 4
POLL_SECONDS = 0.05  # how often a waiting worker looks at its cancel token


class Backend(Protocol):
    name: str

    def generate(self, request: ImageRequest, on_partial: PartialImageCallback | None = None,
                 cancel: CancelToken | None = None) -> ImageResult: ...


@dataclass(frozen=True)
class JobState:
    """Where one target's job stands; `error` is the one-sentence reason when it failed."""

    status: str  # "queued", "running", "ready", "failed", "cancelled"
    error: str | None = None
    result: ImageResult | None = None
    cached: bool = False


UpdateCallback = Callable[[Job, JobState], None]
PartialCallback = Callable[[Job, bytes, int], None]
ProgressCallback = Callable[[Job, float], None]  # 0.0 – 1.0 of a running job, from backends that report it
ACTIVE = ("queued", "running")


class JobRunner:
    """Runs jobs on `max_jobs` threads; `on_update(job, state)` hears every state change."""

    def __init__(
        self,
        backend: Backend,
        max_jobs: int = DEFAULT_JOBS,
        on_update: UpdateCallback | None = None,
        on_partial: PartialCallback | None = None,
        cache: dict[str, bytes | Callable[[], bytes]] | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        if max_jobs < 1:
            raise ValueError("max_jobs must be at least 1")
        self.backend = backend
        self._on_update = on_update
        self._on_partial = on_partial
        self._on_progress = on_progress
        self._pool = ThreadPoolExecutor(max_workers=max_jobs, thread_name_prefix="panelsmith-job")
        self._lock = threading.Lock()
        self._states: dict[Target, JobState] = {}
        self._tokens: dict[Target, CancelToken] = {}
        self._futures: dict[Target, Future[None]] = {}
        self._jobs: dict[Target, Job] = {}
        # cache_key -> PNG bytes answered before (or a reader, so a big project's images load only on a hit)
        self._cache: dict[str, bytes | Callable[[], bytes]] = dict(cache or {})

    def remember(self, cache_key: str, png: bytes) -> None:
        """Add an image answered earlier (e.g. from the project's versions) to the cache."""
        with self._lock:
            self._cache[cache_key] = png

    def submit(self, job: Job, force: bool = False) -> bool:
        """Queue `job`; False when its target already has a job queued or running."""
        with self._lock:
            state = self._states.get(job.target)
            if state is not None and state.status in ACTIVE:
                return False
            token = CancelToken()
            self._tokens[job.target] = token
            self._jobs[job.target] = job
            self._states[job.target] = JobState("queued")
        self._notify(job, JobState("queued"))
        future = self._pool.submit(self._run, job, token, force)
        with self._lock:
            self._futures[job.target] = future
        return True

    def state(self, target: Target) -> JobState | None:
        with self._lock:
            return self._states.get(target)

    def states(self) -> dict[Target, JobState]:
        with self._lock:
            return dict(self._states)

    def busy(self) -> bool:
        with self._lock:
            return any(s.status in ACTIVE for s in self._states.values())

    def cancel(self, target: Target) -> None:
        """Stop one target's job: a queued one never starts, a running one is abandoned."""
        with self._lock:
            token = self._tokens.get(target)
            future = self._futures.get(target)
            job = self._jobs.get(target)
        if token is not None:
            token.cancel()
        if future is not None and future.cancel() and job is not None:
            self._set(job, JobState("cancelled", "Cancelled."))  # never started: nobody else will say so

    def cancel_all(self) -> None:
        """Stop every job; all states settle within a second."""
        with self._lock:
            targets = list(self._tokens)
        for target in targets:
            self.cancel(target)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no job is queued or running; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.busy():
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def shutdown(self) -> None:
        """Cancel what is left and release the threads (abandoned network calls finish on their own); a
        backend with a `close()` (ComfyUI) then withdraws whatever it still has on its server."""
        self.cancel_all()
        self._pool.shutdown(wait=False, cancel_futures=True)
        close = getattr(self.backend, "close", None)
        if callable(close):
            close()

    def _set(self, job: Job, state: JobState) -> None:
        with self._lock:
            if self._states.get(job.target, state).status == "cancelled" and state.status != "cancelled":
                return  # a cancelled job's late answer is discarded
            self._states[job.target] = state
        self._notify(job, state)

    def _notify(self, job: Job, state: JobState) -> None:
        if self._on_update is not None:
            self._on_update(job, state)

    def _run(self, job: Job, token: CancelToken, force: bool) -> None:
        try:
            if token.cancelled:
                raise CancelledError()
            key = job.request.cache_key(self.backend.name)
            with self._lock:
                hit = None if force else self._cache.get(key)
            if hit is not None:
                hit = hit() if callable(hit) else hit
                result = ImageResult(hit, self.backend.name, job.request.model, None, 0.0, 0.0)
                self._set(job, JobState("ready", result=result, cached=True))
                return
            self._set(job, JobState("running"))
            result = self._call(job, token)
            with self._lock:
                self._cache[key] = result.png
            self._set(job, JobState("ready", result=result))
        except CancelledError:
            self._set(job, JobState("cancelled", "Cancelled."))
        except GenerationError as err:
            self._set(job, JobState("failed", str(err)))
        except Exception as err:  # noqa: BLE001 - a bug must fail one panel, not the whole run
            self._set(job, JobState("failed", f"The image could not be made ({type(err).__name__}: {err})."))

    def _call(self, job: Job, token: CancelToken) -> ImageResult:
        """The backend call on its own daemon thread, so a cancel frees this worker at once even while
        the network call is still waiting; its late answer is then discarded."""
        box: dict[str, object] = {}
        done = threading.Event()
        partial = None
        if self._on_partial is not None:
            on_partial = self._on_partial
            partial = lambda png, index: None if token.cancelled else on_partial(job, png, index)  # noqa: E731
        extra = {}
        if self._on_progress is not None and getattr(self.backend, "reports_progress", False):
            on_progress = self._on_progress
            extra["on_progress"] = lambda fraction: None if token.cancelled else on_progress(job, fraction)

        def call() -> None:
            try:
                box["result"] = self.backend.generate(job.request, partial, token, **extra)
            except BaseException as err:  # noqa: BLE001 - handed to the waiting worker
                box["error"] = err
            finally:
                done.set()

        threading.Thread(target=call, name="panelsmith-request", daemon=True).start()
        while not done.wait(POLL_SECONDS):
            if token.cancelled:
                raise CancelledError()
        if token.cancelled:
            raise CancelledError()
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["result"]  # type: ignore[return-value]

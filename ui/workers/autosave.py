"""Autosave every minute into the user's state folder, and find what a crashed session left behind.

Each running window writes `autosave/<session>.panels` plus a small JSON note (which file it was,
which process wrote it). A clean exit removes both; files whose process is gone are a crash's
leftovers, offered for restoring at the next start.
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from model.project.imagestore import ImageStore
from model.project.project import Project, now_iso
from ui.document import snapshot_project
from ui.settings import state_dir
from ui.tasks import TaskRunner

AUTOSAVE_INTERVAL_MS = 60_000


def autosave_dir() -> Path:
    return state_dir() / "autosave"


@dataclass(frozen=True)
class Leftover:
    """An autosave from a session that did not end cleanly."""

    project_path: Path  # the autosaved `.panels`
    note_path: Path
    original: str | None  # the file the user was editing, if it had one
    title: str
    saved: str  # ISO time


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's live process: not ours to judge
    return True


def find_leftovers(folder: Path | None = None) -> list[Leftover]:
    """Autosaves whose writing process has ended, newest first."""
    folder = folder or autosave_dir()
    found: list[Leftover] = []
    for note_path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
            pid = int(note["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        project_path = note_path.with_suffix(".panels")
        if _pid_alive(pid) or not project_path.is_file():
            continue
        found.append(Leftover(project_path, note_path, note.get("original"), str(note.get("title", "")),
                              str(note.get("saved", ""))))
    return sorted(found, key=lambda lf: lf.saved, reverse=True)


def discard_leftover(leftover: Leftover) -> None:
    for p in (leftover.project_path, leftover.note_path):
        p.unlink(missing_ok=True)


def autosave_copy(project: Project) -> Project:
    """A snapshot whose image store reads through to the live one.

    Saving re-points a store's lazy images at the file just written; the copy keeps that from
    tying the live project to an autosave file that is deleted on exit.
    """
    live = project.images
    copy = snapshot_project(project)
    store = ImageStore()
    for digest in live.hashes():
        store.put_lazy(digest, lambda d=digest: live.get(d))
    copy.images = store
    return copy


class Autosaver(QObject):
    """Every minute, if the project has unsaved changes, writes a copy in the background."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, project: Callable[[], Project], is_dirty: Callable[[], bool],
                 original: Callable[[], str | None], folder: Path | None = None,
                 interval_ms: int = AUTOSAVE_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project, self._is_dirty, self._original = project, is_dirty, original
        self.folder = folder or autosave_dir()
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.tasks = TaskRunner(self, threads=1)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self._busy = False
        self.adopted: list[Path] = []

    @property
    def project_path(self) -> Path:
        return self.folder / f"{self.session}.panels"

    @property
    def note_path(self) -> Path:
        return self.folder / f"{self.session}.json"

    def start(self) -> None:
        self.timer.start()

    def save_now(self) -> bool:
        """Start a background autosave if there is something unsaved; False when nothing was started."""
        if self._busy or not self._is_dirty():
            return False
        from model.fileformat.projectfile import save_project

        project = autosave_copy(self._project())
        note = {"pid": os.getpid(), "original": self._original(), "title": project.title, "saved": now_iso()}
        target, note_path = self.project_path, self.note_path

        def write() -> str:
            target.parent.mkdir(parents=True, exist_ok=True)
            save_project(project, target)
            tmp = note_path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, note_path)
            return str(target)

        self._busy = True
        self.tasks.run(write, self._done, self._failed)
        return True

    def adopt(self, leftover: Leftover) -> Path:
        """Move a crashed session's autosave to this session, to open it; its images are read from it
        lazily, so the file stays until `drop_adopted` (after a save or on exit)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{self.session}-restored-{len(self.adopted)}.panels"
        os.replace(leftover.project_path, target)
        leftover.note_path.unlink(missing_ok=True)
        self.adopted.append(target)
        return target

    def drop_adopted(self) -> None:
        for path in self.adopted:
            path.unlink(missing_ok=True)
        self.adopted.clear()

    def clear(self) -> None:
        """The user's work is safe elsewhere (saved, or deliberately discarded): drop this session's copy."""
        self.tasks.wait(5000)
        for p in (self.project_path, self.note_path):
            p.unlink(missing_ok=True)

    def shutdown(self, msecs: int = 10000) -> None:
        """No more autosaves; one being written finishes (it is atomic either way)."""
        self.timer.stop()
        self.tasks.shutdown(msecs)

    def _done(self, path: str) -> None:
        self._busy = False
        self.saved.emit(path)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.failed.emit(message)

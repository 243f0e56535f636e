"""The one place that knows the `.panels` format: a zip of `project.json`, `script.txt` and images.

Layout of the zip:
- `project.json`: the document described in `model.fileformat.schema` (with `schema_version`);
- `script.txt`: the script text, UTF-8;
- `images/<sha256>.png`: each image once, ZIP_STORED (PNG is already compressed; bytes never change).

Saving is atomic (temporary file beside the target, fsync, replace, fsync the folder). Loading is
defensive: hostile names are refused, sizes are capped, image headers are checked for their pixel count
without decoding, and image bytes are read (and checked against their name's sha256) only when asked.
An image referenced by a version but absent from the zip does not stop the project from opening: the
version is dropped and the panel carries a one-sentence error, so the rest of the work stays usable.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
import threading
import time
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from model.errors import ImageError, ProjectFileError, PanelsmithError, ScriptError
from model.imageload import MAX_IMAGE_BYTES, PNG_HEADER_BYTES, inspect_png_header
from model.project.imagestore import ImageStore, sha256_of
from model.project.project import Project, VersionedImages
from model.fileformat.schema import (
    SCHEMA_VERSION,
    document_to_project,
    project_to_document,
    validate_document,
)
from model.textfile import read_capped

if TYPE_CHECKING:
    from model.script.panelscript import Diagnostic

__all__ = [
    "SCHEMA_VERSION",
    "ProjectFileError",
    "save_project",
    "load_project",
    "open_document",
    "OpenedDocument",
    "is_project_file",
    "read_script_text",
    "verify_images",
]

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_SCRIPT_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 20_000
DOCUMENT_NAME = "project.json"
SCRIPT_NAME = "script.txt"
IMAGE_NAME = re.compile(r"^images/([0-9a-f]{64})\.png$")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so saving an unchanged project gives the same bytes


# --- reading images lazily from a saved file ------------------------------------------------------


class _ZipSource:
    """One `.panels` file that images are read from on demand, opened per read or held during a save."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.digests: set[str] = set()  # the images this file holds
        self._held: zipfile.ZipFile | None = None
        self._lock = threading.Lock()

    def read(self, name: str, limit: int) -> bytes:
        with self._lock:
            try:
                if self._held is not None:
                    with self._held.open(name) as entry:
                        return entry.read(limit + 1)
                with zipfile.ZipFile(self.path) as zf, zf.open(name) as entry:
                    return entry.read(limit + 1)
            except (OSError, KeyError, zipfile.BadZipFile, ValueError):
                raise ProjectFileError(
                    f"The images of {self.path.name} can no longer be read (was the file moved or changed?)."
                ) from None

    @contextlib.contextmanager
    def held_open(self) -> Iterator[None]:
        """Keep the zip open for many reads (a save copies every image); closed before any replace."""
        try:
            zf = zipfile.ZipFile(self.path)
        except (OSError, zipfile.BadZipFile):
            yield  # reads will report the problem for the images actually needed
            return
        with self._lock:
            self._held = zf
        try:
            yield
        finally:
            with self._lock:
                self._held = None
            zf.close()


# The file each image store reads its lazy images from, so a save can copy them straight across.
_STORE_SOURCES: "weakref.WeakKeyDictionary[ImageStore, _ZipSource]" = weakref.WeakKeyDictionary()


class _StoredImage:
    """Reads one image's bytes from its source and checks them against the hash in its name."""

    def __init__(self, source: _ZipSource, digest: str, limit: int) -> None:
        self.source, self.digest, self.limit = source, digest, limit

    def __call__(self) -> bytes:
        name = f"images/{self.digest}.png"
        data = self.source.read(name, self.limit)
        if len(data) > self.limit or sha256_of(data) != self.digest:
            raise ProjectFileError(f"{self.source.path.name} is damaged: {name} does not match its checksum.")
        try:
            # The header peek keeps Pillow out of copying; renderers decode through imageload's guards.
            inspect_png_header(data[:PNG_HEADER_BYTES], f"{name} in {self.source.path.name}")
        except ImageError as exc:
            raise ProjectFileError(str(exc)) from None
        return data


# --- load ------------------------------------------------------------------------------------------


def _check_names(infos: list[zipfile.ZipInfo], filename: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise ProjectFileError(f"{filename} has {len(infos)} entries, more than the {MAX_ENTRIES} allowed.")
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise ProjectFileError(f"{filename} was refused: it contains an unsafe entry name {name!r}.")
        if name in seen:
            raise ProjectFileError(f"{filename} was refused: the entry {name!r} appears twice.")
        seen.add(name)


def _read_text_entry(zf: zipfile.ZipFile, name: str, limit: int, filename: str) -> str:
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise ProjectFileError(f"{filename} was refused: {name} is larger than {limit // 1024 // 1024} MB.")
    with zf.open(info) as entry:
        data = entry.read(limit + 1)  # the directory's size may lie; never read more than the cap
    if len(data) > limit:
        raise ProjectFileError(f"{filename} was refused: {name} is larger than {limit // 1024 // 1024} MB.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProjectFileError(f"{filename} is damaged: {name} is not UTF-8 text.") from None


def _register_images(zf: zipfile.ZipFile, project: Project, source: _ZipSource, filename: str) -> set[str]:
    present: set[str] = set()
    for info in zf.infolist():
        if info.is_dir() or not info.filename.startswith("images/"):
            continue
        match = IMAGE_NAME.match(info.filename)
        if match is None:
            raise ProjectFileError(f"{filename} is damaged: unexpected image entry {info.filename!r}.")
        if info.file_size > MAX_IMAGE_BYTES:
            raise ProjectFileError(f"{filename} was refused: {info.filename} is larger than 50 MB.")
        with zf.open(info) as entry:
            head = entry.read(PNG_HEADER_BYTES)  # the header alone: no pixels are decoded at open
        try:
            inspect_png_header(head, f"{info.filename} in {filename}")
        except ImageError as exc:
            raise ProjectFileError(f"{filename} was refused: {exc}") from None
        digest = match.group(1)
        project.images.put_lazy(digest, _StoredImage(source, digest, MAX_IMAGE_BYTES))
        present.add(digest)
    return present


def _drop_missing(images: VersionedImages, present: set[str]) -> int:
    kept = [v for v in images.versions if v.sha256 in present]
    dropped = len(images.versions) - len(kept)
    if dropped:
        images.versions = kept
        if images.selected_id not in {v.id for v in kept}:
            images.selected_id = kept[-1].id if kept else None
    return dropped


def load_project(path: str | os.PathLike[str]) -> Project:
    """Open a `.panels` file without decoding its images; every failure is one ProjectFileError."""
    path = Path(path)
    filename = path.name
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ProjectFileError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise ProjectFileError(f"{path} is a folder, not a project file.") from None
    except zipfile.BadZipFile:
        raise ProjectFileError(f"{filename} is not a Panelsmith project (it is not a zip file).") from None
    except OSError as exc:
        raise ProjectFileError(f"{filename} cannot be read: {exc.strerror or exc}.") from None
    try:
        with zf:
            infos = zf.infolist()
            _check_names(infos, filename)
            names = {i.filename for i in infos}
            if DOCUMENT_NAME not in names:
                raise ProjectFileError(f"{filename} is not a Panelsmith project (it has no {DOCUMENT_NAME}).")
            text = _read_text_entry(zf, DOCUMENT_NAME, MAX_JSON_BYTES, filename)
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ProjectFileError(
                    f"{filename} is damaged: {DOCUMENT_NAME} is not valid JSON (line {exc.lineno})."
                ) from None
            except (ValueError, RecursionError):  # a number of thousands of digits, or nesting thousands deep
                raise ProjectFileError(
                    f"{filename} is damaged: {DOCUMENT_NAME} holds a number too long or nesting too deep for a project."
                ) from None
            try:
                doc = validate_document(raw)
            except ProjectFileError as exc:
                raise ProjectFileError(f"{filename}: {exc}") from None
            script = _read_text_entry(zf, SCRIPT_NAME, MAX_SCRIPT_BYTES, filename) if SCRIPT_NAME in names else ""
            project = document_to_project(doc, script)
            source = _ZipSource(path.resolve())
            present = _register_images(zf, project, source, filename)
            source.digests = present
            _STORE_SOURCES[project.images] = source
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ProjectFileError(f"{filename} is damaged and cannot be read ({exc}).") from None
    for number, panel in enumerate(project.panels, start=1):
        if _drop_missing(panel.images, present):
            panel.error = f"Some images of panel {number} were missing from {filename}; the others were kept."
    for character in project.characters:
        _drop_missing(character.sheet, present)
    _drop_missing(project.cover.images, present)
    return project


def verify_images(project: Project) -> None:
    """Read every image once (checksum, format, pixel count), raising the first problem found."""
    with _holding_source(project.images):
        for digest in project.images.hashes():
            project.images.get(digest)


# --- documents: a project file or a script --------------------------------------------------------


def is_project_file(path: str | os.PathLike[str]) -> bool:
    """True when the path names a `.panels` file (by suffix, or a zip whatever its name)."""
    path = Path(path)
    if path.suffix.lower() == ".panels":
        return True
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def read_script_text(path: str | os.PathLike[str]) -> str:
    """The text of a script file; ScriptError if it is missing, too large or not UTF-8."""
    path = Path(path)
    data = read_capped(path, MAX_SCRIPT_BYTES, ScriptError, "a script")
    if len(data) > MAX_SCRIPT_BYTES:
        raise ScriptError(f"{path} is larger than {MAX_SCRIPT_BYTES // 1024 // 1024} MB; is it really a script?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScriptError(f"{path}:{line}: the script is not UTF-8 text; save it as UTF-8 and try again.") from None


@dataclass
class OpenedDocument:
    """What opening a file gave: the project, the script's diagnostics, and whether it was a script."""

    project: Project
    diagnostics: list["Diagnostic"] = field(default_factory=list)
    is_script: bool = False


def open_document(path: str | os.PathLike[str], filename: str | None = None) -> OpenedDocument:
    """A project from a `.panels` file, parsed from a UTF-8 script with its diagnostics (named `filename`,
    the path as given by default), or broken down from a screenplay (.fountain, .fdx). The one way the app
    and the command line open a file."""
    if is_project_file(path):
        return OpenedDocument(load_project(path))
    from model.screenplay.reading import import_screenplay, is_screenplay_file
    from model.script.panelscript import Diagnostic, parse_script

    if is_screenplay_file(path):  # a Fountain or Final Draft screenplay, broken down into scenes and shots
        breakdown = import_screenplay(path)
        notes = [Diagnostic(filename or str(path), 1, notice) for notice in breakdown.notices]
        return OpenedDocument(breakdown.project, notes, is_script=True)

    text = read_script_text(path)
    result = parse_script(text, filename=filename or str(path))
    if not result.project.script:
        result.project.script = text
    return OpenedDocument(result.project, list(result.diagnostics), is_script=True)


# --- save ------------------------------------------------------------------------------------------


def _holding_source(store: ImageStore) -> contextlib.AbstractContextManager[None]:
    source = _STORE_SOURCES.get(store)
    return source.held_open() if source else contextlib.nullcontext()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.external_attr = 0o644 << 16  # ordinary readable files when someone unzips a project
    return info


def _write_zip(project: Project, handle: object) -> set[str]:
    """Write the zip; the hashes of the images written."""
    document = json.dumps(project_to_document(project), ensure_ascii=False, indent=1).encode("utf-8")
    with zipfile.ZipFile(handle, "w") as zf:  # type: ignore[arg-type]
        for name, data in ((DOCUMENT_NAME, document), (SCRIPT_NAME, project.script.encode("utf-8"))):
            zf.writestr(_entry(name), data, compress_type=zipfile.ZIP_DEFLATED)
        source = _STORE_SOURCES.get(project.images)
        written = set(project.images.hashes())
        with _holding_source(project.images):
            for digest in sorted(written):
                if source and digest in source.digests and not project.images.is_loaded(digest):
                    # A straight copy: zipfile checks its CRC; the sha256 is checked whenever it is used.
                    data = source.read(f"images/{digest}.png", MAX_IMAGE_BYTES)
                    if len(data) > MAX_IMAGE_BYTES:
                        raise ProjectFileError(f"{source.path.name} is damaged: an image is larger than it claims.")
                else:
                    data = project.images.get(digest)
                zf.writestr(_entry(f"images/{digest}.png"), data, compress_type=zipfile.ZIP_STORED)
    return written


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; os.replace is already durable enough there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


STALE_TEMP_SECONDS = 10 * 60  # a save still writing touches its temp far more often than this


def _remove_stale_temps(path: Path) -> None:
    """Delete `.NAME.xxxxxxxx.saving` files a killed save of this project left behind, once they are old."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.saving")
    cutoff = time.time() - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            with contextlib.suppress(OSError):
                if (pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                        and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                    os.unlink(entry.path)


def save_project(project: Project, path: str | os.PathLike[str]) -> None:
    """Write the project atomically: the previous file stays intact until the new one is complete."""
    path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".saving", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            written = _write_zip(project, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
        temp = None
        _fsync_folder(folder)
        _remove_stale_temps(path)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise PanelsmithError(
                f"The disk is full, so {path.name} was not saved; the previous version is untouched."
            ) from None
        raise PanelsmithError(
            f"{path.name} could not be saved ({exc.strerror or exc}); the previous version is untouched."
        ) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    _read_images_from(project, path, written)


def _read_images_from(project: Project, path: Path, written: set[str]) -> None:
    """After a save, images not in memory are read from the new file (the old one may go away).

    Only the images written count: a store shared with the live project (a save on a worker) may
    have gained new ones meanwhile, and those stay in memory until the next save."""
    source = _ZipSource(path)
    source.digests = written
    for digest in written:
        if not project.images.is_loaded(digest):
            project.images.put_lazy(digest, _StoredImage(source, digest, MAX_IMAGE_BYTES))
    _STORE_SOURCES[project.images] = source

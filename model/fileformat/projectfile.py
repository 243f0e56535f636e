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
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from model.errors import ImageError, ProjectFileError, PanelsmithError
from model.imageload import MAX_IMAGE_BYTES, PNG_HEADER_BYTES, decode_image, inspect_png_header
from model.project.imagestore import ImageStore, sha256_of
from model.project.project import Project, VersionedImages
from model.fileformat.schema import (
    SCHEMA_VERSION,
    document_to_project,
    project_to_document,
    validate_document,
)
from model.textfile import open_regular

__all__ = [
    "SCHEMA_VERSION",
    "ProjectFileError",
    "save_project",
    "load_project",
    "verify_images",
]

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_SCRIPT_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_PROJECT_BYTES = 16 * 1024**3  # far above any real project; a lying size or a sparse file stops here
DOCUMENT_NAME = "project.json"
SCRIPT_NAME = "script.txt"
IMAGE_NAME = re.compile(r"^images/([0-9a-f]{64})\.png$")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so saving an unchanged project gives the same bytes
# What zipfile raises on damaged bytes: a bad CRC or header, a broken deflate stream, an impossible
# "version needed" or compression method, an entry cut short.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError)


class _OwnedZip(zipfile.ZipFile):
    """A zip read from a handle we opened, which closing the zip closes too (zipfile leaves it open)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        super().__init__(handle)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._handle.close()


def _open_zip(path: Path) -> zipfile.ZipFile:
    """The zip at `path`, opened only if it is a regular file of a plausible size (never a FIFO or device)."""
    handle = open_regular(path, ProjectFileError, "a project file", MAX_PROJECT_BYTES)
    try:
        return _OwnedZip(handle)
    except BaseException:
        handle.close()
        raise


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
            if self._held is not None:
                return self._read_entry(self._held, name, limit)
            try:
                zf = _open_zip(self.path)
            except (OSError, ProjectFileError, *ZIP_DAMAGE):
                raise self._gone() from None
            with zf:
                return self._read_entry(zf, name, limit)

    def _gone(self) -> ProjectFileError:
        return ProjectFileError(f"The images of {self.path.name} can no longer be read (was the file moved or changed?).")

    def _read_entry(self, zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
        try:
            with zf.open(name) as entry:
                return entry.read(limit + 1)
        except (KeyError, OSError, ValueError):  # the entry is gone: another file took this one's place
            raise self._gone() from None
        except ZIP_DAMAGE:
            # The file is there and its directory reads, but this picture's stored bytes do not.
            short = name.removeprefix("images/")[:12]
            raise ProjectFileError(f"{self.path.name} is damaged: a stored picture ({short}…) cannot be read back.") from None

    @contextlib.contextmanager
    def held_open(self) -> Iterator[None]:
        """Keep the zip open for many reads (a save copies every image); closed before any replace."""
        try:
            zf = _open_zip(self.path)
        except (OSError, ProjectFileError, *ZIP_DAMAGE):
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
# The panels (by id) that lost pictures (missing or damaged) when the project was opened, by its image store.
_LOST_AT_OPEN: "weakref.WeakKeyDictionary[ImageStore, frozenset[str]]" = weakref.WeakKeyDictionary()


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
        if not name.strip("/\\"):  # zipfile itself trips on an empty name (ZipInfo.is_dir)
            raise ProjectFileError(f"{filename} is damaged: it holds an entry with no name.")
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


def _register_images(zf: zipfile.ZipFile, project: Project, source: _ZipSource, filename: str,
                     damaged: set[str]) -> set[str]:
    """The images the zip holds, registered to be read lazily; the hashes of those whose stored bytes
    no longer read back (a bad CRC or deflate stream) go into `damaged` and are not registered."""
    present: set[str] = set()
    for info in zf.infolist():
        if info.is_dir() or not info.filename.startswith("images/"):
            continue
        match = IMAGE_NAME.match(info.filename)
        if match is None:
            raise ProjectFileError(f"{filename} is damaged: unexpected image entry {info.filename!r}.")
        if info.file_size > MAX_IMAGE_BYTES:
            raise ProjectFileError(f"{filename} was refused: {info.filename} is larger than 50 MB.")
        try:
            with zf.open(info) as entry:
                head = entry.read(PNG_HEADER_BYTES)  # the header alone: no pixels are decoded at open
        except ZIP_DAMAGE:  # a small picture is read whole here, so its checksum is checked too
            damaged.add(match.group(1))
            continue
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


def _reason(exc: BaseException) -> str:
    """What zipfile or zlib said, as a clause (a compressed entry's stream is named as such)."""
    said = str(exc).strip().rstrip(".") or type(exc).__name__
    return f"a compressed entry is corrupt: {said}" if isinstance(exc, zlib.error) else said


def load_project(path: str | os.PathLike[str]) -> Project:
    """Open a `.panels` file without decoding its images; every failure is one ProjectFileError."""
    path = Path(path)
    filename = path.name
    try:
        zf = _open_zip(path)
    except zipfile.BadZipFile:
        raise ProjectFileError(f"{filename} is not a Panelsmith project (it is not a zip file).") from None
    except (zlib.error, NotImplementedError, EOFError, ValueError) as exc:
        raise ProjectFileError(f"{filename} is damaged and cannot be read ({_reason(exc)}).") from None
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
            damaged: set[str] = set()
            present = _register_images(zf, project, source, filename, damaged)
            source.digests = present
            _STORE_SOURCES[project.images] = source
    except (*ZIP_DAMAGE, OSError, RuntimeError) as exc:
        raise ProjectFileError(f"{filename} is damaged and cannot be read ({_reason(exc)}).") from None
    lost_pictures: set[str] = set()
    for number, panel in enumerate(project.panels, start=1):
        lost = {v.sha256 for v in panel.images.versions} & damaged
        if _drop_missing(panel.images, present):
            lost_pictures.add(panel.id)
            panel.error = (f"A picture of panel {number} is damaged in {filename} and was left out; the others were kept."
                           if lost else f"Some images of panel {number} were missing from {filename}; the others were kept.")
    _LOST_AT_OPEN[project.images] = frozenset(lost_pictures)
    for character in project.characters:
        _drop_missing(character.sheet, present)
    _drop_missing(project.cover.images, present)
    return project


def _owners(project: Project) -> dict[str, str]:
    """Who each stored image belongs to, as a person would say it ("panel 3", "the sheet of Gary")."""
    owners: dict[str, str] = {}
    for character in project.characters:
        for version in character.sheet.versions:
            owners.setdefault(version.sha256, f"the reference sheet of {character.name}")
    for number, panel in enumerate(project.panels, start=1):
        for version in panel.images.versions:
            owners.setdefault(version.sha256, f"panel {number}")
    return owners


def lost_at_open(project: Project) -> frozenset[str]:
    """The ids of the panels that lost a picture when the project was opened (missing from the file or damaged)."""
    return _LOST_AT_OPEN.get(project.images, frozenset())


def verify_images(project: Project) -> None:
    """Read and decode every stored image once (checksum, format, pixel count, pixel data), raising a
    ProjectFileError naming the first damaged picture and whose it is."""
    owners = _owners(project)
    with _holding_source(project.images):
        for digest in project.images.hashes():
            whose = owners.get(digest, "an unused picture")
            try:
                data = project.images.get(digest)
                decode_image(data, f"The picture of {whose}").close()  # a PNG cut short has a good header
            except ImageError as exc:
                raise ProjectFileError(str(exc)) from None
            except ProjectFileError as exc:
                raise ProjectFileError(f"{str(exc).rstrip('.')} (the picture of {whose}).") from None


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

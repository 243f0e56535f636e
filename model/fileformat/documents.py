"""Opening what a person gives Panelsmith: a `.panels` project, a Panel Script, or a screenplay.

`open_document` is the one way the app and the command line open a file; the project file itself is
`model.fileformat.projectfile`'s.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import ProjectFileError, ScriptError
from model.fileformat.projectfile import MAX_SCRIPT_BYTES, load_project
from model.project.project import Project
from model.textfile import open_regular, read_capped

if TYPE_CHECKING:
    from model.script.panelscript import Diagnostic


def is_project_file(path: str | os.PathLike[str]) -> bool:
    """True when the path names a `.panels` file (by suffix, or a zip whatever its name)."""
    path = Path(path)
    if path.suffix.lower() == ".panels":
        return True
    try:
        with open_regular(path, ProjectFileError, "a project file") as f:  # a FIFO must not block the peek
            return f.read(4) == b"PK\x03\x04"
    except (OSError, ProjectFileError):
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



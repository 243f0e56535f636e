"""Opening what a command was given: a `.panels` file or a script, with diagnostics on stderr."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from model.errors import BadInputError, ScriptError
from model.project.project import Project
from model.fileformat.projectfile import load_project
from model.fileformat.documents import is_project_file, open_document, read_script_text
from model.script.reconcile import reparse


def read_document(path: str, stderr: TextIO | None = None) -> Project:
    """The project in a `.panels` file, or parsed from a script (its diagnostics printed to stderr)."""
    opened = open_document(path)
    for diagnostic in opened.diagnostics:
        print(diagnostic, file=stderr or sys.stderr)
    return opened.project


def update_from_script(project: Project, script: str, stderr: TextIO | None = None) -> Project:
    """`project` re-parsed from the script file `script`, every image kept with its panel (diagnostics to stderr)."""
    result = reparse(project, _script_text(script, stderr), filename=script)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=stderr or sys.stderr)
    if not result.project.panels:
        raise ScriptError(f"{script} has no panels, so the project was left as it was.")
    return result.project


def _script_text(path: str, stderr: TextIO | None) -> str:
    """A script file's Panel Script: its text, or the storyboard a screenplay breaks down into."""
    from model.screenplay.reading import import_screenplay, is_screenplay_file

    if not is_screenplay_file(path):
        return read_script_text(path)
    breakdown = import_screenplay(path)
    for notice in breakdown.notices:
        print(f"note: {notice}", file=stderr or sys.stderr)
    return breakdown.project.script


def open_for_update(path: str) -> tuple[Project, Path, str]:
    """The project, where it is saved (a script's project goes next to it as SCRIPT.panels), and a note
    saying so, printed once the command's options are known to be good.

    When SCRIPT.panels already exists, the script is re-parsed onto it so every image stays with its panel.
    """
    if is_project_file(path):
        return read_document(path), Path(path), ""
    out = Path(path).with_suffix(".panels")
    if not out.exists():
        project = read_document(path)
        if not project.panels:
            raise ScriptError(f"{path} has no panels, so nothing was drawn or written.")
        return project, out, f"Saving the project to {out}."
    if not is_project_file(out):
        raise BadInputError(f"{out} exists and is not a Panelsmith project; move it away or give the .panels file.")
    existing = load_project(out)
    return update_from_script(existing, path), out, f"Updating {out} from {path} (images stay with their panels)."

"""Opening what a command was given: a `.panels` file or a script, with diagnostics on stderr."""
from __future__ import annotations

import sys
from typing import TextIO

from model.errors import ScriptError
from model.project import Project
from model.projectfile import is_project_file, load_project, read_script_text
from model.reconcile import reparse
from model.script import ParseResult, parse_script


def parse_script_file(path: str, stderr: TextIO | None = None) -> ParseResult:
    """Parse a script file, printing each diagnostic as `file:line: message` (warnings, not failures)."""
    result = parse_script(read_script_text(path), filename=path)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=stderr or sys.stderr)
    return result


def read_document(path: str, stderr: TextIO | None = None) -> Project:
    """The project in a `.panels` file, or parsed from a script (its diagnostics printed to stderr)."""
    if is_project_file(path):
        return load_project(path)
    return parse_script_file(path, stderr).project


def update_from_script(project: Project, script: str, stderr: TextIO | None = None) -> Project:
    """`project` re-parsed from the script file `script`, every image kept with its panel (diagnostics to stderr)."""
    result = reparse(project, read_script_text(script), filename=script)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=stderr or sys.stderr)
    if not result.project.panels:
        raise ScriptError(f"{script} has no panels, so the project was left as it was.")
    return result.project

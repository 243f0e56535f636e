"""`panelsmith refine` and `thread`: talk a panel into shape, one instruction a turn.

Each refinement edits one version of the panel (the selected one, or `--from` an earlier turn: a
branch) and adds the result as a new version. `thread` shows a panel's turns as the app's inspector
does. An instruction that changes a character for good ("from now on he wears a hat") is offered as a
lasting detail for the script; `--lasting` adds it, so the panels after it follow.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.comfyui_options import backend_name
from cli.documents import open_for_update, read_document
from cli.generate_commands import FILE_HELP, add_backend_options, print_notes, panel_at, run_one_job, generation_settings, check_quality
from export.atomic import write_bytes
from generation.backends import choose_backend
from generation.planning import plan_refine
from generation.recording import record_kept
from model.prompt.continuity import characters_present
from model.errors import BadInputError
from model.prompt.lastingchange import LastingChange, detect_lasting, is_active, script_with_detail
from model.project.project import Panel, Project
from model.fileformat.projectfile import save_project
from model.fileformat.documents import is_project_file
from model.script.reconcile import reparse
from model.project.refinethread import Turn, find_version, refine_thread


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `refine` and `thread` to the command line."""
    refine = subparsers.add_parser(
        "refine", help="a new version of a panel following an instruction",
        description="Edit the panel's selected image (or --from an earlier version: a branch of its thread) "
        "following INSTRUCTION; the result is a new version whose parent is that one (which stays selectable). "
        "An instruction that changes a character for good (\"from now on he wears a hat\") can add a lasting "
        "detail to the script with --lasting.",
    )
    refine.add_argument("file", metavar="FILE", help=FILE_HELP)
    refine.add_argument("panel", metavar="PANEL", help="the panel number")
    refine.add_argument("instruction", metavar="INSTRUCTION", help='e.g. "make the background a night city"')
    refine.add_argument("--from", dest="base", metavar="VERSION",
                        help="continue from this version: its number in the thread (2 or v2) or the start of its id")
    refine.add_argument("--lasting", action="store_true",
                        help="also add the lasting detail the instruction asks for (+NAME: detail) to this panel of the script")
    add_backend_options(refine)
    refine.set_defaults(func=run_refine)

    thread = subparsers.add_parser(
        "thread", help="a panel's refine thread: each version with the instruction that made it",
        description="Show the versions of panel PANEL (of every panel with more than one version when PANEL is "
        "left out) as a thread: each refinement under the version it was made from, branches indented.",
    )
    thread.add_argument("file", metavar="FILE", help="a .panels project file or a script")
    thread.add_argument("panel", metavar="PANEL", nargs="?", help="the panel number")
    thread.add_argument("--json", action="store_true", help="print JSON instead of text")
    thread.set_defaults(func=run_thread)


def _lasting(project: Project, panel: Panel, instruction: str, wanted: bool) -> LastingChange | None:
    change = detect_lasting(project, panel, instruction)
    if wanted and change is None:
        cast = ", ".join(c.name for c in characters_present(project, panel)) or "nobody"
        raise BadInputError(
            f"--lasting needs an instruction that changes one character for good, like “from now on Gary wears a "
            f"hat” (this panel shows: {cast}); nothing was drawn."
        )
    return change


def run_refine(args: argparse.Namespace) -> int:
    project, out, where = open_for_update(args.file)
    panel = panel_at(project, args.panel)
    number = int(args.panel)
    base = find_version(panel, args.base) if args.base else None
    change = _lasting(project, panel, args.instruction, args.lasting)
    check_quality(args.model, args.quality)
    backend, note = choose_backend(backend_name(args), getattr(args, "server", None))
    job = plan_refine(project, panel, args.instruction, generation_settings(args, backend.name), base.id if base else None)
    print_notes(where, note)
    code = run_one_job(project, out, job, backend)  # a failure is kept on the panel and raised (exit 1)
    parent = panel.images.find(job.parent or "")
    if parent is not None:
        print(f"Panel {number}: v{len(panel.images.versions)} of its thread, made from "
              f"v{panel.images.versions.index(parent) + 1} (`panelsmith thread` shows them all).")
    if change is None:
        return code
    if is_active(project, panel, change):
        print(f"{change.character} already has “{change.detail}” in panel {number}; the script was left as it was.")
    elif args.lasting:
        _add_detail(project, panel, change, out, args.file)
    else:
        print(f"This lasts: add “{change.script_line()}” to panel {number} of the script so later panels follow "
              f"(run again with --lasting, or write the line yourself).")
    return code


def _add_detail(project: Project, panel: Panel, change: LastingChange, out: Path, source: str) -> None:
    """Write `+NAME: detail` into the panel's block, re-parse (images stay with their panels) and save."""
    number = project.panels.index(panel) + 1
    text = script_with_detail(project, panel, change)
    result = reparse(project, text, filename=source if not is_project_file(source) else "script")
    refined = panel.images.selected
    kept = result.project.panel(panel.id)
    if refined is not None and kept is not None:  # the new picture shows the detail already: it stays ready
        record_kept(result.project, kept, refined, change.script_line())
    if not is_project_file(source):
        write_bytes(Path(source), text.encode("utf-8"))  # the script is the source of SCRIPT.panels
    save_project(result.project, out)
    later = [n for n, p in enumerate(result.project.panels, start=1)
             if n > number and any(c.name == change.character for c in characters_present(result.project, p))]
    print(f"Added “{change.script_line()}” to panel {number} of the script.")
    if later:
        which = ",".join(map(str, later))
        many = len(later) > 1
        print(f"{'Panels' if many else 'Panel'} {', '.join(map(str, later))} with {change.character} "
              f"now {'follow' if many else 'follows'} it; `panelsmith generate {source} --only {which}` "
              f"redraws {'them' if many else 'it'}.")


def _turn_text(turn: Turn, selected: bool) -> str:
    pad = "    " * turn.depth
    mark = "*" if selected else " "
    if turn.instruction:
        source = f"from v{turn.parent_number} " if turn.branch and turn.parent_number else ""
        what = f"{source}{'part: ' if turn.part else ''}“{turn.instruction}”"
    elif turn.origin == "kept":
        what = f"the same picture, kept for “{turn.version.parameters['kept_for']}”"
    elif turn.orphan:
        what = "refined from a version no longer in the project"
    else:
        source = turn.version.parameters.get("source")
        what = f"imported {source}" if turn.origin == "imported" and source else turn.origin
    arrow = "↳ " if turn.branch else ""
    return f"{mark} {pad}{arrow}v{turn.number}  {what}  ({turn.version.backend}, {turn.version.id[:8]})"


def _turn_json(turn: Turn, selected: bool) -> dict:
    return {
        "version": turn.number, "id": turn.version.id, "instruction": turn.instruction,
        "parent": turn.parent_number, "depth": turn.depth, "branch": turn.branch, "origin": turn.origin,
        "orphan": turn.orphan, "part": turn.part, "drawing": turn.drawing, "selected": selected, "backend": turn.version.backend, "created": turn.version.created,
    }


def run_thread(args: argparse.Namespace) -> int:
    project = read_document(args.file)
    if args.panel:
        chosen = [(int(args.panel), panel_at(project, args.panel))]
    else:
        chosen = [(n, p) for n, p in enumerate(project.panels, start=1) if len(p.images.versions) > 1]
    if args.json:
        print(json.dumps([{"index": n, "error": p.error,
                           "turns": [_turn_json(t, t.version is p.images.selected) for t in refine_thread(p)]}
                          for n, p in chosen], ensure_ascii=False, indent=2))
        return 0
    if not chosen:
        print("No panel has been refined yet; `panelsmith refine FILE PANEL \"instruction\"` starts a thread.")
    for i, (number, panel) in enumerate(chosen):
        if i:
            print()
        print(f"Panel {number}" + ("" if panel.images.versions else ": no versions yet"))
        for turn in refine_thread(panel):
            print(_turn_text(turn, turn.version is panel.images.selected))
        if panel.error:
            print(f"  last request failed: {panel.error}")
    if chosen:
        print("(* the version in use; `refine … --from vN` continues from an earlier one)", file=sys.stderr)
    return 0

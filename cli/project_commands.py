"""`panelsmith new`, `info` and `prompts`: make a project from a script, and look inside one."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.documents import read_document, update_from_script
from export.timeline.formats import is_timeline_file
from model.screenplay.reading import is_screenplay_file
from model.prompt.continuity import characters_present, continuity_scan, effective_setting, setting_name
from model.errors import BadInputError, ScriptError
from model.project.editions import edition_summary
from model.project.project import Panel, Project
from model.fileformat.projectfile import ProjectFileError, load_project, save_project, verify_images
from model.fileformat.documents import is_project_file
from model.prompt.compose import request_prompt
from model.prompt.status import panel_status

FILE_HELP = "a .panels project file or a script"


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `new`, `info` and `prompts` to the command line."""
    new = subparsers.add_parser(
        "new",
        help="make a .panels project from a script",
        description="Parse SCRIPT and write a project file. SCRIPT is a Panel Script, or a screenplay "
        "(.fountain, Final Draft .fdx) broken down into scenes and shots. Script problems are printed as warnings "
        "(file:line: message); a script with no panels writes nothing and exits 2. With --force, an "
        "existing project is updated from the script and keeps every image with its panel.",
    )
    new.add_argument("script", metavar="SCRIPT",
                     help="a UTF-8 Panel Script (see docs/script.md), a .fountain or .fdx screenplay, or an "
                     "editor's timeline (.otio, .xml, .fcpxml, .edl) to bring a cut back to the board")
    new.add_argument("-o", "--output", metavar="FILE.panels", help="where to write (default: SCRIPT.panels)")
    new.add_argument("--force", action="store_true", help="update an existing project file from the script, keeping its images")
    new.add_argument("--shots", choices=("offline", "auto"), default=None,
                     help="screenplays: offline (default) makes a panel per action paragraph and per dialogue exchange; "
                     "auto asks a text model for each scene's shot list, one request per batch of scenes")
    new.add_argument("--model", metavar="M", default=None, help="with --shots auto: the text model (default as for `draft`)")
    new.set_defaults(func=run_new)

    info = subparsers.add_parser(
        "info",
        help="title, and each panel's status, cast, versions and last error",
        description="Show a project's title and, per panel, its status (missing | ready | stale | failed), "
        "cast, number of image versions and last error. Checks every stored image on the way.",
    )
    info.add_argument("file", metavar="FILE", help=FILE_HELP)
    info.add_argument("--json", action="store_true", help="print JSON instead of text")
    info.set_defaults(func=run_info)

    prompts = subparsers.add_parser(
        "prompts",
        help="the exact prompt each panel's image request will carry",
        description="Print each panel's image prompt, with its cast, setting, shot and the lines that "
        "will be lettered over it (lines never go into the prompt).",
    )
    prompts.add_argument("file", metavar="FILE", help=FILE_HELP)
    prompts.add_argument("--json", action="store_true", help="print JSON instead of text")
    prompts.set_defaults(func=run_prompts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def run_new(args: argparse.Namespace) -> int:
    if (args.shots or args.model) and not is_screenplay_file(args.script):
        raise BadInputError(f"--{'shots' if args.shots else 'model'} is for a screenplay (.fountain or .fdx), not {args.script}.")
    if args.model and args.shots != "auto":
        raise BadInputError("--model names the text model for --shots auto; add --shots auto or leave it out.")
    script = Path(args.script)
    output = Path(args.output) if args.output else script.with_suffix(".panels")
    if output.exists() and not args.force:
        raise BadInputError(
            f"{output} already exists; choose another name with -o, or pass --force to update it from the "
            "script (its images stay with their panels)."
        )
    if not output.parent.is_dir():
        raise BadInputError(f"cannot write {output}: the folder {output.parent} does not exist.")
    if output.exists():
        # --force on a project updates it: images are the user's work and are never thrown away here.
        if output.is_dir() or not is_project_file(output):
            raise BadInputError(f"{output} exists and is not a Panelsmith project; it was left alone.")
        try:
            existing = load_project(output)
        except ProjectFileError as exc:
            raise BadInputError(f"{str(exc).rstrip('.')}; it was left alone (choose another name with -o).") from None
        print(f"Updating {output} from {args.script} (images stay with their panels).", file=sys.stderr)
        project = _read_source(args, existing)
    else:
        project = _read_source(args)
    if not project.panels:
        raise ScriptError(f"{args.script} has no panels, so nothing was written.")
    save_project(project, output)
    print(
        f"Wrote {output}: {_plural(len(project.panels), 'panel')}, "
        f"{_plural(len(project.characters), 'character')}, {_plural(len(project.settings), 'setting')}."
    )
    return 0


def _read_source(args: argparse.Namespace, existing: Project | None = None) -> Project:
    """The project SCRIPT makes: a screenplay broken down into shots, or a Panel Script parsed;
    re-parsed onto `existing` (so its images stay with their panels) when there is one."""
    if is_timeline_file(args.script) and existing is None:
        from export.timeline.readback import project_from_timeline

        imported = project_from_timeline(args.script)
        for notice in imported.notices:
            print(f"warning: {notice}", file=sys.stderr)
        return imported.project
    if is_timeline_file(args.script):
        raise BadInputError(f"{args.output} exists; a timeline makes a new project, so choose another name with -o.")
    if not is_screenplay_file(args.script):
        return update_from_script(existing, args.script) if existing else read_document(args.script)
    from model.screenplay.reading import import_screenplay
    from model.script.reconcile import reparse

    breakdown = import_screenplay(args.script)
    for notice in breakdown.notices:
        print(f"note: {notice}", file=sys.stderr)
    if args.shots == "auto":
        from generation.text.shotplanning import batches, plan_shots
        from generation.text.textmodel import TextModel

        text_model = TextModel(model=args.model, purpose="Planning shots (--shots auto)")
        count = len(batches(breakdown.project))
        print(f"Planning shots with {text_model.model}: {count} request{'s' if count != 1 else ''}, "
              "one per batch of scenes…", file=sys.stderr, flush=True)
        plan_shots(breakdown.project, text_model)
    if existing is None:
        return breakdown.project
    return reparse(existing, breakdown.project.script, filename=args.script).project


def _cast(project: Project, panel: Panel) -> list[str]:
    return [c.name for c in characters_present(project, panel)]


def run_info(args: argparse.Namespace) -> int:
    project = read_document(args.file)
    if is_project_file(args.file):
        verify_images(project)  # a damaged image is reported now, not halfway through an export
    with continuity_scan(project):  # one pass over the panels, however many there are
        rows = [
            {
                "index": number,
                "status": panel_status(project, panel),
                "characters": _cast(project, panel),
                "versions": len(panel.images.versions),
                "error": panel.error,
            }
            for number, panel in enumerate(project.panels, start=1)
        ]
    editions = [edition_summary(project, project.editions[code]) for code in sorted(project.editions)]
    cover = _cover_row(project)
    if args.json:
        _print_json({"title": project.title, "panels": rows, "editions": editions} | ({"cover": cover} if cover else {}))
        return 0
    print(project.title or "(untitled)")
    if project.author:
        print(f"by {project.author}")
    print(f"{_plural(len(rows), 'panel')}, {_plural(len(project.characters), 'character')}")
    for e in editions:
        print(f"edition {e['language']}: {e['translated']} lines translated ({e['hand_edited']} by hand), "
              f"{e['untranslated']} untranslated")
    if cover is not None:
        blurb = f", blurb of {_plural(cover['blurb_words'], 'word')}" if cover["blurb_words"] else ", no blurb"
        print(f"cover: {cover['status'] or 'a panel’s picture (no Cover: block)'}, {_plural(cover['versions'], 'version')}{blurb}"
              + (f"  error: {cover['error']}" if cover["error"] else ""))
    for row in rows:
        cast = ", ".join(row["characters"]) or "-"
        text = f"{row['index']:>4}  {row['status']:<8} {_plural(row['versions'], 'version'):<11} {cast}"
        print(text + (f"  error: {row['error']}" if row["error"] else ""))
    return 0


def _cover_row(project: Project) -> dict[str, Any] | None:
    """The book's own cover: its picture's status (None without a `Cover:` block), versions and blurb; None
    when the script has neither a `Cover:` nor a `Blurb:` block."""
    from model.prompt.status import cover_status

    cover = project.cover
    if not (cover.description.strip() or cover.blurb.strip()):
        return None
    from model.fonts import is_cjk

    tokens = cover.blurb.split()  # a Latin word counts once, each CJK character once
    words = sum(1 for t in tokens if not any(is_cjk(ch) for ch in t)) + sum(1 for ch in cover.blurb if is_cjk(ch))
    return {"status": cover_status(project), "versions": len(cover.images.versions), "error": cover.error,
            "blurb_words": words}


def _prompt_entry(project: Project, number: int, panel: Panel) -> dict[str, Any]:
    setting = effective_setting(project, panel)
    return {
        "index": number,
        "prompt": request_prompt(project, panel),
        "characters": _cast(project, panel),
        "setting": setting.name if setting else setting_name(project, panel),
        "shot": panel.shot,
        "lines": [{"speaker": line.speaker, "kind": line.kind, "text": line.text} for line in panel.lines],
    }


def run_prompts(args: argparse.Namespace) -> int:
    project = read_document(args.file)
    with continuity_scan(project):  # one pass over the panels, however many there are
        entries = [_prompt_entry(project, n, p) for n, p in enumerate(project.panels, start=1)]
    if args.json:
        _print_json(entries)
        return 0
    for entry in entries:
        where = " ".join(
            part for part in (entry["shot"] and f"({entry['shot']})", entry["setting"] and f"@ {entry['setting']}") if part
        )
        print(f"Panel {entry['index']} {where}".rstrip())
        print(entry["prompt"])
        print()
    return 0

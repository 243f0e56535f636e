"""`panelsmith generate`, `reference` and `import`: panel images and character sheets (`refine` is in
`cli.refine_commands`).

`generate` fans the panels out over a few jobs and saves the project after each finished panel, so a
crash or Ctrl-C loses at most the panels in flight. Given a script, the project is saved next to it
as SCRIPT.panels.
"""
from __future__ import annotations

import argparse
import queue
import sys
from pathlib import Path

from cli.comfyui_options import QUEUE_AHEAD, add_comfyui_options, backend_name, comfyui_settings
from cli.documents import open_for_update
from generation.backends import BACKENDS, choose_backend
from generation.errors import GenerationError
from generation.imagemodels import DEFAULT_MODEL, DEFAULT_QUALITY, qualities_for
from generation.planning import GenerationSettings, Job, plan_cover, plan_panels, plan_photo, plan_photo_sheet, plan_sheet
from generation.recording import cached_images, find_target, record_failure, record_import, record_result, total_cost
from generation.runner import DEFAULT_JOBS, Backend, JobRunner, JobState
from model.errors import BadInputError
from model.imageload import MAX_IMAGE_BYTES, photo_to_png
from model.project.project import Character, Panel, Project
from model.fileformat.projectfile import save_project
from model.prompt.compose import compose_sheet_prompt, request_prompt
from model.page.coverwrap import trim_size
from model.prompt.continuity import continuity_scan
from model.prompt.status import cover_status, panel_status
from model.textfile import read_capped

FILE_HELP = "a .panels project file, or a script (saved as SCRIPT.panels)"


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `generate`, `reference` and `import` to the command line."""
    gen = subparsers.add_parser(
        "generate", help="draw the missing and stale panels",
        description="Draw every panel that is missing, stale or failed (all of them with --force), "
        "saving the project after each one. Without --backend: OpenAI when an API key is set, else "
        "offline sketches. Exit 0 when every requested panel is ready, 1 when any failed.",
    )
    gen.add_argument("file", metavar="FILE", help=FILE_HELP)
    add_backend_options(gen)
    gen.add_argument("--jobs", type=int, metavar="N", help=f"images made at once (default {DEFAULT_JOBS}; "
                     f"{QUEUE_AHEAD} queued ahead on a ComfyUI server)")
    gen.add_argument("--only", metavar="LIST", help="panel numbers, e.g. 2,4-6")
    gen.add_argument("--force", action="store_true", help="redraw even ready panels, without the cache")
    gen.set_defaults(func=run_generate)

    ref = subparsers.add_parser(
        "reference", help="a character's reference sheet (drawn, or --from a file)",
        description="Draw CHARACTER's reference sheet (front, three-quarter and side views) or take it "
        "from an image file; later panels with this character use it as a reference.",
    )
    ref.add_argument("file", metavar="FILE", help=FILE_HELP)
    ref.add_argument("character", metavar="CHARACTER", help="the character's name")
    ref.add_argument("--from", dest="source", metavar="IMAGE", help="a PNG, JPEG or WebP file to use instead")
    ref.add_argument("--restyle", action="store_true", help="with --from a photo: draw the sheet from it in the project's style")
    add_backend_options(ref)
    ref.set_defaults(func=run_reference)

    imp = subparsers.add_parser(
        "import", help="use your own image file as a new version of a panel",
        description="Add a PNG, JPEG or WebP file as a new selected version of panel PANEL (a photo upright and "
        "at most 2048 pixels long); with --restyle, then redraw it in the panel's style as a further version.",
    )
    imp.add_argument("file", metavar="FILE", help=FILE_HELP)
    imp.add_argument("panel", metavar="PANEL", help="the panel number")
    imp.add_argument("image", metavar="IMAGE", help="a PNG, JPEG or WebP file")
    imp.add_argument("--restyle", action="store_true",
                     help="redraw the photo as the panel in its style (OpenAI with a key, else offline); the photo stays a version")
    add_backend_options(imp)
    imp.set_defaults(func=run_import)


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=BACKENDS, help="offline sketches, the OpenAI service or a ComfyUI server")
    parser.add_argument("--model", default=DEFAULT_MODEL, metavar="M", help=f"image model (default {DEFAULT_MODEL})")
    parser.add_argument("--quality", default=DEFAULT_QUALITY, metavar="Q", help=f"low, medium, high or auto; also xhigh or max on gpt-image-2.5/2.6 (default {DEFAULT_QUALITY})")
    add_comfyui_options(parser)


def parse_panel_list(text: str, count: int) -> list[int]:
    """1-based panel numbers from "2,4-6"; a bad or out-of-range item is a BadInputError."""
    numbers: list[int] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        low, _, high = item.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise BadInputError(f"--only {text!r} is not a list of panel numbers like 2,4-6.") from None
        if first > last:
            raise BadInputError(f"--only {item} is a reversed range; write it low to high, like {last}-{first}.")
        if first < 1 or last > count:
            raise BadInputError(f"--only {item} is outside the panels 1 to {count}.")
        numbers += [n for n in range(first, last + 1) if n not in numbers]
    if not numbers:
        raise BadInputError("--only names no panels; give numbers like 2,4-6.")
    return numbers


def panel_at(project: Project, number: str) -> Panel:
    try:
        index = int(number)
    except ValueError:
        raise BadInputError(f"{number!r} is not a panel number.") from None
    if not 1 <= index <= len(project.panels):
        raise BadInputError(f"There is no panel {index}; the project has {len(project.panels)} panels.")
    return project.panels[index - 1]


def check_quality(model: str, quality: str) -> str:
    """`quality` if `model` takes it; else a BadInputError naming the values it does take."""
    allowed = qualities_for(model)
    if quality not in allowed:
        raise BadInputError(f"--quality {quality!r} is not one {model} takes; use {', '.join(allowed)}.")
    return quality


def generation_settings(args: argparse.Namespace, backend_name: str) -> GenerationSettings:
    if backend_name == "comfyui":
        return comfyui_settings(args)
    return GenerationSettings(backend=backend_name, model=args.model, quality=check_quality(args.model, args.quality))


def print_notes(*notes: str) -> None:
    """Say where the project goes and which backend draws, once the command line is known to be good."""
    for note in filter(None, notes):
        print(note, file=sys.stderr)


def read_image_file(path: str) -> bytes:
    """The bytes of an image file the user named (one byte past the image cap at most, so a device or a
    huge file is never read whole); a missing file, a folder or a pipe is bad input (exit 2)."""
    return read_capped(Path(path), MAX_IMAGE_BYTES, BadInputError, "an image file")


class _Progress:
    """A one-line bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.shown = sys.stderr.isatty() and total > 0

    def step(self, label: str) -> None:
        self.done += 1
        if self.shown:
            filled = int(30 * self.done / self.total)
            print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {label[:30]:30}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def run_generate(args: argparse.Namespace) -> int:
    project, out, where = open_for_update(args.file)
    if args.jobs is not None and not 1 <= args.jobs <= 16:
        raise BadInputError("--jobs must be a number from 1 to 16.")
    numbers = parse_panel_list(args.only, len(project.panels)) if args.only else range(1, len(project.panels) + 1)
    panels = [project.panels[n - 1] for n in numbers]
    if not args.force:
        with continuity_scan(project):  # one pass over the panels, however many there are
            panels = [p for p in panels if panel_status(project, p) != "ready"]
    check_quality(args.model, args.quality)
    drew = draw_panels(project, out, panels, args, where)
    if not args.only and cover_status(project) in (("missing", "stale", "failed", "ready") if args.force else ("missing", "stale", "failed")):
        drew = max(drew, draw_cover(project, out, args))  # the script's Cover: block: the book's own cover picture
    return drew


def draw_cover(project: Project, out: Path, args: argparse.Namespace, where: str = "") -> int:
    """Draw the book's own cover picture from the script's `Cover:` block (shaped like the front cover),
    saving the project to `out`; 0 when it was drawn, 1 when it failed (the sentence is printed)."""
    check_quality(args.model, args.quality)
    backend, note = choose_backend(backend_name(args), getattr(args, "server", None))
    print_notes(where, note)
    width, height = trim_size(project.page)
    job = plan_cover(project, generation_settings(args, backend.name), width / height)
    try:
        return run_one_job(project, out, job, backend)
    except GenerationError as err:
        print(f"The cover: failed: {err}", file=sys.stderr)
        return 1


def draw_panels(project: Project, out: Path, panels: list[Panel], args: argparse.Namespace, where: str = "") -> int:
    """Draw `panels` of the open `project` with the options in `args` (backend, model, quality, jobs,
    force), recording each result in it and saving it to `out` after every finished panel; `where` is the
    note saying where that is. Prints the per-panel summary; 0 when all are ready, 1 when any failed."""
    print_notes(where)
    if not panels:
        if where:
            save_project(project, out)  # the script's edits (dialogue, say) are kept even with nothing to draw
        print("Every requested panel is ready; nothing to draw (use --force to redraw).")
        return 0
    settings = generation_settings(args, backend_name(args) or "offline")  # bad numbers are reported before any drawing
    backend, note = choose_backend(backend_name(args), getattr(args, "server", None))
    print(note, file=sys.stderr)
    settings = generation_settings(args, backend.name)
    jobs = plan_panels(project, panels, settings)
    finished: queue.Queue[tuple[Job, JobState]] = queue.Queue()
    cache = {key: (lambda sha=sha: project.images.get(sha)) for key, sha in cached_images(project).items()}
    jobs_at_once = args.jobs or (QUEUE_AHEAD if backend.name == "comfyui" else DEFAULT_JOBS)
    runner = JobRunner(backend, jobs_at_once, on_update=lambda job, state: finished.put((job, state)), cache=cache)
    outcome: dict[str, JobState] = {}
    said: set[str] = set()
    progress = _Progress(len(jobs))
    try:
        for job in jobs:
            runner.submit(job, force=args.force)
        while len(outcome) < len(jobs):
            job, state = finished.get()
            if state.status in ("queued", "running"):
                continue
            outcome[job.target.key] = state
            _say_notices(backend, said)
            _apply(project, job, state, backend.name)
            save_project(project, out)  # after every panel: a crash loses only the panels in flight
            progress.step(f"{job.label} {state.status}")
    except KeyboardInterrupt:
        runner.cancel_all()
        save_project(project, out)
        raise
    finally:
        progress.close()
        runner.shutdown()
    return _summary(jobs, outcome, project)


def _apply(project: Project, job: Job, state: JobState, backend: str) -> None:
    if state.status == "ready" and state.result is not None:
        record_result(project, job, state.result, backend)
    elif state.status == "failed":
        record_failure(project, job, state.error or "The image could not be made.")


def _summary(jobs: list[Job], outcome: dict[str, JobState], project: Project) -> int:
    failed = 0
    for job in jobs:
        state = outcome[job.target.key]
        if state.status == "ready" and state.result is not None:
            how = "reused an identical earlier image" if state.cached else f"{state.result.backend}, {state.result.seconds:.1f} s"
            cost = f", ~${state.result.cost_usd:.3f}" if state.result.cost_usd else ""
            print(f"{job.label}: ready ({how}{cost})")
        else:
            failed += 1
            print(f"{job.label}: {state.status}: {state.error}")
    spent = total_cost(project)
    if spent:
        print(f"Estimated cost of all images in the project: ${spent:.2f}")
    if failed:
        print(f"{failed} of {len(jobs)} panels failed.", file=sys.stderr)
    return 1 if failed else 0


def _say_notices(backend: Backend, said: set[str]) -> None:
    """Print, once each, what the backend learnt the user should hear (e.g. a node pack to install)."""
    for notice in getattr(backend, "notices", ()):
        if notice not in said:
            said.add(notice)
            print(notice, file=sys.stderr)


def run_one_job(project: Project, out: Path, job: Job, backend: Backend) -> int:
    try:
        result = backend.generate(job.request)
        _say_notices(backend, set())
    except GenerationError as err:
        record_failure(project, job, str(err))
        save_project(project, out)
        raise
    owner = find_target(project, job.target)
    known = {v.id for v in (owner.sheet if isinstance(owner, Character) else owner.images).versions} if owner else set()
    version = record_result(project, job, result, backend.name)
    save_project(project, out)
    assert version is not None
    if version.id in known:
        print(f"{job.label}: the same picture as version {version.id[:8]} again; that version is selected.")
    else:
        print(f"{job.label}: new version {version.id[:8]} ({version.width}x{version.height}, {result.backend}).")
    return 0


def run_reference(args: argparse.Namespace) -> int:
    project, out, where = open_for_update(args.file)
    character = project.character(args.character)
    if character is None:
        names = ", ".join(c.name for c in project.characters) or "none"
        raise BadInputError(f"There is no character {args.character!r}; the characters are: {names}.")
    if args.restyle and not args.source:
        raise BadInputError("--restyle draws a sheet from a photo; name it with --from PHOTO.")
    if args.source:
        png = photo_to_png(read_image_file(args.source), what=f"The image {Path(args.source).name}")
        backend, note = _restyle_backend(args)
        photo = record_import(project, character, png, compose_sheet_prompt(project, character), Path(args.source).name)
        print_notes(where, note)
        save_project(project, out)
        print(f"{character.name}'s reference sheet: imported {Path(args.source).name}.")
        if backend is None:
            return 0
        return run_one_job(project, out, plan_photo_sheet(project, character, photo, generation_settings(args, backend.name)), backend)
    check_quality(args.model, args.quality)
    backend, note = choose_backend(backend_name(args), getattr(args, "server", None))
    print_notes(where, note)
    return run_one_job(project, out, plan_sheet(project, character, generation_settings(args, backend.name)), backend)


def _restyle_backend(args: argparse.Namespace) -> tuple[Backend | None, str]:
    """With --restyle, the backend that redraws the photo (checked before anything is stored)."""
    if not args.restyle:
        return None, ""
    check_quality(args.model, args.quality)
    return choose_backend(backend_name(args), getattr(args, "server", None))


def run_import(args: argparse.Namespace) -> int:
    project, out, where = open_for_update(args.file)
    panel = panel_at(project, args.panel)
    source = Path(args.image)
    png = photo_to_png(read_image_file(args.image), what=f"The image {source.name}")
    backend, note = _restyle_backend(args)
    photo = record_import(project, panel, png, request_prompt(project, panel), source.name)
    print_notes(where, note)
    save_project(project, out)
    print(f"Panel {args.panel}: imported {source.name} as a new version.")
    if backend is None:
        return 0
    return run_one_job(project, out, plan_photo(project, panel, photo, generation_settings(args, backend.name)), backend)

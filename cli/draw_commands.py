"""`panelsmith redraw` and `layer`: redraw only a selected part of a panel's picture (--box or --mask),
add a drawing over a panel (`layer`) and turn it into a picture (`redraw --from-drawing`).

The selection is redrawn by a model (OpenAI image edit with a mask, or ComfyUI inpainting) with a margin
of the picture around it for context; the answer goes back through the selection with a soft edge, so the
rest of the picture stays exactly as it was. The result is a new version whose parent is the picture
edited (`panelsmith thread` shows it marked as a part). A failed or refused redraw changes nothing.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from cli.comfyui_options import backend_name
from cli.documents import open_for_update
from cli.generate_commands import FILE_HELP, add_backend_options, print_notes, panel_at, read_image_file, generation_settings, check_quality
from generation.backends import choose_backend
from generation.fromdrawing import COMFYUI_CONTROLNET, COMFYUI_METHOD, drawing_version, plan_from_drawing
from generation.partredraw import NEEDS_A_MODEL, base_version, plan_part_redraw
from generation.planning import Job
from generation.recording import record_result
from generation.runner import Backend
from model.errors import BadInputError
from model.fileformat.projectfile import save_project
from model.picture.drawing import add_drawing, beneath, read_layer
from model.picture.selection import Selection, box_selection, mask_selection, parse_box
from model.project.project import Project
from model.project.refinethread import find_version
from model.prompt.compose import request_prompt


def _intermixed(base: type[argparse.ArgumentParser]) -> type[argparse.ArgumentParser]:
    """`base` parsing positionals between options, so `redraw FILE 2 --box … "INSTRUCTION"` works with an
    optional INSTRUCTION (plain argparse gives it the empty value before `--box` and refuses the words)."""

    class Intermixed(base):  # type: ignore[valid-type, misc]
        _inside = False

        def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
            if self._inside:  # the intermixed parse calls back in here for each of its two passes
                return super().parse_known_args(args, namespace)
            self._inside = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._inside = False

    return Intermixed


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `redraw` and `layer` to the command line."""
    plain = subparsers._parser_class  # noqa: SLF001 - argparse has no per-command parser class option
    subparsers._parser_class = _intermixed(plain)  # noqa: SLF001
    try:
        redraw = subparsers.add_parser(
            "redraw", help="redraw only a part of a panel's picture (--box or --mask)",
            description="Redraw the selected part of panel PANEL's picture following INSTRUCTION; everything "
            "outside the selection stays exactly as it was. Select with --box X,Y,W,H (fractions of the panel, 0–1, "
            "from its top left) or --mask FILE (white = redraw, black = keep). Needs an image model (OpenAI or "
            "ComfyUI). The result is a new version whose parent is the picture redrawn. With --from-drawing instead, "
            "the panel's drawing (see `layer`) becomes a finished picture, offline too. Exit 2 for bad input, 1 "
            "when the service fails or refuses (the project is then unchanged).",
        )
    finally:
        subparsers._parser_class = plain  # noqa: SLF001
    redraw.add_argument("file", metavar="FILE", help=FILE_HELP)
    redraw.add_argument("panel", metavar="PANEL", help="the panel number")
    redraw.add_argument("instruction", metavar="INSTRUCTION", nargs="?", default="",
                        help='what to draw there, e.g. "make his hand hold a kite"')
    where = redraw.add_mutually_exclusive_group()
    where.add_argument("--box", metavar="X,Y,W,H", help="the part to redraw, in fractions of the panel, e.g. 0.5,0.4,0.2,0.3")
    where.add_argument("--mask", metavar="FILE", help="a PNG/JPEG/WebP mask: white = redraw, black = keep")
    where.add_argument("--from-drawing", action="store_true",
                       help="turn the panel's selected drawing into a picture (the drawing is the composition; "
                       "INSTRUCTION optional); offline it is cleaned and coloured in the panel's style")
    redraw.add_argument("--from", dest="base", metavar="VERSION",
                        help="redraw part of this version (its number in the thread or the start of its id) instead of the selected one")
    add_backend_options(redraw)
    redraw.set_defaults(func=run_redraw)

    layer = subparsers.add_parser(
        "layer", help="add your drawing over a panel's picture as a new version",
        description="Add DRAWING (a PNG with transparency; without it, white is taken as transparent) as the "
        "drawing layer of a new version of panel PANEL: over its selected picture, which is kept unchanged as "
        "the new version's parent, or on white paper when the panel has no picture yet. Every export shows the "
        "drawing; `redraw --from-drawing` turns it into a finished picture.",
    )
    layer.add_argument("file", metavar="FILE", help=FILE_HELP)
    layer.add_argument("panel", metavar="PANEL", help="the panel number")
    layer.add_argument("drawing", metavar="DRAWING", help="a PNG with transparency (or white for transparent)")
    layer.set_defaults(func=run_layer)


def _selection(args: argparse.Namespace, width: int, height: int) -> Selection:
    if args.box:
        return box_selection(width, height, parse_box(args.box))
    if args.mask:
        return mask_selection(read_image_file(args.mask), width, height, what=f"The mask {Path(args.mask).name}")
    raise BadInputError("Say which part to redraw with --box X,Y,W,H (fractions of the panel) or --mask FILE.")


def run_redraw(args: argparse.Namespace) -> int:
    project, out, where = open_for_update(args.file)
    panel = panel_at(project, args.panel)
    if args.from_drawing:
        return _from_drawing(args, project, out, where)
    if not args.instruction.strip():
        raise BadInputError("Say what to draw in the selection, e.g. \"make his hand hold a kite\".")
    base = base_version(project, panel, find_version(panel, args.base).id if args.base else None)
    selection = _selection(args, base.width, base.height)
    name = backend_name(args)
    if name is None or name == "offline":
        from generation.credentials import get_api_key

        if name == "offline" or not get_api_key():
            raise BadInputError(NEEDS_A_MODEL)
    check_quality(args.model, args.quality)
    backend, note = choose_backend(name, getattr(args, "server", None))
    job = plan_part_redraw(project, panel, selection, args.instruction, generation_settings(args, backend.name), base.id)
    print_notes(where, note, selection.note)
    return _draw(project, out, job, backend, int(args.panel))


def _draw(project: Project, out: Path, job: Job, backend: Backend, number: int) -> int:
    """Run the job; only a finished picture is recorded and saved (a failure raises, nothing changes)."""
    result = backend.generate(job.request)
    version = record_result(project, job, result, backend.name)
    save_project(project, out)
    assert version is not None
    panel = project.panels[number - 1]
    parent = panel.images.find(job.parent or "")
    made_from = f", made from v{panel.images.versions.index(parent) + 1}" if parent is not None else ""
    print(f"Panel {number}: v{len(panel.images.versions)} of its thread{made_from} "
          f"({version.width}x{version.height}, {result.backend}); only the selection was redrawn.")
    return 0


def _from_drawing(args: argparse.Namespace, project: Project, out: Path, where: str) -> int:
    """`redraw --from-drawing`: the selected drawing turned into a picture by the chosen backend."""
    panel = panel_at(project, args.panel)
    drawing_version(project, panel)  # bad input is said before any backend is set up
    check_quality(args.model, args.quality)
    backend, note = choose_backend(backend_name(args), getattr(args, "server", None))
    job = plan_from_drawing(project, panel, generation_settings(args, backend.name), args.instruction)
    how = {"offline": "Offline: the drawing is cleaned and coloured in the panel's style."}.get(backend.name, "")
    print_notes(where, note, how)
    result = backend.generate(job.request)
    if backend.name == "comfyui":  # the server's /object_info decided which
        model = (result.parameters or {}).get("controlnet")
        print_notes(f"ComfyUI drew it {COMFYUI_CONTROLNET.format(model=model)}." if model else f"ComfyUI drew {COMFYUI_METHOD}.")
    version = record_result(project, job, result, backend.name)
    save_project(project, out)
    assert version is not None
    print(f"Panel {args.panel}: v{len(panel.images.versions)} of its thread, a picture from the drawing "
          f"({version.width}x{version.height}, {result.backend}).")
    return 0


def run_layer(args: argparse.Namespace) -> int:
    project, out, where = open_for_update(args.file)
    panel = panel_at(project, args.panel)
    source = Path(args.drawing)
    under = beneath(panel, panel.images.selected)
    if under is not None and under.sha256 not in project.images:
        under = None
    layer, notes = read_layer(read_image_file(args.drawing), (under.width, under.height) if under else None,
                              what=f"The drawing {source.name}")
    version = add_drawing(project, panel, layer, under, request_prompt(project, panel))
    print_notes(where, *notes)
    save_project(project, out)
    over = f"over v{panel.images.versions.index(under) + 1}" if under is not None else "on blank paper"
    print(f"Panel {args.panel}: v{len(panel.images.versions)} is {source.name} {over} "
          f"({version.width}x{version.height}); the picture beneath is unchanged.")
    return 0

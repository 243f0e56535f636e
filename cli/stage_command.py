"""`panelsmith stage`: say where each character stands in a panel ("Gary left, Salesman right near").

The staging is stored in the project (like balloon positions) and every backend draws to it: the
offline sketch puts each figure in its box, the OpenAI prompt says where each one stands, ComfyUI
conditions each character's description to its box. Lettering keeps balloons off the characters.
"""
from __future__ import annotations

import argparse

from cli.documents import open_for_update, read_document
from cli.generate_commands import FILE_HELP, panel_at
from model.fileformat.projectfile import save_project
from model.prompt.continuity import staged_boxes
from model.staging.boxes import box_text
from model.staging.words import parse_staging


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `stage` to the command line."""
    stage = subparsers.add_parser(
        "stage", help="where each character stands in a panel (left/centre/right, near/far, small/large)",
        description="Stage panel PANEL from WORDS: each phrase names a character of the panel (or a thing its "
        "action names, as a prop) and where it stands: left, centre, right, near, far, small, large "
        "(Chinese 左/中/右, 近/远, 小/大), e.g. \"Gary left, Salesman right near\". Characters left out keep "
        "their place. Without WORDS, print the panel's staging. The panel's picture is then out of date.",
    )
    stage.add_argument("file", metavar="FILE", help=FILE_HELP)
    stage.add_argument("panel", metavar="PANEL", help="the panel number")
    stage.add_argument("words", metavar="WORDS", nargs="?", help='e.g. "Gary left, Salesman right near"')
    stage.add_argument("--clear", action="store_true", help="remove the panel's staging")
    stage.set_defaults(func=run_stage)


def run_stage(args: argparse.Namespace) -> int:
    number = int(args.panel) if str(args.panel).isdigit() else args.panel
    if args.words is None and not args.clear:
        project = read_document(args.file)
        panel = panel_at(project, args.panel)
        boxes = staged_boxes(project, panel)
        if not boxes:
            print(f"Panel {number} is not staged; `panelsmith stage FILE {number} \"NAME left, NAME right\"` stages it.")
        for box in boxes:
            print(box_text(box))
        return 0
    project, out, note = open_for_update(args.file)
    panel = panel_at(project, args.panel)
    if args.clear:
        panel.staging = []
    else:
        panel.staging = parse_staging(project, panel, args.words, int(args.panel))  # refused before anything is saved
    if note:
        print(note)
    save_project(project, out)
    if args.clear:
        print(f"Panel {number} is no longer staged.")
        return 0
    for box in staged_boxes(project, panel):
        print(box_text(box))
    print(f"Panel {number} is staged; `panelsmith generate {args.file} --only {number}` redraws it to match.")
    return 0

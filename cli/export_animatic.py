"""`panelsmith export PROJECT -o film.mp4|film.gif`: the animatic options and their writing.

`cli/export_command.py` opens the project and draws missing pictures as for every export, then hands
over here when OUT ends in .mp4 or .gif.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from export.video.shots import DIALOGUE_STYLES, SIZES, AnimaticOptions
from model.errors import BadInputError
from model.project.project import Project

DEFAULT_FPS = 24


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The animatic's options on `export`."""
    group = parser.add_argument_group("animatic (OUT.mp4 or OUT.gif)")
    group.add_argument("--dialogue", choices=DIALOGUE_STYLES, help="words as balloons over the picture (default) or subtitles under it")
    group.add_argument("--push-in", action="store_true", help="zoom slowly (6%%) into wide and extreme wide shots")
    group.add_argument("--size", choices=tuple(SIZES), help="video size: 1080p (1920x1080, default) or 720p; a GIF is at most 800 px wide")
    group.add_argument("--fps", type=int, metavar="N", help="frames a second (default 24 for MP4, 10 for GIF)")


def check_options(args: argparse.Namespace, kind: str) -> None:
    """Animatic options are refused for other outputs, and a frame rate must be one a player can show."""
    given = [name for name in ("dialogue", "size", "fps") if getattr(args, name, None) is not None]
    if getattr(args, "push_in", False):
        given.append("push-in")
    if kind not in ("mp4", "gif"):
        if given:
            raise BadInputError(f"--{given[0]} is for an animatic: give OUT ending in .mp4 or .gif.")
        return
    highest = 25 if kind == "gif" else 60
    if args.fps is not None and not 1 <= args.fps <= highest:
        raise BadInputError(f"--fps {args.fps} is out of range: use 1 to {highest} frames a second for a {kind.upper()}.")


def write(args: argparse.Namespace, project: Project, kind: str) -> int:
    """Write the animatic and say what was written."""
    from export.video.animatic import GIF_FPS, write_animatic

    width, height = SIZES[args.size or "1080p"]
    fps = args.fps or (GIF_FPS if kind == "gif" else DEFAULT_FPS)
    options = AnimaticOptions(args.dialogue or "balloons", bool(args.push_in), width, height, fps)
    film = write_animatic(project, Path(args.output), options)
    shots = len(film.shots)
    print(f"Wrote {args.output} ({shots} shot{'s' if shots != 1 else ''}, {film.seconds:.1f} s, "
          f"{film.options.width}x{film.options.height}, {film.options.fps} fps).")
    for warning in film.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0

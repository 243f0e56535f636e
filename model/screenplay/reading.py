"""Opening a screenplay file: Fountain (.fountain, .spmd, .txt) or Final Draft (.fdx), with the size and
encoding checks a file from anywhere needs, and the storyboard it breaks down into."""
from __future__ import annotations

import os
from pathlib import Path

from model.screenplay.breakdown import Breakdown, break_down
from model.screenplay.elements import Screenplay
from model.screenplay.fdx import ScreenplayError, parse_fdx
from model.screenplay.fountain import parse_fountain
from model.script.render import render_script
from model.textfile import read_capped

MAX_SCREENPLAY_BYTES = 5 * 1024 * 1024  # a 120-page Final Draft file is under 1 MB; more is not a screenplay
FOUNTAIN_SUFFIXES = (".fountain", ".spmd")
SCREENPLAY_SUFFIXES = FOUNTAIN_SUFFIXES + (".fdx",)


def is_screenplay_file(path: str | os.PathLike[str]) -> bool:
    """True for a path whose name says Fountain or Final Draft."""
    return Path(path).suffix.lower() in SCREENPLAY_SUFFIXES


def decode_utf8(data: bytes, name: str) -> str:
    """The text of `data`, or `ScreenplayError` naming the line and column of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        raise ScreenplayError(f"{name}:{line}:{column}: the screenplay is not UTF-8 text; save it as UTF-8 "
                              "and try again.") from None


def read_screenplay(path: str | os.PathLike[str]) -> Screenplay:
    """The elements of a Fountain or Final Draft file; `ScreenplayError` (one sentence) when it cannot be read."""
    path = Path(path)
    data = read_capped(path, MAX_SCREENPLAY_BYTES, ScreenplayError, "a screenplay")
    if len(data) > MAX_SCREENPLAY_BYTES:
        raise ScreenplayError(f"{path} is larger than {MAX_SCREENPLAY_BYTES // 1024 // 1024} MB, far more than "
                              "a feature screenplay; it was not read.")
    if path.suffix.lower() == ".fdx":
        decode_utf8(data, str(path))  # Final Draft writes UTF-8: a bad byte is named by line and column
        return parse_fdx(data, str(path))
    return parse_fountain(decode_utf8(data, str(path)))


def import_screenplay(path: str | os.PathLike[str]) -> Breakdown:
    """The storyboard a screenplay file breaks down into (offline shots), its script text filled in."""
    play = read_screenplay(path)
    breakdown = break_down(play)
    project = breakdown.project
    if not project.title:
        project.title = Path(path).stem
    if not project.panels:
        raise ScreenplayError(f"{path} has no action or dialogue to make panels from, so nothing was made.")
    project.script = render_script(project)
    return breakdown

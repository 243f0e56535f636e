"""The shot list as a CSV file a first AD or an editor opens in a spreadsheet."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from export.atomic import write_bytes
from model.project.project import Project
from model.script.scenes import shot_rows

COLUMNS = ("Scene", "Scene heading", "Shot", "Shot size", "Camera move", "Description", "Dialogue",
           "Duration (s)", "Notes")


def shot_list_csv(project: Project) -> str:
    """The shot list as CSV text: a header row, then one row per shot in order."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in shot_rows(project):
        writer.writerow([row.scene_number, row.scene_heading, row.name, row.size, row.camera, row.description,
                         row.dialogue, f"{row.duration:g}", row.notes])
    return out.getvalue()


def write_shot_list_csv(project: Project, target: Path) -> Path:
    """Write the shot list to `target` atomically, as UTF-8 with a byte-order mark (so spreadsheets read Chinese)."""
    write_bytes(target, shot_list_csv(project).encode("utf-8-sig"))
    return target

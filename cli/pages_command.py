"""`panelsmith pages`: the composition of every page (panels, frames, balloons), for readers and scripts."""
from __future__ import annotations

import argparse
import json
from typing import Any

from cli.documents import read_document
from model.geometry import Rect
from model.page.frames import PageLayout
from model.page.layout import layout_project
from model.project.project import LAYOUTS, Project


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `pages` to the command line."""
    pages = subparsers.add_parser(
        "pages",
        help="each page's template, panels with their frames, and balloons",
        description="Lay the project out and list each page: its template, each panel's frame in page units "
        "(points, 1/72 in, from the top-left of the trim; a slanted frame also as a polygon) and the balloons "
        "on it in reading order.",
    )
    pages.add_argument("file", metavar="FILE", help="a .panels project file or a script")
    pages.add_argument("--layout", choices=LAYOUTS, help="page layout (default: the project's)")
    pages.add_argument("--json", action="store_true", help="print JSON instead of text")
    pages.set_defaults(func=run_pages)


def _box(r: Rect) -> dict[str, float]:
    return {"x": round(r.x, 2), "y": round(r.y, 2), "w": round(r.w, 2), "h": round(r.h, 2)}


def page_record(project: Project, page: PageLayout) -> dict[str, Any]:
    """One page as plain data: what `pages --json` prints for it."""
    panels = []
    for frame in page.frames:
        panel = project.panel(frame.panel_id)
        record: dict[str, Any] = {"index": frame.number, "id": frame.panel_id, "frame": _box(frame.rect),
                                  "bordered": frame.bordered,
                                  "bleed": [side for side, on in zip(("left", "top", "right", "bottom"), frame.bleed_edges) if on]}
        if frame.polygon is not None:
            record["polygon"] = [[round(x, 2), round(y, 2)] for x, y in frame.polygon]
        record["balloons"] = [
            {"line": b.line_index, "kind": b.kind, "speaker": (panel.lines[b.line_index].speaker if panel and b.line_index < len(panel.lines) else None),
             "text": " ".join(run.text for line in b.lines for run in line.runs), "box": _box(b.body)}
            for b in frame.balloons
        ]
        panels.append(record)
    return {"number": page.number, "label": page.label, "template": page.template,
            "width": round(page.width, 2), "height": round(page.height, 2), "panels": panels}


def run_pages(args: argparse.Namespace) -> int:
    project = read_document(args.file)
    layout = layout_project(project, layout=args.layout)
    records = [page_record(project, page) for page in layout.pages]
    if args.json:
        print(json.dumps({"title": project.title, "layout": layout.layout, "unit": "pt", "pages": records},
                         ensure_ascii=False, indent=2))
        return 0
    for record in records:
        template = f" ({record['template']})" if record["template"] else ""
        print(f"{record['label']}{template}: {record['width'] / 72:.2f} x {record['height'] / 72:.2f} in")
        for panel in record["panels"]:
            f = panel["frame"]
            shape = " slanted" if "polygon" in panel else ""
            bleed = f", bleeds {'/'.join(panel['bleed'])}" if panel["bleed"] else ""
            print(f"  panel {panel['index']}: {f['w'] / 72:.2f} x {f['h'] / 72:.2f} in at ({f['x'] / 72:.2f}, "
                  f"{f['y'] / 72:.2f}){shape}{bleed}, {len(panel['balloons'])} balloon{'s' if len(panel['balloons']) != 1 else ''}")
    for warning in layout.warnings:
        print(f"warning: {warning}")
    return 0

"""Composed pages cost no more to export than plain ones.

Run: uv run python benchmarks/bench_pages.py. A 48-page comic (168 panels, offline sketches) whose pages use
eight different templates (a splash, slanted gutters, an inset, an L-shape …) is laid out and written as a PDF,
then the same comic, the same panels on the same pages, with one template (3x3) on every page. Prints both
times and the ratio; the target is <= 1.2x.
"""
from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from export.pdf.writer import write_pdf  # noqa: E402
from generation.planning import sketch_spec  # noqa: E402
from generation.sketch.render import render_panel  # noqa: E402
from model.page.layout import layout_project  # noqa: E402
from model.shapes.templates import find_template  # noqa: E402
from model.project.project import ImageVersion, Line, Panel, Project  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402

PICTURE = 512
DPI = 150
PAGES = 48
CYCLE = ("splash", "2x2", "manga 5-panel", "3 tiers", "L-shape", "big panel with three small", "splash with inset",
         "slanted tiers")
TARGET = 1.2
RUNS = 3


def _comic() -> Project:
    """The S-car cast on 48 pages cycling through CYCLE, each panel with its own offline sketch."""
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    base = project.panels
    project.layout, project.panels = "grid", []
    for page in range(PAGES):
        template = find_template(CYCLE[page % len(CYCLE)])
        for k in range(template.panels):
            src = base[len(project.panels) % len(base)]
            panel = Panel(shot=src.shot, setting=src.setting, action=src.action + f" Take {len(project.panels) + 1}.",
                          lines=list(src.lines) or [Line("caption", f"Page {page + 1}.")])
            if k == 0:
                panel.page_break, panel.page_layout = page > 0, template.name
            project.panels.append(panel)
            image = render_panel(sketch_spec(project, panel), PICTURE, PICTURE)
            out = io.BytesIO()
            image.save(out, format="PNG")
            panel.images.add(ImageVersion(project.images.put(out.getvalue()), PICTURE, PICTURE, "bench", "offline"))
    return project


def _export(project: Project, target: Path) -> float:
    start = time.perf_counter()
    layout = layout_project(project)
    write_pdf(layout, project.images, target, dpi=DPI)
    elapsed = time.perf_counter() - start
    assert len(layout.pages) == PAGES, len(layout.pages)
    return elapsed


def main() -> None:
    mixed = _comic()
    plain = _comic()
    for panel in plain.panels:
        if panel.page_layout:
            panel.page_layout = "3x3"  # the same breaks, one template: 3x3 holds every page's panels
    with tempfile.TemporaryDirectory() as tmp:
        _export(plain, Path(tmp) / "warm.pdf")  # fonts registered, caches warm, for both alike
        mixed_runs, plain_runs = [], []
        for _ in range(RUNS):  # interleaved, best of each: the machine's other load falls on both alike
            mixed_runs.append(_export(mixed, Path(tmp) / "mixed.pdf"))
            plain_runs.append(_export(plain, Path(tmp) / "plain.pdf"))
        t_mixed, t_plain = min(mixed_runs), min(plain_runs)
    ratio = t_mixed / t_plain
    print(f"{PAGES}-page comic, {len(mixed.panels)} panels, PDF at {DPI} DPI")
    print(f"  mixed templates ({len(CYCLE)} kinds): {t_mixed:.2f} s")
    print(f"  one template (3x3):          {t_plain:.2f} s")
    print(f"  ratio {ratio:.2f} (target <= {TARGET}) {'ok' if ratio <= TARGET else 'OVER'}")


if __name__ == "__main__":
    main()

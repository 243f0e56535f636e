"""The offline sketch renderer in every style preset: a 1024x1024 panel, median of a few runs each.

Run: uv run python benchmarks/bench_styles.py. Prints each preset's drawing time (wall clock and CPU) and
the whole offline backend with PNG encoding, then the slowest preset of each against the 80 ms target and
the ratio. Textures and screens depend only on the size, so they are made once, as in a running app.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.planning import GenerationSettings, plan_panel  # noqa: E402
from generation.sketch.render import SketchBackend, render_panel  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402
from model.script.styles import STYLES  # noqa: E402

TARGET_MS = 80
RUNS = 5


def _median_ms(run, runs: int = RUNS) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `run()` (CPU time is what a busy shared machine distorts least)."""
    run()  # warm fonts, screens and textures
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    request = plan_panel(project, project.panels[1], GenerationSettings(aspect=1.0)).request
    request = replace(request, width=1024, height=1024)
    backend = SketchBackend()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of {RUNS} runs")
    print(f"{'preset':24} {'drawing wall':>13} {'drawing CPU':>12} {'with PNG wall':>14}")
    rows = []
    for preset in (None, *STYLES):
        styled = replace(request, sketch=replace(request.sketch, look=preset.look if preset else None))
        drawing, drawing_cpu = _median_ms(lambda: render_panel(styled.sketch, 1024, 1024))
        whole, _ = _median_ms(lambda: backend.generate(styled))
        rows.append((preset.id if preset else "(no preset)", drawing, drawing_cpu, whole))
        print(f"{rows[-1][0]:24} {drawing:10.1f} ms {drawing_cpu:9.1f} ms {whole:11.1f} ms")
    for label, column in (("drawing, wall clock", 1), ("drawing, CPU time", 2), ("with PNG encoding, wall clock", 3)):
        name, figure = max(((r[0], r[column]) for r in rows[1:]), key=lambda r: r[1])
        print(f"{'slowest preset (' + name + '), 1024x1024, ' + label:62} {figure:8.1f} ms  "
              f"target <= {TARGET_MS:<4} ratio {figure / TARGET_MS:5.2f}")


if __name__ == "__main__":
    main()

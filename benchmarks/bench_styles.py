"""The offline sketch renderer in every style preset: a 1024x1024 panel, median of a few runs each.

Run: uv run python benchmarks/bench_styles.py. Prints each preset's figure (the whole offline backend,
PNG included, as the app's generate runs it; and the drawing alone), the slowest against its target and
the ratio. Textures and screens depend only on the size, so they are made once, as in a running app.
"""
from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.planning import GenerationSettings, plan_panel  # noqa: E402
from generation.sketch import SketchBackend, render_panel  # noqa: E402
from model.script import parse_script  # noqa: E402
from model.styles import STYLES  # noqa: E402

TARGET_MS = 80
RUNS = 5


def _median_ms(run, runs: int = RUNS) -> float:
    run()  # warm fonts, screens and textures
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    request = plan_panel(project, project.panels[1], GenerationSettings(aspect=1.0)).request
    request = replace(request, width=1024, height=1024)
    backend = SketchBackend()
    rows = []
    for preset in (None, *STYLES):
        styled = replace(request, sketch=replace(request.sketch, look=preset.look if preset else None))
        whole = _median_ms(lambda: backend.generate(styled))
        drawing = _median_ms(lambda: render_panel(styled.sketch, 1024, 1024))
        rows.append((preset.id if preset else "(no preset)", whole, drawing))
        print(f"{rows[-1][0]:24} {whole:7.1f} ms with PNG   {drawing:7.1f} ms drawing")
    name, whole, drawing = max(rows[1:], key=lambda r: r[1])
    print(f"{'slowest preset: ' + name + ', 1024x1024 panel incl. PNG':52} {whole:8.1f} ms     "
          f"target <= {TARGET_MS:<6} ratio {whole / TARGET_MS:5.2f}")
    name, _, drawing = max(rows[1:], key=lambda r: r[2])
    print(f"{'slowest preset: ' + name + ', drawing only':52} {drawing:8.1f} ms     "
          f"target <= {TARGET_MS:<6} ratio {drawing / TARGET_MS:5.2f}")


if __name__ == "__main__":
    main()

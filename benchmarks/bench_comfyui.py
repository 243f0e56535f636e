"""Keeping a ComfyUI server busy: 24 panels against the fake server, each taking 2 s on its GPU.

A server that runs one prompt at a time must never wait for the next (wall <= 1.05 x 24 x 2 s), and
one that runs four at a time must be kept four deep (wall <= 1.1 x 6 x 2 s). Also prints the largest
idle gap between one prompt finishing and the next starting on the one-at-a-time server.
Run: uv run python benchmarks/bench_comfyui.py. Prints each figure, its target and the ratio.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_comfyui import FakeComfyUI  # noqa: E402
from generation.comfyui.backend import QUEUE_AHEAD, ComfyUIBackend  # noqa: E402
from generation.planning import GenerationSettings, plan_panels  # noqa: E402
from generation.runner import JobRunner  # noqa: E402
from model.project.project import Panel, Project  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402

PANELS = 24
LATENCY = 2.0


def _project(panels: int) -> Project:
    base = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    base.panels = [Panel(shot="medium", setting="Showroom" if i == 0 else None,
                         action=f"Gary and the Salesman talk, take {i + 1}.") for i in range(panels)]
    return base


def _wall(workers: int) -> tuple[float, float]:
    """Wall time for PANELS panels on a server running `workers` prompts at once, and the largest idle gap."""
    with FakeComfyUI(latency=LATENCY, workers=workers, steps_shown=20) as server:
        project = _project(PANELS)
        runner = JobRunner(ComfyUIBackend(server.url), max_jobs=QUEUE_AHEAD)
        jobs = plan_panels(project, project.panels, GenerationSettings(backend="comfyui", model=""))
        started = time.perf_counter()
        for job in jobs:
            runner.submit(job)
        runner.wait()
        wall = time.perf_counter() - started
        failed = [s for s in runner.states().values() if s.status != "ready"]
        runner.shutdown()
        if failed:
            raise SystemExit(f"{len(failed)} panels failed: {failed[0].error}")
        runs = sorted(server.jobs.values(), key=lambda j: j.started)
        gap = max((b.started - a.finished for a, b in zip(runs, runs[1:])), default=0.0) if workers == 1 else 0.0
        return wall, gap


def _report(name: str, figure: float, unit: str, target: float) -> None:
    print(f"{name:58} {figure:8.3f} {unit:3} target <= {target:<7.3f} ratio {figure / target:5.2f}")


def main() -> None:
    one, gap = _wall(1)
    _report(f"{PANELS} panels, one at a time, {LATENCY:g} s each: wall", one, "s", 1.05 * PANELS * LATENCY)
    _report("  largest idle gap between prompts", gap * 1000, "ms", 0.05 * LATENCY * 1000)
    four, _ = _wall(4)
    _report(f"{PANELS} panels, four at a time, {LATENCY:g} s each: wall", four, "s", 1.1 * PANELS / 4 * LATENCY)


if __name__ == "__main__":
    main()

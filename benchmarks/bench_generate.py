"""Generation throughput against the fake image service, and the offline sketch renderer's speed.

Run: uv run python benchmarks/bench_generate.py. Prints each figure, its target and the ratio.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai import FakeImageService  # noqa: E402
from generation.openai.backend import OpenAIBackend  # noqa: E402
from generation.planning import GenerationSettings, plan_panel  # noqa: E402
from generation.runner import JobRunner  # noqa: E402
from generation.sketch.render import SketchBackend  # noqa: E402
from model.project.project import Panel, Project  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402


def _project(panels: int) -> Project:
    base = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    shots = ["wide", "close-up", "medium", "extreme wide", "over-the-shoulder", "low angle"]
    base.panels = [Panel(shot=shots[i % len(shots)], setting="Showroom" if i == 0 else None,
                         action=f"Gary and the Salesman talk, take {i + 1}.") for i in range(panels)]
    return base


def _wall(panels: int, latency: float, jobs: int) -> float:
    with FakeImageService(latency=latency, image_scale=0.25) as service:
        project = _project(panels)
        runner = JobRunner(OpenAIBackend(api_key="sk-bench-not-a-real-key", base_url=service.base_url), max_jobs=jobs)
        settings = GenerationSettings(backend="openai")
        plans = [plan_panel(project, p, settings) for p in project.panels]
        started = time.perf_counter()
        for job in plans:
            runner.submit(job)
        runner.wait()
        wall = time.perf_counter() - started
        failed = [s for s in runner.states().values() if s.status != "ready"]
        runner.shutdown()
        if failed:
            raise SystemExit(f"{len(failed)} panels failed: {failed[0].error}")
        return wall


def _sketch_ms(count: int = 20) -> float:
    project = _project(count)
    backend = SketchBackend()
    settings = GenerationSettings(aspect=1.0)
    plans = [plan_panel(project, p, settings) for p in project.panels]
    backend.generate(plans[0].request)  # warm fonts and caches, as a running app has them
    started = time.perf_counter()
    for job in plans:
        backend.generate(job.request)
    return (time.perf_counter() - started) * 1000 / count


def _report(name: str, figure: float, unit: str, target: float) -> None:
    print(f"{name:52} {figure:8.3f} {unit:6} target <= {target:<6} ratio {figure / target:5.2f}")


def main() -> None:
    wall4 = _wall(4, 2.0, 4)
    _report("4 panels, 2 s latency, 4 jobs: wall / 2 s", wall4 / 2.0, "x", 1.15)
    wall24 = _wall(24, 2.0, 4)
    _report("24 panels, 2 s latency, 4 jobs: wall / 12 s", wall24 / 12.0, "x", 1.1)
    ms = _sketch_ms()
    _report("offline sketch, 1024x1024 panel (incl. PNG)", ms, "ms", 50)


if __name__ == "__main__":
    main()

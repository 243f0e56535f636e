"""Animatic speed and memory: a 24-panel 1080p MP4, each run in a fresh process.

Run: uv run python benchmarks/bench_animatic.py. Prints each figure, its target and the ratio.
- 24 panels (the S-car's words, an offline sketch each, pictures read from disk when asked for) as a
  1920x1080 24 fps MP4 with balloons: <= 20 s, peak RSS of the exporting process <= 500 MB. The wall time
  depends on what else the machine runs, so the export's CPU time and the load average are printed too.
- The same with subtitles and push-ins on the wide shots (info), and 48 panels against 24: the frames
  are streamed, so memory must not grow with the film (<= 1.15x).
"""
from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

PICTURE = 1024  # the size the image models and the offline sketches produce


def _pictures(folder: Path, count: int) -> None:
    """Offline sketches of the S-car's panels, one file each (drawn once, outside the timed runs)."""
    from generation.planning import sketch_spec
    from generation.sketch.render import render_panel

    project = _script_project(count)
    for i, panel in enumerate(project.panels):
        out = io.BytesIO()
        render_panel(sketch_spec(project, panel), PICTURE, PICTURE).save(out, format="PNG")
        (folder / f"{i}.png").write_bytes(out.getvalue())


def _script_project(count: int):
    from model.project.project import Line, Panel
    from model.script.panelscript import parse_script

    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    base = project.panels
    project.panels = []
    for i in range(count):
        src = base[i % len(base)]
        project.panels.append(Panel(shot=src.shot, setting=src.setting, action=src.action + f" Take {i + 1}.",
                                    lines=list(src.lines) or [Line("caption", f"Shot {i + 1}: the snail goes on.")]))
    return project


def _child(count: int, folder: str, dialogue: str, push_in: bool) -> None:
    """In a fresh process: export the film; print seconds, peak RSS (MB), RSS before (MB), film seconds."""
    from export.video.animatic import write_animatic
    from export.video.shots import AnimaticOptions
    from model.project.project import ImageVersion

    project = _script_project(count)
    for i, panel in enumerate(project.panels):
        path = Path(folder) / f"{i % 24}.png"
        digest = f"picture-{i}"
        project.images.put_lazy(digest, path.read_bytes)
        panel.images.add(ImageVersion(digest, PICTURE, PICTURE, "bench", "offline"))
    import av  # noqa: F401  (loaded before the measurement, as the app has it loaded)

    base = _reset_peak()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        film = write_animatic(project, Path(tmp) / "film.mp4", AnimaticOptions(dialogue, push_in))
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    peak = _status_kb("VmHWM") if base is not None else after.ru_maxrss
    print(f"{seconds:.3f} {peak / 1024:.1f} {(base or 0) / 1024:.1f} {film.seconds:.1f} {film.total_frames} {cpu:.3f}")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> int | None:
    """Restart the kernel's peak-RSS counter (VmHWM); the resident size in KB, or None where impossible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kb("VmRSS")
    except OSError:
        return None


def _run(count: int, folder: Path, dialogue: str = "balloons", push_in: bool = False) -> tuple[float, ...]:
    argv = [sys.executable, __file__, "--child", str(count), str(folder), dialogue, "1" if push_in else "0"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    return tuple(map(float, out.stdout.split()))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        _pictures(folder, 24)
        load = os.getloadavg()[0]
        t24, peak24, base24, film24, frames24, cpu24 = _run(24, folder)
        _report("24-panel 1080p MP4, balloons", f"{t24:.1f} s ({film24:.0f} s film, {frames24:.0f} frames)", "<= 20 s", t24 / 20)
        _report("  CPU time of the export (all threads)", f"{cpu24:.1f} s (load average {load:.1f} on {os.cpu_count()} cores)", "(info)", 0)
        _report("  peak RSS of the exporting process", f"{peak24:.0f} MB (before {base24:.0f} MB)", "<= 500 MB", peak24 / 500)
        t, peak, _base, film, _frames, _cpu = _run(24, folder, "subtitles", True)
        _report("  subtitles + push-in on wide shots", f"{t:.1f} s ({film:.0f} s film), {peak:.0f} MB", "(info)", 0)
        t48, peak48, _base, _film, _frames, _cpu = _run(48, folder)
        _report("  48 panels vs 24: peak RSS", f"{peak48 / peak24:.2f}x ({peak48:.0f} MB)", "<= 1.15x", peak48 / peak24 / 1.15)
        _report("  48 panels vs 24: time", f"{t48 / t24:.2f}x ({t48:.1f} s)", "(info)", 0)


def _report(what: str, figure: str, target: str, ratio: float) -> None:
    verdict = "" if not ratio else (f"  ok ({ratio:.2f})" if ratio <= 1 else f"  MISSED ({ratio:.2f})")
    print(f"{what:40} {figure:40} target {target:10}{verdict}")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1")
        sys.exit(0)
    main()

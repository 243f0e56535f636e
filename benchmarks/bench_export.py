"""Export speed, size and memory, each against the unavoidable work measured in the same run.

Run: uv run python benchmarks/bench_export.py. Prints each figure, its target and the ratio.
- A four-panel strip PNG at 300 DPI: <= 1 s and <= 1.5x the unavoidable work (decode the four pictures,
  resize them to their frames, encode the same page as PNG at the same settings).
- A 32-page 8.5 in picture-book PDF at 300 DPI with bleed: <= 10 s and <= 40 MB (unavoidable: decode,
  crop/resize and JPEG-encode the same pictures).
- Peak memory of that PDF with 32 pages against 4 pages, each in a fresh process: <= 1.3x.
"""
from __future__ import annotations

import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from PIL import Image  # noqa: E402

from generation.planning import sketch_spec  # noqa: E402
from generation.sketch.render import render_panel  # noqa: E402
from model.project.project import ImageVersion, Line, Panel, Project  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402

PICTURE = 1024  # the size the image models and the offline sketches produce


def _project(pages: int) -> Project:
    """The S-car cast, `pages` panels with words, each with an offline sketch of its own."""
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    base = project.panels
    project.panels = []
    for i in range(pages):
        src = base[i % len(base)]
        panel = Panel(shot=src.shot, setting=src.setting, action=src.action + f" Take {i + 1}.",
                      lines=list(src.lines) or [Line("caption", f"Page {i + 1}: the snail goes on.")])
        project.panels.append(panel)
        image = render_panel(sketch_spec(project, panel), PICTURE, PICTURE)
        out = io.BytesIO()
        image.save(out, format="PNG")
        digest = project.images.put(out.getvalue())
        panel.images.add(ImageVersion(digest, PICTURE, PICTURE, "bench", "offline"))
    return project


def _best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_strip(tmp: Path) -> None:
    from export.raster.png import write_png
    from export.raster.render import page_pixels, picture_rect
    from model.page.layout import layout_project

    project = _project(4)
    project.page.dpi = 300
    layout = layout_project(project)
    page = layout.pages[0]

    def export() -> None:
        write_png(layout_project(project), project.images, tmp / "strip.png", 300)

    def unavoidable() -> None:
        canvas = Image.new("RGB", page_pixels(page, 300, False), "white")
        for frame in page.frames:
            r = picture_rect(frame, page, False)
            size = (round(r.w * 300 / 72), round(r.h * 300 / 72))
            picture = Image.open(io.BytesIO(project.images.get(frame.image))).convert("RGB")
            canvas.paste(picture.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0), (round(r.x * 300 / 72), round(r.y * 300 / 72)))
        canvas.save(tmp / "bare.png", format="PNG", compress_level=3)

    export()  # warm caches (fonts) once, as the app would have
    t_export, t_base = _best(export), _best(unavoidable)
    with Image.open(tmp / "strip.png") as image:
        width = image.width
    _report("strip PNG, 4 panels, 300 DPI", f"{t_export:.2f} s", "<= 1 s", t_export / 1.0)
    _report("  vs unavoidable work", f"{t_export / t_base:.2f}x ({t_base:.2f} s)", "<= 1.5x", t_export / t_base / 1.5)
    _report("  width", f"{width} px", ">= 2400 px", 2400 / width)


def bench_book(tmp: Path) -> None:
    from export.pdf.writer import picture_jpeg, write_pdf
    from export.raster.render import picture_rect
    from model.page.layout import layout_project

    project = _project(31)  # plus the cover: 32 pages
    project.page.page_size = "8.5x8.5in"
    layout = layout_project(project, layout="book")
    assert len(layout.pages) == 32

    def export() -> None:
        write_pdf(layout_project(project, layout="book"), project.images, tmp / "book.pdf", 300, bleed=True)

    def unavoidable() -> None:
        for page in layout.pages:
            for frame in page.frames:
                picture_jpeg(project.images.get(frame.image), picture_rect(frame, page, True), 300, "#ffffff", "bench")

    t_export, t_base = _best(export, 2), _best(unavoidable, 2)
    size = (tmp / "book.pdf").stat().st_size / 1e6
    _report("book PDF, 32 pages 8.5 in, 300 DPI, bleed", f"{t_export:.2f} s", "<= 10 s", t_export / 10)
    _report("  vs unavoidable work", f"{t_export / t_base:.2f}x ({t_base:.2f} s)", "(info)", 0)
    _report("  file size", f"{size:.1f} MB", "<= 40 MB", size / 40)


def _child(pages: int, folder: str) -> None:
    """In a fresh process: the project's pictures stay on disk until asked for; print peak RSS in MB."""
    from export.pdf.writer import write_pdf
    from model.page.layout import layout_project

    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    base_panels = project.panels
    project.panels = []
    for i in range(pages - 1):
        src = base_panels[i % len(base_panels)]
        panel = Panel(shot=src.shot, action=src.action, lines=list(src.lines))
        path = Path(folder) / f"{i}.png"
        digest = f"picture-{i}"
        project.images.put_lazy(digest, path.read_bytes)
        panel.images.add(ImageVersion(digest, PICTURE, PICTURE, "bench", "offline"))
        project.panels.append(panel)
    project.page.page_size = "8.5x8.5in"
    layout = layout_project(project, layout="book")
    from export.pdf.writer import register_fonts

    register_fonts()
    base = _reset_peak()  # what is resident now; the peak counter restarts here where Linux allows it
    with tempfile.TemporaryDirectory() as tmp:
        write_pdf(layout, project.images, Path(tmp) / "b.pdf", 300, bleed=True)
    peak = _status_kb("VmHWM") if base is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{peak / 1024:.1f} {(base or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024:.1f}")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> int | None:
    """Restart the kernel's peak-RSS counter (VmHWM) and return the resident size in KB, or None
    where that is not possible, so the peak measured next belongs to the export alone."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kb("VmRSS")
    except OSError:
        return None


def bench_memory() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        project = _project(31)
        for i, panel in enumerate(project.panels):
            (Path(folder) / f"{i}.png").write_bytes(project.images.get(panel.images.selected.sha256))
        del project
        for pages in (4, 32):
            out = subprocess.run([sys.executable, __file__, "--child", str(pages), folder], capture_output=True, text=True, check=True)
            peak, base = map(float, out.stdout.split())
            results[pages] = (peak, base)
    (p4, b4), (p32, b32) = results[4], results[32]
    _report("peak memory, 4-page book PDF", f"{p4:.0f} MB (before export {b4:.0f} MB)", "(info)", 0)
    _report("peak memory, 32-page book PDF", f"{p32:.0f} MB (before export {b32:.0f} MB)", "(info)", 0)
    _report("  32 pages vs 4 pages", f"{p32 / p4:.2f}x", "<= 1.3x", p32 / p4 / 1.3)
    _report("  the export's own growth, 4 / 32 pages", f"{p4 - b4:.0f} / {p32 - b32:.0f} MB", "(info)", 0)


def _report(what: str, figure: str, target: str, ratio: float) -> None:
    verdict = "" if not ratio else ("  ok" if ratio <= 1 else "  MISSED")
    print(f"{what:45} {figure:28} target {target:10}{verdict}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]), sys.argv[3])
        sys.exit(0)
    with tempfile.TemporaryDirectory() as scratch:
        bench_strip(Path(scratch))
        bench_book(Path(scratch))
    bench_memory()

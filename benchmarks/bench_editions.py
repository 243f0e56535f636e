"""Translated editions: requests per translation, and what exporting an edition costs.

Run: uv run python benchmarks/bench_editions.py. Prints each figure, its target and the ratio.
- Translating a 32-page picture book (31 panels of words plus the cover's title) through `panelsmith
  translate` against the fake text service on 127.0.0.1 (the real SDK over HTTP): one request per chunk
  of lines, not one per line.
- Exporting the Chinese edition as a 32-page book PDF (8.5 in, 300 DPI, bleed) costs <= 1.2x the
  original edition's export: the pictures are the same, only the words are set again.
"""
from __future__ import annotations

import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai import FakeImageService  # noqa: E402
from fake_translator import FakeTranslator  # noqa: E402
from generation.planning import sketch_spec  # noqa: E402
from generation.sketch.render import render_panel  # noqa: E402
from generation.text.translation import CHUNK_LINES  # noqa: E402
from model.project.editions import apply_edition, keys_of  # noqa: E402
from model.project.project import ImageVersion, Line, Panel, Project  # noqa: E402
from model.fileformat.projectfile import load_project, save_project  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402

PICTURE = 1024


def _book(pages: int) -> Project:
    """The S-car cast, `pages` panels each with its words and a caption, each with its own offline sketch."""
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    base = project.panels
    project.panels = []
    for i in range(pages):
        src = base[i % len(base)]
        lines = [Line("caption", f"Page {i + 1}: the snail and the salesman are still talking about the car.")]
        lines += [Line(ln.kind, f"{ln.text} ({i + 1})", ln.speaker) for ln in src.lines]
        panel = Panel(shot=src.shot, setting=src.setting, action=src.action + f" Take {i + 1}.", lines=lines)
        project.panels.append(panel)
        out = io.BytesIO()
        render_panel(sketch_spec(project, panel), PICTURE, PICTURE).save(out, format="PNG")
        panel.images.add(ImageVersion(project.images.put(out.getvalue()), PICTURE, PICTURE, "bench", "offline"))
    project.page.page_size = "8.5x8.5in"
    return project


def _best(fn, runs: int = 2) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _report(what: str, figure: str, target: str, ratio: float) -> None:
    verdict = "" if not ratio else ("  ok" if ratio <= 1 else "  MISSED")
    print(f"{what:45} {figure:30} target {target:12}{verdict}")


def main() -> None:
    from cli import run
    from export.pdf.writer import write_pdf
    from model.page.layout import layout_project

    with tempfile.TemporaryDirectory() as scratch, FakeImageService() as service:
        path = Path(scratch) / "book.panels"
        save_project(_book(31), path)
        service.text_responder = translator = FakeTranslator("zh")
        os.environ.update(OPENAI_API_KEY="sk-bench-not-a-key", OPENAI_BASE_URL=service.base_url)
        started = time.perf_counter()
        assert run(["translate", str(path), "--to", "zh"]) == 0
        took = time.perf_counter() - started
        project = load_project(path)
        lines = len(keys_of(project))
        requests = len(service.requests)
        chunks = math.ceil(lines / CHUNK_LINES)
        print()
        _report("translate, 32-page book", f"{lines} lines, chunks of <= {CHUNK_LINES}", "(info)", 0)
        _report("  requests sent", f"{requests} (per chunk: {translator.chunk_sizes})", f"{chunks}, one a chunk", requests / chunks)
        _report("  vs one request per line", f"{requests} / {lines} = {requests / lines:.3f}", "(info)", 0)
        _report("  time through the fake service", f"{took:.2f} s", "(info)", 0)

        def export(edition: str | None) -> None:
            shown = apply_edition(project, edition)
            write_pdf(layout_project(shown, layout="book"), project.images, Path(scratch) / f"{edition}.pdf", 300, bleed=True)

        export(None)  # warm the fonts and the pictures once, as an app that has shown the book would have
        export("zh")
        # Interleaved, best of four each: the machine is shared, and both exports do the same picture work.
        times: dict[str | None, list[float]] = {None: [], "zh": []}
        for _ in range(4):
            for edition in (None, "zh"):
                times[edition].append(_best(lambda: export(edition), 1))
        t_original, t_edition = min(times[None]), min(times["zh"])
        _report("book PDF, original edition", f"{t_original:.2f} s", "(info)", 0)
        _report("book PDF, zh edition", f"{t_edition:.2f} s", "(info)", 0)
        _report("  zh edition vs original", f"{t_edition / t_original:.2f}x", "<= 1.2x", t_edition / t_original / 1.2)


if __name__ == "__main__":
    main()

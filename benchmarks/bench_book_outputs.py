"""The e-book and print-shop outputs: speed and size against their own targets and the plain PDF.

Run: uv run python benchmarks/bench_book_outputs.py. Prints each figure, its target and the ratio.
- A 32-page 8.5 in picture-book EPUB (words over the art): <= 5 s, and its file <= 1.2x the bytes of the
  pictures it holds (the project's 32 PNG pictures as stored).
- The same book as a print-shop PDF (--pdfx, 300 DPI, bleed): <= 1.5x the time of the plain print PDF.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from benchmarks.bench_export import _best, _project  # noqa: E402

PAGES = 32


def _row(name: str, figure: float, unit: str, target: float) -> None:
    ratio = figure / target
    verdict = "ok" if ratio <= 1.0 else "OVER"
    print(f"{name:<44} {figure:9.2f} {unit:<3} target <= {target:g} {unit:<3} ratio {ratio:.2f}  {verdict}")


def bench_epub(tmp: Path, project) -> None:
    from export.epub.writer import write_epub
    from model.page.layout import layout_project

    project.page.page_size, project.page.book_text = "8.5x8.5in", "over"
    out = tmp / "book.epub"
    seconds = _best(lambda: write_epub(project, layout_project(project, layout="book"), project.images, out), runs=2)
    pictures = sum(len(project.images.get(p.images.selected.sha256)) for p in project.panels)
    _row(f"EPUB, {PAGES} pages: time", seconds, "s", 5.0)
    size_ratio = out.stat().st_size / pictures
    print(f"{'EPUB size / its pictures':<44} {out.stat().st_size / 1e6:9.2f} MB  pictures {pictures / 1e6:.2f} MB")
    _row("EPUB size as a multiple of its pictures", size_ratio, "x", 1.2)


def bench_pdfx(tmp: Path, project) -> None:
    from export.pdf.writer import write_pdf
    from export.pdf.pdfx import write_pdfx
    from model.page.layout import layout_project

    project.page.page_size = "8.5x8.5in"
    layout = layout_project(project, layout="book")
    plain = _best(lambda: write_pdf(layout, project.images, tmp / "plain.pdf", 300, True), runs=2)
    pdfx = _best(lambda: write_pdfx(layout, project.images, tmp / "pdfx.pdf", 300, True), runs=2)
    print(f"{'plain print PDF, 32 pages, 300 DPI':<44} {plain:9.2f} s")
    print(f"{'PDF/X-style print-shop PDF':<44} {pdfx:9.2f} s")
    _row("PDF/X time as a multiple of the plain PDF's", pdfx / plain, "x", 1.5)


def main() -> None:
    project = _project(PAGES)
    with tempfile.TemporaryDirectory() as folder:
        bench_epub(Path(folder), project)
        bench_pdfx(Path(folder), project)


if __name__ == "__main__":
    main()

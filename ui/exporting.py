"""What the export dialog runs on a worker: one function per format over one layout (no Qt here)."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from model.project import Project

FORMATS = ("png", "pdf", "pdfx", "epub", "cbz", "panels")  # pdfx: the print-shop (CMYK) PDF


@dataclass(frozen=True)
class ExportChoice:
    """Everything the user chose in the dialog; immutable, so a worker can hold it."""

    kind: str  # one of FORMATS
    target: Path  # a file (png/pdf/cbz) or a folder (panels)
    layout: str
    page_size: str
    dpi: int
    bleed: bool = False


def layout_for(project: Project, choice: ExportChoice):
    from model.layout import layout_project

    settings = copy.copy(project.page)
    settings.page_size = choice.page_size
    settings.dpi = choice.dpi
    return layout_project(project, settings, choice.layout)


def check(project: Project, choice: ExportChoice) -> list[str]:
    """The print preflight as sentences (warnings first), for the dialog to show before writing."""
    from export.preflight import preflight

    findings = preflight(layout_for(project, choice), project.images, bleed=choice.bleed, cmyk=choice.kind == "pdfx")
    ordered = [f for f in findings if f.level == "warning"] + [f for f in findings if f.level != "warning"]
    return [str(f) for f in ordered]


def export(project: Project, choice: ExportChoice) -> list[Path]:
    """Write the export atomically; returns the files written."""
    layout = layout_for(project, choice)
    if choice.kind == "png":
        from export.png import write_png

        return write_png(layout, project.images, choice.target, choice.dpi, choice.bleed)
    if choice.kind == "pdf":
        from export.pdf import write_pdf

        return [write_pdf(layout, project.images, choice.target, choice.dpi, choice.bleed)]
    if choice.kind == "pdfx":
        from export.pdfx import write_pdfx

        return [write_pdfx(layout, project.images, choice.target, choice.dpi, choice.bleed)]
    if choice.kind == "epub":
        from export.epub import write_epub

        return [write_epub(project, layout, project.images, choice.target)]
    if choice.kind == "cbz":
        from export.cbz import write_cbz

        return [write_cbz(project, layout, project.images, choice.target, choice.dpi)]
    from export.panels import write_panels

    return write_panels(layout, project.images, choice.target, choice.dpi)

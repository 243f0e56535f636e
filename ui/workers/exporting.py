"""What the export dialog runs on a worker: one function per format over one layout (no Qt here)."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from model.project.project import Project

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
    edition: str | None = None  # a translated edition's language (model.project.editions), None: the original words


def layout_for(project: Project, choice: ExportChoice):
    from model.project.editions import apply_edition
    from model.page.layout import layout_project

    settings = copy.copy(project.page)
    settings.page_size = choice.page_size
    settings.dpi = choice.dpi
    return layout_project(apply_edition(project, choice.edition), settings, choice.layout)


def untranslated_warning(project: Project, choice: ExportChoice) -> str | None:
    """A sentence when the chosen edition has lines that keep the original words, else None."""
    from model.project.editions import find_edition, untranslated

    edition = find_edition(project, choice.edition)
    missing = len(untranslated(project, edition)) if edition else 0
    if not missing:
        return None
    return (f"warning: {missing} line{'s' if missing != 1 else ''} of the {choice.edition} edition "
            f"{'are' if missing != 1 else 'is'} not translated yet and keep the original words.")


def check(project: Project, choice: ExportChoice) -> list[str]:
    """The print preflight as sentences (warnings first), for the dialog to show before writing."""
    from export.pdf.preflight import preflight

    findings = preflight(layout_for(project, choice), project.images, bleed=choice.bleed, cmyk=choice.kind == "pdfx")
    ordered = [f for f in findings if f.level == "warning"] + [f for f in findings if f.level != "warning"]
    warning = untranslated_warning(project, choice)
    return ([warning] if warning else []) + [str(f) for f in ordered]


def export(project: Project, choice: ExportChoice) -> list[Path]:
    """Write the export atomically; returns the files written."""
    layout = layout_for(project, choice)
    if choice.kind == "png":
        from export.raster.png import write_png

        return write_png(layout, project.images, choice.target, choice.dpi, choice.bleed)
    if choice.kind == "pdf":
        from export.pdf.writer import write_pdf

        return [write_pdf(layout, project.images, choice.target, choice.dpi, choice.bleed)]
    if choice.kind == "pdfx":
        from export.pdf.pdfx import write_pdfx

        return [write_pdfx(layout, project.images, choice.target, choice.dpi, choice.bleed)]
    if choice.kind == "epub":
        from export.epub.writer import write_epub

        from model.project.editions import apply_edition

        shown = apply_edition(project, choice.edition)
        return [write_epub(shown, layout, project.images, choice.target, choice.edition,
                           None if shown is project else project)]
    if choice.kind == "cbz":
        from export.raster.cbz import write_cbz

        from model.project.editions import apply_edition

        return [write_cbz(apply_edition(project, choice.edition), layout, project.images, choice.target, choice.dpi,
                          choice.edition)]
    from export.raster.panels import write_panels

    return write_panels(layout, project.images, choice.target, choice.dpi)

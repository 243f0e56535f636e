"""What the export dialog runs on a worker: one function per format over one layout (no Qt here)."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from model.project.project import Project

FORMATS = ("png", "pdf", "pdfx", "epub", "cbz", "panels", "csv", "shotlist", "otio", "fcp7", "fcpxml", "edl")
# pdfx: the print-shop (CMYK) PDF; csv and shotlist (PDF): shot lists; otio … edl: editors' timelines with stills
PRODUCTION = ("csv", "shotlist", "otio", "fcp7", "fcpxml", "edl")  # no page layout: one row or clip per shot


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
    if choice.kind in PRODUCTION:
        return _production(project, choice)
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

        return [write_epub(apply_edition(project, choice.edition), layout, project.images, choice.target)]
    if choice.kind == "cbz":
        from export.raster.cbz import write_cbz

        from model.project.editions import apply_edition

        return [write_cbz(apply_edition(project, choice.edition), layout, project.images, choice.target, choice.dpi,
                          choice.edition)]
    from export.raster.panels import write_panels

    return write_panels(layout, project.images, choice.target, choice.dpi)


def _production(project: Project, choice: ExportChoice) -> list[Path]:
    """A shot list or a timeline (its stills in a folder beside it), in the chosen edition's words."""
    from model.project.editions import apply_edition

    shown = apply_edition(project, choice.edition)
    if choice.kind == "csv":
        from export.shotlist.csvfile import write_shot_list_csv

        return [write_shot_list_csv(shown, choice.target)]
    if choice.kind == "shotlist":
        from export.shotlist.pdf import write_shot_list_pdf

        return [write_shot_list_pdf(shown, choice.target)]
    from export.timeline.build import write_timeline

    return [write_timeline(shown, choice.target)[0]]

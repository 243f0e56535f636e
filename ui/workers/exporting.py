"""What the export dialog runs on a worker: one function per format over one layout (no Qt here)."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from model.project.project import Project

FORMATS = ("png", "pdf", "pdfx", "epub", "cbz", "panels", "cover", "csv", "shotlist", "otio", "fcp7", "fcpxml", "edl")
# pdfx: the print-shop (CMYK) PDF; cover: the wrap; csv and shotlist (PDF): shot lists; otio … edl: editors'
# timelines with stills
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
    pad: bool = False  # a picture book filled to a multiple of 4 pages with end pages (model.page.endpages)
    credit: bool = True  # "Made with Panelsmith" on the copyright page the padding adds
    paper: str = "white"  # cover wrap: the interior paper (model.page.coverwrap.PAPERS)
    pages: int | None = None  # cover wrap: the interior's page count; None: the book layout's own


def _settings(project: Project, choice: ExportChoice):
    settings = copy.copy(project.page)
    settings.page_size = choice.page_size
    settings.dpi = choice.dpi
    return settings


def layout_for(project: Project, choice: ExportChoice):
    """The pages of the export (the book layout for a cover wrap's interior), padded when asked."""
    from model.project.editions import apply_edition
    from model.page.layout import layout_project

    shown = apply_edition(project, choice.edition)
    name = "book" if choice.kind == "cover" else choice.layout
    layout = layout_project(shown, _settings(project, choice), name)
    if choice.pad and layout.layout == "book":
        from datetime import date

        from model.page.endpages import pad_book

        layout = pad_book(layout, shown, date.today().year, choice.credit)
    return layout


def cover_wrap_for(project: Project, choice: ExportChoice):
    """The laid-out cover wrap for the interior `choice` describes."""
    from export.pdf.cover import plan_wrap
    from model.project.editions import apply_edition

    pages = choice.pages or len(layout_for(project, choice).pages)
    return plan_wrap(apply_edition(project, choice.edition), _settings(project, choice), project.images, pages, choice.paper)


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

    if choice.kind == "cover":
        from export.pdf.cover import cover_preflight

        findings = cover_preflight(cover_wrap_for(project, choice), project.images)
    else:
        findings = preflight(layout_for(project, choice), project.images, bleed=choice.bleed, cmyk=choice.kind == "pdfx")
    ordered = [f for f in findings if f.level == "warning"] + [f for f in findings if f.level != "warning"]
    warning = untranslated_warning(project, choice)
    return ([warning] if warning else []) + [str(f) for f in ordered]


def export(project: Project, choice: ExportChoice) -> list[Path]:
    """Write the export atomically; returns the files written."""
    if choice.kind == "cover":
        from export.pdf.cover import write_cover_wrap
        from model.project.editions import apply_edition

        wrap = cover_wrap_for(project, choice)
        return [write_cover_wrap(wrap, apply_edition(project, choice.edition), _settings(project, choice), project.images,
                                 choice.target, pdfx=False)]
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
        from export.coverfront import with_front_cover
        from export.epub.writer import write_epub

        from model.project.editions import apply_edition

        shown = apply_edition(project, choice.edition)
        return [write_epub(shown, with_front_cover(shown, layout, project.images), project.images, choice.target,
                           choice.edition, None if shown is project else project)]
    if choice.kind == "cbz":
        from export.coverfront import with_front_cover
        from export.raster.cbz import write_cbz

        from model.project.editions import apply_edition

        shown = apply_edition(project, choice.edition)
        return [write_cbz(shown, with_front_cover(shown, layout, project.images), project.images, choice.target, choice.dpi,
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

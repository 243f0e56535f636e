"""`panelsmith export`: lay the project out and write a PNG, a print PDF, a CBZ or per-panel PNGs.

Panels without a picture are drawn first, through `generate` itself (same backend rules, and the
project is saved with the new images, so they are never paid for twice). The preflight is printed for
every PDF, and for other formats with --preflight.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from cli import export_animatic, export_cover
from cli.documents import open_for_update
from generation.backends import BACKENDS
from generation.imagemodels import DEFAULT_MODEL, DEFAULT_QUALITY
from generation.runner import DEFAULT_JOBS
from model.project.editions import ORIGINAL, apply_edition, find_edition, untranslated
from model.errors import BadInputError
from model.fileformat.projectfile import lost_at_open
from model.page.balloons import MAX_BALLOONS
from model.page.layout import layout_project
from model.pagesize import parse_page_size
from model.project.project import LAYOUTS, Project

FORMATS = (".png", ".pdf", ".cbz", ".epub", ".mp4", ".gif", ".csv", ".otio", ".xml", ".fcpxml", ".edl")
TIMELINES = ("otio", "xml", "fcpxml", "edl")


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `export` to the command line."""
    exp = subparsers.add_parser(
        "export", help="write a PNG strip, a print PDF, an EPUB, a CBZ comic or per-panel PNGs",
        description="Draw any panels that have no picture yet, lay the pages out with lettered balloons "
        "and write OUT: a .png (one image per page), a .pdf (print-ready; --pdfx for a CMYK print-shop PDF), a .cbz "
        "(comic reader), a .epub (fixed-layout e-book, words as real text) or a folder ending in / (one PNG per "
        "panel). For production: a .csv shot list, a .pdf with --layout shotlist, or an editor's timeline "
        "(.otio, .xml Final Cut 7 / Premiere / Resolve, .fcpxml, .edl CMX 3600) with each shot's still in a "
        "folder beside it. The preflight is printed for PDFs and with --preflight.",
    )
    exp.add_argument("file", metavar="FILE", help="a .panels project file, or a script (saved as SCRIPT.panels)")
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.png, OUT.pdf, OUT.cbz, OUT.epub or OUT_DIR/")
    exp.add_argument("--layout", choices=LAYOUTS + ("shotlist",),
                     help="page layout (default: the project's); shotlist with a .pdf: the shot list with thumbnails")
    exp.add_argument("--page-size", metavar="SIZE", help='A4, A5, Letter, 8.5x8.5in, 8x10in, 11x8.5in or "W x H in|mm|px"')
    exp.add_argument("--bleed", action=argparse.BooleanOptionalAction, default=None,
                     help="add 0.125 in of bleed on every side (print PDFs; default: the script's Page: line)")
    exp.add_argument("--pdfx", action="store_true", help="a print-shop PDF: CMYK pictures, an output intent (PDF/X-1a style)")
    exp.add_argument("--max-ink", type=int, default=300, metavar="PERCENT",
                     help="with --pdfx: the total ink (C+M+Y+K) your printer accepts; the preflight warns above it (default 300)")
    exp.add_argument("--dpi", type=int, metavar="N", help="pixels per inch for pictures and PNG pages (default: the project's)")
    exp.add_argument("--cover", type=int, metavar="PANEL", help="the panel whose picture goes on a book's cover")
    exp.add_argument("--backend", choices=BACKENDS, help="how to draw missing panels: offline sketches or OpenAI")
    exp.add_argument("--preflight", action="store_true", help="print the print preflight for any format")
    exp.add_argument("--direction", choices=("ltr", "rtl"), help="reading direction: rtl orders panels right to left (manga)")
    exp.add_argument("--words", choices=("band", "over"), help="picture books: words in a band under the art, or over it")
    exp.add_argument("--grid", metavar="RxC", help="rows x columns a page for the grid layout, e.g. 3x2")
    exp.add_argument("--pad", action="store_true",
                     help="picture books: fill the book to a multiple of 4 pages with a title page, a copyright page and blank pages")
    exp.add_argument("--no-credit", action="store_true", help="with --pad: leave “Made with Panelsmith” off the copyright page")
    exp.add_argument("--edition", metavar="LANG", help="a translated edition (see `translate`), e.g. zh; default: the original words")
    export_animatic.add_arguments(exp)
    export_cover.add_arguments(exp)
    exp.set_defaults(func=run_export)


def output_kind(out: str) -> str:
    """"png", "pdf", "cbz" or "panels" (a folder) from the output path; bad input otherwise."""
    path = Path(out)
    if out.endswith(("/", "\\")) or path.is_dir():
        return "panels"
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise BadInputError(f"Cannot tell what to write from {out!r}: end it in .png, .pdf, .cbz, .epub, .mp4, .gif, "
                            ".csv, .otio, .xml, .fcpxml or .edl, or with / for a folder of panels.")
    return suffix[1:]


def _check_lettering(project: Project) -> None:
    """Refuse a panel with more lines than a panel letters, instead of exporting it with words left out."""
    for number, panel in enumerate(project.panels, start=1):
        if len(panel.lines) > MAX_BALLOONS:
            raise BadInputError(f"Panel {number} has {len(panel.lines):,} lines of words, more than the {MAX_BALLOONS} "
                                "a panel can letter; split it into more panels.")


def run_export(args: argparse.Namespace) -> int:
    kind = output_kind(args.output)
    export_animatic.check_options(args, kind)
    export_cover.check_options(args, kind)
    if args.layout == "shotlist" and kind != "pdf":
        raise BadInputError(f"--layout shotlist makes a PDF shot list: give an output ending in .pdf, not {args.output!r}.")
    if args.pdfx and kind != "pdf":
        raise BadInputError(f"--pdfx makes a print-shop PDF: give an output ending in .pdf, not {args.output!r}.")
    if not 100 <= args.max_ink <= 400:
        raise BadInputError(f"--max-ink {args.max_ink} is out of range: use a percentage from 100 to 400.")
    if args.page_size:
        parse_page_size(args.page_size, args.dpi or 300)  # a bad size fails before anything is drawn
    if args.dpi is not None and not 36 <= args.dpi <= 1200:
        raise BadInputError(f"--dpi {args.dpi} is out of range: use a number from 36 to 1200.")
    project, saved, where = open_for_update(args.file)  # a script's existing SCRIPT.panels keeps its pictures
    if not project.panels:
        raise BadInputError(f"{args.file} has no panels to export; add a `# Panel` to the script.")
    _check_lettering(project)  # so does a panel with more words than it can letter
    find_edition(project, args.edition)  # an unknown edition fails before anything is drawn, naming those there are
    _cover_panel(project, args.cover)  # a wrong panel number fails before anything is drawn
    _page_overrides(args)  # so does a bad --grid
    _check_pad(args, project)
    if args.cover_wrap:  # a cover needs its front picture only, not every panel drawn
        export_cover.ensure_cover_picture(project, saved, where, args)
        shown = _edition_words(project, args.edition, args.file)
        settings = replace(project.page, **_page_overrides(args))
        cover = _cover_panel(project, args.cover)
        interior = len(_padded(layout_project(shown, settings, "book", cover), shown, args).pages)
        return export_cover.write(args, project, shown, settings, cover, interior)
    if kind == "csv":
        return _write_production(_edition_words(project, args.edition, args.file), kind, args)  # no picture needed
    _fill_missing(project, saved, where, args)
    if kind in ("epub", "cbz"):  # they open on the front cover: the script's Cover: block drawn, if it is not yet
        export_cover.ensure_cover_picture(project, saved, where, args)
    shown = _edition_words(project, args.edition, args.file)
    if kind in TIMELINES or args.layout == "shotlist":
        return _write_production(shown, kind, args)
    if kind in ("mp4", "gif"):
        return export_animatic.write(args, shown, kind)  # an edition's words as balloons or subtitles
    settings = replace(project.page, **_page_overrides(args))
    cover = _cover_panel(project, args.cover)
    layout = _padded(layout_project(shown, settings, args.layout, cover), shown, args)
    out = Path(args.output)
    bleed = settings.bleed
    if kind == "png":
        from export.raster.png import write_png

        written = write_png(layout, project.images, out, settings.dpi, bleed)
    elif kind == "pdf" and args.pdfx:
        from export.pdf.pdfx import write_pdfx

        written = [write_pdfx(layout, project.images, out, settings.dpi, bleed)]
    elif kind == "pdf":
        from export.pdf.writer import write_pdf

        written = [write_pdf(layout, project.images, out, settings.dpi, bleed)]
    elif kind == "epub":
        from export.coverfront import with_front_cover
        from export.epub.writer import write_epub

        layout = with_front_cover(shown, layout, project.images, cover)  # the front cover is the book's cover image
        # An edition: its words and its own language code; the pictures described in the original's words.
        written = [write_epub(shown, layout, project.images, out, _language(args.edition),
                              None if shown is project else project)]
    elif kind == "cbz":
        from export.coverfront import with_front_cover
        from export.raster.cbz import write_cbz

        layout = with_front_cover(shown, layout, project.images, cover)  # the comic opens on its front cover
        written = [write_cbz(shown, layout, project.images, out, settings.dpi, _language(args.edition))]
    else:
        from export.raster.panels import write_panels

        written = write_panels(layout, project.images, out, settings.dpi)
    pages = len(layout.pages)
    shown = str(written[0]) if len(written) == 1 else f"{len(written)} files in {written[0].parent}"
    print(f"Wrote {shown} ({pages} page{'s' if pages != 1 else ''}, {layout.layout} layout, {settings.dpi} DPI).")
    if kind == "pdf" or args.preflight:
        _print_preflight(layout, project, bleed, written[0] if args.pdfx else None, args.max_ink)
    else:
        for warning in layout.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return 0


def _check_pad(args: argparse.Namespace, project: Project) -> None:
    if args.no_credit and not args.pad:
        raise BadInputError("--no-credit is about the copyright page --pad adds: add --pad.")
    if args.pad and not args.cover_wrap and (args.layout or project.layout) != "book":
        raise BadInputError(f"--pad fills a picture book to a multiple of 4 pages: add --layout book "
                            f"(this export's layout is {args.layout or project.layout}).")


def _padded(layout, project: Project, args: argparse.Namespace):
    """With --pad, the book filled to a multiple of 4 pages with end pages (model.page.endpages)."""
    if not args.pad:
        return layout
    from datetime import date

    from model.page.endpages import pad_book

    return pad_book(layout, project, date.today().year, credit=not args.no_credit)
def _write_production(project: Project, kind: str, args: argparse.Namespace) -> int:
    """A shot list (CSV or PDF) or an editor's timeline with its stills; says what was written."""
    out = Path(args.output)
    if kind == "csv":
        from export.shotlist.csvfile import write_shot_list_csv

        write_shot_list_csv(project, out)
        print(f"Wrote {out} ({len(project.panels)} shots).")
    elif kind == "pdf":
        from export.shotlist.pdf import write_shot_list_pdf

        write_shot_list_pdf(project, out)
        print(f"Wrote {out} (shot list, {len(project.panels)} shots).")
    else:
        from export.timeline.build import write_timeline

        _, folder, clips = write_timeline(project, out)
        print(f"Wrote {out} ({clips} clips) with its stills in {folder}.")
    return 0


def _language(edition: str | None) -> str | None:
    return None if edition in (None, ORIGINAL) else edition


def _edition_words(project: Project, language: str | None, file: str) -> Project:
    """The project with the edition's words; a warning names how many lines keep the original's."""
    edition = find_edition(project, language)
    if edition is None:
        return project
    missing = len(untranslated(project, edition))
    if missing:
        print(f"warning: {missing} line{'s' if missing != 1 else ''} of the {language} edition {'are' if missing != 1 else 'is'} "
              f"not translated yet and keep the original words (`panelsmith translate {file} --to {language}` fills them).",
              file=sys.stderr)
    return apply_edition(project, language)


def _page_overrides(args: argparse.Namespace) -> dict[str, object]:
    """The page settings this export changes from the project's own."""
    changes: dict[str, object] = {}
    if args.page_size:
        changes["page_size"] = args.page_size
    if args.bleed is not None:
        changes["bleed"] = args.bleed
    if args.dpi:
        changes["dpi"] = args.dpi
    if args.direction:
        changes["direction"] = args.direction
    if args.words:
        changes["book_text"] = args.words
    if args.grid:
        rows, sep, cols = args.grid.lower().replace("×", "x").partition("x")
        if not (sep and rows.strip().isdigit() and cols.strip().isdigit()) or not (1 <= int(rows) <= 8 and 1 <= int(cols) <= 8):
            raise BadInputError(f"--grid {args.grid!r}: give rows x columns from 1 to 8, e.g. 3x2.")
        changes["grid_rows"], changes["grid_columns"] = int(rows), int(cols)
    return changes


def _print_preflight(layout, project: Project, bleed: bool, pdfx: Path | None = None, max_ink: int = 300) -> None:
    from export.pdf.preflight import Finding, preflight, warnings_only

    findings = preflight(layout, project.images, bleed, cmyk=pdfx is not None, max_ink=max_ink)
    if pdfx is not None:
        from export.pdf.pdfx import rgb_leftovers

        leftovers = rgb_leftovers(pdfx)
        findings += [Finding("warning", f"In {pdfx.name}, {what}.") for what in leftovers] or [
            Finding("ok", f"{pdfx.name} holds CMYK colour only, with nothing transparent.")]
    warnings = warnings_only(findings)
    print(f"Preflight: {len(warnings)} warning{'s' if len(warnings) != 1 else ''}.")
    for finding in findings:
        print(f"  {finding}")


def _fill_missing(project: Project, saved: Path, where: str, args: argparse.Namespace) -> None:
    """Draw the panels that have no picture into `project` the way `generate` does, saving it to `saved`."""
    lost = lost_at_open(project)
    for panel in project.panels:
        if panel.id in lost and panel.images.selected is None:
            print(f"{panel.error} It is exported as an empty frame (`generate` draws it again).", file=sys.stderr)
    # A panel whose picture was lost from a damaged file is not redrawn here: that would save over the file.
    missing = [p for p in project.panels if p.images.selected is None and p.id not in lost]
    if not missing:
        return
    from cli.generate_commands import draw_panels

    print(f"Drawing {len(missing)} panel{'s' if len(missing) != 1 else ''} without a picture first.", file=sys.stderr)
    options = argparse.Namespace(backend=args.backend, model=DEFAULT_MODEL, quality=DEFAULT_QUALITY,
                                 jobs=DEFAULT_JOBS, force=False)
    if draw_panels(project, saved, missing, options, where) != 0:
        print("Some panels could not be drawn; they are exported as empty frames.", file=sys.stderr)


def _cover_panel(project: Project, number: int | None) -> str | None:
    if number is None:
        return None
    if not 1 <= number <= len(project.panels):
        raise BadInputError(f"--cover {number}: there is no such panel; the project has {len(project.panels)} panels.")
    return project.panels[number - 1].id

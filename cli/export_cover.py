"""`panelsmith export PROJECT -o cover.pdf --cover-wrap`: a paperback's whole cover for the printer.

`cli/export_command.py` opens the project and hands over here before any panel is drawn: a cover needs
only its front picture (the book's own, drawn from the script's `Cover:` block when it has none yet, or a
panel's) and the interior's page count.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generation.imagemodels import DEFAULT_MODEL, DEFAULT_QUALITY
from model.errors import BadInputError
from model.page.coverwrap import PAPERS, paper_name
from model.project.project import PageSettings, Project
from model.prompt.status import cover_status


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The cover wrap's options on `export`."""
    group = parser.add_argument_group("cover wrap (OUT.pdf)")
    group.add_argument("--cover-wrap", action="store_true",
                       help="write the paperback's cover instead of its interior: back (the Blurb:), spine and front on one page with bleed")
    group.add_argument("--paper", metavar="PAPER", help=f"the interior paper, for the spine's width: {', '.join(PAPERS)} (default white)")
    group.add_argument("--pages", type=int, metavar="N", help="the interior's page count (default: the book layout's pages)")


def check_options(args: argparse.Namespace, kind: str) -> None:
    """Cover options only with --cover-wrap, a wrap only as a PDF; an unknown paper names the papers."""
    if not args.cover_wrap:
        for name in ("paper", "pages"):
            if getattr(args, name) is not None:
                raise BadInputError(f"--{name} is for a cover: add --cover-wrap.")
        return
    if kind != "pdf":
        raise BadInputError(f"--cover-wrap writes a PDF: give an output ending in .pdf, not {args.output!r}.")
    paper_name(args.paper or "white")
    if args.pages is not None and not 1 <= args.pages <= 5000:
        raise BadInputError(f"--pages {args.pages} is out of range: give the interior's page count (1 to 5000).")


def ensure_cover_picture(project: Project, saved: Path, where: str, args: argparse.Namespace) -> None:
    """Draw the book's own cover picture when the script has a `Cover:` block and no picture of it yet
    (unless `--cover PANEL` chose a panel's); a stale one is kept, with a note."""
    status = cover_status(project)
    if status is None or args.cover is not None:
        return
    if status == "stale":
        print("note: the cover picture was drawn for an earlier Cover: text; `panelsmith generate` draws it again.", file=sys.stderr)
        return
    if status == "ready":
        return
    from cli.generate_commands import draw_cover

    print("Drawing the cover picture from the script's Cover: block first.", file=sys.stderr)
    options = argparse.Namespace(backend=args.backend, model=DEFAULT_MODEL, quality=DEFAULT_QUALITY, server=None)
    if draw_cover(project, saved, options, where) != 0:
        print("The cover picture could not be drawn; a panel's picture is used instead.", file=sys.stderr)


def write(args: argparse.Namespace, project: Project, shown: Project, settings: PageSettings, cover: str | None,
          interior_pages: int) -> int:
    """Lay out and write the wrap, then print its preflight."""
    from export.pdf.cover import cover_preflight, plan_wrap, write_cover_wrap
    from export.pdf.pdfx import rgb_leftovers
    from export.pdf.preflight import Finding, warnings_only

    pages = args.pages or interior_pages
    paper = paper_name(args.paper or "white")
    wrap = plan_wrap(shown, settings, project.images, pages, paper, cover)
    out = write_cover_wrap(wrap, shown, settings, project.images, Path(args.output), pdfx=args.pdfx)
    width, height = wrap.page.width / 72 + 0.25, wrap.page.height / 72 + 0.25
    print(f"Wrote {out} (cover wrap {width:.3f} × {height:.3f} in: back, {wrap.spine_in:.3f} in spine for {pages} pages "
          f"of {paper} paper, front).")
    findings = cover_preflight(wrap, project.images)
    if args.pdfx:
        findings += [Finding("warning", f"In {out.name}, {what}.") for what in rgb_leftovers(out)] or [
            Finding("ok", f"{out.name} holds CMYK colour only, with nothing transparent.")]
    warnings = warnings_only(findings)
    print(f"Preflight: {len(warnings)} warning{'s' if len(warnings) != 1 else ''}.")
    for finding in findings:
        print(f"  {finding}")
    return 0

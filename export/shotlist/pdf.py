"""The shot list as a PDF: per scene, its heading, then a table of shots with a thumbnail of each picture.

Landscape A4 (or the project's page size turned sideways), the shipped fonts (Latin and Chinese) run by
run, so a Chinese storyboard's shot list reads as well as an English one.
"""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image as FlowImage
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from export.atomic import atomic_path
from export.pdf.writer import register_fonts
from model import fonts
from model.imageload import decode_image
from model.project.project import Project
from model.script.scenes import ShotRow, scenes, shot_rows

THUMB_WIDTH = 46 * mm
THUMB_PIXELS = 320  # enough for 46 mm at about 180 DPI, small enough for 800 shots in one file
HEADERS = ("", "Shot", "Size", "Camera", "Description", "Dialogue", "Sec")
WIDTHS = (THUMB_WIDTH + 4 * mm, 16 * mm, 24 * mm, 26 * mm, 72 * mm, 78 * mm, 13 * mm)


def _markup(text: str, bold: bool = False) -> str:
    """Paragraph markup with each run in the shipped face that has its glyphs; line breaks kept."""
    out = []
    for part_number, part in enumerate(text.split("\n")):
        if part_number:
            out.append("<br/>")
        for face, run in fonts.font_runs(part, bold=bold):
            out.append(f'<font face="{face.name}">{escape(run)}</font>')
    return "".join(out)


def _thumbnail(project: Project, panel_id: str) -> FlowImage | str:
    panel = project.panel(panel_id)
    version = panel.images.selected if panel else None
    if version is None or version.sha256 not in project.images:
        return ""
    picture = decode_image(project.images.get(version.sha256), "A panel's picture")
    picture.thumbnail((THUMB_PIXELS, THUMB_PIXELS))
    data = io.BytesIO()
    picture.convert("RGB").save(data, format="JPEG", quality=80)
    data.seek(0)
    height = THUMB_WIDTH * picture.height / max(1, picture.width)
    return FlowImage(data, width=THUMB_WIDTH, height=height)


def write_shot_list_pdf(project: Project, target: Path) -> Path:
    """Write the project's shot list to `target` (atomically): scene headings, then each scene's shots."""
    register_fonts()
    body = ParagraphStyle("cell", fontName=fonts.LETTERING.name, fontSize=8.5, leading=10.5)
    heading = ParagraphStyle("scene", fontName=fonts.LETTERING_BOLD.name, fontSize=12, leading=15, spaceBefore=6,
                             spaceAfter=3)
    title = ParagraphStyle("title", parent=heading, fontSize=16, leading=20)
    rows = {row.panel_id: row for row in shot_rows(project)}
    story: list = [Paragraph(_markup(project.title or "Shot list", bold=True), title), Spacer(1, 3 * mm)]
    for scene in scenes(project):
        label = f"Scene {scene.number}" + (f" · {scene.heading}" if scene.heading else "")
        table_rows = [[Paragraph(_markup(h, bold=True), body) for h in HEADERS]]
        for panel in scene.panels:
            row: ShotRow = rows[panel.id]
            cells = (row.name, row.size, row.camera, row.description, row.dialogue, f"{row.duration:g}")
            table_rows.append([_thumbnail(project, panel.id)] + [Paragraph(_markup(c), body) for c in cells])
        table = Table(table_rows, colWidths=WIDTHS, repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.92, 0.89)),
        ]))
        story.append(KeepTogether([Paragraph(_markup(label, bold=True), heading), table]))
    with atomic_path(target) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                                topMargin=10 * mm, bottomMargin=10 * mm, title=project.title or "Shot list",
                                author=project.author)
        doc.build(story)
    return target

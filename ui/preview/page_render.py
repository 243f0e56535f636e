"""Drawing one preview page on a worker with export.raster.render, the exporter's own renderer, and the
geometry the preview needs to hit-test balloons (no widgets here)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage

PREVIEW_LONG_SIDE_PX = 1400


def preview_dpi(width_pt: float, height_pt: float) -> int:
    """A DPI that makes the page about PREVIEW_LONG_SIDE_PX on its long side (never above 200)."""
    return max(24, min(200, int(PREVIEW_LONG_SIDE_PX * 72 / max(width_pt, height_pt, 1))))


@dataclass(frozen=True)
class RenderedPage:
    """What a worker hands back: one page's geometry and its pixels."""

    index: int
    count: int
    page: object  # model.page.layout.PageLayout
    layout_name: str
    settings: object  # PageSettings
    image: QImage
    dpi: int
    warnings: tuple[str, ...]


def render_preview(project, page_index: int, panel_id: str | None, empty_note: str = "no picture yet") -> RenderedPage:
    """Lay out the (snapshot) project and draw one page with export.raster.render; runs on a worker.
    `empty_note` is what a frame without a picture says, in the interface language."""
    from export.raster.render import render_page
    from model.page.layout import layout_project

    layout = layout_project(project)
    if panel_id is not None:
        for i, page in enumerate(layout.pages):
            if any(f.panel_id == panel_id for f in page.frames):
                page_index = i
                break
    page_index = max(0, min(page_index, len(layout.pages) - 1))
    page = layout.pages[page_index]
    dpi = preview_dpi(page.width, page.height)
    picture = render_page(page, layout, project.images, dpi=dpi, empty_note=empty_note).convert("RGB")
    data = picture.tobytes("raw", "RGB")
    image = QImage(data, picture.width, picture.height, picture.width * 3, QImage.Format.Format_RGB888).copy()
    return RenderedPage(page_index, len(layout.pages), page, layout.layout, layout.settings, image, dpi,
                        tuple(layout.warnings))

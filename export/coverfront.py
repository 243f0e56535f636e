"""The book's front cover for every output: its picture (the panel chosen, the book's own cover picture or
the first panel's), the colours taken from that picture, and the front laid out alone (the EPUB's cover
image and first page, the CBZ's first page). The printer's wrap around it is `export.pdf.cover`.
"""
from __future__ import annotations

from dataclasses import replace

from PIL import Image

from export.raster.render import cover_crop

from model.geometry import Rect
from model.imageload import decode_image
from model.page.coverwrap import CoverColours, front_cover, title_and_author_areas, trim_size
from model.page.frames import Layout, PanelFrame, selected_image
from model.project.imagestore import ImageStore
from model.project.project import PageSettings, Project

COVER_PANEL_ID = "cover"  # the frame id of the book's own cover picture
PLAIN_COLOUR = (38, 70, 83)  # a cover without a picture's colour to take


def front_picture(project: Project, cover_panel: str | None = None) -> PanelFrame | None:
    """The frame of the front's picture: the panel chosen (`cover_panel`, an id), else the book's own cover
    picture, else the first panel with a picture; None when there is no picture at all."""
    if cover_panel is not None:
        panel = project.panel(cover_panel)
        if panel is not None and selected_image(panel) in project.images:
            return PanelFrame(panel.id, project.panels.index(panel) + 1, Rect(0, 0, 1, 1), selected_image(panel))
    own = project.cover.images.selected
    if own is not None and own.sha256 in project.images:
        return PanelFrame(COVER_PANEL_ID, 0, Rect(0, 0, 1, 1), own.sha256)
    for number, panel in enumerate(project.panels, start=1):
        image = selected_image(panel)
        if image is not None and image in project.images:
            return PanelFrame(panel.id, number, Rect(0, 0, 1, 1), image)
    return None


def cover_colours(project: Project, settings: PageSettings, images: ImageStore, picture: PanelFrame | None) -> CoverColours:
    """The back's and spine's colour (the picture's average, a little deepened) and the picture's colour where
    the title and the author's name go over it (their ink is chosen to read on it)."""
    if picture is None or picture.image is None:
        return CoverColours.plain(PLAIN_COLOUR)
    width, height = trim_size(settings)
    source = decode_image(images.get(picture.image), "The cover picture").convert("RGB")
    source.thumbnail((256, 256))
    x0, y0, x1, y1 = cover_crop(source.width, source.height, width, height)
    scale = (x1 - x0) / width

    def average(area: Rect | None, full: bool = False) -> tuple[int, int, int]:
        box = (x0, y0, x1, y1) if full or area is None else (
            x0 + area.x * scale, y0 + area.y * scale, x0 + area.right * scale, y0 + area.bottom * scale)
        pixel = source.resize((1, 1), Image.Resampling.BOX, box=box).getpixel((0, 0))
        return pixel  # type: ignore[return-value]

    title_area, author_area = title_and_author_areas(project, settings)
    r, g, b = average(None, full=True)
    return CoverColours((round(r * 0.8), round(g * 0.8), round(b * 0.8)), average(title_area), average(author_area))


def front_cover_page(project: Project, settings: PageSettings, images: ImageStore, cover_panel: str | None = None) -> Layout | None:
    """A one-page layout of the front cover alone (the EPUB's and the CBZ's cover), or None without a picture."""
    picture = front_picture(project, cover_panel)
    if picture is None:
        return None
    front = front_cover(project, settings, picture, cover_colours(project, settings, images, picture))
    return Layout("book", settings, project.title, project.author, [front.page])


def with_front_cover(project: Project, layout: Layout, images: ImageStore, cover_panel: str | None = None) -> Layout:
    """`layout` opening with the front cover: a book's own cover page replaced by it, any other layout's pages
    after it (renumbered) when the project has its own cover picture (a comic strip gets no cover unasked).
    Unchanged when there is no picture to put on the front."""
    own = project.cover.images.selected
    if layout.layout != "book" and (own is None or own.sha256 not in images):
        return layout
    front = front_cover_page(project, layout.settings, images, cover_panel)
    if front is None:
        return layout
    rest = layout.pages[1:] if layout.pages and layout.pages[0].cover else layout.pages
    pages = [front.pages[0]] + [replace(page, number=i) for i, page in enumerate(rest, start=2)]
    return replace(layout, pages=pages)

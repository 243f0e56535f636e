"""What a laid-out page is made of: panel frames with their balloons, free text blocks, pages, the layout.

The layouts (`model.page.layout`, `model.page.bookpages`) build these; every exporter and the preview draw them.
`letter_frame` sets a panel's words as balloons inside its frame.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from model.geometry import Point, Rect
from model.page import balloons as balloon_shapes
from model.page.balloons import Balloon
from model.page.lettering import TextLine
from model.shapes.shape import PageShape
from model.pagesize import PT_PER_IN
from model.project.project import PageSettings, Panel, Project

SAFE_IN_BLEED = 0.375 * PT_PER_IN  # printers' safe zone inside the trim when the file has bleed
SAFE_NO_BLEED = 0.25 * PT_PER_IN


@dataclass
class PanelFrame:
    """A panel's picture area on a page and the balloons lettered over it."""

    panel_id: str
    number: int  # 1-based position in the project
    rect: Rect
    image: str | None  # sha256 of the selected image version, None when the panel has no picture yet
    bordered: bool = True
    bleed_edges: tuple[bool, bool, bool, bool] = (False, False, False, False)  # left, top, right, bottom
    balloons: list[Balloon] = field(default_factory=list)
    balloon_area: Rect | None = None  # what stored balloon placements are fractions of (set when lettered)
    polygon: tuple[Point, ...] | None = None  # a slanted frame's outline (rect is then its bounds); None: the rect
    slot: tuple[int, ...] = ()  # the cell of the page's shape it fills (model.shapes.shape), for the Layout mode


@dataclass
class TextBlock:
    """Free text on a page (cover title, a book's text band, storyboard notes)."""

    lines: list[TextLine]
    bold: bool = False
    color: str = "#000000"


@dataclass
class PageLayout:
    number: int  # 1-based
    width: float  # trim size in points
    height: float
    label: str  # the bookmark title
    cover: bool = False  # a book's cover (repeats a panel's picture)
    frames: list[PanelFrame] = field(default_factory=list)
    texts: list[TextBlock] = field(default_factory=list)
    boxes: list[tuple[Rect, str]] = field(default_factory=list)  # filled rectangles under the text (bands)
    template: str = ""  # the page template it was composed from ("" for the project's own grid)
    shape: PageShape | None = None  # the composed page's panel arrangement (grid and vertical layouts)
    shape_key: str = ""  # the id of the panel the page starts with: where an edited shape is kept
    panel_area: Rect | None = None  # the area the shape divides (inside the margins), left to right


@dataclass
class Layout:
    """Every page of a project, ready to draw, with the warnings found while laying it out."""

    layout: str
    settings: PageSettings
    title: str
    author: str
    pages: list[PageLayout]
    warnings: list[str] = field(default_factory=list)


def selected_image(panel: Panel) -> str | None:
    """The hash of the panel's selected image, when the project holds one."""
    version = panel.images.selected
    return version.sha256 if version is not None else None


def speaker_positions(project: Project, panel: Panel) -> dict[str, float]:
    """Each drawn character's x across the panel (0..1), from the order of figures left to right."""
    from model.prompt.continuity import characters_present

    present = characters_present(project, panel)
    n = len(present)
    return {c.name.casefold(): (i + 0.5) / n for i, c in enumerate(present)}


def letter_frame(project: Project, panel: Panel, frame: PanelFrame, settings: PageSettings, warnings: list[str],
                 area: Rect | None = None, start_size: float | None = None) -> None:
    """Lay the panel's words out as balloons inside the frame (or inside `area` when given),
    starting from `start_size` points (default: what suits the panel's size)."""
    inset = max(settings.border_width_pt, 1.0) + 3.0
    target = area or frame.rect.inset(inset)
    figures, detail = _what_the_picture_shows(project, panel, frame.rect)
    speakers = speaker_positions(project, panel)
    for name, rect in figures:  # where the picture has them, not where a default sketch would
        speakers[name.casefold()] = (rect.center[0] - target.x) / max(target.w, 1e-6)
    balloons, problems = balloon_shapes.place_balloons(
        panel.lines, target, speakers, panel.balloons, settings.direction, start_size, figures, detail
    )
    frame.balloons = balloons
    frame.balloon_area = target
    warnings.extend(f"Panel {frame.number}: {p}." for p in problems)


def _what_the_picture_shows(project: Project, panel: Panel, frame: Rect) -> tuple[balloon_shapes.Figures,
                                                                               balloon_shapes.Detail | None]:
    """The characters' boxes on the page (staged, or where the sketch drew them) and, for a picture
    nobody staged from a model or a photo, its detail under a page rectangle."""
    from model.staging.figures import figures_in_picture, on_page, picture_detail, picture_rect

    picture = picture_rect(panel, frame)
    figures = [(f.name, on_page(f, picture)) for f in figures_in_picture(project, panel)]
    found = picture_detail(project, panel)
    if found is None or picture.w <= 0 or picture.h <= 0:
        return figures, None
    detail_map = found

    def detail(r: Rect) -> float:
        return detail_map.mean((r.x - picture.x) / picture.w, (r.y - picture.y) / picture.h,
                               (r.right - picture.x) / picture.w, (r.bottom - picture.y) / picture.h)

    return figures, detail


def safe_zone(page: PageLayout, bleed: bool) -> Rect:
    """The area inside the trim where printers keep text safe from the knife."""
    inset = SAFE_IN_BLEED if bleed else SAFE_NO_BLEED
    return Rect(inset, inset, page.width - 2 * inset, page.height - 2 * inset)

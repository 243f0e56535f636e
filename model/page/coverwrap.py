"""A paperback's cover: the front alone (for e-books and comic readers) and the wrap a printer needs
(back + spine + front on one sheet), as pure geometry in points.

The spine is as wide as the interior is thick: its page count times the paper's thickness per page.
The figures are Amazon KDP's published ones (its paperback cover calculator and cover templates):
white 0.002252 in, cream 0.0025 in and colour (premium colour) 0.002347 in a page. Words go on the
spine only when it is at least `SPINE_TEXT_MIN_IN` wide, which KDP's own rule (spine text only above
79 pages) always satisfies; narrower spines are left plain.

Coordinates are those of every `PageLayout`: origin at the top-left of the trim (the back cover's left
edge), y downwards; the writers add the bleed around it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from model import fonts
from model.errors import BadInputError
from model.geometry import Rect
from model.page import lettering
from model.page.frames import SAFE_IN_BLEED, PageLayout, PanelFrame, TextBlock
from model.page.lettering import TextLine
from model.pagesize import PT_PER_IN, is_auto, parse_page_size
from model.project.project import PageSettings, Project
from model.cjk import has_cjk

# Inches of paper per interior page (KDP's figures; a page is one side of a leaf).
PAPERS: dict[str, float] = {"white": 0.002252, "cream": 0.0025, "colour": 0.002347}
PAPER_ALIASES = {"color": "colour"}
SPINE_TEXT_MIN_IN = 0.25  # narrower spines carry no words (white paper: about 111 pages)
SPINE_CLEARANCE_IN = 0.0625  # spine words keep this far from each fold (KDP)
FOLD_CLEARANCE_IN = 0.125  # the preflight warns about words closer than this to a trim or a fold
BARCODE_IN = (2.0, 1.2)  # the area the platform prints its barcode in, lower right of the back
BARCODE_MARGIN_IN = 0.25  # from the spine fold and the bottom trim
MIN_PAGES, MAX_PAGES = 24, 800  # what the platforms bind as a paperback
BLURB_START_PT, BLURB_MIN_PT = 16.0, 9.0
BOOK_PAGE_DEFAULT = "8.5x8.5in"  # a book's trim when the project's page size is "auto"


def paper_name(name: str) -> str:
    """The canonical paper name, or bad input naming the papers there are."""
    key = PAPER_ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in PAPERS:
        raise BadInputError(f"Unknown paper {name!r}: use one of {', '.join(PAPERS)} "
                            f"({', '.join(f'{k} {v} in a page' for k, v in PAPERS.items())}).")
    return key


def spine_width_in(pages: int, paper: str) -> float:
    """The spine's width in inches for `pages` interior pages on `paper`."""
    return pages * PAPERS[paper_name(paper)]


def trim_size(settings: PageSettings) -> tuple[float, float]:
    """A book page's trim (width, height) in points: the page size, or 8.5 x 8.5 in when it is "auto"."""
    size = settings.page_size if not is_auto(settings.page_size) else BOOK_PAGE_DEFAULT
    return parse_page_size(size, settings.dpi)


def ink_on(colour: tuple[int, int, int]) -> str:
    """Black or white, whichever reads better on `colour`."""
    r, g, b = colour
    return "#000000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 150 else "#ffffff"


def _hex(colour: tuple[int, int, int]) -> str:
    return "#%02x%02x%02x" % colour


@dataclass(frozen=True)
class CoverColours:
    """The back's and spine's colour, and the ink of the words over the front picture's top and bottom."""

    background: tuple[int, int, int]
    top: tuple[int, int, int]  # the picture's average colour where the title goes
    bottom: tuple[int, int, int]  # and where the author's name goes

    @classmethod
    def plain(cls, colour: tuple[int, int, int]) -> CoverColours:
        return cls(colour, colour, colour)


@dataclass
class FrontCover:
    """The front: the picture over the whole front (bleeding off its outer edges), the title typeset over
    its top and the author's name over its bottom, each in black or white, whichever reads on the picture there."""

    page: PageLayout
    picture: PanelFrame | None
    title_area: Rect  # where the title is set: the part of the picture whose colour decides its ink
    author_area: Rect | None


@dataclass
class CoverWrap:
    """Back + spine + front on one sheet, with what the preflight needs to check it."""

    page: PageLayout  # the whole sheet at trim (width 2 x trim width + spine)
    trim_width: float
    trim_height: float
    spine: float  # points
    pages: int
    paper: str
    back: Rect
    spine_rect: Rect
    front: Rect
    barcode: Rect
    colours: CoverColours
    # The spine's words: Latin text set along the spine in its own frame (length x width), drawn turned to read
    # top to bottom; CJK text (`spine_turned` False) set upright, one character under the next, on the sheet.
    spine_lines: list[TextLine] = field(default_factory=list)
    spine_turned: bool = True
    blurb_lines: list[TextLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def spine_in(self) -> float:
        return self.spine / PT_PER_IN

    @property
    def spine_has_words(self) -> bool:
        return bool(self.spine_lines)

    def folds(self) -> tuple[float, float]:
        """The x of the two spine folds."""
        return (self.spine_rect.x, self.spine_rect.right)


def front_cover(project: Project, settings: PageSettings, picture: PanelFrame | None, colours: CoverColours,
                x: float = 0.0, page: PageLayout | None = None) -> FrontCover:
    """Lay the front cover out at `x` on `page` (a new trim-sized page when None).

    `picture` is the frame of the cover picture (its rect is replaced to fill the front); the title and the
    author's name are set over it in the ink that reads on `colours.top` and `colours.bottom`.
    """
    width, height = trim_size(settings)
    if page is None:
        page = PageLayout(1, width, height, "Cover", cover=True)
    safe = Rect(x + SAFE_IN_BLEED, SAFE_IN_BLEED, width - 2 * SAFE_IN_BLEED, height - 2 * SAFE_IN_BLEED)
    title = project.title.strip() or "Untitled"
    title_size = max(14.0, min(44.0, width * 0.065))
    title_lines = lettering.wrap(title, safe.w, title_size, bold=True)[:3]
    title_area = Rect(safe.x, safe.y, safe.w, len(title_lines) * title_size * lettering.LEADING)
    author = project.author.strip()
    author_size = title_size * 0.5
    author_lines = lettering.wrap(author, safe.w, author_size)[:2] if author else []
    author_h = len(author_lines) * author_size * lettering.LEADING
    author_area = Rect(safe.x, safe.bottom - author_h, safe.w, author_h) if author else None
    if picture is not None:
        picture.rect = Rect(x, 0, width, height)
        picture.bordered = False
        picture.bleed_edges = (x <= 0.01, True, x + width >= page.width - 0.01, True)  # the spine side does not bleed
        page.frames.append(picture)
    page.texts.append(TextBlock(lettering.set_lines(title_lines, title_size, title_area, bold=True), bold=True,
                                color=ink_on(colours.top)))
    if author_area is not None:
        page.texts.append(TextBlock(lettering.set_lines(author_lines, author_size, author_area), color=ink_on(colours.bottom)))
    return FrontCover(page, picture, title_area, author_area)


def title_and_author_areas(project: Project, settings: PageSettings) -> tuple[Rect, Rect | None]:
    """Where the front's title and author's name go, on a trim-sized front at x = 0 (to sample the picture there)."""
    front = front_cover(project, settings, None, CoverColours.plain((255, 255, 255)))
    return front.title_area, front.author_area


def cover_wrap(project: Project, settings: PageSettings, picture: PanelFrame | None, colours: CoverColours,
               pages: int, paper: str) -> CoverWrap:
    """The whole wrap for an interior of `pages` pages on `paper`: back (blurb, barcode area kept clear),
    spine (title and author when it is wide enough) and front (see `front_cover`)."""
    paper = paper_name(paper)
    if pages < 1:
        raise BadInputError(f"--pages {pages}: a book has at least one page.")
    trim_w, trim_h = trim_size(settings)
    spine = spine_width_in(pages, paper) * PT_PER_IN
    sheet = PageLayout(1, 2 * trim_w + spine, trim_h, "Cover", cover=True)
    back, spine_rect = Rect(0, 0, trim_w, trim_h), Rect(trim_w, 0, spine, trim_h)
    front = Rect(trim_w + spine, 0, trim_w, trim_h)
    sheet.boxes.append((Rect(-20, -20, trim_w + spine + 20, trim_h + 40), _hex(colours.background)))  # into the bleed
    front_cover(project, settings, picture, colours, front.x, sheet)
    bw, bh = BARCODE_IN[0] * PT_PER_IN, BARCODE_IN[1] * PT_PER_IN
    margin = BARCODE_MARGIN_IN * PT_PER_IN
    barcode = Rect(back.right - margin - bw, trim_h - margin - bh, bw, bh)
    wrap = CoverWrap(sheet, trim_w, trim_h, spine, pages, paper, back, spine_rect, front, barcode, colours)
    ink = ink_on(colours.background)
    wrap.blurb_lines = _blurb(project.cover.blurb, back, barcode, wrap.warnings)
    if wrap.blurb_lines:
        sheet.texts.append(TextBlock(wrap.blurb_lines, color=ink))
    if wrap.spine_in >= SPINE_TEXT_MIN_IN:
        if has_cjk(project.title + project.author):  # Chinese and Japanese spines stack their characters upright
            wrap.spine_lines, wrap.spine_turned = _upright_spine_words(project, spine_rect), False
        else:
            wrap.spine_lines = _spine_words(project, spine, trim_h)
    if not MIN_PAGES <= pages <= MAX_PAGES:
        wrap.warnings.append(f"A paperback of {pages} pages is one the platforms refuse: they bind {MIN_PAGES} to {MAX_PAGES} "
                             "pages; the cover is written all the same.")
    return wrap


def _blurb(text: str, back: Rect, barcode: Rect, warnings: list[str]) -> list[TextLine]:
    """The blurb set in the back's safe area above the barcode, shrinking to BLURB_MIN_PT; what does not fit
    even then is left off with a warning."""
    text = text.strip()
    if not text:
        return []
    inset = 0.5 * PT_PER_IN
    box = Rect(back.x + inset, inset, back.w - 2 * inset, barcode.y - 0.25 * PT_PER_IN - inset)
    size = BLURB_START_PT
    while True:
        lines = _paragraph_lines(text, box.w, size)
        if len(lines) * size * lettering.LEADING <= box.h or size <= BLURB_MIN_PT:
            break
        size = max(BLURB_MIN_PT, size - 0.5)
    fit = max(0, int(box.h // (size * lettering.LEADING)))
    if len(lines) > fit:
        warnings.append(f"The blurb is longer than the back cover holds: {len(lines)} lines at {size:g} pt where {fit} fit; "
                        f"the last {len(lines) - fit} are left off, so shorten the Blurb: text.")
        lines = lines[:fit]
    while lines and not lines[-1]:
        lines.pop()
    top = Rect(box.x, box.y, box.w, len(lines) * size * lettering.LEADING)
    return [ln for ln in lettering.set_lines(lines, size, top, align="left") if ln.text]


def _paragraph_lines(text: str, width: float, size: float) -> list[str]:
    """Wrapped lines with an empty line between paragraphs."""
    out: list[str] = []
    for paragraph in filter(None, (p.strip() for p in text.split("\n"))):
        if out:
            out.append("")
        out += lettering.wrap(paragraph, width, size)
    return out


def _spine_words(project: Project, spine: float, length: float) -> list[TextLine]:
    """Title and author on one line along the spine, in a frame `length` long and `spine` high (before turning)."""
    clear = SPINE_CLEARANCE_IN * PT_PER_IN
    box = Rect(0.5 * PT_PER_IN, clear, length - PT_PER_IN, spine - 2 * clear)
    words = "   ·   ".join(filter(None, [project.title.strip() or "Untitled", project.author.strip()]))
    size = min(14.0, box.h / (fonts.ascent(1) + fonts.descent(1)) * 0.9)
    while size > 5 and fonts.text_width(words, size, True) > box.w:
        size -= 0.25
    return lettering.set_lines([words], size, box, bold=True)


def _upright_spine_words(project: Project, spine_rect: Rect) -> list[TextLine]:
    """Title, a gap, then the author, one upright character under the next down the middle of the spine."""
    clear = SPINE_CLEARANCE_IN * PT_PER_IN
    title = [ch for ch in (project.title.strip() or "无题") if not ch.isspace()]
    author = [ch for ch in project.author.strip() if not ch.isspace()]
    chars = title + ([""] + author if author else [])
    length = spine_rect.h - PT_PER_IN
    size = min(14.0, (spine_rect.w - 2 * clear) * 0.9, length / max(1, len(chars)) / 1.1)
    pitch = size * 1.1
    top = 0.5 * PT_PER_IN
    lines: list[TextLine] = []
    for i, ch in enumerate(chars):
        if ch:
            box = Rect(spine_rect.x + clear, top + i * pitch, spine_rect.w - 2 * clear, pitch)
            lines += lettering.set_lines([ch], size, box, bold=True)
    return lines

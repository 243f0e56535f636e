"""The Panelsmith domain: a project of characters, settings and panels, and their image versions.

Pure Python, no Qt. Everything the app, the command line and the exporters share lives here as
plain dataclasses; behaviour that needs more than a few lines lives in its own module
(`script` parses, `prompt` composes, `reconcile` re-parses onto a project, `projectfile` stores).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal, NamedTuple

from model.shapes.shape import PageShape
from model.project.imagestore import ImageStore

LineKind = Literal["speech", "thought", "whisper", "shout", "caption", "sfx"]
LINE_KINDS: tuple[str, ...] = ("speech", "thought", "whisper", "shout", "caption", "sfx")

LayoutName = Literal["strip", "grid", "vertical", "book", "storyboard"]
LAYOUTS: tuple[str, ...] = ("strip", "grid", "vertical", "book", "storyboard")

# Canonical shot names; the script also accepts their Chinese equivalents (see model.script.panelscript).
SHOTS: tuple[str, ...] = (
    "extreme wide",
    "wide",
    "medium",
    "close-up",
    "extreme close-up",
    "over-the-shoulder",
    "bird's-eye",
    "low angle",
)

PanelStatus = Literal["missing", "ready", "stale", "failed"]


def new_id() -> str:
    """A fresh stable identifier for a panel or an image version."""
    return uuid.uuid4().hex


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class ImageVersion:
    """One image received or imported for a panel or a character sheet. Never overwritten."""

    sha256: str  # content hash of the PNG bytes kept in the project's ImageStore
    width: int
    height: int
    prompt: str  # the panel prompt this image was made for (staleness compares against it)
    backend: str  # "offline", "openai", "import"
    model: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)  # size, quality, references, instruction …
    created: str = field(default_factory=now_iso)
    parent: str | None = None  # id of the version this one was refined from
    id: str = field(default_factory=new_id)
    cost_usd: float | None = None  # estimated cost of the request that produced it


@dataclass
class VersionedImages:
    """A history of image versions with one selected; new versions are appended, never replaced."""

    versions: list[ImageVersion] = field(default_factory=list)
    selected_id: str | None = None

    @property
    def selected(self) -> ImageVersion | None:
        for v in self.versions:
            if v.id == self.selected_id:
                return v
        return self.versions[-1] if self.versions else None

    def add(self, version: ImageVersion, select: bool = True) -> None:
        self.versions.append(version)
        if select:
            self.selected_id = version.id

    def find(self, version_id: str) -> ImageVersion | None:
        return next((v for v in self.versions if v.id == version_id), None)


@dataclass
class Character:
    name: str
    description: str = ""
    sheet: VersionedImages = field(default_factory=VersionedImages)  # reference sheets
    error: str | None = None  # why the last reference sheet failed, in one sentence; None once one succeeds


@dataclass
class Setting:
    name: str
    description: str = ""


@dataclass(frozen=True)
class Line:
    """A word the reader sees: a balloon, a caption or a sound effect. Never sent to the image model."""

    kind: str  # one of LINE_KINDS
    text: str
    speaker: str | None = None  # None for captions and SFX


@dataclass(frozen=True)
class DetailChange:
    """`+NAME: detail` (added=True) or `-NAME: detail` (added=False), from this panel on."""

    character: str
    detail: str
    added: bool = True


@dataclass
class BalloonPlacement:
    """A user's placement of one balloon, in panel-relative coordinates (0..1 across and down)."""

    x: float  # centre of the balloon
    y: float
    tail_x: float | None = None  # tip of the tail
    tail_y: float | None = None


DEPTHS: tuple[str, ...] = ("far", "middle", "near")  # a staged box's depth, back to front


@dataclass(frozen=True)
class StagedBox:
    """Where one character (or a named prop) stands in a panel's picture: a box in fractions of the
    picture (0..1 across and down, top-left origin) and how near the camera it is (one of DEPTHS)."""

    name: str
    x: float
    y: float
    w: float
    h: float
    depth: str = "middle"
    prop: bool = False  # a thing the action names (a car, a counter), not a character


@dataclass
class Panel:
    id: str = field(default_factory=new_id)
    shot: str | None = None  # one of SHOTS
    setting: str | None = None  # the name after `@`, as written; None continues the previous panel's
    action: str = ""
    lines: list[Line] = field(default_factory=list)
    details: list[DetailChange] = field(default_factory=list)
    images: VersionedImages = field(default_factory=VersionedImages)
    balloons: dict[int, BalloonPlacement] = field(default_factory=dict)  # by index into `lines`
    error: str | None = None  # the last failure, one sentence; cleared by a success
    source_line: int = 0  # 1-based line of the panel header in the script (for diagnostics)
    duration: float | None = None  # seconds an animatic holds it (`Duration:`); None: from its words (model.script.timing)
    style: str = ""  # a `Style:` line inside the panel: this panel's style instead of the project's
    page_break: bool = False  # a page starts at this panel (`Page break` / `换页`, or a `Page layout:` before it)
    page_layout: str = ""  # the template named for the page starting here (`Page layout: splash`), as written
    staging: list[StagedBox] = field(default_factory=list)  # where its characters stand (model.staging)
    scene: str = ""  # the heading of the scene it belongs to (`Scene: INT. KITCHEN - NIGHT`); "" for none
    shot_name: str = ""  # the user's or the import's shot name ("4A"); "" is named from its place (model.script.scenes)
    camera: str = ""  # the camera move (`Camera: slow push in`); "" for a still camera
    notes: str = ""  # production notes (transitions, screenplay notes): never lettered, never in a prompt


@dataclass
class Cover:
    """A book's cover: its own picture (drawn from the script's `Cover:` block) and the back's `Blurb:`.

    The front shows the title and author over the picture; without a `Cover:` block (or a picture of
    it) the front uses a panel's picture instead. Only the words come from the script; the pictures stay.
    """

    description: str = ""  # what the front picture shows (`Cover:` / `封面：`)
    blurb: str = ""  # the back cover's text (`Blurb:` / `封底文字：`); paragraphs separated by "\n"
    images: VersionedImages = field(default_factory=VersionedImages)
    error: str | None = None  # why the last cover picture failed, in one sentence


@dataclass
class PageSettings:
    """How panels are laid out on pages; read by the layout engine and every renderer."""

    page_size: str = "A4"  # a named size or "W x H unit", see model.page.layout
    margin_mm: float = 10.0
    padding_mm: float = 6.0  # outer padding around the panels
    gutter_mm: float = 5.0
    border_width_pt: float = 2.0
    border_color: str = "#000000"
    corner_radius_mm: float = 0.0
    background: str = "#ffffff"
    direction: Literal["ltr", "rtl"] = "ltr"
    dpi: int = 300
    grid_rows: int = 2
    grid_columns: int = 2
    book_text: Literal["band", "over"] = "band"  # picture-book words in a text band or over the art
    bleed: bool = False  # print files get 0.125 in of bleed past the trim on every side


# An edition's data (the functions that make and apply editions live in model.project.editions).
class LineKey(NamedTuple):
    """Which original words a translation belongs to.

    Keyed by content inside a panel, not by position: a line inserted above another must not hand it a
    neighbour's translation (panel id + line index would), and panel ids already survive re-parsing and
    reordering (model.script.reconcile). Kind and speaker are in the key because the same words shouted by one
    person and whispered by another may translate differently. Editing a line's words makes it
    untranslated, which is right: the old translation no longer says what the line says. Two identical
    lines in one panel share their translation. The title is the key with panel "" and kind "title".
    """

    panel: str  # the panel id, "" for the title
    kind: str  # a LINE_KIND, "title" or "name"
    speaker: str  # "" when nobody speaks
    source: str  # the original words


@dataclass
class Translation:
    text: str
    hand_edited: bool = False  # corrected by a person: a machine translation never replaces it without --force


@dataclass
class Edition:
    """One language's words for a project."""

    language: str  # a language code: "zh", "en", "ja", "es", "pt-BR" …
    lines: dict[LineKey, Translation] = field(default_factory=dict)
    source_language: str = ""  # the original's language, as the translation saw it
    model: str | None = None  # the text model that translated it last
    updated: str = field(default_factory=now_iso)


@dataclass
class Project:
    title: str = ""
    author: str = ""
    style: str = ""
    layout: str = "strip"
    characters: list[Character] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    page: PageSettings = field(default_factory=PageSettings)
    script: str = ""  # the script text the panels came from
    images: ImageStore = field(default=None)  # type: ignore[assignment]
    editions: dict[str, Edition] = field(default_factory=dict)  # translations by language code (model.project.editions)
    cover: Cover = field(default_factory=Cover)  # the book's own cover picture and back-cover blurb
    # Pages shaped in the Layout mode, by the id of the panel each page starts with (model.shapes.shape).
    page_shapes: dict[str, PageShape] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.images is None:
            self.images = ImageStore()

    def character(self, name: str) -> Character | None:
        key = name.casefold()
        return next((c for c in self.characters if c.name.casefold() == key), None)

    def setting_named(self, name: str) -> Setting | None:
        key = name.casefold()
        return next((s for s in self.settings if s.name.casefold() == key), None)

    def panel(self, panel_id: str) -> Panel | None:
        return next((p for p in self.panels if p.id == panel_id), None)


def starts_page(panel: Panel, index: int) -> bool:
    """True when the panel opens a page: the first panel, a `Page break` before it, or a `Page layout:` line."""
    return index == 0 or panel.page_break or bool(panel.page_layout.strip())

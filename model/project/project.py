"""The Panelsmith domain: a project of characters, settings and panels, and their image versions.

Pure Python, no Qt. Everything the app, the command line and the exporters share lives here as
plain dataclasses; behaviour that needs more than a few lines lives in its own module
(`script` parses, `prompt` composes, `reconcile` re-parses onto a project, `projectfile` stores).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

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
    scene: str = ""  # the heading of the scene it belongs to (`Scene: INT. KITCHEN - NIGHT`); "" for none
    shot_name: str = ""  # the user's or the import's shot name ("4A"); "" is named from its place (model.project.scenes)
    camera: str = ""  # the camera move (`Camera: slow push in`); "" for a still camera
    notes: str = ""  # production notes (transitions, screenplay notes): never lettered, never in a prompt


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
    images: "ImageStore" = field(default=None)  # type: ignore[assignment]
    editions: dict[str, "Edition"] = field(default_factory=dict)  # translations by language code (model.project.editions)

    def __post_init__(self) -> None:
        if self.images is None:
            from model.project.imagestore import ImageStore

            self.images = ImageStore()

    def character(self, name: str) -> Character | None:
        key = name.casefold()
        return next((c for c in self.characters if c.name.casefold() == key), None)

    def setting_named(self, name: str) -> Setting | None:
        key = name.casefold()
        return next((s for s in self.settings if s.name.casefold() == key), None)

    def panel(self, panel_id: str) -> Panel | None:
        return next((p for p in self.panels if p.id == panel_id), None)


from model.project.imagestore import ImageStore  # noqa: E402  (for type checkers; cycle-free at runtime)

if TYPE_CHECKING:
    from model.project.editions import Edition

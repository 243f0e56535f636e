"""The `project.json` document inside a `.panels` file: its schema and conversion.

`model.fileformat.projectfile` is the only caller; this module turns a `Project` into a plain JSON document and
back, validating every field with pydantic so a hand-edited or damaged file fails with one sentence. Older
documents are first brought up to date by `model.fileformat.migrations`.
"""
from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from model.project.editions import Edition, LineKey, Translation, current_lines
from model.errors import ProjectFileError
from model.fileformat.migrations import SCHEMA_VERSION, migrate
from model.shapes.shape import check_shape, shape_from_dict, shape_to_dict
from model.project.project import (
    LAYOUTS,
    LINE_KINDS,
    SHOTS,
    DEPTHS,
    BalloonPlacement,
    Character,
    Cover,
    DetailChange,
    ImageVersion,
    Line,
    PageSettings,
    Panel,
    Project,
    Setting,
    StagedBox,
    VersionedImages,
)

SHA256_PATTERN = r"^[0-9a-f]{64}$"
MAX_SIDE_PX = 1_000_000  # an image side no real picture reaches (pixel counts are capped when images are read)
PLACEMENT_REACH = 100.0  # how far outside its panel a balloon placement may claim to be


class _Strict(BaseModel):
    # Unknown keys are refused: a same-version document with extra fields is damaged, not newer.
    # NaN and infinity are not numbers a project can hold (a cost, a position): refuse them at load.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class VersionDoc(_Strict):
    sha256: str = Field(pattern=SHA256_PATTERN)
    width: int = Field(gt=0, le=MAX_SIDE_PX)
    height: int = Field(gt=0, le=MAX_SIDE_PX)
    prompt: str
    backend: str
    model: str | None = None
    parameters: dict[str, Any] = {}
    created: str
    parent: str | None = None
    id: str = Field(min_length=1)
    cost_usd: float | None = Field(default=None, ge=0, le=1_000_000)


class ImagesDoc(_Strict):
    versions: list[VersionDoc] = []
    selected_id: str | None = None


class CharacterDoc(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    sheet: ImagesDoc = ImagesDoc()
    error: str | None = None


class SettingDoc(_Strict):
    name: str = Field(min_length=1)
    description: str = ""


class LineDoc(_Strict):
    kind: str
    text: str
    speaker: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in LINE_KINDS:
            raise ValueError(f"must be one of {', '.join(LINE_KINDS)}")
        return kind


class DetailDoc(_Strict):
    character: str
    detail: str
    added: bool = True


class BalloonDoc(_Strict):
    line: int = Field(ge=0)
    # Fractions of the panel's balloon area; a drag may leave it a little, never by this much.
    x: float = Field(ge=-PLACEMENT_REACH, le=PLACEMENT_REACH)
    y: float = Field(ge=-PLACEMENT_REACH, le=PLACEMENT_REACH)
    tail_x: float | None = Field(default=None, ge=-PLACEMENT_REACH, le=PLACEMENT_REACH)
    tail_y: float | None = Field(default=None, ge=-PLACEMENT_REACH, le=PLACEMENT_REACH)


class StagedBoxDoc(_Strict):
    name: str = Field(min_length=1)
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)
    depth: str = "middle"
    prop: bool = False

    @field_validator("depth")
    @classmethod
    def _known_depth(cls, depth: str) -> str:
        if depth not in DEPTHS:
            raise ValueError(f"must be one of {', '.join(DEPTHS)}")
        return depth


class PanelDoc(_Strict):
    id: str = Field(min_length=1)
    shot: str | None = None
    setting: str | None = None
    action: str = ""
    lines: list[LineDoc] = []
    details: list[DetailDoc] = []
    images: ImagesDoc = ImagesDoc()
    balloons: list[BalloonDoc] = []
    error: str | None = None
    source_line: int = Field(default=0, ge=0, le=1_000_000_000)
    duration: float | None = Field(default=None, gt=0, le=600)
    style: str = ""
    page_break: bool = False
    page_layout: str = ""
    staging: list[StagedBoxDoc] = []
    scene: str = ""
    shot_name: str = Field(default="", max_length=40)
    camera: str = ""
    notes: str = ""

    @field_validator("shot")
    @classmethod
    def _known_shot(cls, shot: str | None) -> str | None:
        if shot is not None and shot not in SHOTS:
            raise ValueError(f"must be one of {', '.join(SHOTS)}")
        return shot


class PageDoc(_Strict):
    # The ranges the page settings dialog, the `Page:` line and `export` accept: nothing else writes them.
    page_size: str = Field(default="A4", max_length=64)
    margin_mm: float = Field(default=10.0, ge=0, le=100)
    padding_mm: float = Field(default=6.0, ge=0, le=100)
    gutter_mm: float = Field(default=5.0, ge=0, le=100)
    border_width_pt: float = Field(default=2.0, ge=0, le=20)
    border_color: str = Field(default="#000000", max_length=64)
    corner_radius_mm: float = Field(default=0.0, ge=0, le=30)
    background: str = Field(default="#ffffff", max_length=64)
    direction: Literal["ltr", "rtl"] = "ltr"
    dpi: int = Field(default=300, ge=36, le=1200)
    grid_rows: int = Field(default=2, ge=1, le=8)
    grid_columns: int = Field(default=2, ge=1, le=8)
    book_text: Literal["band", "over"] = "band"
    bleed: bool = False


class CellDoc(_Strict):
    bordered: bool = True
    bleed: bool = False
    text: bool = False


class SplitDoc(_Strict):
    axis: Literal["rows", "columns"]
    at: list[float]
    slant: float = Field(default=0.0, gt=-45, lt=45)
    children: list["NodeDoc"] = Field(min_length=2, max_length=24)


class NodeDoc(_Strict):
    cell: CellDoc | None = None
    split: SplitDoc | None = None


SplitDoc.model_rebuild()


class InsetDoc(_Strict):
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)
    bordered: bool = True


class PageShapeDoc(_Strict):
    panel: str = Field(min_length=1)  # the id of the panel the page starts with
    template: str = ""
    root: NodeDoc
    insets: list[InsetDoc] = []


class TranslationDoc(_Strict):
    panel: str  # "" for the title
    kind: str
    speaker: str = ""
    source: str
    text: str
    hand_edited: bool = False

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in LINE_KINDS + ("title", "name"):
            raise ValueError(f"must be one of {', '.join(LINE_KINDS)}, title or name")
        return kind


class EditionDoc(_Strict):
    language: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")
    source_language: str = ""
    model: str | None = None
    updated: str = ""
    lines: list[TranslationDoc] = []


class CoverDoc(_Strict):
    description: str = ""
    blurb: str = ""
    images: ImagesDoc = ImagesDoc()
    error: str | None = None


class ProjectDoc(_Strict):
    schema_version: int
    title: str = ""
    author: str = ""
    style: str = ""
    layout: str = "strip"
    characters: list[CharacterDoc] = []
    settings: list[SettingDoc] = []
    panels: list[PanelDoc] = []
    page: PageDoc = PageDoc()
    editions: list[EditionDoc] = []
    cover: CoverDoc = CoverDoc()
    page_shapes: list[PageShapeDoc] = []

    @field_validator("layout")
    @classmethod
    def _known_layout(cls, layout: str) -> str:
        if layout not in LAYOUTS:
            raise ValueError(f"must be one of {', '.join(LAYOUTS)}")
        return layout


# --- conversion --------------------------------------------------------------------------------


def _images_doc(images: VersionedImages) -> dict[str, Any]:
    return {"versions": [asdict(v) for v in images.versions], "selected_id": images.selected_id}


def project_to_document(project: Project) -> dict[str, Any]:
    """The JSON document for a project (without its images or script text, which are zip entries)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": project.title,
        "author": project.author,
        "style": project.style,
        "layout": project.layout,
        "characters": [
            {"name": c.name, "description": c.description, "sheet": _images_doc(c.sheet), "error": c.error}
            for c in project.characters
        ],
        "settings": [asdict(s) for s in project.settings],
        "panels": [
            {
                "id": p.id,
                "shot": p.shot,
                "setting": p.setting,
                "action": p.action,
                "lines": [asdict(line) for line in p.lines],
                "details": [asdict(d) for d in p.details],
                "images": _images_doc(p.images),
                "balloons": [{"line": i, **asdict(b)} for i, b in sorted(p.balloons.items())],
                "error": p.error,
                "source_line": p.source_line,
                "duration": p.duration,
                "style": p.style,
                "page_break": p.page_break,
                "page_layout": p.page_layout,
                "staging": [asdict(b) for b in p.staging],
                "scene": p.scene,
                "shot_name": p.shot_name,
                "camera": p.camera,
                "notes": p.notes,
            }
            for p in project.panels
        ],
        "page": asdict(project.page),
        "editions": [_edition_doc(project, project.editions[code]) for code in sorted(project.editions)],
        "cover": {"description": project.cover.description, "blurb": project.cover.blurb,
                  "images": _images_doc(project.cover.images), "error": project.cover.error},
        # Only pages that still start at one of the panels: a shape left behind by a deleted panel is not kept.
        "page_shapes": [{"panel": key, **shape_to_dict(shape)} for key, shape in project.page_shapes.items()
                        if project.panel(key) is not None],
    }


def _edition_doc(project: Project, edition: Edition) -> dict[str, Any]:
    return {
        "language": edition.language, "source_language": edition.source_language, "model": edition.model,
        "updated": edition.updated,
        "lines": [{**key._asdict(), "text": t.text, "hand_edited": t.hand_edited}
                  for key, t in current_lines(project, edition).items()],
    }


def _edition(doc: EditionDoc) -> Edition:
    lines = {LineKey(t.panel, t.kind, t.speaker, t.source): Translation(t.text, t.hand_edited) for t in doc.lines}
    return Edition(doc.language, lines, doc.source_language, doc.model, doc.updated)


def _where(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")  # people count panels from 1
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "the document"


def validate_document(doc: Any) -> ProjectDoc:
    """A validated document, or a ProjectFileError naming the first wrong field."""
    if not isinstance(doc, dict):
        raise ProjectFileError("project.json does not hold a Panelsmith project (it is not a JSON object).")
    doc = migrate(doc)
    try:
        parsed = ProjectDoc.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ").rstrip(".")
        raise ProjectFileError(f"project.json is damaged at {_where(first['loc'])}: {message}.") from None
    _check_references(parsed)
    return parsed


def _check_images(images: ImagesDoc, where: str) -> None:
    ids = [v.id for v in images.versions]
    if len(set(ids)) != len(ids):
        raise ProjectFileError(f"project.json is damaged: {where} has two image versions with the same id.")
    if images.selected_id is not None and images.selected_id not in ids:
        raise ProjectFileError(f"project.json is damaged: {where} selects an image version it does not have.")
    parents = {v.id: v.parent for v in images.versions}
    for start in ids:
        seen, current = set(), start
        while current in parents and current not in seen:  # a parent may be gone (its image was missing)
            seen.add(current)
            current = parents[current]
        if current in seen:
            raise ProjectFileError(f"project.json is damaged: {where} has an image version refined (directly or not) from itself.")


def _check_references(doc: ProjectDoc) -> None:
    panel_ids = [p.id for p in doc.panels]
    if len(set(panel_ids)) != len(panel_ids):
        raise ProjectFileError("project.json is damaged: two panels have the same id.")
    for number, panel in enumerate(doc.panels, start=1):
        _check_images(panel.images, f"panel {number}")
        names = [b.name.casefold() for b in panel.staging]
        if len(set(names)) != len(names):
            raise ProjectFileError(f"project.json is damaged: panel {number} stages one name twice.")
        if any(b.x + b.w > 1.0001 or b.y + b.h > 1.0001 for b in panel.staging):
            raise ProjectFileError(f"project.json is damaged: panel {number} stages a box outside its picture.")
        for balloon in panel.balloons:
            if balloon.line >= len(panel.lines):
                raise ProjectFileError(
                    f"project.json is damaged: panel {number} places a balloon for line {balloon.line + 1}, "
                    f"but it has {len(panel.lines)} lines."
                )
    for character in doc.characters:
        _check_images(character.sheet, f"the sheet of {character.name}")
    _check_images(doc.cover.images, "the cover")
    for shape in doc.page_shapes:
        if shape.panel not in panel_ids:
            raise ProjectFileError("project.json is damaged: a page shape starts at a panel the project does not have.")
        try:
            problem = check_shape(shape_from_dict(shape.model_dump(exclude={"panel"})))
        except (KeyError, TypeError):
            problem = "a node must be a cell or a split"
        if problem is not None:
            raise ProjectFileError(f"project.json is damaged: a page shape is not possible ({problem}).")
    languages = [e.language for e in doc.editions]
    if len(set(languages)) != len(languages):
        raise ProjectFileError("project.json is damaged: two editions have the same language.")


def _versions(images: ImagesDoc) -> VersionedImages:
    return VersionedImages(
        versions=[ImageVersion(**v.model_dump()) for v in images.versions], selected_id=images.selected_id
    )


def document_to_project(doc: ProjectDoc, script: str) -> Project:
    """The dataclasses for a validated document; images are registered separately by the caller."""
    page_fields = {f.name for f in fields(PageSettings)}
    return Project(
        title=doc.title,
        author=doc.author,
        style=doc.style,
        layout=doc.layout,
        characters=[Character(c.name, c.description, _versions(c.sheet), c.error) for c in doc.characters],
        settings=[Setting(s.name, s.description) for s in doc.settings],
        panels=[
            Panel(
                id=p.id,
                shot=p.shot,
                setting=p.setting,
                action=p.action,
                lines=[Line(kind=line.kind, text=line.text, speaker=line.speaker) for line in p.lines],
                details=[DetailChange(d.character, d.detail, d.added) for d in p.details],
                images=_versions(p.images),
                balloons={
                    b.line: BalloonPlacement(b.x, b.y, b.tail_x, b.tail_y) for b in p.balloons
                },
                error=p.error,
                source_line=p.source_line,
                duration=p.duration,
                style=p.style,
                page_break=p.page_break,
                page_layout=p.page_layout,
                staging=[StagedBox(**b.model_dump()) for b in p.staging],
                scene=p.scene,
                shot_name=p.shot_name,
                camera=p.camera,
                notes=p.notes,
            )
            for p in doc.panels
        ],
        page=PageSettings(**{k: v for k, v in doc.page.model_dump().items() if k in page_fields}),
        script=script,
        editions={e.language: _edition(e) for e in doc.editions},
        cover=Cover(doc.cover.description, doc.cover.blurb, _versions(doc.cover.images), doc.cover.error),
        page_shapes={s.panel: shape_from_dict(s.model_dump(exclude={"panel"})) for s in doc.page_shapes},
    )

"""Where the characters are in a panel's picture, as lettering sees it.

Best first: the panel's staging; else the figures the offline sketch recorded drawing (on the selected
version); else, for a picture from a model or a photo, nothing but its detail map (`model.staging.calm`),
which tells calm areas from busy ones. Positions are fractions of the picture; `on_page` maps them onto
the frame the picture fills (cropped to the frame's shape as every renderer crops it).
"""
from __future__ import annotations

from dataclasses import dataclass

from model.geometry import Rect
from model.project.project import Panel, Project
from model.prompt.continuity import staged_boxes
from model.staging.calm import DetailMap, detail_map_for


@dataclass(frozen=True)
class PictureFigure:
    """A character's box in the picture (fractions), and whether a person placed it (staged)."""

    name: str
    x: float
    y: float
    w: float
    h: float
    staged: bool = True


def figures_in_picture(project: Project, panel: Panel) -> list[PictureFigure]:
    """The panel's characters' boxes: staged ones, else the ones the offline sketch recorded drawing."""
    staged = [b for b in staged_boxes(project, panel) if not b.prop]
    if staged:
        return [PictureFigure(b.name, b.x, b.y, b.w, b.h) for b in staged]
    version = panel.images.selected
    recorded = version.parameters.get("figures") if version is not None else None
    found: list[PictureFigure] = []
    if isinstance(recorded, list):
        for item in recorded:
            if (isinstance(item, list) and len(item) == 5 and isinstance(item[0], str)
                    and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0.0 <= v <= 1.0
                            for v in item[1:])):  # a hand-edited file's nonsense (NaN, 1e308) is left out
                found.append(PictureFigure(item[0], *(float(v) for v in item[1:]), staged=False))
    return found


def picture_detail(project: Project, panel: Panel) -> DetailMap | None:
    """The detail map of a picture that came from a model or a photo and nobody staged; else None."""
    version = panel.images.selected
    if version is None or version.backend == "offline" or "figures" in version.parameters:
        return None
    if staged_boxes(project, panel) or version.sha256 not in project.images:
        return None
    try:
        return detail_map_for(version.sha256, lambda: project.images.get(version.sha256))
    except Exception:  # noqa: BLE001 - a picture that cannot be read is lettered as if unknown
        return None


def picture_rect(panel: Panel, frame: Rect) -> Rect:
    """Where the whole picture lies on the page when it fills `frame` (centred, cropped to its shape)."""
    version = panel.images.selected
    if version is None or version.width <= 0 or version.height <= 0 or frame.w <= 0 or frame.h <= 0:
        return frame
    scale = max(frame.w / version.width, frame.h / version.height)
    w, h = version.width * scale, version.height * scale
    return Rect(frame.x + (frame.w - w) / 2, frame.y + (frame.h - h) / 2, w, h)


def on_page(figure: PictureFigure, picture: Rect) -> Rect:
    """A figure's box in page points, given where the picture lies."""
    return Rect(picture.x + figure.x * picture.w, picture.y + figure.y * picture.h,
                figure.w * picture.w, figure.h * picture.h)

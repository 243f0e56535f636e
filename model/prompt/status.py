"""A panel's derived status, shown by `panelsmith info` and the app's panel list."""
from __future__ import annotations

from model.project.project import Panel, PanelStatus, Project
from model.prompt.compose import cover_request_prompt, request_prompt


def panel_status(project: Project, panel: Panel) -> PanelStatus:
    """`failed` after an error; `missing` with no image; `stale` when the panel's request prompt (which
    names its characters' reference sheets) changed since the selected image was made; else `ready`."""
    if panel.error:
        return "failed"
    selected = panel.images.selected
    if selected is None:
        return "missing"
    if selected.prompt != request_prompt(project, panel):
        return "stale"
    return "ready"


def cover_status(project: Project) -> PanelStatus | None:
    """The book's own cover picture, like a panel's status; None when the script has no `Cover:` block."""
    cover = project.cover
    if not cover.description.strip():
        return None
    if cover.error:
        return "failed"
    selected = cover.images.selected
    if selected is None or selected.sha256 not in project.images:
        return "missing"
    return "stale" if selected.prompt != cover_request_prompt(project) else "ready"

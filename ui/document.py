"""The open project as the window sees it: the domain `Project` plus the events Qt models adapt.

Only undo commands (ui/commands.py) call the mutating methods here, so every change to a project
is undoable; item models and views listen to the signals and never mutate anything themselves.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from model.project.snapshot import detached_copy
from model.project.editions import Edition
from model.shapes.shape import PageShape
from model.project.project import BalloonPlacement, Character, Cover, PageSettings, Panel, Project, Setting
from model.script.inplace import ScriptShape


@dataclass
class ProjectState:
    """Everything a script re-parse may replace, captured so the replacement can be undone."""

    title: str
    author: str
    style: str
    layout: str
    characters: list[Character] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    script: str = ""
    page: PageSettings | None = None  # a script's `Page:` line changes these too
    cover: Cover | None = None  # a script's `Cover:` and `Blurb:` blocks (the cover picture goes with them)


def capture_state(project: Project) -> ProjectState:
    """A state holding the project's current objects (lists copied, objects shared)."""
    return ProjectState(
        project.title, project.author, project.style, project.layout,
        list(project.characters), list(project.settings), list(project.panels), project.script,
        copy.copy(project.page), project.cover,
    )


def snapshot_project(project: Project) -> Project:
    """A copy for a worker thread, sharing only immutable parts and the thread-safe image store."""
    return detached_copy(project)


def moved_order(ids: list[str], rows: list[int], dest: int) -> list[str]:
    """The order after moving the panels at `rows` (any order, maybe not contiguous) to before `dest`."""
    rows = sorted(set(r for r in rows if 0 <= r < len(ids)))
    moving = [ids[r] for r in rows]
    dest = max(0, min(dest, len(ids)))
    # Rows taken out above the drop point shift it up.
    dest -= sum(1 for r in rows if r < dest)
    rest = [pid for i, pid in enumerate(ids) if i not in set(rows)]
    return rest[:dest] + moving + rest[dest:]


class ProjectDocument(QObject):
    """The project being edited, its file path, and change notifications for the views."""

    aboutToReorder = Signal()
    reordered = Signal()
    aboutToInsert = Signal(int, int)  # first row, count
    inserted = Signal()
    aboutToRemove = Signal(int, int)
    removed = Signal()
    aboutToReset = Signal()
    reset = Signal()
    panelChanged = Signal(str)  # panel id: fields, images, balloons or status
    charactersChanged = Signal()
    pageChanged = Signal()  # layout or page settings
    scriptChanged = Signal(str)  # the script text, when a change did not come from the editor
    pathChanged = Signal()
    editionsChanged = Signal(str)  # the language of an edition added, changed or removed

    def __init__(self, project: Project | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.project = project or Project()
        self.path = path
        self.source_is_script = False  # opened from a script: Save asks where to put the .panels file

    # ---- queries
    def order(self) -> list[str]:
        return [p.id for p in self.project.panels]

    def row_of(self, panel_id: str) -> int:
        for i, p in enumerate(self.project.panels):
            if p.id == panel_id:
                return i
        return -1

    def panel(self, panel_id: str) -> Panel | None:
        return self.project.panel(panel_id)

    # ---- whole-project changes
    def replace_project(self, project: Project, path: Path | None, source_is_script: bool = False) -> None:
        """Show another project (New, Open, restore); not an undoable change."""
        self.aboutToReset.emit()
        self.project = project
        self.path = path
        self.source_is_script = source_is_script
        self.reset.emit()
        self.charactersChanged.emit()
        self.pageChanged.emit()
        self.scriptChanged.emit(project.script)
        self.pathChanged.emit()

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.source_is_script = False
        self.pathChanged.emit()

    def apply_state(self, state: ProjectState, from_editor: bool = False) -> None:
        """Replace what a re-parse replaces; the editor is told unless the text came from it."""
        p = self.project
        self.aboutToReset.emit()
        p.title, p.author, p.style, p.layout = state.title, state.author, state.style, state.layout
        p.characters = list(state.characters)
        p.settings = list(state.settings)
        p.panels = list(state.panels)
        p.script = state.script
        if state.page is not None:
            p.page = copy.copy(state.page)
        if state.cover is not None:
            p.cover = state.cover
        self.reset.emit()
        self.charactersChanged.emit()
        self.pageChanged.emit()
        if not from_editor:
            self.scriptChanged.emit(state.script)

    def set_script_text(self, text: str) -> None:
        self.project.script = text
        self.scriptChanged.emit(text)

    def rewrite_script(self, before: ScriptShape) -> None:
        """Edit the script text in place after an edit made outside the editor (`before`: `shape_of` the
        project before it), so the writer's comments and formatting stay with their blocks."""
        from model.script.inplace import edit_script

        self.set_script_text(edit_script(self.project.script, before, self.project))

    # ---- panel list
    def reorder(self, ids: list[str]) -> None:
        by_id = {p.id: p for p in self.project.panels}
        if sorted(by_id) != sorted(ids):
            raise ValueError("a reorder must keep the same panels")
        self.aboutToReorder.emit()
        self.project.panels = [by_id[i] for i in ids]
        self.reordered.emit()

    def insert_panels(self, row: int, panels: list[Panel]) -> None:
        row = max(0, min(row, len(self.project.panels)))
        self.aboutToInsert.emit(row, len(panels))
        self.project.panels[row:row] = panels
        self.inserted.emit()

    def remove_panel_at(self, row: int) -> Panel:
        self.aboutToRemove.emit(row, 1)
        panel = self.project.panels.pop(row)
        self.removed.emit()
        return panel

    # ---- one panel
    def set_panel_field(self, panel_id: str, name: str, value: object) -> None:
        panel = self.existing_panel(panel_id)
        setattr(panel, name, value)
        self.panelChanged.emit(panel_id)

    def set_balloon(self, panel_id: str, line_index: int, placement: BalloonPlacement | None) -> None:
        panel = self.existing_panel(panel_id)
        if placement is None:
            panel.balloons.pop(line_index, None)
        else:
            panel.balloons[line_index] = placement
        self.panelChanged.emit(panel_id)

    def select_version(self, panel_id: str, version_id: str | None) -> None:
        self.existing_panel(panel_id).images.selected_id = version_id
        self.panelChanged.emit(panel_id)

    # ---- characters
    def character_at(self, row: int) -> Character:
        return self.project.characters[row]

    def set_character_field(self, row: int, name: str, value: str) -> None:
        setattr(self.project.characters[row], name, value)
        self.charactersChanged.emit()
        self._all_panels_changed()  # descriptions feed every prompt the character is in

    def select_sheet_version(self, row: int, version_id: str | None) -> None:
        self.project.characters[row].sheet.selected_id = version_id
        self.charactersChanged.emit()

    # ---- translated editions (model.project.editions)
    def set_edition(self, language: str, edition: Edition | None) -> None:
        if edition is None:
            self.project.editions.pop(language, None)
        else:
            self.project.editions[language] = edition
        self.editionsChanged.emit(language)

    # ---- pages
    def set_page(self, layout: str, page: PageSettings) -> None:
        self.project.layout = layout
        self.project.page = page
        self.pageChanged.emit()

    def set_page_shape(self, key: str, shape: "PageShape | None") -> None:
        """Keep `shape` for the page starting at panel `key` (None: the page takes its template again)."""
        if shape is None:
            self.project.page_shapes.pop(key, None)
        else:
            self.project.page_shapes[key] = shape
        self.pageChanged.emit()

    def existing_panel(self, panel_id: str) -> Panel:
        """The panel with this id; KeyError when it is gone (a command never acts on a deleted panel)."""
        panel = self.project.panel(panel_id)
        if panel is None:
            raise KeyError(panel_id)
        return panel

    def _all_panels_changed(self) -> None:
        for p in self.project.panels:
            self.panelChanged.emit(p.id)

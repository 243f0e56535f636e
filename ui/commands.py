"""One QUndoCommand per change to a project, each storing exactly what its inverse needs.

Commands that change the panels outside the script editor also rewrite the script text from the
panels, and give the user's own text back on undo.
"""
from __future__ import annotations

import copy
from typing import Callable

from PySide6.QtGui import QUndoCommand

from model.project import BalloonPlacement, ImageVersion, PageSettings, Panel, new_id
from ui.document import ProjectDocument, ProjectState, moved_order

_MERGE_FIELD_EDIT = 1001


class _ScriptKeepingCommand(QUndoCommand):
    """Base for panel-structure edits: the script is rewritten on redo and restored on undo."""

    def __init__(self, doc: ProjectDocument, text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self._script_before: str | None = None

    def redo(self) -> None:
        if self._script_before is None:
            self._script_before = self.doc.project.script
        self.apply()
        self.doc.rewrite_script()

    def undo(self) -> None:
        self.revert()
        self.doc.set_script_text(self._script_before or "")

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class MovePanelsCommand(_ScriptKeepingCommand):
    """Move the panels at `rows` to before row `dest` (a board drag or a keyboard move)."""

    def __init__(self, doc: ProjectDocument, rows: list[int], dest: int, text: str = "Move panels") -> None:
        super().__init__(doc, text)
        self.old_order = doc.order()
        self.new_order = moved_order(self.old_order, rows, dest)

    def is_noop(self) -> bool:
        return self.old_order == self.new_order

    def apply(self) -> None:
        self.doc.reorder(self.new_order)

    def revert(self) -> None:
        self.doc.reorder(self.old_order)


class InsertPanelCommand(_ScriptKeepingCommand):
    def __init__(self, doc: ProjectDocument, row: int, panel: Panel, text: str = "Insert panel") -> None:
        super().__init__(doc, text)
        self.row, self.panel = row, panel

    def apply(self) -> None:
        self.doc.insert_panels(self.row, [self.panel])

    def revert(self) -> None:
        self.doc.remove_panel_at(self.doc.row_of(self.panel.id))


def duplicate_of(panel: Panel) -> Panel:
    """A copy of a panel with its own id; its image versions are shared by hash, not copied."""
    twin = copy.deepcopy(panel)
    twin.id = new_id()
    return twin


class RemovePanelsCommand(_ScriptKeepingCommand):
    def __init__(self, doc: ProjectDocument, panel_ids: list[str], text: str = "Delete panels") -> None:
        super().__init__(doc, text)
        self.panel_ids = panel_ids
        self.removed: list[tuple[int, Panel]] = []

    def apply(self) -> None:
        rows = sorted((self.doc.row_of(pid) for pid in self.panel_ids), reverse=True)
        removed = [(row, self.doc.remove_panel_at(row)) for row in rows if row >= 0]
        self.removed = sorted(removed, key=lambda rp: rp[0])

    def revert(self) -> None:
        for row, panel in self.removed:
            self.doc.insert_panels(row, [panel])


class SetPanelFieldCommand(_ScriptKeepingCommand):
    """Edit one panel field (shot, setting, action, lines); typing in one field merges into one step."""

    def __init__(self, doc: ProjectDocument, panel_id: str, name: str, value: object, text: str = "") -> None:
        super().__init__(doc, text or f"Edit {name}")
        self.panel_id, self.name, self.value = panel_id, name, value
        self.old = getattr(doc._panel(panel_id), name)

    def id(self) -> int:
        return _MERGE_FIELD_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetPanelFieldCommand):
            return False
        if (other.panel_id, other.name) != (self.panel_id, self.name) or self.name == "lines":
            return False
        self.value = other.value
        return True

    def apply(self) -> None:
        self.doc.set_panel_field(self.panel_id, self.name, self.value)

    def revert(self) -> None:
        self.doc.set_panel_field(self.panel_id, self.name, self.old)


class MoveBalloonCommand(QUndoCommand):
    """Place (or re-aim the tail of) one balloon; the placement is panel-relative."""

    def __init__(self, doc: ProjectDocument, panel_id: str, line_index: int,
                 placement: BalloonPlacement | None, text: str = "Move balloon") -> None:
        super().__init__(text)
        self.doc, self.panel_id, self.line_index, self.placement = doc, panel_id, line_index, placement
        old = doc._panel(panel_id).balloons.get(line_index)
        self.old = copy.copy(old) if old is not None else None

    def redo(self) -> None:
        self.doc.set_balloon(self.panel_id, self.line_index, copy.copy(self.placement))

    def undo(self) -> None:
        self.doc.set_balloon(self.panel_id, self.line_index, copy.copy(self.old))


class SelectVersionCommand(QUndoCommand):
    def __init__(self, doc: ProjectDocument, panel_id: str, version_id: str, text: str = "Select version") -> None:
        super().__init__(text)
        self.doc, self.panel_id, self.version_id = doc, panel_id, version_id
        self.old = doc._panel(panel_id).images.selected_id

    def redo(self) -> None:
        self.doc.select_version(self.panel_id, self.version_id)

    def undo(self) -> None:
        self.doc.select_version(self.panel_id, self.old)


class AddVersionCommand(QUndoCommand):
    """A new image version (generated, refined or imported) becomes the panel's selected one."""

    def __init__(self, doc: ProjectDocument, panel_id: str, version: ImageVersion, text: str = "Add image") -> None:
        super().__init__(text)
        self.doc, self.panel_id, self.version = doc, panel_id, version
        panel = doc._panel(panel_id)
        self.old_selected, self.old_error = panel.images.selected_id, panel.error

    def redo(self) -> None:
        self.doc.add_version(self.panel_id, self.version)

    def undo(self) -> None:
        self.doc.remove_version(self.panel_id, self.version.id, self.old_selected, self.old_error)


class RecordedChangeCommand(QUndoCommand):
    """Wraps a change made by another package's function (e.g. recording a generation result).

    The function runs once, on the first redo; the versions it appended are then re-added or taken
    back by id, so undo and redo never call it again (and never pay for an image twice).
    """

    def __init__(self, doc: ProjectDocument, panel_id: str, change: Callable[[], None], text: str) -> None:
        super().__init__(text)
        self.doc, self.panel_id, self.change = doc, panel_id, change
        panel = doc._panel(panel_id)
        self.old_ids = [v.id for v in panel.images.versions]
        self.old_selected, self.old_error = panel.images.selected_id, panel.error
        self.added: list[ImageVersion] = []
        self.new_selected: str | None = None
        self.new_error: str | None = None
        self._done = False

    def redo(self) -> None:
        panel = self.doc._panel(self.panel_id)
        if not self._done:
            self.change()
            self._done = True
            self.added = [v for v in panel.images.versions if v.id not in set(self.old_ids)]
            self.new_selected, self.new_error = panel.images.selected_id, panel.error
        else:
            panel.images.versions.extend(self.added)
            panel.images.selected_id, panel.error = self.new_selected, self.new_error
        self.doc.panelChanged.emit(self.panel_id)

    def undo(self) -> None:
        panel = self.doc._panel(self.panel_id)
        added = {v.id for v in self.added}
        panel.images.versions = [v for v in panel.images.versions if v.id not in added]
        panel.images.selected_id, panel.error = self.old_selected, self.old_error
        self.doc.panelChanged.emit(self.panel_id)


class ReplaceStateCommand(QUndoCommand):
    """A script re-parse (or a character rename): swap the whole parsed state, keeping the images."""

    def __init__(self, doc: ProjectDocument, before: ProjectState, after: ProjectState,
                 text: str = "Edit script", from_editor: bool = True) -> None:
        super().__init__(text)
        self.doc, self.before, self.after = doc, before, after
        self._from_editor = from_editor

    def redo(self) -> None:
        # The first redo comes from the editor, whose text is already right; later ones must push it.
        self.doc.apply_state(self.after, from_editor=self._from_editor)
        self._from_editor = False

    def undo(self) -> None:
        self.doc.apply_state(self.before)


class EditCharacterCommand(QUndoCommand):
    def __init__(self, doc: ProjectDocument, row: int, name: str, value: str, text: str = "Edit character") -> None:
        super().__init__(text)
        self.doc, self.row, self.name, self.value = doc, row, name, value
        self.old = getattr(doc.character_at(row), name)
        self._script_before = doc.project.script

    def redo(self) -> None:
        self.doc.set_character_field(self.row, self.name, self.value)
        self.doc.rewrite_script()

    def undo(self) -> None:
        self.doc.set_character_field(self.row, self.name, self.old)
        self.doc.set_script_text(self._script_before)


class AddSheetVersionCommand(QUndoCommand):
    def __init__(self, doc: ProjectDocument, row: int, version: ImageVersion, text: str = "Add reference sheet") -> None:
        super().__init__(text)
        self.doc, self.row, self.version = doc, row, version
        self.old_selected = doc.character_at(row).sheet.selected_id

    def redo(self) -> None:
        self.doc.add_sheet_version(self.row, self.version)

    def undo(self) -> None:
        self.doc.remove_sheet_version(self.row, self.version.id, self.old_selected)


class SetPageCommand(QUndoCommand):
    """Change the layout or the page settings (size, margins, gutters, direction …)."""

    def __init__(self, doc: ProjectDocument, layout: str, page: PageSettings, text: str = "Change page settings") -> None:
        super().__init__(text)
        self.doc, self.layout, self.page = doc, layout, copy.copy(page)
        self.old_layout, self.old_page = doc.project.layout, copy.copy(doc.project.page)

    def redo(self) -> None:
        self.doc.set_page(self.layout, copy.copy(self.page))

    def undo(self) -> None:
        self.doc.set_page(self.old_layout, copy.copy(self.old_page))

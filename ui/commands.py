"""One QUndoCommand per change to a project, each storing exactly what its inverse needs.

Commands that change the panels outside the script editor also edit the script text in place
(model.script.blocks: comments and formatting stay with their blocks), and give the user's own text
back on undo.
"""
from __future__ import annotations

import copy
import re
from typing import Callable

from PySide6.QtGui import QUndoCommand

from model.script.inplace import shape_of
from model.script.pageheader import SCRIPT_FIELDS, with_page_line
from model.project.project import BalloonPlacement, ImageVersion, PageSettings, Panel, StagedBox, VersionedImages, new_id
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
        before = shape_of(self.doc.project)
        self.apply()
        self.doc.rewrite_script(before)

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
    twin.page_break, twin.page_layout = False, ""  # one more panel on the page, not another page
    twin.shot_name = ""  # a new shot: named by its place (4C), never a second 4B
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
        self.old = getattr(doc.existing_panel(panel_id), name)

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
        old = doc.existing_panel(panel_id).balloons.get(line_index)
        self.old = copy.copy(old) if old is not None else None

    def redo(self) -> None:
        self.doc.set_balloon(self.panel_id, self.line_index, copy.copy(self.placement))

    def undo(self) -> None:
        self.doc.set_balloon(self.panel_id, self.line_index, copy.copy(self.old))


class StageCommand(QUndoCommand):
    """Set a panel's whole staging (one drag or resize of a box, or a depth chosen): never merged, so each
    drag is one undo step. The staging is not part of the script, which stays as it is."""

    def __init__(self, doc: ProjectDocument, panel_id: str, staging: list[StagedBox], text: str = "Stage panel") -> None:
        super().__init__(text)
        self.doc, self.panel_id, self.staging = doc, panel_id, list(staging)
        self.old = list(doc.existing_panel(panel_id).staging)

    def redo(self) -> None:
        self.doc.set_panel_field(self.panel_id, "staging", list(self.staging))

    def undo(self) -> None:
        self.doc.set_panel_field(self.panel_id, "staging", list(self.old))


class SelectVersionCommand(QUndoCommand):
    def __init__(self, doc: ProjectDocument, panel_id: str, version_id: str, text: str = "Select version") -> None:
        super().__init__(text)
        self.doc, self.panel_id, self.version_id = doc, panel_id, version_id
        self.old = doc.existing_panel(panel_id).images.selected_id

    def redo(self) -> None:
        self.doc.select_version(self.panel_id, self.version_id)

    def undo(self) -> None:
        self.doc.select_version(self.panel_id, self.old)


class RecordedChangeCommand(QUndoCommand):
    """Wraps a change made by another package's function (recording a generation result, an import).

    The function runs once, on the first redo; the versions it appended to the target (a panel, or
    a character's reference sheet) are then re-added or taken back by id, so undo and redo never call
    it again (and never pay for an image twice).
    """

    def __init__(self, doc: ProjectDocument, kind: str, key: str, change: Callable[[], object], text: str) -> None:
        super().__init__(text)
        self.doc, self.kind, self.key, self.change = doc, kind, key, change
        versions = self._versions()
        self.old_ids = [v.id for v in versions.versions]
        self.old_selected, self.old_error = versions.selected_id, self._error()
        self.added: list[ImageVersion] = []
        self.new_selected: str | None = None
        self.new_error: str | None = None
        self._done = False

    def _owner(self):
        if self.kind == "panel":
            return self.doc.existing_panel(self.key)
        if self.kind == "cover":  # the book's own cover picture (the script's Cover: block)
            return self.doc.project.cover
        character = self.doc.project.character(self.key)
        if character is None:
            raise KeyError(self.key)
        return character

    def _versions(self) -> VersionedImages:
        owner = self._owner()
        return owner.sheet if self.kind == "sheet" else owner.images

    def _error(self) -> str | None:
        return self._owner().error if self.kind in ("panel", "cover") else None

    def _set(self, selected: str | None, error: str | None) -> None:
        self._versions().selected_id = selected
        if self.kind == "panel":
            self._owner().error = error
            self.doc.panelChanged.emit(self.key)
        elif self.kind == "cover":
            self._owner().error = error
        else:
            self.doc.charactersChanged.emit()

    def redo(self) -> None:
        versions = self._versions()
        if not self._done:
            self.change()
            self._done = True
            self.added = [v for v in versions.versions if v.id not in set(self.old_ids)]
            self.new_selected, self.new_error = versions.selected_id, self._error()
        else:
            versions.versions.extend(self.added)
        self._set(self.new_selected, self.new_error)

    def undo(self) -> None:
        versions = self._versions()
        added = {v.id for v in self.added}
        versions.versions = [v for v in versions.versions if v.id not in added]
        self._set(self.old_selected, self.old_error)


class GenerationBatchCommand(QUndoCommand):
    """The pictures of one generation run as one undo step, however many arrive and in whatever order.

    Each result is a RecordedChangeCommand kept here (plain Python objects, not Qt children, so only
    Python owns them): the first is applied when the batch is pushed, later ones by `grow` while the
    batch is the latest change. Undo takes them back in reverse order; redo re-applies them in order.
    """

    def __init__(self, text_many: str) -> None:
        super().__init__()
        self.text_many = text_many  # with {n}: the step's name once it holds more than one picture
        self.changes: list[QUndoCommand] = []

    def adopt(self, change: QUndoCommand) -> None:
        """A change applied when the batch is pushed."""
        self.changes.append(change)
        self._name()

    def grow(self, change: QUndoCommand) -> None:
        """A change applied now, the batch being already on the stack."""
        self.changes.append(change)
        change.redo()
        self._name()

    def _name(self) -> None:
        n = len(self.changes)
        self.setText(self.text_many.format(n=n) if n > 1 else self.changes[0].text())

    def redo(self) -> None:
        for change in self.changes:
            change.redo()

    def undo(self) -> None:
        for change in reversed(self.changes):
            change.undo()


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
        before = shape_of(self.doc.project)
        self.doc.set_character_field(self.row, self.name, self.value)
        self.doc.rewrite_script(before)

    def undo(self) -> None:
        self.doc.set_character_field(self.row, self.name, self.old)
        self.doc.set_script_text(self._script_before)


_LAYOUT_LINE = re.compile(r"^(\s*(?:layout|版式)\s*[:：]\s*).*$", re.IGNORECASE | re.MULTILINE)


def with_layout_line(script: str, layout: str) -> str:
    """The script with its `Layout:` header set to `layout` (added at the top when missing)."""
    if _LAYOUT_LINE.search(script):
        return _LAYOUT_LINE.sub(lambda m: m.group(1) + layout, script, count=1)
    return f"Layout: {layout}\n" + script


class SetPageCommand(QUndoCommand):
    """Change the layout or the page settings (size, margins, gutters, direction …).

    A layout change is also written into the script's `Layout:` line, and a change to what the `Page:`
    line holds (size, bleed, direction, words, grid, DPI) into that line, so the script alone reproduces
    the book and the next re-parse keeps it.
    """

    def __init__(self, doc: ProjectDocument, layout: str, page: PageSettings, text: str = "Change page settings") -> None:
        super().__init__(text)
        self.doc, self.layout, self.page = doc, layout, copy.copy(page)
        self.old_layout, self.old_page = doc.project.layout, copy.copy(doc.project.page)
        self.old_script = doc.project.script
        script = with_layout_line(self.old_script, self.layout) if self.layout != self.old_layout else self.old_script
        if any(getattr(self.page, name) != getattr(self.old_page, name) for name in SCRIPT_FIELDS):
            script = with_page_line(script, self.page)
        self.new_script = script

    def redo(self) -> None:
        self.doc.set_page(self.layout, copy.copy(self.page))
        if self.new_script != self.old_script:
            self.doc.set_script_text(self.new_script)

    def undo(self) -> None:
        self.doc.set_page(self.old_layout, copy.copy(self.old_page))
        if self.new_script != self.old_script:
            self.doc.set_script_text(self.old_script)

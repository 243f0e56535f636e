"""A photo dropped on a panel, or picked for a character's sheet: used as is, or restyled.

The photo is imported first (one undoable step, through `FileActions`, the one image import); a restyle
then runs on the generation worker like any other image (with progress, cancellable) and its result is
a further undoable version whose parent is the photo.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

if TYPE_CHECKING:
    from ui.document import ProjectDocument
    from ui.window.file_actions import FileActions
    from ui.workers.generation_worker import GenerationWorker


class PhotoHost(Protocol):
    """What a photo import needs: the document, the file actions (the last folder used) and the generation
    worker that restyles it."""

    doc: ProjectDocument
    files: FileActions
    generation: GenerationWorker

PHOTO_FILTER = "Photos and images (*.jpg *.jpeg *.png *.webp)"


class PhotoImport(QObject):
    """Asks how a dropped photo is used and starts its restyle."""

    def __init__(self, window: PhotoHost) -> None:
        super().__init__(window)
        self.w = window

    def drop_on_panel(self, panel_id: str, paths: list[str]) -> None:
        """Image files dropped on a panel: one photo gets the choice Use as is / Restyle; several are
        imported as they are."""
        if len(paths) != 1:
            self.w.files.import_images_to_panel(panel_id, paths)
            return
        choice = self.ask(Path(paths[0]).name)
        if choice == "as is":
            self.w.files.import_images_to_panel(panel_id, paths)
        elif choice == "restyle":
            self.import_and_restyle("panel", panel_id, paths[0])

    def ask(self, name: str) -> str | None:
        """"as is", "restyle", or None when the person cancels."""
        box = QMessageBox(self.w)
        box.setObjectName("photoChoice")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Use a photo"))
        box.setText(self.tr("Use {name} for this panel as it is, or redraw it in the panel's style?").format(name=name))
        box.setInformativeText(self.tr("Either way the photo is kept as a version of the panel."))
        as_is = box.addButton(self.tr("Use as is"), QMessageBox.ButtonRole.AcceptRole)
        restyle = box.addButton(self.tr("Restyle"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(restyle)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        return "as is" if clicked is as_is else "restyle" if clicked is restyle else None

    def sheet_from_photo(self, character_name: str) -> None:
        """Pick a photo of a character; it becomes their sheet's base and is redrawn in the project's style."""
        path, _ = QFileDialog.getOpenFileName(self.w, self.tr("Sheet from photo"), "", self.tr(PHOTO_FILTER))
        if path:
            self.import_and_restyle("sheet", character_name, path)

    def import_and_restyle(self, kind: str, key: str, path: str) -> None:
        """Import the photo as a new version of a panel ("panel") or sheet ("sheet"), then restyle it."""
        versions = self._versions(kind, key)
        if versions is None:
            return
        before = {v.id for v in versions.versions}
        if kind == "panel":
            self.w.files.import_images_to_panel(key, [path])
        else:
            self.w.files.import_sheet(key, path)
        versions = self._versions(kind, key)
        added = [v for v in versions.versions if v.id not in before] if versions is not None else []
        if added:  # nothing added: the file was refused and the warning already said why
            self.w.generation.restyle_photo(kind, key, added[-1].id)

    def _versions(self, kind: str, key: str):
        owner = self.w.doc.panel(key) if kind == "panel" else self.w.doc.project.character(key)
        if owner is None:
            return None
        return owner.images if kind == "panel" else owner.sheet

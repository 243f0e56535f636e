"""A detached copy of a project is equal to it, independent of it, and cheap because it shares what never changes."""
from __future__ import annotations

from model.project.project import BalloonPlacement, ImageVersion
from model.fileformat.schema import project_to_document
from model.script.panelscript import parse_script
from model.project.snapshot import detached_copy

SCRIPT = """Title: Snail
Character: Gary
A tiny snail.

Panel 1 (wide) @ Showroom
Gary looks at a car.
Gary: That one.
+Gary: a red cap

Panel 2
Gary drives.
SFX: VROOM
"""


def _project():
    project = parse_script(SCRIPT).project
    project.images.put(b"png bytes")
    panel = project.panels[0]
    panel.images.add(ImageVersion(sha256="a" * 64, width=8, height=8, prompt="p", backend="offline",
                                  parameters={"size": "8x8"}))
    panel.balloons[0] = BalloonPlacement(0.3, 0.2, 0.5, 0.6)
    return project


def test_a_detached_copy_holds_the_same_document():
    project = _project()
    assert project_to_document(detached_copy(project)) == project_to_document(project)


def test_changing_the_copy_never_changes_the_original():
    project = _project()
    before = project_to_document(project)
    copy = detached_copy(project)
    copy.title = "Other"
    copy.panels.reverse()
    copy.panels[1].lines.append(copy.panels[1].lines[0])
    copy.panels[1].balloons[0].x = 0.9
    copy.panels[1].images.versions.clear()
    copy.panels[1].images.selected_id = None
    copy.characters[0].description = "changed"
    copy.page.dpi = 72
    assert project_to_document(project) == before


def test_the_copy_shares_the_image_store_and_immutable_parts():
    project = _project()
    copy = detached_copy(project)
    assert copy.images is project.images
    assert copy.panels[0].lines[0] is project.panels[0].lines[0]  # frozen Line
    assert copy.panels[0].images.versions[0] is project.panels[0].images.versions[0]
    assert copy.panels[0] is not project.panels[0]
    assert copy.panels[0].images is not project.panels[0].images

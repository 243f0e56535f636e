"""Re-parsing an edited script keeps every image with its panel."""
from __future__ import annotations

from model.project.project import BalloonPlacement, ImageVersion, Project
from model.prompt.compose import compose_prompt
from model.script.reconcile import reparse
from model.script.panelscript import parse_script
from model.prompt.status import panel_status

PANELS = [
    "Panel\nA snail stands at the counter of a car showroom.\nGary: Hello.",
    "Panel (close-up)\nThe snail looks very serious.\nGary: I want your fastest car.",
    "Panel\nThe salesman scratches his head.\nSalesman: Why an S?",
    "Panel (wide)\nA red car races down the highway.\nPedestrians: Look at that S-car go!",
]
HEAD = "Title: S\nCharacter: Gary\nA snail.\nCharacter: Salesman\nNavy suit.\n\n"


def _script(panels: list[str]) -> str:
    return HEAD + "\n\n".join(panels) + "\n"


def _with_images(panels: list[str]) -> tuple[Project, dict[str, str]]:
    """A project whose every panel has one image, and which image belongs to which action."""
    project = parse_script(_script(panels)).project
    owner = {}
    for n, panel in enumerate(project.panels):
        digest = project.images.put(f"png of panel {n}".encode())
        panel.images.add(ImageVersion(digest, 8, 8, compose_prompt(project, panel), "offline"))
        owner[panel.action] = digest
    return project, owner


def _assert_images_follow_their_actions(project: Project, owner: dict[str, str]) -> None:
    for panel in project.panels:
        if panel.action in owner:
            assert panel.images.selected is not None and panel.images.selected.sha256 == owner[panel.action]
            assert panel_status(project, panel) == "ready"


def test_inserting_a_panel_keeps_each_image_with_its_panel() -> None:
    project, owner = _with_images(PANELS)
    ids = [p.id for p in project.panels]
    edited = PANELS[:2] + ["Panel\nA brand new panel about the moon."] + PANELS[2:]
    new = reparse(project, _script(edited)).project
    _assert_images_follow_their_actions(new, owner)
    assert new.panels[2].images.versions == [] and new.panels[2].id not in ids
    assert [p.id for i, p in enumerate(new.panels) if i != 2] == ids


def test_deleting_a_panel_keeps_each_image_with_its_panel() -> None:
    project, owner = _with_images(PANELS)
    new = reparse(project, _script(PANELS[:1] + PANELS[2:])).project
    _assert_images_follow_their_actions(new, owner)
    assert len(new.panels) == 3 and all(p.images.versions for p in new.panels)


def test_reordering_panels_moves_images_with_them() -> None:
    project, owner = _with_images(PANELS)
    ids = {p.action: p.id for p in project.panels}
    new = reparse(project, _script([PANELS[3], PANELS[1], PANELS[0], PANELS[2]])).project
    _assert_images_follow_their_actions(new, owner)
    assert all(p.id == ids[p.action] for p in new.panels)


def test_an_edited_panel_keeps_its_images_and_becomes_stale() -> None:
    project, owner = _with_images(PANELS)
    old_second = project.panels[1]
    edited = list(PANELS)
    edited[1] = "Panel (close-up)\nThe snail looks very serious indeed, frowning.\nGary: I want your fastest car."
    new = reparse(project, _script(edited)).project
    assert new.panels[1].id == old_second.id
    assert new.panels[1].images is old_second.images
    assert panel_status(new, new.panels[1]) == "stale"
    _assert_images_follow_their_actions(new, owner)


def test_an_edit_and_a_move_at_once_still_find_the_edited_panel() -> None:
    project, owner = _with_images(PANELS)
    first_id = project.panels[0].id
    edited = [PANELS[1], PANELS[2], PANELS[3],
              "Panel\nA snail stands at the counter of a big car showroom.\nGary: Hello."]
    new = reparse(project, _script(edited)).project
    assert new.panels[3].id == first_id and panel_status(new, new.panels[3]) == "stale"
    _assert_images_follow_their_actions(new, owner)


def test_a_panel_rewritten_from_scratch_elsewhere_gets_no_images() -> None:
    project, _owner = _with_images(PANELS)
    new = reparse(project, _script(PANELS[1:] + ["Panel\nFireworks over a harbour at night."])).project
    assert new.panels[-1].images.versions == []


def test_sheets_balloons_errors_page_and_image_store_carry_over() -> None:
    project, _owner = _with_images(PANELS)
    digest = project.images.put(b"sheet png")
    project.characters[0].sheet.add(ImageVersion(digest, 8, 8, "sheet", "offline"))
    project.panels[1].balloons = {0: BalloonPlacement(0.3, 0.2, 0.4, 0.6)}
    project.panels[2].error = "The image service refused the request."
    project.page.gutter_mm = 9.0
    edited = ["Panel\nA cat walks by."] + PANELS
    new = reparse(project, _script(edited).replace("Character: Gary", "Character: gary"), "s.txt").project
    assert new.character("Gary").sheet is project.characters[0].sheet
    assert new.panels[2].balloons == {0: BalloonPlacement(0.3, 0.2, 0.4, 0.6)}
    assert new.panels[3].error == "The image service refused the request."
    assert new.page is project.page and new.images is project.images
    assert new.script.startswith("Title: S")


def test_a_balloon_placement_follows_its_words_when_lines_are_inserted() -> None:
    project, _owner = _with_images(PANELS)
    project.panels[0].balloons = {0: BalloonPlacement(0.1, 0.1)}
    edited = list(PANELS)
    edited[0] = PANELS[0] + "\nCaption: Monday."
    edited[0] = edited[0].replace("Gary: Hello.", "Salesman: Welcome!\nGary: Hello.")
    new = reparse(project, _script(edited)).project
    assert new.panels[0].id == project.panels[0].id
    assert new.panels[0].balloons == {1: BalloonPlacement(0.1, 0.1)}


def test_reparse_reports_diagnostics_of_the_new_text() -> None:
    project, _owner = _with_images(PANELS)
    result = reparse(project, _script(PANELS) + "Panel @ Mars\nA rocket.\n", "s.txt")
    assert [str(d) for d in result.diagnostics] and "Mars" in str(result.diagnostics[0])


def test_renaming_a_character_in_every_panel_keeps_every_image_in_place() -> None:
    many = [f"Panel\nGary walks past shop number {n} and waves.\nGary: Hello number {n}!" for n in range(80)]
    project, _owner = _with_images(many)
    ids = [p.id for p in project.panels]
    new = reparse(project, _script(many).replace("Gary", "Garry")).project
    assert [p.id for p in new.panels] == ids
    assert all(panel_status(new, p) == "stale" for p in new.panels)

"""A panel's picture is requested in the shape of its frame on the page, so the layout crops nothing."""
from __future__ import annotations

from generation.planning import GenerationSettings, plan_panel, plan_panels
from model.page.layout import frame_aspects
from model.script.panelscript import parse_script

SCRIPT = """Title: Shapes
Character: Ann
A girl in a yellow raincoat.

Panel (wide)
Ann runs through the rain.
Ann: Wait for me!

Panel (close-up)
Ann smiles.
"""


def _ratio(job) -> float:
    return job.request.width / job.request.height


def test_storyboard_panels_are_requested_wide_like_their_frames() -> None:
    project = parse_script(SCRIPT).project
    project.layout = "storyboard"
    jobs = plan_panels(project, project.panels, GenerationSettings(model="gpt-image-2"))
    frames = frame_aspects(project)
    for job, panel in zip(jobs, project.panels):
        assert frames[panel.id] > 1.5
        assert abs(_ratio(job) - frames[panel.id]) < 0.1
        assert job.request.width % 16 == 0 and job.request.height % 16 == 0


def test_a_picture_book_page_with_a_text_band_is_wider_than_a_full_bleed_page() -> None:
    project = parse_script(SCRIPT).project
    project.layout = "book"
    project.page.page_size = "8.5x8.5in"
    with_words, without_words = plan_panels(project, project.panels, GenerationSettings(model="gpt-image-2"))
    assert _ratio(without_words) == 1.0  # a square page, picture full-bleed
    assert _ratio(with_words) > 1.2  # the band under the picture takes part of the page


def test_an_explicit_shape_wins_and_one_panel_plans_like_a_batch() -> None:
    project = parse_script(SCRIPT).project
    project.layout = "vertical"
    settings = GenerationSettings(model="gpt-image-2")
    single = plan_panel(project, project.panels[1], settings)
    batch = plan_panels(project, project.panels, settings)[1]
    assert (single.request.width, single.request.height) == (batch.request.width, batch.request.height)
    square = plan_panel(project, project.panels[1], GenerationSettings(model="gpt-image-2", aspect=1.0))
    assert _ratio(square) == 1.0 != _ratio(single)

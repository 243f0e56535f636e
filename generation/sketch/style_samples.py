"""The same panel of the snail strip drawn in a style preset: the style picker's thumbnails and the
contact sheet in `docs/styles.png` are made from it, so what a user picks is what the docs show."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from PIL import Image

from generation.planning import sketch_spec
from generation.sketch.render import SketchSpec, render_panel
from model.script.panelscript import parse_script
from model.script.styles import StylePreset

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "s-car.txt"
SAMPLE_PANEL = 1  # the second panel: Gary's serious close-up in the showroom


@lru_cache(maxsize=4)
def sample_spec(panel_index: int = SAMPLE_PANEL) -> SketchSpec:
    """What the sample panel shows, without a style."""
    project = parse_script(EXAMPLE.read_text(encoding="utf-8")).project
    project.style = ""
    return replace(sketch_spec(project, project.panels[panel_index]), caption="")


def render_sample(preset: StylePreset | None, width: int, height: int, panel_index: int = SAMPLE_PANEL) -> Image.Image:
    """The sample panel in `preset` (None: the plain sketch), `width` x `height` pixels (any thread)."""
    return render_panel(replace(sample_spec(panel_index), look=preset.look if preset else None), width, height)

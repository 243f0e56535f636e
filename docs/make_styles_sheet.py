"""Draw `docs/styles.png`: the same panel of the snail strip in every style preset, named under it.

Run: uv run python docs/make_styles_sheet.py (re-run after changing a preset's look).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from export.atomic import atomic_path  # noqa: E402
from generation.sketch.text import draw_text, text_size  # noqa: E402
from generation.sketch.style_samples import render_sample  # noqa: E402
from model.script.styles import STYLES  # noqa: E402

CELL = (400, 300)
COLUMNS = 5
GAP, LABEL, TITLE = 14, 52, 56
INK, PAPER, GREY = (40, 36, 40), (252, 250, 246), (110, 104, 100)


def contact_sheet() -> Image.Image:
    presets = [None, *STYLES]
    rows = -(-len(presets) // COLUMNS)
    w = COLUMNS * CELL[0] + (COLUMNS + 1) * GAP
    h = TITLE + rows * (CELL[1] + LABEL) + (rows + 1) * GAP
    sheet = Image.new("RGB", (w, h), PAPER)
    draw = ImageDraw.Draw(sheet)
    draw_text(draw, (GAP, GAP), "Panelsmith style presets · 画风预设 — offline sketches of the same panel", 30, INK)
    for i, preset in enumerate(presets):
        x = GAP + (i % COLUMNS) * (CELL[0] + GAP)
        y = TITLE + GAP + (i // COLUMNS) * (CELL[1] + LABEL + GAP)
        picture = render_sample(preset, CELL[0] * 2, CELL[1] * 2).resize(CELL, Image.Resampling.LANCZOS)
        sheet.paste(picture, (x, y))
        name = f"{preset.name} · {preset.name_zh}" if preset else "no preset (plain sketch) · 无预设"
        hint = f"Style: {preset.id}" if preset else "Style: your own words"
        tw, _ = text_size(name, 22)
        draw_text(draw, (x + (CELL[0] - tw) / 2, y + CELL[1] + 6), name, 22, INK)
        hw, _ = text_size(hint, 17)
        draw_text(draw, (x + (CELL[0] - hw) / 2, y + CELL[1] + 33), hint, 17, GREY)
    return sheet


def main() -> None:
    target = ROOT / "docs" / "styles.png"
    with atomic_path(target) as tmp:
        sheet = contact_sheet().quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG)
        sheet.save(tmp, "PNG", optimize=True)  # 256 colours: a third of the size, the looks intact
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

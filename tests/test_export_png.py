"""PNG pages and per-panel images: pixels where the layout puts them."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from export.raster.panels import write_panels
from export.raster.png import write_png
from model.page.layout import layout_project
from model.pagesize import mm
from model.project.project import Panel
from tests.pagebuilders import PANEL_COLOURS, snail_strip

BACKGROUND = (255, 238, 204)
BORDER = (255, 0, 0)


def _strip(dpi: int = 300):
    project = snail_strip()
    project.page.background = "#ffeecc"
    project.page.border_color = "#ff0000"
    project.page.border_width_pt = 3.0
    project.page.dpi = dpi
    return project, layout_project(project)


def _close(a, b, tol: int = 6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def test_a_strip_is_one_png_at_least_2400_px_wide_at_300_dpi(tmp_path: Path) -> None:
    project, layout = _strip()
    written = write_png(layout, project.images, tmp_path / "strip.png")
    assert written == [tmp_path / "strip.png"]
    with Image.open(written[0]) as image:
        assert image.width >= 2400
        assert round(image.info["dpi"][0]) == 300
    assert [p.name for p in tmp_path.iterdir()] == ["strip.png"]  # no temp files left


def test_padding_gutters_borders_and_pictures_are_where_the_layout_puts_them(tmp_path: Path) -> None:
    dpi = 100
    project, layout = _strip(dpi)
    path = write_png(layout, project.images, tmp_path / "strip.png", dpi)[0]
    s = dpi / 72
    frames = layout.pages[0].frames
    with Image.open(path) as image:
        px = image.convert("RGB").load()
        # Padding and margin: background all around the row.
        assert _close(px[int(mm(8) * s), image.height // 2], BACKGROUND)
        assert _close(px[image.width // 2, int(mm(8) * s)], BACKGROUND)
        # Gutter: background midway between panels 1 and 2, at mid height.
        gx = (frames[0].rect.right + frames[1].rect.x) / 2 * s
        assert _close(px[int(gx), image.height // 2], BACKGROUND)
        # Border: the frame's own edge line is the border colour.
        r = frames[0].rect
        assert _close(px[int(r.x * s + 1), int(r.center[1] * s)], BORDER)
        # Picture: inside each frame near its bottom-centre gap between figures, the panel's colour.
        for frame, colour in zip(frames, PANEL_COLOURS):
            x = frame.rect.center[0] * s
            y = (frame.rect.y + frame.rect.h * 0.3) * s
            if not frame.balloons:
                assert _close(px[int(x), int(y)], colour, 10)
            assert _close(px[int((frame.rect.x + 8) * s), int((frame.rect.bottom - 8) * s)], colour, 10)


def test_balloons_are_white_with_black_outlines_and_black_words(tmp_path: Path) -> None:
    dpi = 150
    project, layout = _strip(dpi)
    path = write_png(layout, project.images, tmp_path / "strip.png", dpi)[0]
    balloon = layout.pages[0].frames[1].balloons[0]
    s = dpi / 72
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        body = balloon.body
        box = (int(body.x * s), int(body.y * s), int(body.right * s), int(body.bottom * s))
        inside = rgb.crop(box)
        colours = inside.getcolors(maxcolors=1 << 20)
        whites = sum(n for n, c in colours if min(c) > 245)
        blacks = sum(n for n, c in colours if max(c) < 40)
        assert whites > inside.width * inside.height * 0.4
        assert blacks > 50  # the words
        # Just outside the body's left end, the art shows through again.
        assert _close(rgb.getpixel((int((body.x - 4) * s), int(body.center[1] * s))), PANEL_COLOURS[1], 10)


def test_a_panel_without_a_picture_is_an_empty_frame_with_a_note(tmp_path: Path) -> None:
    project = snail_strip()
    project.panels[0].images.versions.clear()
    layout = layout_project(project)
    path = write_png(layout, project.images, tmp_path / "s.png", 72)[0]
    frame = layout.pages[0].frames[0]
    with Image.open(path) as image:
        crop = image.convert("RGB").crop((int(frame.rect.x + 4), int(frame.rect.y + 4), int(frame.rect.right - 4), int(frame.rect.bottom - 4)))
        assert all(min(c) > 150 for _, c in crop.getcolors(1 << 16))  # light grey and its note, no art


def test_several_pages_are_numbered_files_and_an_old_file_is_replaced_whole(tmp_path: Path) -> None:
    project = snail_strip()
    project.panels.append(Panel(action="Extra."))
    layout = layout_project(project, layout="grid")
    (tmp_path / "out-01.png").write_bytes(b"old")
    written = write_png(layout, project.images, tmp_path / "out.png", 50)
    assert [p.name for p in written] == ["out-01.png", "out-02.png"]
    for p in written:
        with Image.open(p) as image:
            assert image.format == "PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out-01.png", "out-02.png"]


def test_per_panel_pngs_show_each_panel_with_its_words(tmp_path: Path) -> None:
    project = snail_strip()
    layout = layout_project(project)
    written = write_panels(layout, project.images, tmp_path / "panels", 100)
    assert [p.name for p in written] == ["panel-01.png", "panel-02.png", "panel-03.png", "panel-04.png"]
    frame = layout.pages[0].frames[0]
    with Image.open(written[0]) as image:
        assert abs(image.width - frame.rect.w * 100 / 72) <= 2
        assert _close(image.convert("RGB").getpixel((image.width // 2, image.height // 4)), PANEL_COLOURS[0], 10)

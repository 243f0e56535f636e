"""A folder of per-panel PNGs: each panel as it appears on its page, balloons and words included."""
from __future__ import annotations

from pathlib import Path

from export.atomic import atomic_path
from export.raster.render import PagePen, page_pixels, render_page
from model.errors import BadInputError
from model.project.imagestore import ImageStore
from model.page.frames import Layout


def write_panels(layout: Layout, images: ImageStore, folder: Path, dpi: int | None = None) -> list[Path]:
    """Write `panel-01.png` … into `folder` (created if needed); returns the files written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BadInputError(f"{folder} is a file, not a folder: give a folder ending in / for per-panel images.")
    folder.mkdir(parents=True, exist_ok=True)
    dpi = dpi or layout.settings.dpi
    count = sum(1 for page in layout.pages for f in page.frames if not page.cover)
    digits = max(2, len(str(count)))
    written: list[Path] = []
    for page in layout.pages:
        if page.cover:
            continue  # the cover repeats a panel's picture
        image = render_page(page, layout, images, dpi)
        pen = PagePen(dpi, 0.0)
        width, height = page_pixels(page, dpi, False)
        for frame in page.frames:
            x0, y0, x1, y1 = pen.box(frame.rect)
            crop = image.crop((max(0, x0), max(0, y0), min(width, x1), min(height, y1)))
            path = folder / f"panel-{frame.number:0{digits}d}.png"
            with atomic_path(path) as tmp:
                crop.save(tmp, format="PNG", dpi=(dpi, dpi), compress_level=3)
            written.append(path)
    return written

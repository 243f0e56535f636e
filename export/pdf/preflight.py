"""Print preflight: what a printer would reject or a reader would miss, in plain sentences.

Checks each picture's effective DPI at its printed size (under 300 is a warning), for a print-shop PDF its
total ink once converted to CMYK (over 300 % is a warning), text under 7 pt,
text outside the safe zone, a book whose page count a stapled (saddle-stitched) binding cannot take,
panels without a picture, and balloons that read in another order than the script's lines (which page and
panel); the layout's own warnings (words that do not fit, missing glyphs) follow.
"""
from __future__ import annotations

from dataclasses import dataclass

from export.raster.render import picture_rect
from model.page.balloons import MIN_SIZE
from model.imageload import inspect_image
from model.project.imagestore import ImageStore
from model.page.frames import Layout, safe_zone
from model.page.readingorder import order_problems

PRINT_DPI = 300
MAX_INK = 300  # total area coverage (C+M+Y+K, %) most printers accept
INK_SAMPLE_PX = 256  # ink is measured on the picture reduced to this size: areas, not single pixels


@dataclass(frozen=True)
class Finding:
    level: str  # "warning" or "ok"
    message: str

    def __str__(self) -> str:
        return f"{'warning' if self.level == 'warning' else 'ok'}: {self.message}"


def preflight(layout: Layout, images: ImageStore, bleed: bool = False, cmyk: bool = False,
              max_ink: int = MAX_INK) -> list[Finding]:
    """Every finding for this layout, warnings and passes alike, in page order. With `cmyk` (a print-shop
    PDF) each picture's total ink after conversion to the print profile is checked against `max_ink` %."""
    found: list[Finding] = []
    darkest: dict[str, float] = {}
    seen_missing: set[int] = set()
    for page in layout.pages:
        zone = safe_zone(page, bleed)
        for frame in page.frames:
            if frame.image is None or frame.image not in images:
                if frame.number not in seen_missing:
                    seen_missing.add(frame.number)
                    found.append(Finding("warning", f"Panel {frame.number} has no picture yet."))
                continue
            info = inspect_image(images.get(frame.image), f"The picture of panel {frame.number}")
            area = picture_rect(frame, page, bleed)
            dpi = _effective_dpi(info.width, info.height, area.w, area.h)
            where = f"{page.label}, panel {frame.number}"
            if dpi < PRINT_DPI:
                found.append(Finding("warning", f"{where}: the picture is {dpi:.0f} DPI at its printed size; printers want {PRINT_DPI}."))
            else:
                found.append(Finding("ok", f"{where}: the picture is {dpi:.0f} DPI at its printed size."))
            if cmyk:
                if frame.image not in darkest:
                    darkest[frame.image] = total_ink(images.get(frame.image), f"The picture of panel {frame.number}")
                ink = darkest[frame.image]
                if ink > max_ink + 0.5:
                    found.append(Finding("warning", f"{where}: the picture needs up to {ink:.0f}% total ink in CMYK; the limit is {max_ink}%."))
                else:
                    found.append(Finding("ok", f"{where}: at most {ink:.0f}% total ink in CMYK (limit {max_ink}%)."))
        lines = [ln for f in page.frames for b in f.balloons for ln in b.lines] + [ln for t in page.texts for ln in t.lines]
        small = sorted({ln.size for ln in lines if ln.size < MIN_SIZE - 1e-6})
        if small:
            found.append(Finding("warning", f"{page.label}: text set at {small[0]:.1f} pt, under the {MIN_SIZE:g} pt printers accept."))
        outside = [ln for ln in lines if ln.text.strip() and not zone.contains(ln.box, tolerance=0.5)]
        if outside:
            found.append(Finding("warning", f"{page.label}: “{outside[0].text[:30]}” is outside the safe zone ({_inches(zone.x)} in inside the trim) and may be cut off."))
    found.extend(Finding("warning", problem) for problem in order_problems(layout))
    if layout.layout == "book" and len(layout.pages) % 4:
        found.append(Finding("warning", f"The book has {len(layout.pages)} pages; a stapled book needs a multiple of 4 ({_to_four(len(layout.pages))}; padding adds a title page, a copyright page and blank pages)."))
    found.extend(Finding("warning", w) for w in layout.warnings)
    return found


def total_ink(data: bytes, what: str) -> float:
    """The most ink (C+M+Y+K in %) any area of the picture needs once converted to the print profile's CMYK."""
    from export.pdf.pdfx import to_cmyk
    from model.imageload import decode_image

    picture = decode_image(data, what).convert("RGB")
    picture.thumbnail((INK_SAMPLE_PX, INK_SAMPLE_PX))
    bands = to_cmyk(picture).split()
    from PIL import ImageMath

    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=bands[0], m=bands[1], y=bands[2], k=bands[3])
    return total.getextrema()[1] / 255 * 100


def _effective_dpi(px_w: int, px_h: int, pt_w: float, pt_h: float) -> float:
    """Pixels per printed inch of a picture scaled to cover a box (the part shown, not the whole)."""
    scale_pt_per_px = max(pt_w / px_w, pt_h / px_h)
    return 72.0 / scale_pt_per_px


def _inches(pt: float) -> str:
    return f"{pt / 72:.3g}"


def _to_four(count: int) -> str:
    up, down = 4 - count % 4, count % 4
    return f"add {up} page{'s' if up > 1 else ''} or remove {down}"


def warnings_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "warning"]

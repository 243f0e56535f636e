"""Page sizes: the named trims printers use, or "W x H in|mm|px", all converted to points."""
from __future__ import annotations

import re

from model.errors import BadInputError

PT_PER_IN = 72.0
PT_PER_MM = 72.0 / 25.4
BLEED_PT = 0.125 * PT_PER_IN  # printers' bleed: 0.125 in past the trim on every side

# Named trims in points (width, height); portrait unless the name says otherwise.
NAMED_SIZES: dict[str, tuple[float, float]] = {
    "a4": (210 * PT_PER_MM, 297 * PT_PER_MM),
    "a5": (148 * PT_PER_MM, 210 * PT_PER_MM),
    "letter": (8.5 * PT_PER_IN, 11 * PT_PER_IN),
    "8.5x8.5in": (8.5 * PT_PER_IN, 8.5 * PT_PER_IN),
    "8x10in": (8 * PT_PER_IN, 10 * PT_PER_IN),
    "11x8.5in": (11 * PT_PER_IN, 8.5 * PT_PER_IN),
}
AUTO = "auto"  # a strip page sized to its panels
# The sizes the app offers in its page-size boxes, as a user writes them.
PAGE_SIZES = ("A4", "A5", "Letter", "8.5x8.5in", "8x10in", "11x8.5in", AUTO)

_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(in|mm|px)\s*$", re.IGNORECASE)
_MIN_PT = 1 * PT_PER_IN
_MAX_PT = 200 * PT_PER_IN  # PDF's own limit is 200 in


def is_auto(page_size: str) -> bool:
    """True when the size is left to the layout (only strips size themselves to their panels)."""
    return page_size.strip().lower() == AUTO


def parse_page_size(page_size: str, dpi: int = 300) -> tuple[float, float]:
    """(width, height) in points for a named size or "W x H in|mm|px" (px at `dpi`).

    Raises BadInputError with one sentence for anything else.
    """
    key = page_size.strip().lower().replace(" ", "")
    if key in NAMED_SIZES:
        return NAMED_SIZES[key]
    match = _CUSTOM.match(page_size)
    if not match:
        names = ", ".join(["A4", "A5", "Letter", "8.5x8.5in", "8x10in", "11x8.5in"])
        raise BadInputError(
            f"Unknown page size {page_size!r}: use {names} or a size like \"6 x 9 in\", \"148 x 210 mm\" or \"3000 x 1000 px\"."
        )
    w, h, unit = float(match.group(1)), float(match.group(2)), match.group(3).lower()
    scale = {"in": PT_PER_IN, "mm": PT_PER_MM, "px": PT_PER_IN / max(1, dpi)}[unit]
    width, height = w * scale, h * scale
    if not (_MIN_PT <= width <= _MAX_PT and _MIN_PT <= height <= _MAX_PT):
        raise BadInputError(f"Page size {page_size!r} must be between 1 and 200 inches on each side.")
    return width, height


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * PT_PER_MM

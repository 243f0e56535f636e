"""How long an animatic holds each panel: the script's `Duration:` line, or the time its words take to read.

Pure functions over the model, shared by the script parser (reading `Duration: 2.5s`), the animatic
exporter and the app's preview, so all three agree on every shot's length.
"""
from __future__ import annotations

import re

from model.project.project import Panel

WORDS_PER_SECOND = 3.0  # a comfortable reading pace for dialogue on screen
CJK_PER_SECOND = 7.0  # Chinese subtitles are read at about 6-8 characters a second
MIN_SECONDS = 1.5  # a shot with few or no words still needs time to be seen
MAX_SECONDS = 600.0  # ten minutes on one panel is a typing slip, not a shot

_DURATION = re.compile(
    r"^\s*([0-9０-９]+(?:[.．][0-9０-９]*)?|[.．][0-9０-９]+)\s*"
    r"(s|sec|secs|second|seconds|秒|秒钟|ms|毫秒)?\s*$",
    re.I,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def parse_duration(text: str) -> float | None:
    """Seconds from `2.5s`, `2.5`, `1500ms`, `2.5秒` or `３秒`; None when it is not a positive duration."""
    m = _DURATION.match(text.translate(_FULL_WIDTH))
    if not m:
        return None
    try:
        value = float(m.group(1))
    except ValueError:
        return None
    if (m.group(2) or "").casefold() in ("ms", "毫秒"):
        value /= 1000.0
    if not 0 < value <= MAX_SECONDS:
        return None
    return value


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def reading_seconds(text: str) -> float:
    """Seconds to read `text` aloud in one's head: Latin words at 3 a second, CJK characters at 7."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return words / WORDS_PER_SECOND + cjk / CJK_PER_SECOND


def default_duration(panel: Panel) -> float:
    """How long a panel is held when the script gives no `Duration:`: its words' reading time, at least 1.5 s."""
    seconds = sum(reading_seconds(line.text) for line in panel.lines)
    return round(max(MIN_SECONDS, seconds), 2)


def panel_duration(panel: Panel) -> float:
    """The panel's own duration when the script sets one, else the default from its words."""
    return panel.duration if panel.duration is not None else default_duration(panel)


def format_duration(seconds: float) -> str:
    """`2.5s`: how a duration is written back into a script."""
    return f"{round(seconds, 3):g}s"

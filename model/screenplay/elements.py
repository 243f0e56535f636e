"""The elements of a screenplay, whatever format it came in: what the Fountain and FDX readers return."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ElementKind = Literal[
    "scene", "action", "character", "parenthetical", "dialogue", "transition", "centered", "note",
    "section", "synopsis", "lyric", "page_break",
]


@dataclass
class Element:
    """One paragraph of a screenplay: a scene heading, an action paragraph, a character cue …"""

    kind: str  # one of ElementKind
    text: str
    line: int = 0  # 1-based line (Fountain) or paragraph (FDX) it starts on, for messages
    extension: str = ""  # a character cue's extension: "V.O.", "O.S.", "CONT'D" (without brackets)
    dual: bool = False  # a character cue marked `^`: speaks at the same time as the previous one
    number: str = ""  # a scene heading's own scene number (`#4A#`), if the writer gave one
    level: int = 0  # a section's depth (`#` is 1, `##` is 2 …)


@dataclass
class Screenplay:
    """A screenplay's title page (key → value, keys in lower case) and its elements in order."""

    title_page: dict[str, str] = field(default_factory=dict)
    elements: list[Element] = field(default_factory=list)

"""Refinements that change a character for good, and the script line that makes later panels follow.

"From now on he wears a hat" refines one picture, but it also says something about the story: the
character wears a hat in the panels after it too. That is what a lasting detail (`+NAME: detail`, see
docs/script.md) is for. `detect_lasting` finds such an instruction (English or Chinese lasting words,
and one character: named, or the one a pronoun means when exactly one is in the panel) and the detail
it asks for; `script_with_detail` writes the `+NAME: detail` line into that panel of the script text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from model.mentions import mention_position
from model.prompt.continuity import active_details, characters_present
from model.errors import BadInputError
from model.project.project import Character, DetailChange, Panel, Project
from model.script.words import has_cjk

_EN_LASTING = [
    r"from now on(?:wards?)?", r"from here on(?: in| out|wards?)?", r"from then on(?:wards?)?",
    r"from (?:this|that|here) (?:panel|point|page|moment) (?:on(?:wards?)?|forward)", r"going forward",
    r"for the (?:rest|remainder) of the (?:story|strip|book|comic|script|panels|pages)", r"for good",
    r"permanently", r"henceforth", r"(?:in|for) (?:all|every|each) (?:later|following|remaining|subsequent|next) panels?",
    r"in every panel after this(?: one)?",
]
_ZH_LASTING = [
    r"从现在起", r"从现在开始", r"从此以后", r"从今以后", r"从今往后", r"从此", r"今后", r"此后", r"以后", r"往后",
    r"从这一?格(?:起|开始)(?:往后)?", r"(?:在)?(?:接下来|之后|后面|以后)的(?:所有|每一?个?)?(?:画格|格子|画面|故事|页)(?:里|中)?",
    r"一直到(?:最后|结尾|故事结束)", r"永远",
]
_EN_MARK = re.compile(r"(?<!\w)(?:" + "|".join(_EN_LASTING) + r")(?!\w)", re.IGNORECASE)
_ZH_MARK = re.compile("|".join(sorted(_ZH_LASTING, key=len, reverse=True)))
_EN_PRONOUNS = ("he", "she", "they", "him", "her", "his", "them", "their")
_EN_PRONOUN = re.compile(r"(?<!\w)(?:" + "|".join(_EN_PRONOUNS) + r")(?!\w)", re.IGNORECASE)
_ZH_PRONOUN = re.compile(r"他们|她们|他|她|它")
_EDGES = " \t,，、;；:：.。!！"
_MODALS = r"(?:should|will|must|shall|would|can|is going to|has to|needs to|is to)"
_ADVERBS = r"(?:now|always|also|still)"
_ZH_PUT_ON = {"戴上": "戴着", "穿上": "穿着", "披上": "披着", "留起": "留着", "留上": "留着", "换上": "穿着", "系上": "系着", "围上": "围着"}
_ZH_AUX = re.compile(r"^(?:都|也|就|会|将|要|一直|始终|总是|总|还)+")
_ZH_ECHO = re.compile(r"[，,、]\s*(?:都|也|就|会|将|要|一直|始终|总是)+.{0,3}$")


@dataclass(frozen=True)
class LastingChange:
    """A lasting detail an instruction asks for: `character` (as declared) gets `detail` from a panel on."""

    character: str
    detail: str

    def script_line(self) -> str:
        """The `+NAME: detail` line, with a full-width colon in Chinese."""
        colon = "：" if has_cjk(self.character) or has_cjk(self.detail) else ": "
        return f"+{self.character}{colon}{self.detail}"


def has_lasting_words(instruction: str) -> bool:
    """True when the instruction says it lasts ("from now on", "for the rest of the story", "从现在起", "以后" …)."""
    return bool(_EN_MARK.search(instruction) or _ZH_MARK.search(instruction))


def _named(project: Project, text: str) -> list[Character]:
    found = [c for c in project.characters if c.name and mention_position(c.name, text) >= 0]
    # "小蜗" inside a mention of "小蜗牛" is not a second character.
    return [c for c in found if not any(o is not c and c.name.casefold() in o.name.casefold() and
                                        mention_position(o.name, text) >= 0 for o in found)]


def _who(project: Project, panel: Panel, text: str) -> Character | None:
    named = _named(project, text)
    if len(named) == 1:
        return named[0]
    if named:
        return None  # two characters named: which one changes is not for us to guess
    if _EN_PRONOUN.search(text) or _ZH_PRONOUN.search(text):
        cast = characters_present(project, panel)
        return cast[0] if len(cast) == 1 else None
    return None


def _third_person(verb: str) -> str:
    low = verb.casefold()
    if low in ("be", "is"):
        return "is"
    if low in ("have", "has"):
        return "has"
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return verb + "es"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    return verb + "s"


def _english_detail(text: str, name: str) -> str:
    subject = rf"(?:the\s+)?(?:{re.escape(name)}|{'|'.join(_EN_PRONOUNS)})"
    flags = re.IGNORECASE
    text = re.sub(r"^(?:please|and|then)\s+", "", text, flags=flags)
    rules = [
        (rf"^give\s+{subject}\s+(.+)$", lambda m: f"has {m.group(1)}"),
        (rf"^make\s+{subject}\s+(.+)$", lambda m: f"is {m.group(1)}"),
        (rf"^(?:put|place)\s+(.+?)\s+on\s+{subject}$", lambda m: f"wears {m.group(1)}"),
        (rf"^dress\s+{subject}\s+in\s+(.+)$", lambda m: f"wears {m.group(1)}"),
        (rf"^let\s+{subject}\s+(\w+)(.*)$", lambda m: _third_person(m.group(1)) + m.group(2)),
        (rf"^{subject}(?:'s|’s)\s+(.+)$", lambda m: f"is {m.group(1)}"),
        (rf"^{subject}\s+{_MODALS}\s+(\w+)(.*)$", lambda m: _third_person(m.group(1)) + m.group(2)),
        (rf"^{subject}\s+{_ADVERBS}\s+(.+)$", lambda m: m.group(1)),
        (rf"^{subject}\s+(.+)$", lambda m: m.group(1)),
    ]
    for pattern, make in rules:
        if m := re.match(pattern, text, flags):
            return make(m)
    return text


def _chinese_detail(text: str, name: str) -> str:
    subject = rf"(?:{re.escape(name)}|他们|她们|他|她|它)"
    text = re.sub(r"^(?:请|然后)", "", text)
    text = re.sub(rf"^(?:给|让|叫){subject}", "", text) or text
    text = re.sub(rf"^{subject}(?:的)?", "", text)
    text = _ZH_AUX.sub("", text.lstrip(_EDGES))
    text = _ZH_ECHO.sub("", text)  # "戴上围巾，一直戴着": the echo after the comma says only that it lasts
    for put_on, wearing in _ZH_PUT_ON.items():
        if text.startswith(put_on):
            text = wearing + text[len(put_on):].removeprefix("了")
    return text


def detect_lasting(project: Project, panel: Panel, instruction: str) -> LastingChange | None:
    """The lasting detail a refinement asks for, or None.

    Only an instruction with lasting words ("from now on", "for the rest of the story", "从现在起",
    "以后 … 一直") about exactly one character counts: named, or "he"/"她" when exactly one character is
    in the panel. The detail is the instruction without its lasting words and its subject ("from now on
    he wears a hat" → "wears a hat"; "give Gary a red scarf for good" → "has a red scarf").
    """
    text = " ".join(instruction.split())
    if not has_lasting_words(text):
        return None
    who = _who(project, panel, text)
    if who is None:
        return None
    stripped = _ZH_MARK.sub("", _EN_MARK.sub(" ", text))
    stripped = " ".join(stripped.split()).strip(_EDGES)
    stripped = re.sub(r"\s+([,，。.!！])", r"\1", stripped)
    detail = _chinese_detail(stripped, who.name) if has_cjk(stripped) else _english_detail(stripped, who.name)
    detail = detail.strip(_EDGES)
    return LastingChange(who.name, detail) if detail else None


def is_active(project: Project, panel: Panel, change: LastingChange) -> bool:
    """True when the character already has this detail in this panel (nothing to add)."""
    details = active_details(project, panel).get(change.character, [])
    return change.detail.casefold() in (d.casefold() for d in details)


def _panel_index(project: Project, panel: Panel) -> int:
    for i, candidate in enumerate(project.panels):
        if candidate is panel or candidate.id == panel.id:
            return i
    raise BadInputError("That panel is no longer in the project.")


def _has_detail(text: str, index: int, change: LastingChange) -> bool:
    from model.script.panelscript import parse_script

    panels = parse_script(text).project.panels
    wanted = DetailChange(change.character, change.detail)
    return index < len(panels) and wanted in panels[index].details


def script_with_detail(project: Project, panel: Panel, change: LastingChange) -> str:
    """The project's script text with `+NAME: detail` added to `panel`'s block, the rest as written.

    The line goes after the panel's last line (before any blank lines and the next block); the result is
    parsed back to check that the panel really gained the detail.
    """
    from model.script.panelscript import parse_script
    from model.script.render import render_script

    index = _panel_index(project, panel)
    text = project.script
    parsed = parse_script(text).project.panels
    if len(parsed) != len(project.panels):
        text = render_script(project)  # the text no longer matches the panels: write them out first
        parsed = parse_script(text).project.panels
    lines = text.splitlines()
    header = parsed[index].source_line  # 1-based
    end = parsed[index + 1].source_line - 1 if index + 1 < len(parsed) else len(lines)
    last = header
    for n in range(header + 1, end + 1):
        if lines[n - 1].strip():
            last = n
    line = change.script_line()
    for after in (last, header):  # after the panel's last line; if another block sits there, after its header
        candidate = lines[:after] + [line] + lines[after:]
        result = "\n".join(candidate) + ("\n" if text.endswith("\n") or not text else "")
        if _has_detail(result, index, change):
            return result
    raise BadInputError(f"The line “{line}” could not be added to panel {index + 1} of the script.")

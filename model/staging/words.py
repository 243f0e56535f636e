"""Staging from words: `Gary left, Salesman right near` or `小蜗左，推销员右近`.

Each phrase (split at commas, semicolons and "and") names one character of the panel, or a thing its
action mentions (a prop), followed by place words: left / centre / right, near / far, small / large
(Chinese 左 / 中 / 右, 近 / 远, 小 / 大). Characters the words leave out keep the box they had, or get a
free place. An unknown name or word is one sentence with a `did you mean`; nothing is changed.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from model.cjk import has_cjk
from model.errors import BadInputError
from model.project.project import Panel, Project, StagedBox
from model.staging.boxes import clamped

HORIZONTAL = {
    "left": 0.22, "centre": 0.5, "center": 0.5, "middle": 0.5, "right": 0.78,
    "左": 0.22, "左边": 0.22, "左侧": 0.22, "中": 0.5, "中间": 0.5, "中央": 0.5, "右": 0.78, "右边": 0.78, "右侧": 0.78,
}
DEPTH = {
    "near": "near", "front": "near", "foreground": "near", "close": "near",
    "far": "far", "back": "far", "background": "far", "distant": "far",
    "近": "near", "前": "near", "前景": "near", "远": "far", "后": "far", "远处": "far", "背景": "far",
}
SIZE = {"small": 0.72, "tiny": 0.55, "large": 1.25, "big": 1.25, "huge": 1.45, "小": 0.72, "大": 1.25}
FILLER = {"the", "on", "at", "in", "stands", "standing", "is", "to", "of", "a", "an", "side", "站", "在", "边", "的"}
# Height of a standing figure's box and where its feet are, by depth (fractions of the picture).
HEIGHT = {"near": 0.8, "middle": 0.62, "far": 0.38}
FEET = {"near": 1.0, "middle": 0.97, "far": 0.74}
FREE_SLOTS = (0.22, 0.78, 0.5, 0.08, 0.92, 0.36, 0.64)
_SPLIT = re.compile(r"\s*(?:[,;，；、]|\band\b|和|与)\s*", re.IGNORECASE)
_SPLIT_MARKS = re.compile(r"\s*[,;，；、]\s*")  # when a name holds "and", 和 or 与, only marks split phrases


@dataclass
class _Phrase:
    text: str
    name: str
    prop: bool
    x: float | None = None
    depth: str | None = None
    scale: float = 1.0


def _words_of(rest: str) -> list[str]:
    """The place words left once the name is taken out: spaces for Latin, each known word for Chinese."""
    out: list[str] = []
    for token in rest.split():
        if has_cjk(token):
            i = 0
            while i < len(token):
                for size in (2, 1):
                    piece = token[i:i + size]
                    if len(piece) == size and (piece in HORIZONTAL or piece in DEPTH or piece in SIZE or piece in FILLER):
                        out.append(piece)
                        i += size
                        break
                else:
                    out.append(token[i:])  # not a place word: named as it is
                    break
        else:
            out.append(token.strip(".!").casefold())
    return [w for w in out if w]


def _find_name(phrase: str, names: list[str]) -> tuple[str, str] | None:
    """(name, the phrase without it) for the longest name the phrase contains."""
    for name in sorted(names, key=len, reverse=True):
        if has_cjk(name):
            at = phrase.find(name)
            if at >= 0:
                return name, phrase[:at] + " " + phrase[at + len(name):]
        else:
            m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", phrase, re.IGNORECASE)
            if m:
                return name, phrase[:m.start()] + " " + phrase[m.end():]
    return None


def _prop_in(phrase: str, action: str) -> tuple[str, str] | None:
    """A thing the action mentions, named at the start of the phrase ("the car far", "柜台右")."""
    place = set(HORIZONTAL) | set(DEPTH) | set(SIZE) | FILLER
    if has_cjk(phrase):
        head = phrase
        while head and any(head.endswith(w) for w in place):
            head = next(head[: -len(w)] for w in sorted(place, key=len, reverse=True) if head.endswith(w))
        head = head.strip()
        return (head, phrase[len(head):]) if head and head in action else None
    words = phrase.split()
    names = [w for w in words if w.casefold() not in place]
    if not names:
        return None
    thing = " ".join(names)
    if re.search(rf"(?<!\w){re.escape(thing)}(?!\w)", action, re.IGNORECASE):
        return thing, " ".join(w for w in words if w.casefold() in place)
    return None


def parse_staging(project: Project, panel: Panel, text: str, number: int | None = None) -> list[StagedBox]:
    """The panel's staging from words; BadInputError (one sentence, with a `did you mean`) for an unknown
    name or place word. Characters the words leave out keep their box, or stand in a free place."""
    from model.prompt.continuity import characters_present

    where = f"panel {number}" if number else "this panel"
    cast = [c.name for c in characters_present(project, panel)]
    joined = any(re.search(r"(?<!\w)and(?!\w)|和|与", name, re.IGNORECASE) for name in cast)
    phrases = [p.strip() for p in (_SPLIT_MARKS if joined else _SPLIT).split(text.strip()) if p and p.strip()]
    if not phrases:
        raise BadInputError('Say where each character stands, e.g. "Gary left, Salesman right near".')
    parsed: list[_Phrase] = []
    for phrase in phrases:
        found = _find_name(phrase, cast)
        prop = False
        if found is None:
            found = _prop_in(phrase, panel.action)
            prop = found is not None
        if found is None:
            raise BadInputError(_unknown_name(phrase, cast, where))
        name, rest = found
        if any(p.name.casefold() == name.casefold() for p in parsed):
            raise BadInputError(f"“{phrase}” places {name} a second time; give each name once.")
        item = _Phrase(phrase, name, prop)
        for word in _words_of(rest):
            if word in HORIZONTAL:
                item.x = HORIZONTAL[word]
            elif word in DEPTH:
                item.depth = DEPTH[word]
            elif word in SIZE:
                item.scale = SIZE[word]
            elif word not in FILLER:
                raise BadInputError(_unknown_word(word, phrase))
        parsed.append(item)
    return _boxes(parsed, cast, panel)


def suggested_staging(project: Project, panel: Panel) -> list[StagedBox]:
    """The panel's staging, with a box in a free place for each character present that has none yet:
    what the Stage mode shows to drag when a panel is not (fully) staged."""
    from model.prompt.continuity import characters_present

    return _boxes([], [c.name for c in characters_present(project, panel)], panel) + [b for b in panel.staging if b.prop]


def _unknown_name(phrase: str, cast: list[str], where: str) -> str:
    words = [w for w in re.split(r"\s+", phrase) if w.casefold() not in HORIZONTAL and w.casefold() not in DEPTH
             and w.casefold() not in SIZE]
    guess = " ".join(words) or phrase
    if has_cjk(guess):  # no spaces: take the place words off the end ("小窝左" names 小窝)
        place = sorted((*HORIZONTAL, *DEPTH, *SIZE), key=len, reverse=True)
        while (end := next((w for w in place if guess.endswith(w) and len(guess) > len(w)), None)):
            guess = guess[: -len(end)]
    if not cast:
        return f"“{guess}” cannot be staged: {where} shows no characters (name them in its action or lines first)."
    close = difflib.get_close_matches(guess, cast, n=1, cutoff=0.4) or difflib.get_close_matches(
        guess.casefold(), [c.casefold() for c in cast], n=1, cutoff=0.4)
    hint = ""
    if close:
        match = next(c for c in cast if c.casefold() == close[0].casefold())
        hint = f"; did you mean {match}?"
    return f"“{guess}” is not a character in {where} ({', '.join(cast)}) nor a thing its action names{hint}"


def _unknown_word(word: str, phrase: str) -> str:
    known = [w for w in (*HORIZONTAL, *DEPTH, *SIZE) if not has_cjk(w)]
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else "; use left, centre, right, near, far, small or large (左/中/右, 近/远, 小/大)."
    return f"“{word}” in “{phrase}” is not a place word{hint}"


def _boxes(parsed: list[_Phrase], cast: list[str], panel: Panel) -> list[StagedBox]:
    kept = {b.name.casefold(): b for b in panel.staging}
    named = {p.name.casefold() for p in parsed}
    boxes: list[StagedBox] = []
    taken = [p.x for p in parsed if p.x is not None] + [b.x + b.w / 2 for k, b in kept.items() if k not in named]
    # Two phrases on the same side stand side by side within it rather than on top of each other.
    spread: dict[float, list[_Phrase]] = {}
    for p in parsed:
        if p.x is not None:
            spread.setdefault(p.x, []).append(p)
    for x, group in spread.items():
        for k, p in enumerate(group):
            p.x = x + (k - (len(group) - 1) / 2) * 0.2
    for p in parsed:
        if p.x is None:
            p.x = _free_slot(taken)
            taken.append(p.x)
        boxes.append(_box(p.name, p.x, p.depth or "middle", p.scale, p.prop))
    for name in cast:  # characters the words leave out
        if name.casefold() in named:
            continue
        if name.casefold() in kept:
            boxes.append(kept[name.casefold()])
        else:
            x = _free_slot(taken)
            taken.append(x)
            boxes.append(_box(name, x, "middle", 1.0, False))
    return boxes


def _free_slot(taken: list[float]) -> float:
    for slot in FREE_SLOTS:
        if all(abs(slot - t) > 0.15 for t in taken):
            return slot
    return FREE_SLOTS[len(taken) % len(FREE_SLOTS)]


def _box(name: str, cx: float, depth: str, scale: float, prop: bool) -> StagedBox:
    h = min(0.95, HEIGHT[depth] * scale)
    w = min(0.5, h * (0.7 if prop else 0.42))
    bottom = FEET[depth] if scale <= 1.0 else min(1.0, FEET[depth] + 0.03)
    return clamped(StagedBox(name, cx - w / 2, bottom - h, w, h, depth, prop))

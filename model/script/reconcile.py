"""Re-parse an edited script onto an existing project, keeping every image with its panel.

Panels are matched by content, not by position, in three passes:
1. an alignment (difflib) of old and new panel fingerprints: untouched panels, even when others
   were inserted or deleted around them;
2. identical fingerprints among the rest: panels moved elsewhere in the script;
3. similarity of the panel text: first position by position between the same unchanged
   neighbours (a looser bar), then among all the rest: edited panels, which keep their images
   and so become stale.
A new panel with no counterpart starts empty; an old one with none is dropped with its images.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from model.script.pageheader import stated_page
from model.project.project import BalloonPlacement, Line, Panel, Project
from model.script.panelscript import ParseResult, parse_script

SIMILAR = 0.5  # anywhere in the script: clearly the same panel, edited
SIMILAR_IN_PLACE = 0.25  # between the same neighbours: an edit is the likely story
MAX_PAIRS = 4000  # beyond this many leftover pairs, compare each new panel with its NEAREST old ones only
NEAREST = 20


def _fingerprint(panel: Panel) -> tuple:
    return (panel.shot, (panel.setting or "").casefold(), panel.action, tuple(panel.lines), tuple(panel.details),
            panel.style)


def _text(panel: Panel) -> str:
    # Shot and setting are left out: they are shared by many panels and would make strangers look alike.
    words = [panel.action]
    words += [f"{line.speaker}:{line.text}" for line in panel.lines]
    words += [f"{'+' if d.added else '-'}{d.character}:{d.detail}" for d in panel.details]
    return "\n".join(words)


def match_panels(old: list[Panel], new: list[Panel]) -> dict[int, int]:
    """Which old panel (by index) each new panel (by index) continues."""
    old_fp = [_fingerprint(p) for p in old]
    new_fp = [_fingerprint(p) for p in new]
    matches: dict[int, int] = {}
    in_place: list[tuple[list[int], list[int]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_fp, new_fp, autojunk=False).get_opcodes():
        if tag == "equal":
            matches.update({j1 + k: i1 + k for k in range(i2 - i1)})
        elif tag == "replace":
            in_place.append((list(range(i1, i2)), list(range(j1, j2))))

    free_old = set(range(len(old))) - set(matches.values())
    by_fp: dict[tuple, list[int]] = {}
    for i in sorted(free_old):
        by_fp.setdefault(old_fp[i], []).append(i)
    for j in range(len(new)):
        if j not in matches and by_fp.get(new_fp[j]):
            i = by_fp[new_fp[j]].pop(0)
            matches[j] = i
            free_old.discard(i)

    texts_old = {i: _text(old[i]) for i in range(len(old))}
    texts_new = {j: _text(new[j]) for j in range(len(new))}

    def similar(i: int, j: int, bar: float) -> float:
        matcher = SequenceMatcher(None, texts_old[i], texts_new[j], autojunk=False)
        if matcher.real_quick_ratio() < bar or matcher.quick_ratio() < bar:
            return 0.0
        return matcher.ratio()

    # Edited in place, between the same unchanged neighbours: pairs that are each other's best match.
    for olds, news in in_place:
        if len(olds) * len(news) > MAX_PAIRS:
            if len(olds) != len(news):
                continue  # a large rewrite of unequal size: leave it to the nearest-neighbour pass
            scores = {(i, j): similar(i, j, SIMILAR_IN_PLACE) for i, j in zip(olds, news)}
        else:
            scores = {(i, j): similar(i, j, SIMILAR_IN_PLACE) for i in olds for j in news}
        best_new = {i: max(news, key=lambda j: scores.get((i, j), 0.0)) for i in olds}
        best_old = {j: max(olds, key=lambda i: scores.get((i, j), 0.0)) for j in news}
        for j in news:
            i = best_old[j]
            if best_new[i] == j and scores.get((i, j), 0.0) >= SIMILAR_IN_PLACE and i in free_old:
                matches[j] = i
                free_old.discard(i)

    # Edited and moved: the most similar leftovers anywhere (nearest ones only when there are many).
    free_new = [j for j in range(len(new)) if j not in matches]
    pairs = []
    for j in free_new:
        candidates = sorted(free_old)
        if len(candidates) * len(free_new) > MAX_PAIRS:
            guess = j * len(old) / max(len(new), 1)
            candidates = sorted(candidates, key=lambda i: abs(i - guess))[:NEAREST]
        for i in candidates:
            ratio = similar(i, j, SIMILAR)
            if ratio >= SIMILAR:
                pairs.append((-ratio, i, j))
    for _score, i, j in sorted(pairs):
        if i in free_old and j not in matches:
            matches[j] = i
            free_old.discard(i)
    return matches


def _carry_balloons(old: Panel, new: Panel) -> dict[int, BalloonPlacement]:
    # A placement follows its words; failing that, it stays on the line at the same place.
    placed: dict[int, BalloonPlacement] = {}
    index_of: dict[Line, list[int]] = {}
    for j, line in enumerate(new.lines):
        index_of.setdefault(line, []).append(j)
    leftovers = []
    for i, placement in sorted(old.balloons.items()):
        line = old.lines[i] if 0 <= i < len(old.lines) else None
        if line is not None and index_of.get(line):
            placed[index_of[line].pop(0)] = placement
        else:
            leftovers.append((i, placement))
    for i, placement in leftovers:
        if 0 <= i < len(new.lines) and i not in placed:
            placed[i] = placement
    return placed


def reparse(project: Project, text: str, filename: str = "<script>") -> ParseResult:
    """Parse edited script text into a new Project that keeps the old project's images and choices."""
    result = parse_script(text, filename)
    fresh = result.project
    for j, i in match_panels(project.panels, fresh.panels).items():
        old, new = project.panels[i], fresh.panels[j]
        new.id = old.id
        new.images = old.images
        new.balloons = _carry_balloons(old, new)
        new.staging = old.staging  # by name: a box whose character left the panel is simply not used
        new.error = old.error
    for character in fresh.characters:
        before = project.character(character.name)
        if before is not None:
            character.sheet = before.sheet
            character.error = before.error
    # A `Page:` line states the script's page fields; without one the project keeps its own.
    fresh.page = stated_page(project.page, fresh.page) if result.page_stated else project.page
    fresh.images = project.images
    fresh.editions = project.editions  # keyed by panel id and words, so they follow the matched panels
    fresh.cover.images, fresh.cover.error = project.cover.images, project.cover.error  # the words are the script's
    ids = {p.id for p in fresh.panels}  # edited page shapes follow the panel their page starts with
    fresh.page_shapes = {key: shape for key, shape in project.page_shapes.items() if key in ids}
    return result

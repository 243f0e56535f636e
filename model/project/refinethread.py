"""A panel's refine thread: its image versions as a conversation, each refinement a turn.

Nothing is stored for it: every version already records the version it was refined from (`parent`)
and the words that asked for it (`parameters["instruction"]`), so the thread is derived from those.
Versions are numbered v1, v2 … in the order they were made (the numbers `panelsmith thread` shows and
`refine --from` takes). The first refinement of a version continues its line; a later one from the
same version starts a branch, one step further in. A drawing or an import starts a new line, and so
does a version whose parent is no longer in the project.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from model.errors import BadInputError
from model.project.project import ImageVersion, Panel


@dataclass(frozen=True)
class Turn:
    """One version of a panel as a turn of its thread."""

    version: ImageVersion
    number: int  # 1-based, in the order the versions were made (v1, v2 …)
    instruction: str | None  # the words that made it from its parent; None for a drawing or an import
    parent: ImageVersion | None  # the version it was refined from, when that is still in the project
    parent_number: int | None  # that version's number
    depth: int  # 0 for the first line; one more for each branch it is in
    branch: bool  # it starts a branch: its parent's line was continued by an earlier turn
    orphan: bool  # it was refined from a version that is no longer in the project

    @property
    def part(self) -> bool:
        """True when only part of the parent was redrawn (through a selection; the mask is stored)."""
        return isinstance(self.version.parameters.get("part"), dict)

    @property
    def drawing(self) -> bool:
        """True when the version carries a drawing layer (`parameters["drawing"]`)."""
        return isinstance(self.version.parameters.get("drawing"), str)

    @property
    def origin(self) -> str:
        """"refined", "kept", "imported", "drawing" (the user's own) or "drawn": how the version came to be ("kept": its parent's
        picture, kept for a script change it already shows, `parameters["kept_for"]`)."""
        if self.instruction:
            return "refined"
        if self.version.parameters.get("kept_for") and self.parent is not None:
            return "kept"
        if self.drawing:
            return "drawing"
        return "imported" if self.version.backend == "import" else "drawn"


def refine_thread(panel: Panel) -> list[Turn]:
    """The panel's versions as an ordered thread: each line of turns followed by the branches from it."""
    versions = panel.images.versions
    number = {v.id: i for i, v in enumerate(versions, start=1)}
    by_id = {v.id: v for v in versions}
    children: dict[str, list[ImageVersion]] = {}
    roots: list[ImageVersion] = []
    for version in versions:
        parent = version.parent if version.parent in by_id and version.parent != version.id else None
        if parent is None:
            roots.append(version)
        else:
            children.setdefault(parent, []).append(version)

    turns: list[Turn] = []
    placed: set[str] = set()
    # Depth-first with an explicit stack (a long conversation must not hit Python's recursion limit);
    # a line is followed to its end before its branches, which come after it, innermost last.
    stack: list[tuple[ImageVersion, int, bool]] = [(root, 0, False) for root in reversed(roots)]
    while stack:
        version, depth, branch = stack.pop()
        if version.id in placed:  # a damaged file with a cycle; the schema refuses those, but be safe
            continue
        placed.add(version.id)
        parent = by_id.get(version.parent or "") if version.parent != version.id else None
        instruction = version.parameters.get("instruction")
        turns.append(Turn(version, number[version.id], instruction if isinstance(instruction, str) and instruction else None,
                          parent, number[parent.id] if parent else None, depth, branch,
                          bool(version.parent) and parent is None))
        kids = children.get(version.id, [])
        # Push branches first (popped last), then the continuation of this line on top.
        for kid in reversed(kids[1:]):
            stack.append((kid, depth + 1, True))
        if kids:
            stack.append((kids[0], depth, False))
    # Whatever a cycle kept out of reach still belongs to the thread, as lines of its own.
    for version in versions:
        if version.id not in placed:
            turns.append(Turn(version, number[version.id], None, None, None, 0, False, True))
    return turns


_NUMBER = re.compile(r"^v?(\d{1,6})$", re.IGNORECASE)


def find_version(panel: Panel, ref: str) -> ImageVersion:
    """The version `ref` names: its number in the thread (`2` or `v2`) or a prefix of its id.

    Raises BadInputError with one sentence when nothing or more than one version matches.
    """
    ref = ref.strip()
    versions = panel.images.versions
    if not versions:
        raise BadInputError("This panel has no versions yet; generate or import one first.")
    if m := _NUMBER.match(ref):
        n = int(m.group(1))
        if 1 <= n <= len(versions):
            return versions[n - 1]
        if not any(v.id.startswith(ref.casefold()) for v in versions):
            raise BadInputError(f"There is no version {ref}; this panel has versions v1 to v{len(versions)}.")
    matches = [v for v in versions if ref and v.id.startswith(ref.casefold())]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise BadInputError(f"No version of this panel is called {ref!r}; give its number (v1 to "
                            f"v{len(versions)}) or the start of its id.")
    raise BadInputError(f"{ref!r} is the start of {len(matches)} version ids; give a few more characters.")

"""The rooms and their floors: what each package may import, and no import circles between modules.

`model/` is the floor everything stands on and imports nothing above it; `generation/` and `export/` stand on
`model/` side by side and never reach into each other (or Qt); `ui/` and `cli/` are on top, and `ui/` never
imports `cli/`. Inside `model/` the subpackages are floors too (FLOORS below), and inside every room the
modules import each other without circles, so each can be read, tested and moved on its own.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("model", "generation", "export", "ui", "cli")
CORE = ("model", "generation", "export")
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
# what each top-level room may import of the others
MAY_IMPORT = {
    "model": set(),
    "generation": {"model"},
    "export": {"model"},
    "ui": {"model", "generation", "export"},
    "cli": {"model", "generation", "export", "ui"},
}
# model's own floors: a package imports only from its own floor and the ones below ("" = model's base modules)
FLOORS = {
    "": set(),
    "shapes": {""},
    "project": {"", "shapes"},
    "script": {"", "shapes", "project"},
    "prompt": {"", "shapes", "project", "script"},
    "screenplay": {"", "shapes", "project", "script"},
    "fileformat": {"", "shapes", "project", "script", "screenplay"},
    "picture": {"", "project"},
    "staging": {"", "shapes", "project", "script", "prompt"},
    "page": {"", "shapes", "project", "script", "prompt", "staging"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, skip_type_checking: bool = False) -> list[str]:
    """Every module name an import in the file names (for `from X import y`: X, and X.y in case y is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    hidden: set[int] = set()
    if skip_type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                hidden |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    names: list[str] = []
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def _sources(room: str) -> list[Path]:
    files = sorted((ROOT / room).rglob("*.py"))
    assert files, f"{room}/ has no modules"
    return files


def _known_modules() -> set[str]:
    return {_module_name(f) for room in ROOMS for f in _sources(room)}


def _resolve(name: str, known: set[str]) -> str | None:
    """The project module an import name refers to (`model.page.layout.Layout` -> `model.page.layout`)."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in known:
            return ".".join(parts)
        parts.pop()
    return None


def test_core_packages_never_import_qt_or_ui() -> None:
    offenders = []
    for room in CORE:
        for f in _sources(room):
            for name in _imports(f):
                if name.split(".")[0] in QT + ("ui", "cli"):
                    offenders.append(f"{f.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_each_room_imports_only_the_rooms_below_it() -> None:
    offenders = []
    for room in ROOMS:
        for f in _sources(room):
            for name in _imports(f):
                top = name.split(".")[0]
                if top in ROOMS and top != room and top not in MAY_IMPORT[room]:
                    offenders.append(f"{f.relative_to(ROOT)} imports {name}")
    assert offenders == []


def _model_floor(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def test_model_packages_stand_on_their_floors() -> None:
    known = _known_modules()
    floors = {_model_floor(m) for m in known if m.startswith("model.")}
    assert floors <= set(FLOORS), f"a new package in model/ needs its floor in FLOORS: {sorted(floors - set(FLOORS))}"
    offenders = []
    for f in _sources("model"):
        here = _model_floor(_module_name(f))
        for name in _imports(f, skip_type_checking=True):
            target = _resolve(name, known)
            if target and target.startswith("model.") and target != "model":
                there = _model_floor(target)
                if there != here and there not in FLOORS[here]:
                    offenders.append(f"{f.relative_to(ROOT)} ({here or 'base'}) imports {target} ({there or 'base'})")
    assert offenders == []


def test_only_the_app_builds_the_main_window() -> None:
    # The window's action modules take the narrow protocol they declare, so nothing else imports the window.
    offenders = [
        str(f.relative_to(ROOT))
        for f in _sources("ui")
        if _module_name(f) not in ("ui.window.app", "ui.window.main_window")
        and "ui.window.main_window" in {n for n in _imports(f)}
    ]
    assert offenders == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_two_modules_import_each_other_even_through_others() -> None:
    known = _known_modules()
    graph: dict[str, set[str]] = {m: set() for m in known}
    for room in ROOMS:
        for f in _sources(room):
            here = _module_name(f)
            for name in _imports(f):  # imports for type checkers too: they tie modules as much as the others
                target = _resolve(name, known)
                # a package's __init__ is only its docstring; importing a package is not an arrow to its modules
                if target and target != here and "." in target and target not in ROOMS:
                    graph[here].add(target)
    assert _cycles(graph) == []


def test_the_checkers_see_what_they_look_for(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import ui.x\ndef f():\n    from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in _imports(bad)
    assert "ui.x" in _imports(bad) and "ui.x" not in _imports(bad, skip_type_checking=True)
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []

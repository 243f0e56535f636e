"""The core rooms stay free of Qt, so they run headless, in workers and on the command line."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ("model", "generation", "export")
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_packages_never_import_qt_or_ui() -> None:
    offenders = []
    for pkg in CORE:
        files = sorted((ROOT / pkg).rglob("*.py"))
        assert files, f"{pkg}/ has no modules"
        for f in files:
            for name in _imports(f):
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{f.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_the_checker_sees_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in _imports(bad)

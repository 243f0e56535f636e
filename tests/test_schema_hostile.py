"""project.json values that are valid JSON but no project: each is one clear sentence and exit 2."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import run
from tests.test_projectfile import minimal_document, png, write_zip
from model.project.imagestore import sha256_of

IMAGE = png((1, 2, 3))
SHA = sha256_of(IMAGE)


def _version(id_: str, parent: str | None = None, **extra: object) -> dict[str, object]:
    return {"sha256": SHA, "width": 32, "height": 24, "prompt": "p", "backend": "offline",
            "created": "2026-01-01T00:00:00", "id": id_, "parent": parent, **extra}


def _panel(*versions: dict[str, object], **extra: object) -> list[dict[str, object]]:
    return [{"id": "p1", "images": {"versions": list(versions), "selected_id": versions[0]["id"]}, **extra}]


CASES = {
    "a schema_version of 5000 digits": ('{"schema_version": 1' + "0" * 4999 + ', "panels": []}', "number too long"),
    "a schema_version of 400 digits": (minimal_document(schema_version=int("9" * 400)), "impossible schema_version"),
    "JSON nested 100000 deep": ("[" * 100_000 + "]" * 100_000, "nesting too deep"),
    "an unknown shot": (minimal_document(panels=[{"id": "p1", "shot": "dutch"}]), "shot: must be one of"),
    "a cost of NaN": (minimal_document(panels=_panel(_version("v1", cost_usd=float("nan")))), "finite number"),
    "a version refined from itself": (minimal_document(panels=_panel(_version("v1", "v1"))), "from itself"),
    "two versions refined from each other": (
        minimal_document(panels=_panel(_version("v1", "v2"), _version("v2", "v1"))), "from itself"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_document_with_impossible_values_is_one_sentence_and_exit_2(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document, fragment = CASES[case]
    path = write_zip(tmp_path / "bad.panels", {"project.json": document, f"images/{SHA}.png": IMAGE})
    assert run(["info", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in lines[0], lines
    assert "recursion" not in lines[0] and "internal error" not in lines[0]


def test_a_version_whose_parent_is_gone_still_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = minimal_document(panels=_panel(_version("v2", "v1-was-dropped")))
    path = write_zip(tmp_path / "ok.panels", {"project.json": document, f"images/{SHA}.png": IMAGE})
    assert run(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["panels"][0]["versions"] == 1

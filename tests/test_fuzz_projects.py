"""Damaged `.panels` files, made by mutating a real project: every run ends in exit 0 or 2 with one sentence.

The project is the first-run example with every panel drawn offline. Each example damages it one way
(flipped bytes, a truncation, a hostile entry name, a wrong JSON type or range) and runs `info`, `prompts`
and `export` in-process through `cli.run`. Nothing may be written but the export's own output, and the
damaged file itself must stay byte for byte as it was. PANELSMITH_FUZZ_EXAMPLES raises the count locally.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import os
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("PANELSMITH_FUZZ_EXAMPLES", "150"))  # about 5 s
COMMANDS = (["info"], ["prompts"], ["export", "-o", "{out}", "--dpi", "36"])


@pytest.fixture(scope="module")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of the first-run example saved as a project with every panel drawn offline."""
    folder = tmp_path_factory.mktemp("real")
    path = folder / "s-car.panels"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert run(["new", str(ROOT / "resources/examples/s-car.txt"), "-o", str(path)]) == 0
        assert run(["generate", str(path), "--backend", "offline"]) == 0
    return path.read_bytes()


# --- ways to damage a project ----------------------------------------------------------------------


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _rezip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name), data)
    return out.getvalue()


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The places in a JSON document a value can be replaced at: every key, and of a list only its first
    and last items (so each kind of field is about as likely as another, however many panels there are)."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for index in sorted({0, len(value) - 1} if value else set()):
            yield from _paths(value[index], (*at, index))


WRONG_VALUES = [math.nan, math.inf, -math.inf, True, False, None, 1e30, -1e30, -1, 0, 10**40, "x", "", [], {},
                [None], {"": None}, 0.5, 2**63]
HOSTILE_NAMES = ["", "/", "images/", "images", "..", "a/../../x", "images/x.png", "\\", "C:x",
                 "images/" + "0" * 64 + ".png/", "project.json/", " ", "\x00", "ü" * 300]


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> tuple[str, bytes]:
    """A description of the damage and the damaged bytes."""
    kind = draw(st.sampled_from(["flip", "truncate", "name", "json"]))
    if kind == "flip":
        data = bytearray(original)
        # Anywhere, or where the structure is: the local header and document first, the central directory last.
        region = draw(st.sampled_from([(0, len(data)), (0, 4096), (max(0, len(data) - 1024), len(data))]))
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(region[0], region[1] - 1))
            data[position] ^= 1 << draw(st.integers(0, 7))
        return kind, bytes(data)
    if kind == "truncate":
        return kind, original[: draw(st.integers(0, len(original) - 1))]
    entries = [(info.filename, body) for info, body in _entries(original)]
    if kind == "name":
        index = draw(st.integers(0, len(entries)))
        name = draw(st.sampled_from(HOSTILE_NAMES))
        if index < len(entries) and draw(st.booleans()):
            entries[index] = (name, entries[index][1])  # rename a real entry
        else:
            entries.insert(index, (name, b"x"))
        return f"name {name!r}", _rezip(entries)
    document = json.loads(dict(entries)["project.json"])
    where = draw(st.sampled_from([p for p in _paths(document) if p and p[0] != "schema_version"]))
    value = draw(st.sampled_from(WRONG_VALUES))
    target = document
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    # An older format number sends the damaged document through the migrations first.
    document["schema_version"] = draw(st.sampled_from([document["schema_version"], 0, 1, 2, 3, 4]))
    body = json.dumps(document).encode("utf-8")  # Python's json writes NaN and Infinity as a hostile file would
    return f"json v{document['schema_version']} {where}={value!r}", _rezip([(n, body if n == "project.json" else b) for n, b in entries])


# --- the property ------------------------------------------------------------------------------------


def _image_entries(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name for name in zf.namelist() if name.startswith("images/")}


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = run(argv)
    return code, err.getvalue()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_damaged_project_ends_in_exit_0_or_2_with_one_sentence_and_nothing_written(
    real_project: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    how, damaged_bytes = data.draw(damaged(real_project))
    folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    path = folder / "damaged.panels"
    path.write_bytes(damaged_bytes)
    out = folder / "out.png"
    for command in COMMANDS:
        argv = [part.replace("{out}", str(out)) for part in command[:1] + [str(path)] + command[1:]]
        code, err = _run(argv)
        complaints = [line for line in err.splitlines() if line.startswith("panelsmith:")]
        assert code in (0, 2), f"{how}: {argv[0]} ended {code}: {err}"
        assert "Traceback" not in err and "internal error" not in err, f"{how}: {err}"
        if code == 2:
            assert len(complaints) == 1 and err.rstrip().endswith(complaints[0]), f"{how}: {err}"
            assert not any(folder.glob("out*")), f"{how}: {argv[0]} failed but wrote {list(folder.iterdir())}"
        with contextlib.suppress(FileNotFoundError):
            for written in folder.glob("out*"):
                written.unlink()
        if "without a picture first" in err:
            # A damage that reads as a panel never drawn (its versions emptied): export draws it and saves, as it
            # does for any project, and every picture the file held is still in it.
            assert code == 0 and _image_entries(damaged_bytes) <= _image_entries(path.read_bytes()), f"{how}: {err}"
            path.write_bytes(damaged_bytes)
        assert path.read_bytes() == damaged_bytes, f"{how}: {argv[0]} changed the damaged file"
        assert sorted(p.name for p in folder.iterdir()) == ["damaged.panels"], f"{how}: {list(folder.iterdir())}"

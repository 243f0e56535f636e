"""More hostile `.panels` files from the acceptance review: Windows-style escapes, lying sizes, broken references."""
from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from cli import run
from model.fileformat.projectfile import ProjectFileError, load_project
from tests.test_projectfile import minimal_document, write_zip


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("entry", ["..\\..\\evil.txt", "C:/evil.txt", "images/../../evil.png"])
def test_windows_escapes_and_hidden_dotdot_entries_are_refused_with_exit_2(
    tmp_path: Path, entry: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_zip(tmp_path / "slip.panels", {"project.json": minimal_document(), entry: "x"})
    with pytest.raises(ProjectFileError, match="unsafe entry"):
        load_project(path)
    assert run(["info", str(path)]) == 2
    assert "unsafe entry" in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_a_project_json_whose_size_header_lies_is_refused_without_inflating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lie.panels"
    document = minimal_document()[:-1] + ', "pad": "' + " " * 5_000_000 + '"}'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.json", document)
    data = bytearray(path.read_bytes())
    # claim 1000 bytes in both the local header and the central directory
    struct.pack_into("<I", data, 22, 1000)
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 1000)
    path.write_bytes(bytes(data))
    assert run(["prompts", str(path)]) == 2
    _one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("panels", "pattern"),
    [
        ([{"id": "p"}, {"id": "p"}], "same id"),
        ([{"id": "p", "images": {"versions": [], "selected_id": "nope"}}], "selects an image version"),
    ],
)
def test_inconsistent_documents_are_one_sentence(tmp_path: Path, panels: list[dict[str, object]], pattern: str) -> None:
    path = write_zip(tmp_path / "odd.panels", {"project.json": minimal_document(panels=panels)})
    with pytest.raises(ProjectFileError, match=pattern) as caught:
        load_project(path)
    assert "\n" not in str(caught.value)


def test_a_project_json_in_utf16_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "u16.panels", {"project.json": json.dumps({"schema_version": 1}).encode("utf-16")})
    with pytest.raises(ProjectFileError, match="not UTF-8"):
        load_project(path)

"""The holes an outside fuzzing run found (issue 19): damaged zips, wrong JSON types, pipes and devices,
damaged stored pictures. Each ends in exit 2 with one sentence, and nothing is written."""
from __future__ import annotations

import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from cli import run
from model.errors import ProjectFileError, ScriptError
from model.fileformat.projectfile import load_project, save_project, verify_images
from model.fileformat.documents import open_document, read_script_text
from model.project.project import Panel, Project
from tests.test_projectfile import minimal_document, png, version_for, write_zip

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


def _one_sentence(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err and "internal error" not in err, err
    return lines[0]


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str], pattern: str) -> str:
    assert run(argv) == 2
    line = _one_sentence(capsys)
    assert pattern in line, line
    return line


def _noise(seed: int, size: tuple[int, int]) -> bytes:
    """A PNG that does not compress (so its stored bytes are as large as its pixels)."""
    image = Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _project_with_pictures(path: Path, pictures: int = 2, size: tuple[int, int] = (64, 48)) -> Project:
    project = Project(title="T", panels=[Panel(action=f"Panel {i}.") for i in range(pictures)])
    for i, panel in enumerate(project.panels):
        data = _noise(i, size)
        project.images.put(data)
        panel.images.add(version_for(project, data))
    save_project(project, path)
    return project


# --- damaged zips ---------------------------------------------------------------------------------


def test_a_damaged_compressed_entry_is_a_damaged_file_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "zlib.panels"
    document = minimal_document(title="a title long enough to be deflated " * 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.json", document)
    data = bytearray(path.read_bytes())
    start = 30 + len("project.json")  # the compressed stream follows the local header
    for offset in range(start + 5, start + 25):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectFileError, match="damaged"):
        load_project(path)
    _refused(["info", str(path)], capsys, "damaged")


def test_a_zip_header_claiming_an_impossible_version_is_a_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_zip(tmp_path / "version.panels", {"project.json": minimal_document()})
    data = bytearray(path.read_bytes())
    data[data.rfind(b"PK\x01\x02") + 6] = 97  # "version needed to extract": 9.7
    path.write_bytes(bytes(data))
    _refused(["prompts", str(path)], capsys, "damaged")


def test_an_entry_with_an_empty_name_is_a_damaged_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty-name.panels"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.json", minimal_document())
        zf.writestr(zipfile.ZipInfo(""), b"x")
    _refused(["info", str(path)], capsys, "entry with no name")


# --- wrong JSON types and ranges are refused when the file is read -------------------------------


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"schema_version": 2, "panels": float("nan")}, "panels"),
        ({"schema_version": 2, "panels": True}, "panels"),
        ({"schema_version": 0, "panels": 1e30}, "panels"),
        ({"page": {"margin_mm": 1e30}}, "page.margin_mm"),
        ({"page": {"dpi": 10**40}}, "page.dpi"),
        ({"page": {"grid_rows": 0}}, "page.grid_rows"),
        ({"panels": [{"id": "p", "lines": [{"kind": "speech", "text": "hi"}],
                      "balloons": [{"line": 0, "x": 1e300, "y": 0.5}]}]}, "balloons[1].x"),
    ],
)
def test_a_wrong_type_or_an_impossible_value_is_named_when_the_file_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, object], where: str
) -> None:
    path = write_zip(tmp_path / "types.panels", {"project.json": json.dumps(
        {**json.loads(minimal_document()), **changes})})
    with pytest.raises(ProjectFileError, match="damaged") as caught:
        load_project(path)
    assert where in str(caught.value)
    _refused(["export", str(path), "-o", str(tmp_path / "out.png")], capsys, "damaged")
    assert not (tmp_path / "out.png").exists()


def test_an_old_file_with_every_page_value_at_its_limit_still_opens(tmp_path: Path) -> None:
    page = {"margin_mm": 100.0, "padding_mm": 100.0, "gutter_mm": 100.0, "border_width_pt": 20.0,
            "corner_radius_mm": 30.0, "dpi": 36, "grid_rows": 8, "grid_columns": 8}
    path = write_zip(tmp_path / "limits.panels", {"project.json": minimal_document(schema_version=4, page=page)})
    assert load_project(path).page.grid_rows == 8


# --- only regular files are read ------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("name", ["pipe.panels", "pipe.txt"])
@pytest.mark.parametrize("command", [["info"], ["prompts"], ["export", "-o", "OUT"]])
def test_a_fifo_is_refused_at_once_instead_of_blocking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, command: list[str]
) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)  # no writer: opening it for reading the ordinary way would wait forever
    argv = [command[0], str(fifo), *(str(tmp_path / "out.png") if a == "OUT" else a for a in command[1:])]
    _refused(argv, capsys, "not an ordinary file")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@posix_only
@pytest.mark.parametrize("name", ["zero.panels", "zero.txt"])
def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path, name: str) -> None:
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    with pytest.raises((ProjectFileError, ScriptError), match="not an ordinary file"):
        open_document(link)


@posix_only
def test_a_script_link_to_dev_zero_is_refused_by_the_script_reader(tmp_path: Path) -> None:
    link = tmp_path / "endless.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(ScriptError, match="not an ordinary file"):
        read_script_text(link)


def test_a_link_to_an_ordinary_project_still_opens(tmp_path: Path) -> None:
    _project_with_pictures(tmp_path / "real.panels")
    link = tmp_path / "link.panels"
    try:
        link.symlink_to(tmp_path / "real.panels")
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    assert len(load_project(link).panels) == 2


# --- a damaged stored picture is called damaged ---------------------------------------------------


def _damage_picture(path: Path, digest: str) -> None:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(f"images/{digest}.png")
    body = info.header_offset + 30 + len(info.filename)  # stored, so the PNG's bytes follow the local header
    data[body + info.file_size - 40] ^= 0xFF  # in the pixel data: the header still reads, the CRC does not
    path.write_bytes(bytes(data))


def test_a_small_damaged_picture_is_left_out_at_open_and_its_panel_says_it_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pictures.panels"
    project = _project_with_pictures(path, size=(24, 16))  # small enough that opening reads it whole
    _damage_picture(path, project.panels[1].images.selected.sha256)  # type: ignore[union-attr]
    opened = load_project(path)
    assert opened.panels[0].images.selected is not None and opened.panels[0].error is None
    assert opened.panels[1].images.selected is None
    assert "panel 2 is damaged" in (opened.panels[1].error or "")
    assert run(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "panel 2 is damaged" in out and "moved" not in out
    before = path.read_bytes()
    assert run(["export", str(path), "-o", str(tmp_path / "out.png"), "--dpi", "36"]) == 0
    assert "panel 2 is damaged" in capsys.readouterr().err
    assert path.read_bytes() == before  # not redrawn and saved over: the damaged project stays as it was


def test_a_large_damaged_picture_is_called_damaged_by_info_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pictures.panels"
    project = _project_with_pictures(path, size=(200, 150))  # larger than what opening reads of it
    _damage_picture(path, project.panels[1].images.selected.sha256)  # type: ignore[union-attr]
    assert load_project(path).panels[1].images.selected is not None
    line = _refused(["info", str(path)], capsys, "damaged")
    assert "moved" not in line and "panel 2" in line
    line = _refused(["export", str(path), "-o", str(tmp_path / "out.png")], capsys, "damaged")
    assert "moved" not in line
    assert not (tmp_path / "out.png").exists()


def test_a_picture_cut_short_under_its_own_checksum_is_found_by_info(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cut.panels"
    project = Project(title="T", panels=[Panel(action="A snail.")])
    whole = png((200, 30, 30), (64, 48))
    cut = whole[: len(whole) // 2]  # the header is intact; the pixel data is missing
    project.images.put(cut)
    project.panels[0].images.add(version_for(project, cut))
    save_project(project, path)
    with pytest.raises(ProjectFileError, match="panel 1 is damaged"):
        verify_images(load_project(path))
    _refused(["info", str(path)], capsys, "damaged")


# --- a panel with more words than it can letter ---------------------------------------------------


def test_exporting_a_panel_of_100000_lines_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "talk.txt"
    script.write_text("Title: Talk\n\n# Panel 1\nGary talks.\n" + "".join(f"Gary: Line {i}.\n" for i in range(100_000)),
                      encoding="utf-8")
    _refused(["export", str(script), "-o", str(tmp_path / "talk.png")], capsys, "100,000 lines")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.txt"]


def test_placing_more_balloons_than_a_panel_letters_stops_at_the_cap_and_says_so() -> None:
    from model.geometry import Rect
    from model.page.balloons import MAX_BALLOONS, place_balloons
    from model.project.project import Line

    lines = [Line(kind="caption", text=f"Line {i}.") for i in range(MAX_BALLOONS + 1000)]
    balloons, warnings = place_balloons(lines, Rect(0, 0, 2000, 2000), {}, {})
    assert len(balloons) == MAX_BALLOONS
    assert any(f"only the first {MAX_BALLOONS}" in w for w in warnings)

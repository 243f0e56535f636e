"""The `.panels` file: a faithful round trip, atomic saves, and hostile files refused in one sentence."""
from __future__ import annotations

import dataclasses
import io
import json
import os
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

import model.fileformat.projectfile as projectfile
from model.errors import PanelsmithError, ProjectFileError, ScriptError
from model.project.project import (
    BalloonPlacement,
    Character,
    DetailChange,
    ImageVersion,
    Line,
    PageSettings,
    Panel,
    Project,
    Setting,
    StagedBox,
)
from model.shapes.shape import Inset
from model.shapes.templates import find_template
from model.fileformat.projectfile import SCHEMA_VERSION, load_project, save_project, verify_images
from model.fileformat.documents import open_document
from model.fileformat.schema import BalloonDoc, ImagesDoc, LineDoc, PageDoc, PanelDoc, ProjectDoc, VersionDoc


def png(color: tuple[int, int, int], size: tuple[int, int] = (32, 24)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def version_for(project: Project, data: bytes, **extra: object) -> ImageVersion:
    digest = project.images.put(data)
    return ImageVersion(sha256=digest, width=32, height=24, prompt="a snail", backend="offline", **extra)  # type: ignore[arg-type]


def sample_project() -> Project:
    """A project with every field away from its default, in English and Chinese."""
    project = Project(title="S-Car Go / 蜗牛跑车", author="Ana", style="ink and watercolour", layout="grid")
    project.page = PageSettings(page_size="Letter", margin_mm=12.5, direction="rtl", dpi=150, book_text="over")
    snail = Character("Snail", "a small snail with a green shell / 一只小蜗牛")
    sheet = version_for(project, png((0, 200, 0)), model="gpt-image-1", cost_usd=0.04)
    snail.sheet.add(sheet)
    project.characters = [snail, Character("Salesman", "tall, grey suit")]
    project.settings = [Setting("Showroom", "a luxury car showroom"), Setting("高速公路", "a highway")]
    first = Panel(shot="wide", setting="Showroom", action="The snail stands at the counter.", source_line=7)
    first.lines = [Line("caption", "Monday."), Line("speech", "我想要最快的跑车。", "Snail"), Line("sfx", "VROOM")]
    first.details = [DetailChange("Snail", "a red cap"), DetailChange("Snail", "a red cap", added=False)]
    first.balloons = {1: BalloonPlacement(0.3, 0.2, 0.4, 0.6), 2: BalloonPlacement(0.8, 0.1)}
    first.staging = [StagedBox("Snail", 0.1, 0.3, 0.25, 0.6, "near"), StagedBox("counter", 0.5, 0.5, 0.4, 0.3, "far", True)]
    v1 = version_for(project, png((200, 0, 0)), parameters={"size": "1024x1024", "references": ["x"]})
    v2 = version_for(project, png((0, 0, 200)), parent=v1.id, model="gpt-image-1")
    first.images.add(v1)
    first.images.add(v2, select=False)
    first.page_layout = "splash with inset"
    second = Panel(shot=None, setting=None, action="", error="The image service refused the prompt.", page_break=True)
    project.panels = [first, second]
    shape = find_template("manga 5-panel").shape()
    shape.insets.append(Inset(0.1, 0.1, 0.3, 0.2, bordered=False))
    project.page_shapes = {second.id: shape}
    project.script = "Title: S-Car Go\n\nPanel 1 (wide) @ Showroom\nThe snail stands at the counter.\n"
    return project


def comparable(project: Project) -> dict:
    """Everything a project holds, images included by content."""
    def plain(value: object) -> object:
        if isinstance(value, list):
            return [plain(v) for v in value]
        return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value  # type: ignore[arg-type]

    fields = {f.name: plain(getattr(project, f.name)) for f in dataclasses.fields(project) if f.name != "images"}
    images = {d: project.images.get(d) for d in project.images.hashes()}
    return {"fields": fields, "images": images}


def write_zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def minimal_document(**changes: object) -> str:
    doc: dict[str, object] = {"schema_version": SCHEMA_VERSION, "title": "T", "panels": [{"id": "p1"}]}
    doc.update(changes)
    return json.dumps(doc)


# --- round trip --------------------------------------------------------------------------------


def test_a_saved_project_opens_exactly_as_it_was(tmp_path: Path) -> None:
    project = sample_project()
    path = tmp_path / "strip.panels"
    save_project(project, path)
    assert comparable(load_project(path)) == comparable(project)


def test_every_field_of_the_dataclasses_is_in_the_file_schema() -> None:
    # Someone adding a field to model.project.project must teach model.fileformat.schema about it too.
    pairs = [(Project, ProjectDoc), (Panel, PanelDoc), (PageSettings, PageDoc), (ImageVersion, VersionDoc),
             (Line, LineDoc), (BalloonPlacement, BalloonDoc)]
    for cls, doc in pairs:
        missing = {f.name for f in dataclasses.fields(cls)} - set(doc.model_fields) - {"images", "script"}
        assert missing == set(), f"{cls.__name__} fields not saved: {missing}"
    assert set(ImagesDoc.model_fields) == {"versions", "selected_id"}


def test_the_file_is_a_zip_with_json_script_and_stored_images(tmp_path: Path) -> None:
    project = sample_project()
    path = tmp_path / "strip.panels"
    save_project(project, path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert names[:2] == ["project.json", "script.txt"]
        images = [i for i in zf.infolist() if i.filename.startswith("images/")]
        assert len(images) == 3 and all(i.compress_type == zipfile.ZIP_STORED for i in images)
        for info in images:
            assert info.filename == f"images/{projectfile.sha256_of(zf.read(info))}.png"
        doc = json.loads(zf.read("project.json"))
        assert doc["schema_version"] == SCHEMA_VERSION
        assert "蜗牛跑车" in zf.read("project.json").decode("utf-8")  # readable, not \\u-escaped
        assert zf.read("script.txt").decode("utf-8") == project.script
    assert "key" not in json.dumps(doc).lower()


def test_opening_does_not_read_any_image_until_asked(tmp_path: Path) -> None:
    path = tmp_path / "strip.panels"
    save_project(sample_project(), path)
    loaded = load_project(path)
    assert all(not loaded.images.is_loaded(d) for d in loaded.images.hashes())
    selected = loaded.panels[0].images.selected
    assert selected is not None and loaded.images.get(selected.sha256).startswith(b"\x89PNG")


def test_saving_again_copies_images_without_decoding_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "strip.panels"
    save_project(sample_project(), path)
    before = path.read_bytes()
    loaded = load_project(path)

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("an image was decoded during save")

    monkeypatch.setattr(Image, "open", no_decoding)
    monkeypatch.setattr(Image.Image, "save", no_decoding)
    save_project(loaded, path)
    assert path.read_bytes() == before  # same images, same bytes, same file


def test_save_as_keeps_images_readable_after_the_old_file_is_deleted(tmp_path: Path) -> None:
    old, new = tmp_path / "old.panels", tmp_path / "new.panels"
    save_project(sample_project(), old)
    loaded = load_project(old)
    save_project(loaded, new)
    old.unlink()
    for digest in loaded.images.hashes():
        assert loaded.images.get(digest).startswith(b"\x89PNG")


def test_opening_a_script_parses_it_and_a_non_utf8_script_is_refused(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("Title: 标题\n\nPanel 1\nA snail.\nGary (yelling): who?\n", encoding="utf-8")
    opened = open_document(script)
    project = opened.project
    assert len(project.panels) == 1 and project.script.startswith("Title") and opened.is_script
    assert [d.line for d in opened.diagnostics] == [5] and str(opened.diagnostics[0]).startswith(f"{script}:5:")
    assert open_document(script, filename="s.txt").diagnostics[0].file == "s.txt"
    script.write_bytes("Panel 1\n蜗牛\n".encode("gb18030"))
    with pytest.raises(ScriptError, match="UTF-8"):
        open_document(script)
    with pytest.raises(ScriptError, match="does not exist"):
        open_document(tmp_path / "nothing.txt")


def test_a_version_0_document_is_migrated(tmp_path: Path) -> None:
    doc = {
        "schema_version": 0,
        "title": "Old",
        "panels": [{"id": "p1", "lines": [{"kind": "speech", "text": "Hi", "speaker": "A"}],
                    "balloons": {"0": {"x": 0.5, "y": 0.25}}}],
    }
    path = write_zip(tmp_path / "old.panels", {"project.json": json.dumps(doc)})
    project = load_project(path)
    assert project.panels[0].balloons == {0: BalloonPlacement(0.5, 0.25)}


def test_a_version_5_file_opens_with_no_page_breaks_or_shaped_pages(tmp_path: Path) -> None:
    doc = {"schema_version": 5, "title": "Five", "layout": "grid",
           "panels": [{"id": "p1", "style": "", "duration": None}, {"id": "p2"}], "page": {"bleed": True}}
    project = load_project(write_zip(tmp_path / "five.panels", {"project.json": json.dumps(doc)}))
    assert [(p.page_break, p.page_layout) for p in project.panels] == [(False, ""), (False, "")]
    assert project.page_shapes == {} and project.page.bleed


def test_a_page_shape_that_cannot_be_a_page_is_refused_in_one_sentence(tmp_path: Path) -> None:
    bad = {"panel": "p1", "template": "", "root": {"split": {"axis": "rows", "at": [0.7, 0.2],
                                                             "children": [{"cell": {}}, {"cell": {}}, {"cell": {}}]}}}
    path = write_zip(tmp_path / "bad.panels", {"project.json": minimal_document(page_shapes=[bad])})
    with pytest.raises(ProjectFileError, match="page shape is not possible"):
        load_project(path)
    stray = dict(bad, panel="nobody", root={"cell": {}})
    path = write_zip(tmp_path / "stray.panels", {"project.json": minimal_document(page_shapes=[stray])})
    with pytest.raises(ProjectFileError, match="starts at a panel"):
        load_project(path)


def test_a_missing_image_becomes_a_problem_of_its_panel_and_the_rest_opens(tmp_path: Path) -> None:
    path = tmp_path / "strip.panels"
    project = sample_project()
    save_project(project, path)
    lost = project.panels[0].images.versions[1].sha256
    damaged = tmp_path / "damaged.panels"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            if lost not in info.filename:
                dst.writestr(info, src.read(info))
    loaded = load_project(damaged)
    first = loaded.panels[0]
    assert [v.sha256 for v in first.images.versions] == [project.panels[0].images.versions[0].sha256]
    assert first.images.selected is first.images.versions[0]
    assert first.error is not None and "missing" in first.error
    assert loaded.characters[0].sheet.versions  # the sheet image was there and is kept


# --- saving safely -------------------------------------------------------------------------------


def test_a_save_that_fails_midway_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "strip.panels"
    save_project(sample_project(), path)
    before = path.read_bytes()
    changed = load_project(path)
    changed.title = "Changed"
    real_writestr = zipfile.ZipFile.writestr
    calls = {"n": 0}

    def failing_writestr(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # after the JSON and the script, during the first image
            raise OSError(28, "No space left on device")
        real_writestr(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing_writestr)
    with pytest.raises(PanelsmithError, match="disk is full") as caught:
        save_project(changed, path)
    assert not isinstance(caught.value, ProjectFileError)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["strip.panels"]


def test_a_failing_replace_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "strip.panels"
    save_project(sample_project(), path)
    before = path.read_bytes()

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PanelsmithError, match="could not be saved.*untouched"):
        save_project(Project(title="other"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["strip.panels"]


# --- hostile and broken files ----------------------------------------------------------------------


def bomb_png() -> bytes:
    real = png((1, 1, 1), (1, 1))
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return real[:8] + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + real[33:]


HOSTILE = {
    "not a zip": (None, "not a zip"),
    "zip-slip with ..": ({"project.json": minimal_document(), "../evil.txt": "x"}, "unsafe entry"),
    "absolute entry": ({"project.json": minimal_document(), "/etc/evil": "x"}, "unsafe entry"),
    "missing project.json": ({"script.txt": "Panel 1\n"}, "no project.json"),
    "bad JSON": ({"project.json": '{"schema_version": 1, '}, "not valid JSON"),
    "not an object": ({"project.json": "[1, 2]"}, "not a JSON object"),
    "wrong type": ({"project.json": minimal_document(title=42)}, "title"),
    "wrong nested type": (
        {"project.json": minimal_document(panels=[{"id": "p", "lines": [{"kind": "song", "text": "x"}]}])},
        r"panels\[1\]\.lines\[1\]\.kind",
    ),
    "future version": ({"project.json": minimal_document(schema_version=99)}, "newer Panelsmith"),
    "no version": ({"project.json": json.dumps({"title": "x"})}, "schema_version"),
    "decompression bomb": ({"project.json": minimal_document(), "images/" + "a" * 64 + ".png": bomb_png()},
                           "decompression bomb|too large"),
    "odd image name": ({"project.json": minimal_document(), "images/cat.png": png((1, 2, 3))}, "unexpected image"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_or_broken_file_is_refused_in_one_sentence(tmp_path: Path, case: str) -> None:
    entries, pattern = HOSTILE[case]
    path = tmp_path / "hostile.panels"
    if entries is None:
        path.write_bytes(b"just some text, not a zip at all")
    else:
        write_zip(path, entries)
    with pytest.raises(ProjectFileError, match=pattern) as caught:
        load_project(path)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "evil.txt").exists()


def test_an_image_whose_name_lies_about_its_hash_is_refused_when_read(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "lie.panels", {"project.json": minimal_document(), "images/" + "b" * 64 + ".png": png((9, 9, 9))})
    project = load_project(path)
    with pytest.raises(ProjectFileError, match="does not match its checksum"):
        verify_images(project)


def test_a_json_document_over_the_cap_is_refused_without_reading_it_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projectfile, "MAX_JSON_BYTES", 1000)
    path = write_zip(tmp_path / "big.panels", {"project.json": minimal_document(title="x" * 5000)})
    with pytest.raises(ProjectFileError, match="larger than"):
        load_project(path)


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projectfile, "MAX_ENTRIES", 5)
    entries: dict[str, bytes | str] = {f"junk{i}": "" for i in range(6)}
    entries["project.json"] = minimal_document()
    with pytest.raises(ProjectFileError, match="entries"):
        load_project(write_zip(tmp_path / "many.panels", entries))


def test_a_missing_project_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="does not exist"):
        load_project(tmp_path / "nope.panels")


def _die_while_saving(path: Path) -> None:
    """Start saving `path` in a child process that dies without cleanup (SIGKILL) mid-write."""
    import subprocess
    import sys

    child = f"""
import os, signal, sys, zipfile
sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
from model.fileformat.projectfile import load_project, save_project
project = load_project({str(path)!r})
project.title = "half-saved"
real, calls = zipfile.ZipFile.writestr, [0]
def dying(self, *args, **kwargs):
    calls[0] += 1
    if calls[0] == 4:
        os.kill(os.getpid(), signal.SIGKILL)
    real(self, *args, **kwargs)
zipfile.ZipFile.writestr = dying
save_project(project, {str(path)!r})
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, timeout=60)
    assert done.returncode == -9


def test_a_process_killed_mid_save_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "strip.panels"
    save_project(sample_project(), path)
    before = path.read_bytes()
    _die_while_saving(path)
    assert path.read_bytes() == before
    assert load_project(path).title == sample_project().title
    # Only a hidden, partial temporary may remain; the project file itself is never half-written.
    assert all(p.name.startswith(".strip.panels.") for p in tmp_path.iterdir() if p != path)


def test_the_next_save_removes_old_temporaries_a_killed_save_left_but_never_a_fresh_one(tmp_path: Path) -> None:
    path = tmp_path / "strip.panels"
    save_project(sample_project(), path)
    _die_while_saving(path)
    (left,) = [p for p in tmp_path.iterdir() if p.name.endswith(".saving")]
    others = [tmp_path / ".other.panels.abcd1234.saving", tmp_path / ".strip.panels.notes.saving",
              tmp_path / ".strip.panels.bak"]
    for other in others:
        other.write_bytes(b"not ours")
    long_ago = time.time() - 11 * 60
    for old in [*others, left]:
        os.utime(old, (long_ago, long_ago))
    fresh = tmp_path / ".strip.panels.zz99_x1y.saving"  # another process may be writing this one now
    fresh.write_bytes(b"in progress")
    save_project(sample_project(), path)
    assert not left.exists()
    assert fresh.exists() and all(other.exists() for other in others)
    assert load_project(path).title == sample_project().title


def test_a_page_shape_left_behind_by_a_deleted_panel_is_not_saved(tmp_path: Path) -> None:
    project = sample_project()
    gone = project.panels.pop()  # the page the shape belonged to started at this panel
    assert gone.id in project.page_shapes
    path = tmp_path / "after-delete.panels"
    save_project(project, path)
    assert load_project(path).page_shapes == {}

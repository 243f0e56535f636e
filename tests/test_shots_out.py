"""Out to production: the shot list (CSV, PDF) and the editor's timeline (OTIO and its adapters), each read back."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import opentimelineio as otio
import pytest
from pypdf import PdfReader

from cli import run
from export.timeline.build import RATE, frames
from model.fileformat.projectfile import load_project
from model.script.scenes import scenes, shot_rows
from model.script.timing import panel_duration

HERE = Path(__file__).parent / "screenplays"


@pytest.fixture
def film(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "film.panels"
    assert run(["new", str(HERE / "kitchen.fdx"), "-o", str(out)]) == 0
    assert run(["export", str(out), "-o", str(tmp_path / "warmup.otio"), "--backend", "offline"]) == 0  # draws every still
    capsys.readouterr()
    return out


def test_the_shot_list_csv_has_a_row_per_shot(film: Path, tmp_path: Path) -> None:
    assert run(["export", str(film), "-o", str(tmp_path / "shots.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "shots.csv").read_text(encoding="utf-8-sig"))))
    project = load_project(film)
    assert [r["Shot"] for r in rows] == ["1A", "1B", "1C", "2A"]
    assert [r["Scene"] for r in rows] == ["1", "1", "1", "2"]
    assert rows[0]["Scene heading"] == "INT. KITCHEN - NIGHT" and rows[0]["Shot size"] == "wide"
    assert rows[1]["Dialogue"] == "Maya (whisper): Who ate the cake?\nLeo (O.S.): Not me!"
    assert rows[2]["Notes"] == "CUT TO:"
    assert [float(r["Duration (s)"]) for r in rows] == [panel_duration(p) for p in project.panels]


def test_the_shot_list_pdf_groups_shots_under_scene_headings(film: Path, tmp_path: Path) -> None:
    assert run(["export", str(film), "-o", str(tmp_path / "shots.pdf"), "--layout", "shotlist"]) == 0
    reader = PdfReader(tmp_path / "shots.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert text.index("INT. KITCHEN - NIGHT") < text.index("1A") < text.index("1C") < text.index("EXT. GARDEN - DAY") < text.index("2A")
    assert "Who ate the cake?" in text
    assert sum(len(page.images) for page in reader.pages) == 4  # a thumbnail per shot


def test_shotlist_layout_needs_a_pdf(film: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["export", str(film), "-o", str(tmp_path / "x.png"), "--layout", "shotlist"]) == 2
    assert not (tmp_path / "x.png").exists()


def test_the_otio_timeline_has_a_clip_per_shot_with_its_still_and_duration(film: Path, tmp_path: Path) -> None:
    target = tmp_path / "cut" / "film.otio"
    target.parent.mkdir()
    assert run(["export", str(film), "-o", str(target)]) == 0
    timeline = otio.adapters.read_from_file(str(target))
    clips = list(timeline.find_clips())
    project = load_project(film)
    assert [c.name for c in clips] == ["1A", "1B", "1C", "2A"]
    assert [c.duration().value for c in clips] == [frames(panel_duration(p)) for p in project.panels]
    assert all(c.duration().rate == RATE for c in clips)
    for clip in clips:
        still = Path(otio.url_utils.filepath_from_url(clip.media_reference.target_url))
        assert still.parent == tmp_path / "cut" / "film_stills" and still.read_bytes()[:4] == b"\x89PNG"
    markers = [(c.name, m.name) for c in clips for m in c.markers]
    assert markers == [("1A", "Scene 1: INT. KITCHEN - NIGHT"), ("2A", "Scene 2: EXT. GARDEN - DAY")]
    assert clips[1].metadata["panelsmith"]["dialogue"] == "Maya (whisper): Who ate the cake?\nLeo (O.S.): Not me!"


@pytest.mark.parametrize("suffix,adapter", [(".xml", "fcp_xml"), (".fcpxml", "fcpx_xml"), (".edl", "cmx_3600")])
def test_each_adapter_file_reads_back_with_its_adapter(film: Path, tmp_path: Path, suffix: str, adapter: str) -> None:
    target = tmp_path / f"film{suffix}"
    assert run(["export", str(film), "-o", str(target)]) == 0
    timeline = otio.adapters.read_from_file(str(target), adapter_name=adapter)
    clips = list(timeline.find_clips())
    project = load_project(film)
    assert len(clips) == 4
    assert [c.duration().rescaled_to(RATE).value for c in clips] == [frames(panel_duration(p)) for p in project.panels]
    assert [c.name for c in clips] == ["1A", "1B", "1C", "2A"]


def test_a_reordered_cut_with_a_new_clip_comes_back_to_the_board(film: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "film.otio"
    assert run(["export", str(film), "-o", str(target)]) == 0
    timeline = otio.adapters.read_from_file(str(target))
    track = timeline.tracks[0]
    clips = list(track)
    track[:] = []
    new_clip = otio.schema.Clip(name="2B", source_range=otio.opentime.TimeRange(
        otio.opentime.RationalTime(0, RATE), otio.opentime.RationalTime(48, RATE)))
    for clip in [clips[3], clips[0], clips[1], clips[2], new_clip]:  # the garden first, and a shot the editor added
        track.append(clip)
    clips[0].source_range = otio.opentime.TimeRange(otio.opentime.RationalTime(0, RATE), otio.opentime.RationalTime(72, RATE))
    otio.adapters.write_to_file(timeline, str(target))
    capsys.readouterr()
    back = tmp_path / "back.panels"
    assert run(["new", str(target), "-o", str(back)]) == 0
    err = capsys.readouterr().err
    assert err.count("without a picture") == 1 and "(2B)" in err
    project = load_project(back)
    assert [p.shot_name for p in project.panels] == ["2A", "1A", "1B", "1C", "2B"]
    assert project.panels[1].duration == 3.0
    assert [s.heading for s in scenes(project)] == ["EXT. GARDEN - DAY", "INT. KITCHEN - NIGHT"]
    assert [len(p.images.versions) for p in project.panels] == [1, 1, 1, 1, 0]
    assert project.panels[2].lines[0].kind == "whisper" and project.character("Maya").description  # type: ignore[union-attr]
    assert [r.name for r in shot_rows(project)] == ["2A", "1A", "1B", "1C", "2B"]


def test_a_timeline_that_is_not_one_is_refused_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "film.otio"
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "back.panels"
    assert run(["new", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "could not be read as a timeline" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_storyboard_sheet_starts_each_scene_under_its_heading_with_shot_names() -> None:
    from model.page.layout import layout_project
    from model.screenplay.reading import import_screenplay

    project = import_screenplay(HERE / "kitchen.fdx").project
    layout = layout_project(project, project.page, "storyboard")
    texts = [[line.text for block in page.texts for line in block.lines] for page in layout.pages]
    assert [page.label for page in layout.pages] == ["Scene 1 INT. KITCHEN - NIGHT", "Scene 2 EXT. GARDEN - DAY"]
    assert texts[0][0] == "Scene 1 · INT. KITCHEN - NIGHT" and "1A · wide" in texts[0] and "1C · close-up" in texts[0]
    assert texts[1][0] == "Scene 2 · EXT. GARDEN - DAY" and "2A · wide" in texts[1]
    assert [len(page.frames) for page in layout.pages] == [3, 1]


@pytest.mark.parametrize("suffix", [".xml", ".fcpxml", ".edl"])
def test_a_cut_from_an_editors_xml_or_edl_comes_back_with_its_words(film: Path, tmp_path: Path, suffix: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"film{suffix}"
    assert run(["export", str(film), "-o", str(target)]) == 0
    back = tmp_path / "back.panels"
    assert run(["new", str(target), "-o", str(back)]) == 0
    assert "without a picture" not in capsys.readouterr().err
    original, project = load_project(film), load_project(back)
    assert [p.shot_name for p in project.panels] == ["1A", "1B", "1C", "2A"]
    assert [p.lines for p in project.panels] == [p.lines for p in original.panels]
    assert [s.heading for s in scenes(project)] == [s.heading for s in scenes(original)]
    assert project.character("Maya").description == original.character("Maya").description  # type: ignore[union-attr]


def test_a_still_carries_its_shot_without_changing_the_picture() -> None:
    from PIL import Image

    from export.timeline.stillinfo import read_info, with_info
    from tests.test_projectfile import png

    plain = png((200, 10, 10))
    marked = with_info(plain, {"shot": {"name": "4A", "dialogue": "小蜗：你好"}})
    assert read_info(marked) == {"shot": {"name": "4A", "dialogue": "小蜗：你好"}} and read_info(plain) == {}
    with Image.open(io.BytesIO(marked)) as image:
        image.load()
        assert image.getpixel((0, 0)) == (200, 10, 10)
    assert read_info(marked[:40]) == {} and read_info(b"not a png") == {}
    broken = marked.replace(b'"4A"', b'"4A}')
    assert read_info(broken) == {}


def test_an_editors_xml_with_an_external_entity_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    bad = tmp_path / "cut.xml"
    bad.write_text(f'<?xml version="1.0"?><!DOCTYPE xmeml [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
                   '<xmeml version="4"><sequence><name>&s;</name></sequence></xmeml>', encoding="utf-8")
    out = tmp_path / "back.panels"
    assert run(["new", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "refused" in err and "TOP SECRET" not in err and not out.exists()

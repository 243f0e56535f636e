"""Screenplays in: Fountain and Final Draft files become scenes, settings, characters and panels."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from cli import run
from model.fileformat.projectfile import load_project
from model.script.scenes import read_heading, scenes, shot_names
from model.screenplay.fdx import ScreenplayError, parse_fdx
from model.screenplay.reading import MAX_SCREENPLAY_BYTES, import_screenplay
from model.script.panelscript import parse_script
from model.script.render import render_script

HERE = Path(__file__).parent / "screenplays"


def test_a_fountain_screenplay_becomes_scenes_settings_characters_and_shots() -> None:
    project = import_screenplay(HERE / "brick.fountain").project
    assert project.title == "BRICK & STEEL\nFULL RETIRED".replace("\n", " ") and project.author == "Stu Maschwitz"
    assert project.layout == "storyboard"
    assert [(s.number, s.heading) for s in scenes(project)] == [(1, "EXT. BRICK'S PATIO - DAY"), (2, "INT. TRAILER HOME - DAY")]
    assert [s.name for s in project.settings] == ["Brick's Patio", "Trailer Home"]
    assert [c.name for c in project.characters] == ["Steel", "Brick"]
    brick = project.character("Brick")
    assert brick is not None and brick.description.startswith("But BRICK BRADDOCK, retired police detective")
    assert list(shot_names(project).values()) == ["1A", "1B", "1C", "1D", "2A", "2B"]
    # one panel per action paragraph, one per exchange (a speech and its reply)
    first, second, talk, reply, trailer, voice = project.panels
    assert first.setting == "Brick's Patio" and first.shot == "wide" and "gorgeous day" in first.action
    assert [(line.speaker, line.text) for line in talk.lines] == [("Steel", "Beer's ready!"), ("Brick", "Are they cold?")]
    assert [(line.speaker, line.text) for line in reply.lines] == [("Steel", "Does a bear crap in the woods?")]
    assert trailer.setting == "Trailer Home"


def test_transitions_and_notes_are_panel_notes_not_lettering() -> None:
    project = import_screenplay(HERE / "brick.fountain").project
    patio = [p for p in project.panels if p.scene.startswith("EXT.")]
    assert patio[-1].notes == "CUT TO:"
    assert all("CUT TO" not in line.text for p in project.panels for line in p.lines)


def test_off_screen_and_voice_over_lines_are_captions_with_the_speakers_name() -> None:
    project = import_screenplay(HERE / "brick.fountain").project
    voice = project.panels[-1]
    assert [(line.kind, line.text, line.speaker) for line in voice.lines] == [("caption", "Steel (V.O.): They're in here.", None)]


def test_whispering_and_shouting_parentheticals_become_whisper_and_shout() -> None:
    project = import_screenplay(HERE / "kitchen.fdx").project
    kinds = [(line.kind, line.speaker) for p in project.panels for line in p.lines]
    assert ("whisper", "Maya") in kinds and ("shout", "Maya") in kinds


def test_a_hand_written_final_draft_file_reads_like_its_fountain_twin() -> None:
    project = import_screenplay(HERE / "kitchen.fdx").project
    assert (project.title, project.author) == ("The Cake", "Ana Ruiz")
    assert [s.heading for s in scenes(project)] == ["INT. KITCHEN - NIGHT", "EXT. GARDEN - DAY"]
    maya = project.character("Maya")
    assert maya is not None and "paint-flecked overalls" in maya.description
    lines = [(line.kind, line.text) for p in project.panels for line in p.lines]
    assert lines == [("whisper", "Who ate the cake?"), ("caption", "Leo (O.S.): Not me!"), ("shout", "Leo!"),
                     ("caption", "Leo (O.S.): Maya!")]
    assert "CUT TO:" in project.panels[-2].notes
    assert read_heading(scenes(project)[0].heading) == read_heading("INT. KITCHEN - NIGHT")
    assert (read_heading("INT. KITCHEN - NIGHT").place, read_heading("INT. KITCHEN - NIGHT").time) == ("INT", "NIGHT")


def test_the_imported_storyboard_is_a_panel_script_that_reads_back_the_same() -> None:
    for name in ("brick.fountain", "kitchen.fdx"):
        project = import_screenplay(HERE / name).project
        result = parse_script(project.script)
        assert result.diagnostics == []
        shape = lambda p: [(x.scene, x.shot_name, x.shot, x.setting, x.action, x.lines, x.notes) for x in p.panels]  # noqa: E731
        assert shape(result.project) == shape(project)
        assert render_script(result.project) == project.script


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE FinalDraft [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE FinalDraft [<!ENTITY x "boom">]>',
    '<!DOCTYPE FinalDraft SYSTEM "http://127.0.0.1:9/fd.dtd">',
])
def test_final_draft_files_with_a_doctype_or_entities_are_refused(doctype: str) -> None:
    data = f'<?xml version="1.0"?>{doctype}<FinalDraft><Content><Paragraph Type="Action"><Text>&x;</Text></Paragraph></Content></FinalDraft>'
    with pytest.raises(ScreenplayError, match="DOCTYPE or entities"):
        parse_fdx(data.encode(), "evil.fdx")


def test_broken_xml_is_refused_with_line_and_column() -> None:
    with pytest.raises(ScreenplayError, match=r"bad.fdx:2:\d+: the Final Draft file is not well-formed"):
        parse_fdx(b"<FinalDraft>\n<Content></Contents></FinalDraft>", "bad.fdx")


def new(tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    out = tmp_path / "film.panels"
    code = run(["new", str(source), "-o", str(out)])
    return code, capsys.readouterr().err, out


def test_panelsmith_new_makes_a_project_from_fountain_and_fdx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("brick.fountain", "kitchen.fdx"):
        out = tmp_path / f"{name}.panels"
        assert run(["new", str(HERE / name), "-o", str(out)]) == 0
        project = load_project(out)
        assert project.panels and all(p.scene and p.shot_name for p in project.panels)
        assert project.script.startswith("Title:")


def test_a_screenplay_without_scene_headings_is_one_scene_said_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bare.fountain"
    source.write_text("Ana opens the door.\n\nANA\nHello?\n\nNo one answers.\n", encoding="utf-8")
    code, err, out = new(tmp_path, source, capsys)
    assert code == 0 and err.count("no scene headings") == 1
    project = load_project(out)
    assert len(scenes(project)) == 1 and [shot_names(project)[p.id] for p in project.panels] == ["1A", "1B", "1C"]


def test_a_10_mb_file_is_refused_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "huge.fountain"
    source.write_bytes(b"INT. A - DAY\n\n" + b"Words. " * (10 * 1024 * 1024 // 7))
    assert source.stat().st_size > MAX_SCREENPLAY_BYTES
    code, err, out = new(tmp_path, source, capsys)
    assert code == 2 and "larger than 5 MB" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_invalid_utf8_names_the_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "latin1.fountain"
    source.write_bytes("INT. CAFÉ - DAY\n\n".encode() + "Zoë sits.".encode("latin-1"))
    code, err, out = new(tmp_path, source, capsys)
    assert code == 2 and f"{source}:3:3: the screenplay is not UTF-8" in err
    assert not out.exists()


def test_an_fdx_with_an_external_entity_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    source = tmp_path / "evil.fdx"
    source.write_text(f'<?xml version="1.0"?><!DOCTYPE FinalDraft [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
                      '<FinalDraft><Content><Paragraph Type="Action"><Text>&s;</Text></Paragraph></Content></FinalDraft>',
                      encoding="utf-8")
    code, err, out = new(tmp_path, source, capsys)
    assert code == 2 and "refused" in err and "TOP SECRET" not in err
    assert not out.exists()


def test_a_version_5_project_opens_with_no_scenes(tmp_path: Path) -> None:
    doc = {"schema_version": 5, "title": "Old", "panels": [{"id": "p1", "action": "A snail.", "style": ""}],
           "page": {"bleed": False}}
    path = tmp_path / "old.panels"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.json", json.dumps(doc))
        zf.writestr("script.txt", "Panel 1\nA snail.\n")
    project = load_project(path)
    panel = project.panels[0]
    assert (panel.scene, panel.shot_name, panel.camera, panel.notes) == ("", "", "", "")
    assert shot_names(project) == {"p1": "1A"}


def test_the_image_prompt_says_interior_or_exterior_and_the_time_of_day() -> None:
    from model.prompt.compose import compose_prompt

    project = import_screenplay(HERE / "kitchen.fdx").project
    assert "Scene: interior, night." in compose_prompt(project, project.panels[0])
    assert "Scene: exterior, day." in compose_prompt(project, project.panels[-1])
    assert all(line.text not in compose_prompt(project, p) for p in project.panels for line in p.lines)


def test_a_chinese_screenplay_with_forced_cues(tmp_path: Path) -> None:
    source = tmp_path / "zh.fountain"
    source.write_text("Title: 跑车\n\n.内景 展厅 - 日\n\n小蜗走进展厅，\n看着那辆红色跑车。\n\n@小蜗\n（小声）\n好漂亮。\n\n@销售员（画外）\n欢迎光临！\n",
                      encoding="utf-8")
    project = import_screenplay(source).project
    assert [s.heading for s in scenes(project)] == ["内景 展厅 - 日"] and [s.name for s in project.settings] == ["展厅"]
    assert project.panels[0].action == "小蜗走进展厅，看着那辆红色跑车。"
    assert [(x.kind, x.speaker, x.text) for x in project.panels[1].lines] == [("whisper", "小蜗", "好漂亮。"), ("caption", None, "销售员（画外）: 欢迎光临！")]
    from model.prompt.compose import compose_prompt

    assert "Scene: interior, day." in compose_prompt(project, project.panels[0])
    zh = render_script(project, "zh")
    assert "场景标题：内景 展厅 - 日" in zh and "镜头号：1A" in zh
    back = parse_script(zh)
    assert back.diagnostics == [] and [(p.scene, p.shot_name, p.lines) for p in back.project.panels] == [
        (p.scene, p.shot_name, p.lines) for p in project.panels]


def test_a_character_called_like_a_keyword_still_speaks(tmp_path: Path) -> None:
    source = tmp_path / "k.fountain"
    source.write_text("INT. LAB - DAY\n\nNOTE\nHello.\n\nCAMERA\nClick.\n", encoding="utf-8")
    project = import_screenplay(source).project
    assert [(x.speaker, x.text) for x in project.panels[0].lines] == [("The Note", "Hello."), ("The Camera", "Click.")]
    back = parse_script(project.script).project
    assert back.panels[0].lines == project.panels[0].lines and back.panels[0].notes == ""


def test_reimporting_a_screenplay_with_force_keeps_the_pictures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "film.fountain"
    source.write_text((HERE / "brick.fountain").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "film.panels"
    assert run(["new", str(source), "-o", str(out)]) == 0
    assert run(["generate", str(out), "--backend", "offline"]) == 0
    source.write_text(source.read_text(encoding="utf-8").replace("Are they cold?", "Are they cold enough?"), encoding="utf-8")
    assert run(["new", str(source), "-o", str(out), "--force"]) == 0
    project = load_project(out)
    assert all(p.images.versions for p in project.panels)
    assert any(line.text == "Are they cold enough?" for p in project.panels for line in p.lines)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.test_roundtrip import FREE, PLAIN, projects  # noqa: E402


@st.composite
def storyboards(draw: st.DrawFn):
    """Projects whose panels run through scenes, with shot names, camera moves and notes (any language)."""
    project = draw(projects())
    headings = draw(st.lists(FREE.filter(lambda t: "\n" not in t), min_size=1, max_size=3, unique=True))
    scene = draw(st.sampled_from(["", headings[0]]))
    for panel in project.panels:
        if draw(st.booleans()):
            scene = draw(st.sampled_from(headings))
        panel.scene = scene
        panel.shot_name = draw(st.just("") | PLAIN.map(lambda t: " ".join(t.split())[:40].strip()))
        panel.camera = draw(st.just("") | FREE.map(lambda t: " ".join(t.split())))
        panel.notes = "\n".join(draw(st.lists(FREE, max_size=2)))
    return project


@settings(max_examples=150, deadline=None)
@given(storyboards(), st.sampled_from(["en", "zh"]))
def test_scenes_shot_names_camera_moves_and_notes_survive_render_and_parse(project, language) -> None:
    text = render_script(project, language)
    again = parse_script(text).project
    fields = lambda p: [(x.scene, x.shot_name, x.camera, x.notes, x.action, x.lines) for x in p.panels]  # noqa: E731
    assert fields(again) == fields(project)
    assert render_script(again, language) == text


def test_generate_and_export_take_a_screenplay_directly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "film.fdx"
    source.write_bytes((HERE / "kitchen.fdx").read_bytes())
    assert run(["generate", str(source), "--backend", "offline"]) == 0
    project = load_project(tmp_path / "film.panels")
    assert len(project.panels) == 4 and all(p.images.versions for p in project.panels)
    assert run(["export", str(source), "-o", str(tmp_path / "shots.csv")]) == 0
    assert run(["info", str(source)]) == 0
    assert "4 panels, 2 characters" in capsys.readouterr().out


def test_a_note_inside_a_speech_keeps_the_rest_of_the_speech(tmp_path: Path) -> None:
    source = tmp_path / "n.fountain"
    source.write_text("INT. LAB - DAY\n\nANA\nFirst words.[[Too long?]]\n(beat)\nSecond words.\n", encoding="utf-8")
    panel = import_screenplay(source).project.panels[0]
    assert [x.text for x in panel.lines] == ["First words.", "Second words."]
    assert panel.notes == "Too long?\nAna (beat)"


def test_words_with_no_cue_in_a_final_draft_file_are_kept_as_a_caption() -> None:
    from model.screenplay.breakdown import break_down

    play = parse_fdx(b'<FinalDraft><Content><Paragraph Type="Scene Heading"><Text>INT. LAB - DAY</Text></Paragraph>'
                     b'<Paragraph Type="Dialogue"><Text>Who said that?</Text></Paragraph></Content></FinalDraft>')
    project = break_down(play).project
    assert [(x.kind, x.text) for p in project.panels for x in p.lines] == [("caption", "Who said that?")]

"""Translated editions: stored in the project, filled by `translate` through the fake text service over
127.0.0.1 (the real SDK), and exported with the same pictures and the edition's words."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli import run
from fake_openai import TextRefusal, rate_limited
from fake_translator import FakeTranslator
from generation.text.translation import CHUNK_LINES, plan_translation
from model.project.editions import (
    Edition, LineKey, Translation, apply_edition, keys_of, line_key, name_key, title_key, untranslated, with_hand_edit,
)
from model.project.project import Line, Panel, Project
from model.fileformat.projectfile import SCHEMA_VERSION, load_project, save_project

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-editions-secret-0123456789"


@pytest.fixture
def script(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no stored key from the real user
    path = tmp_path / "s-car.txt"
    shutil.copy(ROOT / "resources/examples/s-car.txt", path)
    return path


@pytest.fixture
def project_file(script, capsys) -> Path:
    assert run(["generate", str(script), "--backend", "offline"]) == 0
    capsys.readouterr()
    return script.with_suffix(".panels")


@pytest.fixture
def translator(fake_openai, monkeypatch) -> FakeTranslator:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    fake = FakeTranslator("zh")
    fake_openai.text_responder = fake
    return fake


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return _squash(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
    return _squash("".join(page.extract_text() for page in PdfReader(path).pages))


def _pictures(path: Path) -> list[bytes]:
    return [image.data for page in PdfReader(path).pages for image in page.images]


# --- the model and the file -------------------------------------------------------------------


def test_a_version_1_project_opens_with_no_editions_and_saves_as_the_current_version(tmp_path):
    doc = {"schema_version": 1, "title": "Old", "panels": [
        {"id": "p1", "lines": [{"kind": "speech", "text": "Hello.", "speaker": "Ann"}],
         "balloons": [{"line": 0, "x": 0.5, "y": 0.2}]}]}
    path = tmp_path / "old.panels"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.json", json.dumps(doc))
        zf.writestr("script.txt", "Title: Old\n")
    project = load_project(path)
    assert project.editions == {} and project.panels[0].lines[0].text == "Hello."
    assert project.panels[0].balloons[0].x == 0.5
    save_project(project, path)
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read("project.json"))["schema_version"] == SCHEMA_VERSION


def test_editions_round_trip_through_the_file_with_their_hand_edits(tmp_path):
    panel = Panel(id="p1", lines=[Line("shout", "Wow!", "Ann"), Line("sfx", "VROOM")])
    project = Project(title="Fast", panels=[panel])
    edition = Edition("zh", {line_key(panel, panel.lines[0]): Translation("哇！"),
                             line_key(panel, panel.lines[1]): Translation("轰——", hand_edited=True)}, "en", "m1")
    project.editions["zh"] = edition
    save_project(project, tmp_path / "p.panels")
    loaded = load_project(tmp_path / "p.panels").editions["zh"]
    assert loaded.lines == edition.lines and loaded.source_language == "en" and loaded.model == "m1"


def test_translations_of_lines_removed_from_the_script_leave_the_file_and_it_stops_growing(tmp_path):
    kept, dropped = Panel(id="p1", lines=[Line("speech", "Hi.", "Ann")]), Panel(id="p2", lines=[Line("sfx", "BANG")])
    project = Project(title="Fast", panels=[kept, dropped])
    project.editions["zh"] = Edition("zh", {line_key(kept, kept.lines[0]): Translation("你好。", hand_edited=True),
                                            line_key(dropped, dropped.lines[0]): Translation("砰"),
                                            name_key("Ann"): Translation("安"), title_key(project): Translation("快")})
    path = tmp_path / "p.panels"
    project.panels.remove(dropped)  # the panel is cut from the script
    sizes = []
    for word in ("Hello.", "Hey.", "Hiya.", "Howdy."):  # the line reworded again and again, translated each time
        kept.lines[0] = Line("speech", word, "Ann")
        project.editions["zh"].lines[line_key(kept, kept.lines[0])] = Translation(f"{word}（译）", hand_edited=True)
        save_project(project, path)
        with zipfile.ZipFile(path) as archive:
            sizes.append(len(archive.read("project.json")))
    saved = load_project(path).editions["zh"].lines
    assert set(saved) == {line_key(kept, kept.lines[0]), name_key("Ann"), title_key(project)}
    assert saved[line_key(kept, kept.lines[0])] == Translation("Howdy.（译）", hand_edited=True)
    assert max(sizes) - min(sizes) <= 8  # one line's words differ in length, nothing piles up
    assert LineKey("p2", "sfx", "", "BANG") in project.editions["zh"].lines  # in memory, an undo would find it


def test_a_translation_follows_its_words_when_lines_are_inserted_above_them():
    panel = Panel(id="p1", lines=[Line("speech", "Hi.", "Ann")])
    project = Project(panels=[panel])
    project.editions["zh"] = Edition("zh", {line_key(panel, panel.lines[0]): Translation("你好。"),
                                            name_key("Ann"): Translation("安")})
    panel.lines.insert(0, Line("caption", "Morning."))
    shown = apply_edition(project, "zh")
    assert [ln.text for ln in shown.panels[0].lines] == ["Morning.", "你好。"]  # the caption keeps its own words
    assert shown.panels[0].lines[1].speaker == "安"
    assert untranslated(project, project.editions["zh"]) == [LineKey("p1", "caption", "", "Morning.")]
    assert project.panels[0].lines[1].text == "Hi."  # the project itself is untouched


def test_chunks_hold_whole_panels_and_one_request_goes_per_chunk_not_per_line():
    panels = [Panel(id=f"p{i}", action=f"Scene {i}.", lines=[Line("speech", f"Line {i}.{j} here.", "Ann") for j in range(3)])
              for i in range(50)]
    plan = plan_translation(Project(title="Long book", panels=panels), "zh")
    assert plan.lines == 152 and len(plan.chunks) == 3  # the title, a name and 150 lines
    assert all(len(c.keys) <= CHUNK_LINES for c in plan.chunks)
    for chunk in plan.chunks:  # a panel's lines never straddle two requests
        assert len({k.panel for k in chunk.keys} & {k.panel for c in plan.chunks if c is not chunk for k in c.keys}) == 0


@pytest.mark.parametrize("example", ["s-car.txt", "s-car.zh.txt"])
def test_translated_names_keep_every_speaker_where_the_original_puts_them(example):
    from model.page.frames import speaker_positions
    from model.fileformat.documents import open_document

    project = open_document(ROOT / "resources/examples" / example).project
    fake = FakeTranslator("es" if example.endswith("zh.txt") else "zh")
    project.editions["x"] = Edition("x", {k: Translation(fake.name(k.source) if k.kind == "name" else fake.words(k.source))
                                          for k in keys_of(project)})
    shown = apply_edition(project, "x")
    speakers = [ln.speaker for p in shown.panels for ln in p.lines if ln.speaker]
    assert speakers and all(s.startswith(("名", "Señor")) for s in speakers)
    for before, after in zip(project.panels, shown.panels):
        assert list(speaker_positions(project, before).values()) == list(speaker_positions(shown, after).values())
        assert len(speaker_positions(project, before)) == len(speaker_positions(shown, after))


# --- translate --------------------------------------------------------------------------------


def test_translate_fills_the_edition_in_one_request_and_info_shows_it(project_file, translator, fake_openai, capsys):
    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    out, err = capsys.readouterr()
    assert "1 request" in err and "Translated 8 lines" in out
    assert [r.path for r in fake_openai.requests] == ["/v1/responses"]
    assert translator.chunk_sizes == [8]
    assert {line["kind"] for line in translator.sent} == {"title", "name", "speech", "shout", "sfx"}
    edition = load_project(project_file).editions["zh"]
    assert len(edition.lines) == 8 and edition.source_language == "en" and not any(t.hand_edited for t in edition.lines.values())
    assert run(["info", str(project_file), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["editions"] == [{"language": "zh", "translated": 8, "untranslated": 0, "hand_edited": 0}]
    with zipfile.ZipFile(project_file) as zf:
        assert all(KEY.encode() not in zf.read(name) for name in zf.namelist())


def test_hand_edits_survive_a_new_translate_and_only_new_lines_are_sent_until_force(project_file, script, translator, capsys):
    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    project = load_project(project_file)
    key = next(k for k in keys_of(project) if k.kind == "speech")
    project.editions["zh"] = with_hand_edit(project.editions["zh"], key, "我亲手改的。")
    save_project(project, project_file)
    # A line added to the script later: untranslated until the next translate, which sends it alone.
    script.write_text(script.read_text(encoding="utf-8") + '\nCAPTION: Later that day.\n', encoding="utf-8")
    assert run(["translate", str(script), "--to", "zh"]) == 0
    out, _ = capsys.readouterr()
    assert translator.sent[-1]["text"] == "Later that day." and translator.chunk_sizes == [8, 1]
    assert "1 corrected by hand kept" in out
    edition = load_project(project_file).editions["zh"]
    assert edition.lines[key] == Translation("我亲手改的。", hand_edited=True)
    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    assert "nothing was sent" in capsys.readouterr().out and translator.chunk_sizes == [8, 1]
    assert run(["translate", str(project_file), "--to", "zh", "--force"]) == 0
    assert translator.chunk_sizes == [8, 1, 9]
    edition = load_project(project_file).editions["zh"]
    assert not edition.lines[key].hand_edited and edition.lines[key].text != "我亲手改的。"


@pytest.mark.parametrize("failure", ["refusal", "429", "malformed", "short answer", "second chunk refused"])
def test_a_failed_translate_is_one_sentence_and_leaves_the_file_byte_identical(project_file, translator, fake_openai, capsys, failure):
    if failure == "second chunk refused":  # 70 lines: two requests, the second refused after the first answered
        text = "Title: Long\n" + "".join(f"\n# Panel\nA snail waits.\nGARY: Line number {i} is here.\n" for i in range(70))
        project_file.with_suffix(".txt").write_text(text, encoding="utf-8")
        assert run(["new", str(project_file.with_suffix(".txt")), "--force"]) == 0
        fake_openai.text_responder = lambda body: TextRefusal("no") if translator.chunk_sizes else translator(body)
    elif failure == "refusal":
        fake_openai.text_responder = lambda body: TextRefusal("I can't translate that.")
    elif failure == "429":
        fake_openai.script(rate_limited(), rate_limited(), rate_limited())
    elif failure == "malformed":
        fake_openai.text_responder = lambda body: "this is not JSON {"
    else:
        translator.drop_one = True
    capsys.readouterr()
    before = project_file.read_bytes()
    assert run(["translate", str(project_file), "--to", "zh"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("panelsmith: ") and err.endswith(".") and "Traceback" not in err
    assert project_file.read_bytes() == before


def test_translate_without_a_key_or_into_the_scripts_own_language_is_bad_input(project_file, monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    before = project_file.read_bytes()
    assert run(["translate", str(project_file), "--to", "zh"]) == 2
    assert "needs an OpenAI API key" in capsys.readouterr().err
    assert run(["translate", str(project_file), "--to", "en"]) == 2
    assert "already in English" in capsys.readouterr().err
    assert run(["translate", str(project_file), "--to", "chinese!"]) == 2
    assert "not a language code" in capsys.readouterr().err
    assert project_file.read_bytes() == before


# --- export -----------------------------------------------------------------------------------


def test_a_translated_pdf_carries_the_translation_over_byte_identical_pictures(project_file, translator, tmp_path, capsys):
    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    original, chinese = tmp_path / "en.pdf", tmp_path / "zh.pdf"
    assert run(["export", str(project_file), "-o", str(original), "--layout", "book", "--dpi", "100"]) == 0
    assert run(["export", str(project_file), "-o", str(chinese), "--layout", "book", "--dpi", "100", "--edition", "zh"]) == 0
    _, err = capsys.readouterr()
    assert "not translated" not in err
    text = _pdf_text(chinese)
    edition = load_project(project_file).editions["zh"]
    for translation in edition.lines.values():
        assert _squash(translation.text) in text
    assert "fastest" not in text and "fastest" in _pdf_text(original)
    assert _pictures(chinese) == _pictures(original) and len(_pictures(original)) >= 4


def test_an_edition_with_untranslated_lines_warns_how_many_and_keeps_their_original_words(project_file, script, translator, tmp_path, capsys):
    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    script.write_text(script.read_text(encoding="utf-8") + "\nCAPTION: Later that day.\n", encoding="utf-8")
    out = tmp_path / "zh.pdf"
    assert run(["export", str(script), "-o", str(out), "--layout", "book", "--dpi", "72", "--edition", "zh", "--backend", "offline"]) == 0
    err = capsys.readouterr().err
    assert "warning: 1 line of the zh edition is not translated yet" in err
    assert "Laterthatday." in _pdf_text(out) and "我要最快的跑车" in _pdf_text(out)


def test_a_cbz_of_an_edition_names_the_editions_language(project_file, fake_openai, translator, tmp_path, capsys):
    spanish = FakeTranslator("es")
    fake_openai.text_responder = spanish
    assert run(["translate", str(project_file), "--to", "es"]) == 0
    for edition, language in (("es", "es"), (None, "en")):
        out = tmp_path / f"{edition}.cbz"
        assert run(["export", str(project_file), "-o", str(out), "--layout", "grid", "--dpi", "72"]
                   + (["--edition", edition] if edition else [])) == 0
        with zipfile.ZipFile(out) as zf:
            info = zf.read("ComicInfo.xml").decode()
        assert f"<LanguageISO>{language}</LanguageISO>" in info
        assert ("Traducido" in info) == (edition == "es")  # the title is the edition's too


def test_an_unknown_edition_is_one_sentence_naming_the_editions(project_file, translator, tmp_path, capsys):
    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    capsys.readouterr()
    assert run(["export", str(project_file), "-o", str(tmp_path / "x.pdf"), "--edition", "fr"]) == 2
    err = capsys.readouterr().err
    assert "no 'fr' edition" in err and "original, zh" in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_timeout_is_one_sentence_and_the_project_keeps_no_half_edition(fake_openai):
    from generation.errors import TimedOutError
    from generation.text.textmodel import TextModel
    from generation.text.translation import translate_project
    from model.fileformat.documents import open_document

    fake_openai.text_responder = FakeTranslator("zh")
    fake_openai.latency = 1.5
    project = open_document(ROOT / "resources/examples/s-car.txt").project
    model = TextModel(api_key=KEY, base_url=fake_openai.base_url, timeout=0.3, max_retries=0)
    with pytest.raises(TimedOutError) as caught:
        translate_project(project, plan_translation(project, "zh"), model)
    assert str(caught.value).endswith(".") and "\n" not in str(caught.value)
    assert project.editions == {}


def test_a_server_without_the_responses_api_translates_through_chat_completions(project_file, translator, fake_openai, capsys):
    fake_openai.responses_api = False
    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    assert [r.path for r in fake_openai.requests] == ["/v1/responses", "/v1/chat/completions"]
    assert len(load_project(project_file).editions["zh"].lines) == 8


def test_an_epub_and_an_animatic_of_an_edition_carry_its_words_and_language(project_file, translator, tmp_path, capsys):
    import av

    assert run(["translate", str(project_file), "--to", "zh"]) == 0
    book = tmp_path / "zh.epub"
    assert run(["export", str(project_file), "-o", str(book), "--layout", "book", "--edition", "zh"]) == 0
    edition = load_project(project_file).editions["zh"]
    with zipfile.ZipFile(book) as zf:
        pages = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xhtml"))
        opf = next(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".opf"))
    words = _squash(re.sub(r"<[^>]+>", "", pages))  # the words as a reader gets them, line breaks aside
    assert "<dc:language>zh" in opf
    assert all(_squash(t.text) in words for t in edition.lines.values())
    assert "fastest" not in words
    film = tmp_path / "zh.mp4"
    assert run(["export", str(project_file), "-o", str(film), "--size", "720p", "--edition", "zh"]) == 0
    with av.open(str(film)) as container:
        assert container.streams.video[0].frames > 0

"""`panelsmith draft` end to end: the real SDK against the fake service on 127.0.0.1, then `new` and `generate`."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli import run
from fake_openai import TextRefusal, rate_limited, request_texts
from model.fileformat.projectfile import load_project
from model.script.panelscript import parse_script
from model.prompt.status import panel_status

KEY = "sk-test-draft-secret-0123456789"


def fox_draft(panels: int = 3, language: str = "en") -> dict:
    """A draft as a text model answers it (the JSON the schema asks for)."""
    zh = language == "zh"
    fox = "小狐狸" if zh else "Little Fox"
    return {
        "title": "小狐狸的冒险" if zh else "The little fox: an adventure",
        "style": "soft watercolour picture book",
        "layout": "book",
        "characters": [{"name": fox, "description": "a small red fox with a white-tipped tail"}],
        "settings": [{"name": "森林" if zh else "Forest", "description": "tall pines, dappled light"}],
        "panels": [
            {
                "shot": "wide" if i == 0 else "close-up",
                "setting": "森林" if zh else "Forest",
                "action": f"{fox} walks past tree {i + 1}: it is huge.",
                "details": [{"character": fox, "change": "add", "detail": "wears a yellow scarf"}] if i == 1 else [],
                "lines": [
                    {"kind": "caption", "speaker": "", "text": f"Page {i + 1} // #{i + 1}: **once**"},
                    {"kind": "speech", "speaker": fox, "text": "你好！" if zh else "Hello: trees!"},
                ],
            }
            for i in range(panels)
        ],
    }


@pytest.fixture
def service(fake_openai, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    fake_openai.text_responder = lambda body: fox_draft()
    return fake_openai


def test_a_draft_is_written_parses_cleanly_and_generates_offline_end_to_end(service, tmp_path, capsys):
    out = tmp_path / "fox.txt"
    assert run(["draft", "a little fox's adventure in the forest, for 4-year-olds", "-o", str(out), "--panels", "3"]) == 0
    stdout, stderr = capsys.readouterr()
    assert "Wrote" in stdout and "3 panels" in stdout and KEY not in stdout + stderr
    (req,) = service.requests
    instructions, idea = request_texts(req.fields)
    assert idea == "a little fox's adventure in the forest, for 4-year-olds"
    assert "exactly 3 panels" in instructions and "English" in instructions and '"book"' in instructions
    result = parse_script(out.read_text(encoding="utf-8"))
    assert result.diagnostics == []
    assert [[(x.kind, x.text) for x in p.lines] for p in result.project.panels][0] == [
        ("caption", "Page 1 // #1: **once**"), ("speech", "Hello: trees!")]
    assert result.project.panels[1].details[0].detail == "wears a yellow scarf"
    assert run(["generate", str(out), "--backend", "offline"]) == 0
    project = load_project(out.with_suffix(".panels"))
    assert [panel_status(project, p) for p in project.panels] == ["ready"] * 3
    assert len(service.requests) == 1  # the pictures were drawn offline


def test_a_chinese_draft_uses_the_chinese_keywords(service, tmp_path):
    service.text_responder = lambda body: fox_draft(2, "zh")
    out = tmp_path / "fox.txt"
    assert run(["draft", "小狐狸在森林里的冒险", "-o", str(out), "--language", "zh", "--layout", "book"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("标题：小狐狸的冒险") and "角色：小狐狸" in text and "第1格（全景）@森林" in text
    assert "小狐狸：你好！" in text and "旁白：" in text
    assert parse_script(text).diagnostics == []
    assert "Simplified Chinese" in request_texts(service.requests[0].fields)[0]


def test_a_story_file_is_sent_as_the_input(service, tmp_path):
    prose = tmp_path / "story.txt"
    prose.write_text("\ufeffOnce upon a time a fox went into the woods.\n\nThe end.", encoding="utf-8")
    out = tmp_path / "out" / "fox.txt"
    out.parent.mkdir()
    assert run(["draft", "--from", str(prose), "-o", str(out)]) == 0
    assert request_texts(service.requests[0].fields)[1] == "Once upon a time a fox went into the woods.\n\nThe end."
    assert out.is_file()


@pytest.mark.parametrize("content, says", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file"),
    ("café".encode("latin-1"), "is not UTF-8 text"),
    (b"a" * (5 * 1024 * 1024), "larger than 1 MB"),
    (b"  \n", "is empty"),
])
def test_a_prose_file_that_is_not_usable_text_is_one_sentence_and_asks_nothing(service, tmp_path, capsys, content, says):
    prose = tmp_path / "story.txt"
    prose.write_bytes(content)
    out = tmp_path / "fox.txt"
    assert run(["draft", "--from", str(prose), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
    assert not out.exists() and service.requests == []


def test_an_existing_output_is_kept_without_force(service, tmp_path, capsys):
    out = tmp_path / "fox.txt"
    out.write_text("mine", encoding="utf-8")
    assert run(["draft", "an idea", "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text() == "mine"
    assert service.requests == []
    assert run(["draft", "an idea", "-o", str(out), "--force", "--panels", "3"]) == 0
    assert out.read_text(encoding="utf-8").startswith("Title: The little fox")


@pytest.mark.parametrize("answer, says", [
    ('{"title": "T", "panels": [', "not in the expected form"),
    ({"title": "T", "style": "s", "layout": "book", "characters": [], "settings": [], "panels": []}, "has no panels"),
    (TextRefusal("I won't draw that."), "refused this request"),
])
def test_a_bad_answer_is_one_sentence_and_writes_nothing(service, tmp_path, capsys, answer, says):
    service.text_responder = lambda body: answer
    out = tmp_path / "fox.txt"
    assert run(["draft", "an idea", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists() and list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".fox*")) == []


def test_a_rate_limit_is_retried_and_then_explained(service, tmp_path, capsys):
    out = tmp_path / "fox.txt"
    service.script(rate_limited())
    assert run(["draft", "an idea", "-o", str(out)]) == 0
    service.script(rate_limited(), rate_limited(), rate_limited())
    assert run(["draft", "an idea", "-o", str(out), "--force"]) == 1
    assert "still limiting requests" in capsys.readouterr().err


def test_a_server_without_the_responses_api_is_used_through_chat_completions(service, tmp_path):
    service.responses_api = False
    out = tmp_path / "fox.txt"
    assert run(["draft", "an idea", "-o", str(out), "--model", "llama3.2"]) == 0
    assert [r.path for r in service.requests] == ["/v1/responses", "/v1/chat/completions"]
    assert service.requests[1].fields["model"] == "llama3.2"


def test_the_text_model_comes_from_the_option_or_the_environment(service, tmp_path, monkeypatch):
    monkeypatch.setenv("PANELSMITH_TEXT_MODEL", "gpt-5-nano")
    assert run(["draft", "an idea", "-o", str(tmp_path / "a.txt")]) == 0
    assert run(["draft", "an idea", "-o", str(tmp_path / "b.txt"), "--model", "gpt-5"]) == 0
    assert [r.fields["model"] for r in service.requests] == ["gpt-5-nano", "gpt-5"]


def test_without_a_key_drafting_says_it_needs_one_and_other_commands_still_work(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    out = tmp_path / "fox.txt"
    assert run(["draft", "an idea", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Drafting a script needs an OpenAI API key" in err and err.count("\n") == 1
    assert not out.exists()
    script = Path(__file__).resolve().parent.parent / "resources/examples/s-car.txt"
    assert run(["prompts", str(script)]) == 0


def test_idea_and_from_are_one_or_the_other(tmp_path, capsys):
    assert run(["draft", "-o", str(tmp_path / "x.txt")]) == 2
    assert run(["draft", "idea", "--from", "story.txt", "-o", str(tmp_path / "x.txt")]) == 2
    capsys.readouterr()
    assert run(["draft", "idea", "-o", str(tmp_path / "x.txt"), "--panels", "0"]) == 2
    assert "1 to 64 panels, not 0" in capsys.readouterr().err

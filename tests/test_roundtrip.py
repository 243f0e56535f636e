"""Script -> project -> script text -> project gives the same panels (property test, with CJK text)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from model.project.project import LAYOUTS, SHOTS, Character, Cover, DetailChange, Line, Panel, Project, Setting
from model.script.panelscript import parse_script
from model.script.render import render_script
from model.script.words import BLURB_WORDS, CAPTION_WORDS, COVER_WORDS, HEADER_FIELDS, SFX_WORDS, SPEECH_VERBS

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"
RESERVED = {"panel", "character", "setting", "角色", "场景", "画格", "分镜"} | CAPTION_WORDS | SFX_WORDS | set(HEADER_FIELDS) \
    | set(COVER_WORDS) | set(BLURB_WORDS)
HANZI = "小蜗牛销售员跑车展厅高速公路红色大写看那辆开走了我想要你最快的"
LATIN_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=7).map(str.capitalize)
NAME = st.one_of(
    st.lists(LATIN_WORD, min_size=1, max_size=2).map(" ".join),
    st.text(HANZI, min_size=1, max_size=4),
).filter(lambda n: n.casefold() not in RESERVED and n.split()[-1].casefold() not in SPEECH_VERBS
         and not n.startswith(("第", "Panel")))
# Free text: Latin, CJK, quotes and punctuation (colons too, where the grammar allows them).
FREE = st.text("abc XYZ 123.,!?'\"“”…，。！？“S”" + HANZI + ":：", min_size=1, max_size=40).map(str.strip).filter(bool)
# Action and descriptions: no colon (that would make a speaker), no leading markers.
PLAIN = st.text("abc XYZ 123.,!?'\"“”…，。！？" + HANZI, min_size=1, max_size=40).map(str.strip).filter(
    lambda t: t and not t.startswith(("+", "-", "//", "第", "画格", "分镜")) and not t.lower().startswith("panel"))


@st.composite
def projects(draw: st.DrawFn) -> Project:
    names = draw(st.lists(NAME, max_size=4, unique_by=str.casefold))
    places = draw(st.lists(NAME, max_size=3, unique_by=str.casefold))
    speakers = names + draw(st.lists(NAME, max_size=2))
    panels = []
    for _ in range(draw(st.integers(1, 6))):
        lines = []
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(("speech", "thought", "whisper", "shout", "caption", "sfx")))
            speaker = None if kind in ("caption", "sfx") else draw(st.sampled_from(speakers or ["Passerby"]))
            lines.append(Line(kind, draw(FREE), speaker))
        details = [DetailChange(draw(st.sampled_from(names)), draw(FREE), draw(st.booleans()))
                   for _ in range(draw(st.integers(0, 2 if names else 0)))]
        panels.append(Panel(
            shot=draw(st.none() | st.sampled_from(SHOTS)),
            setting=draw(st.none() | st.sampled_from(places)) if places else None,
            action=draw(st.just("") | PLAIN), lines=lines, details=details,
        ))
    optional = st.just("") | FREE
    return Project(
        title=draw(optional), author=draw(optional), style=draw(optional), layout=draw(st.sampled_from(LAYOUTS)),
        characters=[Character(n, draw(st.just("") | PLAIN)) for n in names],
        settings=[Setting(n, draw(st.just("") | PLAIN)) for n in places],
        panels=panels,
        cover=Cover(draw(st.just("") | PLAIN), "\n".join(draw(st.lists(PLAIN, max_size=3)))),
    )


def _content(project: Project) -> tuple:
    return (
        project.title, project.author, project.style, project.layout,
        [(c.name, c.description) for c in project.characters],
        [(s.name, s.description) for s in project.settings],
        [(p.shot, p.setting, p.action, p.lines, p.details) for p in project.panels],
        project.cover.description, project.cover.blurb,
    )


@settings(max_examples=200, deadline=None)
@given(projects())
def test_render_then_parse_gives_the_same_project(project: Project) -> None:
    text = render_script(project)
    again = parse_script(text).project
    assert _content(again) == _content(project)
    assert render_script(again) == text


def test_both_examples_survive_parse_render_parse() -> None:
    for name in ("s-car.txt", "s-car.zh.txt"):
        first = parse_script((EXAMPLES / name).read_text(encoding="utf-8")).project
        second = parse_script(render_script(first))
        assert second.diagnostics == []
        assert _content(second.project) == _content(first)


def test_an_action_joined_from_lines_that_would_read_as_speech_still_round_trips() -> None:
    first = parse_script("Character: Gary\nA snail.\nPanel 1\nGary\nruns: fast\n// note\nPanel 2\n+\nA plus sign.\n").project
    assert first.panels[0].action == "Gary runs: fast" and first.panels[0].lines == []
    again = parse_script(render_script(first)).project
    assert _content(again) == _content(first)

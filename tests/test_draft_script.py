"""Every draft a text model can return becomes a script that parses cleanly and reads back exactly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.script.draft import DraftCharacter, DraftDetail, DraftError, DraftLine, DraftPanel, DraftSetting, ScriptDraft, project_from_draft, script_from_draft
from model.project.project import LAYOUTS, SHOTS
from model.script.blocks import is_block_header
from model.script.panelscript import parse_script
from model.script.render import render_script

def _words(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


ROOT = Path(__file__).resolve().parent.parent
# Latin, CJK and the characters that mean something in a script: colons, comments, headers, emphasis.
ALPHABET = st.sampled_from(list("abcXYZ Gary 小狐狸森林。，！？") + [":", "：", "//", "#", "**", "(", "（", ")", "）", "@", "+", "-", "\n", "http://", "Panel 2", "Caption", "旁白", "第3格", " says"])
TEXT = st.lists(ALPHABET, min_size=0, max_size=12).map("".join)
NAMES = st.sampled_from(["Gary", "Little Fox", "小狐狸", "兔子", "Mr. Owl", "Caption", "the big bad wolf", "Fox: the Brave",
                         "**Bear**", "# Hen", "Anne-Marie", "猫头鹰奶奶", "Panel", "http"])


@st.composite
def drafts(draw) -> ScriptDraft:
    characters = draw(st.lists(st.builds(DraftCharacter, name=NAMES, description=TEXT), max_size=4))
    setting_names = st.sampled_from(["Forest", "森林", "Cafe @ Night", "The Den: inside", "# River", ""])
    places = draw(st.lists(st.builds(DraftSetting, name=setting_names, description=TEXT), max_size=3))
    speakers = st.sampled_from([c.name for c in characters] + ["Passerby", "crowd", "路人", "", "Fox says"])
    line = st.builds(DraftLine, kind=st.sampled_from(["speech", "thought", "whisper", "shout", "caption", "sfx"]),
                     speaker=speakers, text=TEXT)
    who = st.sampled_from([c.name for c in characters] + ["Nobody"])
    detail = st.builds(DraftDetail, character=who, change=st.sampled_from(["add", "remove"]),
                       detail=st.sampled_from(["wears a hat", "WEARS A HAT", "is wet: very", "戴着帽子", "//x", ""]))
    panel = st.builds(DraftPanel, shot=st.sampled_from(SHOTS), setting=setting_names, action=TEXT,
                      details=st.lists(detail, max_size=3), lines=st.lists(line, max_size=4))
    return ScriptDraft(title=draw(TEXT), style=draw(TEXT), layout=draw(st.sampled_from(LAYOUTS)),
                       characters=characters, settings=places, panels=draw(st.lists(panel, min_size=1, max_size=6)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(draft=ScriptDraft(title="", style="", layout="strip", characters=[], panels=[
    DraftPanel(shot="wide", setting="Forest", action="a", details=[], lines=[])],
    settings=[DraftSetting(name="Forest", description="Panel 2@")]), language="en")  # found by hypothesis
@example(draft=ScriptDraft(title="", style="", layout="strip", characters=[], settings=[], panels=[
    DraftPanel(shot="wide", setting="", action="第3格@", details=[], lines=[])]), language="en")  # found by hypothesis
@example(draft=ScriptDraft(title="", style="", layout="strip", characters=[], settings=[], panels=[
    DraftPanel(shot="wide", setting="", action="第3格", details=[], lines=[])]), language="en")  # found by hypothesis
@given(draft=drafts(), language=st.sampled_from(["en", "zh"]))
def test_every_draft_renders_to_a_script_that_parses_cleanly_and_reads_back_exactly(draft, language):
    intended = project_from_draft(draft)  # what the draft means, before it is written as a script
    if not intended.panels:
        with pytest.raises(DraftError, match="no panels"):
            script_from_draft(draft, language=language)
        return
    text, _ = script_from_draft(draft, language=language)
    result = parse_script(text)
    assert result.diagnostics == []
    parsed = result.project
    assert len(parsed.panels) == len(intended.panels)
    for mine, theirs in zip(intended.panels, parsed.panels):
        assert theirs.lines == mine.lines and theirs.details == mine.details
        assert (theirs.shot, theirs.setting) == (mine.shot, mine.setting)
        # An action a script would misread loses a colon or a leading mark, never a word.
        assert _words(theirs.action) == _words(mine.action)
        if ":" not in mine.action and "：" not in mine.action and not mine.action.startswith(("/", "#", "*", "+", "-")):
            # An action that reads as a block header ("第3格", "第3格@") gains a full stop or, where that is not
            # enough, brackets: otherwise it would open a panel of its own.
            kept = (mine.action, f"({mine.action})") if is_block_header(mine.action) else (mine.action,)
            assert theirs.action.removesuffix(".") in kept
    assert [(c.name, c.description != "") for c in parsed.characters] == [(c.name, c.description != "") for c in intended.characters]
    # Every line the model wrote with words is kept, in order, with its words on one line.
    drafted = [" ".join(x.text.split()) for p in draft.panels for x in p.lines if x.text.split()]
    assert [x.text for p in parsed.panels for x in p.lines] == drafted
    if language == "zh":
        assert "第1格" in text and "Panel 1" not in text


def test_lines_details_and_kinds_survive_exactly():
    draft = ScriptDraft(
        title="The fox: a tale", style="soft watercolour", layout="book",
        characters=[DraftCharacter(name="Little Fox", description="a small red fox\nwith a white-tipped tail")],
        settings=[DraftSetting(name="Forest", description="tall pines")],
        panels=[
            DraftPanel(shot="wide", setting="forest", action="Little Fox: alone in the woods.", details=[
                DraftDetail(character="little fox", change="add", detail="wears a yellow scarf")],
                lines=[DraftLine(kind="caption", speaker="", text="Once: upon a time…"),
                       DraftLine(kind="shout", speaker="Little Fox", text="Hello // anyone? #1 **loud**")]),
            DraftPanel(shot="close-up", setting="Forest", action="// The fox smiles.", details=[
                DraftDetail(character="Little Fox", change="remove", detail="Wears a yellow scarf"),
                DraftDetail(character="Little Fox", change="remove", detail="never added")],
                lines=[DraftLine(kind="thought", speaker="Owl", text="Who is that?"),
                       DraftLine(kind="sfx", speaker="", text="RUSTLE")]),
        ],
    )
    for language in ("en", "zh"):
        text, project = script_from_draft(draft, language=language)
        assert parse_script(text).diagnostics == []
        first, second = parse_script(text).project.panels
        assert [(x.kind, x.speaker, x.text) for x in first.lines] == [
            ("caption", None, "Once: upon a time…"), ("shout", "Little Fox", "Hello // anyone? #1 **loud**")]
        assert [(d.character, d.detail, d.added) for d in first.details] == [("Little Fox", "wears a yellow scarf", True)]
        assert [(d.detail, d.added) for d in second.details] == [("Wears a yellow scarf", False)]
        assert [(x.kind, x.speaker) for x in second.lines] == [("thought", "Owl"), ("sfx", None)]
        assert first.setting == "Forest" and second.setting is None  # continues in the same place
        assert second.action == "The fox smiles."
        assert "Little Fox" in first.action and ":" not in first.action.replace("：", ":")
        assert project.characters[0].description == "a small red fox with a white-tipped tail"
    assert "角色：Little Fox" in text and "+Little Fox：wears a yellow scarf" in text
    assert "Owl（想）：Who is that?" in text and "第2格（特写）" in text and "版式：绘本" in text


def test_a_layout_chosen_by_the_user_overrides_the_drafts():
    draft = ScriptDraft(title="T", style="s", layout="strip", characters=[], settings=[],
                        panels=[DraftPanel(shot="wide", setting="", action="A hill.", details=[], lines=[])])
    text, project = script_from_draft(draft, layout="storyboard")
    assert project.layout == "storyboard" and "Layout: storyboard" in text


def test_a_draft_without_panels_is_refused_in_one_sentence():
    draft = ScriptDraft(title="T", style="s", layout="strip", characters=[], settings=[],
                        panels=[DraftPanel(shot="wide", setting="", action="  ", details=[], lines=[])])
    with pytest.raises(DraftError, match="^The text model's draft has no panels; try again"):
        script_from_draft(draft)


@pytest.mark.parametrize("example", ["s-car.txt", "s-car.zh.txt"])
def test_the_chinese_keywords_write_the_same_project_as_the_english_ones(example):
    project = parse_script((ROOT / "resources/examples" / example).read_text(encoding="utf-8")).project
    zh = render_script(project, language="zh")
    again = parse_script(zh)
    assert again.diagnostics == []
    assert render_script(again.project) == render_script(project)
    assert zh.startswith("标题：") and "角色：" in zh and "第1格（全景）@" in zh


@pytest.mark.parametrize(
    ("drafted", "name"),
    [("Grandma Oak: the wise", "Grandma Oak"), ("Fox, the clever one", "Fox"), ("Bo (a cat)", "Bo"),
     ("Mr. Fox", "Mr. Fox"), ("Jean-Luc Picard", "Jean-Luc Picard"), ("小狐狸：聪明的", "小狐狸")],
)
def test_a_drafted_name_is_cut_at_its_punctuation_keeping_whole_words(drafted: str, name: str) -> None:
    draft = ScriptDraft(
        title="Names", style="", layout="strip",
        characters=[DraftCharacter(name=drafted, description="someone")],
        settings=[],
        panels=[DraftPanel(shot="wide", setting="", action="They meet.", details=[],
                           lines=[DraftLine(kind="speech", speaker=drafted, text="Hello.")])],
    )
    text, project = script_from_draft(draft)
    assert [c.name for c in project.characters] == [name]
    assert [ln.speaker for ln in parse_script(text).project.panels[0].lines] == [name]

"""Lettering: fonts per character, word and CJK line breaking, fitting and warnings."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import fonts
from model.page.layout import layout_project
from model.page.lettering import NO_LINE_END, NO_LINE_START, wrap
from model.project.project import Line, Panel, Project
from tests.pagebuilders import snail_strip

ZH = "我想要你最快的跑车……我要你在车门、引擎盖和车顶上画上大写的“S”。销售员挠头道：“呃……我们可以这么做，但为什么是S呢？”（他笑了。）「好！」『行』"


def test_the_shipped_fonts_are_truetype_outlines_with_their_licences() -> None:
    for face in fonts.ALL_FACES:
        data = face.path.read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00", face.path  # TrueType outlines, not CFF ("OTTO")
    names = {p.name for p in fonts.FONT_DIR.iterdir()}
    assert {"LICENSE-OFL-1.1.txt", "LICENSE-Apache-2.0.txt", "README.md"} <= names


def test_each_character_goes_to_the_lettering_font_first_then_the_cjk_font() -> None:
    assert fonts.face_for("A") == fonts.LETTERING
    assert fonts.face_for("A", bold=True) == fonts.LETTERING_BOLD
    assert fonts.face_for("…") == fonts.LETTERING  # on its own, a shared mark is Latin
    assert fonts.face_for("跑") == fonts.CJK
    assert fonts.face_for("，") == fonts.CJK
    runs = fonts.font_runs("Hi 你好!")
    assert [(f, t) for f, t in runs] == [(fonts.LETTERING, "Hi "), (fonts.CJK, "你好"), (fonts.LETTERING, "!")]


def _runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    return [("cjk" if f == fonts.CJK else "latin", t) for f, t in fonts.font_runs(text, bold)]


def test_in_chinese_text_quotes_dashes_and_ellipses_take_the_cjk_face() -> None:
    assert _runs("我要大写的“S”……好吗？") == [("cjk", "我要大写的“"), ("latin", "S"), ("cjk", "”……好吗？")]
    assert _runs("呃……我们——‘好’·走") == [("cjk", "呃……我们——‘好’·走")]
    assert _runs("画上大写的“S”", bold=True) == [("cjk", "画上大写的“"), ("latin", "S"), ("cjk", "”")]  # the pair agrees
    assert _runs("他说 “OK.”") == [("cjk", "他说"), ("latin", " "), ("cjk", "“"), ("latin", "OK."), ("cjk", "”")]


def test_in_english_text_quotes_dashes_and_ellipses_keep_the_lettering_face() -> None:
    assert _runs("He said “Stop…” — then ‘why’ · don’t") == [("latin", "He said “Stop…” — then ‘why’ · don’t")]
    assert _runs("Uh… why an “S”?", bold=True) == [("latin", "Uh… why an “S”?")]


def test_a_chinese_ellipsis_is_a_full_em_wide_and_measured_as_drawn() -> None:
    em = 10.0
    assert fonts.text_width("呃…", em) == pytest.approx(2 * em)
    assert fonts.text_width("呃……我们", em) == pytest.approx(5 * em)
    assert fonts.text_width("Uh…", em) < fonts.text_width("Uh", em) + em * 0.9  # Latin ellipsis stays narrow
    for text in ("我要大写的“S”……好吗？", "He said “Stop…” — then", "他说 “OK.” 好"):
        drawn = sum(fonts.truetype(f).stringWidth(t, em) for f, t in fonts.font_runs(text))
        assert fonts.text_width(text, em) == pytest.approx(drawn), text


def test_a_set_chinese_line_ends_where_its_measured_width_says() -> None:
    from model.geometry import Rect
    from model.page.lettering import set_lines

    (line,) = set_lines(["销售员：呃……为什么是“S”？"], 12, Rect(0, 0, 400, 40))
    last = line.runs[-1]
    assert last.face == fonts.CJK and last.text.startswith("”")
    assert last.x + fonts.truetype(last.face).stringWidth(last.text, 12) == pytest.approx(line.x + line.width)


def test_pillow_and_reportlab_load_the_same_faces_with_the_same_advances() -> None:
    samples = {fonts.LETTERING: "AVAWAY To “Stop…” fine", fonts.LETTERING_BOLD: "WAVE To Tea", fonts.CJK: "我想要“S”……，。！"}
    for face, text in samples.items():
        pil = fonts.pil_font(face, 1000)
        assert pil.getlength(text) == pytest.approx(fonts.truetype(face).stringWidth(text, 1000), abs=1.0), face.name
    assert fonts.pil_font(fonts.CJK, 20).getname()[0] == "WenQuanYi Micro Hei"


def test_the_cjk_face_covers_common_hanzi_and_cjk_punctuation() -> None:
    gb2312 = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                gb2312.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert len(gb2312) == 6763
    assert fonts.missing_glyphs("".join(gb2312) + "“”‘’…—–·：，。！？、；「」『』（）《》〈〉【】～") == []
    cmap = fonts.truetype(fonts.CJK).face.charToGlyph
    assert all(ord(ch) in cmap for ch in "“”‘’…—")


def test_the_shipped_cjk_face_is_face_0_of_debians_wenquanyi_micro_hei() -> None:
    import importlib.util
    from pathlib import Path

    collection = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if not collection.is_file():
        pytest.skip("fonts-wqy-microhei is not installed")
    spec = importlib.util.spec_from_file_location("extract_ttc_face", fonts.FONT_DIR / "extract_ttc_face.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.extract_face(collection.read_bytes(), 0) == fonts.CJK.path.read_bytes()


def test_a_glyph_no_font_has_is_a_warning_not_an_empty_box() -> None:
    assert fonts.missing_glyphs("Hello 😀 you 😀") == ["😀"]
    project = snail_strip()
    project.panels[1].lines = [Line("speech", "Hello 😀", "Gary")]
    layout = layout_project(project)
    assert any("glyph missing from every font" in w and "😀" in w for w in layout.warnings)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=30, max_value=200))
def test_cjk_lines_never_start_with_closing_or_end_with_opening_punctuation(width: int) -> None:
    lines = wrap(ZH, width, 10)
    assert "".join(lines) == ZH  # nothing lost, nothing added
    for line in lines:
        assert line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line


def test_cjk_breaks_between_characters_to_use_the_width() -> None:
    lines = wrap("一二三四五六七八九十一二三四五六七八九十", 50, 10)
    assert lines == ["一二三四五", "六七八九十", "一二三四五", "六七八九十"]


def test_closing_punctuation_pulls_the_character_before_it_to_the_next_line() -> None:
    # Five characters fit a line; the comma may not start the second line, so "五，" moves together.
    lines = wrap("一二三四五，六七八", 50, 10)
    assert lines == ["一二三四", "五，六七八"]
    lines = wrap("一二三四「五六」", 50, 10)
    assert all(not ln.endswith("「") for ln in lines)


def test_latin_wraps_between_words_only() -> None:
    text = "I want your fastest sports car and a capital S on the doors"
    lines = wrap(text, 90, 10)
    assert len(lines) > 1
    assert " ".join(lines).split() == text.split()
    for line in lines:
        assert fonts.text_width(line, 10) <= 90 + 1e-6


def test_a_word_longer_than_the_line_is_broken_not_lost() -> None:
    lines = wrap("Supercalifragilisticexpialidocious", 50, 10)
    assert "".join(lines) == "Supercalifragilisticexpialidocious"
    assert all(fonts.text_width(ln, 10) <= 50 + 1e-6 for ln in lines)


def test_mixed_english_and_chinese_wrap_by_their_own_rules() -> None:
    lines = wrap("Gary说：“I want the S-car，现在！”", 60, 10)
    assert "".join(lines).replace(" ", "") == "Gary说：“IwanttheS-car，现在！”"
    assert all(ln[0] not in NO_LINE_START for ln in lines)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_words_wrap_to_one_empty_line(text: str) -> None:
    assert wrap(text, 50, 10) == [""]


def test_balloon_text_is_set_inside_its_body() -> None:
    layout = layout_project(snail_strip())
    for frame in layout.pages[0].frames:
        for balloon in frame.balloons:
            if balloon.kind == "sfx":
                continue
            for line in balloon.lines:
                assert balloon.body.contains(line.box, tolerance=0.5), (balloon.kind, line.text)


def _rejoins(text: str, lines: list[str]) -> bool:
    """True when the lines are the text in order, each break at a space (dropped) or between CJK characters."""
    pos = 0
    for line in lines:
        if not text.startswith(line, pos):
            return False
        pos += len(line)
        if text.startswith(" ", pos):
            pos += 1
    return pos == len(text)


@pytest.mark.parametrize("text", [
    "Mixed 中文 and English text, 好吗？OK!",
    "呃……我们可以这么做，但为什么是 S 呢？",
    "小明 listens to Ann and 小红 at the 公园 today.",
    "I said 你好 to them.",
])
@pytest.mark.parametrize("width", [30, 55, 80, 140, 1000])
def test_spaces_between_chinese_and_english_words_are_kept(text: str, width: int) -> None:
    lines = wrap(text, width, 10)
    assert _rejoins(text, lines), lines
    if width == 1000:
        assert lines == [text]


@pytest.mark.parametrize("text", [
    "Uh... we can do that, but why an S?",
    "I want your fastest sports car... and I want a capital \"S\" painted on the doors, the hood and the roof.",
    "呃……我们可以这么做，但为什么是 S 呢？",
])
def test_a_balloon_never_ends_on_a_lone_scrap_of_a_line(text: str) -> None:
    from model.project.project import Character

    project = Project(characters=[Character("Gary", ""), Character("Salesman", "")])
    project.panels = [Panel(action="Gary and the Salesman.", lines=[Line("speech", text, "Salesman")]) for _ in range(4)]
    balloon = layout_project(project).pages[0].frames[2].balloons[0]
    widths = [ln.width for ln in balloon.lines]
    assert len(widths) >= 2
    assert widths[-1] >= 0.45 * max(widths), [ln.text for ln in balloon.lines]


def test_one_table_of_cjk_code_points_serves_line_breaking_and_the_script() -> None:
    from model import cjk, fonts
    from model.script import words as scriptwords

    assert fonts.is_cjk is cjk.is_cjk and scriptwords.has_cjk is cjk.has_cjk
    for ch in "中文かナ한，。！＂𠀀︵":
        assert cjk.is_cjk(ch), ch
    for ch in "aZ1,.!“…é":
        assert not cjk.is_cjk(ch), ch
    assert cjk.has_cjk("Gary 说") and cjk.has_cjk("𠀀") and not cjk.has_cjk("，。！") and not cjk.has_cjk("Gary")
    assert scriptwords.is_wide("“") and scriptwords.is_wide("中") and not scriptwords.is_wide("a")
    assert scriptwords.join_text(["他说", "“你好”"]) == "他说“你好”" and scriptwords.join_text(["He", "said"]) == "He said"

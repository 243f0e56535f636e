"""The Fountain reader against the examples of the Fountain syntax page (https://fountain.io/syntax)."""
from __future__ import annotations

from model.screenplay.fountain import parse_fountain


def kinds(text: str) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in parse_fountain(text).elements]


def test_scene_headings_start_with_int_ext_est_or_i_e_after_a_blank_line() -> None:
    text = "\nEXT. BRICK'S PATIO - DAY\n\nINT. HOUSE - NIGHT\n\nint/ext car - moving\n\nI/E BOAT\n\nEST. CITY\n"
    assert kinds(text) == [("scene", "EXT. BRICK'S PATIO - DAY"), ("scene", "INT. HOUSE - NIGHT"),
                           ("scene", "int/ext car - moving"), ("scene", "I/E BOAT"), ("scene", "EST. CITY")]


def test_a_word_that_only_begins_like_a_heading_is_action() -> None:
    assert kinds("\nINTERIOR decorators arrive.\n") == [("action", "INTERIOR decorators arrive.")]


def test_forced_scene_headings_and_scene_numbers() -> None:
    play = parse_fountain("\n.SNIPER SCOPE POV\n\nINT. HOUSE - DAY #1A#\n\n..not a heading\n")
    assert [(e.kind, e.text, e.number) for e in play.elements] == [
        ("scene", "SNIPER SCOPE POV", ""), ("scene", "INT. HOUSE - DAY", "1A"), ("action", "..not a heading", "")]


def test_character_cues_with_extensions_and_forced_cues() -> None:
    play = parse_fountain("\nHANS (on the radio)\nWhat was it you said?\n\nMOM (O. S.) (CONT'D)\nLuke!\n\n@McCLANE\nYippie ki-yay!\n")
    cues = [(e.text, e.extension) for e in play.elements if e.kind == "character"]
    assert cues == [("HANS", "on the radio"), ("MOM", "O. S. CONT'D"), ("McCLANE", "")]
    assert [e.text for e in play.elements if e.kind == "dialogue"] == ["What was it you said?", "Luke!", "Yippie ki-yay!"]


def test_an_upper_case_line_with_a_blank_line_after_is_not_a_cue() -> None:
    assert kinds("\nBOOM\n\nThe house shakes.\n") == [("action", "BOOM"), ("action", "The house shakes.")]


def test_dual_dialogue_marks_the_second_cue() -> None:
    play = parse_fountain("\nBRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n")
    cues = [(e.text, e.dual) for e in play.elements if e.kind == "character"]
    assert cues == [("BRICK", False), ("STEEL", True)]


def test_parentheticals_sit_inside_dialogue() -> None:
    assert kinds("\nSTEEL\n(starting the engine)\nSo much for retirement!\n(beat)\nOr not.\n") == [
        ("character", "STEEL"), ("parenthetical", "(starting the engine)"), ("dialogue", "So much for retirement!"),
        ("parenthetical", "(beat)"), ("dialogue", "Or not.")]


def test_transitions_end_in_to_or_are_forced() -> None:
    assert kinds("\nJack begins to cry.\n\nCUT TO:\n\n> Burn to White.\n") == [
        ("action", "Jack begins to cry."), ("transition", "CUT TO:"), ("transition", "Burn to White.")]


def test_centered_text() -> None:
    assert kinds("\n>THE END<\n\n> INTERMISSION <\n") == [("centered", "THE END"), ("centered", "INTERMISSION")]


def test_notes_inline_and_on_their_own_and_across_lines() -> None:
    play = parse_fountain("\nHe enters.[[Is this a good idea?]]\n\n[[A note\nover two lines]]\n")
    assert [(e.kind, e.text) for e in play.elements] == [
        ("action", "He enters."), ("note", "Is this a good idea?"), ("note", "A note over two lines")]


def test_boneyard_is_left_out_and_line_numbers_still_count_it() -> None:
    play = parse_fountain("\nCOGNITO\nEveryone's coming after you.\n/*\nINT. CUT SCENE - DAY\n\nIt is gone.\n*/\nHe leaves.\n")
    assert [(e.kind, e.text) for e in play.elements] == [
        ("character", "COGNITO"), ("dialogue", "Everyone's coming after you."), ("action", "He leaves.")]
    assert play.elements[-1].line == 9


def test_sections_and_synopses() -> None:
    play = parse_fountain("\n# ACT I\n\n= Set up the characters and the story.\n\n## CHAPTER 1\n\n===\n")
    assert [(e.kind, e.text, e.level) for e in play.elements] == [
        ("section", "ACT I", 1), ("synopsis", "Set up the characters and the story.", 0), ("section", "CHAPTER 1", 2),
        ("page_break", "", 0)]


def test_lyrics_and_forced_action() -> None:
    assert kinds("\n~Willy Wonka! Willy Wonka!\n\n!SCANNING THE AISLES...\n") == [
        ("lyric", "Willy Wonka! Willy Wonka!"), ("action", "SCANNING THE AISLES...")]


def test_emphasis_marks_are_removed_and_escaped_stars_kept() -> None:
    assert kinds("\nHe was *very* **loud** and _sorry_ \\*not\\*.\n") == [("action", "He was very loud and sorry *not*.")]


def test_title_page_keys_and_indented_values() -> None:
    play = parse_fountain("Title:\n    _**BRICK & STEEL**_\n    FULL RETIRED\nAuthor: Stu Maschwitz\nDraft date: 1/20/2012\n\nEXT. PATIO - DAY\n")
    assert play.title_page == {"title": "BRICK & STEEL\nFULL RETIRED", "author": "Stu Maschwitz", "draft date": "1/20/2012"}
    assert kinds("Title: X\n\nEXT. PATIO - DAY\n")[0] == ("scene", "EXT. PATIO - DAY")


def test_windows_newlines_and_a_byte_order_mark() -> None:
    assert kinds("\ufeffTitle: X\r\n\r\nINT. A - DAY\r\n\r\nBOB\r\nHi.\r\n") == [
        ("scene", "INT. A - DAY"), ("character", "BOB"), ("dialogue", "Hi.")]


def test_chinese_lines_are_action_unless_forced_with_an_at_sign() -> None:
    assert kinds("\n小蜗走进展厅。\n他看着那辆车。\n") == [("action", "小蜗走进展厅。\n他看着那辆车。")]
    assert kinds("\n@小蜗\n（小声）\n好漂亮。\n") == [("character", "小蜗"), ("parenthetical", "（小声）"), ("dialogue", "好漂亮。")]

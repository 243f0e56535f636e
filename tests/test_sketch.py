"""The offline sketch renderer: deterministic, consistent characters, framing that follows the shot."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from generation.planning import GenerationSettings, plan_panel, plan_refine, plan_sheet, sketch_spec
from generation.recording import record_result
from generation.sketch.render import SketchBackend, SketchSpec, render_panel, render_sheet
from generation.sketch.figures import FigureSpec
from generation.sketch.words import colours_in, scene_for
from model.script.panelscript import parse_script

ROOT = Path(__file__).resolve().parent.parent
SHELLY = FigureSpec("Shelly", "a tiny snail with a caramel-brown shell and a red bow tie")
SAM = FigureSpec("Sam", "a salesman in a navy suit")


def _project(name: str = "s-car.txt"):
    return parse_script((ROOT / "resources/examples" / name).read_text(encoding="utf-8")).project


def _colour_count(img: Image.Image, rgb: tuple[int, int, int]) -> int:
    return dict((c, n) for n, c in img.getcolors(maxcolors=1 << 24)).get(rgb, 0)


def test_the_same_panel_gives_the_same_pixels_twice():
    project = _project()
    job = plan_panel(project, project.panels[0], GenerationSettings())
    a = SketchBackend().generate(job.request).png
    b = SketchBackend().generate(plan_panel(project, project.panels[0], GenerationSettings()).request).png
    assert a == b


def test_a_character_keeps_its_colours_across_panels():
    caramel = colours_in(SHELLY.description)[0]
    wide = render_panel(SketchSpec("showroom", "Shelly waits", "wide", (SHELLY, SAM)), 512, 512)
    medium = render_panel(SketchSpec("highway", "Shelly drives", "medium", (SAM, SHELLY)), 512, 512)
    assert _colour_count(wide, caramel) > 50 and _colour_count(medium, caramel) > 50
    navy = colours_in(SAM.description)[0]
    assert _colour_count(wide, navy) > 50 and _colour_count(medium, navy) > 50


def test_close_up_and_wide_differ_and_the_close_up_shows_one_big_figure():
    wide = render_panel(SketchSpec("showroom", "Shelly waits", "wide", (SHELLY, SAM)), 512, 512)
    close = render_panel(SketchSpec("showroom", "Shelly waits", "close-up", (SHELLY, SAM)), 512, 512)
    assert ImageChops.difference(wide, close).getbbox() is not None
    caramel = colours_in(SHELLY.description)[0]
    assert _colour_count(close, caramel) > 5 * _colour_count(wide, caramel)
    assert _colour_count(close, colours_in(SAM.description)[0]) < 50  # only the first character


def test_setting_words_in_english_and_chinese_pick_the_scene():
    assert scene_for("A luxury car showroom").motif == "showroom"
    assert scene_for("豪华汽车展厅").motif == "showroom"
    assert scene_for("a forest at night").night and scene_for("夜晚的森林").motif == "forest"
    assert scene_for("公路").motif == "road" and scene_for("花园").motif == "garden"
    assert colours_in("橘红色的壳，蓝色领结") == ((236, 92, 40), (52, 100, 196))


def test_a_night_refinement_really_darkens_the_sketch():
    project = _project()
    panel = project.panels[2]
    job = plan_panel(project, panel, GenerationSettings())
    record_result(project, job, SketchBackend().generate(job.request))
    refine = plan_refine(project, panel, "make it night", GenerationSettings())
    day = Image.open(io.BytesIO(project.images.get(panel.images.selected.sha256))).convert("L")
    night = Image.open(io.BytesIO(SketchBackend().generate(refine.request).png)).convert("L")
    mean = lambda im: ImageStat.Stat(im).mean[0]  # noqa: E731
    assert mean(night) < mean(day) - 30
    assert refine.parent == panel.images.selected.id


def test_chinese_names_are_drawn_and_sheets_show_three_views():
    project = _project("s-car.zh.txt")
    for panel in project.panels:
        spec = sketch_spec(project, panel)
        img = render_panel(spec, 256, 256)
        assert img.size == (256, 256)
    sheet_job = plan_sheet(project, project.characters[0], GenerationSettings())
    png = SketchBackend().generate(sheet_job.request).png
    assert Image.open(io.BytesIO(png)).size == (sheet_job.request.width, sheet_job.request.height)
    sheet = render_sheet(SHELLY, 900, 300)
    caramel = colours_in(SHELLY.description)[0]
    thirds = [sheet.crop((i * 300, 0, (i + 1) * 300, 300)) for i in range(3)]
    assert all(_colour_count(t, caramel) > 100 for t in thirds)


def test_quoted_scene_text_is_painted_on_the_car():
    with_s = render_panel(SketchSpec("highway", 'A red car covered in "S" letters', "wide"), 512, 512)
    without = render_panel(SketchSpec("highway", "A red car", "wide"), 512, 512)
    assert _colour_count(with_s, (250, 214, 60)) > 20 and _colour_count(without, (250, 214, 60)) == 0


def _render_alone(figure: FigureSpec, shot: str = "medium") -> Image.Image:
    return render_panel(SketchSpec("", "", shot, (figure,)), 512, 512)


def test_a_character_wears_only_what_its_own_words_give_it():
    project = _project()
    gary, salesman = project.characters
    red = colours_in("red")[0]
    plain_gary = FigureSpec(gary.name, gary.description)
    assert plain_gary.accessory is None
    caramel = colours_in(gary.description)[0]
    unasked_bow = tuple(int(c * 0.6) for c in caramel)  # the shade a default accessory would take
    for shot in ("medium", "close-up", "bird's-eye"):
        # A bow in any colour adds pixels the bare snail lacks; compare with a snail that really wears one.
        bare = _render_alone(plain_gary, shot)
        bowed = _render_alone(FigureSpec(gary.name, gary.description + " He wears a red bow tie."), shot)
        assert _colour_count(bare, red) == 0 and _colour_count(bowed, red) > 20
        assert _colour_count(bare, unasked_bow) == 0
    assert FigureSpec(salesman.name, salesman.description).accessory == ("bow", red)
    # A lasting detail may add one; another character's red bow tie never does.
    with_detail = FigureSpec(gary.name, gary.description, ("now wears a blue bow tie",))
    assert with_detail.accessory == ("bow", colours_in("blue")[0])
    panel = next(p for p in project.panels if len(sketch_spec(project, p).figures) == 2)
    spec = sketch_spec(project, panel)
    assert [f.accessory for f in spec.figures] == [None, ("bow", red)]
    zh = _project("s-car.zh.txt")
    assert FigureSpec(zh.characters[0].name, zh.characters[0].description).accessory is None
    assert FigureSpec(zh.characters[1].name, zh.characters[1].description).accessory == ("bow", red)


TAG_FILL = (255, 244, 200)


def test_long_lasting_detail_tags_stay_inside_the_panel():
    long_zh = "开着一辆红色跑车，车门、引擎盖和车顶上写满了巨大的“S”，还在车尾装了一个闪闪发光的金色扰流板"
    long_en = 'drives a red sports car covered in huge "S" letters on the doors, hood and roof'
    for detail in (long_zh, long_en):
        snail = FigureSpec("小蜗", "一只焦糖棕色的蜗牛", (detail,))
        for shot, cast in (("wide", (SAM, SAM, snail)), ("medium", (SAM, snail)), ("close-up", (snail,))):
            img = render_panel(SketchSpec("公路", "", shot, cast), 512, 384)
            off = ImageChops.difference(img, Image.new("RGB", img.size, TAG_FILL)).convert("L")
            box = off.point(lambda v: 255 if v == 0 else 0).getbbox()  # where the tag's own fill is
            assert box is not None, (detail, shot)
            left, top, right, bottom = box
            assert left > 6 and top > 6 and right < 512 - 6 and bottom < 384 - 6, (detail[:8], shot, box)


def _bbox_of(img: Image.Image, rgb: tuple[int, int, int]) -> tuple[int, int, int, int] | None:
    off = ImageChops.difference(img, Image.new("RGB", img.size, rgb)).convert("L")
    return off.point(lambda v: 255 if v == 0 else 0).getbbox()


def test_the_driver_is_drawn_in_the_car_and_the_car_keeps_its_own_colour():
    red, caramel = colours_in("red")[0], colours_in("caramel")[0]
    for name in ("s-car.txt", "s-car.zh.txt"):
        project = _project(name)
        spec = sketch_spec(project, project.panels[3])
        img = render_panel(spec, 512, 512)
        car, snail = _bbox_of(img, red), _bbox_of(img, caramel)
        assert car is not None and snail is not None
        # The shell shows through the window: inside the car's outline, not on the road beside it.
        assert car[0] < snail[0] and snail[2] < car[2] and car[1] < snail[3] < car[3], (name, car, snail)
    blue_car = render_panel(SketchSpec("highway", "Sam, in his red coat, waves at a blue car", "wide"), 512, 512)
    assert _colour_count(blue_car, colours_in("blue")[0]) > 2000 and _colour_count(blue_car, red) == 0
    plain = render_panel(SketchSpec("highway", "A red balloon floats over a car", "wide"), 512, 512)
    assert _colour_count(plain, red) < 200  # the balloon's red is not the car's: the car stays unpainted


def test_people_the_action_names_are_drawn_as_unlabelled_passers_by():
    grey = colours_in("grey")[0]
    for action in ("People on the pavement point and laugh.", "人行道上的人们指指点点，哈哈大笑。"):
        crowd = render_panel(SketchSpec("highway", action, "extreme wide", (SHELLY,)), 512, 512)
        empty = render_panel(SketchSpec("highway", "The road is quiet.", "extreme wide", (SHELLY,)), 512, 512)
        assert _colour_count(crowd, grey) > 30 and _colour_count(empty, grey) == 0
        left = (0, 0, 128, 512)
        assert ImageChops.difference(crowd.crop(left), empty.crop(left)).getbbox() is not None
    close = render_panel(SketchSpec("highway", "People point and laugh.", "close-up", (SHELLY,)), 512, 512)
    assert _colour_count(close, grey) == 0  # a close-up has no room for a crowd


def test_hair_takes_the_colour_written_before_it():
    grey, navy = colours_in("grey")[0], colours_in("navy")[0]
    for name in ("s-car.txt", "s-car.zh.txt"):
        salesman = _project(name).characters[1]
        figure = FigureSpec(salesman.name, salesman.description)
        assert figure.hair == grey
        img = _render_alone(figure, "close-up")
        assert _colour_count(img, grey) > 500
    bald = FigureSpec("Sam", "a salesman in a navy suit")
    assert bald.hair == tuple(int(c * 0.45) for c in navy)

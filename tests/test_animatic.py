"""The animatic: MP4 and GIF films read back with their own readers (PyAV, Pillow), subtitles and
balloons drawn, Chinese in the CJK font, push-ins, bad input in one sentence, cancelling."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import av
import pytest
from PIL import Image, ImageChops

from cli import run
from export.video.animatic import AnimaticCancelled, write_animatic
from export.video.shots import AnimaticOptions, plan_film, render_still, shot_frames
from model import fonts
from model.errors import BadInputError
from model.project.project import ImageVersion, Line, Panel, Project
from model.script.panelscript import parse_script
from model.script.timing import panel_duration

ROOT = Path(__file__).resolve().parent.parent

FILM = """Title: Timing test
Character: Gary
A snail.

Panel 1 (wide)
Duration: 2s
Gary looks at a showroom.

Panel 2 (close-up)
Gary: I want your fastest car.
时长：1.5秒

Panel 3 (medium)
Duration: abc
Gary waits.
"""


def picture(color: tuple[int, int, int], size: tuple[int, int] = (320, 240)) -> bytes:
    image = Image.new("RGB", size, color)
    image.paste((255 - color[0], 255 - color[1], 255 - color[2]), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pictured(project: Project) -> Project:
    """Every panel gets its own distinct picture (no drawing needed)."""
    colors = [(200, 60, 60), (60, 160, 60), (60, 60, 200), (200, 200, 60), (60, 200, 200)]
    for i, panel in enumerate(project.panels):
        digest = project.images.put(picture(colors[i % len(colors)]))
        panel.images.add(ImageVersion(digest, 320, 240, "p", "import"))
    return project


@pytest.fixture
def script(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no stored key: offline sketches
    path = tmp_path / "film.txt"
    path.write_text(FILM, encoding="utf-8")
    return path


def test_an_mp4_animatic_is_h264_yuv420p_and_as_long_as_its_panels(script, tmp_path, capsys) -> None:
    out = tmp_path / "film.mp4"
    assert run(["export", str(script), "-o", str(out), "--size", "720p"]) == 0
    stdout, stderr = capsys.readouterr()
    assert f"{script}:14:" in stderr and "not a duration" in stderr  # the bad Duration, then its default
    assert "Wrote" in stdout and "3 shots" in stdout
    seconds = 2.0 + 1.5 + 1.5
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.codec_context.width, stream.codec_context.height) == (1280, 720)
        frames = sum(1 for _ in container.decode(video=0))
        assert abs(frames - seconds * 24) <= 1
        assert container.duration / av.time_base == pytest.approx(seconds, abs=1 / 24)
    data = out.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # faststart: a browser can play it while it loads


def test_a_gif_animatic_holds_each_panel_for_its_duration(tmp_path) -> None:
    project = pictured(parse_script(FILM).project)
    out = tmp_path / "film.gif"
    write_animatic(project, out, AnimaticOptions(fps=10))
    with Image.open(out) as gif:
        assert gif.width <= 800 and gif.size == (800, 450)
        durations = []
        for k in range(gif.n_frames):
            gif.seek(k)
            durations.append(gif.info["duration"])
    assert durations == [2000, 1500, 1500]


def test_a_push_in_zooms_slowly_into_wide_shots_and_cuts_the_rest(tmp_path) -> None:
    project = pictured(parse_script(FILM).project)
    film = plan_film(project, AnimaticOptions(push_in=True, width=640, height=360, fps=10))
    assert [shot.push_in for shot in film.shots] == [True, False, False]
    wide = film.shots[0]
    still = render_still(film, wide, project.images)
    frames = [frame.copy() for frame in shot_frames(film, wide, still)]
    assert len(frames) == 20
    assert ImageChops.difference(frames[0], still).getbbox() is None  # starts where the cut would
    assert ImageChops.difference(frames[-1], still).getbbox() is not None
    # The cyan square in the picture grows by about 6% by the end of the shot.
    def square_width(image: Image.Image) -> int:
        row = image.crop((0, image.height * 3 // 8, image.width, image.height * 3 // 8 + 1))
        return sum(1 for x in range(row.width) if row.getpixel((x, 0))[1] > 150)
    assert square_width(frames[-1]) / square_width(frames[0]) == pytest.approx(1.06, abs=0.03)
    out = tmp_path / "push.gif"
    write_animatic(project, out, AnimaticOptions(push_in=True, fps=10))
    with Image.open(out) as gif:
        assert gif.n_frames == 20 + 2  # twenty frames of push-in, then two cuts


def test_subtitles_are_lettered_white_in_a_band_under_the_picture(tmp_path) -> None:
    project = pictured(parse_script(FILM).project)
    film = plan_film(project, AnimaticOptions(dialogue="subtitles", width=1280, height=720))
    talking = film.shots[1]
    assert [ln.text for block in talking.page.texts for ln in block.lines] == ["Gary: I want your fastest car."]
    still = render_still(film, talking, project.images)
    band_top = round(talking.zoom_box.bottom * still.width / 640)
    band = still.crop((0, band_top, still.width, still.height)).convert("L")
    assert band.height > 20 and band.getextrema()[1] > 200  # white letters on the black band
    silent = render_still(film, film.shots[0], project.images)
    assert silent.crop((0, band_top, silent.width, silent.height)).convert("L").getextrema()[1] < 30
    balloons = plan_film(project, AnimaticOptions(dialogue="balloons"))
    assert balloons.shots[1].page.texts == [] and balloons.shots[1].page.frames[0].balloons


def test_chinese_subtitles_are_set_in_the_cjk_font_with_no_missing_glyphs(tmp_path) -> None:
    text = "标题：时长\n角色：小蜗\n一只蜗牛。\n\n第1格（特写）\n小蜗：我想要你们最快的跑车！\n时长：2秒\n"
    project = pictured(parse_script(text).project)
    film = plan_film(project, AnimaticOptions(dialogue="subtitles", width=1280, height=720))
    lines = [ln for block in film.shots[0].page.texts for ln in block.lines]
    assert "".join(ln.text for ln in lines) == "小蜗：我想要你们最快的跑车！"
    assert {run.face for ln in lines for run in ln.runs} == {fonts.CJK}
    assert fonts.missing_glyphs(lines[0].text) == [] and film.warnings == []
    out = tmp_path / "zh.mp4"
    write_animatic(project, out, AnimaticOptions(dialogue="subtitles", width=1280, height=720, fps=12))
    with av.open(str(out)) as container:
        frame = next(container.decode(video=0)).to_image()
    band = frame.crop((0, frame.height * 4 // 5, frame.width, frame.height)).convert("L")
    assert band.getextrema()[1] > 200


def test_cancelling_leaves_the_old_file_and_no_temporary(tmp_path) -> None:
    project = pictured(parse_script(FILM).project)
    out = tmp_path / "film.mp4"
    out.write_bytes(b"the old film")
    calls = []
    with pytest.raises(AnimaticCancelled):
        write_animatic(project, out, AnimaticOptions(width=640, height=360), progress=lambda d, t: calls.append((d, t)),
                       cancelled=lambda: True)
    assert out.read_bytes() == b"the old film"
    assert [p.name for p in tmp_path.iterdir()] == ["film.mp4"]


def test_progress_counts_every_frame_once(tmp_path) -> None:
    project = pictured(parse_script(FILM).project)
    seen: list[tuple[int, int]] = []
    film = write_animatic(project, tmp_path / "film.mp4", AnimaticOptions(width=640, height=360, fps=10),
                          progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (film.total_frames, film.total_frames) == (50, 50)
    assert film.seconds == sum(panel_duration(p) for p in project.panels)


@pytest.mark.parametrize("argv, fragment", [
    (["-o", "x.png", "--push-in"], "--push-in is for an animatic"),
    (["-o", "x.pdf", "--fps", "10"], "--fps is for an animatic"),
    (["-o", "x.mp4", "--fps", "0"], "--fps 0 is out of range"),
    (["-o", "x.gif", "--fps", "50"], "use 1 to 25"),
    (["-o", "x.mov"], ".mp4, .gif"),
])
def test_animatic_options_in_the_wrong_place_are_one_sentence(script, tmp_path, capsys, argv, fragment) -> None:
    argv = [a if not a.startswith("x.") else str(tmp_path / a) for a in argv]
    assert run(["export", str(script), *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err
    assert not script.with_suffix(".panels").exists()  # refused before anything was drawn


def test_a_project_without_panels_has_no_animatic(tmp_path) -> None:
    with pytest.raises(BadInputError):
        write_animatic(Project(panels=[]), tmp_path / "x.mp4", AnimaticOptions())
    assert not (tmp_path / "x.mp4").exists()


def test_the_example_strip_exports_as_a_gif_with_its_missing_pictures_drawn_first(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "s-car.zh.txt"
    shutil.copy(ROOT / "resources/examples/s-car.zh.txt", script)
    out = tmp_path / "s-car.gif"
    assert run(["export", str(script), "-o", str(out), "--dialogue", "subtitles"]) == 0
    assert "offline" in capsys.readouterr().err
    with Image.open(out) as gif:
        assert gif.n_frames == 4
    panels = parse_script(script.read_text(encoding="utf-8")).project.panels
    assert all(p.duration is None for p in panels)
    assert panel_duration(panels[0]) == 1.5 and panel_duration(panels[1]) > 3


def test_an_mp4_push_in_zooms_like_the_frames_it_was_planned_from(tmp_path) -> None:
    project = pictured(parse_script(FILM).project)
    options = AnimaticOptions(push_in=True, width=640, height=360, fps=10)
    out = tmp_path / "push.mp4"
    film = write_animatic(project, out, options)
    wide = film.shots[0]
    still = render_still(film, wide, project.images)
    planned = [frame.copy() for frame in shot_frames(film, wide, still)]
    with av.open(str(out)) as container:
        decoded = [f.to_image() for _, f in zip(range(wide.frames), container.decode(video=0))]

    def mean_difference(a: Image.Image, b: Image.Image) -> float:
        diff = ImageChops.difference(a, b).convert("L")
        return sum(i * n for i, n in enumerate(diff.histogram())) / (diff.width * diff.height)

    for k in (0, len(planned) // 2, len(planned) - 1):
        assert mean_difference(decoded[k], planned[k]) < 2.5, f"frame {k} differs from its plan"
    # The last frame is the zoomed plan, clearly closer to it than to the unzoomed start.
    assert mean_difference(decoded[-1], planned[-1]) < 0.7 * mean_difference(decoded[-1], planned[0])

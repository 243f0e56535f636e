"""`panelsmith layer` and `redraw --from-drawing`: a drawing over a panel (or on blank paper) is a new
version over a picture that stays untouched, exports show it, and every backend turns it into a picture."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cli import run
from model.fileformat.projectfile import load_project

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-drawing-secret-0123456789"


@pytest.fixture
def project_file(tmp_path, monkeypatch, capsys) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "s-car.txt"
    shutil.copy(ROOT / "resources/examples/s-car.txt", script)
    assert run(["generate", str(script), "--only", "1-3"]) == 0  # panel 4 stays blank
    capsys.readouterr()
    return script.with_suffix(".panels")


def _image(project, version) -> np.ndarray:
    return np.array(Image.open(io.BytesIO(project.images.get(version.sha256))).convert("RGB"))


def _red_square(path: Path, size: tuple[int, int], alpha: bool = True) -> Path:
    w, h = size
    image = Image.new("RGBA" if alpha else "RGB", size, (0, 0, 0, 0) if alpha else "white")
    image.paste((220, 20, 20, 255) if alpha else (220, 20, 20), (w // 4, h // 4, w // 2, h // 2))
    image.save(path)
    return path


def test_a_layer_over_a_picture_is_a_new_version_and_the_picture_is_untouched(project_file, tmp_path, capsys) -> None:
    before = load_project(project_file)
    picture = before.panels[0].images.selected
    drawing = _red_square(tmp_path / "d.png", (picture.width, picture.height))
    assert run(["layer", str(project_file), "1", str(drawing)]) == 0
    assert "over v1" in capsys.readouterr().out
    project = load_project(project_file)
    kept, drawn = project.panels[0].images.versions
    assert kept.sha256 == picture.sha256 and drawn.parent == kept.id and drawn.backend == "drawing"
    assert drawn.parameters["drawing"] in project.images
    old, new = _image(project, kept), _image(project, drawn)
    h, w = old.shape[:2]
    assert tuple(new[h * 3 // 8, w * 3 // 8]) == (220, 20, 20)
    assert np.array_equal(old[h * 3 // 4:, :], new[h * 3 // 4:, :])  # beyond the drawing, the picture as it was
    assert run(["thread", str(project_file), "1"]) == 0
    assert "v2  drawing" in capsys.readouterr().out


def test_a_drawing_without_alpha_has_its_white_taken_as_transparent_said_once(project_file, tmp_path, capsys) -> None:
    picture = load_project(project_file).panels[1].images.selected
    drawing = _red_square(tmp_path / "scan.png", (picture.width // 2, picture.height // 2), alpha=False)
    assert run(["layer", str(project_file), "2", str(drawing)]) == 0
    err = capsys.readouterr().err
    assert err.count("white was taken as transparent") == 1 and err.count("scaled to the picture") == 1
    project = load_project(project_file)
    kept, drawn = project.panels[1].images.versions
    old, new = _image(project, kept), _image(project, drawn)
    assert np.abs(old[-20:, -20:].astype(int) - new[-20:, -20:].astype(int)).max() <= 1  # white let the picture through


def test_a_blank_panel_can_be_drawn_from_scratch_and_exports_show_the_drawing(project_file, tmp_path, capsys) -> None:
    assert run(["layer", str(project_file), "4", str(_red_square(tmp_path / "d.png", (800, 600)))]) == 0
    project = load_project(project_file)
    (drawn,) = project.panels[3].images.versions
    assert drawn.parent is None and (drawn.width, drawn.height) == (800, 600)
    assert tuple(_image(project, drawn)[0, 0]) == (255, 255, 255)  # white paper under the lines
    capsys.readouterr()
    page = tmp_path / "page.png"
    assert run(["export", str(project_file), "-o", str(page)]) == 0
    pixels = np.array(Image.open(page).convert("RGB")).astype(int)
    red = (pixels[..., 0] > 200) & (pixels[..., 1] < 60) & (pixels[..., 2] < 60)
    assert red.sum() > 1000  # the drawing is on the exported page


def test_from_drawing_offline_restyles_the_drawing_as_a_child_version(project_file, tmp_path, capsys) -> None:
    assert run(["layer", str(project_file), "4", str(_red_square(tmp_path / "d.png", (640, 480)))]) == 0
    assert run(["redraw", str(project_file), "4", "--from-drawing"]) == 0
    assert "cleaned and coloured" in capsys.readouterr().err
    drawing, picture = load_project(project_file).panels[3].images.versions
    assert picture.parent == drawing.id and picture.backend == "offline"
    assert picture.parameters["instruction"] == "picture from my drawing"


def test_from_drawing_without_a_drawing_is_bad_input(project_file, capsys) -> None:
    before = project_file.read_bytes()
    assert run(["redraw", str(project_file), "1", "--from-drawing"]) == 2
    assert "has no drawing" in capsys.readouterr().err
    assert project_file.read_bytes() == before


def test_from_drawing_with_openai_sends_the_drawing_first(project_file, fake_openai, monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    assert run(["layer", str(project_file), "2", str(_red_square(tmp_path / "d.png", (300, 200)))]) == 0
    assert run(["redraw", str(project_file), "2", "--from-drawing", "make it dusk", "--backend", "openai"]) == 0
    (edit,) = [r for r in fake_openai.requests if r.path.endswith("/images/edits")]
    project = load_project(project_file)
    drawing = project.panels[1].images.versions[1]
    assert edit.files[0].data == project.images.get(drawing.sha256)
    assert "rough drawing" in edit.fields["prompt"] and "make it dusk" in edit.fields["prompt"]
    assert not any(f.name == "mask" for f in edit.files)
    assert project.panels[1].images.selected.parent == drawing.id


def test_from_drawing_with_comfyui_is_image_to_image_with_stock_nodes(project_file, fake_comfyui, tmp_path, capsys) -> None:
    assert run(["layer", str(project_file), "3", str(_red_square(tmp_path / "d.png", (300, 200)))]) == 0
    assert run(["redraw", str(project_file), "3", "--from-drawing", "--server", fake_comfyui.url]) == 0
    assert "image-to-image from the drawing" in capsys.readouterr().err
    (graph,) = fake_comfyui.graphs()
    sampler = next(n for n in graph.values() if n["class_type"] == "KSampler")
    assert sampler["inputs"]["denoise"] == pytest.approx(0.8)
    assert graph[sampler["inputs"]["latent_image"][0]]["class_type"] == "VAEEncode"


def test_from_drawing_with_comfyui_uses_a_scribble_controlnet_when_the_server_has_one(project_file, tmp_path, capsys) -> None:
    from fake_comfyui import FakeComfyUI

    with FakeComfyUI(latency=0.05, controlnets=("control_v11p_sd15_canny.pth", "controlnet-scribble-sdxl-1.0.safetensors")) as server:
        assert run(["layer", str(project_file), "3", str(_red_square(tmp_path / "d.png", (300, 200)))]) == 0
        assert run(["redraw", str(project_file), "3", "--from-drawing", "--server", server.url]) == 0
        assert "scribble ControlNet controlnet-scribble-sdxl-1.0.safetensors" in capsys.readouterr().err
        (graph,) = server.graphs()
    sampler = next(n for n in graph.values() if n["class_type"] == "KSampler")
    apply = graph[sampler["inputs"]["positive"][0]]
    assert apply["class_type"] == "ControlNetApplyAdvanced" and sampler["inputs"]["negative"][0] == sampler["inputs"]["positive"][0]
    assert graph[apply["inputs"]["image"][0]]["class_type"] == "ImageInvert"  # white lines on black, as scribbles are
    assert graph[sampler["inputs"]["latent_image"][0]]["class_type"] in ("EmptyLatentImage", "EmptySD3LatentImage")
    assert load_project(project_file).panels[2].images.selected.parameters["controlnet"].startswith("controlnet-scribble")


def test_offline_a_drawing_from_scratch_gets_its_closed_shapes_coloured_and_can_be_made_again(project_file, tmp_path, capsys) -> None:
    from PIL import ImageDraw

    sketch = Image.new("RGB", (600, 400), "white")
    ImageDraw.Draw(sketch).ellipse((150, 100, 350, 300), outline="black", width=6)
    path = tmp_path / "circle.png"
    sketch.save(path)
    assert run(["layer", str(project_file), "4", str(path)]) == 0
    assert run(["redraw", str(project_file), "4", "--from-drawing"]) == 0
    assert run(["redraw", str(project_file), "4", "--from-drawing"]) == 0  # again, from the same drawing
    project = load_project(project_file)
    # Made again from the same drawing, offline gives the very same picture: its version is selected again.
    drawing, first = project.panels[3].images.versions
    assert first.parent == drawing.id and project.panels[3].images.selected is first
    picture = _image(project, first).astype(int)
    inside, outside = picture[200, 250], picture[30, 30]
    assert abs(inside - outside).sum() > 60  # the circle is filled with a colour, the paper around it is not
    assert outside.min() > 200

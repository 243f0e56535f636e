"""`panelsmith redraw --box/--mask`: only the selected part of a panel is redrawn, through the real SDK
against the fake image service and through the fake ComfyUI server."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cli import run
from fake_openai import refusal
from model.fileformat.projectfile import load_project

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-redraw-secret-0123456789"


@pytest.fixture
def project_file(tmp_path, monkeypatch, capsys) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    script = tmp_path / "s-car.txt"
    shutil.copy(ROOT / "resources/examples/s-car.txt", script)
    assert run(["generate", str(script)]) == 0
    capsys.readouterr()
    return script.with_suffix(".panels")


@pytest.fixture
def service(fake_openai, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    return fake_openai


def _pixels(project, version) -> np.ndarray:
    return np.array(Image.open(io.BytesIO(project.images.get(version.sha256))))


def _outside(shape: tuple[int, int], box: tuple[float, float, float, float], reach: int) -> np.ndarray:
    """True for pixels farther than `reach` from the box (x, y, w, h in fractions)."""
    h, w = shape
    x, y, bw, bh = box
    keep = np.ones((h, w), bool)
    keep[max(0, round(y * h) - reach):round((y + bh) * h) + reach, max(0, round(x * w) - reach):round((x + bw) * w) + reach] = False
    return keep


def test_a_box_redraw_sends_the_crop_and_a_mask_and_keeps_every_pixel_outside(project_file, service, capsys) -> None:
    box = (0.5, 0.4, 0.2, 0.3)
    assert run(["redraw", str(project_file), "2", "--box", ",".join(map(str, box)), "make his hand hold a kite",
                "--backend", "openai"]) == 0
    assert "only the selection was redrawn" in capsys.readouterr().out
    (edit,) = [r for r in service.requests if r.path.endswith("/images/edits")]
    images = [f for f in edit.files if f.name.startswith("image")]
    (mask_part,) = [f for f in edit.files if f.name == "mask"]
    assert mask_part.filename == "mask.png" and mask_part.content_type == "image/png"
    crop, mask = Image.open(io.BytesIO(images[0].data)), Image.open(io.BytesIO(mask_part.data))
    assert mask.format == "PNG" and mask.mode == "RGBA" and mask.size == crop.size
    assert f"{crop.width}x{crop.height}" == edit.fields["size"]
    alpha = np.array(mask.getchannel("A"))
    assert (alpha == 0).any() and (alpha == 255).any()  # the selection transparent, the context kept opaque
    ys, xs = np.nonzero(alpha == 0)
    assert 0 < xs.min() and xs.max() < crop.width - 1 and 0 < ys.min()  # a margin of context on every side
    assert "make his hand hold a kite" in edit.fields["prompt"]

    project = load_project(project_file)
    parent, part = project.panels[1].images.versions
    assert part.parent == parent.id and part.parameters["instruction"] == "make his hand hold a kite"
    assert isinstance(part.parameters["part"], dict) and part.parameters["part"]["mask"] in project.images
    before, after = _pixels(project, parent), _pixels(project, part)
    assert before.shape == after.shape
    keep = _outside(before.shape[:2], box, part.parameters["part"]["feather"] + 1)
    assert np.array_equal(before[keep], after[keep])  # byte-identical outside the selection and its soft edge
    inside = before[round(0.5 * before.shape[0]), round(0.6 * before.shape[1])]
    assert not np.array_equal(inside, after[round(0.5 * before.shape[0]), round(0.6 * before.shape[1])])

    assert run(["thread", str(project_file), "2"]) == 0
    assert "v2  part: “make his hand hold a kite”  (openai" in capsys.readouterr().out
    assert run(["thread", str(project_file), "2", "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["turns"][1]["part"] is True and entry["turns"][0]["part"] is False


def test_a_mask_file_of_another_size_is_scaled_and_said_once(project_file, service, tmp_path, capsys) -> None:
    mask = Image.new("L", (100, 50), 0)
    mask.paste(255, (10, 10, 30, 30))
    path = tmp_path / "mask.png"
    mask.save(path)
    assert run(["redraw", str(project_file), "1", "--mask", str(path), "a red kite", "--backend", "openai"]) == 0
    err = capsys.readouterr().err
    assert err.count("was scaled to the picture") == 1
    assert len(load_project(project_file).panels[0].images.versions) == 2


@pytest.mark.parametrize("args, words", [
    (["--box", "0.8,0.1,0.4,0.2"], "outside the panel"),
    (["--box", "0.1,0.1,0,0.2"], "is empty"),
    (["--box", "a,b"], "four numbers"),
    ([], "--box"),
])
def test_bad_selections_exit_2_and_leave_the_project_byte_identical(project_file, service, args, words, capsys) -> None:
    before = project_file.read_bytes()
    assert run(["redraw", str(project_file), "1", "a kite", "--backend", "openai", *args]) == 2
    assert words in capsys.readouterr().err
    assert project_file.read_bytes() == before
    assert not service.requests


def test_an_all_black_mask_selects_nothing(project_file, service, tmp_path, capsys) -> None:
    path = tmp_path / "black.png"
    Image.new("RGB", (64, 64), "black").save(path)
    before = project_file.read_bytes()
    assert run(["redraw", str(project_file), "1", "--mask", str(path), "a kite", "--backend", "openai"]) == 2
    assert "selects nothing" in capsys.readouterr().err
    assert project_file.read_bytes() == before


def test_offline_says_a_model_is_needed(project_file, capsys) -> None:
    before = project_file.read_bytes()
    assert run(["redraw", str(project_file), "1", "--box", "0.1,0.1,0.2,0.2", "a kite"]) == 2
    err = capsys.readouterr().err
    assert "needs an image model" in err and err.count("\n") == 1
    assert project_file.read_bytes() == before


def test_a_refused_redraw_exits_1_and_changes_nothing(project_file, service, capsys) -> None:
    before = project_file.read_bytes()
    service.script(refusal())
    assert run(["redraw", str(project_file), "1", "--box", "0.1,0.1,0.2,0.2", "a kite", "--backend", "openai"]) == 1
    assert "safety system" in capsys.readouterr().err
    assert project_file.read_bytes() == before


def test_comfyui_inpaints_with_stock_nodes_and_keeps_the_rest(project_file, fake_comfyui, capsys) -> None:
    box = (0.1, 0.2, 0.3, 0.3)
    assert run(["redraw", str(project_file), "3", "--box", ",".join(map(str, box)), "a kite in the sky",
                "--server", fake_comfyui.url]) == 0
    (graph,) = fake_comfyui.graphs()
    kinds = {node["class_type"] for node in graph.values()}
    assert kinds <= {"CheckpointLoaderSimple", "CLIPTextEncode", "LoadImage", "LoadImageMask", "ImageScale",
                     "VAEEncodeForInpaint", "KSampler", "VAEDecode", "SaveImage"}
    assert "VAEEncodeForInpaint" in kinds
    (mask_node,) = [n for n in graph.values() if n["class_type"] == "LoadImageMask"]
    uploaded = Image.open(io.BytesIO(fake_comfyui.uploads[mask_node["inputs"]["image"]]))
    (image_node,) = [n for n in graph.values() if n["class_type"] == "LoadImage"]
    crop = Image.open(io.BytesIO(fake_comfyui.uploads[image_node["inputs"]["image"]]))
    assert uploaded.size == crop.size and mask_node["inputs"]["channel"] == "red"
    red = np.array(uploaded.convert("RGB"))[..., 0]
    assert (red == 255).any() and (red == 0).any()

    project = load_project(project_file)
    parent, part = project.panels[2].images.versions
    assert part.parent == parent.id and part.backend == "comfyui"
    before, after = _pixels(project, parent), _pixels(project, part)
    keep = _outside(before.shape[:2], box, part.parameters["part"]["feather"] + 1)
    assert np.array_equal(before[keep], after[keep])

"""`panelsmith import N photo --restyle` and `reference NAME --from photo --restyle`, offline and against
the fake image service through the real SDK; bad photos leave the project byte-identical."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

from cli import run
from generation.planning import GenerationSettings, plan_panel
from model.fileformat.projectfile import load_project
from model.prompt.status import panel_status
from photos import heic_header, jpeg_bytes, png_claiming, synthetic_photo

KEY = "sk-test-photo-secret-0123456789"
SCRIPT = """Title: Garden days
Style: manga; late summer light

# Character: Mia
A small girl with a yellow raincoat and a round face.

# Setting: Garden
A garden with a little house and an apple tree.

# Panel 1 (wide) @ Garden
Mia walks past the house towards the tree.

# Panel 2 (close-up)
Mia looks up at an apple.
"""


@pytest.fixture
def project_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no stored key from the real user
    script = tmp_path / "garden.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "garden.panels"
    assert run(["new", str(script), "-o", str(out)]) == 0
    capsys.readouterr()
    return out


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "holiday.jpg"
    sideways = synthetic_photo(1600, 1200).transpose(Image.Transpose.ROTATE_90)
    path.write_bytes(jpeg_bytes(sideways, orientation=6))  # stored sideways, as phones do
    return path


def pixels(project, version) -> Image.Image:
    return Image.open(io.BytesIO(project.images.get(version.sha256))).convert("RGB")


def coloured_share(image: Image.Image) -> float:
    rgb = np.asarray(image).astype(np.int16)
    return float(((rgb.max(axis=2) - rgb.min(axis=2)) > 24).mean())


def test_import_restyle_offline_keeps_the_photo_and_adds_the_restyle_as_its_child(project_file, photo_file, capsys):
    assert run(["import", str(project_file), "1", str(photo_file), "--restyle", "--backend", "offline"]) == 0
    out = capsys.readouterr().out
    assert "imported holiday.jpg" in out and "new version" in out
    project = load_project(project_file)
    panel = project.panels[0]
    photo, restyled = panel.images.versions
    assert photo.backend == "import" and (photo.width, photo.height) == (1600, 1200)  # upright
    assert restyled.parent == photo.id and panel.images.selected is restyled
    assert restyled.backend == "offline" and panel_status(project, panel) == "ready"
    assert coloured_share(pixels(project, photo)) > 0.5
    assert coloured_share(pixels(project, restyled)) <= 0.02  # the script says manga


def test_plain_import_still_adds_the_photo_alone(project_file, photo_file):
    assert run(["import", str(project_file), "2", str(photo_file)]) == 0
    versions = load_project(project_file).panels[1].images.versions
    assert [v.backend for v in versions] == ["import"] and versions[0].width == 1600


def test_a_sheet_from_a_photo_is_restyled_and_attached_to_later_panels(project_file, photo_file, capsys):
    assert run(["reference", str(project_file), "Mia", "--from", str(photo_file), "--restyle", "--backend", "offline"]) == 0
    project = load_project(project_file)
    mia = project.character("Mia")
    photo, sheet = mia.sheet.versions
    assert sheet.parent == photo.id and mia.sheet.selected is sheet
    assert coloured_share(pixels(project, sheet)) <= 0.02
    job = plan_panel(project, project.panels[1], GenerationSettings())
    assert [data for _, data in job.request.references] == [project.images.get(sheet.sha256)]
    assert job.reference_names == ("Mia",)


def test_restyle_without_a_photo_is_bad_input(project_file, capsys):
    assert run(["reference", str(project_file), "Mia", "--restyle"]) == 2
    assert "--from" in capsys.readouterr().err


@pytest.mark.parametrize("name, data, sentence", [
    ("empty.jpg", b"", "empty"),
    ("cut.jpg", jpeg_bytes(synthetic_photo(400, 300))[:600], "damaged"),
    ("notes.jpg", b"Shopping: apples, bread, more apples.\n", "not a PNG, JPEG or WebP"),
    ("bomb.png", png_claiming(100_000, 100_000), "decompression bomb|too large"),
    ("IMG_0001.HEIC", heic_header(), "HEIC"),
], ids=["empty", "truncated", "text", "bomb", "heic"])
@pytest.mark.parametrize("command", ["import", "reference"])
def test_a_bad_photo_is_one_sentence_exit_2_and_the_project_is_untouched(project_file, tmp_path, capsys, name, data,
                                                                          sentence, command):
    bad = tmp_path / name
    bad.write_bytes(data)
    before = project_file.read_bytes()
    args = ["import", str(project_file), "1", str(bad)] if command == "import" else \
        ["reference", str(project_file), "Mia", "--from", str(bad)]
    assert run(args + ["--restyle", "--backend", "offline"]) == 2
    err = capsys.readouterr().err.strip()
    assert name in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert __import__("re").search(sentence, err)
    assert project_file.read_bytes() == before


def test_with_a_key_the_photo_is_sent_as_an_edit_with_the_style_and_cast(project_file, photo_file, fake_openai,
                                                                          monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    assert run(["reference", str(project_file), "Mia", "--from", str(photo_file), "--restyle"]) == 0
    assert run(["import", str(project_file), "1", str(photo_file), "--restyle", "--quality", "low"]) == 0
    sheet_call, panel_call = fake_openai.requests
    project = load_project(project_file)
    photo, redrawn = project.panels[0].images.versions
    assert panel_call.path == "/v1/images/edits"
    images = [part for part in panel_call.files if part.filename]
    assert images[0].data == project.images.get(photo.sha256)  # the photo first ...
    assert images[1].data == project.images.get(project.character("Mia").sheet.selected.sha256)  # ... then Mia's sheet
    prompt = panel_call.fields["prompt"]
    assert "Keep the photo's composition" in prompt
    assert "screentone" in prompt and "late summer light" in prompt  # the manga preset's words and the free ones
    assert "Mia" in prompt and "Garden" in prompt
    assert panel_call.fields["quality"] == "low"
    assert redrawn.parent == photo.id and redrawn.backend == "openai"
    assert sheet_call.path == "/v1/images/edits" and "reference sheet of Mia" in sheet_call.fields["prompt"]
    assert sheet_call.files[0].data == project.images.get(project.character("Mia").sheet.versions[0].sha256)
    out, err = capsys.readouterr()
    assert KEY not in out + err and KEY.encode() not in project_file.read_bytes()
    assert json.dumps(panel_call.fields).find(KEY) == -1

"""The OpenAI backend drives the real SDK over real HTTP against the fake image service."""
from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from fake_openai import png_of_size, rate_limited, refusal, server_error, unauthorized
from generation.errors import CancelledError, KeyRejectedError, RateLimitedError, RefusedError, ServiceError, UnreachableError
from generation.openai.backend import OpenAIBackend
from generation.planning import GenerationSettings, plan_panel
from generation.openai.pricing import estimate_cost
from generation.recording import record_result
from generation.request import CancelToken, ImageRequest
from model.project.project import ImageVersion
from model.script.panelscript import parse_script

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-secret-0123456789abcdef"
SETTINGS = GenerationSettings(backend="openai", model="gpt-image-2", quality="high", aspect=16 / 9)


def _project():
    return parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project


def _backend(service, **kw) -> OpenAIBackend:
    return OpenAIBackend(api_key=KEY, base_url=service.base_url, **kw)


def test_a_panel_without_references_is_generated_with_the_prompt_model_and_size(fake_openai):
    project = _project()
    job = plan_panel(project, project.panels[0], SETTINGS)
    result = _backend(fake_openai).generate(job.request)
    (req,) = fake_openai.requests
    assert req.path == "/v1/images/generations"
    from model.prompt.compose import compose_prompt

    assert req.fields["prompt"] == compose_prompt(project, project.panels[0])
    assert req.fields["model"] == "gpt-image-2" and req.fields["quality"] == "high"
    assert req.fields["size"] == "1536x864"
    assert "input_fidelity" not in req.fields
    assert Image.open(io.BytesIO(result.png)).size == (1536, 864)
    assert result.cost_usd == estimate_cost("gpt-image-2", fake_openai.usage) and result.cost_usd > 0


def test_characters_with_sheets_are_sent_as_named_image_parts_to_the_edit_endpoint(fake_openai):
    project = _project()
    for character, colour in zip(project.characters, ("a", "b")):
        sheet = png_of_size(32, 24, colour)
        character.sheet.add(ImageVersion(project.images.put(sheet), 32, 24, "sheet", "import"))
    job = plan_panel(project, project.panels[0], SETTINGS)
    _backend(fake_openai).generate(job.request)
    (req,) = fake_openai.requests
    assert req.path == "/v1/images/edits"
    assert [(p.filename, p.content_type) for p in req.files] == [("Gary.png", "image/png"), ("Salesman.png", "image/png")]
    assert req.files[0].data == project.images.get(project.characters[0].sheet.selected.sha256)
    assert "input_fidelity" not in req.fields
    from model.prompt.compose import compose_reference_prompt

    assert req.fields["prompt"] == compose_reference_prompt(project, project.panels[0], ["Gary", "Salesman"])
    assert req.fields["model"] == "gpt-image-2" and req.fields["size"] == "1536x864"


def test_a_refinement_sends_the_selected_image_first(fake_openai):
    base = png_of_size(64, 64, "base")
    request = ImageRequest("edit it", 1024, 1024, base_image=base, instruction="make it night",
                           references=(("Gary.png", png_of_size(8, 8, "g")),))
    _backend(fake_openai).generate(request)
    (req,) = fake_openai.requests
    assert [p.filename for p in req.files] == ["panel.png", "Gary.png"]
    assert req.files[0].data == base


def test_a_refusal_becomes_a_sentence_suggesting_a_new_description(fake_openai):
    fake_openai.script(refusal())
    with pytest.raises(RefusedError, match="safety system.*changing"):
        _backend(fake_openai).generate(ImageRequest("x", 1024, 1024))


def test_a_rate_limit_is_retried_by_the_sdk(fake_openai):
    fake_openai.script(rate_limited(), rate_limited())
    result = _backend(fake_openai).generate(ImageRequest("x", 1024, 1024))
    assert result.png and [r.status for r in fake_openai.requests] == [429, 429, 200]


def test_rate_limited_after_every_retry_says_so(fake_openai):
    fake_openai.script(rate_limited(), rate_limited(), rate_limited())
    with pytest.raises(RateLimitedError, match="after 2 retries"):
        _backend(fake_openai).generate(ImageRequest("x", 1024, 1024))
    assert len(fake_openai.requests) == 3


def test_server_errors_after_retries_and_a_rejected_key_are_explained(fake_openai):
    fake_openai.script(server_error(), server_error())
    with pytest.raises(ServiceError, match="HTTP 500"):
        _backend(fake_openai, max_retries=1).generate(ImageRequest("x", 1024, 1024))
    fake_openai.script(unauthorized())
    with pytest.raises(KeyRejectedError, match="key was rejected") as err:
        _backend(fake_openai).generate(ImageRequest("x", 1024, 1024))
    assert KEY not in str(err.value)


def test_an_unreachable_service_is_one_sentence():
    backend = OpenAIBackend(api_key=KEY, base_url="http://127.0.0.1:9/v1", max_retries=0)
    with pytest.raises(UnreachableError, match="Could not reach"):
        backend.generate(ImageRequest("x", 1024, 1024))


def test_no_key_anywhere_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with pytest.raises(KeyRejectedError, match="No OpenAI API key"):
        OpenAIBackend()


def test_partial_images_stream_to_the_callback(fake_openai):
    seen: list[int] = []
    result = _backend(fake_openai).generate(ImageRequest("x", 1024, 1024), on_partial=lambda png, i: seen.append(i))
    assert seen == [0, 1] and result.png.startswith(b"\x89PNG")
    assert fake_openai.requests[0].fields["stream"] is True and fake_openai.requests[0].fields["partial_images"] == 2


def test_a_cancelled_token_stops_before_any_request(fake_openai):
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        _backend(fake_openai).generate(ImageRequest("x", 1024, 1024), cancel=token)
    assert fake_openai.requests == []


def test_the_key_is_never_stored_in_a_saved_project(fake_openai, tmp_path):
    from model.fileformat.projectfile import save_project

    project = _project()
    job = plan_panel(project, project.panels[0], SETTINGS)
    record_result(project, job, _backend(fake_openai).generate(job.request), "openai")
    path = tmp_path / "s.panels"
    save_project(project, path)
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            assert KEY.encode() not in zf.read(name)
    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize("how", ["end", "drop"])
def test_a_stream_that_breaks_midway_falls_back_to_one_plain_request(fake_openai, how):
    fake_openai.break_streams(how)
    seen: list[int] = []
    result = _backend(fake_openai).generate(ImageRequest("x", 1024, 1536), on_partial=lambda png, i: seen.append(i))
    assert seen == [0, 1]  # the previews that did arrive were shown
    assert Image.open(io.BytesIO(result.png)).size == (1024, 1536)
    assert result.usage is not None and result.cost_usd
    first, second = fake_openai.requests
    assert first.fields["stream"] is True and "stream" not in second.fields
    assert second.fields["prompt"] == first.fields["prompt"] == "x"


def test_a_broken_stream_whose_fallback_fails_is_one_sentence(fake_openai):
    fake_openai.break_streams("drop")
    fake_openai.script(None, refusal())  # the stream starts (then breaks); the plain request is refused
    with pytest.raises(RefusedError, match="safety system"):
        _backend(fake_openai).generate(ImageRequest("x", 1024, 1024), on_partial=lambda png, i: None)
    assert len(fake_openai.requests) == 2

"""The fake OpenAI service refuses what the real one refuses (through the real SDK and real HTTP), and a
user reads each refusal that Panelsmith can meet as one sentence."""
from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import openai
import pydantic
import pytest
from PIL import Image

from fake_openai import png_of_size
from generation.errors import ServiceError
from generation.openai.backend import OpenAIBackend
from generation.request import ImageRequest
from generation.text.textmodel import TextModel

KEY = "sk-test-secret-0123456789abcdef"


def _client(service) -> openai.OpenAI:
    return openai.OpenAI(api_key=KEY, base_url=service.base_url, max_retries=0)


def _refused(call) -> openai.APIStatusError:
    with pytest.raises(openai.APIStatusError) as caught:
        call()
    return caught.value


def _png(size: tuple[int, int], mode: str = "RGB", colour=(200, 10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else (*colour, 0)).save(out, "PNG")
    return out.getvalue()


def test_an_image_request_with_dall_e_3_is_one_sentence(fake_openai):
    backend = OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url)
    with pytest.raises(ServiceError) as caught:
        backend.generate(ImageRequest(prompt="a fox", width=1024, height=1024, model="dall-e-3"))
    assert str(caught.value) == ("OpenAI has retired the image model dall-e-3; choose gpt-image-2 or a later one in "
                                 "Settings or with --model.")
    assert fake_openai.requests[-1].status == 404


def test_a_size_the_model_does_not_take_is_one_sentence(fake_openai):
    backend = OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url)
    with pytest.raises(ServiceError) as caught:
        backend.generate(ImageRequest(prompt="a fox", width=1000, height=1000, model="gpt-image-2"))
    assert str(caught.value) == ("The image service does not take the size 1000x1000 for gpt-image-2 (width and "
                                 "height must both be multiples of 16).")


def test_models_sizes_qualities_and_parameters_the_api_refuses(fake_openai):
    client = _client(fake_openai)
    err = _refused(lambda: client.images.generate(model="gpt-image-9", prompt="a fox"))
    assert err.status_code == 400 and err.body["param"] == "model" and err.body["code"] == "invalid_value"
    err = _refused(lambda: client.images.generate(model="gpt-image-2", prompt="a fox", size="4096x512"))
    assert err.body["param"] == "size" and "1:3 and 3:1" in err.body["message"]
    err = _refused(lambda: client.images.generate(model="gpt-image-2", prompt="a fox", quality="xhigh"))
    assert err.body["param"] == "quality" and "'xhigh'" in err.body["message"]
    assert client.images.generate(model="gpt-image-2.6-flare", prompt="a fox", quality="xhigh", size="2048x1152").data
    err = _refused(lambda: client.images.generate(model="gpt-image-2", prompt="a fox", extra_body={"style": "vivid"}))
    assert (err.body["code"], err.body["message"]) == ("unknown_parameter", "Unknown parameter: 'style'.")
    err = _refused(lambda: client.images.generate(model="gpt-image-2", prompt="a fox", response_format="b64_json"))
    assert err.body["param"] == "response_format"
    err = _refused(lambda: client.images.edit(model="gpt-image-2", prompt="a fox", input_fidelity="high",
                                              image=("a.png", _png((64, 64)), "image/png")))
    assert err.body["code"] == "invalid_input_fidelity_model"


def test_a_request_without_authorization_is_refused():
    from fake_openai import FakeImageService

    with FakeImageService() as service:
        request = urllib.request.Request(service.base_url + "/images/generations", method="POST",
                                         data=json.dumps({"model": "gpt-image-2", "prompt": "a fox"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 401
    assert json.loads(caught.value.read())["error"]["message"].startswith("You didn't provide an API key.")


def test_edits_need_images_within_the_limit_and_a_mask_like_the_api_wants(fake_openai):
    client = _client(fake_openai)
    picture = ("panel.png", _png((64, 48)), "image/png")
    err = _refused(lambda: client.images.edit(model="gpt-image-2", prompt="a fox", image=[]))
    assert err.body["param"] == "image" and err.body["code"] == "missing_required_parameter"
    err = _refused(lambda: client.images.edit(model="gpt-image-2", prompt="a fox", image=[picture] * 17))
    assert err.body["code"] == "array_above_max_length"
    assert client.images.edit(model="gpt-image-2", prompt="a fox", image=[picture] * 16).data
    err = _refused(lambda: client.images.edit(model="gpt-image-2", prompt="a fox", image=picture,
                                              mask=("mask.png", _png((64, 48)), "image/png")))  # no alpha
    assert err.body["code"] == "invalid_mask_image_format"
    err = _refused(lambda: client.images.edit(model="gpt-image-2", prompt="a fox", image=picture,
                                              mask=("mask.png", _png((32, 32), "RGBA"), "image/png")))
    assert err.body["code"] == "invalid_mask_size"
    assert client.images.edit(model="gpt-image-2", prompt="a fox", image=picture,
                              mask=("mask.png", _png((64, 48), "RGBA"), "image/png")).data
    err = _refused(lambda: client.images.edit(model="gpt-image-2", prompt="a fox", image=_png((64, 48))))
    assert err.body["code"] == "unsupported_file_mimetype"  # bare bytes: no file name, no type


def test_an_edits_picture_depends_on_the_image_sent(fake_openai):
    backend = OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url)
    drawn = [backend.generate(ImageRequest(prompt="make it night", width=1024, height=1024, instruction="night",
                                           base_image=png_of_size(64, 64, colour))).png for colour in ("red", "blue", "red")]
    assert drawn[0] != drawn[1] and drawn[0] == drawn[2]


class Strict(pydantic.BaseModel):
    title: str
    pages: int


def test_the_structured_output_schema_is_checked_as_the_api_checks_it(fake_openai):
    fake_openai.text_responder = lambda body: {"title": "Night", "pages": 3}
    model = TextModel(api_key=KEY, base_url=fake_openai.base_url, max_retries=0)
    assert model.parse(instructions="i", input="x", schema=Strict) == Strict(title="Night", pages=3)  # the SDK's schema passes
    client = _client(fake_openai)

    def ask(schema: dict) -> openai.APIStatusError:
        return _refused(lambda: client.responses.create(model="gpt-5-mini", input="x", text={"format": {
            "type": "json_schema", "name": "Strict", "strict": True, "schema": schema}}))

    loose = {"type": "object", "properties": {"title": {"type": "string"}, "pages": {"type": "integer"}},
             "required": ["title"], "additionalProperties": False}
    err = ask(loose)
    assert err.status_code == 400 and err.body["param"] == "text.format.schema"
    assert "Missing 'pages'" in err.body["message"]
    err = ask({**loose, "required": ["title", "pages"], "additionalProperties": True})
    assert "'additionalProperties' is required to be supplied and to be false" in err.body["message"]
    nested = {**loose, "required": ["title", "pages"], "properties": {**loose["properties"], "notes": {
        "type": "object", "additionalProperties": {"type": "string"}}}}
    nested["required"].append("notes")
    err = ask(nested)
    assert "context=('properties', 'notes')" in err.body["message"]

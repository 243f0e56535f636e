"""What OpenAI's Images and text endpoints refuse, for the fake service (tests/fake_openai.py).

From /work/shared/notes/openai-images.md and the SDK's own parameter lists: the live GPT image models
(the retired ones answer 404 `model_not_found`, anything else 400 `invalid_value` on `model`), the sizes
each takes (free `WxH` on gpt-image-2 and later: sides multiples of 16, ratio 1:3–3:1, at most
3840x2160), its qualities, the parameters each endpoint knows, an Authorization header, an edit's
images (at least one, at most 16, each with a file name and an image type) and mask (a PNG with an
alpha channel, the first image's size). For text endpoints asking for strict structured output,
the JSON schema as the API checks it: every object lists all its properties as required and sets
`additionalProperties` to false. Each refusal is the API's error body: message, type, param, code.
"""
from __future__ import annotations

import io
from typing import Any

from PIL import Image

LIVE_MODELS = ("gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-2.5-sunburst", "gpt-image-2.5-flare",
               "gpt-image-2.5-sunburst-2026-09-08", "gpt-image-2.5-flare-2026-09-08", "gpt-image-2.6-sunburst",
               "gpt-image-2.6-flare")
RETIRED_MODELS = ("dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest")
PRESET_SIZES = ("1024x1024", "1536x1024", "1024x1536", "auto")
GENERATE_FIELDS = {"model", "prompt", "n", "size", "quality", "background", "output_format", "output_compression",
                   "moderation", "stream", "partial_images", "user", "safety_identifier"}
EDIT_FIELDS = GENERATE_FIELDS | {"image", "image[]", "mask", "input_fidelity"}
MAX_IMAGES = 16
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")


def api_error(status: int, message: str, param: str | None, code: str | None,
              kind: str = "invalid_request_error") -> tuple[int, dict[str, Any]]:
    return status, {"error": {"message": message, "type": kind, "param": param, "code": code}}


def check_authorization(headers: dict[str, str]) -> tuple[int, dict[str, Any]] | None:
    value = headers.get("authorization", "")
    if not value.startswith("Bearer ") or not value.removeprefix("Bearer ").strip():
        return api_error(401, "You didn't provide an API key. You need to provide your API key in an Authorization "
                              "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", None, None)
    return None


def qualities(model: str) -> tuple[str, ...]:
    extra = ("xhigh", "max") if model.startswith(("gpt-image-2.5", "gpt-image-2.6")) else ()
    return ("low", "medium", "high", "auto") + extra


def size_problem(size: str) -> str | None:
    """Why a gpt-image-2-family model refuses `size`, or None."""
    if size in PRESET_SIZES:
        return None
    try:
        width, height = (int(v) for v in size.split("x"))
    except ValueError:
        return f"Invalid size '{size}'. Use WIDTHxHEIGHT or 'auto'."
    if width % 16 or height % 16:
        return f"Invalid size '{size}'. Width and height must both be multiples of 16."
    if not 1 / 3 <= width / height <= 3:
        return f"Invalid size '{size}'. The aspect ratio must be between 1:3 and 3:1."
    if max(width, height) > 3840 or min(width, height) > 2160:
        return f"Invalid size '{size}'. The largest size is 3840x2160."
    return None


def check_image_request(path: str, fields: dict[str, Any], files: list[Any]) -> tuple[int, dict[str, Any]] | None:
    """The API's refusal of an images request, or None when it would draw."""
    edit = path.endswith("/edits")
    known = EDIT_FIELDS if edit else GENERATE_FIELDS
    for name in list(fields) + [f.name for f in files]:
        if name not in known:
            return api_error(400, f"Unknown parameter: '{name}'.", name, "unknown_parameter")
    model = str(fields.get("model") or "")
    if not model:
        return api_error(400, "Missing required parameter: 'model'.", "model", "missing_required_parameter")
    if model in RETIRED_MODELS:
        return api_error(404, f"The model `{model}` has been deprecated, learn more here: "
                              "https://platform.openai.com/docs/deprecations", "model", "model_not_found")
    if model not in LIVE_MODELS:
        return api_error(400, f"Invalid value: '{model}'. Supported values are: "
                              f"{', '.join(repr(m) for m in LIVE_MODELS)}.", "model", "invalid_value")
    prompt = fields.get("prompt")
    if not isinstance(prompt, str) or not prompt:
        return api_error(400, "Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter")
    if len(prompt) > 32000:
        return api_error(400, f"Invalid 'prompt': string too long. Expected a string with maximum length 32000, but "
                              f"got a string with length {len(prompt)} instead.", "prompt", "string_above_max_length")
    problem = size_problem(str(fields.get("size", "auto")))
    if problem:
        return api_error(400, problem, "size", "invalid_value")
    quality = str(fields.get("quality", "auto"))
    if quality not in qualities(model):
        return api_error(400, f"Invalid value: '{quality}'. Supported values are: "
                              f"{', '.join(repr(q) for q in qualities(model))}.", "quality", "invalid_value")
    if "n" in fields and not 1 <= int(fields["n"]) <= 10:
        return api_error(400, f"Invalid 'n': integer out of range. Expected a value between 1 and 10, "
                              f"got {fields['n']} instead.", "n", "integer_out_of_range")
    if "input_fidelity" in fields:
        return api_error(400, f"input_fidelity is not supported for {model}.", "input_fidelity",
                         "invalid_input_fidelity_model")
    return _check_edit(files) if edit else None


def _check_edit(files: list[Any]) -> tuple[int, dict[str, Any]] | None:
    images = [f for f in files if f.name in ("image", "image[]")]
    if not images:
        return api_error(400, "Missing required parameter: 'image'.", "image", "missing_required_parameter")
    if len(images) > MAX_IMAGES:
        return api_error(400, f"Invalid 'image': too many images. Expected at most {MAX_IMAGES}, got {len(images)}.",
                         "image", "array_above_max_length")
    for part in images:
        if not part.filename or part.content_type not in IMAGE_TYPES:
            return api_error(400, f"Invalid file '{part.filename or 'image'}': unsupported mimetype "
                                  f"('{part.content_type}'). Supported file formats are 'image/jpeg', 'image/png', "
                                  "and 'image/webp'.", "image", "unsupported_file_mimetype")
    masks = [f for f in files if f.name == "mask"]
    if masks:
        try:
            with Image.open(io.BytesIO(masks[0].data)) as mask, Image.open(io.BytesIO(images[0].data)) as first:
                if mask.format != "PNG" or "A" not in mask.getbands():
                    return api_error(400, "Invalid mask image format - mask image missing alpha channel.", "mask",
                                     "invalid_mask_image_format")
                if mask.size != first.size:
                    return api_error(400, f"Invalid mask: its size {mask.size[0]}x{mask.size[1]} does not match the "
                                          f"image's {first.size[0]}x{first.size[1]}.", "mask", "invalid_mask_size")
        except OSError:
            return api_error(400, "Invalid mask image: it could not be read.", "mask", "invalid_image")
    return None


def check_text_schema(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """A strict structured-output schema the API would refuse, as its 400; None when it is accepted."""
    if "response_format" in body:
        spec = (body.get("response_format") or {}).get("json_schema") or {}
        param = "response_format"
    else:
        spec = (body.get("text") or {}).get("format") or {}
        param = "text.format.schema"
    if not spec.get("strict") or not isinstance(spec.get("schema"), dict):
        return None
    schema = spec["schema"]
    if schema.get("type") != "object":
        return _schema_error(spec, param, (), "schema must be a JSON Schema of 'type: \"object\"', got 'type: "
                                              f"\"{schema.get('type')}\"'.")
    return _check_object(spec, param, schema, ())


def _check_object(spec: dict[str, Any], param: str, node: Any, context: tuple[str, ...]) -> tuple[int, dict[str, Any]] | None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            found = _check_object(spec, param, item, context + (str(i),))
            if found:
                return found
        return None
    if not isinstance(node, dict):
        return None
    if node.get("type") == "object" or "properties" in node:
        properties = node.get("properties") or {}
        missing = [key for key in properties if key not in (node.get("required") or [])]
        if missing:
            return _schema_error(spec, param, context, "'required' is required to be supplied and to be an array "
                                                       f"including every key in properties. Missing '{missing[0]}'.")
        if node.get("additionalProperties") is not False:
            return _schema_error(spec, param, context, "'additionalProperties' is required to be supplied and to be false.")
    for key, value in node.items():
        found = _check_object(spec, param, value, context + (key,))
        if found:
            return found
    return None


def _schema_error(spec: dict[str, Any], param: str, context: tuple[str, ...], why: str) -> tuple[int, dict[str, Any]]:
    return api_error(400, f"Invalid schema for response_format '{spec.get('name', '')}': In context={context!r}, {why}",
                     param, "invalid_json_schema")

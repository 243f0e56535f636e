"""Images from OpenAI's GPT image models (or any OpenAI-compatible server) through the `openai` SDK.

`images.generate` makes a panel from words alone; `images.edit` is used whenever there are
pictures to show the model: the characters' reference sheets and, for a refinement, the panel being
refined (sent first). The SDK does the retrying (connection errors, timeouts, 429, 5xx, honouring
`retry-after`); we never loop on our own. Every failure leaves here as one `GenerationError` sentence.

Streaming: with a partial-image callback we ask for `stream=True, partial_images=2`. The SDK retries
a stream only until its response starts; if the connection breaks while events are being read, we
make exactly one non-streamed request, so a flaky network does not cost the SDK's retries.
"""
from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import urlsplit

import openai

from generation.credentials import get_api_key
from generation.errors import (
    CancelledError,
    GenerationError,
    KeyRejectedError,
    RateLimitedError,
    RefusedError,
    ServiceError,
    TimedOutError,
    UnreachableError,
    service_message,
)
from generation.imagemodels import DEFAULT_MODEL, RETIRED_MODELS, qualities_for
from generation.openai.pricing import estimate_cost
from generation.request import CancelToken, ImageRequest, ImageResult, PartialImageCallback

TIMEOUT_SECONDS = 300.0  # high-quality images take 60–180 s; a try longer than this is stuck
MAX_RETRIES = 2
PARTIAL_IMAGES = 2
MAX_INPUT_IMAGES = 16
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class OpenAIBackend:
    """Makes images through the OpenAI image API; safe to share between worker threads."""

    name = "openai"

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
        max_retries: int = MAX_RETRIES,
        partial_images: int = PARTIAL_IMAGES,
    ) -> None:
        key = api_key or get_api_key()
        if not key:
            raise KeyRejectedError(
                "No OpenAI API key is set; add one in Settings or set OPENAI_API_KEY, or use the offline sketches."
            )
        self._key = key
        self._timeout = timeout
        self._max_retries = max_retries
        self._partial_images = partial_images
        # base_url None lets the SDK read OPENAI_BASE_URL (OpenAI-compatible servers).
        self._client = openai.OpenAI(api_key=key, base_url=base_url, timeout=timeout, max_retries=max_retries)
        self.base_url = str(self._client.base_url)

    def generate(
        self,
        request: ImageRequest,
        on_partial: PartialImageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImageResult:
        """Make the image `request` asks for; raises a `GenerationError` with a sentence on failure."""
        _check(cancel)
        started = time.monotonic()
        stream = on_partial is not None and self._partial_images > 0
        try:
            try:
                png, usage = self._call(request, stream, on_partial, cancel)
            except (openai.APIConnectionError, openai.APIError) as err:
                if not (stream and _broke_mid_stream(err)):
                    raise
                _check(cancel)
                png, usage = self._call(request, False, None, cancel)
        except openai.OpenAIError as err:
            raise self._explain(err, request) from None
        _check(cancel)
        return ImageResult(
            png=_as_png(png),
            backend=self.name,
            model=request.model,
            usage=usage,
            cost_usd=estimate_cost(request.model, usage),
            seconds=time.monotonic() - started,
        )

    def _call(
        self,
        request: ImageRequest,
        stream: bool,
        on_partial: PartialImageCallback | None,
        cancel: CancelToken | None,
    ) -> tuple[bytes, dict[str, Any] | None]:
        options: dict[str, Any] = {
            "model": request.model,
            "prompt": request.prompt,
            "size": request.size,
            "quality": request.quality,
        }
        if stream:
            options.update(stream=True, partial_images=self._partial_images)
        images = _input_images(request)
        # input_fidelity is deliberately never sent: gpt-image-2 models refuse it (400).
        if request.mask is not None:  # a part redraw: the mask's transparent pixels are what may change
            options["mask"] = ("mask.png", request.mask, "image/png")
        if images:
            answer = self._client.images.edit(image=images, **options)
        else:
            answer = self._client.images.generate(**options)
        if not stream:
            data = answer.data or []
            if not data or not data[0].b64_json:
                raise ServiceError("The image service answered without an image; try again.")
            return base64.b64decode(data[0].b64_json), _usage(answer)
        return _read_stream(answer, on_partial, cancel)

    def _explain(self, err: Exception, request: ImageRequest) -> GenerationError:
        """One sentence for the user, with the key scrubbed from anything the service echoed."""
        error = _explain(err, request, self.base_url, self._max_retries)
        if len(self._key) < 8:  # too short to scrub without mangling words; such keys are not real
            return error
        return type(error)(str(error).replace(self._key, "***"))


def _read_stream(
    events: Any, on_partial: PartialImageCallback | None, cancel: CancelToken | None
) -> tuple[bytes, dict[str, Any] | None]:
    try:
        for event in events:
            if cancel is not None and cancel.cancelled:
                raise CancelledError()
            kind = getattr(event, "type", "")
            if kind.endswith(".partial_image"):
                if on_partial is not None:
                    on_partial(_as_png(base64.b64decode(event.b64_json)), event.partial_image_index)
            elif kind.endswith(".completed"):
                usage = event.usage.model_dump() if getattr(event, "usage", None) is not None else None
                return base64.b64decode(event.b64_json), usage
    finally:
        events.close()  # releases the connection, also when cancelled mid-stream
    raise openai.APIConnectionError(message="The image stream ended early.", request=events.response.request)


def _broke_mid_stream(err: Exception) -> bool:
    return isinstance(err, openai.APIConnectionError) or (
        type(err) is openai.APIError and "stream" in str(err).lower()
    )


def _input_images(request: ImageRequest) -> list[tuple[str, bytes, str]]:
    images: list[tuple[str, bytes, str]] = []
    if request.base_image is not None:
        images.append(("panel.png", request.base_image, "image/png"))
    images += [(name, data, "image/png") for name, data in request.references]
    return images[:MAX_INPUT_IMAGES]


def _usage(answer: Any) -> dict[str, Any] | None:
    usage = getattr(answer, "usage", None)
    return usage.model_dump() if usage is not None else None


def _as_png(data: bytes) -> bytes:
    if data.startswith(PNG_SIGNATURE):
        return data
    from model.imageload import to_png  # the guarded loader: services may answer JPEG or WebP

    return to_png(data)


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None and cancel.cancelled:
        raise CancelledError()


def _explain(err: Exception, request: ImageRequest, base_url: str, retries: int) -> GenerationError:
    host = urlsplit(base_url).netloc or base_url
    code = getattr(err, "code", None) or ""
    message = service_message(err)
    if isinstance(err, GenerationError):
        return err
    if isinstance(err, openai.APITimeoutError):
        return TimedOutError(f"The image service at {host} did not answer in time; try again or use a lower quality.")
    if isinstance(err, openai.APIConnectionError):
        return UnreachableError(f"Could not reach the image service at {host}; check the network connection.")
    if isinstance(err, openai.BadRequestError) and (code == "moderation_blocked" or "safety" in message.lower()):
        return RefusedError(
            "The image service's safety system refused this image; try changing the panel's or characters' description."
        )
    if isinstance(err, openai.AuthenticationError):
        return KeyRejectedError("The OpenAI API key was rejected; check the key in Settings or OPENAI_API_KEY.")
    if isinstance(err, openai.PermissionDeniedError):
        return KeyRejectedError(f"The OpenAI API key may not use {request.model}: {message}.")
    param = str((getattr(err, "body", None) or {}).get("param") or "") if isinstance(getattr(err, "body", None), dict) else ""
    if isinstance(err, openai.NotFoundError) or (isinstance(err, openai.BadRequestError) and param == "model"):
        if request.model in RETIRED_MODELS or "deprecated" in message.lower():
            return ServiceError(f"OpenAI has retired the image model {request.model}; choose {DEFAULT_MODEL} or a "
                                "later one in Settings or with --model.")
        return ServiceError(f"The image service does not offer the model {request.model}; choose another in "
                            "Settings or with --model.")
    if isinstance(err, openai.BadRequestError) and param == "size":
        reason = message.split(". ", 1)[1] if ". " in message else message
        return ServiceError(f"The image service does not take the size {request.size} for {request.model} "
                            f"({reason[:1].lower()}{reason[1:]}).")
    if isinstance(err, openai.BadRequestError) and param == "quality":
        return ServiceError(f"The model {request.model} does not offer the quality {request.quality!r}; use one of "
                            f"{', '.join(qualities_for(request.model))}.")
    if isinstance(err, openai.RateLimitError):
        if code == "insufficient_quota":
            return RateLimitedError("The OpenAI account has no credit left; add credit or use the offline sketches.")
        return RateLimitedError(
            f"The image service is still limiting requests after {retries} retries; wait a minute or use fewer jobs."
        )
    if isinstance(err, openai.InternalServerError):
        status = getattr(err, "status_code", 500)
        return ServiceError(f"The image service failed (HTTP {status}) even after retries; try again later.")
    if isinstance(err, openai.BadRequestError):
        return ServiceError(f"The image service rejected the request: {message}.")
    if isinstance(err, openai.APIStatusError):
        return ServiceError(f"The image service answered HTTP {err.status_code}: {message}.")
    return ServiceError(f"The image service failed: {message}.")

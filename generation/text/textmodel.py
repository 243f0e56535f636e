"""Words from a language model: structured answers (a pydantic model) through the `openai` SDK.

One `TextModel` per task (drafting a script, translating an edition, refining a panel). It asks the
Responses API (`responses.parse` with the schema as `text_format`); a server without one (older
Ollama, some LM Studio and vLLM builds answer 404/405 on `/responses`) is asked once more through
`chat.completions.parse`, and that choice is kept for the rest of the TextModel's life. `base_url`
None lets the SDK read `OPENAI_BASE_URL`, so any OpenAI-compatible server works; `model` None reads
`PANELSMITH_TEXT_MODEL`, else `DEFAULT_TEXT_MODEL`. The SDK does the
retrying (connection errors, timeouts, 429, 5xx); we never loop on our own. Every failure leaves here
as one `GenerationError` sentence, with the key scrubbed from anything the service echoed.
"""
from __future__ import annotations

import os
import threading
from typing import Any, TypeVar
from urllib.parse import urlsplit

import openai
import pydantic

from generation.credentials import get_api_key
from generation.errors import (
    GenerationError,
    KeyRejectedError,
    RateLimitedError,
    RefusedError,
    ServiceError,
    TimedOutError,
    UnreachableError,
    service_message,
)
from model.errors import BadInputError

DEFAULT_TEXT_MODEL = "gpt-5-mini"
TEXT_MODEL_ENV = "PANELSMITH_TEXT_MODEL"  # overrides the default when no model is named
TIMEOUT_SECONDS = 120.0
MAX_RETRIES = 2

T = TypeVar("T", bound=pydantic.BaseModel)


class TextModel:
    """Asks a text model for answers shaped like a pydantic model; safe to share between threads."""

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        model: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
        max_retries: int = MAX_RETRIES,
        purpose: str = "This",
    ) -> None:
        key = api_key or get_api_key()
        if not key:
            raise BadInputError(f"{purpose} needs an OpenAI API key: set OPENAI_API_KEY or add one in File ▸ Settings…")
        self._key = key
        self.model = model or os.environ.get(TEXT_MODEL_ENV, "").strip() or DEFAULT_TEXT_MODEL
        self.requests_sent = 0  # HTTP requests made, the SDK's retries included (for benchmarks)
        self._count_lock = threading.Lock()
        self._max_retries = max_retries
        self._chat_only = False  # set once the server turns out to have no Responses API
        http = openai.DefaultHttpxClient(event_hooks={"request": [self._counted]})
        # base_url None lets the SDK read OPENAI_BASE_URL (OpenAI-compatible servers).
        self._client = openai.OpenAI(
            api_key=key, base_url=base_url, timeout=timeout, max_retries=max_retries, http_client=http
        )
        self.base_url = str(self._client.base_url)

    def parse(self, *, instructions: str, input: str, schema: type[T]) -> T:
        """The model's answer to `input` under `instructions`, validated as `schema`.

        Raises a `GenerationError` with one sentence on any failure (refusal, rejected key, rate
        limit after retries, server error, timeout, unreachable server, an answer that is not a
        valid `schema`, an empty answer).
        """
        try:
            if not self._chat_only:
                try:
                    return self._parse_responses(instructions, input, schema)
                except openai.APIStatusError as err:
                    if not _lacks_responses_api(err):
                        raise
                    self._chat_only = True
            return self._parse_chat(instructions, input, schema)
        except GenerationError as err:
            raise self._scrubbed(err) from None
        except (openai.OpenAIError, pydantic.ValidationError) as err:
            raise self._scrubbed(_explain(err, self.model, self.base_url, self._max_retries)) from None

    def _parse_responses(self, instructions: str, input: str, schema: type[T]) -> T:
        answer = self._client.responses.parse(
            model=self.model, instructions=instructions, input=input, text_format=schema
        )
        for item in answer.output:
            for content in getattr(item, "content", None) or []:
                if getattr(content, "type", "") == "refusal":
                    raise _refused(content.refusal)
        parsed = answer.output_parsed
        if parsed is None:
            raise ServiceError(_empty_sentence(answer.incomplete_details))
        return parsed

    def _parse_chat(self, instructions: str, input: str, schema: type[T]) -> T:
        answer = self._client.chat.completions.parse(
            model=self.model,
            messages=[{"role": "system", "content": instructions}, {"role": "user", "content": input}],
            response_format=schema,
        )
        if not answer.choices:
            raise ServiceError("The text model gave an empty answer; try again.")
        message = answer.choices[0].message
        if message.refusal:
            raise _refused(message.refusal)
        if message.parsed is None:
            raise ServiceError("The text model gave an empty answer; try again.")
        return message.parsed

    def _counted(self, request: Any) -> None:
        with self._count_lock:
            self.requests_sent += 1

    def _scrubbed(self, error: GenerationError) -> GenerationError:
        if len(self._key) < 8:  # too short to scrub without mangling words; such keys are not real
            return error
        return type(error)(str(error).replace(self._key, "***"))


def _lacks_responses_api(err: openai.APIStatusError) -> bool:
    """A 404/405 on /responses that is about the path, not about an unknown model."""
    if err.status_code not in (404, 405):
        return False
    code = str(getattr(err, "code", None) or "")
    return code != "model_not_found"


def _refused(reason: str | None) -> RefusedError:
    reason = " ".join((reason or "").split()).rstrip(".")
    if len(reason) > 200:
        reason = reason[:199] + "…"
    said = f" (“{reason}”)" if reason else ""
    return RefusedError(f"The text model refused this request{said}; try rewording it.")


def _empty_sentence(incomplete: Any) -> str:
    if getattr(incomplete, "reason", None) == "max_output_tokens":
        return "The text model's answer was cut off before it was complete; try asking for less."
    if getattr(incomplete, "reason", None) == "content_filter":
        return "The text model's safety system stopped the answer; try rewording the request."
    return "The text model gave an empty answer; try again."


def _explain(err: Exception, model: str, base_url: str, retries: int) -> GenerationError:
    host = urlsplit(base_url).netloc or base_url
    if isinstance(err, pydantic.ValidationError):
        return ServiceError("The text model's answer was not in the expected form; try again or choose another text model.")
    if isinstance(err, openai.LengthFinishReasonError):
        return ServiceError("The text model's answer was cut off before it was complete; try asking for less.")
    if isinstance(err, openai.ContentFilterFinishReasonError):
        return RefusedError("The text model's safety system stopped the answer; try rewording the request.")
    code = str(getattr(err, "code", None) or "")
    message = service_message(err)
    if isinstance(err, openai.APITimeoutError):
        return TimedOutError(f"The text service at {host} did not answer in time; try again or ask for less.")
    if isinstance(err, openai.APIConnectionError):
        return UnreachableError(f"Could not reach the text service at {host}; check the network connection or OPENAI_BASE_URL.")
    if isinstance(err, openai.BadRequestError) and (code == "moderation_blocked" or "safety" in message.lower()):
        return RefusedError("The text service's safety system refused this request; try rewording it.")
    if isinstance(err, openai.AuthenticationError):
        return KeyRejectedError("The OpenAI API key was rejected; check the key in Settings or OPENAI_API_KEY.")
    if isinstance(err, openai.PermissionDeniedError):
        return KeyRejectedError(f"The OpenAI API key may not use the text model {model}: {message}.")
    if isinstance(err, openai.NotFoundError):
        return ServiceError(f"The text service at {host} does not offer the model {model}; choose another text model.")
    if isinstance(err, openai.RateLimitError):
        if code == "insufficient_quota":
            return RateLimitedError("The OpenAI account has no credit left; add credit and try again.")
        return RateLimitedError(f"The text service is still limiting requests after {retries} retries; wait a minute and try again.")
    if isinstance(err, openai.InternalServerError):
        status = getattr(err, "status_code", 500)
        return ServiceError(f"The text service failed (HTTP {status}) even after retries; try again later.")
    if isinstance(err, openai.BadRequestError):
        return ServiceError(f"The text service rejected the request: {message}.")
    if isinstance(err, openai.APIStatusError):
        return ServiceError(f"The text service answered HTTP {err.status_code}: {message}.")
    return ServiceError(f"The text service failed: {message}.")

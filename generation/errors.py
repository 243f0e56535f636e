"""Why an image could not be made, in one sentence a person understands (kept on the panel).

All are `PanelsmithError`s (exit 1): the service or the network failed, not the user's input file.
"""
from __future__ import annotations

from model.errors import PanelsmithError


class GenerationError(PanelsmithError):
    """An image request failed; `str(error)` is the sentence shown to the user."""


class RefusedError(GenerationError):
    """The service's safety system refused the request."""


class KeyRejectedError(GenerationError):
    """The API key is missing, wrong or lacks permission."""


class UnreachableError(GenerationError):
    """The service could not be reached."""


class RateLimitedError(GenerationError):
    """The service kept answering "too many requests" after the SDK's retries."""


class TimedOutError(GenerationError):
    """The service did not answer in time."""


class ServiceError(GenerationError):
    """The service failed or rejected the request for another reason."""


class CancelledError(GenerationError):
    """The job was cancelled before it finished."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


def service_message(err: Exception) -> str:
    """What an OpenAI-compatible service said in its error body (or the SDK's message), without a final stop."""
    body = getattr(err, "body", None)
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"].strip().rstrip(".")
    return str(getattr(err, "message", err)).strip().rstrip(".")

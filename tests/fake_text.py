"""The text side of the fake OpenAI service (tests/fake_openai.py): POST /v1/responses and
/v1/chat/completions answered with the bodies the real SDK parses (`Response` with a reasoning item
and an assistant message; `ChatCompletion`), shaped after the installed SDK's types.

A test sets `fake.text_responder`, called with the request's JSON body. It returns a dict or list
(sent as the model's JSON output text), a `str` (sent verbatim, to test malformed output), a
`TextRefusal` (the model's refusal content) or `TextCutOff()` (the answer ran out of output tokens
before any text: an incomplete response, or a chat choice that finished for "length"). `request_texts(body)` gives a responder the
instructions and input of either endpoint's request, and `request_schema(body)` the JSON schema asked for.
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

TEXT_PATHS = ("/v1/responses", "/v1/chat/completions")


@dataclass(frozen=True)
class TextRefusal:
    """The model declines: the answer's content is a refusal with this reason."""

    reason: str


@dataclass(frozen=True)
class TextCutOff:
    """The model stopped at its output-token limit before writing an answer."""


def request_texts(body: dict[str, Any]) -> tuple[str, str]:
    """(instructions, input) of a Responses request or a chat-completions request."""
    if "messages" in body:
        system = "\n".join(m["content"] for m in body["messages"] if m.get("role") in ("system", "developer"))
        user = "\n".join(m["content"] for m in body["messages"] if m.get("role") == "user")
        return system, user
    return str(body.get("instructions") or ""), str(body.get("input") or "")


def request_schema(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema a structured-output request asks for (either endpoint)."""
    if "response_format" in body:
        return body["response_format"]["json_schema"]["schema"]
    return body["text"]["format"]["schema"]


def _output_text(answer: Any) -> str:
    return answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)


def _token_count(text: str) -> int:
    return max(1, len(text) // 4)


def responses_body(request: dict[str, Any], answer: Any) -> dict[str, Any]:
    """A completed `Response` carrying `answer` (see the module docstring) as its message."""
    cut_off = isinstance(answer, TextCutOff)
    if isinstance(answer, TextRefusal):
        content = {"type": "refusal", "refusal": answer.reason}
        out_tokens = _token_count(answer.reason)
    elif cut_off:
        content, out_tokens = None, 4096
    else:
        text = _output_text(answer)
        content = {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
        out_tokens = _token_count(text)
    in_tokens = _token_count(json.dumps(request.get("input", "")) + str(request.get("instructions") or ""))
    return {
        "id": f"resp_{uuid.uuid4().hex}",
        "object": "response",
        "created_at": int(time.time()),
        "status": "incomplete" if cut_off else "completed",
        "completed_at": None if cut_off else int(time.time()),
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if cut_off else None,
        "instructions": request.get("instructions"),
        "max_output_tokens": None,
        "model": request.get("model", ""),
        "output": [{"id": f"rs_{uuid.uuid4().hex}", "type": "reasoning", "summary": []}] + ([] if cut_off else [
            {
                "id": f"msg_{uuid.uuid4().hex}",
                "type": "message",
                "role": "assistant",
                "status": "completed",
                "content": [content],
            },
        ]),
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": "medium", "summary": None},
        "store": True,
        "temperature": 1.0,
        "text": request.get("text") or {"format": {"type": "text"}},
        "tool_choice": "auto",
        "tools": [],
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": {
            "input_tokens": in_tokens,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": out_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": in_tokens + out_tokens,
        },
        "user": None,
        "metadata": {},
    }


def chat_body(request: dict[str, Any], answer: Any) -> dict[str, Any]:
    """A `ChatCompletion` carrying `answer` as its one choice's message."""
    refusal = answer.reason if isinstance(answer, TextRefusal) else None
    cut_off = isinstance(answer, TextCutOff)
    text = None if refusal is not None or cut_off else _output_text(answer)
    in_tokens = _token_count(json.dumps(request.get("messages", [])))
    out_tokens = _token_count(refusal or text or "")
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", ""),
        "choices": [
            {
                "index": 0,
                "finish_reason": "length" if cut_off else "stop",
                "logprobs": None,
                "message": {"role": "assistant", "content": text, "refusal": refusal, "annotations": []},
            }
        ],
        "usage": {"prompt_tokens": in_tokens, "completion_tokens": out_tokens, "total_tokens": in_tokens + out_tokens},
        "system_fingerprint": None,
    }


def text_answer(path: str, request: dict[str, Any], responder: Any) -> tuple[int, dict[str, Any]]:
    """The status and JSON body the fake sends for a text request at `path`."""
    if responder is None:
        return 400, {"error": {"message": "The fake service has no text_responder set.", "type": "invalid_request_error",
                               "param": None, "code": None}}
    answer = responder(request)
    build = responses_body if path == "/v1/responses" else chat_body
    return 200, build(request, answer)

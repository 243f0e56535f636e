"""A small fake of OpenAI's image endpoints on 127.0.0.1, so tests drive the real SDK over real HTTP.

Speaks POST /v1/images/generations (JSON) and /v1/images/edits (multipart, parsed properly), answers
base64 PNGs of the requested size with usage, streams partial images as server-sent events when
asked, and can be scripted: latency, queued failures (429 with retry-after, 500, 401, a
`moderation_blocked` refusal with the real body shape) and streams that break midway (`break_streams`).
Text requests (POST /v1/responses and /v1/chat/completions) are answered by `text_responder`
(tests/fake_text.py); `responses_api = False` makes /v1/responses answer 404, like servers that only
speak chat completions. Scripted failures apply to every kind of request. Every request is recorded.

It is as strict as the service (tests/openai_rules.py): no Authorization, an unknown or retired model,
a size or quality the model does not take, an unknown parameter, an edit without an image, with more
than 16 or with a bad mask, and a strict structured-output schema the API would not accept are each
refused with the API's own error body. An edit's picture depends on the images sent.

For tests that must not lean on the clock: `hold()` keeps every request unanswered until `release()`,
`meet(n)` answers none until n requests are in flight together, and `arrivals` counts requests received.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from PIL import Image

from openai_rules import check_authorization, check_image_request, check_text_schema
from fake_text import TEXT_PATHS, TextCutOff, TextRefusal, request_schema, request_texts, text_answer  # noqa: F401 (re-exported)


@dataclass
class Part:
    """One multipart form part: a field (no filename) or a file."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Recorded:
    path: str
    started: float
    finished: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)  # JSON body, or the multipart text fields
    files: list[Part] = field(default_factory=list)
    status: int = 200


@dataclass
class Scripted:
    """A canned answer for the next request: an HTTP status with a JSON body and headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def refusal() -> Scripted:
    """A safety-system refusal, shaped like the real service's 400."""
    return Scripted(
        400,
        {
            "error": {
                "message": "Your request was rejected by the safety system. If you believe this is an error, contact us.",
                "type": "image_generation_user_error",
                "param": None,
                "code": "moderation_blocked",
                "moderation_details": {"categories": ["violence"], "blocked_stage": "input"},
            }
        },
    )


def rate_limited(retry_after_ms: int = 10) -> Scripted:
    return Scripted(
        429,
        {"error": {"message": "Rate limit reached for images per minute.", "type": "requests", "param": None, "code": "rate_limit_exceeded"}},
        {"retry-after-ms": str(retry_after_ms), "retry-after": "0"},
    )


def server_error() -> Scripted:
    return Scripted(500, {"error": {"message": "The server had an error.", "type": "server_error", "param": None, "code": None}})


def unauthorized() -> Scripted:
    return Scripted(
        401,
        {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}},
    )


class FakeImageService:
    """Start with `start()` (or as a context manager); point the SDK at `base_url`."""

    def __init__(self, latency: float = 0.0, image_scale: float = 1.0) -> None:
        self.latency = latency
        self.image_scale = image_scale  # answer smaller images to keep big benchmarks light
        self.requests: list[Recorded] = []
        self.scripted: list[Scripted | None] = []
        self.usage = {
            "input_tokens": 120,
            "output_tokens": 1056,
            "total_tokens": 1176,
            "input_tokens_details": {"text_tokens": 120, "image_tokens": 0},
        }
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._breaks: list[str] = []
        self.text_responder: Callable[[dict[str, Any]], Any] | None = None  # see tests/fake_text.py
        self.responses_api = True  # False: /v1/responses answers 404 (a chat-completions-only server)
        self.arrivals = 0  # requests that have reached the server, answered or not
        self.meeting: threading.Barrier | None = None  # set: each request waits until the barrier's count is in
        self._released = threading.Event()
        self._released.set()

    def hold(self) -> None:
        """Keep every request from now on waiting, unanswered, until `release()`."""
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def meet(self, parties: int) -> threading.Barrier:
        """Answer nothing until `parties` requests are in flight at once (the barrier breaks after 60 s)."""
        self.meeting = threading.Barrier(parties, timeout=60)
        return self.meeting

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeImageService:
        service = self

        class Handler(_Handler):
            fake = service

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeImageService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, *answers: Scripted | None) -> None:
        """Queue answers for the next requests, in order (None: answer normally); then it succeeds again."""
        with self._lock:
            self.scripted.extend(answers)

    def break_streams(self, *how: str) -> None:
        """Break the next streamed answers after their partial images, in order: "end" closes the stream
        cleanly before the final image; "drop" cuts the connection in the middle of a chunk."""
        assert all(h in ("end", "drop") for h in how)
        with self._lock:
            self._breaks.extend(how)

    def _next_break(self) -> str | None:
        with self._lock:
            return self._breaks.pop(0) if self._breaks else None

    def _next_scripted(self) -> Scripted | None:
        with self._lock:
            return self.scripted.pop(0) if self.scripted else None

    def _record(self, rec: Recorded) -> None:
        with self._lock:
            self.requests.append(rec)


def png_of_size(width: int, height: int, seed: str) -> bytes:
    colour = tuple(hashlib.sha256(seed.encode()).digest()[:3])
    buf = io.BytesIO()
    Image.new("RGB", (max(1, width), max(1, height)), colour).save(buf, "PNG", compress_level=1)
    return buf.getvalue()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeImageService
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        rec = Recorded(path=self.path, started=time.monotonic(), headers={k.lower(): v for k, v in self.headers.items()})
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        ctype = self.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            rec.fields, rec.files = _parse_multipart(ctype, body)
        elif body:
            rec.fields = json.loads(body)
        with self.fake._lock:
            self.fake.arrivals += 1
        if self.fake.meeting is not None:
            try:
                self.fake.meeting.wait()
            except threading.BrokenBarrierError:
                pass  # the test sees `meeting.broken`
        self.fake._released.wait(120)
        if self.fake.latency:
            time.sleep(self.fake.latency)
        self.fake._record(rec)
        known = ("/v1/images/generations", "/v1/images/edits") + TEXT_PATHS
        refused = check_authorization(rec.headers)
        if refused is None and self.path in TEXT_PATHS:
            refused = check_text_schema(self.path, rec.fields)
        elif refused is None and self.path in known:
            refused = check_image_request(self.path, rec.fields, rec.files)
        if self.path not in known or (self.path == "/v1/responses" and not self.fake.responses_api):
            scripted = Scripted(404, {"error": {"message": f"Unknown path {self.path}.", "type": "invalid_request_error", "param": None, "code": None}})
        elif refused is not None:
            scripted = Scripted(*refused)
        else:
            scripted = self.fake._next_scripted()
        if scripted is not None:
            rec.status = scripted.status
            rec.finished = time.monotonic()
            return self._json(scripted.status, scripted.body, scripted.headers)
        if self.path in TEXT_PATHS:
            rec.status, answer = text_answer(self.path, rec.fields, self.fake.text_responder)
            rec.finished = time.monotonic()
            return self._json(rec.status, answer)
        width, height = _size(str(rec.fields.get("size", "1024x1024")), self.fake.image_scale)
        # An edit's picture follows the images sent too, so a test can tell which were used.
        seed = str(rec.fields.get("prompt", "")) + "".join(hashlib.sha256(f.data).hexdigest() for f in rec.files)
        image = base64.b64encode(png_of_size(width, height, seed)).decode()
        rec.finished = time.monotonic()
        if str(rec.fields.get("stream", "")).lower() == "true":
            return self._stream(rec, image, int(rec.fields.get("partial_images") or 0))
        self._json(200, {"created": int(time.time()), "data": [{"b64_json": image}], "usage": self.fake.usage})

    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, rec: Recorded, image: str, partials: int) -> None:
        prefix = "image_edit" if rec.path.endswith("edits") else "image_generation"
        broken = self.fake._next_break()
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("connection", "close")
        if broken == "drop":
            self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        common = {"background": "opaque", "created_at": int(time.time()), "output_format": "png", "quality": "medium", "size": str(rec.fields.get("size"))}
        for index in range(partials):
            event = {"type": f"{prefix}.partial_image", "b64_json": image, "partial_image_index": index, **common}
            self._send(f"event: {prefix}.partial_image\ndata: {json.dumps(event)}\n\n".encode(), broken == "drop")
        done = {"type": f"{prefix}.completed", "b64_json": image, "usage": self.fake.usage, **common}
        data = f"event: {prefix}.completed\ndata: {json.dumps(done)}\n\n".encode()
        if broken == "drop":  # announce the whole last chunk, send half of it, hang up
            self.wfile.write(f"{len(data):x}\r\n".encode() + data[: len(data) // 2])
        elif broken is None:
            self._send(data, False)
        self.wfile.flush()
        self.close_connection = True

    def _send(self, data: bytes, chunked: bool) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n" if chunked else data)
        self.wfile.flush()


def _size(text: str, scale: float) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.split("x"))
    except ValueError:
        w, h = 1024, 1024
    return max(1, int(w * scale)), max(1, int(h * scale))


def _parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, Any], list[Part]]:
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    fields: dict[str, Any] = {}
    files: list[Part] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        data = part.get_payload(decode=True) or b""
        if filename is not None:
            files.append(Part(name, filename, part.get_content_type(), data))
        else:
            fields[name] = data.decode("utf-8")
    return fields, files

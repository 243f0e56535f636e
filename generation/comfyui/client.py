"""ComfyUI's HTTP and websocket API, spoken plainly: one method per endpoint, failures as sentences.

POST /prompt queues a graph for a client id; /ws?clientId= streams that client's progress; GET
/history/{id} and /view fetch the result; POST /upload/image puts a picture in the server's input
folder; POST /queue {"delete"} and POST /interrupt cancel; GET /object_info lists checkpoints and
GET /system_stats answers "is this a ComfyUI server". No proxies: a ComfyUI server is on this machine
or the local network.
"""
from __future__ import annotations

import json
import os
import uuid
from typing import Any
from urllib import error, parse, request

from websockets.exceptions import InvalidHandshake
from websockets.sync.client import ClientConnection, connect

from generation.errors import ServiceError, TimedOutError, UnreachableError

DEFAULT_URL = "http://127.0.0.1:8188"
URL_VARIABLE = "PANELSMITH_COMFYUI_URL"
HTTP_TIMEOUT = 30.0
MAX_MESSAGE = 64 * 1024 * 1024  # preview frames can be a few megabytes

_opener = request.build_opener(request.ProxyHandler({}))


def server_url(url: str | None = None) -> str:
    """The server to use: `url`, else PANELSMITH_COMFYUI_URL, else the default; without a trailing slash."""
    text = (url or os.environ.get(URL_VARIABLE) or DEFAULT_URL).strip().rstrip("/")
    if "://" not in text:
        text = f"http://{text}"
    return text


class ComfyClient:
    """One ComfyUI server; safe to share between threads (every call opens its own connection)."""

    def __init__(self, url: str | None = None, timeout: float = HTTP_TIMEOUT) -> None:
        self.url = server_url(url)
        parts = parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UnreachableError(f"{url!r} is not a server address like {DEFAULT_URL}.")
        self.host = parts.netloc
        self.timeout = timeout

    # ---- HTTP
    def call(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             content_type: str = "application/json", timeout: float | None = None) -> Any:
        """JSON (or bytes for /view) from one request; ComfyUIRejected for a 400, sentences otherwise."""
        data = raw if raw is not None else (json.dumps(body).encode("utf-8") if body is not None else None)
        req = request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with _opener.open(req, timeout=timeout or self.timeout) as answer:
                payload = answer.read()
                kind = answer.headers.get("Content-Type", "")
        except error.HTTPError as err:
            text = err.read()
            if err.code == 400:
                raise ComfyUIRejected(_json_or_text(text)) from None
            if err.code in (404, 405):
                raise ServiceError(f"The server at {self.host} does not look like a ComfyUI server "
                                   f"(HTTP {err.code} for {path.split('?')[0]}); check the URL.") from None
            raise ServiceError(f"The ComfyUI server at {self.host} failed (HTTP {err.code}); try again later.") from None
        except TimeoutError:
            raise TimedOutError(f"The ComfyUI server at {self.host} did not answer in time; try again.") from None
        except (error.URLError, OSError):
            raise UnreachableError(f"Could not reach the ComfyUI server at {self.host}; check that it is running "
                                   "and the URL in Settings (or --server).") from None
        if "json" in kind or path.split("?")[0] != "/view":
            try:
                return json.loads(payload or b"null")
            except ValueError:
                raise ServiceError(f"The server at {self.host} answered something that is not ComfyUI's JSON; "
                                   "check the URL.") from None
        return payload

    def queue_prompt(self, graph: dict[str, Any], client_id: str) -> str:
        answer = self.call("POST", "/prompt", {"prompt": graph, "client_id": client_id})
        if not isinstance(answer, dict) or not isinstance(answer.get("prompt_id"), str):
            raise ServiceError(f"The ComfyUI server at {self.host} queued the workflow without an id; try again.")
        return answer["prompt_id"]

    def upload_image(self, name: str, png: bytes) -> str:
        """Put a PNG in the server's input folder; the name to give a LoadImage node."""
        boundary = uuid.uuid4().hex
        body = b"".join([
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{name}\"\r\n"
            "Content-Type: image/png\r\n\r\n".encode(), png, b"\r\n",
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n"
            f"--{boundary}--\r\n".encode(),
        ])
        answer = self.call("POST", "/upload/image", raw=body, content_type=f"multipart/form-data; boundary={boundary}")
        if not isinstance(answer, dict) or not answer.get("name"):
            raise ServiceError(f"The ComfyUI server at {self.host} did not take the uploaded image {name}.")
        sub = answer.get("subfolder") or ""
        return f"{sub}/{answer['name']}" if sub else answer["name"]

    def history(self, prompt_id: str) -> dict[str, Any] | None:
        """The finished prompt's record (outputs, status), or None while it is queued or running."""
        answer = self.call("GET", f"/history/{parse.quote(prompt_id)}")
        entry = answer.get(prompt_id) if isinstance(answer, dict) else None
        return entry if isinstance(entry, dict) else None

    def view(self, image: dict[str, Any]) -> bytes:
        query = parse.urlencode({"filename": image.get("filename", ""), "subfolder": image.get("subfolder", ""),
                                 "type": image.get("type", "output")})
        return self.call("GET", f"/view?{query}", timeout=max(self.timeout, 60.0))

    def cancel(self, prompt_ids: list[str]) -> None:
        """Delete the prompts from the queue, and interrupt the one of them that runs (best effort: the
        work is being abandoned either way)."""
        try:
            self.call("POST", "/queue", {"delete": list(prompt_ids)}, timeout=2.0)
            queue = self.call("GET", "/queue", timeout=2.0)
            running = queue.get("queue_running", []) if isinstance(queue, dict) else []
            for item in running:
                found = item[1] if isinstance(item, list) and len(item) > 1 else (
                    item.get("prompt_id") if isinstance(item, dict) else None)
                if found in prompt_ids:
                    self.call("POST", "/interrupt", {"prompt_id": found}, timeout=2.0)
        except Exception:  # noqa: BLE001 - the job is cancelled here either way
            pass

    def checkpoints(self) -> list[str]:
        """The checkpoint files the server offers (CheckpointLoaderSimple's choices)."""
        answer = self.call("GET", "/object_info/CheckpointLoaderSimple")
        try:
            spec = answer["CheckpointLoaderSimple"]["input"]["required"]["ckpt_name"]
        except (KeyError, TypeError):
            return []
        return combo_options(spec)

    def system_stats(self) -> dict[str, Any]:
        answer = self.call("GET", "/system_stats", timeout=5.0)
        if not isinstance(answer, dict) or "system" not in answer:
            raise ServiceError(f"The server at {self.host} does not look like a ComfyUI server; check the URL.")
        return answer

    # ---- websocket
    def websocket(self, client_id: str) -> ClientConnection:
        scheme = "wss" if self.url.startswith("https") else "ws"
        uri = f"{scheme}://{self.host}{parse.urlsplit(self.url).path}/ws?clientId={parse.quote(client_id)}"
        try:
            return connect(uri, open_timeout=self.timeout, proxy=None, max_size=MAX_MESSAGE, compression=None, legacy=True)
        except TimeoutError:
            raise TimedOutError(f"The ComfyUI server at {self.host} did not open its progress channel in time.") from None
        except InvalidHandshake:
            raise ServiceError(f"The server at {self.host} does not look like a ComfyUI server (no websocket at /ws); "
                               "check the URL.") from None
        except Exception:  # noqa: BLE001 - refused, reset, unknown host: all say the same to a user
            raise UnreachableError(f"Could not reach the ComfyUI server at {self.host}; check that it is running "
                                   "and the URL in Settings (or --server).") from None


class ComfyUIRejected(Exception):
    """A 400 from the server: the graph failed validation; `body` is its JSON (error, node_errors)."""

    def __init__(self, body: Any) -> None:
        super().__init__(str(body))
        self.body = body if isinstance(body, dict) else {"error": {"message": str(body)}}


def combo_options(spec: Any) -> list[str]:
    """The choices of a combo input, in the old (`[[...], {}]`) or new (`["COMBO", {"options"}]`) form."""
    if isinstance(spec, list) and spec and isinstance(spec[0], list):
        return [str(x) for x in spec[0]]
    if isinstance(spec, list) and len(spec) > 1 and isinstance(spec[1], dict):
        return [str(x) for x in spec[1].get("options", [])]
    return []


def _json_or_text(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return data.decode("utf-8", "replace")

"""A small fake ComfyUI server on 127.0.0.1: real HTTP and a real websocket on one port.

It knows the node classes ComfyUI declares (tests/comfyui_nodes.py: inputs, types, ranges, combo
lists; the IP-Adapter pack only when installed with `ip_adapter=True`) and validates a queued graph
as ComfyUI's validate_prompt does (tests/comfyui_validation.py), answering 400 with ComfyUI's error
shape, so any graph, a user's own export included, is checked against the server, not against
Panelsmith's own templates. Speaks POST /prompt, /ws?clientId= (status, execution_start,
execution_cached, executing, progress, binary preview frames as JPEG (the server's default) or PNG,
executed, execution_success, execution_error, execution_interrupted), GET /history and
/history/{id}, /view, POST /upload/image (multipart, with ComfyUI's overwrite and duplicate rules),
POST /queue {"delete"} / {"clear"}, GET /queue, POST /interrupt (all, or only the prompt_id given),
GET /object_info[/{class}] and /system_stats, each also under /api. Like ComfyUI it caches node
outputs: a node whose class, values and inputs match one already run is not run again.

It runs `workers` prompts at a time, each taking `latency` seconds, and can be scripted per job:
"oom" (a CUDA out-of-memory execution_error), "drop" (the websocket is cut once mid-job),
"drop_always" (cut, and every reconnect cut again), "crash" (a 500 for POST /prompt).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image

from comfyui_nodes import node_specs, object_info
from comfyui_validation import signature, upstream, validate_prompt
from fake_openai import _parse_multipart, png_of_size

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
SAMPLERS = {"KSampler", "KSamplerAdvanced"}
PREVIEW_FORMATS = {"JPEG": 1, "PNG": 2}  # server.py's image type numbers in a preview frame
OOM_MESSAGE = ("Allocation on device 0 would exceed allowed memory. (out of memory)\nCurrently allocated     : 7.61 GiB\n"
               "CUDA out of memory. Tried to allocate 2.00 GiB.")


@dataclass
class FakeJob:
    prompt_id: str
    number: int
    graph: dict[str, Any]
    client_id: str
    outputs: list[str]
    action: str | None = None
    queued: float = field(default_factory=time.monotonic)
    started: float = 0.0
    finished: float = 0.0
    interrupted: bool = False
    messages: list[Any] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)


class _Socket:
    """One websocket client's connection (server side of RFC 6455: unmasked frames out)."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn, self.lock, self.open = conn, threading.Lock(), True

    def send(self, payload: bytes, opcode: int) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode]) + (bytes([n]) if n < 126 else bytes([126]) + struct.pack(">H", n)
                                         if n < 65536 else bytes([127]) + struct.pack(">Q", n))
        with self.lock:
            if not self.open:
                return
            try:
                self.conn.sendall(head + payload)
            except OSError:
                self.open = False

    def text(self, kind: str, data: dict[str, Any]) -> None:
        self.send(json.dumps({"type": kind, "data": data}).encode(), 1)

    def cut(self) -> None:
        """Drop the connection without a closing handshake, as a crashed proxy or network would."""
        with self.lock:
            self.open = False
            try:
                self.conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class FakeComfyUI:
    """Start with `start()` (or as a context manager); point the backend at `url`."""

    def __init__(self, latency: float = 0.05, workers: int = 1, steps_shown: int = 4,
                 checkpoints: tuple[str, ...] = ("sd_xl_base_1.0.safetensors", "flux1-dev-fp8.safetensors",
                                                 "dreamshaperXL.safetensors"),
                 ip_adapter: bool = False, image_scale: float = 0.125, preview_format: str = "JPEG",
                 models: dict[str, list[str]] | None = None) -> None:
        self.latency, self.workers, self.steps_shown = latency, workers, steps_shown
        self.checkpoints = list(checkpoints)
        self.ip_adapter, self.models = ip_adapter, models
        self.image_scale = image_scale
        self.preview_format = preview_format
        self.jobs: dict[str, FakeJob] = {}
        self.pending: list[str] = []
        self.running: set[str] = set()
        self.history: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, bytes] = {}
        self.upload_log: list[str] = []  # every upload's stored name, in order (repeats show re-uploads)
        self.outputs: dict[str, bytes] = {}
        self.deleted: list[str] = []
        self.interrupts: list[str | None] = []
        self.rejected: list[dict[str, Any]] = []
        self.actions: list[str | None] = []
        self.crashes = 0
        self.clients: dict[str, _Socket] = {}
        self.hang_up: set[str] = set()  # client ids whose every new websocket is cut at once
        self._cache: dict[str, dict[str, Any] | None] = {}  # node signature -> its UI output (None: none)
        self._cond = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._stopping = False
        self._held = False
        self._counter = 0

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def specs(self) -> dict[str, dict[str, Any]]:
        """The node classes this server has, with today's input folder and model lists."""
        return node_specs(self.checkpoints, list(self.uploads), self.ip_adapter, self.models)

    def start(self) -> FakeComfyUI:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        for _ in range(self.workers):
            threading.Thread(target=self._work, daemon=True).start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            for pid in self.running:  # a long scripted job stops with the server
                self.jobs[pid].interrupted = True
            self._cond.notify_all()
        for client in list(self.clients.values()):
            client.cut()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeComfyUI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, *actions: str | None) -> None:
        """What the next queued jobs do, in order: None (draw), "oom", "drop", "drop_always" or "crash"."""
        with self._cond:
            self.actions.extend(actions)

    def graphs(self) -> list[dict[str, Any]]:
        return [job.graph for job in sorted(self.jobs.values(), key=lambda j: j.number)]

    def upload(self, name: str, data: bytes, overwrite: bool) -> str:
        """Store an image in the input folder as ComfyUI does: a same-named different picture gets ` (n)`
        unless `overwrite`; the same picture again keeps its name. The name it was stored under."""
        with self._cond:
            stem, dot, ext = name.rpartition(".")
            stem, ext = (stem, dot + ext) if dot else (name, "")
            stored, n = name, 1
            while not overwrite and stored in self.uploads and self.uploads[stored] != data:
                stored, n = f"{stem} ({n}){ext}", n + 1
            self.uploads[stored] = data
            self.upload_log.append(stored)
            return stored

    # ---- the queue
    def queue(self, graph: dict[str, Any], client_id: str, outputs: list[str]) -> FakeJob:
        with self._cond:
            self._counter += 1
            job = FakeJob(uuid.uuid4().hex, self._counter, graph, client_id, outputs,
                          self.actions.pop(0) if self.actions else None)
            self.jobs[job.prompt_id] = job
            self.pending.append(job.prompt_id)
            self._cond.notify()
            return job

    def delete(self, ids: list[str]) -> None:
        with self._cond:
            for pid in ids:
                if pid in self.pending:
                    self.pending.remove(pid)
                    self.deleted.append(pid)

    def hold(self) -> None:
        """Take nothing from the queue until `release()` (prompts still queue)."""
        with self._cond:
            self._held = True

    def release(self) -> None:
        with self._cond:
            self._held = False
            self._cond.notify_all()

    def clear(self) -> None:
        with self._cond:
            self.deleted += self.pending
            self.pending.clear()

    def interrupt(self, prompt_id: str | None) -> None:
        """POST /interrupt: the running prompt stops; with a prompt_id, only if that one is running."""
        with self._cond:
            self.interrupts.append(prompt_id)
            for pid in self.running:
                if prompt_id in (None, pid):
                    self.jobs[pid].interrupted = True

    def _work(self) -> None:
        while True:
            with self._cond:
                while (not self.pending or self._held) and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                pid = self.pending.pop(0)
                self.running.add(pid)
            try:
                self._run(self.jobs[pid])
            finally:
                with self._cond:
                    self.running.discard(pid)

    def _send(self, job: FakeJob, kind: str, data: dict[str, Any], record: bool = False) -> None:
        data = {**data, "prompt_id": job.prompt_id}
        if record:
            job.messages.append([kind, data])
        client = self.clients.get(job.client_id)
        if client is not None:
            client.text(kind, data)

    def _signatures(self, graph: dict[str, Any]) -> dict[str, str]:
        """Each node's cache key; a LoadImage's includes its file's content, as its IS_CHANGED does."""
        hashed = json.loads(json.dumps(graph))
        for node in hashed.values():
            if node["class_type"] in ("LoadImage", "LoadImageMask"):
                data = self.uploads.get(str(node["inputs"].get("image")), b"")
                node["inputs"]["image"] = f"{node['inputs'].get('image')}#{hashlib.sha256(data).hexdigest()}"
        memo: dict[str, str] = {}
        return {key: signature(hashed, key, memo) for key in hashed}

    def _run(self, job: FakeJob) -> None:
        job.started = time.monotonic()
        graph = job.graph
        order = upstream(graph, job.outputs)
        keys = self._signatures(graph)
        job.cached = [key for key in order if keys[key] in self._cache]
        self._send(job, "execution_start", {"timestamp": int(time.time() * 1000)}, record=True)
        self._send(job, "execution_cached", {"nodes": job.cached, "timestamp": int(time.time() * 1000)}, record=True)
        outputs: dict[str, Any] = {}
        for key in order:
            kind = graph[key]["class_type"]
            if key in job.cached:
                ui = self._cache[keys[key]]
                if ui is not None:
                    outputs[key] = ui
                    self._send(job, "executed", {"node": key, "display_node": key, "output": ui})
                continue
            self._send(job, "executing", {"node": key, "display_node": key})
            if kind in SAMPLERS and not self._sample(job, key):
                return
            ui = None
            if kind in ("SaveImage", "PreviewImage"):
                name = f"{graph[key]['inputs'].get('filename_prefix', 'ComfyUI')}_{job.number:05}_.png"
                self.outputs[name] = self._picture(graph, key, keys[key])
                ui = outputs[key] = {"images": [{"filename": name, "subfolder": "",
                                                 "type": "output" if kind == "SaveImage" else "temp"}]}
                self._send(job, "executed", {"node": key, "display_node": key, "output": ui})
            self._cache[keys[key]] = ui
        # As ComfyUI's prompt worker does: success is said before the history is written, and
        # "executing None" (the queue item done) after it.
        self._send(job, "execution_success", {"timestamp": int(time.time() * 1000)}, record=True)
        self._finish(job, outputs, "success")
        self._send(job, "executing", {"node": None})

    def _sample(self, job: FakeJob, node: str) -> bool:
        """The sampler's steps, with progress and a preview; False when interrupted or failed."""
        shown = self.steps_shown
        begun = time.monotonic()
        for step in range(1, shown + 1):
            deadline = begun + self.latency * step / shown
            while time.monotonic() < deadline and not job.interrupted:
                time.sleep(min(0.01, max(0.0, deadline - time.monotonic())))
            if job.interrupted:
                self._send(job, "execution_interrupted", {"node_id": node, "node_type": job.graph[node]["class_type"],
                                                          "executed": []}, record=True)
                self._finish(job, {}, "error")
                return False
            self._send(job, "progress", {"value": step, "max": shown, "node": node})
            if step == 1 and job.action in ("drop", "drop_always"):
                if job.action == "drop_always":
                    self.hang_up.add(job.client_id)
                client = self.clients.get(job.client_id)
                if client is not None:
                    client.cut()
            if step == shown // 2:
                client = self.clients.get(job.client_id)
                if client is not None:  # a sampler preview: event 1 (PREVIEW_IMAGE), the format's number, the picture
                    client.send(struct.pack(">II", 1, PREVIEW_FORMATS[self.preview_format])
                                + _preview(self.preview_format, job.prompt_id), 2)
            if step == shown // 2 and job.action == "oom":
                error = {"node_id": node, "node_type": job.graph[node]["class_type"], "executed": [],
                         "exception_message": OOM_MESSAGE, "exception_type": "torch.OutOfMemoryError",
                         "traceback": ["..."], "current_inputs": {}, "current_outputs": {}}
                self._send(job, "execution_error", error, record=True)
                self._finish(job, {}, "error")
                return False
        return True

    def _picture(self, graph: dict[str, Any], key: str, seed: str) -> bytes:
        """A flat picture of the size the graph makes, whose colour follows everything that decides it."""
        width, height = self._size(graph, key)
        return png_of_size(max(1, int(width * self.image_scale)), max(1, int(height * self.image_scale)), seed)

    def _size(self, graph: dict[str, Any], key: str) -> tuple[int, int]:
        node = graph[key]
        inputs = node["inputs"]
        kind = node["class_type"]
        if kind in ("EmptyLatentImage", "EmptySD3LatentImage", "SolidMask"):
            return int(inputs["width"]), int(inputs["height"])
        if kind in ("LoadImage", "LoadImageMask"):
            with Image.open(io.BytesIO(self.uploads[inputs["image"]])) as picture:
                return picture.size
        links = [v for name, v in inputs.items() if isinstance(v, list) and len(v) == 2
                 and name in ("samples", "latent_image", "pixels", "image", "images", "destination")]
        source = self._size(graph, str(links[0][0])) if links else (1024, 1024)
        if kind == "ImageScale":
            w, h = int(inputs["width"]), int(inputs["height"])
            return (w or max(1, h * source[0] // source[1])), (h or max(1, w * source[1] // source[0]))
        return source

    def _finish(self, job: FakeJob, outputs: dict[str, Any], status: str) -> None:
        job.finished = time.monotonic()
        self.history[job.prompt_id] = {
            "prompt": [job.number, job.prompt_id, job.graph, {"client_id": job.client_id}, job.outputs],
            "outputs": outputs,
            "status": {"status_str": status, "completed": status == "success", "messages": job.messages},
            "meta": {key: {"node_id": key, "display_node": key} for key in outputs},
        }


def _preview(kind: str, prompt_id: str) -> bytes:
    out = io.BytesIO()
    colour = tuple(hashlib.sha256(prompt_id.encode()).digest()[:3])
    Image.new("RGB", (32, 32), colour).save(out, kind)
    return out.getvalue()


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeComfyUI
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        fake, parts = self.server_fake, urlsplit(self.path)
        path = _route(parts.path)
        query = parse_qs(parts.query)
        if path == "/ws" and self.headers.get("Upgrade", "").lower() == "websocket":
            return self._websocket(query.get("clientId", [uuid.uuid4().hex])[0])
        if path == "/history":
            return self._json(200, dict(fake.history))
        if path.startswith("/history/"):
            pid = path.removeprefix("/history/")
            return self._json(200, {pid: fake.history[pid]} if pid in fake.history else {})
        if path == "/view":
            name, kind = query.get("filename", [""])[0], query.get("type", ["output"])[0]
            store = fake.uploads if kind == "input" else fake.outputs
            if name not in store:
                return self._bytes(404, b"404: Not Found", "text/plain")
            return self._bytes(200, store[name], "image/png")
        if path == "/queue":
            with fake._cond:
                def item(pid: str) -> list[Any]:
                    job = fake.jobs[pid]
                    return [job.number, pid, job.graph, {"client_id": job.client_id}, job.outputs]
                running = [item(p) for p in fake.running]
                pending = [item(p) for p in fake.pending]
            return self._json(200, {"queue_running": running, "queue_pending": pending})
        if path == "/object_info" or path.startswith("/object_info/"):
            specs = fake.specs
            wanted = path.removeprefix("/object_info").strip("/")
            names = [wanted] if wanted else sorted(specs)
            return self._json(200, {name: object_info(name, specs[name]) for name in names if name in specs})
        if path == "/system_stats":
            return self._json(200, {"system": {"os": "posix", "comfyui_version": "0.3.99-fake", "python_version": "3.12"},
                                    "devices": [{"name": "cuda:0 Fake GPU 24GB", "type": "cuda", "vram_total": 24 << 30}]})
        self._bytes(404, b"404: Not Found", "text/plain")

    def do_POST(self) -> None:  # noqa: N802
        fake, path = self.server_fake, _route(urlsplit(self.path).path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path == "/upload/image":
            fields, files = _parse_multipart(self.headers.get("Content-Type", ""), body)
            image = next((f for f in files if f.name == "image"), None)
            if image is None:
                return self._bytes(400, b"", "text/plain")
            stored = fake.upload(image.filename or "image.png", image.data, fields.get("overwrite") in ("true", "1"))
            return self._json(200, {"name": stored, "subfolder": "", "type": "input"})
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return self._bytes(400, b"400: Bad Request", "text/plain")
        if path == "/prompt":
            with fake._cond:
                crash = bool(fake.actions) and fake.actions[0] == "crash"
                if crash:
                    fake.actions.pop(0)
                    fake.crashes += 1
            if crash:
                return self._bytes(500, b"500 Internal Server Error", "text/plain")
            if "prompt" not in data:
                return self._json(400, {"error": {"type": "no_prompt", "message": "No prompt provided", "details": "",
                                                  "extra_info": {}}, "node_errors": {}})
            error, outputs, node_errors = validate_prompt(data["prompt"], fake.specs, set(fake.uploads))
            if error is not None:
                answer = {"error": error, "node_errors": node_errors}
                fake.rejected.append(answer)
                return self._json(400, answer)
            job = fake.queue(data["prompt"], str(data.get("client_id", "")), outputs)
            return self._json(200, {"prompt_id": job.prompt_id, "number": job.number, "node_errors": node_errors})
        if path == "/queue":
            if data.get("clear"):
                fake.clear()
            if "delete" in data:
                fake.delete([str(x) for x in data.get("delete", [])])
            return self._bytes(200, b"", "text/plain")
        if path == "/interrupt":
            fake.interrupt(data.get("prompt_id") if isinstance(data, dict) else None)
            return self._bytes(200, b"", "text/plain")
        self._bytes(404, b"404: Not Found", "text/plain")

    def _json(self, status: int, value: Any) -> None:
        self._bytes(status, json.dumps(value).encode(), "application/json")

    def _bytes(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _websocket(self, client_id: str) -> None:
        fake = self.server_fake
        key = self.headers.get("Sec-WebSocket-Key", "")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        client = _Socket(self.connection)
        if client_id in fake.hang_up:
            client.cut()
            return
        fake.clients[client_id] = client
        client.text("status", {"status": {"exec_info": {"queue_remaining": len(fake.pending)}}, "sid": client_id})
        try:
            while client.open:
                frame = _read_frame(self.rfile)
                if frame is None or frame[0] == 8:
                    client.send(b"", 8)
                    break
                if frame[0] == 9:
                    client.send(frame[1], 10)
        finally:
            client.open = False
            if fake.clients.get(client_id) is client:
                del fake.clients[client_id]


def _route(path: str) -> str:
    """ComfyUI serves every route both as is and under /api."""
    return path.removeprefix("/api") if path.startswith("/api/") else path


def _read_frame(stream: Any) -> tuple[int, bytes] | None:
    head = stream.read(2)
    if len(head) < 2:
        return None
    opcode, n = head[0] & 0x0F, head[1] & 0x7F
    if n == 126:
        n = struct.unpack(">H", stream.read(2))[0]
    elif n == 127:
        n = struct.unpack(">Q", stream.read(8))[0]
    mask = stream.read(4) if head[1] & 0x80 else b"\0\0\0\0"
    data = stream.read(n)
    return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(data))

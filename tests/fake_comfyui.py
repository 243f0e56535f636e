"""A small fake ComfyUI server on 127.0.0.1: real HTTP and a real websocket on one port.

Speaks POST /prompt (validating the graph: known node types, links, an output, checkpoints in its
list, uploaded images, and every slot of the template the graph came from holding a value of the
right kind), /ws?clientId= (status, execution_start, executing, progress, a binary preview frame,
executed, execution_success, execution_error, execution_interrupted), GET /history/{id}, /view,
POST /upload/image (multipart), POST /queue {"delete"}, GET /queue, POST /interrupt, GET /object_info
and /system_stats. It runs `workers` prompts at a time, each taking `latency` seconds, and can be
scripted per job: "oom" (a CUDA out-of-memory execution_error), "drop" (the websocket is cut once
mid-job), "drop_always" (cut, and every reconnect cut again), "crash" (a 500 for POST /prompt).
"""
from __future__ import annotations

import base64
import hashlib
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

from fake_openai import _parse_multipart, png_of_size

from generation.comfyui.inpaint import INPAINT_NAME, inpaint_workflow
from generation.comfyui.workflow import BUILT_IN, Workflow, load_workflow

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
CORE_NODES = {"CheckpointLoaderSimple", "CLIPTextEncode", "EmptyLatentImage", "EmptySD3LatentImage", "KSampler",
              "VAEDecode", "VAEEncode", "SaveImage", "LoadImage", "ImageScale", "FluxGuidance", "CLIPVisionLoader",
              "CLIPVisionEncode", "StyleModelLoader", "StyleModelApply", "UNETLoader",
              "LoadImageMask", "VAEEncodeForInpaint"}
IP_ADAPTER_NODES = {"IPAdapterUnifiedLoader", "IPAdapterAdvanced"}
# Stock nodes a staged panel's regional conditioning adds, with the inputs real ComfyUI requires of them.
REGION_INPUTS = {
    "SolidMask": {"value", "width", "height"},
    "MaskComposite": {"destination", "source", "x", "y", "operation"},
    "ConditioningSetMask": {"conditioning", "mask", "strength", "set_cond_area"},
    "ConditioningCombine": {"conditioning_1", "conditioning_2"},
    "CLIPTextEncode": {"text", "clip"},
}
CORE_NODES |= set(REGION_INPUTS)
CONTROLNET_NODES = {"ControlNetLoader", "ControlNetApplyAdvanced", "ImageInvert"}  # with `controlnets=`
OOM_MESSAGE = ("Allocation on device 0 would exceed allowed memory. (out of memory)\nCurrently allocated     : 7.61 GiB\n"
               "CUDA out of memory. Tried to allocate 2.00 GiB.")


@dataclass
class FakeJob:
    prompt_id: str
    number: int
    graph: dict[str, Any]
    client_id: str
    template: str
    action: str | None = None
    queued: float = field(default_factory=time.monotonic)
    started: float = 0.0
    finished: float = 0.0
    interrupted: bool = False


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
                 ip_adapter: bool = True, image_scale: float = 0.125, controlnets: tuple[str, ...] = ()) -> None:
        self.latency, self.workers, self.steps_shown = latency, workers, steps_shown
        self.checkpoints = list(checkpoints)
        self.node_types = CORE_NODES | (IP_ADAPTER_NODES if ip_adapter else set()) | (CONTROLNET_NODES if controlnets else set())
        self.controlnets = list(controlnets)
        self.image_scale = image_scale
        self.templates: dict[str, Workflow] = {name: load_workflow(name) for name in BUILT_IN}
        self.templates[INPAINT_NAME] = inpaint_workflow(checkpoints[0])  # a part redraw's graph
        self.jobs: dict[str, FakeJob] = {}
        self.pending: list[str] = []
        self.running: set[str] = set()
        self.history: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, bytes] = {}
        self.outputs: dict[str, bytes] = {}
        self.deleted: list[str] = []
        self.interrupts: list[str | None] = []
        self.rejected: list[dict[str, Any]] = []
        self.actions: list[str | None] = []
        self.crashes = 0
        self.clients: dict[str, _Socket] = {}
        self.hang_up: set[str] = set()  # client ids whose every new websocket is cut at once
        self._cond = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._stopping = False
        self._counter = 0

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

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

    # ---- the queue
    def queue(self, graph: dict[str, Any], client_id: str, template: str) -> FakeJob:
        with self._cond:
            self._counter += 1
            job = FakeJob(uuid.uuid4().hex, self._counter, graph, client_id, template,
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

    def interrupt(self, prompt_id: str | None) -> None:
        with self._cond:
            self.interrupts.append(prompt_id)
            for pid in self.running:
                if prompt_id in (None, pid):
                    self.jobs[pid].interrupted = True

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self.pending and not self._stopping:
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

    def _send(self, job: FakeJob, kind: str, data: dict[str, Any]) -> None:
        client = self.clients.get(job.client_id)
        if client is not None:
            client.text(kind, {**data, "prompt_id": job.prompt_id})

    def _run(self, job: FakeJob) -> None:
        job.started = time.monotonic()
        template = self.templates[job.template]
        sampler = template.targets("seed")[0][0]
        self._send(job, "execution_start", {"timestamp": int(time.time() * 1000)})
        self._send(job, "executing", {"node": sampler, "display_node": sampler})
        shown = self.steps_shown
        for step in range(1, shown + 1):
            deadline = job.started + self.latency * step / shown
            while time.monotonic() < deadline and not job.interrupted:
                time.sleep(min(0.01, max(0.0, deadline - time.monotonic())))
            if job.interrupted:
                self._send(job, "execution_interrupted", {"node_id": sampler, "node_type": "KSampler", "executed": []})
                self._finish(job, None, [["execution_interrupted", {"prompt_id": job.prompt_id}]])
                return
            self._send(job, "progress", {"value": step, "max": shown, "node": sampler})
            if step == 1 and job.action in ("drop", "drop_always"):
                if job.action == "drop_always":
                    self.hang_up.add(job.client_id)
                client = self.clients.get(job.client_id)
                if client is not None:
                    client.cut()
            if step == shown // 2:
                client = self.clients.get(job.client_id)
                if client is not None:  # a sampler preview: event 1, format 2 (PNG), the picture
                    client.send(struct.pack(">II", 1, 2) + png_of_size(32, 32, f"preview {job.prompt_id}"), 2)
            if step == shown // 2 and job.action == "oom":
                error = {"node_id": sampler, "node_type": "KSampler", "executed": [], "exception_message": OOM_MESSAGE,
                         "exception_type": "torch.OutOfMemoryError", "traceback": ["..."], "current_inputs": {},
                         "current_outputs": {}}
                self._send(job, "execution_error", error)
                self._finish(job, None, [["execution_error", {**error, "prompt_id": job.prompt_id}]])
                return
        self._finish(job, self._picture(job, template), [])

    def _picture(self, job: FakeJob, template: Workflow) -> bytes:
        graph = job.graph
        values = {slot: next(graph[n]["inputs"][i] for n, i in template.targets(slot) if n in graph)
                  for slot in ("prompt", "seed", "width", "height", "steps", "checkpoint")}
        key = json.dumps(values, sort_keys=True)
        return png_of_size(int(values["width"] * self.image_scale), int(values["height"] * self.image_scale), key)

    def _finish(self, job: FakeJob, png: bytes | None, messages: list[Any]) -> None:
        output = str(self.templates[job.template].slots["output"])
        outputs: dict[str, Any] = {}
        if png is not None:
            name = f"panelsmith_{job.number:05}_.png"
            self.outputs[name] = png
            outputs[output] = {"images": [{"filename": name, "subfolder": "", "type": "output"}]}
            self._send(job, "executed", {"node": output, "display_node": output, "output": outputs[output]})
            self._send(job, "execution_success", {"timestamp": int(time.time() * 1000)})
        job.finished = time.monotonic()
        self.history[job.prompt_id] = {
            "prompt": [job.number, job.prompt_id, job.graph, {"client_id": job.client_id}, [output]],
            "outputs": outputs,
            "status": {"status_str": "success" if png is not None else "error", "completed": png is not None,
                       "messages": messages},
        }
        if png is not None:
            self._send(job, "executing", {"node": None})

    # ---- validation of a queued graph
    def validate(self, graph: Any) -> tuple[str | None, dict[str, Any] | None]:
        """(template name, None) when the graph may run, else (None, the 400 body ComfyUI would send)."""
        if not isinstance(graph, dict) or not graph:
            return None, _error("invalid_prompt", "Prompt has no properly formatted nodes")
        for node in graph.values():
            kind = node.get("class_type") if isinstance(node, dict) else None
            if kind not in self.node_types:
                return None, _error("missing_node_type", f"Cannot execute because node {kind} does not exist.")
        node_errors: dict[str, Any] = {}
        for key, node in graph.items():
            for name, value in node["inputs"].items():
                if isinstance(value, list) and len(value) == 2 and str(value[0]) not in graph:
                    node_errors.setdefault(key, []).append(_node_error("link_missing", name, value))
            if node["class_type"] == "CheckpointLoaderSimple" and node["inputs"].get("ckpt_name") not in self.checkpoints:
                node_errors.setdefault(key, []).append(_node_error(
                    "value_not_in_list", "ckpt_name", node["inputs"].get("ckpt_name"), [self.checkpoints, {}]))
            if node["class_type"] in ("LoadImage", "LoadImageMask") and node["inputs"].get("image") not in self.uploads:
                node_errors.setdefault(key, []).append(_node_error("custom_validation_failed", "image", node["inputs"].get("image")))
        if not any(n["class_type"] == "SaveImage" for n in graph.values()):
            return None, _error("prompt_no_outputs", "Prompt has no outputs")
        for key, node in graph.items():
            wanted = REGION_INPUTS.get(node["class_type"])
            if wanted is not None and wanted != set(node["inputs"]):
                node_errors.setdefault(key, []).append(_node_error("required_input_missing", ",".join(sorted(wanted ^ set(node["inputs"]))), None))
        if any(n["class_type"] == "MaskComposite" and n["inputs"].get("operation") not in
               ("multiply", "add", "subtract", "and", "or", "xor") for n in graph.values()):
            return None, _error("invalid_prompt", "MaskComposite operation not in list")
        # A ControlNet (and the image loaded for it) may steer any template.
        steering = {k for k, n in graph.items() if n["class_type"] in CONTROLNET_NODES}
        steering |= {str(v[0]) for k in steering for v in graph[k]["inputs"].values()
                     if isinstance(v, list) and len(v) == 2 and graph.get(str(v[0]), {}).get("class_type") == "LoadImage"}
        template = next((name for name, w in self.templates.items() if all(
            (k in w.graph and w.graph[k]["class_type"] == n["class_type"])
            or (k not in w.graph and n["class_type"] in REGION_INPUTS) for k, n in graph.items()
            if k not in steering)), None)
        if template is None:
            return None, _error("invalid_prompt", "The graph is not one of the fake's templates")
        for slot, targets in self.templates[template].slots.items():
            if slot in SLOT_KINDS:
                for node, name in targets:
                    if str(node) in graph and not SLOT_KINDS[slot](graph[str(node)]["inputs"].get(name)):
                        node_errors.setdefault(str(node), []).append(_node_error("slot_check", name, graph[str(node)]["inputs"].get(name)))
        if node_errors:
            body = _error("prompt_outputs_failed_validation", "Prompt outputs failed validation")
            body["node_errors"] = {k: {"errors": v, "dependent_outputs": [], "class_type": graph[k]["class_type"]}
                                   for k, v in node_errors.items()}
            return None, body
        return template, None


SLOT_KINDS = {
    "prompt": lambda v: isinstance(v, str) and v.strip() != "",
    "negative_prompt": lambda v: isinstance(v, str),
    "width": lambda v: isinstance(v, int) and v >= 64 and v % 8 == 0,
    "height": lambda v: isinstance(v, int) and v >= 64 and v % 8 == 0,
    "seed": lambda v: isinstance(v, int) and 0 <= v < 2**64,
    "steps": lambda v: isinstance(v, int) and 1 <= v <= 10000,
    "denoise": lambda v: isinstance(v, (int, float)) and 0 <= v <= 1,
    "checkpoint": lambda v: isinstance(v, str) and v != "",
}


def _error(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "details": "", "extra_info": {}}, "node_errors": {}}


def _node_error(kind: str, name: str, value: Any, config: Any = None) -> dict[str, Any]:
    return {"type": kind, "message": "Value not in list" if kind == "value_not_in_list" else kind,
            "details": f"{name}: {value!r}", "extra_info": {"input_name": name, "input_config": config, "received_value": value}}


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeComfyUI
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        fake, parts = self.server_fake, urlsplit(self.path)
        path = parts.path
        if path == "/ws" and self.headers.get("Upgrade", "").lower() == "websocket":
            return self._websocket(parse_qs(parts.query).get("clientId", [uuid.uuid4().hex])[0])
        if path.startswith("/history/"):
            pid = path.removeprefix("/history/")
            return self._json(200, {pid: fake.history[pid]} if pid in fake.history else {})
        if path == "/view":
            name = parse_qs(parts.query).get("filename", [""])[0]
            if name not in fake.outputs:
                return self._json(404, {"error": "not found"})
            return self._bytes(200, fake.outputs[name], "image/png")
        if path == "/queue":
            with fake._cond:
                running = [[fake.jobs[p].number, p, {}, {}, []] for p in fake.running]
                pending = [[fake.jobs[p].number, p, {}, {}, []] for p in fake.pending]
            return self._json(200, {"queue_running": running, "queue_pending": pending})
        if path.startswith("/object_info"):
            info = {"CheckpointLoaderSimple": {"input": {"required": {"ckpt_name": [fake.checkpoints, {}]}},
                                               "output": ["MODEL", "CLIP", "VAE"], "name": "CheckpointLoaderSimple"}}
            if fake.controlnets:
                info["ControlNetLoader"] = {"input": {"required": {"control_net_name": [fake.controlnets, {}]}},
                                            "output": ["CONTROL_NET"], "name": "ControlNetLoader"}
                info["ControlNetApplyAdvanced"] = {"input": {"required": {}}, "name": "ControlNetApplyAdvanced"}
            if path == "/object_info":
                info.update({name: {"input": {"required": {}}, "name": name} for name in sorted(fake.node_types)
                             if name not in info})
            else:
                info = {k: v for k, v in info.items() if path == f"/object_info/{k}"}
            return self._json(200, info)
        if path == "/system_stats":
            return self._json(200, {"system": {"os": "posix", "comfyui_version": "0.3.99-fake", "python_version": "3.12"},
                                    "devices": [{"name": "cuda:0 Fake GPU 24GB", "type": "cuda", "vram_total": 24 << 30}]})
        self._json(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802
        fake, path = self.server_fake, urlsplit(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path == "/upload/image":
            _fields, files = _parse_multipart(self.headers.get("Content-Type", ""), body)
            image = next((f for f in files if f.name == "image"), None)
            if image is None:
                return self._json(400, {"error": "no image"})
            fake.uploads[image.filename] = image.data
            return self._json(200, {"name": image.filename, "subfolder": "", "type": "input"})
        data = json.loads(body or b"{}")
        if path == "/prompt":
            with fake._cond:
                crash = bool(fake.actions) and fake.actions[0] == "crash"
                if crash:
                    fake.actions.pop(0)
                    fake.crashes += 1
            if crash:
                return self._bytes(500, b"500 Internal Server Error", "text/plain")
            template, problem = fake.validate(data.get("prompt"))
            if problem is not None:
                fake.rejected.append(problem)
                return self._json(400, problem)
            job = fake.queue(data["prompt"], str(data.get("client_id", "")), template)
            return self._json(200, {"prompt_id": job.prompt_id, "number": job.number, "node_errors": {}})
        if path == "/queue":
            fake.delete([str(x) for x in data.get("delete", [])])
            return self._bytes(200, b"", "text/plain")
        if path == "/interrupt":
            fake.interrupt(data.get("prompt_id"))
            return self._bytes(200, b"", "text/plain")
        self._json(404, {"error": "not found"})

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

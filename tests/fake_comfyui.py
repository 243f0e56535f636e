"""A small fake ComfyUI server on 127.0.0.1: real HTTP and a real websocket on one port.

It knows the node classes ComfyUI declares (tests/comfyui_nodes.py: inputs, types, ranges, combo
lists; the IP-Adapter pack only when installed with `ip_adapter=True`, ControlNet models only when given
with `controlnets=`) and validates a queued graph
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
"drop_always" (cut, and every reconnect cut again), "crash" (a 500 for POST /prompt). `hold()` keeps the
server from taking prompts off its queue until `release()`; `upload_log` lists every upload received.
"""
from __future__ import annotations

import hashlib
import io
import json
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from PIL import Image

from comfyui_http import ComfyHandler, Socket
from comfyui_nodes import node_specs
from comfyui_validation import signature, upstream
from fake_openai import png_of_size

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


class FakeComfyUI:
    """Start with `start()` (or as a context manager); point the backend at `url`."""

    def __init__(self, latency: float = 0.05, workers: int = 1, steps_shown: int = 4,
                 checkpoints: tuple[str, ...] = ("sd_xl_base_1.0.safetensors", "flux1-dev-fp8.safetensors",
                                                 "dreamshaperXL.safetensors"),
                 ip_adapter: bool = False, image_scale: float = 0.125, preview_format: str = "JPEG",
                 models: dict[str, list[str]] | None = None, controlnets: tuple[str, ...] = ()) -> None:
        self.latency, self.workers, self.steps_shown = latency, workers, steps_shown
        self.checkpoints = list(checkpoints)
        self.controlnets = list(controlnets)  # the ControlNet model files in its models folder
        self.ip_adapter, self.models = ip_adapter, {"controlnet": self.controlnets, **(models or {})}
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
        self.clients: dict[str, Socket] = {}
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

        class Handler(ComfyHandler):
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

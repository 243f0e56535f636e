"""The HTTP and websocket side of the fake ComfyUI server (tests/fake_comfyui.py): ComfyUI's routes, each
also under /api, answering from the fake's state, and the server end of RFC 6455 for /ws."""
from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from comfyui_nodes import object_info
from comfyui_validation import validate_prompt
from fake_openai import _parse_multipart

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Socket:
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


class ComfyHandler(BaseHTTPRequestHandler):
    server_fake: Any  # the FakeComfyUI it answers for
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
        client = Socket(self.connection)
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

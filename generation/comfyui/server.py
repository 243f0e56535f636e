"""What one ComfyUI server has, asked once and remembered: its node classes (GET /object_info/{class}),
the files in its input folder (LoadImage's list), and which of Panelsmith's pictures it already holds.

Used to decide before queueing whether a workflow's reference branch can run there (a stock server has
no IP-Adapter nodes) and to upload each picture once per server, named by its content hash, instead of
again before every panel. Thread-safe: every worker thread of one backend shares it.
"""
from __future__ import annotations

import threading
from typing import Any

from generation.comfyui.client import ComfyClient, combo_options
from model.project.imagestore import sha256_of


class ServerFacts:
    """Answers about one server, each fetched at most once."""

    def __init__(self, client: ComfyClient) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._classes: dict[str, dict[str, Any] | None] = {}  # class -> its /object_info entry, None: absent
        self._inputs: set[str] | None = None
        self._notices: list[str] = []

    def node(self, class_type: str) -> dict[str, Any] | None:
        """The server's description of a node class, or None when it does not have it."""
        with self._lock:
            if class_type not in self._classes:
                answer = self.client.call("GET", f"/object_info/{class_type}")
                found = answer.get(class_type) if isinstance(answer, dict) else None
                self._classes[class_type] = found if isinstance(found, dict) else None
            return self._classes[class_type]

    def lacks(self, graph: dict[str, Any], nodes: set[str]) -> tuple[list[str], list[str]]:
        """Of `nodes` in `graph`: the classes the server does not have, and the model files (a combo value
        such as a style model or CLIP vision file) it does not list."""
        classes, files = [], []
        for key in sorted(nodes):
            kind = graph[key]["class_type"]
            info = self.node(kind)
            if info is None:
                classes.append(kind)
                continue
            specs = {**(info.get("input") or {}).get("optional", {}), **(info.get("input") or {}).get("required", {})}
            for name, value in graph[key].get("inputs", {}).items():
                options = combo_options(specs.get(name))
                if isinstance(value, str) and options and value not in options and kind not in ("LoadImage", "LoadImageMask"):
                    files.append(value)
        return sorted(set(classes)), sorted(set(files))

    def upload(self, png: bytes) -> str:
        """The name of `png` in the server's input folder, uploading it only if the server lacks it."""
        name = f"panelsmith-{sha256_of(png)[:20]}.png"
        with self._lock:
            if self._inputs is None:
                info = self.client.call("GET", "/object_info/LoadImage")
                try:
                    self._inputs = set(combo_options(info["LoadImage"]["input"]["required"]["image"]))
                except (KeyError, TypeError):
                    self._inputs = set()
            if name not in self._inputs:
                name = self.client.upload_image(name, png)
                self._inputs.add(name)
        return name

    def say_once(self, sentence: str) -> bool:
        """Keep `sentence` for the user unless it was said already; True the first time."""
        with self._lock:
            if sentence in self._notices:
                return False
            self._notices.append(sentence)
            return True

    @property
    def notices(self) -> list[str]:
        with self._lock:
            return list(self._notices)

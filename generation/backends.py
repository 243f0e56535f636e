"""Choosing the backend: OpenAI when asked for or when a key is available, else the offline sketches;
ComfyUI (the user's own Stable Diffusion or Flux) only when asked for."""
from __future__ import annotations

from generation.credentials import get_api_key
from generation.runner import Backend
from generation.sketch.render import SketchBackend
from model.errors import BadInputError

BACKENDS = ("offline", "openai", "comfyui")


def choose_backend(name: str | None = None, server: str | None = None) -> tuple[Backend, str]:
    """The backend to use and a sentence saying which and why (printed by the CLI, shown by the app);
    `server` is the ComfyUI server's URL (else PANELSMITH_COMFYUI_URL, else the default)."""
    if name is not None and name not in BACKENDS:
        raise BadInputError(f"Unknown backend {name!r}: use offline, openai or comfyui.")
    if name == "comfyui":
        from generation.comfyui.backend import ComfyUIBackend

        comfy = ComfyUIBackend(server)
        return comfy, f"Drawing with the ComfyUI server at {comfy.base_url}."
    if name is None:
        name = "openai" if get_api_key() else "offline"
        why = "an API key is set" if name == "openai" else "no OpenAI API key is set"
    else:
        why = "as asked"
    if name == "openai":
        from generation.openai.backend import OpenAIBackend

        backend: Backend = OpenAIBackend()
        return backend, f"Using the OpenAI image service at {backend.base_url} ({why})."  # type: ignore[attr-defined]
    return SketchBackend(), f"Drawing offline sketches ({why})."

"""What the image models take: the default model and quality, and which qualities each model family
accepts (see shared/notes/openai-images.md). Light on purpose: no SDK import, so the planner, the
command line and the app's settings can all read it."""
from __future__ import annotations

DEFAULT_MODEL = "gpt-image-2"
DEFAULT_QUALITY = "medium"
QUALITIES: tuple[str, ...] = ("low", "medium", "high", "auto")
EXTRA_QUALITIES: tuple[str, ...] = ("xhigh", "max")  # gpt-image-2.5 and 2.6 only
# Shut down by OpenAI (dall-e in 2026-05, gpt-image-1 in 2026-10, the 1.x rest in 2026-12).
RETIRED_MODELS: tuple[str, ...] = ("dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5",
                                   "chatgpt-image-latest")


def qualities_for(model: str) -> tuple[str, ...]:
    """The quality values `model` accepts."""
    return QUALITIES + (EXTRA_QUALITIES if model.startswith(("gpt-image-2.5", "gpt-image-2.6")) else ())

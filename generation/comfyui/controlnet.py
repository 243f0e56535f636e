"""A scribble ControlNet for "Picture from my drawing" on ComfyUI, when the server offers one.

`/object_info` says whether the server has the stock `ControlNetLoader` and `ControlNetApplyAdvanced`
nodes and a scribble or lineart ControlNet model. Then the panel is drawn from words with the drawing as
the control image (inverted to white lines on black, as scribble models are trained), so the picture
follows the drawn lines exactly; without them the backend falls back to image-to-image from the drawing.
"""
from __future__ import annotations

from typing import Any

from generation.comfyui.client import ComfyClient, combo_options
from generation.errors import GenerationError

MODEL_WORDS = ("scribble", "lineart", "sketch")
STRENGTH = 0.9
IDS = ("60", "61", "62", "63")  # node ids no shipped workflow uses


def scribble_model(client: ComfyClient) -> str | None:
    """The first scribble/lineart ControlNet model the server has, if it also has the apply node."""
    try:
        loader = client.call("GET", "/object_info/ControlNetLoader")
        apply = client.call("GET", "/object_info/ControlNetApplyAdvanced")
        names = combo_options(loader["ControlNetLoader"]["input"]["required"]["control_net_name"])
    except (GenerationError, KeyError, TypeError):
        return None
    if not isinstance(apply, dict) or "ControlNetApplyAdvanced" not in apply:
        return None
    return next((n for n in names if any(word in n.lower() for word in MODEL_WORDS)), None)


def with_scribble(graph: dict[str, Any], sampler: str, drawing: str, model: str) -> dict[str, Any]:
    """`graph` with the drawing (an uploaded image name) steering its sampler through the ControlNet."""
    load, invert, loader, apply = IDS
    inputs = graph[sampler]["inputs"]
    graph[load] = {"class_type": "LoadImage", "inputs": {"image": drawing}}
    graph[invert] = {"class_type": "ImageInvert", "inputs": {"image": [load, 0]}}
    graph[loader] = {"class_type": "ControlNetLoader", "inputs": {"control_net_name": model}}
    graph[apply] = {"class_type": "ControlNetApplyAdvanced", "inputs": {
        "positive": inputs["positive"], "negative": inputs["negative"], "control_net": [loader, 0],
        "image": [invert, 0], "strength": STRENGTH, "start_percent": 0.0, "end_percent": 1.0}}
    inputs["positive"], inputs["negative"] = [apply, 0], [apply, 1]
    return graph

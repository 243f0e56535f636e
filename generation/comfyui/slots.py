"""Guessing a slot map for a user's own exported ComfyUI workflow, from the usual node shapes.

The sampler is the node with a seed (`seed` or `noise_seed`); the prompt is the first text input found
walking up from its positive conditioning (through guidance and style nodes), the negative prompt the
same from its negative; width and height come from the empty latent image; the checkpoint from the
loader (`ckpt_name`, or `unet_name` for split Flux files); the output is the SaveImage node. What
cannot be found is left out, and `comfyui_workflow.check_slots` names it in one sentence. Image-to-
image and reference slots are never guessed: they need nodes the export may not have.
"""
from __future__ import annotations

from typing import Any

Graph = dict[str, dict[str, Any]]


def guess_slots(graph: Graph) -> dict[str, Any]:
    """A slot map for `graph` with every slot that the usual node shapes reveal."""
    slots: dict[str, Any] = {}
    saves = [k for k, n in graph.items() if n.get("class_type") == "SaveImage"]
    if saves:
        slots["output"] = saves[0]
    seeds = [(k, name) for k, n in graph.items() for name in ("seed", "noise_seed")
             if isinstance(n["inputs"].get(name), int)]
    if seeds:
        slots["seed"] = [list(seeds[0])]
    steps = [[k, "steps"] for k, n in graph.items() if isinstance(n["inputs"].get("steps"), int)]
    if steps:
        slots["steps"] = steps[:1]
    for slot, name in (("width", "width"), ("height", "height")):
        found = [[k, name] for k, n in graph.items()
                 if n["class_type"].startswith("Empty") and isinstance(n["inputs"].get(name), int)]
        if found:
            slots[slot] = found
    loaders = [[k, name] for k, n in graph.items() for name in ("ckpt_name", "unet_name")
               if isinstance(n["inputs"].get(name), str)]
    if loaders:
        slots["checkpoint"] = loaders[:1]
    for slot, inputs in (("prompt", ("positive", "conditioning", "guider")), ("negative_prompt", ("negative",))):
        found = _text_above(graph, inputs)
        if found:
            slots[slot] = [found]
    return slots


def _text_above(graph: Graph, inputs: tuple[str, ...]) -> list[str] | None:
    """The first string `text` input upstream of a sampler's or guider's `inputs`."""
    starts = [n["inputs"][name] for n in graph.values() for name in inputs
              if name in n["inputs"] and _is_link(n["inputs"][name])
              and (n["class_type"].startswith(("KSampler", "SamplerCustom")) or "Guider" in n["class_type"])]
    seen: set[str] = set()
    todo = [str(link[0]) for link in starts]
    while todo:
        key = todo.pop(0)
        if key in seen or key not in graph:
            continue
        seen.add(key)
        node_inputs = graph[key]["inputs"]
        for name in ("text", "text_g", "clip_l", "t5xxl"):
            if isinstance(node_inputs.get(name), str):
                return [key, name]
        todo += [str(v[0]) for name, v in node_inputs.items()
                 if _is_link(v) and name in ("conditioning", "positive", "conditioning_to", "conditioning_1")]
    return None


def _is_link(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[1], int)

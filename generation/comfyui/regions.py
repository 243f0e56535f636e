"""Regional conditioning for a staged panel, from ComfyUI's stock nodes only.

Each staged character's words are encoded with the panel prompt's own CLIP, masked to its box and
combined with the panel's prompt, so two characters stop trading clothes. A box's mask is a full-size
zero `SolidMask` with a one-filled `SolidMask` of the box's size added at its place (`MaskComposite`);
where a nearer character's box overlaps it, that box is subtracted, as Krita's AI Diffusion cuts a
region by the ones above it. `ConditioningSetMask` ties the words to the mask, `ConditioningCombine`
joins them to the prompt, and whatever took the prompt's conditioning takes the combination instead.
"""
from __future__ import annotations

from typing import Any

from generation.request import Region

Graph = dict[str, dict[str, Any]]
REGION_NODES = ("SolidMask", "MaskComposite", "CLIPTextEncode", "ConditioningSetMask", "ConditioningCombine")


def _pixels(region: Region, width: int, height: int) -> tuple[int, int, int, int]:
    x, y = round(region.x * width), round(region.y * height)
    w = max(8, min(width - x, round(region.w * width)))
    h = max(8, min(height - y, round(region.h * height)))
    return min(x, width - 8), min(y, height - 8), w, h


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def can_add_regions(graph: Graph, prompt_node: str) -> bool:
    """True when the prompt is a stock text encoder with a CLIP input to encode the regions' words with."""
    node = graph.get(prompt_node) or {}
    clip = (node.get("inputs") or {}).get("clip")
    return node.get("class_type") == "CLIPTextEncode" and isinstance(clip, list) and len(clip) == 2


def add_regions(graph: Graph, prompt_node: str, regions: tuple[Region, ...], width: int, height: int,
                reserved: tuple[str, ...] = ()) -> Graph:
    """`graph` with one masked conditioning per region combined into the prompt's conditioning; new nodes
    are numbered after every id in the graph and in `reserved` (the template's, pruned ones included)."""
    if not regions or not can_add_regions(graph, prompt_node):
        return graph
    graph = {key: {**node, "inputs": dict(node["inputs"])} for key, node in graph.items()}
    consumers = [(key, name) for key, node in graph.items() for name, value in node["inputs"].items()
                 if isinstance(value, list) and len(value) == 2 and str(value[0]) == prompt_node and value[1] == 0]
    clip = graph[prompt_node]["inputs"]["clip"]
    counter = [max((int(k) for k in (*graph, *reserved) if k.isdigit()), default=0)]

    def add(class_type: str, inputs: dict[str, Any], title: str) -> str:
        counter[0] += 1
        key = str(counter[0])
        graph[key] = {"class_type": class_type, "inputs": inputs, "_meta": {"title": title}}
        return key

    blank = add("SolidMask", {"value": 0.0, "width": width, "height": height}, "Staging: empty mask")
    boxes = {r.name: _pixels(r, width, height) for r in regions}
    solids = {r.name: add("SolidMask", {"value": 1.0, "width": boxes[r.name][2], "height": boxes[r.name][3]},
                          f"Staging: {r.name}'s box") for r in regions}
    combined: list[Any] = [prompt_node, 0]
    for region in sorted(regions, key=lambda r: r.order):
        x, y, _w, _h = boxes[region.name]
        mask = add("MaskComposite", {"destination": [blank, 0], "source": [solids[region.name], 0], "x": x, "y": y,
                                     "operation": "add"}, f"Staging: where {region.name} stands")
        for nearer in regions:  # the nearer character's box is cut out of this one
            if nearer.order > region.order and _overlap(boxes[nearer.name], boxes[region.name]):
                nx, ny, _nw, _nh = boxes[nearer.name]
                mask = add("MaskComposite", {"destination": [mask, 0], "source": [solids[nearer.name], 0], "x": nx,
                                             "y": ny, "operation": "subtract"}, f"Staging: {nearer.name} in front")
        text = add("CLIPTextEncode", {"text": region.prompt, "clip": list(clip)}, f"Staging: {region.name}")
        masked = add("ConditioningSetMask", {"conditioning": [text, 0], "mask": [mask, 0], "strength": 1.0,
                                             "set_cond_area": "default"}, f"Staging: {region.name} in its box")
        combined = [add("ConditioningCombine", {"conditioning_1": combined, "conditioning_2": [masked, 0]},
                        f"Staging: prompt and {region.name}"), 0]
    for key, name in consumers:
        graph[key]["inputs"][name] = list(combined)
    return graph

"""ComfyUI workflows: a graph in ComfyUI's API format plus the named slots Panelsmith fills in.

A workflow is a JSON file exported with ComfyUI's "Save (API)" (`{node id: {class_type, inputs}}`) and
a slot map beside it (`NAME.slots.json`), or, for a user's own export without one, a map guessed from
its nodes (`generation.comfyui.slots`). Slots name where each value goes, as `[node id, input name]`
targets: prompt, negative prompt, width, height, seed, steps, checkpoint, the output node; optionally
an init image and denoise for image-to-image and a reference image for character sheets, each with a
rewiring (`{"input": [node, input], "from": [node, output]}`) that switches the feature on. Filling
a graph sets the values, applies the rewirings the request needs and drops every node the output no
longer depends on, so a server without, say, the IP-Adapter nodes still draws panels without sheets.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generation.errors import GenerationError

WORKFLOW_DIR = Path(__file__).resolve().parents[2] / "resources" / "workflows"
BUILT_IN = ("sdxl", "flux")
DEFAULT_WORKFLOW = "sdxl"
REQUIRED = ("prompt", "width", "height", "seed", "steps", "checkpoint", "output")
VALUE_SLOTS = ("prompt", "negative_prompt", "width", "height", "seed", "steps", "checkpoint", "init_image",
               "denoise", "reference_image")
SWITCHES = {"init_image": "image_to_image", "reference_image": "with_references"}

Graph = dict[str, dict[str, Any]]


class WorkflowError(GenerationError):
    """A workflow file that cannot be used: unreadable, not in API format, or missing a slot."""


@dataclass(frozen=True)
class Workflow:
    """A graph and where its slots are; `name` is what the user chose (built-in name or file path)."""

    name: str
    graph: Graph
    slots: dict[str, Any]

    @property
    def title(self) -> str:
        return self.name if self.name in BUILT_IN else Path(self.name).name

    def has(self, slot: str) -> bool:
        return bool(self.slots.get(slot)) and (slot not in SWITCHES or bool(self.slots.get(SWITCHES[slot])))

    def targets(self, slot: str) -> list[tuple[str, str]]:
        return [(str(node), str(name)) for node, name in self.slots.get(slot) or []]

    def value(self, slot: str) -> Any:
        """The template's own value of a slot (its first target), e.g. the checkpoint it was saved with."""
        node, name = self.targets(slot)[0]
        return self.graph[node]["inputs"].get(name)

    def fill(self, values: dict[str, Any]) -> Graph:
        """A copy of the graph with `values` set (a None value keeps the template's), the features the
        values ask for wired in, and every node the output does not need removed."""
        graph = copy.deepcopy(self.graph)
        for slot, value in values.items():
            if value is None:
                continue
            if not self.has(slot):
                raise WorkflowError(f"The workflow {self.title} has no {slot.replace('_', ' ')} slot.")
            for node, name in self.targets(slot):
                graph[node]["inputs"][name] = value
            if slot in SWITCHES:
                switch = self.slots[SWITCHES[slot]]
                node, name = (str(x) for x in switch["input"])
                source, index = switch["from"]
                graph[node]["inputs"][name] = [str(source), int(index)]
        return _needed_by(graph, str(self.slots["output"]))


def workflow_path(choice: str) -> Path:
    """The file a workflow choice names: a built-in name or a path."""
    return WORKFLOW_DIR / f"{choice}.json" if choice in BUILT_IN else Path(choice).expanduser()


def load_workflow(choice: str | None = None) -> Workflow:
    """The workflow `choice` names (built-in "sdxl" or "flux", or an exported API-format file), with its
    slots from `FILE.slots.json` or, without one, guessed; a WorkflowError says what is wrong."""
    from generation.comfyui.slots import guess_slots

    choice = (choice or DEFAULT_WORKFLOW).strip() or DEFAULT_WORKFLOW
    path = workflow_path(choice)
    title = choice if choice in BUILT_IN else path.name
    graph = _read_json(path, f"The workflow {title}")
    if isinstance(graph, dict) and "nodes" in graph and "links" in graph:
        raise WorkflowError(f"The workflow {title} is in ComfyUI's editor format; export it with \"Save (API)\" instead.")
    if not isinstance(graph, dict) or not graph or not all(_is_node(n) for n in graph.values()):
        raise WorkflowError(f"The workflow {title} is not a ComfyUI API-format graph ({{node id: {{class_type, inputs}}}}).")
    graph = {str(k): v for k, v in graph.items() if not str(k).startswith("_")}
    side = path.with_name(path.stem + ".slots.json")
    if side.exists():
        slots = _read_json(side, f"The slot map {side.name}")
        if not isinstance(slots, dict):
            raise WorkflowError(f"The slot map {side.name} is not a JSON object of slot names.")
    else:
        slots = guess_slots(graph)
    workflow = Workflow(choice, graph, slots)
    check_slots(workflow, side.name if side.exists() else None)
    return workflow


def check_slots(workflow: Workflow, map_name: str | None) -> None:
    """Every required slot present and pointing at a real node input; else one sentence naming it."""
    where = f"map it in {map_name}" if map_name else f"add {Path(workflow.title).stem}.slots.json beside it (see README)"
    for slot in REQUIRED:
        if not workflow.slots.get(slot):
            raise WorkflowError(f"The workflow {workflow.title} has no {slot.replace('_', ' ')} slot; {where}.")
    if str(workflow.slots["output"]) not in workflow.graph:
        raise WorkflowError(f"The workflow {workflow.title}'s output node {workflow.slots['output']} does not exist; {where}.")
    for slot in VALUE_SLOTS:
        try:
            targets = workflow.targets(slot)
        except (TypeError, ValueError):
            raise WorkflowError(f"The {slot} slot of {workflow.title} must be a list of [node id, input name]; {where}.") from None
        for node, name in targets:
            if node not in workflow.graph or name not in workflow.graph[node].get("inputs", {}):
                raise WorkflowError(f"The {slot.replace('_', ' ')} slot of {workflow.title} names {node}.{name}, "
                                    f"which the graph does not have; {where}.")
    for switch in SWITCHES.values():
        wiring = workflow.slots.get(switch)
        if wiring and not (isinstance(wiring, dict) and _is_pair(wiring.get("input")) and _is_pair(wiring.get("from"))
                           and str(wiring["from"][0]) in workflow.graph):
            raise WorkflowError(f"The {switch} wiring of {workflow.title} must be "
                                f"{{\"input\": [node, input], \"from\": [node, output]}}; {where}.")


def _needed_by(graph: Graph, output: str) -> Graph:
    keep: set[str] = set()
    todo = [output]
    while todo:
        node = todo.pop()
        if node in keep or node not in graph:
            continue
        keep.add(node)
        todo += [str(v[0]) for v in graph[node].get("inputs", {}).values() if _is_link(v)]
    return {k: v for k, v in graph.items() if k in keep}


def _is_link(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[0], (str, int)) and isinstance(value[1], int)


def _is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


def _is_node(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("class_type"), str) and isinstance(node.get("inputs"), dict)


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkflowError(f"{what} does not exist ({path}).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkflowError(f"{what} cannot be read: {getattr(exc, 'strerror', None) or exc}.") from None
    except ValueError as exc:
        raise WorkflowError(f"{what} is not valid JSON ({exc}).") from None

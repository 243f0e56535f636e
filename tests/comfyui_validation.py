"""ComfyUI's validation of a queued graph (execution.validate_prompt), for the fake server.

Behaves as the real server does, error shapes included: a node without `class_type`
(`invalid_prompt`), an unknown class (`missing_node_type`, "Node 'X' not found. The custom node may
not be installed."), no output node (`prompt_no_outputs`), then every output validated upstream:
`required_input_missing`, `bad_linked_input`, `return_type_mismatch`, `invalid_input_type`,
`value_smaller_than_min`, `value_bigger_than_max`, `value_not_in_list`, a LoadImage of a file not in
the input folder (`custom_validation_failed`), and a link to a node that does not exist (the real
server fails with `exception_during_validation` / `exception_during_inner_validation`). When no output
validates, the answer is `prompt_outputs_failed_validation` with per-node `node_errors`.
"""
from __future__ import annotations

from typing import Any

Graph = dict[str, Any]
Specs = dict[str, dict[str, Any]]


def _error(kind: str, message: str, details: str = "", extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": kind, "message": message, "details": details, "extra_info": extra or {}}


def validate_prompt(prompt: Any, specs: Specs, inputs_folder: set[str]) -> tuple[dict[str, Any] | None, list[str], dict[str, Any]]:
    """(error or None, the output nodes that validated, node_errors), as ComfyUI's validate_prompt answers."""
    if not isinstance(prompt, dict):
        return _error("invalid_prompt", "Invalid prompt", "prompt must be an object"), [], {}
    outputs: list[str] = []
    for key, node in prompt.items():
        if not isinstance(node, dict) or "class_type" not in node:
            return _error("invalid_prompt", "Cannot execute because a node is missing the class_type property.",
                          f"Node ID '#{key}'"), [], {}
        kind = node["class_type"]
        if kind not in specs:
            title = ((node.get("_meta") or {}).get("title")) or kind
            return _error("missing_node_type", f"Node '{title}' not found. The custom node may not be installed.",
                          f"Node ID '#{key}'", {"node_id": key, "class_type": kind, "node_title": title}), [], {}
        if specs[kind]["output_node"]:
            outputs.append(key)
    if not outputs:
        return _error("prompt_no_outputs", "Prompt has no outputs"), [], {}
    validated: dict[str, tuple[bool, list[dict[str, Any]]]] = {}
    good, failed, node_errors = [], [], {}
    for out in outputs:
        try:
            ok, reasons = _validate_inputs(prompt, out, validated, specs, inputs_folder)
        except Exception as exc:  # noqa: BLE001 - what the real server does with a broken graph
            ok, reasons = False, [_error("exception_during_validation", "Exception when validating node", str(exc),
                                         {"exception_type": type(exc).__name__, "traceback": []})]
            validated[out] = (False, reasons)
        if ok:
            good.append(out)
            continue
        failed.append((out, reasons))
        for key, (valid, why) in validated.items():
            if not valid and why:
                entry = node_errors.setdefault(key, {"errors": why, "dependent_outputs": [],
                                                     "class_type": prompt[key]["class_type"]})
                entry["dependent_outputs"].append(out)
    if not good:
        details = "\n".join(f"{e['message']}: {e['details']}" for _, reasons in failed for e in reasons)
        return _error("prompt_outputs_failed_validation", "Prompt outputs failed validation", details), [], node_errors
    return None, good, node_errors


def _validate_inputs(prompt: Graph, key: str, validated: dict[str, Any], specs: Specs,
                     inputs_folder: set[str]) -> tuple[bool, list[dict[str, Any]]]:
    if key in validated:
        return validated[key]
    node = prompt[key]
    spec = specs[node["class_type"]]
    inputs = node.get("inputs") or {}
    errors: list[dict[str, Any]] = []
    valid = True
    for name, info in [*((n, (i, True)) for n, i in spec["required"].items()),
                       *((n, (i, False)) for n, i in spec["optional"].items())]:
        config, required = info
        kind, extra = config[0], (config[1] if len(config) > 1 else {})
        if name not in inputs:
            if required:
                errors.append(_error("required_input_missing", "Required input is missing", name, {"input_name": name}))
            continue
        value = inputs[name]
        if isinstance(value, list):
            if len(value) != 2:
                errors.append(_error("bad_linked_input", "Bad linked input, must be a length-2 list of [node_id, slot_index]",
                                     name, {"input_name": name, "input_config": config, "received_value": value}))
                continue
            source = prompt[value[0]]  # a KeyError here, as on the real server, for a link to a missing node
            received = specs[source["class_type"]]["output"][value[1]]
            if received != kind and "*" not in (received, kind):
                errors.append(_error("return_type_mismatch", "Return type mismatch between linked nodes",
                                     f"{name}, received_type({received}) mismatch input_type({kind})",
                                     {"input_name": name, "input_config": config, "received_type": received,
                                      "linked_node": value}))
                continue
            try:
                if not _validate_inputs(prompt, str(value[0]), validated, specs, inputs_folder)[0]:
                    valid = False
            except Exception as exc:  # noqa: BLE001
                valid = False
                validated[str(value[0])] = (False, [_error(
                    "exception_during_inner_validation", "Exception when validating inner node", str(exc),
                    {"input_name": name, "input_config": config, "exception_message": str(exc), "linked_node": value})])
            continue
        try:
            value = {"INT": int, "FLOAT": float, "STRING": str, "BOOLEAN": bool}.get(kind, lambda v: v)(value) \
                if isinstance(kind, str) else value
        except (TypeError, ValueError) as exc:
            errors.append(_error("invalid_input_type", f"Failed to convert an input value to a {kind} value",
                                 f"{name}, {value}, {exc}", {"input_name": name, "input_config": config,
                                                             "received_value": value, "exception_message": str(exc)}))
            continue
        if name in spec["validates"]:
            continue
        where = {"input_name": name, "input_config": config, "received_value": value}
        if "min" in extra and value < extra["min"]:
            errors.append(_error("value_smaller_than_min", f"Value {value} smaller than min of {extra['min']}", name, where))
        elif "max" in extra and value > extra["max"]:
            errors.append(_error("value_bigger_than_max", f"Value {value} bigger than max of {extra['max']}", name, where))
        elif isinstance(kind, list) and value not in kind:
            listed = f"(list of length {len(kind)})" if len(kind) > 20 else str(kind)
            errors.append(_error("value_not_in_list", "Value not in list", f"{name}: '{value}' not in {listed}",
                                 {**where, "input_config": None if len(kind) > 20 else config}))
    for name in spec["validates"]:  # LoadImage.VALIDATE_INPUTS: the file must be in the input folder
        if name in inputs and not isinstance(inputs[name], list) and inputs[name] not in inputs_folder:
            errors.append(_error("custom_validation_failed", "Custom validation failed for node",
                                 f"{name} - Invalid image file: {inputs[name]}", {"input_name": name}))
    result = (not errors and valid, errors)
    validated[key] = result
    return result


def upstream(graph: Graph, outputs: list[str]) -> list[str]:
    """The nodes `outputs` need, in an order where every node comes after the nodes it reads."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        if key in seen:
            return
        seen.add(key)
        for value in graph[key].get("inputs", {}).values():
            if isinstance(value, list) and len(value) == 2:
                visit(str(value[0]))
        order.append(key)

    for out in outputs:
        visit(out)
    return order


def signature(graph: Graph, key: str, memo: dict[str, str] | None = None) -> str:
    """What decides a node's output: its class, its values and its inputs' signatures (ComfyUI's cache key)."""
    memo = {} if memo is None else memo
    if key not in memo:
        node = graph[key]
        parts = []
        for name, value in sorted(node.get("inputs", {}).items()):
            linked = isinstance(value, list) and len(value) == 2
            parts.append(f"{name}=<{signature(graph, str(value[0]), memo)}>[{value[1]}]" if linked else f"{name}={value!r}")
        memo[key] = f"{node['class_type']}({';'.join(parts)})"
    return memo[key]

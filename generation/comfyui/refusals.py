"""A ComfyUI server's refusals and failures as the one sentence a user reads.

A 400 from POST /prompt (ComfyUI's validate_prompt: an unknown checkpoint, a node class the server lacks,
an input it refuses, named by node class, node id and input) and an execution error reported on the
websocket or in /history (running out of GPU memory above all).
"""
from __future__ import annotations

from typing import Any

from generation.comfyui.client import ComfyClient, combo_options
from generation.comfyui.nodepacks import node_pack
from generation.comfyui.workflow import Workflow
from generation.errors import GenerationError, ServiceError

OOM_WORDS = ("out of memory", "outofmemoryerror", "allocation on device")


def execution_error(data: dict[str, Any], host: str, what: str) -> GenerationError:
    text = f"{data.get('exception_type', '')} {data.get('exception_message', '')}".strip()
    if any(word in text.lower() for word in OOM_WORDS):
        return ServiceError(f"The ComfyUI server at {host} ran out of GPU memory drawing {what}; use fewer "
                            "steps or a smaller checkpoint, or close other GPU work, then retry.")
    message = str(data.get("exception_message") or "unknown error").strip().splitlines()[0].rstrip(".")
    node = data.get("node_type") or "a node"
    return ServiceError(f"The ComfyUI server could not run the workflow ({node}: {message}).")


def rejected(body: dict[str, Any], workflow: Workflow, client: ComfyClient) -> GenerationError:
    """A 400 from POST /prompt as one sentence: an unknown checkpoint, a missing node type, or the first
    input the server refused, named by node class and input as ComfyUI's validation reports it."""
    host = client.host
    checkpoint_inputs = set(workflow.targets("checkpoint"))
    problems = [(str(node), info.get("class_type") or str(node), err)
                for node, info in (body.get("node_errors") or {}).items() if isinstance(info, dict)
                for err in info.get("errors", []) or [] if isinstance(err, dict)]
    for node, _kind, err in problems:
        extra = err.get("extra_info") or {}
        if (node, extra.get("input_name")) in checkpoint_inputs and err.get("type") == "value_not_in_list":
            have = ", ".join(combo_choices(client, _kind, extra)[:8]) or "see Settings for its list"
            return GenerationError(f"The ComfyUI server has no checkpoint {extra.get('received_value')!r}; choose "
                                   f"one it has in Settings or with --checkpoint ({have}).")
    error = body.get("error") or {}
    extra = error.get("extra_info") or {}
    if error.get("type") == "missing_node_type" or "does not exist" in str(error.get("message", "")):
        kind = extra.get("class_type") or str(error.get("message") or "a node").rstrip(".")
        pack = node_pack(kind)
        install = f"install the {pack} node pack" if pack else "install the node pack that has it"
        return GenerationError(f"The ComfyUI server at {host} lacks the node {kind} that the workflow "
                               f"{workflow.title} needs; {install} or choose another workflow.")
    if problems:
        node, kind, err = problems[0]
        return GenerationError(f"The ComfyUI server rejected the workflow {workflow.title}: "
                               f"{input_problem(node, kind, err, combo_choices(client, kind, err.get('extra_info') or {}))}.")
    message = str(error.get("message") or "invalid workflow").strip().rstrip(".")
    return GenerationError(f"The ComfyUI server rejected the workflow {workflow.title}: {message[:1].lower()}{message[1:]}.")


def combo_choices(client: ComfyClient, kind: str, extra: dict[str, Any]) -> list[str]:
    """A combo input's choices: from the refusal, or (a long list the server leaves out) from /object_info."""
    options = combo_options(extra.get("input_config"))
    if options or not extra.get("input_name"):
        return options
    try:
        spec = client.call("GET", f"/object_info/{kind}", timeout=5.0)[kind]["input"]
        return combo_options({**spec.get("optional", {}), **spec.get("required", {})}.get(extra["input_name"]))
    except Exception:  # noqa: BLE001 - the sentence is still right without the list
        return []


def input_problem(node: str, kind: str, err: dict[str, Any], options: list[str]) -> str:
    """One clause for one refused input, e.g. "KSampler (node 3) is missing its input cfg"."""
    extra = err.get("extra_info") or {}
    name = extra.get("input_name") or str(err.get("details") or "").split(",")[0].split(":")[0] or "an input"
    value = extra.get("received_value")
    where = f"{kind} (node {node})"
    config = extra.get("input_config")
    limits = config[1] if isinstance(config, list) and len(config) > 1 and isinstance(config[1], dict) else {}
    match err.get("type"):
        case "required_input_missing":
            return f"{where} is missing its input {name}"
        case "value_not_in_list":
            offer = f" (it offers {', '.join(options[:6])}{', …' if len(options) > 6 else ''})" if options else ""
            return f"{where} has {name} {value!r}, which the server does not offer{offer}"
        case "value_smaller_than_min":
            return f"{where} has {name} {value}, below its least value {limits.get('min', '')}".rstrip()
        case "value_bigger_than_max":
            return f"{where} has {name} {value}, above its greatest value {limits.get('max', '')}".rstrip()
        case "return_type_mismatch":
            return f"{where} gets a {extra.get('received_type', 'wrong kind of')} value for {name}, not what it takes"
        case "custom_validation_failed" if kind in ("LoadImage", "LoadImageMask"):
            return f"{where} names the image {value or str(err.get('details', '')).split(': ')[-1]}, " \
                   "which is not in the server's input folder"
    text = " ".join(str(err.get(k) or "") for k in ("message", "details")).strip().splitlines()[0].rstrip(".")
    return f"{where}: {text}"

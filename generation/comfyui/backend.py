"""Images from the user's own Stable Diffusion or Flux models through a ComfyUI server.

For each request: load the workflow the request names (`options["workflow"]`), upload the panel being
refined and the characters' reference sheets, fill the workflow's slots (prompt, size, seed, steps,
checkpoint; init image and denoise for a refinement; the sheets for a workflow with a reference slot,
else the description alone, and the recorded parameters say so), open the progress websocket under a
fresh client id, queue the graph, follow its progress and previews, then fetch the picture through
/history and /view. A dropped websocket is reopened once (and /history asked, in case the picture was
finished meanwhile); a second drop fails the panel. Cancel deletes a queued prompt from the server's
queue or interrupts it while it runs. Every failure leaves as one `GenerationError` sentence.
"""
from __future__ import annotations

import copy
import io
import json
import secrets
import time
import uuid
from typing import Any, Callable

from websockets.exceptions import ConnectionClosed

from generation.comfyui.client import ComfyClient, ComfyUIRejected
from generation.comfyui.controlnet import scribble_model, with_scribble
from generation.comfyui.inpaint import inpaint_workflow
from generation.comfyui.nodepacks import node_pack
from generation.comfyui.ourqueue import OurPrompts
from generation.comfyui.refusals import execution_error, rejected
from generation.comfyui.regions import add_regions, can_add_regions
from generation.comfyui.server import ServerFacts
from generation.comfyui.workflow import Workflow, load_workflow
from generation.errors import CancelledError, GenerationError, ServiceError, UnreachableError
from generation.request import CancelToken, ImageRequest, ImageResult, PartialImageCallback

ProgressCallback = Callable[[float], None]  # 0.0 – 1.0 of the sampler's steps

NEGATIVE_PROMPT = "text, words, letters, speech bubbles, watermark, signature, blurry, deformed hands, extra fingers"
QUEUE_AHEAD = 8  # prompts kept queued on the server (parallel jobs), so its GPU never waits for the next one
DENOISE = 0.55  # a refinement keeps the panel's composition and changes what the words ask for
RECV_SECONDS = 0.1  # how often the follow loop looks at the cancel token
GREETING_SECONDS = 10.0  # how long a reopened socket may take to say hello
PREVIEW_IMAGE = 1  # ComfyUI's binary event type for a sampler preview


class ComfyUIBackend:
    """Draws through a ComfyUI server (queue, follow, fetch); safe to share between worker threads."""

    name = "comfyui"
    reports_progress = True  # the runner passes `on_progress`

    def __init__(self, url: str | None = None, timeout: float = 30.0) -> None:
        self.client = ComfyClient(url, timeout)
        self.base_url = self.client.url
        self.prompts = OurPrompts(self.client)
        self.facts = ServerFacts(self.client)

    def close(self) -> None:
        """Stop for good: withdraw every prompt still queued or running on the server (the runner calls
        this when it shuts down, so Ctrl-C or closing the app leaves the server's queue as it found it)."""
        self.prompts.withdraw_all()

    def generate(self, request: ImageRequest, on_partial: PartialImageCallback | None = None,
                 cancel: CancelToken | None = None, on_progress: ProgressCallback | None = None) -> ImageResult:
        """Make the image `request` asks for; raises a `GenerationError` with a sentence on failure."""
        _check(cancel)
        started = time.monotonic()
        options = dict(request.options)
        workflow = load_workflow(options.get("workflow"))
        seed = request.seed if request.seed is not None else secrets.randbelow(2**32)
        if request.mask is not None:
            return self._inpaint(request, workflow, seed, cancel, on_partial, on_progress, started)
        values: dict[str, Any] = {
            "prompt": request.prompt, "width": _multiple_of_8(request.width), "height": _multiple_of_8(request.height),
            "seed": seed, "steps": options.get("steps"), "checkpoint": request.model or None,
        }
        if workflow.has("negative_prompt"):
            values["negative_prompt"] = NEGATIVE_PROMPT
        recorded: dict[str, Any] = {"seed": seed, "workflow": workflow.name,
                                    "steps": options.get("steps") or workflow.value("steps")}
        scribble = scribble_model(self.client) if options.get("from_drawing") and request.base_image else None
        if scribble is not None:  # the drawing steers a text-to-image through a scribble ControlNet
            drawing = self._upload("drawing", request.base_image, cancel)  # type: ignore[arg-type]
            recorded["controlnet"] = scribble
        elif request.base_image is not None:
            if not workflow.has("init_image") or not workflow.has("denoise"):
                raise GenerationError(f"The workflow {workflow.title} has no init image and denoise slots, so it "
                                      "cannot refine a panel; choose the SDXL or Flux workflow or map those slots.")
            values["init_image"] = self._upload("panel", request.base_image, cancel)
            values["denoise"] = recorded["denoise"] = float(options.get("denoise") or DENOISE)
        if request.references:
            lacking = self._reference_gap(workflow, values) if workflow.has("reference_image") else \
                "the workflow has no reference slot"
            if lacking is None:
                values["reference_image"] = self._upload("references", _side_by_side(request.references), cancel)
                recorded["references_sent"] = "reference slot"
            else:
                recorded["references_sent"] = f"description only: {lacking}"
        graph = workflow.fill(values)
        if request.regions:
            prompt_node = workflow.targets("prompt")[0][0]
            if can_add_regions(graph, prompt_node):
                graph = add_regions(graph, prompt_node, request.regions, values["width"], values["height"],
                                    tuple(workflow.graph))
                recorded["regions"] = [r.name for r in request.regions]
            else:
                recorded["regions"] = "staging in the prompt only: the workflow's prompt is not a CLIPTextEncode"
        if scribble is not None:
            graph = with_scribble(graph, workflow.targets("seed")[0][0], drawing, scribble)
        checkpoint = str(graph[workflow.targets("checkpoint")[0][0]]["inputs"][workflow.targets("checkpoint")[0][1]])
        _check(cancel)
        what = "this reference sheet" if request.kind == "sheet" else "this panel"
        png = self._run(workflow, graph, what, cancel, on_partial, on_progress)
        return ImageResult(png=_as_png(png), backend=self.name, model=checkpoint, usage=None, cost_usd=None,
                           seconds=time.monotonic() - started, parameters=recorded)

    def _inpaint(self, request: ImageRequest, panel_workflow: Workflow, seed: int, cancel: CancelToken | None,
                 on_partial: PartialImageCallback | None, on_progress: ProgressCallback | None,
                 started: float) -> ImageResult:
        """A part redraw: the stock inpainting graph on the context crop and its mask."""
        if request.base_image is None or request.inpaint_mask is None:
            raise GenerationError("A part redraw needs the picture and its selection; select a part again.")
        options = dict(request.options)
        checkpoint = request.model or str(panel_workflow.value("checkpoint"))
        workflow = inpaint_workflow(checkpoint, guidance_free=panel_workflow.name == "flux")
        graph = copy.deepcopy(workflow.graph)
        values: dict[str, Any] = {
            "prompt": request.prompt, "negative_prompt": NEGATIVE_PROMPT, "seed": seed,
            "width": _multiple_of_8(request.width), "height": _multiple_of_8(request.height),
            "steps": options.get("steps"), "checkpoint": checkpoint,
            "init_image": self._upload("part", request.base_image, cancel),
            "mask_image": self._upload("mask", request.inpaint_mask, cancel),
        }
        for slot, value in values.items():
            for node, name in workflow.targets(slot):
                if value is not None:
                    graph[node]["inputs"][name] = value
        _check(cancel)
        png = self._run(workflow, graph, "this part of the panel", cancel, on_partial, on_progress)
        recorded = {"seed": seed, "workflow": "inpaint",
                    "steps": options.get("steps") or workflow.value("steps")}
        return ImageResult(png=_as_png(png), backend=self.name, model=checkpoint, usage=None, cost_usd=None,
                           seconds=time.monotonic() - started, parameters=recorded)

    # ---- one prompt, from queue to picture
    def _run(self, workflow: Workflow, graph: dict[str, Any], what: str, cancel: CancelToken | None,
             on_partial: PartialImageCallback | None, on_progress: ProgressCallback | None) -> bytes:
        client_id = uuid.uuid4().hex
        ws = self.client.websocket(client_id)  # opened first, so no message about the prompt is missed
        try:
            try:  # the server greets a socket once it has registered it: only then are its messages ours
                _first_message(ws, cancel)
            except (ConnectionClosed, OSError):
                raise UnreachableError(f"The ComfyUI server at {self.client.host} closed its progress channel; "
                                       "try again.") from None
            _check(cancel)
            try:
                prompt_id = self.prompts.queue(graph, client_id)
            except ComfyUIRejected as err:
                raise rejected(err.body, workflow, self.client) from None
            try:
                entry = self._follow(ws, client_id, prompt_id, what, cancel, on_partial, on_progress)
            except (CancelledError, KeyboardInterrupt):  # stopped here: stop it on the server too
                self.prompts.withdraw(prompt_id)
                raise
            except BaseException:
                self.prompts.done(prompt_id)  # it failed or was stopped on the server
                raise
            self.prompts.done(prompt_id)
        finally:
            ws.close()
        return self._picture(entry, workflow)

    def _follow(self, ws: Any, client_id: str, prompt_id: str, what: str, cancel: CancelToken | None,
                on_partial: PartialImageCallback | None, on_progress: ProgressCallback | None) -> dict[str, Any]:
        """Wait for the prompt to finish; its /history entry."""
        reconnected, previews = False, 0
        waiting: list[str | bytes] = []  # a message read early, handled next
        while True:
            _check(cancel)
            try:
                message = waiting.pop(0) if waiting else ws.recv(timeout=RECV_SECONDS)
            except TimeoutError:
                continue
            except (ConnectionClosed, OSError):
                if reconnected:
                    raise self._dropped_twice(what) from None
                reconnected = True
                ws.close()
                ws = self.client.websocket(client_id)
                # The server greets a socket once it is registered: from then on no message is missed, so
                # /history asked after the greeting covers whatever finished while we were away.
                try:
                    greeting = _first_message(ws, cancel)
                except (ConnectionClosed, OSError):
                    raise self._dropped_twice(what) from None
                if greeting is not None and not (isinstance(greeting, str) and _parse(greeting)[0] == "status"):
                    waiting.append(greeting)
                entry = self.client.history(prompt_id)
                if entry is not None:
                    return _finished(entry, self.client.host, what)
                continue
            if isinstance(message, bytes):
                if on_partial is not None and _is_preview(message):
                    preview = _preview_png(message[8:])
                    if preview is not None:
                        on_partial(preview, previews)
                        previews += 1
                continue
            kind, data = _parse(message)
            if data.get("prompt_id") not in (None, prompt_id):
                continue
            if kind == "execution_start" and on_progress is not None and data.get("prompt_id") == prompt_id:
                on_progress(0.0)  # the server has taken it from its queue: drawing starts now
            elif kind == "progress" and on_progress is not None and data.get("max"):
                on_progress(min(1.0, float(data.get("value", 0)) / float(data["max"])))
            elif kind == "execution_error" and data.get("prompt_id") == prompt_id:
                raise execution_error(data, self.client.host, what)
            elif kind == "execution_interrupted" and data.get("prompt_id") == prompt_id:
                _check(cancel)
                raise ServiceError(f"The drawing was interrupted on the ComfyUI server at {self.client.host}; try again.")
            elif (kind == "execution_success" or (kind == "executing" and data.get("node") is None)) \
                    and data.get("prompt_id") == prompt_id:
                entry = self.client.history(prompt_id)
                if entry is not None:
                    return _finished(entry, self.client.host, what)

    def _dropped_twice(self, what: str) -> UnreachableError:
        return UnreachableError(f"The connection to the ComfyUI server at {self.client.host} dropped twice while "
                                f"{what} was drawn; try again.")

    def _picture(self, entry: dict[str, Any], workflow: Workflow) -> bytes:
        outputs = entry.get("outputs") or {}
        output = str(workflow.slots["output"])
        nodes = [outputs[output]] if output in outputs else list(outputs.values())
        images = [img for node in nodes if isinstance(node, dict) for img in node.get("images", []) or []
                  if isinstance(img, dict)]
        if not images:
            raise ServiceError(f"The ComfyUI server at {self.client.host} finished without a picture; check that "
                               f"the workflow {workflow.title} saves one.")
        return self.client.view(images[0])

    def _upload(self, what: str, png: bytes, cancel: CancelToken | None) -> str:
        """The picture's name on the server: named by its content, so sent once per server."""
        _check(cancel)
        return self.facts.upload(png)

    def _reference_gap(self, workflow: Workflow, values: dict[str, Any]) -> str | None:
        """None when the server can run the workflow's reference branch; else what it lacks, said once to the
        user (the node pack to install, or the model files), the panels then drawn from the descriptions."""
        plain = workflow.fill(values)
        full = workflow.fill({**values, "reference_image": "sheet.png"})
        classes, files = self.facts.lacks(full, set(full) - set(plain))
        if not classes and not files:
            return None
        host, title = self.client.host, workflow.title
        if classes:
            packs = sorted({node_pack(kind) or "" for kind in classes} - {""})
            what = f"the {', '.join(packs)} custom node pack" if packs else \
                f"the custom node pack that provides {', '.join(classes)}"
            self.facts.say_once(f"The ComfyUI server at {host} lacks the nodes that send character sheets with the "
                                f"workflow {title} ({', '.join(classes)}), so those panels are drawn from the "
                                f"descriptions alone; install {what} to use the sheets.")
            return f"the server lacks {what.removeprefix('the ')}"
        self.facts.say_once(f"The ComfyUI server at {host} lacks {', '.join(files)}, which the workflow {title} "
                            "loads to use character sheets, so those panels are drawn from the descriptions alone; "
                            "add the file to the server's models folder to use the sheets.")
        return f"the server lacks {', '.join(files)}"

    @property
    def notices(self) -> list[str]:
        """Things the user should hear once about this server (e.g. a node pack that would add the sheets)."""
        return self.facts.notices


def _first_message(ws: Any, cancel: CancelToken | None) -> str | bytes | None:
    """The first message on a fresh socket (the server's status greeting), or None if none comes."""
    for _ in range(int(GREETING_SECONDS / RECV_SECONDS)):
        _check(cancel)
        try:
            return ws.recv(timeout=RECV_SECONDS)
        except TimeoutError:
            continue
    return None


def _finished(entry: dict[str, Any], host: str, what: str) -> dict[str, Any]:
    status = entry.get("status") or {}
    if status.get("status_str") == "error":
        for message in status.get("messages") or []:
            if isinstance(message, list) and len(message) == 2 and message[0] == "execution_error":
                raise execution_error(message[1] if isinstance(message[1], dict) else {}, host, what)
        raise ServiceError(f"The ComfyUI server at {host} could not run the workflow; see its log.")
    return entry


def _parse(message: str) -> tuple[str, dict[str, Any]]:
    try:
        value = json.loads(message)
    except ValueError:
        return "", {}
    if not isinstance(value, dict):
        return "", {}
    data = value.get("data")
    return str(value.get("type", "")), data if isinstance(data, dict) else {}


def _is_preview(frame: bytes) -> bool:
    return len(frame) > 8 and int.from_bytes(frame[:4], "big") == PREVIEW_IMAGE


def _preview_png(data: bytes) -> bytes | None:
    try:
        return _as_png(data)
    except Exception:  # noqa: BLE001 - a broken preview is skipped, the picture still comes
        return None


def _side_by_side(references: tuple[tuple[str, bytes], ...]) -> bytes:
    """All reference sheets in one picture, left to right, for a workflow's single reference image."""
    from PIL import Image

    from model.imageload import decode_image

    if len(references) == 1:
        return references[0][1]
    sheets = [decode_image(data).convert("RGB") for _, data in references]
    height = min(1024, max(s.height for s in sheets))
    scaled = [s.resize((max(1, s.width * height // s.height), height)) for s in sheets]
    board = Image.new("RGB", (sum(s.width for s in scaled), height), "white")
    x = 0
    for sheet in scaled:
        board.paste(sheet, (x, 0))
        x += sheet.width
    out = io.BytesIO()
    board.save(out, "PNG")
    return out.getvalue()


def _multiple_of_8(value: int) -> int:
    return max(64, int(value) // 8 * 8)


def _as_png(data: bytes) -> bytes:
    from model.imageload import to_png  # the guarded loader: previews are JPEG, outputs may be WebP

    return data if data.startswith(b"\x89PNG\r\n\x1a\n") else to_png(data)


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None and cancel.cancelled:
        raise CancelledError()


def check_connection(url: str | None = None) -> tuple[str, list[str]]:
    """One sentence on whether a ComfyUI server answers at `url`, and the checkpoints it offers."""
    client = ComfyClient(url, timeout=5.0)
    stats = client.system_stats()
    checkpoints = client.checkpoints()
    version = (stats.get("system") or {}).get("comfyui_version") or "unknown version"
    devices = [d.get("name", "") for d in stats.get("devices") or [] if isinstance(d, dict)]
    on = f" on {devices[0]}" if devices and devices[0] else ""
    count = f"{len(checkpoints)} checkpoint{'s' if len(checkpoints) != 1 else ''}"
    return f"Connected to ComfyUI {version} at {client.host}{on}, with {count}.", checkpoints

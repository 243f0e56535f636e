"""The fake ComfyUI refuses what a real server refuses, in ComfyUI's own words, and Panelsmith turns each
refusal into the one sentence a user reads; a user's own exported workflow runs end to end."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from fake_comfyui import FakeComfyUI
from fake_openai import png_of_size
from generation.comfyui.backend import ComfyUIBackend
from generation.comfyui.client import ComfyClient, ComfyUIRejected
from generation.errors import GenerationError
from generation.planning import GenerationSettings, plan_panel
from model.imageload import inspect_image
from model.script.panelscript import parse_script

ROOT = Path(__file__).resolve().parent.parent
SDXL = json.loads((ROOT / "resources/workflows/sdxl.json").read_text())

# A workflow as a user exports it with "Save (API)": a LoRA, its own VAE, clip skip, the advanced sampler,
# a preview beside the saved picture. No slot map: Panelsmith guesses its slots.
USER_EXPORT = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "dreamshaperXL.safetensors"}},
    "20": {"class_type": "LoraLoader", "inputs": {"model": ["4", 0], "clip": ["4", 1], "lora_name": "ink-lines.safetensors",
                                                  "strength_model": 0.8, "strength_clip": 0.8}},
    "21": {"class_type": "CLIPSetLastLayer", "inputs": {"clip": ["20", 1], "stop_at_clip_layer": -2}},
    "22": {"class_type": "VAELoader", "inputs": {"vae_name": "sdxl_vae.safetensors"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a fox", "clip": ["21", 0]}, "_meta": {"title": "Positive"}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["21", 0]}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
    "3": {"class_type": "KSamplerAdvanced", "inputs": {
        "model": ["20", 0], "add_noise": "enable", "noise_seed": 1, "steps": 25, "cfg": 6.0, "sampler_name": "dpmpp_2m",
        "scheduler": "karras", "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0], "start_at_step": 0,
        "end_at_step": 10000, "return_with_leftover_noise": "disable"}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["22", 0]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "mine", "images": ["8", 0]}},
    "30": {"class_type": "PreviewImage", "inputs": {"images": ["8", 0]}},
}


def _refusal(fake: FakeComfyUI, graph: dict) -> dict:
    with pytest.raises(ComfyUIRejected) as caught:
        ComfyClient(fake.url).queue_prompt(graph, "tester")
    return caught.value.body


def _graph(**changes) -> dict:
    """The SDXL template filled for a plain panel, with `changes` as {"node.input": value} (None deletes)."""
    graph = {k: v for k, v in copy.deepcopy(SDXL).items() if k in ("3", "4", "5", "6", "7", "8", "9")}
    graph["6"]["inputs"]["text"] = "a fox"
    for where, value in changes.items():
        node, name = where.split(".")
        if value is None:
            del graph[node]["inputs"][name]
        else:
            graph[node]["inputs"][name] = value
    return graph


def test_object_info_lists_the_real_input_specifications():
    with FakeComfyUI() as fake:
        client = ComfyClient(fake.url)
        info = client.call("GET", "/object_info")
        sampler = info["KSampler"]["input"]["required"]
        assert "euler" in sampler["sampler_name"][0] and "karras" in sampler["scheduler"][0]
        assert sampler["steps"] == ["INT", {"default": 20, "min": 1, "max": 10000, "step": 1}]
        assert sampler["denoise"][1]["max"] == 1.0 and info["KSampler"]["output"] == ["LATENT"]
        assert info["ControlNetApplyAdvanced"]["input"]["optional"] == {"vae": ["VAE"]}
        assert {"ConditioningSetMask", "SolidMask", "MaskComposite", "VAEEncodeForInpaint", "InpaintModelConditioning",
                "SetLatentNoiseMask", "LoadImageMask", "ImageToMask"} <= set(info)
        assert "IPAdapterAdvanced" not in info  # a custom node pack: absent unless installed
        assert client.call("GET", "/api/object_info/KSampler").keys() == {"KSampler"}
        assert client.checkpoints() == fake.checkpoints
    with FakeComfyUI(ip_adapter=True) as fake:
        loader = ComfyClient(fake.url).call("GET", "/object_info/IPAdapterUnifiedLoader")["IPAdapterUnifiedLoader"]
        assert "PLUS (high strength)" in loader["input"]["required"]["preset"][0]
        assert loader["python_module"] == "custom_nodes.ComfyUI_IPAdapter_plus"


def test_each_kind_of_bad_graph_is_refused_in_comfyuis_own_shape():
    with FakeComfyUI() as fake:
        body = _refusal(fake, {**_graph(), "15": {"class_type": "IPAdapterAdvanced", "inputs": {}}})
        assert body["error"]["type"] == "missing_node_type" and body["node_errors"] == {}
        assert body["error"]["message"] == "Node 'IPAdapterAdvanced' not found. The custom node may not be installed."
        assert body["error"]["extra_info"]["class_type"] == "IPAdapterAdvanced"

        body = _refusal(fake, {k: v for k, v in _graph().items() if k != "9"})
        assert body["error"]["type"] == "prompt_no_outputs"

        def first_error(graph: dict) -> tuple[str, dict]:
            answer = _refusal(fake, graph)
            assert answer["error"]["type"] == "prompt_outputs_failed_validation"
            node, info = next(iter(answer["node_errors"].items()))
            assert info["dependent_outputs"] == ["9"]
            return node, info["errors"][0]

        node, err = first_error(_graph(**{"3.cfg": None}))
        assert (node, err["type"], err["details"]) == ("3", "required_input_missing", "cfg")
        node, err = first_error(_graph(**{"3.sampler_name": "euler_fast"}))
        assert err["type"] == "value_not_in_list" and err["details"].startswith("sampler_name: 'euler_fast' not in (list of")
        node, err = first_error(_graph(**{"3.steps": 0}))
        assert (err["type"], err["message"]) == ("value_smaller_than_min", "Value 0 smaller than min of 1")
        node, err = first_error(_graph(**{"3.denoise": 1.5}))
        assert err["type"] == "value_bigger_than_max"
        node, err = first_error(_graph(**{"3.seed": "lucky"}))
        assert err["type"] == "invalid_input_type"
        node, err = first_error(_graph(**{"3.model": ["4", 2]}))  # the checkpoint's VAE where the model goes
        assert err["type"] == "return_type_mismatch" and "received_type(VAE) mismatch input_type(MODEL)" in err["details"]
        node, err = first_error(_graph(**{"8.samples": ["99", 0]}))
        assert err["type"] == "exception_during_inner_validation" and "99" in err["details"]
        node, err = first_error(_graph(**{"4.ckpt_name": "nope.ckpt"}))
        assert node == "4" and err["extra_info"]["input_config"][0] == fake.checkpoints

        loading = {**_graph(**{"3.latent_image": ["11", 0]}),
                   "10": {"class_type": "LoadImage", "inputs": {"image": "never-sent.png"}},
                   "11": {"class_type": "VAEEncode", "inputs": {"pixels": ["10", 0], "vae": ["4", 2]}}}
        node, err = first_error(loading)
        assert (node, err["type"], err["details"]) == ("10", "custom_validation_failed", "image - Invalid image file: never-sent.png")
        assert not fake.jobs  # nothing refused was queued
        name = ComfyClient(fake.url).upload_image("never-sent.png", png_of_size(64, 64, "panel"))
        assert ComfyClient(fake.url).queue_prompt(loading, "tester") and name == "never-sent.png"


def _draw(fake: FakeComfyUI, workflow: Path) -> None:
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    job = plan_panel(project, project.panels[0], GenerationSettings(backend="comfyui", workflow=str(workflow)))
    return ComfyUIBackend(fake.url).generate(job.request)


def test_a_graph_missing_a_required_input_is_one_sentence_naming_node_and_input(tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(_graph(**{"3.cfg": None})))
    with FakeComfyUI() as fake, pytest.raises(GenerationError) as caught:
        _draw(fake, mine)
    assert str(caught.value) == "The ComfyUI server rejected the workflow mine.json: KSampler (node 3) is missing its input cfg."


def test_a_sampler_the_server_does_not_offer_is_one_sentence_naming_it(tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(_graph(**{"3.sampler_name": "euler_fast"})))
    with FakeComfyUI() as fake, pytest.raises(GenerationError) as caught:
        _draw(fake, mine)
    assert str(caught.value) == ("The ComfyUI server rejected the workflow mine.json: KSampler (node 3) has sampler_name "
                                 "'euler_fast', which the server does not offer (it offers euler, euler_cfg_pp, "
                                 "euler_ancestral, euler_ancestral_cfg_pp, heun, heunpp2, …).")


def test_a_users_own_export_runs_end_to_end_with_its_slots_guessed(tmp_path):
    mine = tmp_path / "my-lora-workflow.json"
    mine.write_text(json.dumps(USER_EXPORT))
    with FakeComfyUI(preview_format="PNG") as fake:
        result = _draw(fake, mine)
        sent = fake.graphs()[-1]
        job = next(iter(fake.jobs.values()))
    assert sent["6"]["inputs"]["text"] != "a fox" and sent["3"]["inputs"]["noise_seed"] == result.parameters["seed"]
    assert sent["20"]["inputs"]["lora_name"] == "ink-lines.safetensors"  # the user's own nodes go as they are
    assert job.outputs == ["9"] and "30" not in sent  # the preview beside it is left out: nothing needs it
    assert result.parameters["workflow"] == str(mine)
    assert inspect_image(result.png).width == sent["5"]["inputs"]["width"] * fake.image_scale


def test_previews_arrive_as_jpeg_and_a_repeated_graph_is_answered_from_the_cache(tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(USER_EXPORT))
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    job = plan_panel(project, project.panels[0], GenerationSettings(backend="comfyui", workflow=str(mine), seed=3))
    previews: list[bytes] = []
    with FakeComfyUI() as fake:
        backend = ComfyUIBackend(fake.url)
        first = backend.generate(job.request, on_partial=lambda png, i: previews.append(png))
        again = backend.generate(job.request)
        runs = sorted(fake.jobs.values(), key=lambda j: j.number)
    assert previews and previews[0].startswith(b"\x89PNG")  # the server's JPEG frame, handed on as a PNG
    assert runs[0].cached == [] and set(runs[1].cached) == set(runs[1].graph)  # nothing ran the second time
    assert [m[0] for m in runs[1].messages] == ["execution_start", "execution_cached", "execution_success"]
    assert again.png == first.png

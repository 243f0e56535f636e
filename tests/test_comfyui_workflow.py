"""Workflows and their slots: the shipped ones fill and prune correctly, a user's export gets its slots
guessed, and a file that cannot be used is one sentence."""
from __future__ import annotations

import json

import pytest

from generation.comfyui.workflow import BUILT_IN, WorkflowError, load_workflow

# A Flux export as ComfyUI's "Save (API)" writes it for split model files and the custom sampler.
SPLIT_FLUX = {
    "12": {"class_type": "UNETLoader", "inputs": {"unet_name": "flux1-dev.safetensors", "weight_dtype": "default"}},
    "11": {"class_type": "DualCLIPLoader", "inputs": {"clip_name1": "t5xxl_fp16.safetensors", "clip_name2": "clip_l.safetensors", "type": "flux"}},
    "10": {"class_type": "VAELoader", "inputs": {"vae_name": "ae.safetensors"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a cat", "clip": ["11", 0]}},
    "26": {"class_type": "FluxGuidance", "inputs": {"guidance": 3.5, "conditioning": ["6", 0]}},
    "22": {"class_type": "BasicGuider", "inputs": {"model": ["12", 0], "conditioning": ["26", 0]}},
    "25": {"class_type": "RandomNoise", "inputs": {"noise_seed": 7}},
    "16": {"class_type": "KSamplerSelect", "inputs": {"sampler_name": "euler"}},
    "17": {"class_type": "BasicScheduler", "inputs": {"scheduler": "simple", "steps": 20, "denoise": 1.0, "model": ["12", 0]}},
    "5": {"class_type": "EmptySD3LatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
    "13": {"class_type": "SamplerCustomAdvanced", "inputs": {"noise": ["25", 0], "guider": ["22", 0], "sampler": ["16", 0],
                                                            "sigmas": ["17", 0], "latent_image": ["5", 0]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["13", 0], "vae": ["10", 0]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
}


@pytest.mark.parametrize("name", BUILT_IN)
def test_the_shipped_workflows_fill_every_slot_and_leave_out_what_a_plain_panel_does_not_need(name):
    workflow = load_workflow(name)
    graph = workflow.fill({"prompt": "a snail", "width": 1216, "height": 832, "seed": 5, "steps": 9, "checkpoint": "x.ckpt"})
    for slot, value in (("prompt", "a snail"), ("seed", 5), ("steps", 9), ("checkpoint", "x.ckpt"), ("width", 1216)):
        node, input_name = workflow.targets(slot)[0]
        assert graph[node]["inputs"][input_name] == value
    assert {n["class_type"] for n in graph.values()}.isdisjoint({"LoadImage", "VAEEncode", "IPAdapterAdvanced", "StyleModelApply"})
    assert workflow.graph[workflow.targets("prompt")[0][0]]["inputs"]["text"] == ""  # the template itself is untouched
    refine = workflow.fill({"prompt": "p", "init_image": "panel.png", "denoise": 0.5})
    assert "LoadImage" in {n["class_type"] for n in refine.values()}


def test_a_users_split_flux_export_gets_its_slots_guessed(tmp_path):
    path = tmp_path / "flux-dev.json"
    path.write_text(json.dumps(SPLIT_FLUX))
    workflow = load_workflow(str(path))
    assert workflow.targets("prompt") == [("6", "text")]
    assert workflow.targets("seed") == [("25", "noise_seed")]
    assert workflow.targets("steps") == [("17", "steps")]
    assert workflow.targets("checkpoint") == [("12", "unet_name")]
    assert workflow.targets("width") == [("5", "width")] and str(workflow.slots["output"]) == "9"
    assert not workflow.has("negative_prompt") and not workflow.has("reference_image") and not workflow.has("init_image")


def test_workflows_that_cannot_be_used_are_one_sentence(tmp_path):
    editor = tmp_path / "editor.json"
    editor.write_text(json.dumps({"nodes": [], "links": [], "version": 0.4}))
    with pytest.raises(WorkflowError, match=r"editor format; export it with \"Save \(API\)\""):
        load_workflow(str(editor))
    with pytest.raises(WorkflowError, match="does not exist"):
        load_workflow(str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(WorkflowError, match="not valid JSON"):
        load_workflow(str(broken))
    no_save = {k: v for k, v in SPLIT_FLUX.items() if k != "9"}
    (tmp_path / "nosave.json").write_text(json.dumps(no_save))
    with pytest.raises(WorkflowError, match=r"^The workflow nosave.json has no output slot; add nosave.slots.json"):
        load_workflow(str(tmp_path / "nosave.json"))
    (tmp_path / "wrong.json").write_text(json.dumps(SPLIT_FLUX))
    (tmp_path / "wrong.slots.json").write_text(json.dumps({"prompt": [["6", "words"]], "width": [["5", "width"]],
                                                           "height": [["5", "height"]], "seed": [["25", "noise_seed"]],
                                                           "steps": [["17", "steps"]], "checkpoint": [["12", "unet_name"]],
                                                           "output": "9"}))
    with pytest.raises(WorkflowError, match=r"prompt slot of wrong.json names 6.words, which the graph does not have"):
        load_workflow(str(tmp_path / "wrong.json"))

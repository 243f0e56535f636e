"""The inpainting graph a part redraw runs on ComfyUI, built in code from stock nodes only.

The context crop and the selection (white = redraw) are uploaded; `LoadImageMask` reads the mask's red
channel, `VAEEncodeForInpaint` blanks the selection in the latent and marks it as the only area to
denoise, and the usual sampler, decoder and saver follow. Any SD or SDXL checkpoint works (an
inpainting checkpoint works best). Node ids start at 20 so the graph never reads as a panel workflow.
"""
from __future__ import annotations

from typing import Any

from generation.comfyui.workflow import Workflow

GROW_MASK = 8  # pixels the sampler's area reaches past the selection, so the soft edge is new paint
INPAINT_NAME = "inpaint"


def inpaint_workflow(checkpoint: str, steps: int = 30, guidance_free: bool = False) -> Workflow:
    """The stock inpainting graph with its slots; `checkpoint` is the one to load by default.
    `guidance_free` (Flux checkpoints) samples at CFG 1, as those models are distilled to."""
    graph: dict[str, dict[str, Any]] = {
        "20": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": checkpoint}},
        "21": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["20", 1]}},
        "22": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["20", 1]}},
        "23": {"class_type": "LoadImage", "inputs": {"image": "panel.png"}},
        "24": {"class_type": "LoadImageMask", "inputs": {"image": "mask.png", "channel": "red"}},
        "25": {"class_type": "ImageScale", "inputs": {"image": ["23", 0], "upscale_method": "lanczos",
                                                      "width": 1024, "height": 1024, "crop": "disabled"}},
        "26": {"class_type": "VAEEncodeForInpaint", "inputs": {"pixels": ["25", 0], "vae": ["20", 2],
                                                               "mask": ["24", 0], "grow_mask_by": GROW_MASK}},
        "27": {"class_type": "KSampler", "inputs": {
            "seed": 0, "steps": steps, "cfg": 1.0 if guidance_free else 6.5, "sampler_name": "dpmpp_2m", "scheduler": "karras", "denoise": 1.0,
            "model": ["20", 0], "positive": ["21", 0], "negative": ["22", 0], "latent_image": ["26", 0]}},
        "28": {"class_type": "VAEDecode", "inputs": {"samples": ["27", 0], "vae": ["20", 2]}},
        "29": {"class_type": "SaveImage", "inputs": {"filename_prefix": "panelsmith-part", "images": ["28", 0]}},
    }
    slots = {
        "prompt": [["21", "text"]], "negative_prompt": [["22", "text"]],
        "width": [["25", "width"]], "height": [["25", "height"]],
        "seed": [["27", "seed"]], "steps": [["27", "steps"]], "checkpoint": [["20", "ckpt_name"]],
        "init_image": [["23", "image"]], "mask_image": [["24", "image"]], "output": "29",
    }
    return Workflow(INPAINT_NAME, graph, slots)

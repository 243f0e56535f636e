"""The input specifications of the ComfyUI node classes the fake server knows, as ComfyUI declares them.

Written from ComfyUI's own node definitions (nodes.py, comfy_extras/nodes_flux.py, nodes_sd3.py,
nodes_mask.py, comfy/samplers.py) and, for the optional IP-Adapter pack, ComfyUI_IPAdapter_plus: each
class's required and optional inputs with their types, INT/FLOAT ranges and combo lists, its output
types and whether it is an output node. The lists that depend on a server's files (checkpoints,
ControlNets, the input folder) are filled in per fake server by `node_specs`.
"""
from __future__ import annotations

from typing import Any

MAX_RESOLUTION = 16384  # nodes.MAX_RESOLUTION
SEED_MAX = 0xFFFFFFFFFFFFFFFF
IP_PACK = "custom_nodes.ComfyUI_IPAdapter_plus"

SAMPLERS = ["euler", "euler_cfg_pp", "euler_ancestral", "euler_ancestral_cfg_pp", "heun", "heunpp2", "dpm_2",
            "dpm_2_ancestral", "lms", "dpm_fast", "dpm_adaptive", "dpmpp_2s_ancestral", "dpmpp_2s_ancestral_cfg_pp",
            "dpmpp_sde", "dpmpp_sde_gpu", "dpmpp_2m", "dpmpp_2m_cfg_pp", "dpmpp_2m_sde", "dpmpp_2m_sde_gpu",
            "dpmpp_3m_sde", "dpmpp_3m_sde_gpu", "ddpm", "lcm", "ipndm", "ipndm_v", "deis", "res_multistep",
            "res_multistep_cfg_pp", "res_multistep_ancestral", "res_multistep_ancestral_cfg_pp", "gradient_estimation",
            "er_sde", "seeds_2", "seeds_3", "ddim", "uni_pc", "uni_pc_bh2"]
SCHEDULERS = ["simple", "sgm_uniform", "karras", "exponential", "ddim_uniform", "beta", "normal", "linear_quadratic",
              "kl_optimal"]
UPSCALE_METHODS = ["nearest-exact", "bilinear", "area", "bicubic", "lanczos"]
IP_ADAPTER_PRESETS = ["LIGHT - SD1.5 only (low strength)", "STANDARD (medium strength)", "VIT-G (medium strength)",
                      "PLUS (high strength)", "PLUS FACE (portraits)", "FULL FACE - SD1.5 only (portraits stronger)"]
IP_ADAPTER_WEIGHT_TYPES = ["linear", "ease in", "ease out", "ease in-out", "reverse in-out", "weak input",
                           "weak output", "weak middle", "strong middle", "style transfer", "composition",
                           "strong style transfer", "style and composition", "style transfer precise",
                           "composition precise"]

# Model files a fresh fake server has, by the folder ComfyUI lists them from.
MODEL_FILES = {
    "controlnet": [],  # none by default: a fake server is given some with `controlnets=`
    "clip_vision": ["sigclip_vision_patch14_384.safetensors", "CLIP-ViT-H-14-laion2B-s32B-b79K.safetensors"],
    "style_models": ["flux1-redux-dev.safetensors"],
    "diffusion_models": ["flux1-dev.safetensors"],
    "loras": ["ink-lines.safetensors"],
    "vae": ["sdxl_vae.safetensors", "ae.safetensors"],
    "text_encoders": ["clip_l.safetensors", "t5xxl_fp8_e4m3fn.safetensors"],
}


def _int(default: int, lo: int, hi: int, step: int = 1) -> tuple[str, dict[str, Any]]:
    return ("INT", {"default": default, "min": lo, "max": hi, "step": step})


def _float(default: float, lo: float, hi: float, step: float = 0.01) -> tuple[str, dict[str, Any]]:
    return ("FLOAT", {"default": default, "min": lo, "max": hi, "step": step})


def _combo(options: list[str], **extra: Any) -> tuple[list[str], dict[str, Any]]:
    return (list(options), dict(extra))


def _node(category: str, required: dict[str, Any], output: list[str], optional: dict[str, Any] | None = None,
          output_node: bool = False, validates: tuple[str, ...] = (), module: str = "nodes") -> dict[str, Any]:
    """One class: `validates` names the inputs its VALIDATE_INPUTS checks instead of the combo list."""
    return {"category": category, "required": required, "optional": optional or {}, "output": output,
            "output_node": output_node, "validates": validates, "module": module}


def node_specs(checkpoints: list[str], inputs: list[str], ip_adapter: bool,
               models: dict[str, list[str]] | None = None) -> dict[str, dict[str, Any]]:
    """Every class a fake server offers: core ComfyUI, plus the IP-Adapter pack when `ip_adapter`."""
    files = {**MODEL_FILES, **(models or {})}
    image = _combo(sorted(inputs), image_upload=True)
    specs: dict[str, dict[str, Any]] = {
        "CheckpointLoaderSimple": _node("loaders", {"ckpt_name": _combo(checkpoints)}, ["MODEL", "CLIP", "VAE"]),
        "UNETLoader": _node("advanced/loaders", {"unet_name": _combo(files["diffusion_models"]), "weight_dtype": _combo(
            ["default", "fp8_e4m3fn", "fp8_e4m3fn_fast", "fp8_e5m2"])}, ["MODEL"]),
        "VAELoader": _node("loaders", {"vae_name": _combo(files["vae"])}, ["VAE"]),
        "CLIPLoader": _node("advanced/loaders", {"clip_name": _combo(files["text_encoders"]), "type": _combo(
            ["stable_diffusion", "stable_cascade", "sd3", "stable_audio", "mochi", "ltxv", "pixart", "cosmos", "lumina2",
             "wan", "hidream", "chroma", "ace", "omnigen2", "qwen_image", "hunyuan_image", "flux2"])}, ["CLIP"],
            {"device": _combo(["default", "cpu"], advanced=True)}),
        "DualCLIPLoader": _node("advanced/loaders", {"clip_name1": _combo(files["text_encoders"]),
                                                     "clip_name2": _combo(files["text_encoders"]),
                                                     "type": _combo(["sdxl", "sd3", "flux", "hunyuan_video", "hidream"])},
                                ["CLIP"], {"device": _combo(["default", "cpu"], advanced=True)}),
        "LoraLoader": _node("loaders", {"model": ("MODEL",), "clip": ("CLIP",), "lora_name": _combo(files["loras"]),
                                        "strength_model": _float(1.0, -100.0, 100.0), "strength_clip": _float(1.0, -100.0, 100.0)},
                            ["MODEL", "CLIP"]),
        "CLIPSetLastLayer": _node("conditioning", {"clip": ("CLIP",), "stop_at_clip_layer": _int(-1, -24, -1)}, ["CLIP"]),
        "CLIPTextEncode": _node("conditioning", {"text": ("STRING", {"multiline": True, "dynamicPrompts": True}),
                                                 "clip": ("CLIP",)}, ["CONDITIONING"]),
        "ConditioningCombine": _node("conditioning", {"conditioning_1": ("CONDITIONING",),
                                                      "conditioning_2": ("CONDITIONING",)}, ["CONDITIONING"]),
        "ConditioningSetArea": _node("conditioning", {
            "conditioning": ("CONDITIONING",), "width": _int(64, 64, MAX_RESOLUTION, 8), "height": _int(64, 64, MAX_RESOLUTION, 8),
            "x": _int(0, 0, MAX_RESOLUTION, 8), "y": _int(0, 0, MAX_RESOLUTION, 8), "strength": _float(1.0, 0.0, 10.0)},
            ["CONDITIONING"]),
        "ConditioningSetMask": _node("conditioning", {
            "conditioning": ("CONDITIONING",), "mask": ("MASK",), "strength": _float(1.0, 0.0, 10.0),
            "set_cond_area": _combo(["default", "mask bounds"])}, ["CONDITIONING"]),
        "ConditioningZeroOut": _node("advanced/conditioning", {"conditioning": ("CONDITIONING",)}, ["CONDITIONING"]),
        "FluxGuidance": _node("advanced/conditioning/flux", {"conditioning": ("CONDITIONING",),
                                                             "guidance": _float(3.5, 0.0, 100.0, 0.1)}, ["CONDITIONING"]),
        "EmptyLatentImage": _node("latent", {"width": _int(512, 16, MAX_RESOLUTION, 8), "height": _int(512, 16, MAX_RESOLUTION, 8),
                                             "batch_size": _int(1, 1, 4096)}, ["LATENT"]),
        "EmptySD3LatentImage": _node("latent/sd3", {"width": _int(1024, 16, MAX_RESOLUTION, 16),
                                                    "height": _int(1024, 16, MAX_RESOLUTION, 16),
                                                    "batch_size": _int(1, 1, 4096)}, ["LATENT"]),
        "KSampler": _node("sampling", {
            "model": ("MODEL",), "seed": _int(0, 0, SEED_MAX), "steps": _int(20, 1, 10000),
            "cfg": _float(8.0, 0.0, 100.0, 0.1), "sampler_name": _combo(SAMPLERS), "scheduler": _combo(SCHEDULERS),
            "positive": ("CONDITIONING",), "negative": ("CONDITIONING",), "latent_image": ("LATENT",),
            "denoise": _float(1.0, 0.0, 1.0)}, ["LATENT"]),
        "KSamplerAdvanced": _node("sampling", {
            "model": ("MODEL",), "add_noise": _combo(["enable", "disable"]), "noise_seed": _int(0, 0, SEED_MAX),
            "steps": _int(20, 1, 10000), "cfg": _float(8.0, 0.0, 100.0, 0.1), "sampler_name": _combo(SAMPLERS),
            "scheduler": _combo(SCHEDULERS), "positive": ("CONDITIONING",), "negative": ("CONDITIONING",),
            "latent_image": ("LATENT",), "start_at_step": _int(0, 0, 10000), "end_at_step": _int(10000, 0, 10000),
            "return_with_leftover_noise": _combo(["disable", "enable"])}, ["LATENT"]),
        "VAEDecode": _node("latent", {"samples": ("LATENT",), "vae": ("VAE",)}, ["IMAGE"]),
        "VAEEncode": _node("latent", {"pixels": ("IMAGE",), "vae": ("VAE",)}, ["LATENT"]),
        "VAEEncodeForInpaint": _node("latent/inpaint", {"pixels": ("IMAGE",), "vae": ("VAE",), "mask": ("MASK",),
                                                        "grow_mask_by": _int(6, 0, 64)}, ["LATENT"]),
        "InpaintModelConditioning": _node("conditioning/inpaint", {
            "positive": ("CONDITIONING",), "negative": ("CONDITIONING",), "vae": ("VAE",), "pixels": ("IMAGE",),
            "mask": ("MASK",), "noise_mask": ("BOOLEAN", {"default": True})}, ["CONDITIONING", "CONDITIONING", "LATENT"]),
        "SetLatentNoiseMask": _node("latent/inpaint", {"samples": ("LATENT",), "mask": ("MASK",)}, ["LATENT"]),
        "LoadImage": _node("image", {"image": image}, ["IMAGE", "MASK"], validates=("image",)),
        "LoadImageMask": _node("mask", {"image": image, "channel": _combo(["alpha", "red", "green", "blue"])}, ["MASK"],
                               validates=("image",)),
        "ImageScale": _node("image/upscaling", {
            "image": ("IMAGE",), "upscale_method": _combo(UPSCALE_METHODS), "width": _int(512, 0, MAX_RESOLUTION),
            "height": _int(512, 0, MAX_RESOLUTION), "crop": _combo(["disabled", "center"])}, ["IMAGE"]),
        "ImageInvert": _node("image", {"image": ("IMAGE",)}, ["IMAGE"]),
        "ImageToMask": _node("mask", {"image": ("IMAGE",), "channel": _combo(["red", "green", "blue", "alpha"])}, ["MASK"]),
        "SolidMask": _node("mask", {"value": _float(1.0, 0.0, 1.0), "width": _int(512, 1, MAX_RESOLUTION),
                                    "height": _int(512, 1, MAX_RESOLUTION)}, ["MASK"]),
        "MaskComposite": _node("mask", {
            "destination": ("MASK",), "source": ("MASK",), "x": _int(0, 0, MAX_RESOLUTION), "y": _int(0, 0, MAX_RESOLUTION),
            "operation": _combo(["multiply", "add", "subtract", "and", "or", "xor"])}, ["MASK"]),
        "ControlNetLoader": _node("loaders", {"control_net_name": _combo(files["controlnet"])}, ["CONTROL_NET"]),
        "ControlNetApplyAdvanced": _node("conditioning/controlnet", {
            "positive": ("CONDITIONING",), "negative": ("CONDITIONING",), "control_net": ("CONTROL_NET",),
            "image": ("IMAGE",), "strength": _float(1.0, 0.0, 10.0), "start_percent": _float(0.0, 0.0, 1.0, 0.001),
            "end_percent": _float(1.0, 0.0, 1.0, 0.001)}, ["CONDITIONING", "CONDITIONING"], {"vae": ("VAE",)}),
        "CLIPVisionLoader": _node("loaders", {"clip_name": _combo(files["clip_vision"])}, ["CLIP_VISION"]),
        "CLIPVisionEncode": _node("conditioning", {"clip_vision": ("CLIP_VISION",), "image": ("IMAGE",),
                                                   "crop": _combo(["center", "none"])}, ["CLIP_VISION_OUTPUT"]),
        "StyleModelLoader": _node("loaders", {"style_model_name": _combo(files["style_models"])}, ["STYLE_MODEL"]),
        "StyleModelApply": _node("conditioning/style_model", {
            "conditioning": ("CONDITIONING",), "style_model": ("STYLE_MODEL",), "clip_vision_output": ("CLIP_VISION_OUTPUT",),
            "strength": _float(1.0, 0.0, 10.0, 0.001), "strength_type": _combo(["multiply", "attn_bias"])}, ["CONDITIONING"]),
        "SaveImage": _node("image", {"images": ("IMAGE",), "filename_prefix": ("STRING", {"default": "ComfyUI"})}, [],
                           output_node=True),
        "PreviewImage": _node("image", {"images": ("IMAGE",)}, [], output_node=True),
    }
    if ip_adapter:  # ComfyUI_IPAdapter_plus, a custom node pack
        specs["IPAdapterUnifiedLoader"] = _node("ipadapter", {"model": ("MODEL",), "preset": _combo(IP_ADAPTER_PRESETS)},
                                                ["MODEL", "IPADAPTER"], {"ipadapter": ("IPADAPTER",)}, module=IP_PACK)
        specs["IPAdapterAdvanced"] = _node("ipadapter", {
            "model": ("MODEL",), "ipadapter": ("IPADAPTER",), "image": ("IMAGE",), "weight": _float(1.0, -1, 5, 0.05),
            "weight_type": _combo(IP_ADAPTER_WEIGHT_TYPES),
            "combine_embeds": _combo(["concat", "add", "subtract", "average", "norm average"]),
            "start_at": _float(0.0, 0.0, 1.0, 0.001), "end_at": _float(1.0, 0.0, 1.0, 0.001),
            "embeds_scaling": _combo(["V only", "K+V", "K+V w/ C penalty", "K+mean(V) w/ C penalty"])},
            ["MODEL"], {"image_negative": ("IMAGE",), "attn_mask": ("MASK",), "clip_vision": ("CLIP_VISION",)},
            module=IP_PACK)
    return specs


def object_info(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """One class as GET /object_info describes it."""
    inputs = {"required": spec["required"]}
    if spec["optional"]:
        inputs["optional"] = spec["optional"]
    return {"input": inputs, "input_order": {k: list(v) for k, v in inputs.items()},
            "output": spec["output"], "output_is_list": [False] * len(spec["output"]), "output_name": spec["output"],
            "name": name, "display_name": name, "description": "", "python_module": spec["module"],
            "category": spec["category"], "output_node": spec["output_node"]}

"""The ComfyUI options of `generate`, `refine` and `reference`: which server, workflow, checkpoint,
steps and seed. The server comes from --server, else PANELSMITH_COMFYUI_URL, else 127.0.0.1:8188."""
from __future__ import annotations

import argparse

from generation.comfyui.backend import QUEUE_AHEAD  # noqa: F401 - the default --jobs for ComfyUI
from generation.planning import GenerationSettings
from model.errors import BadInputError



def add_comfyui_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("ComfyUI (--backend comfyui)")
    group.add_argument("--server", metavar="URL",
                       help="the ComfyUI server (default PANELSMITH_COMFYUI_URL or http://127.0.0.1:8188); implies --backend comfyui")
    group.add_argument("--workflow", metavar="NAME|FILE",
                       help="sdxl (default), flux, or a workflow exported with ComfyUI's Save (API)")
    group.add_argument("--checkpoint", metavar="NAME", help="a checkpoint the server has (default: the workflow's own)")
    group.add_argument("--steps", type=int, metavar="N", help="sampler steps (default: the workflow's own)")
    seeds = group.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=int, metavar="N", help="draw with this seed (default: a new one each time)")
    seeds.add_argument("--same-seed", action="store_true",
                       help="redraw each panel with the seed recorded on its selected picture (an exact redraw)")


def backend_name(args: argparse.Namespace) -> str | None:
    """The backend asked for; --server alone means ComfyUI."""
    name = getattr(args, "backend", None)
    if name is None and getattr(args, "server", None):
        return "comfyui"
    if name not in (None, "comfyui") and getattr(args, "server", None):
        raise BadInputError(f"--server is for the ComfyUI backend, not {name}; drop it or use --backend comfyui.")
    return name


def comfyui_settings(args: argparse.Namespace) -> GenerationSettings:
    """What ComfyUI draws with, from the command line; a bad number is bad input (exit 2)."""
    steps, seed = getattr(args, "steps", None), getattr(args, "seed", None)
    if steps is not None and not 1 <= steps <= 200:
        raise BadInputError("--steps must be a number from 1 to 200.")
    if seed is not None and not 0 <= seed < 2**64:
        raise BadInputError("--seed must be a whole number from 0 to 18446744073709551615.")
    return GenerationSettings(backend="comfyui", model=getattr(args, "checkpoint", None) or "",
                              workflow=getattr(args, "workflow", None) or "", steps=steps, seed=seed,
                              same_seed=bool(getattr(args, "same_seed", False)))

"""Which custom node pack provides a ComfyUI node class that a stock server lacks.

A user told "install the node pack" needs its name as ComfyUI-Manager lists it, not a node's title;
the packs named here are the ones Panelsmith's built-in workflows and common exports use.
"""
from __future__ import annotations

PACKS = (
    ("IPAdapter", "ComfyUI_IPAdapter_plus"),
    ("InstantID", "ComfyUI_InstantID"),
    ("PulidFlux", "ComfyUI-PuLID-Flux"),
    ("UnetLoaderGGUF", "ComfyUI-GGUF"),
    ("CLIPLoaderGGUF", "ComfyUI-GGUF"),
    ("ACN_", "ComfyUI-Advanced-ControlNet"),
    ("Impact", "ComfyUI-Impact-Pack"),
)


def node_pack(class_type: str) -> str | None:
    """The node pack that provides `class_type`, when it is one Panelsmith knows; else None."""
    for prefix, pack in PACKS:
        if class_type.startswith(prefix):
            return pack
    return None

"""Estimated cost of an image from the usage the service reports, with prices from `prices.json`."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

PER_MILLION = 1_000_000


@lru_cache(maxsize=1)
def _prices() -> dict[str, dict[str, float]]:
    text = resources.files("generation.openai").joinpath("prices.json").read_text(encoding="utf-8")
    return json.loads(text)["models"]


def prices_for(model: str) -> dict[str, float] | None:
    """The per-million-token prices of `model` (or its snapshot's base model); None when unknown."""
    table = _prices()
    if model in table:
        return table[model]
    # A dated snapshot prices as its base model; the longest matching prefix wins.
    matches = [name for name in table if model.startswith(name + "-")]
    return table[max(matches, key=len)] if matches else None


def estimate_cost(model: str, usage: dict[str, Any] | None) -> float | None:
    """Dollars for one request's `usage` (input/output tokens); None when model or usage is unknown."""
    prices = prices_for(model)
    if prices is None or not usage:
        return None
    details = usage.get("input_tokens_details") or {}
    input_tokens = int(usage.get("input_tokens") or 0)
    image_in = int(details.get("image_tokens") or 0)
    text_in = int(details.get("text_tokens") or max(0, input_tokens - image_in))
    image_out = int(usage.get("output_tokens") or 0)
    dollars = (
        text_in * prices["text_input"] + image_in * prices["image_input"] + image_out * prices["image_output"]
    ) / PER_MILLION
    return round(dollars, 6)

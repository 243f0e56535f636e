"""`panelsmith styles`: the style presets a script's `Style:` line can name."""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from model.errors import BadInputError
from model.script.styles import STYLES, StylePreset, find_style, suggest


def register(subparsers: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """Add `styles` to the command line."""
    styles = subparsers.add_parser(
        "styles",
        help="list the style presets (English and Chinese names)",
        description="List the style presets a script can name in its Style: line (`Style: manga; rainy "
        "neon city`, `风格：绘本水彩；雨夜`), or show one preset's names and prompt wording.",
    )
    styles.add_argument("name", metavar="NAME", nargs="?", help="show this preset only (any of its names)")
    styles.add_argument("--json", action="store_true", help="print JSON instead of text")
    styles.set_defaults(func=run_styles)


def _as_json(preset: StylePreset) -> dict:
    look = asdict(preset.look)
    return {"id": preset.id, "name": preset.name, "name_zh": preset.name_zh, "aliases": list(preset.aliases),
            "aliases_zh": list(preset.aliases_zh), "description": preset.description,
            "description_zh": preset.description_zh, "prompt": preset.prompt, "sketch": look}


def run_styles(args: argparse.Namespace) -> int:
    presets = list(STYLES)
    if args.name is not None:
        preset = find_style(args.name)
        if preset is None:
            close = suggest(args.name)
            hint = f"did you mean “{close[0]}”? " if close else ""
            raise BadInputError(f"“{args.name}” is not a style preset; {hint}the presets are: "
                                f"{', '.join(p.id for p in STYLES)}.")
        presets = [preset]
    if args.json:
        print(json.dumps([_as_json(p) for p in presets], ensure_ascii=False, indent=2))
        return 0
    if args.name is not None:
        p = presets[0]
        print(f"{p.id}: {p.name} / {p.name_zh}")
        print(f"  {p.description}\n  {p.description_zh}")
        print(f"  also: {', '.join(p.aliases + p.aliases_zh)}")
        print(f"  prompt: {p.prompt}")
        return 0
    width = max(len(p.id) for p in presets)
    for p in presets:
        print(f"{p.id:<{width}}  {p.name} / {p.name_zh}: {p.description}")
    print("\nUse one in a script: `Style: manga; rainy neon city` or `风格：绘本水彩；雨夜`.")
    return 0

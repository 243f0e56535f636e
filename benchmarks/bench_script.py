"""Parse a 500-panel script and compose every prompt; prints the figures against their targets.

Run: uv run python benchmarks/bench_script.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.prompt.compose import compose_prompt  # noqa: E402
from model.script.reconcile import reparse  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402

PARSE_TARGET_MS = 100.0
PANELS = 500


def big_script(panels: int = PANELS) -> str:
    """A script in the shape of a real one: a cast, settings, dialogue and some lasting details."""
    head = ["Title: Bench", "Style: ink", "Layout: grid"]
    for name in ("Gary", "Salesman", "Mia", "小蜗"):
        head += [f"Character: {name}", f"{name} has a distinctive look and a caramel-brown scarf."]
    for place in ("Showroom", "Highway", "展厅"):
        head += [f"Setting: {place}", f"The {place}, described in a sentence or two."]
    body = []
    for n in range(1, panels + 1):
        place = ("@ Showroom", "", "@ Highway", "", "@ 展厅")[n % 5]
        body += [f"Panel {n} (medium) {place}".rstrip(), f"Gary and Mia talk in scene {n}; 小蜗 watches.",
                 f"Gary: Line {n} of the dialogue.", f"Mia (whisper): Reply {n}.", "Caption: Later."]
        if n % 25 == 0:
            body.append(f"+Gary: wears hat number {n}")
        if n % 25 == 10 and n > 25:
            body.append(f"-Gary: wears hat number {n - 10}")
    return "\n".join(head + body) + "\n"


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    text = big_script()
    result = parse_script(text, "bench.txt")
    assert not result.diagnostics, result.diagnostics[:3]
    project = result.project
    parse_ms = best_of(5, lambda: parse_script(text, "bench.txt"))
    compose_ms = best_of(3, lambda: [compose_prompt(project, p) for p in project.panels])
    edited = text.replace("Panel 250 (medium)", "Panel 250 (medium)\nA new line of action.", 1)
    reparse_ms = best_of(3, lambda: reparse(project, edited, "bench.txt"))
    renamed = text.replace("Gary", "Garry")  # every panel's text changes at once
    rename_ms = best_of(1, lambda: reparse(project, renamed, "bench.txt"))
    rows = [
        (f"parse {PANELS} panels", parse_ms, f"target <= {PARSE_TARGET_MS:.0f} ms, {parse_ms / PARSE_TARGET_MS:.2f} of it"),
        (f"compose {PANELS} prompts", compose_ms, ""),
        ("parse + compose", parse_ms + compose_ms, f"{(parse_ms + compose_ms) / PARSE_TARGET_MS:.2f} of the parse target"),
        ("reparse after one edit", reparse_ms, ""),
        ("reparse after renaming a lead", rename_ms, "every panel's text changed"),
    ]
    for label, ms, note in rows:
        print(f"{label:<32}{ms:8.1f} ms" + (f"  ({note})" if note else ""))


if __name__ == "__main__":
    main()

"""Draft a 64-panel script through the fake service (the real SDK over 127.0.0.1): how many requests a
draft costs, and how long turning the answer into a clean, re-parsed script takes.

Run: uv run python benchmarks/bench_draft.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_openai import FakeImageService  # noqa: E402
from generation.text.drafting import draft_script  # noqa: E402
from generation.text.textmodel import TextModel  # noqa: E402
from model.script.draft import ScriptDraft, script_from_draft  # noqa: E402

PANELS = 64
REQUESTS_TARGET = 1
SCRIPT_TARGET_MS = 250.0


def big_draft(panels: int = PANELS) -> dict:
    """An answer shaped like a long picture book's, with the colons and marks real answers carry."""
    cast = [("Little Fox", "a small red fox"), ("Owl", "a grey owl with round glasses"), ("小兔", "一只白色的小兔子")]
    return {
        "title": "The long walk: a fox's tale", "style": "soft watercolour", "layout": "book",
        "characters": [{"name": n, "description": d} for n, d in cast],
        "settings": [{"name": p, "description": f"The {p}."} for p in ("Forest", "River", "森林")],
        "panels": [{
            "shot": ("wide", "medium", "close-up")[i % 3], "setting": ("Forest", "River", "森林")[i // 8 % 3],
            "action": f"Little Fox: page {i}, looking at the river // at dusk." if i % 5 == 0 else f"Little Fox walks on, page {i}.",
            "details": [{"character": "Little Fox", "change": "add" if i % 16 == 3 else "remove", "detail": "wears a scarf"}]
            if i % 16 in (3, 11) else [],
            "lines": [{"kind": "caption", "speaker": "", "text": f"Page {i}: on and on."},
                      {"kind": "speech", "speaker": "Owl", "text": "Hoo: who goes there?"},
                      {"kind": "whisper", "speaker": "小兔", "text": "是我。"}],
        } for i in range(panels)],
    }


def main() -> None:
    answer = big_draft()
    with FakeImageService() as fake:
        fake.text_responder = lambda body: answer
        model = TextModel(api_key="sk-bench-not-a-key", base_url=fake.base_url)
        text, project = draft_script("a long walk", model, layout="book", panels=PANELS)
        assert len(project.panels) == PANELS, len(project.panels)
        requests = model.requests_sent
    draft = ScriptDraft.model_validate(answer)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        script_from_draft(draft, language="en")
        times.append((time.perf_counter() - start) * 1000)
    ms = min(times)
    print(f"requests for a {PANELS}-panel draft   {requests:8d}     (target {REQUESTS_TARGET}, ratio {requests / REQUESTS_TARGET:.2f})")
    print(f"answer -> clean script ({PANELS} panels) {ms:8.1f} ms  (target <= {SCRIPT_TARGET_MS:.0f} ms, "
          f"ratio {ms / SCRIPT_TARGET_MS:.2f})")


if __name__ == "__main__":
    main()

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The API key must never leak from the developer's shell into tests.
os.environ.pop("OPENAI_API_KEY", None)
os.environ.pop("OPENAI_BASE_URL", None)
os.environ.pop("PANELSMITH_TEXT_MODEL", None)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402


@pytest.fixture
def fake_openai():
    """A fake OpenAI image service on 127.0.0.1 (tests/fake_openai.py), stopped after the test."""
    from fake_openai import FakeImageService

    with FakeImageService() as service:
        yield service


@pytest.fixture
def fake_comfyui():
    """A fake ComfyUI server (HTTP + websocket) on 127.0.0.1 (tests/fake_comfyui.py), stopped after the test."""
    from fake_comfyui import FakeComfyUI

    with FakeComfyUI(latency=0.1) as server:
        yield server

"""The prompts one backend has on a ComfyUI server, so they can all be withdrawn when it stops.

A prompt is ours from the moment POST /prompt answers until its picture (or error) is fetched. A
backend that stops (the command line interrupted by Ctrl-C, the app closing, a new batch with other
settings) deletes every one still queued and interrupts the one running: nothing Panelsmith asked for
keeps a GPU busy after it has gone. Queueing waits for nothing; withdrawing waits (bounded) for a
POST /prompt in flight, so a prompt queued at that moment is withdrawn too.
"""
from __future__ import annotations

import threading
from typing import Any

from generation.comfyui.client import ComfyClient
from generation.errors import CancelledError

SETTLE_SECONDS = 5.0  # how long withdrawing waits for a POST /prompt already sent


class OurPrompts:
    """Thread-safe: every worker thread queues through it; `withdraw_all` runs once, at the end."""

    def __init__(self, client: ComfyClient) -> None:
        self.client = client
        self._live: set[str] = set()
        self._sending = 0
        self._closed = False
        self._cond = threading.Condition()

    def queue(self, graph: dict[str, Any], client_id: str) -> str:
        """POST /prompt; the prompt id, now ours. CancelledError once everything has been withdrawn."""
        with self._cond:
            if self._closed:
                raise CancelledError()
            self._sending += 1
        prompt_id = None
        try:
            prompt_id = self.client.queue_prompt(graph, client_id)
            return prompt_id
        finally:
            with self._cond:
                self._sending -= 1
                if prompt_id is not None:
                    self._live.add(prompt_id)
                self._cond.notify_all()

    def done(self, prompt_id: str) -> None:
        """The prompt has finished (or failed) on the server: nothing to withdraw."""
        with self._cond:
            self._live.discard(prompt_id)

    def withdraw(self, prompt_id: str) -> None:
        """Delete one prompt from the queue, or interrupt it if it runs (best effort)."""
        self.client.cancel([prompt_id])
        self.done(prompt_id)

    def withdraw_all(self) -> None:
        """Queue nothing more; delete every prompt of ours still queued and interrupt the running one."""
        with self._cond:
            self._closed = True
            self._cond.wait_for(lambda: self._sending == 0, SETTLE_SECONDS)
            live, self._live = sorted(self._live), set()
        if live:
            self.client.cancel(live)

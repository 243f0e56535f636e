"""A text responder for the fake service that "translates" every line of a translate request.

The words are made up but in the target script (Chinese, or Spanish-looking Latin), numbered by the
order they were asked for, so a test can find each one in an export. Each request's line count is kept.
"""
from __future__ import annotations

import json
from typing import Any

from fake_openai import request_texts


class FakeTranslator:
    def __init__(self, language: str = "zh", source_language: str = "en") -> None:
        self.language, self.source_language = language, source_language
        self.chunk_sizes: list[int] = []
        self.sent: list[dict[str, Any]] = []  # every line asked for: {"id", "kind", "text", "speaker"?}
        self.drop_one = False  # answer one line short (a malformed answer)

    def words(self, text: str) -> str:
        # About as long as a real translation: Chinese takes a third of the English characters.
        if self.language == "zh":
            return f"译文{len(text)}号：" + ("我要最快的跑车还要大写的字母" * 9)[: max(7, len(text) // 3)] + "！"
        return f"¡Traducido {len(text)}: " + ("el caracol quiere el coche más rápido " * 9)[: len(text)].strip() + "!"

    def name(self, text: str) -> str:
        return f"名{text[:2]}" if self.language == "zh" else f"Señor {text}"

    def __call__(self, body: dict[str, Any]) -> dict[str, Any]:
        document = json.loads(request_texts(body)[1])
        lines = [line for panel in document["panels"] for line in panel["lines"]]
        self.chunk_sizes.append(len(lines))
        self.sent += lines
        answer = [{"id": line["id"], "text": self.name(line["text"]) if line["kind"] == "name" else self.words(line["text"])}
                  for line in lines]
        if self.drop_one:
            answer.pop()
        return {"source_language": self.source_language, "lines": answer}

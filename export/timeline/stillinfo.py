"""A shot's details carried inside its still: an iTXt chunk in the PNG.

Final Cut 7 XML, FCPXML and EDL keep a clip's name, length and media path through an editor, but not our
metadata; the still at that path does travel with the cut. So each still carries its shot (scene, size,
camera move, lines, notes) and the project's cast and settings, and `panelsmith new film.xml` reads them
back from the media. The chunk is added without re-encoding the picture; an unreadable chunk is ignored.
"""
from __future__ import annotations

import json
import struct
import zlib
from typing import Any

KEYWORD = b"panelsmith"
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_AFTER_IHDR = 8 + 4 + 4 + 13 + 4  # signature, then IHDR's length, type, 13 bytes of data and CRC
MAX_INFO_BYTES = 1024 * 1024


def with_info(png: bytes, info: dict[str, Any]) -> bytes:
    """`png` with `info` (JSON) in an uncompressed iTXt chunk right after its header."""
    if not png.startswith(_SIGNATURE) or png[12:16] != b"IHDR":
        return png
    data = KEYWORD + b"\0\0\0\0\0" + json.dumps(info, ensure_ascii=False).encode("utf-8")  # no compression, no language
    chunk = struct.pack(">I", len(data)) + b"iTXt" + data + struct.pack(">I", zlib.crc32(b"iTXt" + data) & 0xFFFFFFFF)
    return png[:_AFTER_IHDR] + chunk + png[_AFTER_IHDR:]


def read_info(png: bytes) -> dict[str, Any]:
    """The info a still carries, or {} when it has none (or it is damaged)."""
    if not png.startswith(_SIGNATURE):
        return {}
    at = len(_SIGNATURE)
    while at + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        body = png[at + 8:at + 8 + length]
        if len(body) < length or kind == b"IDAT":
            return {}  # our chunk sits before the picture data
        if kind == b"iTXt" and body.startswith(KEYWORD + b"\0") and length <= MAX_INFO_BYTES:
            parts = body[len(KEYWORD) + 1:]
            if parts[:2] != b"\0\0":
                return {}
            language_end = parts.find(b"\0", 2)
            translated_end = parts.find(b"\0", language_end + 1) if language_end >= 0 else -1
            if translated_end < 0:
                return {}
            try:
                info = json.loads(parts[translated_end + 1:].decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return {}
            return info if isinstance(info, dict) else {}
        at += 12 + length
    return {}

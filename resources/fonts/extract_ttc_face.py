"""Copy one face of a TrueType Collection (.ttc) into a standalone .ttf, its tables unchanged.

How `WenQuanYiMicroHei.ttf` was made from Debian's `fonts-wqy-microhei`:
    python resources/fonts/extract_ttc_face.py /usr/share/fonts/truetype/wqy/wqy-microhei.ttc 0 \
        resources/fonts/WenQuanYiMicroHei.ttf
Only the container changes: the face's tables are copied byte for byte (4-byte aligned, sorted by tag),
their checksums recomputed and `head.checkSumAdjustment` set for the new file, as the TrueType spec asks.
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def extract_face(collection: bytes, index: int) -> bytes:
    """The bytes of a standalone TrueType font holding face `index` of `collection`."""
    tag, _version, count = struct.unpack_from(">4sII", collection, 0)
    if tag != b"ttcf" or not 0 <= index < count:
        raise ValueError(f"not a TrueType collection with a face {index}")
    start = struct.unpack_from(">I", collection, 12 + 4 * index)[0]
    sfnt_version, num_tables = struct.unpack_from(">IH", collection, start)
    tables: dict[bytes, bytes] = {}
    for i in range(num_tables):
        name, _sum, offset, length = struct.unpack_from(">4sIII", collection, start + 12 + 16 * i)
        tables[name] = collection[offset : offset + length]
    if b"head" in tables:  # zeroed while summing, as the spec defines the whole-font checksum
        head = tables[b"head"]
        tables[b"head"] = head[:8] + b"\0\0\0\0" + head[12:]
    power = 1 << (num_tables.bit_length() - 1)
    header = struct.pack(">IHHHH", sfnt_version, num_tables, power * 16, power.bit_length() - 1, num_tables * 16 - power * 16)
    offset = 12 + 16 * num_tables
    records, body, head_at = b"", b"", None
    for name in sorted(tables):
        data = tables[name]
        if name == b"head":
            head_at = offset + len(body)
        records += struct.pack(">4sIII", name, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + records + body)
    if head_at is not None:
        struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: extract_ttc_face.py COLLECTION.ttc INDEX OUT.ttf")
    Path(sys.argv[3]).write_bytes(extract_face(Path(sys.argv[1]).read_bytes(), int(sys.argv[2])))

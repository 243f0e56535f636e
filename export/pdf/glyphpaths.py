"""Glyph outlines from the shipped TrueType files, for drawing a sound effect's rim in the PDF.

A PDF can stroke text (render mode 2), but the stroke straddles the glyph edge and eats half its width
out of the letter, which leaves thin CJK strokes with no colour. Drawing the rim as a path from the
glyph outlines, under the real text, keeps the letters whole and the words extractable exactly once.
Reads the `glyf` table that reportlab's TrueType reader has already located (simple and composite glyphs).
"""
from __future__ import annotations

import struct
from functools import lru_cache

from model import fonts
from model.fonts import FontFace

Contour = list[tuple[float, float, bool]]  # (x, y, on the curve) in font units, y up

_WORDS, _XY, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x2, 0x8, 0x20, 0x40, 0x80


@lru_cache(maxsize=None)
def _glyf(face: FontFace) -> bytes:
    return fonts.truetype(face).face.get_table("glyf")


@lru_cache(maxsize=2048)
def glyph_contours(face: FontFace, ch: str) -> tuple[Contour, ...]:
    """The closed contours of the glyph that draws `ch` in `face` (empty for spaces and unknown characters)."""
    ttf = fonts.truetype(face).face
    gid = ttf.charToGlyph.get(ord(ch))
    return tuple(_contours(face, gid, 0)) if gid is not None else ()


def _contours(face: FontFace, gid: int, depth: int) -> list[Contour]:
    positions = fonts.truetype(face).face.glyphPos
    if depth > 8 or gid + 1 >= len(positions):
        return []  # a malformed composite that nests too deep draws nothing rather than hanging
    start, end = positions[gid], positions[gid + 1]
    if end - start < 10:
        return []
    data = _glyf(face)[start:end]
    count = struct.unpack_from(">h", data, 0)[0]
    return _simple(data, count) if count >= 0 else _composite(face, data, depth)


def _simple(data: bytes, count: int) -> list[Contour]:
    pos = 10
    ends = struct.unpack_from(f">{count}H", data, pos)
    pos += 2 * count
    pos += 2 + struct.unpack_from(">H", data, pos)[0]  # skip the hinting instructions
    total = ends[-1] + 1 if count else 0
    flags: list[int] = []
    while len(flags) < total:
        flag = data[pos]
        pos += 1
        flags.append(flag)
        if flag & 0x8:  # repeated flag
            flags.extend([flag] * data[pos])
            pos += 1
    flags = flags[:total]
    coords: list[list[int]] = []
    for short_bit, same_bit in ((0x2, 0x10), (0x4, 0x20)):
        value, values = 0, []
        for flag in flags:
            if flag & short_bit:
                delta = data[pos]
                pos += 1
                value += delta if flag & same_bit else -delta
            elif not flag & same_bit:
                value += struct.unpack_from(">h", data, pos)[0]
                pos += 2
            values.append(value)
        coords.append(values)
    points = [(float(x), float(y), bool(f & 0x1)) for x, y, f in zip(coords[0], coords[1], flags)]
    contours, first = [], 0
    for last in ends:
        contours.append(points[first : last + 1])
        first = last + 1
    return [c for c in contours if c]


def _composite(face: FontFace, data: bytes, depth: int) -> list[Contour]:
    pos, out = 10, []
    while True:
        flags, gid = struct.unpack_from(">HH", data, pos)
        pos += 4
        if flags & _WORDS:
            dx, dy = struct.unpack_from(">hh" if flags & _XY else ">HH", data, pos)
            pos += 4
        else:
            dx, dy = struct.unpack_from(">bb" if flags & _XY else ">BB", data, pos)
            pos += 2
        if not flags & _XY:
            dx = dy = 0  # point-matched components are rare in lettering fonts; place them unshifted
        a, b, c, d = 1.0, 0.0, 0.0, 1.0
        if flags & _SCALE:
            a = d = struct.unpack_from(">h", data, pos)[0] / 16384
            pos += 2
        elif flags & _XY_SCALE:
            a, d = (v / 16384 for v in struct.unpack_from(">hh", data, pos))
            pos += 4
        elif flags & _TWO_BY_TWO:
            a, b, c, d = (v / 16384 for v in struct.unpack_from(">hhhh", data, pos))
            pos += 8
        for contour in _contours(face, gid, depth + 1):
            out.append([(a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour])
        if not flags & _MORE:
            return out


def contour_segments(contour: Contour) -> list[tuple]:
    """The contour as ("move", p), ("line", p) and ("curve", c1, c2, p) steps, quadratics made cubic."""
    pts = [(x, y) for x, y, _ in contour]
    on = [o for _, _, o in contour]
    n = len(pts)
    # Start on an on-curve point (or the implied one between two off-curve points).
    k = next((i for i in range(n) if on[i]), None)
    if k is None:
        start = ((pts[0][0] + pts[-1][0]) / 2, (pts[0][1] + pts[-1][1]) / 2)
        order = list(range(n))
    else:
        start = pts[k]
        order = [(k + 1 + i) % n for i in range(n - 1)]
    steps: list[tuple] = [("move", start)]
    current, control = start, None
    for i in order + [None]:
        p, is_on = (start, True) if i is None else (pts[i], on[i])
        if is_on:
            steps.append(_quad(current, control, p) if control is not None else ("line", p))
            current, control = p, None
        elif control is None:
            control = p
        else:
            mid = ((control[0] + p[0]) / 2, (control[1] + p[1]) / 2)
            steps.append(_quad(current, control, mid))
            current, control = mid, p
    return steps


def _quad(p0: tuple[float, float], q: tuple[float, float], p2: tuple[float, float]) -> tuple:
    c1 = (p0[0] + 2 / 3 * (q[0] - p0[0]), p0[1] + 2 / 3 * (q[1] - p0[1]))
    c2 = (p2[0] + 2 / 3 * (q[0] - p2[0]), p2[1] + 2 / 3 * (q[1] - p2[1]))
    return ("curve", c1, c2, p2)

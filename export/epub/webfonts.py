"""The lettering fonts cut down to the characters a book uses, for embedding in an EPUB.

The CJK face alone is 4.6 MB; a picture book uses a few hundred of its glyphs. fontTools' subsetter keeps
the outlines, metrics and name table (with the licence notices) of the used characters only; the result
is still the same TrueType font, under the same licence (see resources/fonts/README.md).
"""
from __future__ import annotations

import io

from fontTools import subset
from fontTools.ttLib import TTFont

from export.epub.pages import FontMetrics
from model.fonts import FontFace


def subset_face(face: FontFace, text: str) -> tuple[bytes, FontMetrics]:
    """The face's TrueType bytes holding only the glyphs of `text` (and .notdef), and its baseline metrics."""
    options = subset.Options()
    options.name_IDs = ["*"]  # copyright, licence and font names stay with the glyphs
    options.name_languages = ["*"]
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.drop_tables = options.drop_tables + ["FFTM"]  # FontForge's timestamps: nothing a reader needs
    font = TTFont(str(face.path), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(ch) for ch in text if not ch.isspace()} | {0x20})
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    units = font["head"].unitsPerEm
    metrics = FontMetrics(font["hhea"].ascent / units, -font["hhea"].descent / units)
    font.close()
    return out.getvalue(), metrics

"""Print-shop PDF in the manner of PDF/X-1a: CMYK only, an output intent with its ICC profile, no transparency.

The pages are the print PDF's own (`export.pdf.writer` draws them); this canvas only changes what colour and
pictures become. Every picture is converted from sRGB to CMYK through the shipped profile
(`resources/color/`, relative colorimetric, total ink at most 300 %) with Pillow's ImageCms and embedded as
a CMYK JPEG without any mask; every flat colour goes through the same profile, except black, which is
pure K (0/0/0/100) so text and outlines print in one ink. The catalog gets an OutputIntent (/S /GTS_PDFX)
with the profile embedded, the Info dict the PDF/X version keys and /Trapped /False. It is not certified:
see README ("Print-shop PDF") for what is and is not guaranteed.
"""
from __future__ import annotations

import io
import re
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache, partial
from pathlib import Path

from PIL import Image, ImageCms
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDate, PDFDictionary, PDFInfo, PDFName, PDFStream, PDFString

from export.pdf.writer import JPEG_QUALITY, PageExtra, PrintCanvas, write_pdf
from export.raster.render import cover_crop, fit_picture, parse_color, picture_rect
from model.geometry import Rect
from model.imageload import decode_image
from model.project.imagestore import ImageStore
from model.page.frames import Layout

PROFILE = Path(__file__).resolve().parents[2] / "resources" / "color" / "PanelsmithCMYK-FOGRA39.icc"
PDFX_VERSION = "PDF/X-1a:2003"
OUTPUT_CONDITION = "FOGRA39"  # offset, coated paper (ISO 12647-2), the data our profile was made from
OUTPUT_INFO = "Coated FOGRA39 (ISO 12647-2), Panelsmith CMYK profile, 300% total ink"


@lru_cache(maxsize=1)
def _transform() -> ImageCms.ImageCmsTransform:
    cmyk = ImageCms.getOpenProfile(str(PROFILE))
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), cmyk, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def to_cmyk(picture: Image.Image) -> Image.Image:
    """An RGB picture in the print profile's CMYK."""
    return ImageCms.applyTransform(picture.convert("RGB"), _transform())


@lru_cache(maxsize=256)
def cmyk_of(rgb: tuple[float, float, float]) -> tuple[float, float, float, float]:
    """A flat colour (0..1 RGB) as 0..1 CMYK; black is pure K, white no ink."""
    if max(rgb) <= 0.0:
        return (0.0, 0.0, 0.0, 1.0)
    if min(rgb) >= 1.0:
        return (0.0, 0.0, 0.0, 0.0)
    pixel = Image.new("RGB", (1, 1), tuple(round(c * 255) for c in rgb))
    return tuple(v / 255 for v in to_cmyk(pixel).getpixel((0, 0)))  # type: ignore[return-value]


def cmyk_picture_jpeg(data: bytes, area: Rect, dpi: int, background: str, what: str) -> bytes:
    """The visible part of a picture, converted to CMYK, as a CMYK JPEG no larger than `dpi` at its printed size."""
    source = decode_image(data, what)
    x0, y0, x1, y1 = cover_crop(source.width, source.height, area.w, area.h)
    scale = min(1.0, area.w / 72 * dpi / (x1 - x0))
    out_w, out_h = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    picture = to_cmyk(fit_picture(source, out_w, out_h, parse_color(background)))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY)  # Adobe-style CMYK; reportlab sets /Decode to match
    return out.getvalue()


class _PDFXInfo(PDFInfo):
    """reportlab's Info dict (it writes /Trapped) plus the PDF/X version key."""

    def format(self, document):
        stamp = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)  # noqa: SLF001
        return PDFDictionary({
            "Title": PDFString(self.title), "Author": PDFString(self.author), "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords), "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer), "CreationDate": stamp, "ModDate": stamp,
            "Trapped": PDFName(self.trapped), "GTS_PDFXVersion": PDFString(PDFX_VERSION),
        }).format(document)


def picture_key(what: str, area: Rect, dpi: int) -> tuple:
    return (what, round(area.x, 3), round(area.y, 3), round(area.w, 3), round(area.h, 3), dpi)


class PDFXCanvas(PrintCanvas):
    """A canvas that draws in CMYK only and carries the PDF/X output intent.

    `ahead` holds pictures being converted on worker threads (by `picture_key`), so the conversion of the
    next pages overlaps the writing of this one; a picture not found there is converted on the spot.
    """

    def __init__(self, *args, ahead: dict[tuple, Future] | None = None, **kwargs) -> None:
        self.ahead = ahead or {}
        super().__init__(*args, **kwargs)
        doc = self._doc
        info = _PDFXInfo()
        info.__dict__.update(doc.info.__dict__)
        info.trapped = "False"
        doc.info = info
        profile = PDFStream(PDFDictionary({"N": 4}), PROFILE.read_bytes())
        intent = PDFDictionary({
            "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
            "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION), "OutputCondition": PDFString(OUTPUT_INFO),
            "RegistryName": PDFString("http://www.color.org"), "Info": PDFString(OUTPUT_INFO),
            "DestOutputProfile": doc.Reference(profile),
        })
        catalog = doc.Catalog
        catalog.__NoDefault__ = list(type(catalog).__NoDefault__) + ["OutputIntents"]
        catalog.OutputIntents = PDFArray([intent])

    def setFillColorRGB(self, r, g, b, alpha=None):  # noqa: N802 (reportlab's name)
        self.setFillColorCMYK(*cmyk_of((r, g, b)))

    def setStrokeColorRGB(self, r, g, b, alpha=None):  # noqa: N802
        self.setStrokeColorCMYK(*cmyk_of((r, g, b)))

    def picture(self, data: bytes, area: Rect, dpi: int, background: str, what: str) -> bytes:
        future = self.ahead.pop(picture_key(what, area, dpi), None)
        return future.result() if future is not None else cmyk_picture_jpeg(data, area, dpi, background, what)


CONVERTERS = 2  # ImageCms and JPEG encoding release the GIL: two pictures convert while pages are written


def write_pdfx(layout: Layout, images: ImageStore, target: Path, dpi: int | None = None, bleed: bool = False,
               extra: PageExtra | None = None) -> Path:
    """Write the layout as a PDF/X-1a-style print-shop PDF at `target`, atomically; returns the path
    (`extra` as for `export.pdf.writer.write_pdf`)."""
    dpi = dpi or layout.settings.dpi
    background = layout.settings.background
    with ThreadPoolExecutor(CONVERTERS, thread_name_prefix="pdfx") as pool:
        ahead: dict[tuple, Future] = {}
        try:
            for page in layout.pages:
                for frame in page.frames:
                    if frame.image is not None and frame.image in images:
                        what, area = f"The picture of panel {frame.number}", picture_rect(frame, page, bleed)
                        ahead[picture_key(what, area, dpi)] = pool.submit(
                            cmyk_picture_jpeg, images.get(frame.image), area, dpi, background, what)
            return write_pdf(layout, images, target, dpi, bleed, canvas_class=partial(PDFXCanvas, ahead=ahead), extra=extra)
        finally:
            for future in ahead.values():
                future.cancel()


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_RGB_OPERATOR = re.compile(rb"(?<![A-Za-z/])(?:rg|RG)(?![A-Za-z])")


def rgb_leftovers(path: Path) -> list[str]:
    """What in a written PDF is still RGB or transparent, one sentence each (empty: CMYK only, nothing see-through).

    Reads the file itself: image XObjects' colour spaces and masks, the page content streams' colour
    operators, and soft masks or alpha anywhere in the object dictionaries.
    """
    data = Path(path).read_bytes()
    found: list[str] = []
    outside_streams = bytearray()
    last = 0
    for match in _STREAM.finditer(data):
        head = data[data.rfind(b"obj", 0, match.start()) + 3:match.start()]
        lengths = re.findall(rb"/Length (\d+)", head)
        if not lengths:
            continue
        body = data[match.end():match.end() + int(lengths[-1])]
        outside_streams += data[last:match.start()]
        last = match.end() + len(body)
        if b"/Subtype /Image" in head:
            if b"/DeviceRGB" in head or b"/Indexed" in head:
                found.append("an image is RGB")
            if b"/SMask" in head or b"/Mask" in head:
                found.append("an image has a transparency mask")
        elif not re.search(rb"/Length1|/Subtype|/N \d|/Type", head):  # a page's content stream
            if b"/FlateDecode" in head:
                body = zlib.decompress(body)
            if _RGB_OPERATOR.search(body):
                found.append("a page paints in RGB colour")
    outside_streams += data[last:]
    if b"/DeviceRGB" in outside_streams:
        found.append("an RGB colour space is declared")
    if re.search(rb"/SMask|/CA [0-9.]|/ca [0-9.]", bytes(outside_streams)):
        found.append("something is transparent (a soft mask or an alpha)")
    return list(dict.fromkeys(found))

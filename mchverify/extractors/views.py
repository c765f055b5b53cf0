"""Page images for a person to look at, in the frame the field boxes were read in.

The boxes of an `ExtractionResult` are in the upright (rotated, deskewed, cropped) page OCR
saw; a page view is rebuilt from the original the same way — load, prepare, turn upright —
without OCR, so boxes drawn on it land on their words. Pure: bytes in, pixels out."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from mchverify.errors import DocumentLoadError
from mchverify.extractors.loaders import load_document, render_pdf_page
from mchverify.extractors.pages import RasterPage, TextLayerPage
from mchverify.extractors.preprocess import prepare_page, upright

__all__ = ["crop_box", "encode_jpeg", "encode_png", "page_view"]

#: long side of a view: enough to read 8-point print at full zoom, small to send
VIEW_LONG_SIDE = 2000


def page_view(data: bytes, name: str, info: dict[str, Any]) -> np.ndarray:
    """The page `info["number"]` (a stored PageInfo) as BGR pixels in its boxes' frame,
    scaled to at most VIEW_LONG_SIDE (boxes scale by width / info["width"])."""
    number = int(info["number"])
    if info.get("source") == "text_layer":
        width = max(1, int(info["width"]))
        page = render_pdf_page(data, number - 1, dpi=72)
        dpi = max(1, round(72 * min(width, VIEW_LONG_SIDE) / max(1, page.shape[1])))
        return render_pdf_page(data, number - 1, dpi=dpi)
    doc = load_document(data, name)
    pages = [p for p in doc.pages if p.number == number]
    if not pages or isinstance(pages[0], TextLayerPage):
        raise DocumentLoadError(f"page {number} is not in the file", code="no_page")
    raster: RasterPage = pages[0]
    prepared = prepare_page(raster.image)
    colour = prepared.colour if prepared.colour is not None else prepared.image
    image = upright(colour, int(info.get("rotation", 0)), float(info.get("skew", 0.0)))
    return _fit(image, VIEW_LONG_SIDE)


def _fit(image: np.ndarray, long_side: int) -> np.ndarray:
    h, w = image.shape[:2]
    scale = long_side / max(h, w)
    if scale >= 1:
        return image
    return cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def crop_box(view: np.ndarray, box: list[float], frame_width: int, *,
             margin: float = 0.4) -> np.ndarray:
    """The region `box` (in the frame of width `frame_width`) of a view, with some context
    around it (`margin` × the box height) so a reviewer sees the neighbouring print."""
    scale = view.shape[1] / max(1, frame_width)
    x0, y0, x1, y1 = (c * scale for c in box)
    pad = margin * max(8.0, y1 - y0)
    h, w = view.shape[:2]
    left, top = max(0, int(x0 - pad)), max(0, int(y0 - pad))
    right, bottom = min(w, int(x1 + pad) + 1), min(h, int(y1 + pad) + 1)
    if right <= left or bottom <= top:
        raise ValueError("the box lies outside the page")
    return view[top:bottom, left:right]


def encode_jpeg(image: np.ndarray, quality: int = 85) -> bytes:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("could not encode the page view")
    return buf.tobytes()


def encode_png(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("could not encode the crop")
    return buf.tobytes()

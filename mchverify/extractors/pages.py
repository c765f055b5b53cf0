"""Page containers passed between steps: a raster to OCR, or lines from a PDF text layer."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from mchverify.schemas.extraction import TextLine

__all__ = ["LoadedDocument", "Page", "PageImage", "RasterPage", "TextLayerPage"]


@dataclass(frozen=True)
class RasterPage:
    """A page image to be read by OCR: BGR uint8, as OpenCV expects."""

    number: int
    image: np.ndarray
    dpi: float | None = None


@dataclass(frozen=True)
class TextLayerPage:
    """A digital PDF page read from its text layer (R11): lines in pixel coordinates."""

    number: int
    width: int
    height: int
    lines: list[TextLine]
    #: pixels per PDF point used for `lines` and for a rendering of this page.
    scale: float = 1.0
    #: the page drawn for the image checks (seal, QR code), when asked for; BGR uint8
    image: np.ndarray | None = None
    #: pixels of `image` per pixel of the lines' frame
    image_scale: float = 1.0

    def with_image(self, image: np.ndarray | None, image_scale: float) -> TextLayerPage:
        """This page with its drawing for the image checks (or without, for None)."""
        if image is None:
            return self
        return replace(self, image=image, image_scale=image_scale)


Page = RasterPage | TextLayerPage


@dataclass(frozen=True)
class PageImage:
    """A page in colour, in the frame of its lines' boxes (upright, deskewed): what the image
    checks (seal, QR code, pasted regions) look at. `scanned`: a raster page, not a
    rendering of a digital PDF. `scale`: pixels of `image` per pixel of the boxes' frame
    (a digital page is rendered for the checks at a lower resolution than its boxes')."""

    number: int
    image: np.ndarray
    scanned: bool
    scale: float = 1.0


@dataclass
class LoadedDocument:
    """A file turned into pages; `kind` is what its bytes are, not what its name says."""

    name: str
    kind: Literal["image", "pdf"]
    pages: list[Page] = field(default_factory=list)

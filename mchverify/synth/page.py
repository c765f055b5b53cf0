"""A device-independent page: primitives in millimetres, drawn by two backends.

`render.py` rasterises a page with PIL (for scans and photos) and `pdf.py` draws the same
page as vectors with reportlab (for e-licences), so both formats show identical documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "INK",
    "RGB",
    "Anchor",
    "Emboss",
    "Item",
    "Page",
    "Photo",
    "Polyline",
    "Qr",
    "Rect",
    "Role",
    "Seal",
    "Text",
    "pt_to_mm",
]

RGB = tuple[int, int, int]
Anchor = Literal["l", "m", "r"]
#: Which font a text uses: resolved per document by `fonts.FontSet`.
Role = Literal["title", "label", "value", "small", "seal", "script"]

INK: RGB = (22, 22, 26)


def pt_to_mm(pt: float) -> float:
    """Typographic points to millimetres."""
    return pt * 25.4 / 72.0


@dataclass
class Text:
    """One line of text, positioned by its baseline; `field` tags contract values."""

    x: float
    y: float
    text: str
    size: float  # points
    role: Role = "label"
    anchor: Anchor = "l"
    color: RGB = INK
    field: str | None = None


@dataclass
class Polyline:
    points: list[tuple[float, float]]
    width: float  # mm
    color: RGB = INK
    closed: bool = False
    fill: RGB | None = None  # a filled shape (an emblem's disk, a star)


@dataclass
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    stroke: RGB | None = INK
    width: float = 0.3
    fill: RGB | None = None


@dataclass
class Seal:
    """A round official seal: issuer along the arc, a star, optional text under the star."""

    cx: float
    cy: float
    diameter: float  # mm
    text: str
    bottom: str = ""
    color: RGB = (214, 32, 38)
    rotation: float = 0.0  # degrees, counter-clockwise
    opacity: float = 0.85
    #: issuer: stamped by the issuing authority; jianzhi: the ministry's 监制 seal printed on
    #: the blank, which names no issuer
    kind: str = "issuer"


@dataclass
class Qr:
    x: float
    y: float
    size: float
    modules: list[list[bool]]
    color: RGB = INK


@dataclass
class Photo:
    """The 照片 box of a personal certificate: an empty frame or a placeholder portrait."""

    x0: float
    y0: float
    x1: float
    y1: float
    style: Literal["frame", "portrait"] = "frame"
    background: RGB = (236, 240, 246)


@dataclass
class Emboss:
    """A steel seal (钢印) pressed into the paper: no ink, only a relief of light and shade."""

    cx: float
    cy: float
    diameter: float  # mm
    strength: float = 0.12  # how much the relief darkens / lightens the paper


Item = Text | Polyline | Rect | Qr | Photo | Emboss


@dataclass
class Page:
    width: float  # mm
    height: float
    paper: RGB = (252, 252, 250)
    items: list[Item] = field(default_factory=list)
    seals: list[Seal] = field(default_factory=list)
    #: A faint mirror image of another page (the back of a sheet shows the front through).
    show_through: Page | None = None

    @property
    def landscape(self) -> bool:
        return self.width > self.height

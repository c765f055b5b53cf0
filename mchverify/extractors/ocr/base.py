"""The OCR engine contract: an image in, upright text lines with boxes and scores out."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from mchverify.schemas.extraction import TextLine

__all__ = ["LineRecognizer", "OcrEngine", "OcrPage", "SharedEngine", "quad_to_upright_box", "shared", "skew_of_quads"]


@dataclass
class OcrPage:
    """Lines in the coordinates of the page after `rotation` (clockwise) was applied."""

    lines: list[TextLine]
    rotation: int = 0
    skew: float = 0.0
    width: int = 0
    height: int = 0
    timings: dict[str, float] = field(default_factory=dict)


@runtime_checkable
class LineRecognizer(Protocol):
    """An engine that also reads cut-out lines without detecting them
    (RapidOcrEngine.recognize): the second looks at lines under seals use it."""

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]: ...


@runtime_checkable
class OcrEngine(Protocol):
    """Reads a whole page; finds its orientation itself (engines differ in how)."""

    name: str

    def read(self, image: np.ndarray) -> OcrPage: ...


class SharedEngine:
    """An engine shared by the threads of a process (the web application reads uploads in
    several at once), entered by one of them at a time: ONNX Runtime already spreads one
    page over every core, so two pages at once would only share the cores, and hold two
    pages' activations in memory. Everything else is the engine's own."""

    def __init__(self, engine: OcrEngine) -> None:
        self._engine = engine
        self._turn = threading.Lock()
        self.name = engine.name

    def read(self, image: np.ndarray) -> OcrPage:
        with self._turn:
            return self._engine.read(image)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._engine, attr)


class SharedRecognizer(SharedEngine):
    """A :class:`SharedEngine` whose engine also recognises cut-out lines."""

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        with self._turn:
            return self._engine.recognize(crops)  # type: ignore[attr-defined,no-any-return]


def shared(engine: OcrEngine) -> SharedEngine:
    """`engine`, entered by one thread at a time (see :class:`SharedEngine`)."""
    if callable(getattr(engine, "recognize", None)):
        return SharedRecognizer(engine)
    return SharedEngine(engine)


def skew_of_quads(quads: list[np.ndarray]) -> float:
    """Median text-line angle in degrees (positive = clockwise), from long lines only."""
    angles = []
    for q in quads:
        dx, dy = q[1] - q[0]
        height = float(np.linalg.norm(q[3] - q[0]))
        if np.hypot(dx, dy) > 3.0 * max(height, 1.0):
            angles.append(np.degrees(np.arctan2(dy, dx)))
    return float(np.median(angles)) if angles else 0.0


def quad_to_upright_box(
    quad: np.ndarray, skew: float, center: tuple[float, float]
) -> tuple[float, float, float, float]:
    """Axis-aligned box of a quad after undoing the page skew, so rows line up for layout."""
    theta = np.radians(-skew)
    c, s = np.cos(theta), np.sin(theta)
    pts = quad - np.asarray(center)
    rot = np.stack([pts[:, 0] * c - pts[:, 1] * s, pts[:, 0] * s + pts[:, 1] * c], axis=1)
    rot += np.asarray(center)
    x0, y0 = rot.min(axis=0)
    x1, y1 = rot.max(axis=0)
    return (float(x0), float(y0), float(x1), float(y1))

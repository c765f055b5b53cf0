"""What reading a file produces: doc type, field values with confidence and source box."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mchverify.schemas.codes import DocType
from mchverify.schemas.types import BBox, Confidence

__all__ = ["ExtractionResult", "FieldValue", "FileError", "PageInfo", "TextLine"]

FieldScalar = str | list[str] | None


class TextLine(BaseModel):
    """One line of text on a page, from OCR or from a PDF text layer."""

    model_config = ConfigDict(frozen=True)

    text: str
    box: BBox = Field(description="(x0, y0, x1, y1) in the upright page's pixels")
    score: Confidence = 1.0
    alternatives: tuple[str, ...] = Field(
        default=(), description="what other reads of the same strip gave, when they did not "
        "all agree (the line's score is then under the checks' threshold)")


class FieldValue(BaseModel):
    """A field normalised to the contract's code or ISO date, with where it was read."""

    value: FieldScalar
    confidence: Confidence
    page: int = Field(ge=1, description="1-based page number")
    box: BBox | None = None
    raw: str | None = Field(default=None, description="the text the value was parsed from")
    source: Literal["read", "registry", "reread", "corrected"] = Field(
        default="read", description="read by the parser; located on the page from the "
        "registry's value when the parser missed it (verification.locate); read again from "
        "its box when the registry disputed it (verification.reread); or typed by a reviewer "
        "(`raw` then holds the value read)")


class PageInfo(BaseModel):
    """How a page was read: its source, size and the geometric fixes applied before OCR."""

    number: int = Field(ge=1)
    source: Literal["ocr", "text_layer"]
    width: int
    height: int
    rotation: int = Field(default=0, description="clockwise degrees applied to make it upright")
    skew: float = 0.0
    cropped: bool = False
    lines: list[TextLine] = Field(default_factory=list)


class ExtractionResult(BaseModel):
    """The reading of one file, as `mchverify extract --json` prints it (domain.md §5)."""

    file: str
    doc_type: DocType
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    pages: list[PageInfo] = Field(default_factory=list)
    seconds: float = 0.0

    def contract_json(self, *, with_detail: bool = True) -> dict[str, Any]:
        """The contract's line: `file, doc_type, fields, confidence, pages` (+ boxes if asked)."""
        out: dict[str, Any] = {
            "file": self.file,
            "doc_type": self.doc_type.value,
            "fields": {k: v.value for k, v in self.fields.items()},
            "confidence": {k: round(v.confidence, 4) for k, v in self.fields.items()},
            "pages": len(self.pages),
        }
        if with_detail:
            out["boxes"] = {
                k: {"page": v.page, "box": [round(c, 1) for c in v.box]}
                for k, v in self.fields.items()
                if v.box is not None
            }
            out["sources"] = [p.source for p in self.pages]
            located = [k for k, v in self.fields.items() if v.source == "registry"]
            if located:
                out["located_from_registry"] = located
            reread = [k for k, v in self.fields.items() if v.source == "reread"]
            if reread:
                out["reread"] = reread
        return out


class FileError(BaseModel):
    """A file that could not be read: recorded with its reason, the batch goes on."""

    file: str
    error: str
    code: str

    def contract_json(self) -> dict[str, Any]:
        return {"file": self.file, "error": self.error, "code": self.code}

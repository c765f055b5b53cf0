"""Pydantic models only: the contract's codes, document types and extraction results."""

from mchverify.schemas.codes import (
    ZH,
    Category,
    DocType,
    Gender,
    PhysicianLevel,
    PracticeCategory,
    TitleLevel,
)
from mchverify.schemas.documents import DOCUMENT_MODELS, all_fields, required_fields
from mchverify.schemas.extraction import (
    ExtractionResult,
    FieldValue,
    FileError,
    PageInfo,
    TextLine,
)

__all__ = [
    "ZH",
    "Category",
    "DocType",
    "Gender",
    "PhysicianLevel",
    "PracticeCategory",
    "TitleLevel",
    "DOCUMENT_MODELS",
    "all_fields",
    "required_fields",
    "ExtractionResult",
    "FieldValue",
    "FileError",
    "PageInfo",
    "TextLine",
]

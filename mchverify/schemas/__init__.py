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
    "DOCUMENT_MODELS",
    "ZH",
    "Category",
    "DocType",
    "ExtractionResult",
    "FieldValue",
    "FileError",
    "Gender",
    "PageInfo",
    "PhysicianLevel",
    "PracticeCategory",
    "TextLine",
    "TitleLevel",
    "all_fields",
    "required_fields",
]

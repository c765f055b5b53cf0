"""A reviewer's typed value for a field, parsed to the contract's form (codes, ISO dates,
lists), and a stored value shown back as the text a reviewer would type.

Pure: the document type's pydantic model says what each field holds. Check characters are
not enforced here — a reviewer records what is printed, and the checks judge it."""

from __future__ import annotations

import datetime as dt
import types
import unicodedata
from enum import StrEnum
from typing import Any, Union, get_args, get_origin

from mchverify.extractors.normalize import parse_categories, parse_date, split_list
from mchverify.schemas.codes import ZH, Category, DocType
from mchverify.schemas.documents import DOCUMENT_MODELS

__all__ = ["CorrectionError", "display_value", "parse_correction"]


class CorrectionError(ValueError):
    """The typed text is not a value of this field; the message is for the reviewer."""


def _annotation(doc_type: str, name: str) -> Any:
    try:
        model = DOCUMENT_MODELS[DocType(doc_type)]
        annotation = model.model_fields[name].annotation
    except (ValueError, KeyError) as exc:
        raise CorrectionError(f"该文书没有字段 {name}") from exc
    if get_origin(annotation) in (Union, types.UnionType):  # X | None
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def _enum_member(enum: type[StrEnum], text: str) -> StrEnum | None:
    for member in enum:
        if text in (member.value, ZH.get(member)):
            return member
    return None


def parse_correction(doc_type: str, name: str, text: str) -> Any:
    """The value to store for `text` typed into field `name`; blank means "not printed"."""
    annotation = _annotation(doc_type, name)
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if item is Category:
            codes = [c for c in (_enum_member(Category, p) for p in split_list(text)) if c]
            found = codes if len(codes) == len(split_list(text)) else parse_categories(text)
            if not found:
                raise CorrectionError("未识别出技术项目，请按“婚前医学检查、助产技术”的形式填写")
            return [c.value for c in dict.fromkeys(found)]
        return split_list(text)
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        member = _enum_member(annotation, text)
        if member is None:
            choices = "、".join(ZH.get(m, m.value) for m in annotation)
            raise CorrectionError(f"应为以下之一：{choices}")
        return member.value
    if _is_date(annotation):
        day = parse_date(text)
        if day is None:
            raise CorrectionError("日期格式应为 2024-05-01 或 2024年5月1日")
        return day.isoformat()
    return "".join(text.split()) if name in ("id_number", "uscc") else text


def _is_date(annotation: Any) -> bool:
    return annotation is dt.date or dt.date in get_args(annotation)


def display_value(doc_type: str | None, name: str, value: Any) -> str:
    """How a stored value is shown in a form field: labels, not codes; lists joined by 、."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(display_value(doc_type, name, v) for v in value)
    for enum in _enums(doc_type, name):
        try:
            return ZH.get(enum(value), str(value))
        except ValueError:
            continue
    return str(value)


def _enums(doc_type: str | None, name: str) -> list[type[StrEnum]]:
    try:
        annotation = _annotation(doc_type or "", name)
    except CorrectionError:
        return []
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    return [annotation] if isinstance(annotation, type) and issubclass(annotation, StrEnum) else []

"""Shared annotated field types: check characters come from python-stdnum, not our own code."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

__all__ = [
    "BBox",
    "Confidence",
    "IdNumber",
    "IsoDate",
    "Quad",
    "Uscc",
    "UtcDatetime",
    "id_number_is_valid",
    "validate_id_number",
    "validate_uscc",
]


def validate_id_number(value: str) -> str:
    """GB 11643-1999 resident identity number: 18 characters, ISO 7064 MOD 11-2 check."""
    try:
        return ric.validate(value)
    except StdnumError as exc:
        raise ValueError(f"invalid resident identity number: {exc}") from exc
    except KeyError as exc:  # stdnum's region table lacks the code (python-stdnum 2.2)
        raise ValueError("invalid resident identity number: unknown region code") from exc


def id_number_is_valid(value: str) -> bool:
    """True when `value` passes every GB 11643 check; never raises."""
    try:
        validate_id_number(value)
    except ValueError:
        return False
    return True


def validate_uscc(value: str) -> str:
    """GB 32100-2015 unified social credit code with its check character."""
    try:
        return uscc.validate(value)
    except StdnumError as exc:
        raise ValueError(f"invalid unified social credit code: {exc}") from exc


def _iso_date(value: object) -> object:
    """Accept ISO strings and dates only: printed formats are parsed by extractors, not here."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


IdNumber = Annotated[str, AfterValidator(validate_id_number)]
Uscc = Annotated[str, AfterValidator(validate_uscc)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
#: Axis-aligned box in page pixels: (x0, y0, x1, y1).
BBox = tuple[float, float, float, float]
#: Four corner points of a text line, clockwise from top-left.
Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every one this system writes is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


#: a moment with its zone: naive values (from SQLite) are taken as UTC
UtcDatetime = Annotated[dt.datetime, AfterValidator(_utc)]

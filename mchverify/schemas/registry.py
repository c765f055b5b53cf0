"""Registry records as the import format carries them (domain.md §4), and import outcomes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mchverify.schemas.codes import DocType, RegistryStatus

__all__ = ["ImportProblem", "ImportSummary", "RegistryEntry"]


class RegistryEntry(BaseModel):
    """What the issuing authority recorded for one certificate or licence."""

    model_config = ConfigDict(frozen=True)

    doc_type: DocType
    certificate_number: str = Field(description="as printed; compared after normalisation")
    status: RegistryStatus
    fields: dict[str, Any] = Field(
        default_factory=dict,
        description="the type's contract fields, JSON values: ISO dates, codes, lists")
    training_dates: list[dt.date] = Field(default_factory=list,
                                          description="personnel: professional trainings (R7)")
    validation_dates: list[dt.date] = Field(default_factory=list,
                                            description="licences: 校验 dates (R3)")


class ImportProblem(BaseModel):
    """One reason a registry file was refused: where (line, column) and what, in Chinese."""

    line: int = Field(description="1-based line of the CSV file; 1 is the header")
    column: str | None = None
    message: str


class ImportSummary(BaseModel):
    file: str
    imported: int = Field(description="records written (new and replaced)")
    replaced: int = Field(description="records that replaced one with the same key")
    by_doc_type: dict[str, int] = Field(default_factory=dict)

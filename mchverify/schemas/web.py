"""What the web application and its JSON API exchange (Create / Public variants per
resource, full-stack-fastapi-template style). Pydantic only."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from mchverify.schemas.types import UtcDatetime

__all__ = [
    "OVERRIDE_REASON_ZH",
    "ApplicationDetail",
    "ApplicationSummary",
    "AuditPublic",
    "CorrectionIn",
    "CorrectionOut",
    "DailyCount",
    "DeadlinePublic",
    "DecisionIn",
    "DocumentDetail",
    "FieldPublic",
    "FlagPublic",
    "OverrideIn",
    "OverridePublic",
    "OverrideReason",
    "PagePublic",
    "ProblemPublic",
    "Receipt",
    "RegistryPublic",
    "RunPublic",
    "SessionCreate",
    "SessionPublic",
    "UserCreate",
    "UserPublic",
]


class OverrideReason(StrEnum):
    """Why a reviewer sets a flag aside; each needs a comment as well."""

    OCR_ERROR = "ocr_error"
    ORIGINAL_CHECKED = "original_checked"
    REGISTRY_OUTDATED = "registry_outdated"
    ISSUER_CONFIRMED = "issuer_confirmed"
    SCAN_ARTEFACT = "scan_artefact"
    POLICY_EXCEPTION = "policy_exception"


OVERRIDE_REASON_ZH: dict[OverrideReason, str] = {
    OverrideReason.OCR_ERROR: "识别错误（系统读错）",
    OverrideReason.ORIGINAL_CHECKED: "已当面核验原件",
    OverrideReason.REGISTRY_OUTDATED: "登记库信息未及时更新",
    OverrideReason.ISSUER_CONFIRMED: "已向发证机关核实",
    OverrideReason.SCAN_ARTEFACT: "扫描/拍摄造成的图像异常",
    OverrideReason.POLICY_EXCEPTION: "符合政策例外情形",
}


class ProblemPublic(BaseModel):
    """Every refusal: a message for a person (or the validator's list), and per-field
    messages where fields were at fault."""

    detail: str | list[dict[str, Any]]
    errors: dict[str, str] | None = None


class SessionCreate(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256,
                              description="at least 10 characters, not containing the username")


class UserPublic(BaseModel):
    username: str
    display_name: str
    role: Literal["intake", "reviewer", "admin"]
    active: bool = True


class SessionPublic(BaseModel):
    user: UserPublic
    csrf_token: str = Field(description="send it as X-CSRF-Token on every POST and PATCH")


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    display_name: str = Field(min_length=1, max_length=128)
    role: Literal["intake", "reviewer", "admin"]
    password: str = Field(min_length=10, max_length=256)


class DeadlinePublic(BaseModel):
    id: str
    label: str
    due: dt.date
    estimated: bool = Field(description="counted without the official holiday calendar")
    remaining: int = Field(description="working days left (negative: overdue)")


class OverridePublic(BaseModel):
    reason: OverrideReason
    reason_label: str
    comment: str
    actor: str
    at: UtcDatetime


class FlagPublic(BaseModel):
    id: int | None = Field(description="the flag row (None for an application-level flag)")
    document_id: int | None
    code: str
    label: str
    severity: str
    message: str
    fields: list[str]
    evidence: dict[str, Any]
    rule: str | None
    override: OverridePublic | None = None


class FieldPublic(BaseModel):
    name: str
    label: str
    value: Any
    text: str = Field(description="the value as a reviewer reads and types it")
    confidence: float | None
    low_confidence: bool
    page: int | None
    box: list[float] | None
    corrected_by: str | None = None
    value_read: Any = None


class PagePublic(BaseModel):
    number: int
    width: int
    height: int
    source: str
    image_url: str


class RegistryPublic(BaseModel):
    certificate_number: str
    status: str
    fields: dict[str, Any]
    texts: dict[str, str] = Field(default_factory=dict,
                                  description="the fields as a reviewer reads them (labels)")
    training_dates: list[str]
    validation_dates: list[str]


class DocumentDetail(BaseModel):
    document_id: int
    file: str
    sha256: str
    status: str
    error: str | None
    doc_type: str | None
    doc_type_label: str
    verdict: str | None
    fields: list[FieldPublic]
    flags: list[FlagPublic]
    pages: list[PagePublic]
    registry: RegistryPublic | None
    remarks: list[str] = Field(default_factory=list,
                               description="notes for the reviewer that are no flags (a copy)")


class ApplicationSummary(BaseModel):
    id: int
    receipt_no: str
    kind: str
    kind_label: str
    verdict: str | None
    decision: str | None
    decided_by: str | None
    received_at: UtcDatetime
    received_by: str
    applicant: str
    id_number_masked: str | None
    doc_types: list[str]
    flag_codes: list[str]
    documents: int
    deadlines: list[DeadlinePublic]


class ApplicationDetail(ApplicationSummary):
    decision_comment: str | None
    flags: list[FlagPublic]
    items: list[DocumentDetail]


class Receipt(BaseModel):
    """受理回执: what was received and read, and the one-time list of what to supplement."""

    application_id: int
    receipt_no: str
    kind: str
    kind_label: str
    received_at: UtcDatetime
    received_by: str
    verdict: str | None
    documents: list[dict[str, Any]]
    to_supplement: list[str] = Field(description="一次性告知补正: every missing or unreadable "
                                     "material, in one list")
    deadlines: list[DeadlinePublic]


class DecisionIn(BaseModel):
    decision: Literal["accept", "reject"]
    comment: str = Field(default="", max_length=2000)


class CorrectionIn(BaseModel):
    fields: dict[str, str] = Field(description="field name → the value as typed",
                                   max_length=64)


class CorrectionOut(BaseModel):
    changed: list[str]
    errors: dict[str, str]
    verdict: str | None


class OverrideIn(BaseModel):
    flag_id: int | None = Field(default=None, ge=1, le=2_147_483_647,
                                description="a document's flag; None with `code` for an "
                                "application-level flag")
    code: str | None = Field(default=None, max_length=32)
    reason: OverrideReason
    comment: str = Field(min_length=2, max_length=2000)


class AuditPublic(BaseModel):
    at: UtcDatetime
    actor: str
    action: str
    action_label: str
    document_id: int | None
    application_id: int | None
    details: dict[str, Any]


class RunPublic(BaseModel):
    id: int
    kind: str
    source: str
    as_of: dt.date
    status: str
    started_at: UtcDatetime
    finished_at: UtcDatetime | None
    counts: dict[str, Any]


class DailyCount(BaseModel):
    day: dt.date
    verdicts: dict[str, int]
    flags: dict[str, int]
    failed: int

"""Flags, evidence and verdicts (domain.md §3), as `verify --json` prints them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mchverify.schemas.types import BBox

__all__ = [
    "FLAG_ZH", "Evidence", "Flag", "FlagCode", "Severity", "Verdict", "verdict_of"]


class FlagCode(StrEnum):
    UNREADABLE = "UNREADABLE"
    UNKNOWN_DOC_TYPE = "UNKNOWN_DOC_TYPE"
    LOW_CONFIDENCE = "LOW_CONFIDENCE"
    CHECKSUM_INVALID = "CHECKSUM_INVALID"
    ID_FIELDS_INCONSISTENT = "ID_FIELDS_INCONSISTENT"
    DATE_IMPLAUSIBLE = "DATE_IMPLAUSIBLE"
    EXPIRED = "EXPIRED"
    NOT_IN_REGISTRY = "NOT_IN_REGISTRY"
    REGISTRY_MISMATCH = "REGISTRY_MISMATCH"
    REVOKED = "REVOKED"
    ISSUER_NOT_AUTHORIZED = "ISSUER_NOT_AUTHORIZED"
    LICENSE_TYPE_ABOLISHED = "LICENSE_TYPE_ABOLISHED"
    REVALIDATION_OVERDUE = "REVALIDATION_OVERDUE"
    TRAINING_OVERDUE = "TRAINING_OVERDUE"
    CATEGORY_NOT_LICENSED = "CATEGORY_NOT_LICENSED"
    CLINIC_RESTRICTED_ITEM = "CLINIC_RESTRICTED_ITEM"
    TAMPER_SUSPECTED = "TAMPER_SUSPECTED"
    SEAL_MISSING = "SEAL_MISSING"
    QR_MISMATCH = "QR_MISMATCH"
    BUNDLE_INCONSISTENT = "BUNDLE_INCONSISTENT"
    MISSING_MATERIAL = "MISSING_MATERIAL"


#: how the interface names each flag to its users
FLAG_ZH: dict[str, str] = {
    "UNREADABLE": "无法识读",
    "UNKNOWN_DOC_TYPE": "文书类型不明",
    "LOW_CONFIDENCE": "识别置信度低",
    "CHECKSUM_INVALID": "校验码错误",
    "ID_FIELDS_INCONSISTENT": "身份信息自相矛盾",
    "DATE_IMPLAUSIBLE": "日期不合理",
    "EXPIRED": "已过有效期",
    "NOT_IN_REGISTRY": "登记库中无此证",
    "REGISTRY_MISMATCH": "与登记库不符",
    "REVOKED": "已吊销或暂停",
    "ISSUER_NOT_AUTHORIZED": "发证机关无权限",
    "LICENSE_TYPE_ABOLISHED": "许可类型已取消",
    "REVALIDATION_OVERDUE": "逾期未校验",
    "TRAINING_OVERDUE": "逾期未培训",
    "CATEGORY_NOT_LICENSED": "执业机构未获该项许可",
    "CLINIC_RESTRICTED_ITEM": "门诊部/诊所不得开展该项目",
    "TAMPER_SUSPECTED": "疑似篡改",
    "SEAL_MISSING": "未见公章",
    "QR_MISMATCH": "二维码与票面不符",
    "BUNDLE_INCONSISTENT": "申请材料之间不一致",
    "MISSING_MATERIAL": "材料不全",
}


class Severity(StrEnum):
    REVIEW = "review"
    REJECT = "reject"


class Verdict(StrEnum):
    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"


class Evidence(BaseModel):
    """What the flag rests on: the value read, what was expected, and where it was read."""

    model_config = ConfigDict(frozen=True)

    read: Any = Field(default=None, description="the value read from the document")
    expected: Any = Field(default=None, description="the registry's value or the rule's bound")
    page: int | None = None
    box: BBox | None = None
    detail: dict[str, Any] = Field(default_factory=dict, description="anything else measured")


class Flag(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: FlagCode
    severity: Severity
    fields: list[str] = Field(default_factory=list, description="the fields it concerns")
    message: str = Field(description="for the reviewer, in Chinese")
    evidence: Evidence = Field(default_factory=Evidence)
    rule: str | None = Field(default=None, description="citation into the regulations")


def verdict_of(flags: list[Flag]) -> Verdict:
    """reject if any flag rejects, else review if any flag, else accept (§3)."""
    if any(f.severity is Severity.REJECT for f in flags):
        return Verdict.REJECT
    return Verdict.REVIEW if flags else Verdict.ACCEPT


def worst_verdict(verdicts: Iterable[str]) -> Verdict:
    """The worst of several verdicts (accept < review < reject): an application's."""
    order = list(Verdict)
    return max((Verdict(v) for v in verdicts), key=order.index, default=Verdict.ACCEPT)


class SealFound(BaseModel):
    """A round stamp found on a page (pixels of the page's upright frame)."""

    page: int = Field(ge=1)
    center: tuple[float, float]
    radius: float
    coverage: float = Field(ge=0, le=1, description="share of the ring inked")
    ink: Literal["red", "grey"] = Field(
        default="red", description="red: found by its red ink; grey: found by its shape in "
        "grey or black ink (a photocopy or fax), its colour unknown")
    text: str | None = Field(default=None, description="the seal's arc text as read (polar "
                             "unwrap + OCR); None when it was not read")
    text_score: float | None = Field(default=None, ge=0, le=1)


class QrFound(BaseModel):
    """A decoded QR code."""

    page: int = Field(ge=1)
    payload: str


class SuspectRegion(BaseModel):
    """A text line whose paper stands out from the rest of the page (a pasted patch)."""

    page: int = Field(ge=1)
    box: BBox
    text: str
    score: float = Field(description="robust z-score against the page's other lines")
    reason: str = Field(description="colour | noise | colour+edges: what differs")
    measured: dict[str, Any] = Field(default_factory=dict)


class ImageEvidence(BaseModel):
    """What the page images show, for SEAL_MISSING, QR_MISMATCH and TAMPER_SUSPECTED."""

    pages: int = Field(ge=0, description="pages looked at")
    scanned_pages: int = Field(default=0, ge=0, description="of which raster scans or photos")
    seals: list[SealFound] = Field(default_factory=list)
    qr_codes: list[QrFound] = Field(default_factory=list)
    suspects: list[SuspectRegion] = Field(default_factory=list)
    copy_pages: list[int] = Field(
        default_factory=list, description="scanned pages without colour: a grey or "
        "black-and-white copy (复印件) or fax, whose seal colour cannot be seen")

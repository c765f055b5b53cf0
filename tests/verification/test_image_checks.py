"""SEAL_MISSING, QR_MISMATCH and TAMPER_SUSPECTED from image evidence: firing and not."""

from __future__ import annotations

from mchverify.schemas.codes import DocType
from mchverify.schemas.verification import (
    FlagCode,
    ImageEvidence,
    QrFound,
    SealFound,
    Severity,
    SuspectRegion,
)
from mchverify.verification.checks import run_checks
from tests.verification.test_checks import AS_OF, ASSESSMENT, doc

SEAL = SealFound(page=1, center=(50.0, 50.0), radius=20.0, coverage=0.9)


def codes(images: ImageEvidence | None) -> list[FlagCode]:
    return [f.code for f in run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT),
                                       as_of=AS_OF, images=images)]


def qr(number: str, holder: str, day: str) -> QrFound:
    return QrFound(page=1, payload=f"母婴保健技术考核合格证书|{number}|{holder}|{day}")


def test_no_seal_on_a_sealed_type_is_flagged_for_review() -> None:
    flags = run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT), as_of=AS_OF,
                       images=ImageEvidence(pages=1, scanned_pages=1))
    seal = [f for f in flags if f.code is FlagCode.SEAL_MISSING]
    assert len(seal) == 1 and seal[0].severity is Severity.REVIEW
    assert seal[0].evidence.expected == ASSESSMENT["issuer"] and "公章" in seal[0].message


def test_a_seal_found_or_images_not_examined_raise_nothing() -> None:
    assert FlagCode.SEAL_MISSING not in codes(ImageEvidence(pages=1, seals=[SEAL]))
    assert FlagCode.SEAL_MISSING not in codes(None)
    assert FlagCode.SEAL_MISSING not in codes(ImageEvidence(pages=0))


def test_qr_code_with_another_number_is_a_mismatch_with_both_values() -> None:
    ev = ImageEvidence(pages=1, seals=[SEAL], qr_codes=[qr("杭考002", "王芳", "2025-03-05")])
    flags = [f for f in run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT),
                                   as_of=AS_OF, images=ev) if f.code is FlagCode.QR_MISMATCH]
    assert len(flags) == 1 and flags[0].severity is Severity.REJECT
    assert flags[0].fields == ["certificate_number"]
    assert flags[0].evidence.read == {"certificate_number": "杭考001"}  # the face
    assert flags[0].evidence.expected == {"certificate_number": "杭考002"}  # its QR code
    assert flags[0].rule and "第三十八条" in flags[0].rule


def test_qr_code_with_another_holder_or_date_is_a_mismatch() -> None:
    for q in (qr("杭考001", "王方", "2025-03-05"), qr("杭考001", "王芳", "2025-03-06")):
        assert FlagCode.QR_MISMATCH in codes(ImageEvidence(pages=1, seals=[SEAL], qr_codes=[q]))


def test_matching_or_foreign_qr_payloads_raise_nothing() -> None:
    same = qr("杭考 001", "王芳", "2025-03-05")  # numbers compare after normalisation
    link = QrFound(page=1, payload="https://zwfw.example.gov.cn/verify?id=123")
    assert FlagCode.QR_MISMATCH not in codes(ImageEvidence(pages=1, seals=[SEAL],
                                                           qr_codes=[same, link]))


def test_suspect_region_is_tampering_on_the_fields_it_covers() -> None:
    region = SuspectRegion(page=1, box=(8, 18, 60, 42), text="王芳", score=9.5, reason="colour",
                           measured={"colour_step": 7.1})
    flags = [f for f in run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT),
                                   as_of=AS_OF, images=ImageEvidence(
                                       pages=1, seals=[SEAL], suspects=[region]))
             if f.code is FlagCode.TAMPER_SUSPECTED]
    assert len(flags) == 1 and flags[0].severity is Severity.REJECT
    assert "name" in flags[0].fields  # doc() puts every field in one box
    assert flags[0].evidence.box == region.box and flags[0].evidence.detail["score"] == 9.5
    assert "疑似粘贴" in flags[0].message


def test_no_suspect_region_no_tampering_flag() -> None:
    assert FlagCode.TAMPER_SUSPECTED not in codes(ImageEvidence(pages=1, seals=[SEAL]))


def _sealed(text: str | None, score: float | None) -> ImageEvidence:
    seal = SEAL.model_copy(update={"text": text, "text_score": score})
    return ImageEvidence(pages=1, scanned_pages=1, seals=[seal])


def test_a_seal_naming_another_authority_is_suspected_with_both_names() -> None:
    other = "宁波市卫生健康委员会" if "杭州" in ASSESSMENT["issuer"] else "杭州市卫生健康委员会"
    flags = [f for f in run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT),
                                   as_of=AS_OF, images=_sealed(other, 0.97))
             if f.code is FlagCode.TAMPER_SUSPECTED]
    assert len(flags) == 1 and flags[0].fields == ["issuer"]
    assert flags[0].evidence.read == other and flags[0].evidence.expected == ASSESSMENT["issuer"]
    assert "印文" in flags[0].message and flags[0].rule and "第三十八条" in flags[0].rule


def test_a_seal_reading_the_issuer_unread_or_poorly_read_raises_nothing() -> None:
    other = "宁波市卫生健康委员会" if "杭州" in ASSESSMENT["issuer"] else "杭州市卫生健康委员会"
    for ev in (_sealed(ASSESSMENT["issuer"], 0.95), _sealed(None, None), _sealed(other, 0.3)):
        assert FlagCode.TAMPER_SUSPECTED not in codes(ev)


def test_the_ministrys_jianzhi_seal_alone_is_no_issuers_seal() -> None:
    """An official blank whose issuer never stamped it still carries the ministry's printed
    监制 seal (issue 24): that seal read as 国家卫生健康委员会 does not stand for the issuer's."""
    jianzhi = SealFound(page=1, center=(30.0, 160.0), radius=18.0, coverage=0.95,
                        text="国家卫生健康委员会", text_score=0.97)
    assert FlagCode.SEAL_MISSING in codes(ImageEvidence(pages=1, seals=[jianzhi]))
    assert FlagCode.SEAL_MISSING not in codes(ImageEvidence(pages=1, seals=[jianzhi, SEAL]))

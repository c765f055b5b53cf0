"""Document schemas: check characters via python-stdnum, cross-field rules, contract JSON."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from stdnum.cn import ric, uscc

from mchverify.schemas import DOCUMENT_MODELS, DocType, all_fields, required_fields
from mchverify.schemas.documents import MchAssessmentCertificate, MedicalInstitutionLicense
from mchverify.schemas.extraction import ExtractionResult, FieldValue, FileError


def _id(birth: str = "19850312", seq: str = "004") -> str:
    body = "330106" + birth + seq
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a check slot


def _cert(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "王小明", "gender": "female", "birth_date": "1985-03-12", "id_number": _id(),
        "work_unit": "杭州市西湖区妇幼保健院", "categories": ["midwifery"],
        "certificate_number": "A1", "issuer": "杭州市卫生健康委员会", "issue_date": "2023-05-01",
    }
    base.update(over)
    return base


def test_valid_certificate() -> None:
    doc = MchAssessmentCertificate.model_validate(_cert())
    assert doc.categories[0].value == "midwifery"
    assert doc.valid_until is None


def test_bad_id_check_character_is_refused() -> None:
    good = _id()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="identity number"):
        MchAssessmentCertificate.model_validate(_cert(id_number=bad))


def test_birth_date_and_gender_must_agree_with_id() -> None:
    with pytest.raises(ValidationError, match="birth_date"):
        MchAssessmentCertificate.model_validate(_cert(birth_date="1985-03-13"))
    with pytest.raises(ValidationError, match="gender"):
        MchAssessmentCertificate.model_validate(_cert(gender="male"))  # 17th digit 4: female


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValidationError):
        MchAssessmentCertificate.model_validate(_cert(categories=["surgery"]))
    with pytest.raises(ValidationError):
        MchAssessmentCertificate.model_validate(_cert(extra_field="x"))


def test_uscc_check_character() -> None:
    body = "12330100470116614"
    code = body + uscc.calc_check_digit(body)
    base = {
        "institution_name": "杭州市妇产科医院", "institution_kind": "专科医院", "address": "某路1号",
        "principal": "赵六", "legal_representative": "赵六", "clinical_departments": ["妇产科"],
        "certificate_number": "42502101933010617A1002", "issuer": "杭州市卫生健康委员会",
        "issue_date": "2020-01-01", "valid_from": "2020-01-01", "valid_until": "2035-01-01",
    }
    assert MedicalInstitutionLicense.model_validate({**base, "uscc": code}).uscc == code
    wrong = body + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="social credit"):
        MedicalInstitutionLicense.model_validate({**base, "uscc": wrong})


def test_required_and_all_fields_follow_the_contract() -> None:
    assert set(DOCUMENT_MODELS) == set(DocType) - {DocType.OTHER}
    assert "valid_until" not in required_fields(DocType.MCH_ASSESSMENT_CERTIFICATE)
    assert "valid_until" in all_fields(DocType.MCH_ASSESSMENT_CERTIFICATE)
    assert "uscc" not in required_fields(DocType.MEDICAL_INSTITUTION_LICENSE)
    assert "last_validation_date" not in required_fields(DocType.MCH_PRACTICE_LICENSE)


def test_contract_json_of_results_and_errors() -> None:
    res = ExtractionResult(
        file="a.jpg", doc_type=DocType.MCH_TRAINING_CERTIFICATE,
        fields={"name": FieldValue(value="李华", confidence=0.97, page=1, box=(1, 2, 3, 4))},
    )
    out = res.contract_json()
    assert out["fields"] == {"name": "李华"} and out["confidence"] == {"name": 0.97}
    assert out["doc_type"] == "mch_training_certificate" and out["pages"] == 0
    err = FileError(file="b.jpg", error="empty file", code="empty").contract_json()
    assert err == {"file": "b.jpg", "error": "empty file", "code": "empty"}


def test_unknown_region_code_is_a_validation_error_not_a_crash() -> None:
    from mchverify.schemas.types import id_number_is_valid

    body = "33999919850312004"
    number = body + ric.calc_check_digit(body + "0")
    assert not id_number_is_valid(number)
    with pytest.raises(ValidationError, match="region"):
        MchAssessmentCertificate.model_validate(_cert(id_number=number))

"""Checks across one application's documents: consistency and the 补正 list (R8, R9)."""

from __future__ import annotations

from typing import Any

from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import ExtractionResult, FieldValue
from mchverify.schemas.verification import FlagCode
from mchverify.verification.bundle import bundle_flags

ID = "11010519491231002X"


def doc(doc_type: DocType, file: str = "a.jpg", /, **fields: Any) -> ExtractionResult:
    return ExtractionResult(file=file, doc_type=doc_type, fields={
        k: FieldValue(value=v, confidence=0.95, page=1) for k, v in fields.items()})


def person(doc_type: DocType, file: str, **over: Any) -> ExtractionResult:
    return doc(doc_type, file, **({"name": "王芳", "id_number": ID} | over))


def test_complete_personnel_application_has_no_bundle_flags() -> None:
    docs = [person(DocType.PHYSICIAN_PRACTICE_CERTIFICATE, "p.jpg"),
            person(DocType.MCH_TRAINING_CERTIFICATE, "t.jpg", categories=["midwifery"])]
    assert bundle_flags(docs) == []


def test_missing_training_certificate_is_listed_in_chinese() -> None:
    flags = bundle_flags([person(DocType.PHYSICIAN_PRACTICE_CERTIFICATE, "p.jpg")])
    assert [f.code for f in flags] == [FlagCode.MISSING_MATERIAL]
    assert "母婴保健服务技术培训合格证书" in flags[0].message
    assert flags[0].rule and "000" in flags[0].rule


def test_prenatal_diagnosis_needs_the_provincial_assessment_certificate() -> None:
    docs = [person(DocType.PROFESSIONAL_TITLE_CERTIFICATE, "t.jpg"),
            person(DocType.MCH_TRAINING_CERTIFICATE, "tr.jpg", categories=["prenatal_diagnosis"])]
    (flag,) = bundle_flags(docs)
    assert flag.code is FlagCode.MISSING_MATERIAL and "产前诊断" in flag.message
    docs.append(person(DocType.MCH_ASSESSMENT_CERTIFICATE, "a.jpg",
                       categories=["prenatal_diagnosis"]))
    assert bundle_flags(docs) == []


def test_another_persons_document_is_inconsistent() -> None:
    docs = [person(DocType.PHYSICIAN_PRACTICE_CERTIFICATE, "p.jpg"),
            person(DocType.MCH_TRAINING_CERTIFICATE, "t.jpg", name="王芬",
                   id_number="110105194912310037")]
    flags = bundle_flags(docs)
    assert [(f.code, f.fields) for f in flags] == [
        (FlagCode.BUNDLE_INCONSISTENT, ["id_number"]), (FlagCode.BUNDLE_INCONSISTENT, ["name"])]
    assert flags[0].evidence.read == {ID: ["p.jpg"], "110105194912310037": ["t.jpg"]}


def test_institution_application_needs_its_licence_and_qualified_staff() -> None:
    mch = doc(DocType.MCH_PRACTICE_LICENSE, "m.pdf", institution_name="杭州市西湖区妇幼保健院")
    (flag,) = bundle_flags([mch])
    assert flag.code is FlagCode.MISSING_MATERIAL
    assert "医疗机构执业许可证" in flag.message and "考核合格证书" in flag.message
    mil = doc(DocType.MEDICAL_INSTITUTION_LICENSE, "l.pdf", institution_name="杭州市西湖区妇幼保健院")
    staff = doc(DocType.PHYSICIAN_PRACTICE_CERTIFICATE, "s.jpg", name="王芳", id_number=ID,
                mch_annotation_categories=["midwifery"])
    assert bundle_flags([mch, mil, staff]) == []
    other = doc(DocType.MEDICAL_INSTITUTION_LICENSE, "o.pdf", institution_name="宁波市妇幼保健院")
    assert [f.code for f in bundle_flags([mch, other, staff])] == [FlagCode.BUNDLE_INCONSISTENT]

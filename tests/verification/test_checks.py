"""Each document check fires on its evidence and stays quiet without it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mchverify.extractors.normalize import normalize_identifier
from mchverify.schemas.codes import DocType, RegistryStatus
from mchverify.schemas.extraction import ExtractionResult, FieldValue, PageInfo, TextLine
from mchverify.schemas.registry import RegistryEntry
from mchverify.schemas.verification import FlagCode, Severity
from mchverify.verification.checks import add_years, run_checks

AS_OF = dt.date(2026, 10, 30)
ID = "11010519491231002X"  # female, born 1949-12-31


class DictRegistry:
    """The adapter interface over a list (the SQL one is tested in tests/storage)."""

    def __init__(self, *entries: RegistryEntry) -> None:
        self.entries = list(entries)

    def lookup(self, doc_type: DocType, certificate_number: str) -> RegistryEntry | None:
        key = normalize_identifier(certificate_number)
        return next((e for e in self.entries if e.doc_type is doc_type
                     and normalize_identifier(e.certificate_number) == key), None)

    def licences_of(self, institution_name: str) -> list[RegistryEntry]:
        return [e for e in self.entries if e.fields.get("institution_name") == institution_name]

    def records_of_person(self, id_number: str) -> list[RegistryEntry]:
        return [e for e in self.entries if e.fields.get("id_number") == id_number]


def doc(doc_type: DocType, **fields: Any) -> ExtractionResult:
    page = PageInfo(number=1, source="ocr", width=100, height=100,
                    lines=[TextLine(text="x", box=(0, 0, 1, 1))])
    return ExtractionResult(file="f.jpg", doc_type=doc_type, pages=[page], fields={
        k: FieldValue(value=v, confidence=0.95, page=1, box=(10, 20, 30, 40))
        for k, v in fields.items()})


ASSESSMENT = {"name": "王芳", "gender": "female", "birth_date": "1949-12-31", "id_number": ID,
                  "work_unit": "杭州市西湖区妇幼保健院", "categories": ["midwifery"],
                  "certificate_number": "杭考001", "issuer": "杭州市西湖区卫生健康局",
                  "issue_date": "2025-03-05", "valid_until": "2028-03-04"}
LICENCE = {"institution_name": "杭州市西湖区妇幼保健院", "address": "浙江省杭州市西湖区文三路88号",
               "legal_representative": "李明", "licensed_items": ["midwifery"], "certificate_number": "许001",
               "issuer": "杭州市西湖区卫生健康局", "issue_date": "2025-01-10", "valid_until": "2030-01-09"}


def entry(doc_type: DocType, fields: dict[str, Any], **kw: Any) -> RegistryEntry:
    return RegistryEntry(doc_type=doc_type, certificate_number=fields["certificate_number"],
                         status=kw.pop("status", RegistryStatus.ACTIVE),
                         fields={k: v for k, v in fields.items() if k != "certificate_number"}
                         | {"certificate_number": fields["certificate_number"]}, **kw)


def registry(**over: Any) -> DictRegistry:
    return DictRegistry(
        entry(DocType.MCH_ASSESSMENT_CERTIFICATE, ASSESSMENT,
              training_dates=[dt.date(2025, 9, 1)]),
        entry(DocType.MCH_PRACTICE_LICENSE, LICENCE, validation_dates=[]), **over)


def codes(result: ExtractionResult, reg: DictRegistry | None = None,
          as_of: dt.date = AS_OF) -> list[FlagCode]:
    return [f.code for f in run_checks(result, as_of=as_of, registry=reg)]


def test_clean_documents_raise_nothing() -> None:
    assert codes(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT), registry()) == []
    assert codes(doc(DocType.MCH_PRACTICE_LICENSE, **LICENCE), registry()) == []


def test_unreadable_and_unknown_stop_the_checks() -> None:
    blank = ExtractionResult(file="b.png", doc_type=DocType.OTHER,
                             pages=[PageInfo(number=1, source="ocr", width=9, height=9)])
    assert codes(blank) == [FlagCode.UNREADABLE]
    assert codes(doc(DocType.OTHER)) == [FlagCode.UNKNOWN_DOC_TYPE]


def test_missing_required_field_is_low_confidence() -> None:
    fields = {k: v for k, v in ASSESSMENT.items() if k != "issuer"}
    flags = run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **fields), as_of=AS_OF)
    assert [f.code for f in flags] == [FlagCode.LOW_CONFIDENCE]
    assert flags[0].fields == ["issuer"] and flags[0].severity is Severity.REVIEW


def _weak(result: ExtractionResult, name: str, value: Any) -> ExtractionResult:
    fv = result.fields[name].model_copy(update={"value": value, "confidence": 0.3})
    return result.model_copy(update={"fields": {**result.fields, name: fv}})


@pytest.mark.parametrize("name", ["issue_date", "categories", "issuer"])
def test_weak_read_the_registry_corroborates_is_not_low_confidence(name: str) -> None:
    weak = _weak(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT), name, ASSESSMENT[name])
    assert codes(weak, registry()) == []
    # without a registry, or when its record says otherwise, the reviewer is asked
    assert codes(weak) == [FlagCode.LOW_CONFIDENCE]
    other = {"issue_date": "2025-03-06", "categories": ["midwifery", "ligation"],
             "issuer": "杭州市上城区卫生健康局"}[name]
    got = run_checks(_weak(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT), name, other),
                     as_of=AS_OF, registry=registry())
    # …to read it, shown the record's value: an unsure read that differs is no difference
    # beyond OCR noise (a REGISTRY_MISMATCH would reject a clean copy whose seal hid a digit)
    assert FlagCode.REGISTRY_MISMATCH not in {f.code for f in got}
    weak_flag = next(f for f in got if f.code is FlagCode.LOW_CONFIDENCE)
    assert weak_flag.fields == [name] and weak_flag.severity is Severity.REVIEW
    assert weak_flag.evidence.read == {name: other}
    assert weak_flag.evidence.expected == {name: ASSESSMENT[name]}


def test_a_sure_read_that_differs_from_the_record_is_still_a_mismatch() -> None:
    got = run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE,
                         **(ASSESSMENT | {"issue_date": "2025-03-06"})),
                     as_of=AS_OF, registry=registry())
    assert [f.code for f in got] == [FlagCode.REGISTRY_MISMATCH]


def test_bad_check_characters() -> None:
    got = codes(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **(ASSESSMENT | {"id_number": ID[:-1] + "1"})))
    assert FlagCode.CHECKSUM_INVALID in got
    mil = doc(DocType.MEDICAL_INSTITUTION_LICENSE, uscc="12330106MB00000001")
    assert FlagCode.CHECKSUM_INVALID in codes(mil)


def test_birth_date_and_gender_must_agree_with_the_id() -> None:
    flags = run_checks(doc(DocType.MCH_ASSESSMENT_CERTIFICATE,
                           **(ASSESSMENT | {"birth_date": "1949-12-30", "gender": "male"})),
                       as_of=AS_OF)
    bad = [f for f in flags if f.code is FlagCode.ID_FIELDS_INCONSISTENT]
    assert [f.fields[0] for f in bad] == ["birth_date", "gender"]
    assert bad[0].evidence.expected == "1949-12-31"
    assert bad[0].evidence.box == (10, 20, 30, 40)


def test_implausible_dates() -> None:
    future = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **(ASSESSMENT | {"issue_date": "2027-01-01",
                                                                     "valid_until": "2030-01-01"}))
    assert FlagCode.DATE_IMPLAUSIBLE in codes(future)
    minor = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **(ASSESSMENT | {"issue_date": "1960-01-01",
                                                                    "valid_until": "2030-01-01"}))
    assert FlagCode.DATE_IMPLAUSIBLE in codes(minor)


def test_expiry_is_judged_as_of_a_date() -> None:
    d = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT)
    assert FlagCode.EXPIRED not in codes(d, as_of=dt.date(2028, 3, 4))
    assert FlagCode.EXPIRED in codes(d, as_of=dt.date(2028, 3, 5))


def test_registry_absent_revoked_and_mismatched() -> None:
    other = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **(ASSESSMENT | {"certificate_number": "杭考999"}))
    assert codes(other, registry()) == [FlagCode.NOT_IN_REGISTRY]
    revoked = DictRegistry(entry(DocType.MCH_ASSESSMENT_CERTIFICATE, ASSESSMENT,
                                 status=RegistryStatus.REVOKED, training_dates=[dt.date(2025, 9, 1)]))
    assert FlagCode.REVOKED in codes(doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT), revoked)
    renamed = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **(ASSESSMENT | {"name": "王芬"}))
    flags = run_checks(renamed, as_of=AS_OF, registry=registry())
    assert [(f.code, f.evidence.read, f.evidence.expected) for f in flags] == [
        (FlagCode.REGISTRY_MISMATCH, "王芬", "王芳")]


@pytest.mark.parametrize(
    ("issuer", "categories", "fires"),
    [
        ("杭州市西湖区卫生健康局", ["prenatal_diagnosis"], True),  # R1: province only
        ("浙江省卫生健康委员会", ["prenatal_diagnosis"], False),
        ("杭州市西湖区卫生健康局", ["premarital_exam"], True),  # city or above
        ("杭州市卫生健康委员会", ["premarital_exam"], False),
        ("义乌市卫生健康局", ["midwifery"], False),  # county is enough
        ("鲁木齐市卫生健康委员会", ["genetic_diagnosis"], False),  # unknown level: no judgement
    ],
)
def test_r1_personnel_issuer_level(issuer: str, categories: list[str], fires: bool) -> None:
    d = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **(ASSESSMENT | {"issuer": issuer,
                                                                "categories": categories}))
    flags = [f for f in run_checks(d, as_of=AS_OF) if f.code is FlagCode.ISSUER_NOT_AUTHORIZED]
    assert bool(flags) is fires
    if fires:
        assert flags[0].rule and "第十六条" in flags[0].rule


@pytest.mark.parametrize(
    ("issue_date", "items", "fires"),
    [
        ("2020-05-01", ["premarital_exam"], True),  # county approval before the 2021 reform
        ("2022-05-01", ["premarital_exam"], False),
        ("2022-05-01", ["genetic_diagnosis"], True),
        ("2022-05-01", ["prenatal_diagnosis"], True),  # city at least
    ],
)
def test_r2_licence_approval_level(issue_date: str, items: list[str], fires: bool) -> None:
    d = doc(DocType.MCH_PRACTICE_LICENSE, **(LICENCE | {"issue_date": issue_date,
                                                       "licensed_items": items}))
    assert (FlagCode.ISSUER_NOT_AUTHORIZED in codes(d, as_of=dt.date(2023, 1, 1))) is fires


@pytest.mark.parametrize(
    ("institution", "issuer", "fires"),
    [
        ("江苏省第二人民医院", "南京市卫生健康委员会", True),  # provincial institution: province
        ("江苏省第二人民医院", "江苏省卫生健康委员会", False),
        ("南京市妇幼保健院", "南京市卫生健康委员会", False),  # below provincial level: city
        ("南京市秦淮区妇幼保健院", "南京市卫生健康委员会", False),
        ("南京市秦淮区妇幼保健院", "南京市秦淮区卫生健康局", True),
    ],
)
def test_r2_prenatal_diagnosis_at_a_provincial_institution(institution: str, issuer: str,
                                                          fires: bool) -> None:
    """Regression (bench seed 2026, doc0317): 002 第十二条 — a provincial institution's
    prenatal diagnosis licence is the province's to approve, a lower one's the city's."""
    d = doc(DocType.MCH_PRACTICE_LICENSE, **(LICENCE | {
        "institution_name": institution, "issuer": issuer, "issue_date": "2022-05-01",
        "licensed_items": ["prenatal_diagnosis", "prenatal_screening"]}))
    flags = [f for f in run_checks(d, as_of=dt.date(2023, 1, 1))
             if f.code is FlagCode.ISSUER_NOT_AUTHORIZED]
    assert bool(flags) is fires
    if fires:
        assert flags[0].rule and "第十二条" in flags[0].rule


def test_r3_revalidation_every_three_years() -> None:
    d = doc(DocType.MCH_PRACTICE_LICENSE, **LICENCE)
    assert FlagCode.REVALIDATION_OVERDUE not in codes(d, as_of=dt.date(2028, 1, 10))
    assert FlagCode.REVALIDATION_OVERDUE in codes(d, as_of=dt.date(2028, 1, 11))
    validated = doc(DocType.MCH_PRACTICE_LICENSE, **(LICENCE | {"last_validation_date": "2027-12-01"}))
    assert FlagCode.REVALIDATION_OVERDUE not in codes(validated, as_of=dt.date(2029, 1, 11))


def test_r4_family_planning_licence() -> None:
    fp = {"institution_name": "某区计划生育服务站", "address": "某地", "legal_representative": "赵六",
              "service_items": ["结扎"], "certificate_number": "计001", "issuer": "杭州市西湖区卫生健康局"}
    old = doc(DocType.FAMILY_PLANNING_LICENSE, **fp, issue_date="2018-01-01", valid_until="2023-01-01")
    assert FlagCode.LICENSE_TYPE_ABOLISHED not in codes(old, as_of=dt.date(2020, 6, 1))
    assert FlagCode.LICENSE_TYPE_ABOLISHED in codes(old, as_of=dt.date(2024, 6, 1))
    new = doc(DocType.FAMILY_PLANNING_LICENSE, **fp, issue_date="2021-08-01", valid_until="2026-12-01")
    assert FlagCode.LICENSE_TYPE_ABOLISHED in codes(new, as_of=dt.date(2022, 1, 1))


def test_r5_clinics_may_not_hold_surgical_items() -> None:
    clinic = LICENCE | {"institution_name": "杭州市西湖区某某门诊部", "licensed_items": ["ligation"]}
    assert FlagCode.CLINIC_RESTRICTED_ITEM in codes(doc(DocType.MCH_PRACTICE_LICENSE, **clinic))
    hospital = LICENCE | {"licensed_items": ["ligation"]}
    assert FlagCode.CLINIC_RESTRICTED_ITEM not in codes(doc(DocType.MCH_PRACTICE_LICENSE, **hospital))


def test_r6_category_must_be_licensed_at_the_work_unit() -> None:
    d = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **(ASSESSMENT | {"categories": ["midwifery", "ligation"]}))
    reg = registry()
    reg.entries[0] = entry(DocType.MCH_ASSESSMENT_CERTIFICATE,
                           ASSESSMENT | {"categories": ["midwifery", "ligation"]},
                           training_dates=[dt.date(2025, 9, 1)])
    flags = [f for f in run_checks(d, as_of=AS_OF, registry=reg)
             if f.code is FlagCode.CATEGORY_NOT_LICENSED]
    assert len(flags) == 1 and flags[0].evidence.read == ["ligation"]
    assert FlagCode.CATEGORY_NOT_LICENSED not in codes(doc(DocType.MCH_ASSESSMENT_CERTIFICATE,
                                                           **ASSESSMENT), registry())


def test_r7_training_every_two_years() -> None:
    d = doc(DocType.MCH_ASSESSMENT_CERTIFICATE, **ASSESSMENT)
    assert FlagCode.TRAINING_OVERDUE not in codes(d, registry(), as_of=dt.date(2027, 9, 1))
    assert FlagCode.TRAINING_OVERDUE in codes(d, registry(), as_of=dt.date(2027, 9, 2))


def test_add_years_on_a_leap_day() -> None:
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)

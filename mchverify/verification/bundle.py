"""Checks across the documents of one application (domain.md §3: BUNDLE_INCONSISTENT,
MISSING_MATERIAL per R8 and R9). The missing list is said in Chinese, as a 补正 notice."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from mchverify.schemas.codes import LICENCE_TYPES, ZH, Category, DocType
from mchverify.schemas.extraction import ExtractionResult
from mchverify.schemas.verification import Evidence, Flag, FlagCode
from mchverify.verification import rules as R
from mchverify.verification.crosscheck import compare_field

__all__ = ["bundle_flags", "is_institution_application"]

_PHYSICIAN = {DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE}


def is_institution_application(docs: list[ExtractionResult]) -> bool:
    """An institution applies with its 医疗机构执业许可证 (or an MCH licence to re-validate);
    a person applies with personal certificates only."""
    return any(d.doc_type in LICENCE_TYPES for d in docs)


def _flag(code: FlagCode, message: str, fields: list[str], rule_id: str | None = None,
          **evidence: Any) -> Flag:
    return Flag(code=code, severity=R.FLAG_SEVERITY[code], fields=fields, message=message,
                evidence=Evidence(**evidence), rule=R.rule(rule_id).citation if rule_id else None)


def _disagreements(docs: list[ExtractionResult], field: str) -> dict[str, list[str]]:
    """Distinct values of a field across the documents (look-alike tolerance per field),
    each with the files that print it; one entry means they agree."""
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        fv = d.fields.get(field)
        if fv is None or not fv.value:
            continue
        value = str(fv.value)
        same = next((g for g in groups if compare_field(field, value, g) is None), None)
        groups[same if same is not None else value].append(d.file)
    return dict(groups)


def _consistency(docs: list[ExtractionResult], institution: bool) -> list[Flag]:
    out = []
    fields = ("institution_name",) if institution else ("id_number", "name")
    for field in fields:
        groups = _disagreements(docs, field)
        if len(groups) > 1:
            what = {"id_number": "公民身份号码", "name": "姓名", "institution_name": "机构名称"}[field]
            out.append(_flag(FlagCode.BUNDLE_INCONSISTENT,
                             f"同一申请的材料中{what}不一致：{' / '.join(groups)}", [field],
                             read=groups))
    return out


def _categories(docs: list[ExtractionResult], *types: DocType) -> set[Category]:
    cats: set[Category] = set()
    for d in docs:
        if d.doc_type in types:
            for name in ("categories", "mch_annotation_categories"):
                fv = d.fields.get(name)
                for v in (fv.value if fv is not None and isinstance(fv.value, list) else []):
                    try:
                        cats.add(Category(v))
                    except ValueError:
                        continue
    return cats


def _missing_personnel(docs: list[ExtractionResult]) -> list[str]:
    """R8: a physician's or a title certificate; the training certificate; for prenatal
    diagnosis the provincial assessment certificate."""
    types = {d.doc_type for d in docs}
    missing = []
    if not types & (_PHYSICIAN | {DocType.PROFESSIONAL_TITLE_CERTIFICATE}):
        missing.append("医师资格证书或医师执业证书（医技、辅助人员提供专业技术资格证书）")
    if DocType.MCH_TRAINING_CERTIFICATE not in types:
        missing.append(ZH[DocType.MCH_TRAINING_CERTIFICATE])
    wanted = _categories(docs, DocType.MCH_TRAINING_CERTIFICATE, DocType.MCH_ASSESSMENT_CERTIFICATE)
    if Category.PRENATAL_DIAGNOSIS in wanted and DocType.MCH_ASSESSMENT_CERTIFICATE not in types:
        missing.append("省级卫生健康行政部门颁发的产前诊断《母婴保健技术考核合格证书》")
    return missing


def _missing_institution(docs: list[ExtractionResult]) -> list[str]:
    """R9: the 医疗机构执业许可证; for the staff, an assessment certificate or a physician's
    practice certificate annotated with MCH categories."""
    types = {d.doc_type for d in docs}
    missing = []
    if DocType.MEDICAL_INSTITUTION_LICENSE not in types:
        missing.append(ZH[DocType.MEDICAL_INSTITUTION_LICENSE])
    annotated = _categories(docs, DocType.PHYSICIAN_PRACTICE_CERTIFICATE)
    if DocType.MCH_ASSESSMENT_CERTIFICATE not in types and not annotated:
        missing.append("技术人员的《母婴保健技术考核合格证书》或加注母婴保健技术类别的《医师执业证书》")
    return missing


def bundle_flags(docs: list[ExtractionResult], *, institution: bool | None = None,
                 ) -> list[Flag]:
    """Flags of the application as a whole (documents' own flags are not repeated).

    `institution` is the kind the intake clerk chose; None: judged from the documents."""
    readable = [d for d in docs if d.doc_type is not DocType.OTHER]
    if institution is None:
        institution = is_institution_application(readable)
    out = _consistency(readable, institution)
    missing = _missing_institution(readable) if institution else _missing_personnel(readable)
    if missing:
        notice = "；".join(f"{i}. {m}" for i, m in enumerate(missing, 1))
        out.append(_flag(FlagCode.MISSING_MATERIAL, f"请补正以下材料：{notice}", [],
                         "R9" if institution else "R8", read=sorted(d.doc_type.value for d in docs),
                         expected=missing))
    return out

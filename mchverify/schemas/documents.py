"""One pydantic model per document type (domain.md §2); field names are the contract's."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator
from stdnum.cn import ric

from mchverify.schemas.codes import (
    Category,
    DocType,
    Gender,
    PhysicianLevel,
    PracticeCategory,
    TitleLevel,
)
from mchverify.schemas.types import IdNumber, IsoDate, Uscc

__all__ = [
    "DOCUMENT_MODELS",
    "AnyDocument",
    "DocumentBase",
    "FamilyPlanningLicense",
    "MchAssessmentCertificate",
    "MchPracticeLicense",
    "MchTrainingCertificate",
    "MedicalInstitutionLicense",
    "PhysicianPracticeCertificate",
    "PhysicianQualificationCertificate",
    "ProfessionalTitleCertificate",
    "all_fields",
    "required_fields",
]


class DocumentBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    certificate_number: str
    issuer: str
    issue_date: IsoDate


class _Person(DocumentBase):
    """A personal document: the printed birth date and gender must agree with the ID number."""

    name: str
    id_number: IdNumber

    @model_validator(mode="after")
    def _id_agrees(self) -> _Person:
        birth: dt.date | None = getattr(self, "birth_date", None)
        gender: Gender | None = getattr(self, "gender", None)
        if birth is not None and ric.get_birth_date(self.id_number) != birth:
            raise ValueError("birth_date disagrees with id_number")
        if gender is not None:
            odd = int(self.id_number[16]) % 2 == 1
            if odd != (gender == Gender.MALE):
                raise ValueError("gender disagrees with id_number")
        return self


class MchAssessmentCertificate(_Person):
    doc_type: Literal[DocType.MCH_ASSESSMENT_CERTIFICATE] = DocType.MCH_ASSESSMENT_CERTIFICATE
    gender: Gender
    birth_date: IsoDate
    work_unit: str
    categories: list[Category]
    valid_until: IsoDate | None = None


class MchPracticeLicense(DocumentBase):
    doc_type: Literal[DocType.MCH_PRACTICE_LICENSE] = DocType.MCH_PRACTICE_LICENSE
    institution_name: str
    address: str
    legal_representative: str
    licensed_items: list[Category]
    valid_until: IsoDate
    last_validation_date: IsoDate | None = None


class MedicalInstitutionLicense(DocumentBase):
    doc_type: Literal[DocType.MEDICAL_INSTITUTION_LICENSE] = DocType.MEDICAL_INSTITUTION_LICENSE
    institution_name: str
    institution_kind: str
    address: str
    principal: str
    legal_representative: str
    uscc: Uscc | None = None
    clinical_departments: list[str]
    valid_from: IsoDate
    valid_until: IsoDate


class PhysicianPracticeCertificate(_Person):
    doc_type: Literal[DocType.PHYSICIAN_PRACTICE_CERTIFICATE] = (
        DocType.PHYSICIAN_PRACTICE_CERTIFICATE
    )
    gender: Gender
    birth_date: IsoDate
    physician_level: PhysicianLevel
    practice_category: PracticeCategory
    practice_scope: str
    practice_institution: str
    mch_annotation_categories: list[Category] | None = None


class PhysicianQualificationCertificate(_Person):
    doc_type: Literal[DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE] = (
        DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE
    )
    gender: Gender
    birth_date: IsoDate
    physician_level: PhysicianLevel
    practice_category: PracticeCategory


class ProfessionalTitleCertificate(_Person):
    doc_type: Literal[DocType.PROFESSIONAL_TITLE_CERTIFICATE] = (
        DocType.PROFESSIONAL_TITLE_CERTIFICATE
    )
    gender: Gender
    birth_date: IsoDate
    work_unit: str
    specialty: str
    title_name: str
    title_level: TitleLevel


class MchTrainingCertificate(_Person):
    doc_type: Literal[DocType.MCH_TRAINING_CERTIFICATE] = DocType.MCH_TRAINING_CERTIFICATE
    work_unit: str
    categories: list[Category]


class FamilyPlanningLicense(DocumentBase):
    doc_type: Literal[DocType.FAMILY_PLANNING_LICENSE] = DocType.FAMILY_PLANNING_LICENSE
    institution_name: str
    address: str
    legal_representative: str
    service_items: list[str]
    valid_until: IsoDate


DOCUMENT_MODELS: dict[DocType, type[DocumentBase]] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: MchAssessmentCertificate,
    DocType.MCH_PRACTICE_LICENSE: MchPracticeLicense,
    DocType.MEDICAL_INSTITUTION_LICENSE: MedicalInstitutionLicense,
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: PhysicianPracticeCertificate,
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: PhysicianQualificationCertificate,
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: ProfessionalTitleCertificate,
    DocType.MCH_TRAINING_CERTIFICATE: MchTrainingCertificate,
    DocType.FAMILY_PLANNING_LICENSE: FamilyPlanningLicense,
}

AnyDocument = (
    MchAssessmentCertificate
    | MchPracticeLicense
    | MedicalInstitutionLicense
    | PhysicianPracticeCertificate
    | PhysicianQualificationCertificate
    | ProfessionalTitleCertificate
    | MchTrainingCertificate
    | FamilyPlanningLicense
)


def required_fields(doc_type: DocType) -> list[str]:
    """Fields a document of this type must print (the `?` fields of §2 excluded); none for
    an `other` document (stored with its text, not field-extracted)."""
    model = DOCUMENT_MODELS.get(doc_type)
    if model is None:
        return []
    return [n for n, f in model.model_fields.items() if f.is_required() and n != "doc_type"]


def all_fields(doc_type: DocType) -> list[str]:
    """Every contract field of the type, optional ones included, in declaration order; none
    for an `other` document."""
    model = DOCUMENT_MODELS.get(doc_type)
    return [n for n in model.model_fields if n != "doc_type"] if model is not None else []

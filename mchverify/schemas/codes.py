"""The coded values of the contract (domain.md §2) and their printed Chinese names."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "FIELD_ZH",
    "LICENCE_TYPES",
    "PERSONNEL_TYPES",
    "ZH",
    "Category",
    "DocType",
    "Gender",
    "IssuerLevel",
    "PhysicianLevel",
    "PracticeCategory",
    "RegistryStatus",
    "TitleLevel",
]


class DocType(StrEnum):
    MCH_ASSESSMENT_CERTIFICATE = "mch_assessment_certificate"
    MCH_PRACTICE_LICENSE = "mch_practice_license"
    MEDICAL_INSTITUTION_LICENSE = "medical_institution_license"
    PHYSICIAN_PRACTICE_CERTIFICATE = "physician_practice_certificate"
    PHYSICIAN_QUALIFICATION_CERTIFICATE = "physician_qualification_certificate"
    PROFESSIONAL_TITLE_CERTIFICATE = "professional_title_certificate"
    MCH_TRAINING_CERTIFICATE = "mch_training_certificate"
    FAMILY_PLANNING_LICENSE = "family_planning_license"
    OTHER = "other"


class IssuerLevel(StrEnum):
    """Administrative level of an issuing authority, from its name (domain.md §2)."""

    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """Higher is more senior; unknown ranks below every real level."""
        return {"national": 4, "province": 3, "city": 2, "county": 1}.get(self.value, 0)


class RegistryStatus(StrEnum):
    """A registry record's standing with its issuing authority (domain.md §4)."""

    ACTIVE = "active"
    REVOKED = "revoked"
    SUSPENDED = "suspended"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Category(StrEnum):
    """Technology categories of the Maternal and Infant Health Care Law."""

    PREMARITAL_EXAM = "premarital_exam"
    GENETIC_DIAGNOSIS = "genetic_diagnosis"
    PRENATAL_DIAGNOSIS = "prenatal_diagnosis"
    PRENATAL_SCREENING = "prenatal_screening"
    MIDWIFERY = "midwifery"
    LIGATION = "ligation"
    PREGNANCY_TERMINATION = "pregnancy_termination"
    HOME_DELIVERY = "home_delivery"


class PhysicianLevel(StrEnum):
    PHYSICIAN = "physician"
    ASSISTANT_PHYSICIAN = "assistant_physician"


class PracticeCategory(StrEnum):
    CLINICAL = "clinical"
    TCM = "tcm"
    DENTAL = "dental"
    PUBLIC_HEALTH = "public_health"


class TitleLevel(StrEnum):
    JUNIOR = "junior"
    INTERMEDIATE = "intermediate"
    ASSOCIATE_SENIOR = "associate_senior"
    SENIOR = "senior"


#: The printed Chinese of every code: the one table renderers and parsers share.
#: Documents about a person (their registry rows carry training dates) and licences of an
#: institution (theirs carry validation dates).
PERSONNEL_TYPES = frozenset({
    DocType.MCH_ASSESSMENT_CERTIFICATE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE, DocType.PROFESSIONAL_TITLE_CERTIFICATE,
    DocType.MCH_TRAINING_CERTIFICATE,
})
LICENCE_TYPES = frozenset({
    DocType.MCH_PRACTICE_LICENSE, DocType.MEDICAL_INSTITUTION_LICENSE,
    DocType.FAMILY_PLANNING_LICENSE,
})

ZH: dict[StrEnum, str] = {
    IssuerLevel.NATIONAL: "国家",
    IssuerLevel.PROVINCE: "省",
    IssuerLevel.CITY: "市",
    IssuerLevel.COUNTY: "县",
    IssuerLevel.UNKNOWN: "未知",
    DocType.MCH_ASSESSMENT_CERTIFICATE: "母婴保健技术考核合格证书",
    DocType.MCH_PRACTICE_LICENSE: "母婴保健技术服务执业许可证",
    DocType.MEDICAL_INSTITUTION_LICENSE: "医疗机构执业许可证",
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: "医师执业证书",
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: "医师资格证书",
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: "专业技术资格证书",
    DocType.MCH_TRAINING_CERTIFICATE: "母婴保健服务技术培训合格证书",
    DocType.FAMILY_PLANNING_LICENSE: "计划生育技术服务机构执业许可证",
    Gender.MALE: "男",
    Gender.FEMALE: "女",
    Category.PREMARITAL_EXAM: "婚前医学检查",
    Category.GENETIC_DIAGNOSIS: "遗传病诊断",
    Category.PRENATAL_DIAGNOSIS: "产前诊断",
    Category.PRENATAL_SCREENING: "产前筛查",
    Category.MIDWIFERY: "助产技术",
    Category.LIGATION: "结扎手术",
    Category.PREGNANCY_TERMINATION: "终止妊娠手术",
    Category.HOME_DELIVERY: "家庭接生",
    PhysicianLevel.PHYSICIAN: "执业医师",
    PhysicianLevel.ASSISTANT_PHYSICIAN: "执业助理医师",
    PracticeCategory.CLINICAL: "临床",
    PracticeCategory.TCM: "中医",
    PracticeCategory.DENTAL: "口腔",
    PracticeCategory.PUBLIC_HEALTH: "公共卫生",
    TitleLevel.JUNIOR: "初级",
    TitleLevel.INTERMEDIATE: "中级",
    TitleLevel.ASSOCIATE_SENIOR: "副高级",
    TitleLevel.SENIOR: "正高级",
}

#: How the interface names each contract field to its users.
FIELD_ZH: dict[str, str] = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "id_number": "公民身份号码",
    "work_unit": "工作单位", "categories": "考核项目", "certificate_number": "证书编号",
    "issuer": "发证机关", "issue_date": "发证日期", "valid_until": "有效期至",
    "institution_name": "机构名称", "address": "地址", "legal_representative": "法定代表人",
    "licensed_items": "许可项目", "last_validation_date": "最近校验日期",
    "institution_kind": "机构类别", "principal": "主要负责人", "uscc": "统一社会信用代码",
    "clinical_departments": "诊疗科目", "valid_from": "有效期自", "physician_level": "医师级别",
    "practice_category": "执业类别", "practice_scope": "执业范围",
    "practice_institution": "执业地点", "mch_annotation_categories": "母婴保健技术加注项目",
    "specialty": "专业", "title_name": "资格名称", "title_level": "资格级别",
    "service_items": "服务项目",
}

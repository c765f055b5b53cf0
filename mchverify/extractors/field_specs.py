"""Which fields each document type prints, under which label variants, parsed how.

Data, not code: a new label variant seen on a real document is a one-line diff here.
Labels are written without spaces and with ASCII brackets; the parser tolerates spaced-out
labels (姓　　名) and reads fullwidth brackets as ASCII ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from mchverify.schemas.codes import DocType

__all__ = [
    "DOC_SPECS", "ISSUER_SUFFIXES", "LABEL_NOT_BEFORE", "NATIONAL_AUTHORITIES", "OTHER_LABELS", "PRINTER_MARKS",
    "SHORT_VALUE_LABELS", "TITLES", "FieldSpec", "Kind", "label_variants",
]


class Kind(StrEnum):
    TEXT = "text"
    NAME = "name"
    DATE = "date"
    VALID_UNTIL = "valid_until"
    VALID_FROM = "valid_from"
    GENDER = "gender"
    ID_NUMBER = "id_number"
    USCC = "uscc"
    IDENTIFIER = "identifier"
    ISSUER = "issuer"
    CATEGORIES = "categories"
    LIST = "list"
    DEPARTMENTS = "departments"
    PHYSICIAN_LEVEL = "physician_level"
    PRACTICE_CATEGORY = "practice_category"
    TITLE_LEVEL = "title_level"
    PRACTICE_SCOPE = "practice_scope"
    INSTITUTION_KIND = "institution_kind"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    labels: tuple[str, ...]
    required: bool = True


def label_variants(label: str) -> tuple[str, ...]:
    """A label with a bracketed part (发证(批准)机关) as printed, with the brackets lost by OCR,
    and without the part: the finder takes the longest, so no piece is left in the value."""
    m = re.fullmatch(r"(.*)\((.+)\)(.*)", label)
    if m is None:
        return (label,)
    head, inner, tail = m.groups()
    return (label, head + inner + tail, head + tail)


def _f(name: str, kind: Kind, *labels: str, required: bool = True) -> FieldSpec:
    variants = dict.fromkeys(v for label in labels for v in label_variants(label))
    return FieldSpec(name, kind, tuple(variants), required)


_NAME = _f("name", Kind.NAME, "姓名")
_GENDER = _f("gender", Kind.GENDER, "性别")
_BIRTH = _f("birth_date", Kind.DATE, "出生年月日", "出生日期", "出生年月")
_ID = _f("id_number", Kind.ID_NUMBER, "公民身份号码", "身份证件号码", "身份证号码", "身份证号",
         "证件号码")
_WORK_UNIT = _f("work_unit", Kind.TEXT, "工作单位名称", "工作单位", "所在单位", "单位名称", "单位")
_CERT_NO = _f("certificate_number", Kind.IDENTIFIER, "资格证书编码", "执业证书编码", "证书编号",
              "证书编码", "许可证编号", "证书号码", "编号", "证号", "编码")
_ISSUER = _f("issuer", Kind.ISSUER, "发证(批准)机关", "发证(签发)机关", "发证机关", "颁发机关",
             "发证单位", "发证部门", "签发机关", "审批机关", "批准机关", "发证机构")
_ISSUE_DATE = _f("issue_date", Kind.DATE, "发证(批准)日期", "发证日期", "签发日期", "颁证日期",
                 "发证时间", "批准日期", "签发时间", "颁发日期", "取得时间", "取得日期",
                 "批准时间")
_VALID_UNTIL = _f("valid_until", Kind.VALID_UNTIL, "注册有效期至", "有效期至", "有效期限",
                  "有效日期", "有效期")
_INST_NAME = _f("institution_name", Kind.TEXT, "医疗机构名称", "机构名称", "单位名称", "名称")
_ADDRESS = _f("address", Kind.TEXT, "机构地址", "地址", "住所")
_LEGAL = _f("legal_representative", Kind.NAME, "法定代表人(负责人)", "法定代表人", "法人代表")
_CATEGORIES = _f("categories", Kind.CATEGORIES, "考核项目", "技术类别", "合格项目", "培训项目",
                 "考核类别", "准予从事", "技术项目", "培训类别")

DOC_SPECS: dict[DocType, tuple[FieldSpec, ...]] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: (
        _NAME, _GENDER, _BIRTH, _ID, _WORK_UNIT, _CATEGORIES, _CERT_NO, _ISSUER, _ISSUE_DATE,
        _f("valid_until", Kind.VALID_UNTIL, *_VALID_UNTIL.labels, required=False),
    ),
    DocType.MCH_PRACTICE_LICENSE: (
        _INST_NAME, _ADDRESS, _LEGAL,
        _f("licensed_items", Kind.CATEGORIES, "技术服务项目", "许可项目", "许可范围", "核准项目",
           "服务项目"),
        _CERT_NO, _ISSUER, _ISSUE_DATE, _VALID_UNTIL,
        _f("last_validation_date", Kind.DATE, "最近校验日期", "校验日期", "校验记录", "校验时间",
           required=False),
    ),
    DocType.MEDICAL_INSTITUTION_LICENSE: (
        _INST_NAME,
        _f("institution_kind", Kind.INSTITUTION_KIND, "机构类别", "类别"),
        _ADDRESS,
        _f("principal", Kind.NAME, "主要负责人", "负责人"),
        _LEGAL,
        _f("uscc", Kind.USCC, "统一社会信用代码", "社会信用代码", required=False),
        _f("clinical_departments", Kind.DEPARTMENTS, "诊疗科目"),
        _f("certificate_number", Kind.IDENTIFIER, "登记号", "登记号码", *_CERT_NO.labels),
        _ISSUER, _ISSUE_DATE,
        _f("valid_from", Kind.VALID_FROM, "有效期限", "有效期"),
        _VALID_UNTIL,
    ),
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: (
        _NAME, _GENDER, _BIRTH, _ID,
        _f("physician_level", Kind.PHYSICIAN_LEVEL, "医师级别", "级别"),
        _f("practice_category", Kind.PRACTICE_CATEGORY, "执业类别", "类别"),
        _f("practice_scope", Kind.PRACTICE_SCOPE, "执业范围", "范围"),
        _f("practice_institution", Kind.TEXT, "主要执业机构", "执业地点", "执业机构"),
        _f("mch_annotation_categories", Kind.CATEGORIES, "母婴保健技术服务项目",
           "母婴保健技术服务", "母婴保健技术", "备注", required=False),
        _CERT_NO, _ISSUER, _ISSUE_DATE,
    ),
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: (
        _NAME, _GENDER, _BIRTH, _ID,
        _f("physician_level", Kind.PHYSICIAN_LEVEL, "医师级别", "资格级别", "级别"),
        _f("practice_category", Kind.PRACTICE_CATEGORY, "执业类别", "类别"),
        _CERT_NO, _ISSUER, _ISSUE_DATE,
    ),
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: (
        _NAME, _GENDER, _BIRTH, _ID, _WORK_UNIT,
        _f("specialty", Kind.TEXT, "专业名称", "专业"),
        _f("title_name", Kind.TEXT, "资格名称", "职称名称", "职务名称", "职称", "资格"),
        _f("title_level", Kind.TITLE_LEVEL, "资格级别", "职称级别", "级别"),
        _CERT_NO, _ISSUER, _ISSUE_DATE,
    ),
    DocType.MCH_TRAINING_CERTIFICATE: (
        _NAME, _ID, _WORK_UNIT, _CATEGORIES, _CERT_NO, _ISSUER, _ISSUE_DATE,
    ),
    DocType.FAMILY_PLANNING_LICENSE: (
        _INST_NAME, _ADDRESS, _LEGAL,
        _f("service_items", Kind.LIST, "服务项目", "许可项目", "技术服务项目"),
        _CERT_NO, _ISSUER, _ISSUE_DATE, _VALID_UNTIL,
    ),
}

#: Labels of the fields whose value is one character (性别 男): too small a blob for the text
#: detector beside a wide label column, so their slot is read on its own (`slots`).
SHORT_VALUE_LABELS: tuple[str, ...] = tuple(dict.fromkeys(
    lb for specs in DOC_SPECS.values() for spec in specs if spec.kind is Kind.GENDER
    for lb in spec.labels))

#: Printed titles per type, most specific first; matched against whole title lines.
TITLES: dict[DocType, tuple[str, ...]] = {
    DocType.MCH_ASSESSMENT_CERTIFICATE: ("母婴保健技术考核合格证书",),
    DocType.MCH_PRACTICE_LICENSE: ("母婴保健技术服务执业许可证",),
    DocType.MEDICAL_INSTITUTION_LICENSE: ("医疗机构执业许可证",),
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: ("医师执业证书",),
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: ("医师资格证书",),
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: (
        "专业技术资格证书", "专业技术职务任职资格证书", "职称证书", "专业技术职务资格证书",
    ),
    DocType.MCH_TRAINING_CERTIFICATE: ("母婴保健服务技术培训合格证书", "母婴保健技术培训合格证书"),
    DocType.FAMILY_PLANNING_LICENSE: ("计划生育技术服务机构执业许可证",),
}

#: How issuing authorities' names end; an unlabelled line ending so is an issuer candidate.
ISSUER_SUFFIXES: tuple[str, ...] = (
    "卫生健康委员会", "卫生健康局", "卫生和计划生育委员会", "卫生和计划生育局", "卫生计生委",
    "卫生计生局", "卫生局", "卫生厅", "人力资源和社会保障厅", "人力资源和社会保障局",
    "人力资源社会保障厅", "人力资源社会保障局", "人口和计划生育委员会", "人口和计划生育局",
    "人口计生委", "人口计生局",
    "卫生健康委",
)

#: Labels printed on these documents that name no field of the contract. Found like field
#: labels, so their values end the value before them and are never taken by another field
#: (a 管理号 is not the 证书编码, a 批准文号 or a 统一社会信用代码 not the 登记号).
OTHER_LABELS: tuple[str, ...] = (
    "证书管理号", "管理号", "档案号", "批准文号", "文号", "统一社会信用代码", "社会信用代码",
    "组织机构代码", "民族", "国籍", "学历", "毕业学校", "毕业院校", "联系电话", "电话",
    "邮政编码", "邮编", "经营性质", "所有制形式", "服务对象", "床位", "牙椅", "注册资金",
    "照片", "持证人签名", "本人签名", "签名",
)

#: The national ministries whose seal is printed on the blank (监制), in headers and
#: footers: an issuer only when printed at the issuer's label and no local authority is on
#: the page. Matched after 中华人民共和国 is taken off.
NATIONAL_AUTHORITIES: tuple[str, ...] = (
    "卫生部", "国家卫生和计划生育委员会", "国家卫生计生委", "国家卫生健康委员会", "国家卫生健康委",
    "国家卫健委", "人力资源和社会保障部", "人事部", "国家中医药管理局", "国家人口和计划生育委员会",
)

#: Words that mark a printer's or supervisor's line (…监制, …印制, …制): never the issuer.
PRINTER_MARKS: tuple[str, ...] = ("监制", "印制", "监印", "制")

#: A label word that also begins a value word is no label before these characters
#: (民族 is a label, 民族医 a practice category).
LABEL_NOT_BEFORE: dict[str, str] = {"民族": "医"}

"""The regulation rules and flag codes as data (domain.md §3): a rule change is a reviewed
diff of these tables. Each citation quotes the regulation it rests on; the quotes are
checked against the texts in docs/seeds/ by the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mchverify.schemas.codes import Category, DocType, IssuerLevel
from mchverify.schemas.verification import FlagCode, Severity

__all__ = [
    "ABOLITION_DATE",
    "FLAG_SEVERITY",
    "LICENCE_LEVEL",
    "LICENCE_LEVEL_BEFORE_2021",
    "LICENCE_LEVEL_PROVINCIAL_INSTITUTION",
    "PERSONNEL_LEVEL",
    "RULES",
    "RULESET_VERSION",
    "SEEDS",
    "Citation",
    "Rule",
    "rule",
]

RULESET_VERSION = "2026.11-1"

#: The regulations of docs/seeds/ (copies of ../shared/seeds), by their file number.
SEEDS: dict[str, str] = {
    "000": "新疆维吾尔自治区 母婴保健服务人员资格认定 办事指南",
    "001": "浙卫办妇幼〔2021〕4号 关于做好妇幼健康领域“证照分离”改革工作的通知",
    "002": "浙卫发〔2023〕9号 母婴保健专项技术服务管理办法（修订）",
    "003": "吉卫妇幼发〔2021〕1号 吉林省妇幼健康领域“证照分离”改革实施方案",
    "004": "计划生育技术服务管理条例",
}


@dataclass(frozen=True)
class Citation:
    seed: str
    article: str
    quote: str  # words of the regulation, whitespace aside

    def __str__(self) -> str:
        return f"{self.seed} {self.article}（{SEEDS[self.seed]}）"


@dataclass(frozen=True)
class Rule:
    id: str
    code: FlagCode
    title: str
    citations: tuple[Citation, ...]

    @property
    def citation(self) -> str:
        return "；".join(str(c) for c in self.citations)


FLAG_SEVERITY: dict[FlagCode, Severity] = {
    FlagCode.UNREADABLE: Severity.REVIEW,
    FlagCode.UNKNOWN_DOC_TYPE: Severity.REVIEW,
    FlagCode.LOW_CONFIDENCE: Severity.REVIEW,
    FlagCode.CHECKSUM_INVALID: Severity.REJECT,
    FlagCode.ID_FIELDS_INCONSISTENT: Severity.REJECT,
    FlagCode.DATE_IMPLAUSIBLE: Severity.REVIEW,
    FlagCode.EXPIRED: Severity.REJECT,
    FlagCode.NOT_IN_REGISTRY: Severity.REJECT,
    FlagCode.REGISTRY_MISMATCH: Severity.REJECT,
    FlagCode.REVOKED: Severity.REJECT,
    FlagCode.ISSUER_NOT_AUTHORIZED: Severity.REJECT,
    FlagCode.LICENSE_TYPE_ABOLISHED: Severity.REJECT,
    FlagCode.REVALIDATION_OVERDUE: Severity.REVIEW,
    FlagCode.TRAINING_OVERDUE: Severity.REVIEW,
    FlagCode.CATEGORY_NOT_LICENSED: Severity.REVIEW,
    FlagCode.CLINIC_RESTRICTED_ITEM: Severity.REJECT,
    FlagCode.TAMPER_SUSPECTED: Severity.REJECT,
    FlagCode.SEAL_MISSING: Severity.REVIEW,
    FlagCode.QR_MISMATCH: Severity.REJECT,
    FlagCode.BUNDLE_INCONSISTENT: Severity.REJECT,
    FlagCode.MISSING_MATERIAL: Severity.REVIEW,
}

RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("R1", FlagCode.ISSUER_NOT_AUTHORIZED, "人员考核合格证书的发证层级", (
        Citation("000", "设定依据2", "从事本法规定的遗传病诊断、产前诊断的人员，必须经过省、自治区、直辖市人民政府卫生行政部门的考核"),
        Citation("000", "受理条件4", "取得自治区卫生健康委颁发的从事产前诊断《母婴保健技术考核合格证书》"),
        Citation("002", "第十六条", "从事遗传病诊断、产前诊断技术服务人员的资格考核，由省级卫生健康行政部门负责"),
    )),
    Rule("R2", FlagCode.ISSUER_NOT_AUTHORIZED, "执业许可证的审批层级", (
        Citation("002", "第十二条", "医疗保健机构开展遗传病诊断技术、省级医疗保健机构开展产前诊断技术的，由省级卫生健康行政部门审批"),
        Citation("001", "一（二）", "将原市级承担的婚前医学检查、产前筛查技术服务机构审批权限下放至县级卫生健康行政部门"),
    )),
    Rule("R3", FlagCode.REVALIDATION_OVERDUE, "执业许可证每3年校验", (
        Citation("002", "第十三条", "《母婴保健技术服务执业许可证》每3年校验1次，校验由原审批机关办理"),
    )),
    Rule("R4", FlagCode.LICENSE_TYPE_ABOLISHED, "计划生育技术服务机构设立许可已取消", (
        Citation("001", "一（一）", "自2021年7月1日起，取消“计划生育技术服务机构设立许可”"),
        Citation("003", "二（一）", "取消计划生育技术服务机构设立许可"),
    )),
    Rule("R5", FlagCode.CLINIC_RESTRICTED_ITEM, "门诊部、诊所不得开展结扎、终止妊娠", (
        Citation("001", "一（一）", "门诊部、诊所等医疗机构原则上不得申请开展结扎、终止妊娠等母婴保健专项技术服务手术"),
    )),
    Rule("R6", FlagCode.CATEGORY_NOT_LICENSED, "在取得许可的机构中从事核准的技术", (
        Citation("002", "第十七条", "应在取得《母婴保健技术服务执业许可证》的机构中从事核准的母婴保健专项技术服务"),
    )),
    Rule("R7", FlagCode.TRAINING_OVERDUE, "每2年至少接受1次专业培训", (
        Citation("002", "第十九条", "取得《母婴保健技术考核合格证书》的人员每2年至少接受1次专业培训"),
    )),
    Rule("R8", FlagCode.MISSING_MATERIAL, "人员资格认定申请材料", (
        Citation("000", "办理材料", "办理材料"),
    )),
    Rule("R9", FlagCode.MISSING_MATERIAL, "机构执业许可申请材料", (
        Citation("002", "第十条", "申请遗传病诊断、产前诊断、产前筛查、婚前医学"),
    )),
    Rule("R10", FlagCode.TAMPER_SUSPECTED, "证件不得涂改、伪造", (
        Citation("002", "第三十八条", "《母婴保健技术服务执业许可证》和《母婴保"),
    )),
    Rule("R11", FlagCode.QR_MISMATCH, "电子证照与纸质证照具有同等效力", (
        Citation("002", "第三十九条", "全面推广《母婴保健技术服务执业许可证》和"),
    )),
)}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


#: R1: the lowest issuer level that may certify personnel for each category (002 第十六条).
PERSONNEL_LEVEL: dict[Category, IssuerLevel] = {
    Category.GENETIC_DIAGNOSIS: IssuerLevel.PROVINCE,
    Category.PRENATAL_DIAGNOSIS: IssuerLevel.PROVINCE,
    Category.PREMARITAL_EXAM: IssuerLevel.CITY,
    Category.PRENATAL_SCREENING: IssuerLevel.COUNTY,
    Category.MIDWIFERY: IssuerLevel.COUNTY,
    Category.LIGATION: IssuerLevel.COUNTY,
    Category.PREGNANCY_TERMINATION: IssuerLevel.COUNTY,
    Category.HOME_DELIVERY: IssuerLevel.COUNTY,
}

#: R2: the lowest approval level for each licensed item (002 第十二条); prenatal diagnosis
#: may be approved by a city for an institution below provincial level.
LICENCE_LEVEL: dict[Category, IssuerLevel] = {
    Category.GENETIC_DIAGNOSIS: IssuerLevel.PROVINCE,
    Category.PRENATAL_DIAGNOSIS: IssuerLevel.CITY,
    Category.PREMARITAL_EXAM: IssuerLevel.COUNTY,
    Category.PRENATAL_SCREENING: IssuerLevel.COUNTY,
    Category.MIDWIFERY: IssuerLevel.COUNTY,
    Category.LIGATION: IssuerLevel.COUNTY,
    Category.PREGNANCY_TERMINATION: IssuerLevel.COUNTY,
    Category.HOME_DELIVERY: IssuerLevel.COUNTY,
}

#: R2 for a provincial-level institution (its name begins with its province, e.g.
#: 江苏省第二人民医院): "省级医疗保健机构开展产前诊断技术的，由省级卫生健康行政部门审批".
LICENCE_LEVEL_PROVINCIAL_INSTITUTION: dict[Category, IssuerLevel] = {
    Category.PRENATAL_DIAGNOSIS: IssuerLevel.PROVINCE,
}

#: R2 before the 证照分离 reform: premarital exams and prenatal screening were city-approved.
ABOLITION_DATE = dt.date(2021, 7, 1)
LICENCE_LEVEL_BEFORE_2021: dict[Category, IssuerLevel] = {
    **LICENCE_LEVEL,
    Category.PREMARITAL_EXAM: IssuerLevel.CITY,
    Category.PRENATAL_SCREENING: IssuerLevel.CITY,
}

#: R3, R7: the intervals, in years.
REVALIDATION_YEARS = 3
TRAINING_YEARS = 2

#: R5: institution kinds that may not hold surgical items.
CLINIC_KINDS = ("门诊部", "诊所")
CLINIC_RESTRICTED = frozenset({Category.LIGATION, Category.PREGNANCY_TERMINATION})

#: Types whose paper original carries an official seal (SEAL_MISSING applies).
SEALED_TYPES = frozenset(DocType) - {DocType.OTHER}

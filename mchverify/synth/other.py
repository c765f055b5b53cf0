"""`other` documents an application also contains: forms, reports, rules (R9's materials).

They share vocabulary with the certificates (institution names, 母婴保健, dates, seals) so a
classifier must not be able to rely on a single keyword.
"""

from __future__ import annotations

import datetime as dt
import random

from mchverify.schemas.codes import ZH
from mchverify.synth.content import Content
from mchverify.synth.geo import health_issuer
from mchverify.synth.records import REFERENCE_DATE, Institution
from mchverify.synth.textfmt import format_date
from mchverify.synth.values import phone_number, random_date, working_day

__all__ = ["OTHER_KINDS", "other_content"]

OTHER_KINDS = ("application_form", "feasibility_report", "rules")

_RULES = {
    "母婴保健技术服务工作制度": (
        "严格执行《中华人民共和国母婴保健法》及其实施办法，依法开展母婴保健技术服务。",
        "从事母婴保健技术服务的人员须取得相应的考核合格证书，持证上岗。",
        "建立健全技术服务登记、统计和报告制度，按规定报送相关信息。",
        "定期组织业务培训，每两年至少参加一次专业技术培训。",
        "严禁非医学需要的胎儿性别鉴定和选择性别的人工终止妊娠。",
        "发生医疗纠纷或事故时，按规定及时报告并妥善处理。",
    ),
    "产科质量管理制度": (
        "产科实行三级医师查房制度，危重孕产妇由上级医师负责诊治。",
        "严格执行高危妊娠筛查、管理和转诊制度。",
        "分娩室、手术室按规定配备抢救设备和药品，定期检查维护。",
        "新生儿出生后按规定进行疾病筛查和预防接种。",
        "每月召开产科质量分析会，对存在的问题提出整改措施。",
    ),
    "婚前医学检查工作制度": (
        "婚前医学检查按照《婚前保健工作规范》规定的项目进行。",
        "对检查中发现的异常情况，应向服务对象说明并提出医学意见。",
        "婚前医学检查证明由具有资格的医师签署，加盖机构专用章。",
        "严格保护服务对象隐私，检查资料按规定保存。",
    ),
}


def _application(inst: Institution, rng: random.Random, date: dt.date) -> Content:
    title = rng.choice(("医疗机构设置申请登记书", "母婴保健技术服务执业许可申请登记书"))
    items = "、".join(ZH[c] for c in inst.licensed_items)
    paras = [
        f"=申请单位（盖章）：{inst.name}",
        f"=单位地址：{inst.address}",
        f"=法定代表人：{inst.legal_representative}",
        f"=联系电话：{phone_number(rng)}",
        f"=申请项目：{items}",
        f"=申请日期：{format_date(date, 'cn')}",
    ]
    return Content(doc_type="other", title=title, paragraphs=paras, issuer=inst.name,
                   date_text=format_date(date, "cn_numeral"), seal_text=inst.name,
                   footer=[f"{health_issuer('city', inst.place, date)}制"])


def _report(inst: Institution, rng: random.Random, date: dt.date) -> Content:
    items = "、".join(ZH[c] for c in inst.licensed_items)
    staff = max(12, int(max(inst.beds, 10) * rng.uniform(1.1, 1.6)))
    paras = [
        "#一、机构基本情况",
        (f"{inst.name}位于{inst.address}，是一所{'公立' if inst.public else '民营'}"
         f"{inst.kind}，现有床位{max(inst.beds, 10)}张，在职职工{staff}人，"
         f"其中卫生技术人员{int(staff * rng.uniform(0.7, 0.88))}人。"),
        "#二、开展项目的必要性",
        (f"为满足辖区群众对母婴保健服务的需求，提高出生人口素质，我院拟申请开展{items}等"
         "母婴保健技术服务项目。"),
        "#三、人员及设备条件",
        ("现有取得母婴保健技术考核合格证书的专业技术人员若干名，配备相应的设备和设施，"
         "能够满足开展上述项目的需要。"),
        "#四、管理制度",
        "已建立健全各项规章制度和技术操作规范，确保服务质量和安全。",
    ]
    return Content(doc_type="other", title=f"关于申请开展{items.split('、')[0]}等技术服务的可行性报告",
                   paragraphs=paras, issuer=inst.name if rng.random() < 0.5 else "",
                   date_text=format_date(date, "cn_numeral"), seal_text=inst.name)


def _rules(inst: Institution, rng: random.Random, date: dt.date) -> Content:
    title = rng.choice(list(_RULES))
    paras = [f"{i + 1}. {line}" for i, line in enumerate(_RULES[title])]
    paras.append(f"本制度自{format_date(date, 'cn')}起执行。")
    return Content(doc_type="other", title=title, paragraphs=paras, issuer="", date_text="")


def other_content(inst: Institution, rng: random.Random) -> tuple[str, Content]:
    """A random `other` page about `inst`; returns (kind, content)."""
    kind = rng.choice(OTHER_KINDS)
    date = working_day(random_date(rng, dt.date(2019, 1, 1), REFERENCE_DATE))
    build = {"application_form": _application, "feasibility_report": _report,
             "rules": _rules}[kind]
    return kind, build(inst, rng, date)

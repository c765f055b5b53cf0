"""Closed vocabularies printed on the documents, used to repair what OCR splits or merges.

`CLINICAL_DEPARTMENTS` is the national catalogue of 诊疗科目 (《医疗机构诊疗科目名录》,
卫医发〔1994〕第27号, with the later additions 疼痛科 and 重症医学科): a 医疗机构执业许可证
lists its departments by these names, main departments and their 专业 sub-specialties.

`PRACTICE_SCOPES` are the 执业范围 a 医师执业证书 registers (《关于医师执业注册中执业范围的暂行
规定》, 卫医发〔2001〕169号), by practice category. A province may add others, so the list
vouches for a value; it never refuses one.

`INSTITUTION_KINDS` are the 类别 of medical institutions (《医疗机构管理条例实施细则》第三条,
as amended 2017), with the short forms licences print (门诊部, 卫生院). Like the scopes,
the list vouches for a value and refuses none.
"""

from __future__ import annotations

__all__ = [
    "CLINICAL_DEPARTMENTS", "INSTITUTION_KINDS", "PRACTICE_SCOPES", "parse_departments",
    "scope_without_fragment", "segment_departments",
]

_MAIN_AND_SUB: dict[str, tuple[str, ...]] = {
    "预防保健科": (),
    "全科医疗科": (),
    "内科": ("呼吸内科专业", "消化内科专业", "神经内科专业", "心血管内科专业", "血液内科专业",
           "肾病学专业", "内分泌专业", "免疫学专业", "变态反应专业", "老年病专业"),
    "外科": ("普通外科专业", "神经外科专业", "骨科专业", "泌尿外科专业", "胸外科专业",
           "心脏大血管外科专业", "烧伤科专业", "整形外科专业"),
    "妇产科": ("妇科专业", "产科专业", "计划生育专业", "优生学专业", "生殖健康与不孕症专业"),
    "妇女保健科": ("青春期保健专业", "围产期保健专业", "更年期保健专业", "妇女心理卫生专业",
              "妇女营养专业"),
    "儿科": ("新生儿专业", "小儿传染病专业", "小儿消化专业", "小儿呼吸专业", "小儿心脏病专业",
           "小儿肾病专业", "小儿血液病专业", "小儿神经病学专业", "小儿内分泌专业",
           "小儿遗传病专业", "小儿免疫专业"),
    "小儿外科": ("小儿普通外科专业", "小儿骨科专业", "小儿泌尿外科专业", "小儿胸心外科专业",
             "小儿神经外科专业"),
    "儿童保健科": ("儿童生长发育专业", "儿童营养专业", "儿童心理卫生专业", "儿童五官保健专业",
              "儿童康复专业"),
    "眼科": (),
    "耳鼻咽喉科": ("耳科专业", "鼻科专业", "咽喉科专业"),
    "口腔科": ("口腔内科专业", "口腔颌面外科专业", "正畸专业", "口腔修复专业", "口腔预防保健专业"),
    "皮肤科": ("皮肤病专业", "性传播疾病专业"),
    "医疗美容科": (),
    "精神科": ("精神病专业", "精神卫生专业", "药物依赖专业", "精神康复专业", "社区防治专业",
            "临床心理专业", "司法精神专业"),
    "传染科": ("肠道传染病专业", "呼吸道传染病专业", "肝炎专业", "虫媒传染病专业",
            "动物源性传染病专业", "蠕虫病专业"),
    "结核病科": (),
    "地方病科": (),
    "肿瘤科": (),
    "急诊医学科": (),
    "康复医学科": (),
    "运动医学科": (),
    "职业病科": ("职业中毒专业", "尘肺专业", "放射病专业", "物理因素损伤专业", "职业健康监护专业"),
    "临终关怀科": (),
    "特种医学与军事医学科": (),
    "麻醉科": (),
    "疼痛科": (),
    "重症医学科": (),
    "医学检验科": ("临床体液、血液专业", "临床微生物学专业", "临床生化检验专业",
              "临床免疫、血清学专业", "临床细胞分子遗传学专业"),
    "病理科": (),
    "医学影像科": ("X线诊断专业", "CT诊断专业", "磁共振成像诊断专业", "核医学专业", "超声诊断专业",
              "心电诊断专业", "脑电及脑血流图诊断专业", "神经肌肉电图专业", "介入放射学专业",
              "放射治疗专业"),
    "中医科": ("内科专业", "外科专业", "妇产科专业", "儿科专业", "皮肤科专业", "眼科专业",
            "耳鼻咽喉科专业", "口腔科专业", "肿瘤科专业", "骨伤科专业", "肛肠科专业",
            "老年病科专业", "针灸科专业", "推拿科专业", "康复医学专业", "急诊科专业",
            "预防保健科专业"),
    "民族医学科": ("维吾尔医学", "藏医学", "蒙医学", "彝医学", "傣医学"),
    "中西医结合科": (),
    "其他业务科": (),
}

CLINICAL_DEPARTMENTS: frozenset[str] = frozenset(
    name for main, subs in _MAIN_AND_SUB.items() for name in (main, *subs)
)
_LONGEST = max(len(name) for name in CLINICAL_DEPARTMENTS)


def segment_departments(text: str) -> list[str] | None:
    """Split a run of department names whose separator OCR lost (新生儿专业医学影像科) into
    catalogue names; None unless the whole run is catalogue names, fewest pieces first."""
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - _LONGEST), end):
            head = best[start]
            piece = text[start:end]
            if head is not None and piece in CLINICAL_DEPARTMENTS:
                cand = [*head, piece]
                current = best[end]
                if current is None or len(cand) < len(current):
                    best[end] = cand
    return best[len(text)]


def parse_departments(items: list[str]) -> tuple[list[str], float]:
    """Printed list items as departments, and the share of them that are catalogue names.

    Items a list separator cut inside a name (临床体液 | 血液专业) are joined again; a run of
    names glued together is segmented. Unknown items are kept as printed: a licence may name
    a department the catalogue lacks, and the share tells the caller how sure it can be.
    """
    joined: list[str] = []
    for item in items:
        if joined and f"{joined[-1]}、{item}" in CLINICAL_DEPARTMENTS:
            joined[-1] = f"{joined[-1]}、{item}"
        else:
            joined.append(item)
    out: list[str] = []
    for item in joined:
        pieces = None if item in CLINICAL_DEPARTMENTS else segment_departments(item)
        out.extend(pieces or [item])
    known = sum(item in CLINICAL_DEPARTMENTS for item in out)
    return out, known / len(out) if out else 0.0


PRACTICE_SCOPES: frozenset[str] = frozenset((
    # 临床类别
    "内科专业", "外科专业", "妇产科专业", "儿科专业", "眼耳鼻咽喉科专业", "皮肤病与性病专业",
    "精神卫生专业", "职业病专业", "医学影像和放射治疗专业", "医学检验、病理专业", "全科医学专业",
    "急救医学专业", "康复医学专业", "预防保健专业", "特种医学与军事医学专业",
    "计划生育技术服务专业",
    # 口腔类别, 公共卫生类别
    "口腔专业", "公共卫生类别专业",
    # 中医类别
    "中医专业", "中西医结合专业", "蒙医专业", "藏医专业", "维医专业", "傣医专业",
))


#: the scopes by their words alone: a list's 、 is a small mark that OCR loses
_SCOPE_BY_WORDS = {scope.replace("、", ""): scope for scope in PRACTICE_SCOPES}


def scope_without_fragment(text: str) -> str | None:
    """A practice scope read with one character before it that belongs to none (女妇产科专业:
    the radical of 妇 read again as a character of its own), or with its 、 lost
    (医学检验病理专业): the registered scope, when the text is none and one explains it."""
    if text in PRACTICE_SCOPES:
        return None
    return next((_SCOPE_BY_WORDS[words] for candidate in (text, text[1:])
                 if (words := candidate.replace("、", "")) in _SCOPE_BY_WORDS), None)


INSTITUTION_KINDS: frozenset[str] = frozenset((
    "综合医院", "中医医院", "中西医结合医院", "民族医医院", "专科医院", "康复医院",
    "妇幼保健院", "妇幼保健计划生育服务中心", "社区卫生服务中心", "社区卫生服务站",
    "中心卫生院", "乡（镇）卫生院", "乡镇卫生院", "街道卫生院", "卫生院", "疗养院",
    "综合门诊部", "专科门诊部", "中医门诊部", "中西医结合门诊部", "民族医门诊部", "门诊部",
    "诊所", "中医诊所", "民族医诊所", "卫生所", "医务室", "卫生保健所", "卫生站",
    "村卫生室", "村卫生所", "急救中心", "急救站", "临床检验中心",
    "专科疾病防治院", "专科疾病防治所", "专科疾病防治站", "护理院", "护理站",
    "医学检验实验室", "病理诊断中心", "医学影像诊断中心", "血液透析中心", "安宁疗护中心",
))

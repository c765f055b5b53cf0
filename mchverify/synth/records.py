"""The truth behind each document: people, institutions and what the authority issued.

A corpus shares one pool of institutions and people, so that certificate holders work at
institutions licensed for their categories (R6), issuers have the level the regulations
require (R1, R2), licences are re-validated in time (R3) and training is current (R7):
a clean corpus passes every check as of each document's `as_of` date.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Literal

from mchverify.schemas.codes import (
    Category,
    DocType,
    Gender,
    PhysicianLevel,
    PracticeCategory,
    TitleLevel,
)
from mchverify.synth import numbers
from mchverify.synth.geo import (
    LEVELS,
    Level,
    Place,
    family_planning_issuer,
    health_issuer,
    hrss_issuer,
    level_rank,
)
from mchverify.synth.textfmt import normalize_number
from mchverify.synth.values import (
    add_years,
    address,
    birth_date_for_age,
    id_number,
    minority_name,
    org_code,
    person_name,
    pick_place,
    random_date,
    rare_han_name,
    uscc_code,
    working_day,
)

__all__ = [
    "REFERENCE_DATE",
    "DocRecord",
    "Institution",
    "Person",
    "World",
]

#: The corpus's "today": every current document is valid on this date (and ~90 days on).
REFERENCE_DATE = dt.date(2026, 10, 30)
_EARLIEST_ISSUE = dt.date(2012, 1, 4)
_ABOLISHED = dt.date(2021, 7, 1)  # 计划生育技术服务机构设立许可 abolished (R4)


Role = Literal["physician", "assistant", "nurse", "technician"]

# --------------------------------------------------------------------------- institutions

_BRANDS = ("仁爱", "安琪", "美华", "华夏", "博爱", "瑞安", "康宁", "和美", "天使", "惠民",
           "同济", "健桥", "爱心", "长安", "协和")
_TOWNS = ("城关镇", "新安镇", "东溪镇", "白沙镇", "石桥镇", "桃源镇", "青山镇", "龙泉镇")

# 诊疗科目 in their official order (the order licences print them in).
_DEPARTMENTS = (
    "预防保健科", "全科医疗科", "内科", "外科", "妇产科", "妇科专业", "产科专业", "计划生育专业",
    "优生学专业", "生殖健康与不孕症专业", "妇女保健科", "儿科", "新生儿专业", "儿童保健科",
    "急诊医学科", "麻醉科", "医学检验科", "病理科", "医学影像科", "超声诊断专业", "中医科",
)
_DEPT_CORE = {
    "综合医院": ("内科", "外科", "妇产科", "儿科", "急诊医学科", "麻醉科", "医学检验科",
             "医学影像科", "预防保健科", "中医科", "病理科"),
    "妇幼保健院": ("预防保健科", "妇产科", "妇科专业", "产科专业", "计划生育专业", "优生学专业",
              "妇女保健科", "儿科", "儿童保健科", "医学检验科", "医学影像科", "超声诊断专业",
              "新生儿专业", "生殖健康与不孕症专业"),
    "专科医院": ("妇产科", "妇科专业", "产科专业", "计划生育专业", "麻醉科", "医学检验科",
             "医学影像科", "超声诊断专业", "生殖健康与不孕症专业"),
    "门诊部": ("内科", "妇产科", "儿科", "医学检验科", "医学影像科", "中医科", "预防保健科"),
    "诊所": ("妇产科", "内科", "中医科", "全科医疗科"),
    "卫生院": ("预防保健科", "全科医疗科", "内科", "妇产科", "医学检验科", "中医科"),
}
_MAX_DEPT_CHARS = 30  # keep the printed list on one line at body size

_ITEMS = {  # technology categories an institution of this kind (and level) may hold
    ("妇幼保健院", "province"): ("genetic_diagnosis", "prenatal_diagnosis", "prenatal_screening",
                             "premarital_exam", "midwifery", "ligation",
                             "pregnancy_termination"),
    ("妇幼保健院", "city"): ("prenatal_diagnosis", "prenatal_screening", "premarital_exam",
                         "midwifery", "ligation", "pregnancy_termination"),
    ("妇幼保健院", "county"): ("premarital_exam", "prenatal_screening", "midwifery", "ligation",
                           "pregnancy_termination"),
    ("综合医院", "province"): ("genetic_diagnosis", "prenatal_diagnosis", "prenatal_screening",
                           "midwifery", "ligation", "pregnancy_termination"),
    ("综合医院", "city"): ("prenatal_diagnosis", "prenatal_screening", "midwifery", "ligation",
                       "pregnancy_termination"),
    ("综合医院", "county"): ("prenatal_screening", "midwifery", "ligation",
                         "pregnancy_termination"),
    ("专科医院", "*"): ("prenatal_screening", "midwifery", "ligation", "pregnancy_termination"),
    ("门诊部", "*"): ("premarital_exam", "prenatal_screening"),  # R5: no 结扎 / 终止妊娠
    ("诊所", "*"): ("premarital_exam", "prenatal_screening"),
    ("卫生院", "*"): ("midwifery", "home_delivery", "ligation"),
}


@dataclass
class Institution:
    iid: str
    place: Place
    name: str
    kind: str
    level: Level  # the administrative level that licenses it
    public: bool
    address: str
    legal_representative: str
    principal: str
    org_code: str
    uscc: str
    licensed_items: list[Category]
    clinical_departments: list[str]
    beds: int


def _institution_name(rng: random.Random, kind: str, level: Level, place: Place) -> str:
    city = place.city_prefix
    prov = place.province
    if kind == "妇幼保健院":
        if level == "province":
            return prov.name + "妇幼保健院"
        if level == "city":
            return city + rng.choice(("妇幼保健院", "妇幼保健院", "妇幼保健计划生育服务中心"))
        return place.local_name + rng.choice(("妇幼保健院", "妇幼保健院", "妇幼保健计划生育服务中心"))
    if kind == "综合医院":
        if level == "province":
            return prov.name + rng.choice(("人民医院", "第二人民医院"))
        if level == "city":
            return city + rng.choice(("第一人民医院", "第二人民医院", "第三人民医院", "中心医院",
                                      "人民医院"))
        return place.local_name + rng.choice(("人民医院", "第一人民医院", "中医院"))
    brand = rng.choice(_BRANDS)
    short_city = (city or prov.name).removesuffix("市")
    if kind == "专科医院":
        return rng.choice((f"{city or prov.name}妇产医院", f"{short_city}{brand}妇产医院",
                           f"{city or prov.name}妇女儿童医院"))
    if kind == "门诊部":
        return rng.choice((f"{short_city}{brand}门诊部",
                           f"{place.local_name}{brand}综合门诊部"))
    if kind == "诊所":
        district = place.district.name.removesuffix("区").removesuffix("县")
        return f"{short_city}{district}{brand}{rng.choice(('妇科诊所', '诊所', '中西医结合诊所'))}"
    return place.district.name + rng.choice(_TOWNS) + "中心卫生院"


def _pick_items(rng: random.Random, kind: str, level: Level) -> list[Category]:
    pool = _ITEMS.get((kind, level)) or _ITEMS[(kind, "*")]
    n = min(len(pool), rng.choices((1, 2, 3), (0.25, 0.4, 0.35))[0])
    chosen = set(rng.sample(pool, n))
    return [Category(c) for c in pool if c in chosen]  # keep the regulation's order


def _pick_departments(rng: random.Random, kind: str) -> list[str]:
    pool = list(_DEPT_CORE[kind])
    rng.shuffle(pool)
    out: list[str] = []
    for dept in pool:
        if sum(len(d) + 1 for d in out) + len(dept) > _MAX_DEPT_CHARS:
            continue
        out.append(dept)
        if len(out) >= rng.randint(2, 8):
            break
    return sorted(out, key=_DEPARTMENTS.index)


# --------------------------------------------------------------------------- people

_TITLES: dict[str, dict[TitleLevel, tuple[str, ...]]] = {
    "physician": {TitleLevel.JUNIOR: ("医师",), TitleLevel.INTERMEDIATE: ("主治医师",),
                  TitleLevel.ASSOCIATE_SENIOR: ("副主任医师",), TitleLevel.SENIOR: ("主任医师",)},
    "assistant": {TitleLevel.JUNIOR: ("医士", "医师")},
    "nurse": {TitleLevel.JUNIOR: ("护士", "护师"), TitleLevel.INTERMEDIATE: ("主管护师",),
              TitleLevel.ASSOCIATE_SENIOR: ("副主任护师",), TitleLevel.SENIOR: ("主任护师",)},
    "technician": {TitleLevel.JUNIOR: ("技士", "技师"), TitleLevel.INTERMEDIATE: ("主管技师",),
                   TitleLevel.ASSOCIATE_SENIOR: ("副主任技师",), TitleLevel.SENIOR: ("主任技师",)},
}
_SPECIALTIES = {
    "physician": ("妇产科", "妇产科", "儿科", "妇女保健", "儿童保健", "全科医学", "内科"),
    "assistant": ("全科医学", "妇产科"),
    "nurse": ("护理学", "护理学", "妇产科护理", "助产"),
    "technician": ("医学检验", "临床医学检验技术", "病理学技术"),
}
_SCOPES = {
    PracticeCategory.CLINICAL: ("妇产科专业", "妇产科专业", "儿科专业", "全科医学专业",
                                "内科专业", "医学影像和放射治疗专业", "医学检验、病理专业"),
    PracticeCategory.TCM: ("中医专业", "中西医结合专业"),
    PracticeCategory.DENTAL: ("口腔专业",),
    PracticeCategory.PUBLIC_HEALTH: ("公共卫生类别专业",),
}
_ROLE_ITEMS: dict[str, tuple[str, ...]] = {
    "nurse": ("midwifery", "home_delivery"),
    "technician": ("prenatal_screening", "premarital_exam", "prenatal_diagnosis",
                   "genetic_diagnosis"),
}


@dataclass
class Person:
    pid: str
    name: str
    gender: Gender
    birth_date: dt.date
    id_number: str
    role: Role
    institution: Institution
    categories: list[Category]
    physician_level: PhysicianLevel | None
    practice_category: PracticeCategory | None
    practice_scope: str | None
    specialty: str
    title_name: str
    title_level: TitleLevel
    qualification_date: dt.date
    practice_date: dt.date
    title_date: dt.date
    training_dates: list[dt.date]
    doc_types: set[DocType] = field(default_factory=set)


# --------------------------------------------------------------------------- documents


@dataclass
class DocRecord:
    """One issued document: the printed contract fields and the authority's full record."""

    index: int
    doc_type: DocType
    fields: dict[str, Any]  # exactly the contract fields printed, canonical python values
    registry: dict[str, Any]  # the authority's record (may hold unprinted optional fields)
    printed_number: str
    issuer_level: Level
    place: Place
    as_of: dt.date
    training_dates: list[dt.date] = field(default_factory=list)
    validation_dates: list[dt.date] = field(default_factory=list)
    person: Person | None = None
    institution: Institution | None = None
    issuer_kind: str = "health"  # health | hrss | family_planning
    status: str = "active"  # the registry's status: active | revoked | suspended
    in_registry: bool = True  # False: the authority has no record of it (a forgery)


def _weekday_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    start = max(start, _EARLIEST_ISSUE)
    end = max(end, start)
    return working_day(random_date(rng, start, end), not_after=REFERENCE_DATE)


def _max_level(*levels: Level) -> Level:
    return max(levels, key=level_rank)


def _effective(level: Level, place: Place) -> Level:
    """A municipality has no city level: its city-level authority is the provincial one."""
    return "province" if level == "city" and place.province.municipality else level


def personal_required_level(categories: list[Category]) -> Level:
    """R1: diagnosis certificates are provincial, premarital city, the rest county or above."""
    if {Category.GENETIC_DIAGNOSIS, Category.PRENATAL_DIAGNOSIS} & set(categories):
        return "province"
    if Category.PREMARITAL_EXAM in categories:
        return "city"
    return "county"


def licence_required_level(categories: list[Category], inst_level: Level,
                           on: dt.date) -> Level:
    """R2, including the pre-2021 city floor for premarital and screening licences."""
    need: Level = "county"
    cats = set(categories)
    if Category.GENETIC_DIAGNOSIS in cats:
        need = "province"
    elif Category.PRENATAL_DIAGNOSIS in cats:
        need = "province" if inst_level == "province" else "city"
    if {Category.PREMARITAL_EXAM, Category.PRENATAL_SCREENING} & cats and on < _ABOLISHED:
        need = _max_level(need, "city")
    return need


class World:
    """The corpus's shared institutions and people, grown as documents ask for them."""

    def __init__(self, seed: int, n_institutions: int) -> None:
        self.seed = seed
        self.rng = random.Random(f"mchverify-synth:{seed}:world")
        self.institutions = [self._new_institution(i) for i in range(max(1, n_institutions))]
        self.people: list[Person] = []
        self._licence_cursor: dict[DocType, int] = {}
        self._forced: tuple[Person | None, Institution | None] = (None, None)

    # ----------------------------------------------------------------- pools

    def _new_institution(self, i: int, *, kind: str | None = None,
                         rng: random.Random | None = None) -> Institution:
        """A new institution, drawn from the world's generator unless `rng` is given."""
        rng = rng if rng is not None else self.rng
        place = pick_place(rng)
        if kind is None:
            kind = rng.choices(("妇幼保健院", "综合医院", "专科医院", "门诊部", "诊所", "卫生院"),
                               (0.32, 0.3, 0.14, 0.12, 0.07, 0.05))[0]
        if kind == "卫生院" and not place.district.is_county:
            kind = "妇幼保健院"
        if kind in ("妇幼保健院", "综合医院"):
            level: Level = rng.choices(LEVELS, (0.5, 0.38, 0.12))[0]
        elif kind == "专科医院":
            level = rng.choice(("county", "city"))
        else:
            level = "county"
        if place.province.municipality and level == "city":
            level = "county"
        public = kind in ("妇幼保健院", "综合医院", "卫生院") or rng.random() < 0.2
        org = org_code(rng)
        region = place.district.code if level == "county" else (
            place.city.code if level == "city" else place.province.code + "0000")
        credit = uscc_code(rng, region, org, kind="public" if public else rng.choice(
            ("private_nonprofit", "company")))
        beds = {"综合医院": rng.randint(150, 1800), "妇幼保健院": rng.randint(60, 900),
                "专科医院": rng.randint(30, 200), "卫生院": rng.randint(20, 80)}.get(kind, 0)
        legal = person_name(rng, rng.choice(list(Gender)))
        principal = legal if rng.random() < 0.55 else person_name(rng, rng.choice(list(Gender)))
        return Institution(
            iid=f"I{i:04d}", place=place, name=_institution_name(rng, kind, level, place),
            kind=kind, level=level, public=public, address=address(rng, place),
            legal_representative=legal, principal=principal, org_code=org, uscc=credit,
            licensed_items=_pick_items(rng, kind, level),
            clinical_departments=_pick_departments(rng, kind), beds=beds,
        )

    def new_person(self, *, physician: bool, institution: Institution | None = None) -> Person:
        """A new holder (at `institution`, or at one of the pool's institutions)."""
        rng = self.rng
        inst = institution if institution is not None else rng.choice(self.institutions)
        role: Role
        if physician:
            role = "physician" if rng.random() < 0.85 else "assistant"
        else:
            role = rng.choices(("physician", "assistant", "nurse", "technician"),
                               (0.5, 0.08, 0.27, 0.15))[0]
        gender = Gender.FEMALE if rng.random() < (0.9 if role == "nurse" else 0.68) else Gender.MALE
        birth = birth_date_for_age(rng, REFERENCE_DATE, 30, 58)
        same_province = inst.place.province if rng.random() < 0.75 else None
        ident = id_number(rng, birth, gender, province=same_province,
                          allow_x=role not in ("physician", "assistant"))
        # Categories the person holds: what the work unit is licensed for, by role.
        allowed = [c for c in inst.licensed_items if c.value in _ROLE_ITEMS.get(role, (c.value,))]
        allowed = allowed or list(inst.licensed_items)
        n = min(len(allowed), rng.choices((1, 2, 3), (0.45, 0.4, 0.15))[0])
        chosen = set(rng.sample(allowed, n))
        categories = [c for c in inst.licensed_items if c in chosen]

        age_now = (REFERENCE_DATE - birth).days // 365
        levels = [TitleLevel.JUNIOR, TitleLevel.INTERMEDIATE, TitleLevel.ASSOCIATE_SENIOR,
                  TitleLevel.SENIOR]
        weights = [0.3, 0.38, 0.2 if age_now >= 36 else 0.0, 0.12 if age_now >= 42 else 0.0]
        if role == "assistant":
            weights = [1, 0, 0, 0]
        title_level = rng.choices(levels, weights)[0]
        title_name = rng.choice(_TITLES[role][title_level])

        physician_level = practice_category = practice_scope = None
        if role in ("physician", "assistant"):
            physician_level = (PhysicianLevel.PHYSICIAN if role == "physician"
                               else PhysicianLevel.ASSISTANT_PHYSICIAN)
            practice_category = rng.choices(list(PracticeCategory), (0.86, 0.05, 0.01, 0.08))[0]
            practice_scope = rng.choice(_SCOPES[practice_category])

        start = max(add_years(birth, 25), _EARLIEST_ISSUE)
        qualification = _weekday_between(rng, start, REFERENCE_DATE - dt.timedelta(days=400))
        practice = _weekday_between(rng, qualification + dt.timedelta(days=60),
                                    REFERENCE_DATE - dt.timedelta(days=20))
        title_start = add_years(birth, {TitleLevel.JUNIOR: 25, TitleLevel.INTERMEDIATE: 29,
                                        TitleLevel.ASSOCIATE_SENIOR: 34,
                                        TitleLevel.SENIOR: 40}[title_level])
        title = _weekday_between(rng, max(start, title_start),
                                 REFERENCE_DATE - dt.timedelta(days=30))
        # R7: the latest training at most ~2 years before the as-of date.
        last = REFERENCE_DATE - dt.timedelta(days=rng.randint(20, 600))
        trainings = [last]
        for _ in range(rng.choices((0, 1, 2), (0.3, 0.45, 0.25))[0]):
            trainings.insert(0, trainings[0] - dt.timedelta(days=rng.randint(300, 760)))
        pid = f"P{len(self.people):04d}"
        person = Person(
            pid=pid, name=self._name(pid, person_name(rng, gender), gender, inst.place),
            gender=gender,
            birth_date=birth, id_number=ident, role=role, institution=inst,
            categories=categories, physician_level=physician_level,
            practice_category=practice_category, practice_scope=practice_scope,
            specialty=rng.choice(_SPECIALTIES[role]), title_name=title_name,
            title_level=title_level, qualification_date=qualification, practice_date=practice,
            title_date=title, training_dates=[working_day(d) for d in trainings],
        )
        self.people.append(person)
        return person

    def _name(self, pid: str, han: str, gender: Gender, place: Place) -> str:
        """A holder's name: mostly the Han name drawn, sometimes a name of another nationality
        (often in Xinjiang) or one with a rare character. Its own random stream, so that
        the rest of the world is drawn as before."""
        rng = random.Random(f"mchverify-synth:{self.seed}:{pid}:name")
        minority = 0.4 if place.province.code in ("65", "54", "15") else 0.04
        r = rng.random()
        if r < minority:
            return minority_name(rng, gender)
        if r < minority + 0.02:
            return rare_han_name(rng, gender)
        return han

    def person_for(self, doc_type: DocType) -> Person:
        """Reuse someone who lacks this document half the time, so bundles can be built."""
        if self._forced[0] is not None:
            self._forced[0].doc_types.add(doc_type)
            return self._forced[0]
        physician = doc_type in (DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
                                 DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE)
        candidates = [p for p in self.people if doc_type not in p.doc_types
                      and (not physician or p.physician_level is not None)]
        if candidates and self.rng.random() < 0.5:
            person = self.rng.choice(candidates)
        else:
            person = self.new_person(physician=physician)
        person.doc_types.add(doc_type)
        return person

    def institution_for(self, doc_type: DocType) -> Institution:
        """Licences go round the pool, so each institution gets its MCH licence first."""
        if self._forced[1] is not None:
            return self._forced[1]
        k = self._licence_cursor.get(doc_type, 0)
        self._licence_cursor[doc_type] = k + 1
        return self.institutions[k % len(self.institutions)]

    # ----------------------------------------------------------------- documents

    def record(self, index: int, doc_type: DocType, *, person: Person | None = None,
               institution: Institution | None = None) -> DocRecord:
        """Build the record of document `index` (doc_type other is not handled here);
        `person` / `institution` choose the holder (to assemble an application)."""
        rng = random.Random(f"mchverify-synth:{self.seed}:{index}:record")
        build = {
            DocType.MCH_ASSESSMENT_CERTIFICATE: self._assessment,
            DocType.MCH_TRAINING_CERTIFICATE: self._training,
            DocType.PHYSICIAN_PRACTICE_CERTIFICATE: self._physician_practice,
            DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: self._qualification,
            DocType.PROFESSIONAL_TITLE_CERTIFICATE: self._title,
            DocType.MCH_PRACTICE_LICENSE: self._practice_license,
            DocType.MEDICAL_INSTITUTION_LICENSE: self._medical_license,
            DocType.FAMILY_PLANNING_LICENSE: self._family_planning,
        }[doc_type]
        self._forced = (person, institution)
        try:
            return build(rng, index)
        finally:
            self._forced = (None, None)

    def _personal(self, rng: random.Random, index: int, doc_type: DocType, person: Person,
                  fields: dict[str, Any], number: str, level: Level, issue: dt.date,
                  issuer_kind: str = "health") -> DocRecord:
        place = person.institution.place
        level = _effective(level, place)
        if issuer_kind == "hrss":
            issuer = hrss_issuer(level, place)
        else:
            issuer = health_issuer(level, place, issue)
        base: dict[str, Any] = {"name": person.name}
        base.update(fields)
        base.update({"certificate_number": normalize_number(number), "issuer": issuer,
                     "issue_date": issue})
        return DocRecord(index=index, doc_type=doc_type, fields=base, registry=dict(base),
                         printed_number=number, issuer_level=level, place=place,
                         as_of=REFERENCE_DATE, training_dates=list(person.training_dates),
                         person=person, institution=person.institution, issuer_kind=issuer_kind)

    def _id_fields(self, p: Person) -> dict[str, Any]:
        return {"gender": p.gender, "birth_date": p.birth_date, "id_number": p.id_number}

    def _assessment(self, rng: random.Random, index: int) -> DocRecord:
        p = self.person_for(DocType.MCH_ASSESSMENT_CERTIFICATE)
        years = rng.choices((3, 4, 5, 6), (0.15, 0.3, 0.35, 0.2))[0]
        issue = _weekday_between(
            rng, max(add_years(p.birth_date, 25), add_years(REFERENCE_DATE, -years)
                     + dt.timedelta(days=120)), REFERENCE_DATE - dt.timedelta(days=10))
        level = _max_level(personal_required_level(p.categories),
                           rng.choices(LEVELS, (0.3, 0.45, 0.25))[0])
        number = numbers.assessment_number(rng, p.institution.place, level, issue.year)
        fields = {**self._id_fields(p), "work_unit": p.institution.name,
                  "categories": list(p.categories)}
        rec = self._personal(rng, index, DocType.MCH_ASSESSMENT_CERTIFICATE, p, fields, number,
                             level, issue)
        valid_until = add_years(issue, years) - dt.timedelta(days=1)
        rec.registry["valid_until"] = valid_until
        if rng.random() < 0.75:
            rec.fields["valid_until"] = valid_until
        return rec

    def _training(self, rng: random.Random, index: int) -> DocRecord:
        p = self.person_for(DocType.MCH_TRAINING_CERTIFICATE)
        issue = working_day(p.training_dates[-1] + dt.timedelta(days=rng.randint(0, 12)),
                            not_after=REFERENCE_DATE)
        issue = min(issue, REFERENCE_DATE - dt.timedelta(days=3))
        level = _max_level(personal_required_level(p.categories),
                           rng.choices(LEVELS, (0.35, 0.45, 0.2))[0])
        number = numbers.training_number(rng, p.institution.place, level, issue.year)
        cats = list(p.categories)
        if len(cats) > 1 and rng.random() < 0.3:
            cats = cats[: rng.randint(1, len(cats) - 1)]
        fields = {"id_number": p.id_number, "work_unit": p.institution.name, "categories": cats}
        return self._personal(rng, index, DocType.MCH_TRAINING_CERTIFICATE, p, fields, number,
                              level, issue)

    def _physician_practice(self, rng: random.Random, index: int) -> DocRecord:
        p = self.person_for(DocType.PHYSICIAN_PRACTICE_CERTIFICATE)
        assert p.physician_level and p.practice_category and p.practice_scope
        inst = p.institution
        level: Level = inst.level if rng.random() < 0.8 else rng.choice(LEVELS)
        place = inst.place
        region = (place.district.code if level == "county" else
                  place.city.code if level == "city" else place.province.code + "0000")
        number = numbers.physician_practice_number(rng, p.physician_level, p.practice_category,
                                                   region)
        fields: dict[str, Any] = {
            **self._id_fields(p), "physician_level": p.physician_level,
            "practice_category": p.practice_category, "practice_scope": p.practice_scope,
            "practice_institution": inst.name,
        }
        rec = self._personal(rng, index, DocType.PHYSICIAN_PRACTICE_CERTIFICATE, p, fields,
                             number, level, p.practice_date)
        if p.categories and p.practice_category == PracticeCategory.CLINICAL and rng.random() < 0.6:
            rec.fields["mch_annotation_categories"] = list(p.categories)
            rec.registry["mch_annotation_categories"] = list(p.categories)
        return rec

    def _qualification(self, rng: random.Random, index: int) -> DocRecord:
        p = self.person_for(DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE)
        assert p.physician_level and p.practice_category
        issue = p.qualification_date
        number = numbers.qualification_number(issue.year, p.institution.place.province.code,
                                              p.physician_level, p.practice_category,
                                              p.id_number)
        fields = {**self._id_fields(p), "physician_level": p.physician_level,
                  "practice_category": p.practice_category}
        return self._personal(rng, index, DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE, p, fields,
                              number, "province", issue)

    def _title(self, rng: random.Random, index: int) -> DocRecord:
        p = self.person_for(DocType.PROFESSIONAL_TITLE_CERTIFICATE)
        senior = p.title_level in (TitleLevel.SENIOR, TitleLevel.ASSOCIATE_SENIOR)
        level: Level = "province" if senior or rng.random() < 0.3 else "city"
        if p.institution.place.province.municipality:
            level = "province"
        number = numbers.title_number(rng, p.institution.place, level, p.title_date.year)
        fields = {**self._id_fields(p), "work_unit": p.institution.name,
                  "specialty": p.specialty, "title_name": p.title_name,
                  "title_level": p.title_level}
        return self._personal(rng, index, DocType.PROFESSIONAL_TITLE_CERTIFICATE, p, fields,
                              number, level, p.title_date, issuer_kind="hrss")

    def _licence(self, index: int, doc_type: DocType, inst: Institution, fields: dict[str, Any],
                 number: str, level: Level, issue: dt.date, as_of: dt.date,
                 validations: list[dt.date], issuer_kind: str = "health") -> DocRecord:
        level = _effective(level, inst.place)
        if issuer_kind == "family_planning":
            issuer = family_planning_issuer(level, inst.place, issue)
        else:
            issuer = health_issuer(level, inst.place, issue)
        base: dict[str, Any] = {"institution_name": inst.name}
        base.update(fields)
        base.update({"certificate_number": normalize_number(number), "issuer": issuer,
                     "issue_date": issue})
        return DocRecord(index=index, doc_type=doc_type, fields=base, registry=dict(base),
                         printed_number=number, issuer_level=level, place=inst.place,
                         as_of=as_of, validation_dates=validations, institution=inst,
                         issuer_kind=issuer_kind)

    def _practice_license(self, rng: random.Random, index: int) -> DocRecord:
        inst = self.institution_for(DocType.MCH_PRACTICE_LICENSE)
        years = rng.choices((3, 5, 6), (0.2, 0.4, 0.4))[0]
        issue = _weekday_between(rng, add_years(REFERENCE_DATE, -years) + dt.timedelta(days=120),
                                 REFERENCE_DATE - dt.timedelta(days=15))
        level = _max_level(licence_required_level(inst.licensed_items, inst.level, issue),
                           inst.level)
        valid_until = add_years(issue, years) - dt.timedelta(days=1)
        # R3: validated by the original authority every 3 years.
        validations = []
        k = 1
        while (v := add_years(issue, 3 * k) - dt.timedelta(days=rng.randint(10, 60))) \
                <= REFERENCE_DATE - dt.timedelta(days=5) and v < valid_until:
            validations.append(working_day(v, not_after=REFERENCE_DATE))
            k += 1
        number = numbers.practice_license_number(rng, inst.place, level, issue.year)
        fields = {"address": inst.address, "legal_representative": inst.legal_representative,
                  "licensed_items": list(inst.licensed_items), "valid_until": valid_until}
        rec = self._licence(index, DocType.MCH_PRACTICE_LICENSE, inst, fields, number, level,
                            issue, REFERENCE_DATE, validations)
        if validations:
            rec.registry["last_validation_date"] = validations[-1]
            if rng.random() < 0.8:
                rec.fields["last_validation_date"] = validations[-1]
        return rec

    def _medical_license(self, rng: random.Random, index: int) -> DocRecord:
        inst = self.institution_for(DocType.MEDICAL_INSTITUTION_LICENSE)
        years = 15 if inst.beds >= 100 and rng.random() < 0.6 else 5
        issue = _weekday_between(rng, add_years(REFERENCE_DATE, -years) + dt.timedelta(days=150),
                                 REFERENCE_DATE - dt.timedelta(days=20))
        valid_from = issue if rng.random() < 0.85 else issue + dt.timedelta(days=rng.randint(1, 40))
        valid_until = add_years(valid_from, years) - dt.timedelta(days=1)
        period = 3 if inst.beds >= 100 else 1
        validations = []
        k = 1
        while (v := add_years(valid_from, period * k) - dt.timedelta(days=rng.randint(5, 40))) \
                <= REFERENCE_DATE - dt.timedelta(days=5):
            validations.append(working_day(v, not_after=REFERENCE_DATE))
            k += 1
        level: Level = inst.level if rng.random() < 0.85 else _max_level(inst.level, "city")
        region = (inst.place.district.code if level == "county" else inst.place.city.code
                  if level == "city" else inst.place.province.code + "0000")
        number = numbers.registration_number(inst.org_code, region, inst.kind, inst.public, rng)
        fields: dict[str, Any] = {
            "institution_kind": inst.kind, "address": inst.address, "principal": inst.principal,
            "legal_representative": inst.legal_representative,
            "clinical_departments": list(inst.clinical_departments),
            "valid_from": valid_from, "valid_until": valid_until,
        }
        rec = self._licence(index, DocType.MEDICAL_INSTITUTION_LICENSE, inst, fields, number,
                            level, issue, REFERENCE_DATE, validations)
        rec.registry["uscc"] = inst.uscc
        if rng.random() < 0.85:
            rec.fields["uscc"] = inst.uscc
        return rec

    def _family_planning(self, rng: random.Random, index: int) -> DocRecord:
        """A legacy licence: issued before 2021-07-01, judged as of a date it was valid (R4)."""
        kind = rng.choice(("服务站", "服务站", "综合医院", "妇幼保健院"))
        inst = self._new_institution(1000 + index, kind="综合医院" if kind == "服务站" else kind)
        if kind == "服务站":
            place = inst.place
            inst.name = place.local_name + rng.choice(("计划生育服务站", "计划生育技术服务站",
                                                       "人口和计划生育服务中心"))
            inst.level = "county"
        issue = _weekday_between(rng, dt.date(2012, 2, 1), dt.date(2020, 12, 20))
        years = rng.choice((3, 4, 5))
        valid_until = add_years(issue, years) - dt.timedelta(days=1)
        latest = min(valid_until, _ABOLISHED) - dt.timedelta(days=1)
        as_of = random_date(rng, issue + dt.timedelta(days=30), max(latest, issue + dt.timedelta(
            days=30)))
        level: Level = inst.level if inst.level != "province" else "city"
        validations = []
        k = 1
        while (v := add_years(issue, k) - dt.timedelta(days=rng.randint(5, 30))) <= as_of:
            validations.append(working_day(v))
            k += 1
        items = ["计划生育手术", "避孕节育技术指导", "放置宫内节育器", "取出宫内节育器",
                 "输卵管结扎术", "人工流产术", "计划生育技术咨询", "孕情检查", "随访服务"]
        n = rng.randint(2, 4)
        service = rng.sample(items, n)
        number = numbers.family_planning_number(rng, inst.place, level, issue.year)
        fields = {"address": inst.address, "legal_representative": inst.legal_representative,
                  "service_items": service, "valid_until": valid_until}
        return self._licence(index, DocType.FAMILY_PLANNING_LICENSE, inst, fields, number,
                             level, issue, as_of, validations, issuer_kind="family_planning")

"""Certificate numbers in the formats provinces print them.

Each function returns the PRINTED form (brackets, 第…号, Chinese abbreviations); the labels
and the registry carry `textfmt.normalize_number` of it.
"""

from __future__ import annotations

import random

from mchverify.schemas.codes import PhysicianLevel, PracticeCategory
from mchverify.synth.geo import Level, Place

__all__ = [
    "assessment_number",
    "family_planning_number",
    "physician_practice_number",
    "practice_license_number",
    "qualification_number",
    "registration_number",
    "title_number",
    "training_number",
]

_BRACKETS = (("（", "）"), ("〔", "〕"), ("[", "]"), ("［", "］"), ("【", "】"), ("(", ")"))
_BRACKET_WEIGHTS = (0.4, 0.3, 0.08, 0.07, 0.08, 0.07)

_LEVEL_DIGIT = {PhysicianLevel.PHYSICIAN: "1", PhysicianLevel.ASSISTANT_PHYSICIAN: "2"}
_CATEGORY_DIGIT = {PracticeCategory.CLINICAL: "1", PracticeCategory.TCM: "2",
                   PracticeCategory.DENTAL: "3", PracticeCategory.PUBLIC_HEALTH: "4"}


def _brackets(rng: random.Random) -> tuple[str, str]:
    return rng.choices(_BRACKETS, _BRACKET_WEIGHTS)[0]


def _abbr(level: Level, place: Place) -> str:
    """浙 for a province, 杭 for a city, 杭西 for a district (city + first char of district)."""
    if level == "province" or place.province.municipality and level == "city":
        return place.province.abbr
    if level == "city":
        return place.city.abbr
    return place.city.abbr + place.district.name[0]


def assessment_number(rng: random.Random, place: Place, level: Level, year: int) -> str:
    """母婴保健技术考核合格证书: 浙母婴考字（2023）第00123号 and variants."""
    left, right = _brackets(rng)
    abbr = _abbr(level, place)
    fmt = rng.choices(("zi", "digits", "wei"), (0.5, 0.25, 0.25))[0]
    if fmt == "zi":
        return f"{abbr}母婴考字{left}{year}{right}第{rng.randint(1, 9999):05d}号"
    if fmt == "digits":
        return f"{place.district.code}{year}{rng.randint(1, 99999):05d}"
    return f"{abbr}卫母婴考{left}{year}{right}{rng.randint(1, 999):03d}号"


def training_number(rng: random.Random, place: Place, level: Level, year: int) -> str:
    """母婴保健服务技术培训合格证书: 浙母婴培字（2024）第0456号, 2024330106 0123…"""
    left, right = _brackets(rng)
    abbr = _abbr(level, place)
    fmt = rng.choices(("zi", "digits", "fy"), (0.45, 0.3, 0.25))[0]
    if fmt == "zi":
        return f"{abbr}母婴培字{left}{year}{right}第{rng.randint(1, 9999):04d}号"
    if fmt == "digits":
        return f"{year}{place.district.code}{rng.randint(1, 9999):04d}"
    return f"{abbr}妇幼培{left}{year}{right}{rng.randint(1, 999):03d}号"


def practice_license_number(rng: random.Random, place: Place, level: Level, year: int) -> str:
    """母婴保健技术服务执业许可证: 杭卫母婴许〔2022〕015号, 母婴许字第330106 2022 012号…"""
    left, right = _brackets(rng)
    abbr = _abbr(level, place)
    fmt = rng.choices(("xu", "zidi", "zhi"), (0.45, 0.3, 0.25))[0]
    if fmt == "xu":
        return f"{abbr}卫母婴许{left}{year}{right}{rng.randint(1, 199):03d}号"
    if fmt == "zidi":
        return f"母婴许字第{place.district.code}{year}{rng.randint(1, 999):03d}号"
    return f"{left}{abbr}{right}母婴执字第{rng.randint(1, 99999):05d}号"


_KIND_CODE = {"综合医院": "A100", "妇幼保健院": "J100", "专科医院": "A513", "门诊部": "D100",
              "诊所": "E100", "卫生院": "C200"}


def registration_number(org: str, region: str, kind: str, public: bool,
                        rng: random.Random) -> str:
    """医疗机构执业许可证 登记号: org code (9) + region (6) + ownership (2) + kind (4) + 1."""
    ownership = "11" if public else rng.choice(("17", "19", "43"))
    return f"{org}{region}{ownership}{_KIND_CODE.get(kind, 'A100')}{rng.randint(1, 3)}"


def physician_practice_number(rng: random.Random, level: PhysicianLevel,
                              category: PracticeCategory, region: str) -> str:
    """医师执业证书编码: 15 digits = level, category, 0, region of registration, sequence."""
    return f"{_LEVEL_DIGIT[level]}{_CATEGORY_DIGIT[category]}0{region}{rng.randint(1, 99999):06d}"


def qualification_number(year: int, province_code: str, level: PhysicianLevel,
                         category: PracticeCategory, id_number: str) -> str:
    """医师资格证书编码: 27 = year, province, level, category, 0, the holder's ID number."""
    return f"{year}{province_code}{_LEVEL_DIGIT[level]}{_CATEGORY_DIGIT[category]}0{id_number}"


def title_number(rng: random.Random, place: Place, level: Level, year: int) -> str:
    """专业技术资格证书: 浙人社职字（2020）01234号, or digit strings."""
    left, right = _brackets(rng)
    abbr = _abbr(level, place) if level != "county" else place.city.abbr
    fmt = rng.choices(("zi", "digits", "short"), (0.35, 0.4, 0.25))[0]
    if fmt == "zi":
        return f"{abbr}人社职字{left}{year}{right}{rng.randint(1, 99999):05d}号"
    if fmt == "digits":
        return f"{year}{place.district.code}{rng.randint(1, 999999):06d}"
    return f"{place.city.code}{year}{rng.randint(1, 9999):04d}"


def family_planning_number(rng: random.Random, place: Place, level: Level, year: int) -> str:
    """计划生育技术服务机构执业许可证: 浙计生证字（2016）第033号, 计服证字第330106 0012号…"""
    left, right = _brackets(rng)
    abbr = _abbr(level, place)
    fmt = rng.choices(("zi", "fu", "rk"), (0.4, 0.35, 0.25))[0]
    if fmt == "zi":
        return f"{abbr}计生证字{left}{year}{right}第{rng.randint(1, 999):03d}号"
    if fmt == "fu":
        return f"计服证字第{place.district.code}{rng.randint(1, 9999):04d}号"
    return f"{abbr}人口计服字{left}{year}{right}{rng.randint(1, 999):03d}号"

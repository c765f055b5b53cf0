"""Random but realistic primitive values: names, identity numbers, codes, dates, numbers.

Everything takes an explicit `random.Random`, so a corpus is a pure function of its seed.
Check characters come from python-stdnum, the same library the schemas validate with.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from mchverify.schemas.codes import Gender
from mchverify.synth.geo import PROVINCES, ROADS, Place, Province

__all__ = [
    "add_years",
    "address",
    "birth_date_for_age",
    "id_number",
    "minority_name",
    "org_code",
    "person_name",
    "phone_number",
    "pick_place",
    "random_date",
    "rare_han_name",
    "uscc_code",
    "working_day",
]

# Common surnames, roughly by frequency (the first ones more often); a few compound ones.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
_GIVEN_FEMALE = "秀英华慧娟敏静丽艳芳娜玲霞燕红梅琳婷雪颖洁琴云莉萍倩晶媛佳欣怡悦蓉岚璐瑶菲蕾薇丹露晓"
_GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞斌波宇浩峰凯俊帅健彬鑫毅志国建文斌亮成东林晨"
_GIVEN_ANY = "文华明晓海永春建新立金一小思嘉宏德玉志天子雨晨"


def person_name(rng: random.Random, gender: Gender) -> str:
    """2–3 characters: a common surname and one or two given-name characters."""
    if rng.random() < 0.015:
        surname = rng.choice(_COMPOUND_SURNAMES)
        n_given = 1
    else:
        # Weight earlier (more common) surnames more.
        idx = min(int(rng.expovariate(1 / 25)), len(_SURNAMES) - 1)
        surname = _SURNAMES[idx]
        n_given = 1 if rng.random() < 0.35 else 2
    pool = _GIVEN_MALE if gender == Gender.MALE else _GIVEN_FEMALE
    given = ""
    for i in range(n_given):
        source = pool if (i == n_given - 1 or rng.random() < 0.6) else _GIVEN_ANY
        ch = rng.choice(source)
        while given and ch == given[-1] and rng.random() < 0.8:
            ch = rng.choice(source)
        given += ch
    return surname + given


# Names of other nationalities as Chinese documents print them. Uyghur and Kazakh names
# are a given name and the father's name joined by a middle dot (U+00B7); Tibetan and
# Mongolian names are written without one. Rare characters occur in Han given names.
_UYGHUR_GIVEN_FEMALE = ("古丽米热", "阿依古丽", "帕提古丽", "热依拉", "迪丽努尔", "努尔古丽",
                        "再努尔", "阿娜尔古丽", "米日古丽", "布合力其木", "阿孜古丽", "祖丽皮亚")
_UYGHUR_GIVEN_MALE = ("买买提", "艾合买提", "吐尔逊", "阿不都热依木", "艾力", "依明", "塔依尔",
                      "库尔班", "阿布力孜", "努尔兰", "叶尔兰", "哈力木拉提", "艾尔肯")
_FATHERS = ("艾合买提", "吐尔逊", "买买提明", "阿不都拉", "热合曼", "司马义", "玉素甫", "肉孜",
            "托合提", "努尔别克", "巴合提别克", "阿不力米提", "吾守尔", "依布拉音")
_UNDOTTED = {  # Tibetan and Mongolian names
    "female": ("央金卓玛", "次仁拉姆", "德吉央宗", "其其格", "乌日娜", "萨仁高娃", "格桑梅朵"),
    "male": ("扎西次仁", "旦增平措", "巴特尔", "额尔德尼", "格日勒图", "达瓦顿珠", "朝鲁门"),
}
_RARE_GIVEN = "垚赟喆玥堃昇燊犇淼珺琤旸玙锘堉翀"


def minority_name(rng: random.Random, gender: Gender) -> str:
    """A name of another nationality: mostly dotted (古丽米热·艾合买提), else undotted."""
    key = "male" if gender == Gender.MALE else "female"
    if rng.random() < 0.7:
        given = rng.choice(_UYGHUR_GIVEN_MALE if gender == Gender.MALE else _UYGHUR_GIVEN_FEMALE)
        return f"{given}·{rng.choice(_FATHERS)}"
    return rng.choice(_UNDOTTED[key])


def rare_han_name(rng: random.Random, gender: Gender) -> str:
    """A Han name whose given name has a rare character (垚, 赟, 喆…)."""
    base = person_name(rng, gender)
    return base[:-1] + rng.choice(_RARE_GIVEN)


def add_years(d: dt.date, years: int) -> dt.date:
    """Same day `years` later (29 Feb falls back to 28 Feb)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """Uniform date in [start, end] (end before start gives start)."""
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(0, span)))


def working_day(d: dt.date, *, not_after: dt.date | None = None) -> dt.date:
    """Move a weekend date to the nearest working day (authorities sign on weekdays)."""
    if d.weekday() == 5:
        d = d - dt.timedelta(days=1)
    elif d.weekday() == 6:
        d = d + dt.timedelta(days=1)
        if not_after is not None and d > not_after:
            d = d - dt.timedelta(days=2)
    return d


def birth_date_for_age(rng: random.Random, on: dt.date, min_age: int, max_age: int) -> dt.date:
    """A birth date such that the person is between min_age and max_age years old on `on`."""
    latest = add_years(on, -min_age)
    earliest = add_years(on, -max_age - 1) + dt.timedelta(days=1)
    return random_date(rng, earliest, latest)


def _region_candidates(province: Province) -> list[str]:
    codes = [d.code for c in province.cities for d in c.districts]
    codes += [c.code for c in province.cities]
    return codes


def id_number(rng: random.Random, birth: dt.date, gender: Gender, *,
              province: Province | None = None, allow_x: bool = True) -> str:
    """An 18-character GB 11643 number: region, birth date, sequence (odd = male), check.

    The region is one stdnum's table accepts for the birth year; districts created after
    the birth year are rejected by it, so it falls back to the city codes.
    """
    provinces: Sequence[Province] = [province] if province else PROVINCES
    prov = rng.choice(list(provinces))
    regions = _region_candidates(prov)
    rng.shuffle(regions)
    regions += [c for p in PROVINCES for c in _region_candidates(p)]
    for region in regions:
        for _ in range(8):
            seq = rng.randint(0, 99)
            last = rng.randrange(1, 10, 2) if gender == Gender.MALE else rng.randrange(0, 10, 2)
            body = f"{region}{birth:%Y%m%d}{seq:02d}{last}"
            number = body + ric.calc_check_digit(body + "0")
            if number.endswith("X") and not allow_x:
                continue
            try:
                ric.validate(number)
            except (ValidationError, KeyError):
                break  # region not accepted for this birth year: next region
            return number
    raise RuntimeError(f"no region code accepted for birth date {birth}")


def org_code(rng: random.Random) -> str:
    """A 9-character GB 11714 organisation code (8 digits and its check character)."""
    body = [rng.randint(0, 9) for _ in range(8)]
    body[0] = rng.randint(1, 9)
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(b * w for b, w in zip(body, weights)) % 11
    ch = "X" if check == 10 else ("0" if check == 11 else str(check))
    return "".join(map(str, body)) + ch


def uscc_code(rng: random.Random, region: str, org: str, *, kind: str) -> str:
    """A GB 32100 code: registrar and entity type, region, organisation code, check.

    `kind`: "public" (12: 机构编制 / 事业单位), "private_nonprofit" (52: 民政 / 民办非企业),
    "company" (91: 市场监管 / 企业).
    """
    head = {"public": "12", "private_nonprofit": "52", "company": "91"}[kind]
    body = head + region + org
    return body + uscc.calc_check_digit(body)


def pick_place(rng: random.Random, province: Province | None = None) -> Place:
    """A random province, city and district (or county)."""
    prov = province or rng.choice(PROVINCES)
    city = rng.choice(prov.cities)
    district = rng.choice(city.districts)
    return Place(prov, city, district)


def address(rng: random.Random, place: Place) -> str:
    """`浙江省杭州市西湖区文三路318号` (sometimes with a building)."""
    number = rng.choice((rng.randint(1, 99), rng.randint(100, 999), rng.randint(1, 60)))
    out = f"{place.address_prefix}{rng.choice(ROADS)}{number}号"
    if rng.random() < 0.12:
        out += f"{rng.randint(1, 9)}号楼"
    return out


def phone_number(rng: random.Random) -> str:
    """A landline as printed on application forms: 0571-87654321."""
    return f"0{rng.randint(10, 999)}-{rng.randint(10_000_000, 99_999_999)}"

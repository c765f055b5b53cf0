"""Value normalisation on OCR-noisy and text-layer strings (mchverify.extractors.normalize)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from mchverify.extractors.normalize import (
    clean_value,
    find_dates,
    mark_misread,
    normalize_id_number,
    normalize_identifier,
    normalize_uscc,
    parse_categories,
    parse_date,
    parse_date_range,
    parse_gender,
    parse_physician_level,
    parse_practice_category,
    separator_lost,
    shows_date_in_part,
    snap_to_vocabulary,
    split_list,
    title_level_from_name,
)
from mchverify.schemas.codes import Category, Gender, PhysicianLevel, PracticeCategory, TitleLevel

D = dt.date
VALID_ID = "11010519491231002X"  # the GB 11643 example number
VALID_USCC = "91110000600037341L"

# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年1月13日", D(2025, 1, 13)),
        ("2025年01月13日", D(2025, 1, 13)),
        ("2025 年 1 月 13 日", D(2025, 1, 13)),
        ("2025\u3000年\u30001\u3000月\u300013\u3000日", D(2025, 1, 13)),
        ("２０２５年１月１３日", D(2025, 1, 13)),
        ("2025.01.13", D(2025, 1, 13)),
        ("2025.1.13", D(2025, 1, 13)),
        ("2025-01-13", D(2025, 1, 13)),
        ("2025/1/13", D(2025, 1, 13)),
        ("２０２５．０１．１３", D(2025, 1, 13)),
        ("2025,01,13", D(2025, 1, 13)),  # '.' read as ','
        ("2025·01·13", D(2025, 1, 13)),  # '.' read as a middle dot
        ("20250113", D(2025, 1, 13)),
        ("发证日期：20250113", D(2025, 1, 13)),
        ("二〇二五年一月十三日", D(2025, 1, 13)),
        ("二零二五年元月十三日", D(2025, 1, 13)),
        ("二〇二五年十二月三十一日", D(2025, 12, 31)),
        ("二O二五年十月二十日", D(2025, 10, 20)),
        ("二○二五年二月廿八日", D(2025, 2, 28)),
        ("2O25年l月l3曰", D(2025, 1, 13)),  # O for 0, l for 1, 曰 for 日
        ("2025午1月13日", D(2025, 1, 13)),  # 年 read as 午
        ("|2025年1月13日|", D(2025, 1, 13)),  # table rule next to the date
        ("发证日期:2025年12月31", D(2025, 12, 31)),  # 日 lost at the line end
        ("2025年1月1号", D(2025, 1, 1)),
        ("发证机关：杭州市卫生健康委员会 2019年6月3日", D(2019, 6, 3)),
        ("二二四年十二月九日", D(2024, 12, 9)),  # 〇 lost under the seal ring
        ("二一九年三月一日", D(2019, 3, 1)),
        ("〇二三年九月十五日", D(2023, 9, 15)),  # the first 二 cut off by the seal's rim
        ("二二二六年七月十七日", D(2026, 7, 17)),  # 〇 read 二 under a seal's stroke (cp556)
        ("颁证日期2019年05月311", D(2019, 5, 31)),  # 日 read as 1 under the seal
        ("2024年12月277", D(2024, 12, 27)),  # 日 read as 7 under a fill printed high
        ("自2019年12.月15日", D(2019, 12, 15)),  # a copier's dot before 月 (make demo, doc0033)
        ("颁证日1期2024年:04月12日", D(2024, 4, 12)),  # a seal's stroke read as a colon
        ("2026年05月/18日", D(2026, 5, 18)),  # …or as a slash (a copy's dark seal)
        ("2022 09月08", D(2022, 9, 8)),  # the blank's 年 and 日 under the fill, lost
        ("2023·年01月02日", D(2023, 1, 2)),  # a copier's dot between the year and 年
        ("二（二六年六月二十二日", D(2026, 6, 22)),  # 〇 read as a bracket (a copy's seal)
        ("2023年(0)4月12日", D(2023, 4, 12)),  # a seal's strokes read as brackets
        ("2023年04月1(2)日", D(2023, 4, 12)),
        ("2020-12月25F", D(2020, 12, 25)),  # 年 blurred to a dash, 日 to F (tune seed 905, doc0072)
    ],
)
def test_parse_date_printed_formats(text: str, expected: D) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025年2月30日",  # no such day
        "2025.13.01",
        "二〇二五年二月三十日",
        VALID_ID,  # an ID number holds a date but is not one
        f"身份证号：{VALID_ID}",
        "110105194912310020",
        "公民身份号码 110105 19491231 002X",  # ID printed in groups
        "6222020200112233445",  # bank card
        "证书编号：20190325",  # an 8-digit certificate number
        "No.20190325",
        "A20190325",
        "20190325001",
        "0571-8888-1234",
        "电话 13800138000",
        "二〇二五年正月初一",  # lunar calendar: not a certificate date
        "二四年十二月九日",  # two numerals lost: the century is a guess
        "二三四年十二月九日",  # no 〇 fits: 2034 and 2304 both need a made-up numeral
        "二一九五年三月一日",  # one numeral off 2095 only: no certificate's year
        "2二二四年十二月九日",
        "九〇五年三月一日",
        "2019年05月321",  # no 32nd day: the 1 is no misread 日 then
        "2019年5月311",  # unpadded: 31日 or 3日 and a stray 1 cannot be told apart  # 一九〇五 without its 一: a year of no certificate here
        "〇三四年十二月九日",  # no 二〇 year reads so with one numeral lost
        "202501.24",  # a separator lost: a guess of shape (separator_lost), no date as read
        "",
    ],
)
def test_find_dates_no_false_positives(text: str) -> None:
    assert find_dates(text) == []


def test_find_dates_spans_and_order() -> None:
    text = "发证日期 2025年1月13日 有效期至 ２０３０.０１.１２"
    dates = find_dates(text)
    assert [d for d, _ in dates] == [D(2025, 1, 13), D(2030, 1, 12)]
    assert [text[a:b] for _, (a, b) in dates] == ["2025年1月13日", "２０３０.０１.１２"]


def test_find_dates_skips_invalid_keeps_valid() -> None:
    dates = find_dates("2025年2月30日 2025年3月1日")
    assert [d for d, _ in dates] == [D(2025, 3, 1)]


def test_find_dates_chinese_span_covers_whole_date() -> None:
    text = "于二〇二五年十二月三十一日发"
    ((date, (a, b)),) = find_dates(text)
    assert date == D(2025, 12, 31)
    assert text[a:b] == "二〇二五年十二月三十一日"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020年1月1日至2025年12月31日", (D(2020, 1, 1), D(2025, 12, 31))),
        ("自2020年01月01日起至2025年12月31日止", (D(2020, 1, 1), D(2025, 12, 31))),
        ("2020.01.01-2025.12.31", (D(2020, 1, 1), D(2025, 12, 31))),
        ("2020.01.01—2025.12.31", (D(2020, 1, 1), D(2025, 12, 31))),
        ("2023年12月8日一2028年12月7日", (D(2023, 12, 8), D(2028, 12, 7))),  # — read as 一
        ("2020年1月1日 至 2025年12月31日", (D(2020, 1, 1), D(2025, 12, 31))),
        (
            "有效期限：自 2020 年 1 月 1 日 起 至 2025 年 12 月 31 日 止",
            (D(2020, 1, 1), D(2025, 12, 31)),
        ),
        ("2020年1月1日", (D(2020, 1, 1), None)),
        ("2020年1月1日起", (D(2020, 1, 1), None)),
        ("有效期至2025年12月31日", (None, D(2025, 12, 31))),
        ("有效期：至 2025.12.31", (None, D(2025, 12, 31))),
        ("2025年12月31日止", (None, D(2025, 12, 31))),
        ("有效期限", (None, None)),
        ("2024.06.212027.06.20", (D(2024, 6, 21), D(2027, 6, 20))),  # the dash not read
        ("2027.06.212024.06.20", (None, None)),  # glued the wrong way round: not a period
        ("2025.07.07.至.2030.07.06", (D(2025, 7, 7), D(2030, 7, 6))),  # specks by 至
        # a dot with a copier's speck over it, read as a colon
        ("有效期限：2012.10.30至2027:10.29", (D(2012, 10, 30), D(2027, 10, 29))),
        # a fax's dot read as a full stop beside the hyphen (bench-verify tune, doc0117)
        ("2026-07-27至2031-07.-26", (D(2026, 7, 27), D(2031, 7, 26))),
    ],
)
def test_parse_date_range(text: str, expected: tuple[D | None, D | None]) -> None:
    assert parse_date_range(text) == expected


def test_parse_date_range_prefers_the_joined_pair() -> None:
    text = "发证日期2019年5月1日 有效期 2020年1月1日至2025年12月31日"
    assert parse_date_range(text) == (D(2020, 1, 1), D(2025, 12, 31))


# Printed-style formatters for the round-trip property.

_CN_DIGITS = "〇一二三四五六七八九"


def _cn_small(n: int) -> str:
    """1..31 the way certificates print it: 十, 十三, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def fmt_cjk_arabic(d: D, *, pad: bool, spaced: bool) -> str:
    m, day = (f"{d.month:02d}", f"{d.day:02d}") if pad else (str(d.month), str(d.day))
    sp = " " if spaced else ""
    return f"{d.year}{sp}年{sp}{m}{sp}月{sp}{day}{sp}日"


def fmt_separated(d: D, *, sep: str, pad: bool) -> str:
    m, day = (f"{d.month:02d}", f"{d.day:02d}") if pad else (str(d.month), str(d.day))
    return f"{d.year}{sep}{m}{sep}{day}"


def fmt_compact(d: D) -> str:
    return d.strftime("%Y%m%d")


def fmt_chinese(d: D, *, zero: str, yuan: bool) -> str:
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year)).replace("〇", zero)
    month = "元" if yuan and d.month == 1 else _cn_small(d.month)
    return f"{year}年{month}月{_cn_small(d.day)}日"


_FULLWIDTH = str.maketrans("0123456789.-/", "０１２３４５６７８９．－／")

printed_dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))


@st.composite
def printed(draw: st.DrawFn) -> tuple[D, str]:
    d = draw(printed_dates)
    style = draw(st.sampled_from(["cjk", "sep", "compact", "chinese"]))
    if style == "cjk":
        s = fmt_cjk_arabic(d, pad=draw(st.booleans()), spaced=draw(st.booleans()))
    elif style == "sep":
        s = fmt_separated(d, sep=draw(st.sampled_from(".-/")), pad=draw(st.booleans()))
    elif style == "compact":
        s = fmt_compact(d)
    else:
        s = fmt_chinese(d, zero=draw(st.sampled_from("〇零○O")), yuan=draw(st.booleans()))
    if draw(st.booleans()):
        s = s.translate(_FULLWIDTH)
    prefix = draw(st.sampled_from(["", "发证日期：", "日期 ", "有效期至", "\u3000"]))
    suffix = draw(st.sampled_from(["", "。", " 止", "\u3000"]))
    return d, prefix + s + suffix


@settings(max_examples=300, deadline=None)
@given(printed())
def test_printed_dates_round_trip(case: tuple[D, str]) -> None:
    d, text = case
    assert parse_date(text) == d
    assert len(find_dates(text)) == 1


@settings(max_examples=100, deadline=None)
@given(printed_dates, printed_dates)
def test_printed_range_round_trip(a: D, b: D) -> None:
    text = (
        f"自{fmt_cjk_arabic(a, pad=True, spaced=False)}起至{fmt_separated(b, sep='.', pad=True)}止"
    )
    assert parse_date_range(text) == (a, b)


# ----------------------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("浙卫母婴〔2025〕第0012号", "浙卫母婴(2025)第0012号"),
        (" ：浙卫 母婴【2025】第 0012 号。", "浙卫母婴(2025)第0012号"),
        ("浙卫母婴［２０２５］第００１２号", "浙卫母婴(2025)第0012号"),
        ("浙卫母婴（2025）第\u30000012号", "浙卫母婴(2025)第0012号"),
        ("浙卫母婴[2025]第0012号:", "浙卫母婴(2025)第0012号"),
        ("佛卫母婴许「2025)049号", "佛卫母婴许(2025)049号"),  # 〔 read 「 (tune seed 1302, doc0018)
        ("PDY60028433010617A1001", "PDY60028433010617A1001"),
        # specks a copy or a seal left against a bracket, or inside the bracketed year
        ("济卫母婴许:(2025)130号", "济卫母婴许(2025)130号"),
        ("长人社职字(2016).86495号", "长人社职字(2016)86495号"),
        ("榕闽人口计服字(20.16)040号", "榕闽人口计服字(2016)040号"),
        ("A.B(1.2)3", "A.B(1.2)3"),  # not a year: left as printed
        ("201243110430200197609110908.", "201243110430200197609110908"),  # a speck at the end
        ("计服证字第3202114941号,", "计服证字第3202114941号"),
        # a speck before the number, read as 、 (a fax, tune seed 1206)
        ("、济历卫母婴许(2024)199号", "济历卫母婴许(2024)199号"),
    ],
)
def test_normalize_identifier(text: str, expected: str) -> None:
    assert normalize_identifier(text) == expected


_IDENT_ALPHABET = st.sampled_from(
    list("〔〕【】［］（）[]():：。 \u3000\t号第卫字ａＡ１0１2xX") + ["\u0301", "\u00b4", "\ufe5d"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_IDENT_ALPHABET)))
def test_normalize_identifier_idempotent(text: str) -> None:
    once = normalize_identifier(text)
    assert normalize_identifier(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID_ID, VALID_ID),
        ("11010519491231002x", VALID_ID),
        ("１１０１０５１９４９１２３１００２Ｘ", VALID_ID),
        ("公民身份号码 110105 1949 1231 002X", VALID_ID),
        ("身份证号：11O1O5l949l23lOO2X", VALID_ID),
        ("身份证号:1101O5I9491231OO2×", VALID_ID),
        ("11010S1949123100Zx", VALID_ID),
        ("ID No. 11010519491231002X", VALID_ID),
        ("电话0571 11010519491231002X", VALID_ID),  # digits glued on are not taken
        ("11010519491231002X 性别 男", VALID_ID),
        ("abc", "ABC"),
        ("BOSSBOSSBOSSBOSSBOSS", "BOSSBOSSBOSSBOSSBOSS"),  # a word is not a misread number
    ],
)
def test_normalize_id_number(text: str, expected: str) -> None:
    assert normalize_id_number(text) == expected


def test_a_speck_between_two_digits_of_an_id_number_is_dropped() -> None:
    """6501:00197010131409 (a copy's speck; bench verify tune seed 2026, doc0137)."""
    assert normalize_id_number("6501:00197010131409") == "650100197010131409"


def test_normalize_id_number_keeps_unverifiable_candidate() -> None:
    # one digit misread as another digit: still 18 characters, checksum left to the checks
    out = normalize_id_number("身份证号 110105194912310021")
    assert out == "110105194912310021"
    assert not ric.is_valid(out)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID_USCC, VALID_USCC),
        ("统一社会信用代码：91110000600037341L", VALID_USCC),
        ("9111OOOO6OOO3734IL", VALID_USCC),  # O and I are not in the code alphabet
        (" 9111 0000 6000 3734 1l", VALID_USCC),
        ("９１１１００００６０００３７３４１Ｌ", VALID_USCC),
        ("91330106MA2B0LQG7K", "91330106MA2B0LQG7K"),  # letters where letters may stand
    ],
)
def test_normalize_uscc(text: str, expected: str) -> None:
    out = normalize_uscc(text)
    assert out == expected
    if expected == VALID_USCC:
        assert uscc.is_valid(out)


def test_normalize_uscc_fixes_region_digits_only() -> None:
    # 'B' in the division code (characters 3-8) is an 8; in the organisation code it stays
    assert normalize_uscc("9133O1B6MA2BOLQG7K") == "91330186MA2B0LQG7K"


# ----------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("男", Gender.MALE),
        ("性别：女", Gender.FEMALE),
        ("男性", Gender.MALE),
        ("女性", Gender.FEMALE),
        (" 女 ", Gender.FEMALE),
        ("Female", Gender.FEMALE),
        ("杭州市妇女儿童医院", None),
        ("男女", None),
        ("", None),
    ],
)
def test_parse_gender(text: str, expected: Gender | None) -> None:
    assert parse_gender(text) == expected


C = Category


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "婚前医学检查、遗传病诊断、产前诊断",
            [C.PREMARITAL_EXAM, C.GENETIC_DIAGNOSIS, C.PRENATAL_DIAGNOSIS],
        ),
        (
            "产前筛查；助产技术；结扎手术；终止妊娠手术",
            [C.PRENATAL_SCREENING, C.MIDWIFERY, C.LIGATION, C.PREGNANCY_TERMINATION],
        ),
        (
            "助产技术，结扎手术,终止妊娠手术;家庭接生",
            [C.MIDWIFERY, C.LIGATION, C.PREGNANCY_TERMINATION, C.HOME_DELIVERY],
        ),
        ("助产技术结扎手术终止妊娠手术", [C.MIDWIFERY, C.LIGATION, C.PREGNANCY_TERMINATION]),
        ("助产 结扎 终止妊娠", [C.MIDWIFERY, C.LIGATION, C.PREGNANCY_TERMINATION]),
        ("终止妊娠、结扎", [C.PREGNANCY_TERMINATION, C.LIGATION]),
        ("终 止 妊 娠 手 术\u3000家庭接生", [C.PREGNANCY_TERMINATION, C.HOME_DELIVERY]),
        ("考核项目：产前诊断", [C.PRENATAL_DIAGNOSIS]),
        ("产前诊断、产前筛查", [C.PRENATAL_DIAGNOSIS, C.PRENATAL_SCREENING]),
        ("产前筛查、产前诊断", [C.PRENATAL_SCREENING, C.PRENATAL_DIAGNOSIS]),
        ("产前诊断 产前诊断", [C.PRENATAL_DIAGNOSIS]),  # no duplicates
        ("產前篩査", [C.PRENATAL_SCREENING]),  # variant forms from old text layers
        # one OCR-confused character in a long name
        ("婚前医学检杳", [C.PREMARITAL_EXAM]),
        ("婚前医字检查", [C.PREMARITAL_EXAM]),
        ("遗传病珍断", [C.GENETIC_DIAGNOSIS]),
        ("遗传痛诊断、产前诊断", [C.GENETIC_DIAGNOSIS, C.PRENATAL_DIAGNOSIS]),
        ("终止妊振手术", [C.PREGNANCY_TERMINATION]),
        ("终止妊娠手木", [C.PREGNANCY_TERMINATION]),
        ("婚前医学检", [C.PREMARITAL_EXAM]),  # last character lost
    ],
)
def test_parse_categories(text: str, expected: list[Category]) -> None:
    assert parse_categories(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "产前检查",  # prenatal care: one character from 产前筛查, but another service
        "产前诊查",  # one edit from both prenatal names: refuse to choose
        "产前珍断",  # four-character names are matched exactly only
        "家庭医生",
        "母婴保健技术考核合格证书",
        "母婴保健技术服务执业许可证",
        "妇产科；内科；外科",
        "遗传咨询",
        "",
    ],
)
def test_parse_categories_no_false_positives(text: str) -> None:
    assert parse_categories(text) == []


def test_prenatal_screening_never_read_as_diagnosis() -> None:
    assert C.PRENATAL_DIAGNOSIS not in parse_categories("产前筛查")
    assert C.PRENATAL_SCREENING not in parse_categories("产前诊断")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("执业医师", PhysicianLevel.PHYSICIAN),
        ("医师级别：执业医师", PhysicianLevel.PHYSICIAN),
        ("执 业 医 师", PhysicianLevel.PHYSICIAN),
        ("执业医帅", PhysicianLevel.PHYSICIAN),
        ("医师", PhysicianLevel.PHYSICIAN),
        ("执业助理医师", PhysicianLevel.ASSISTANT_PHYSICIAN),
        ("医师级别：执业助理医师", PhysicianLevel.ASSISTANT_PHYSICIAN),
        ("执业助埋医师", PhysicianLevel.ASSISTANT_PHYSICIAN),
        ("执业助医师", PhysicianLevel.ASSISTANT_PHYSICIAN),
        ("执业理医师", PhysicianLevel.ASSISTANT_PHYSICIAN),
        ("助理医师", PhysicianLevel.ASSISTANT_PHYSICIAN),
        ("医师资格证书", None),
        ("临床", None),
        ("", None),
    ],
)
def test_parse_physician_level(text: str, expected: PhysicianLevel | None) -> None:
    assert parse_physician_level(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("临床", PracticeCategory.CLINICAL),
        ("执业类别：临床类别", PracticeCategory.CLINICAL),
        ("中医", PracticeCategory.TCM),
        ("中医类别", PracticeCategory.TCM),
        ("民族医", PracticeCategory.TCM),
        ("蒙医", PracticeCategory.TCM),
        ("中西医结合", PracticeCategory.TCM),
        ("口腔", PracticeCategory.DENTAL),
        ("口 腔 类 别", PracticeCategory.DENTAL),
        ("公共卫生类别", PracticeCategory.PUBLIC_HEALTH),
        ("内科专业", None),
        ("", None),
    ],
)
def test_parse_practice_category(text: str, expected: PracticeCategory | None) -> None:
    assert parse_practice_category(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("主任医师", TitleLevel.SENIOR),
        ("主任技师", TitleLevel.SENIOR),
        ("主任护师", TitleLevel.SENIOR),
        ("主任药师", TitleLevel.SENIOR),
        ("主任中医师", TitleLevel.SENIOR),
        ("副主任医师", TitleLevel.ASSOCIATE_SENIOR),
        ("副主任护师", TitleLevel.ASSOCIATE_SENIOR),
        ("副 主 任 技 师", TitleLevel.ASSOCIATE_SENIOR),
        ("主治医师", TitleLevel.INTERMEDIATE),
        ("主治中医师", TitleLevel.INTERMEDIATE),
        ("主管技师", TitleLevel.INTERMEDIATE),
        ("主管护师", TitleLevel.INTERMEDIATE),
        ("主管药师", TitleLevel.INTERMEDIATE),
        ("医师", TitleLevel.JUNIOR),
        ("技师", TitleLevel.JUNIOR),
        ("护师", TitleLevel.JUNIOR),
        ("药师", TitleLevel.JUNIOR),
        ("医士", TitleLevel.JUNIOR),
        ("护士", TitleLevel.JUNIOR),
        ("正高级", TitleLevel.SENIOR),
        ("副高级", TitleLevel.ASSOCIATE_SENIOR),
        ("中级", TitleLevel.INTERMEDIATE),
        ("初级", TitleLevel.JUNIOR),
        ("资格级别：中级", TitleLevel.INTERMEDIATE),
        ("主管检验师", TitleLevel.INTERMEDIATE),
        ("主任、主治医师", TitleLevel.INTERMEDIATE),
        ("妇产科", None),
        ("", None),
    ],
)
def test_title_level_from_name(text: str, expected: TitleLevel | None) -> None:
    assert title_level_from_name(text) == expected


# ----------------------------------------------------------------------------- free text

DEPARTMENTS = ["内科", "外科", "妇产科", "妇科专业", "产科专业", "儿科", "医学检验科"]


def test_snap_to_vocabulary_exact_and_noisy() -> None:
    assert snap_to_vocabulary("妇产科", DEPARTMENTS) == ("妇产科", 100.0)
    assert snap_to_vocabulary(" ：妇 产 科 ", DEPARTMENTS) == ("妇产科", 100.0)
    hit = snap_to_vocabulary("医学捡验科", DEPARTMENTS, min_score=75)
    assert hit is not None and hit[0] == "医学检验科" and 75 <= hit[1] < 100


def test_snap_to_vocabulary_refuses_far_text() -> None:
    assert snap_to_vocabulary("眼科", DEPARTMENTS) is None
    assert snap_to_vocabulary("内科专业诊疗", DEPARTMENTS) is None  # no partial matching
    assert snap_to_vocabulary("", DEPARTMENTS) is None
    assert snap_to_vocabulary("内科", []) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("内科；外科、妇产科,儿科。", ["内科", "外科", "妇产科", "儿科"]),
        ("内科；外科；；妇产科", ["内科", "外科", "妇产科"]),
        ("预防保健科  内科\u3000外科", ["预防保健科", "内科", "外科"]),
        ("内科，外科;  妇产科 ；", ["内科", "外科", "妇产科"]),
        (
            "医学影像科（X线诊断专业、CT诊断专业）；儿科",
            ["医学影像科(X线诊断专业、CT诊断专业)", "儿科"],
        ),
        ("放置宫内节育器：孕情检查、人工流产术", ["放置宫内节育器", "孕情检查", "人工流产术"]),
        ("", []),
        ("。", []),
    ],
)
def test_split_list(text: str, expected: list[str]) -> None:
    assert split_list(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("：杭州市西湖区卫生健康局", "杭州市西湖区卫生健康局"),
        (" : ：  张三 ", "张三"),
        ("\u3000ＡＢＣ１２３\u3000杭州市", "ABC123 杭州市"),
        ("浙江省　　卫生健康委员会", "浙江省 卫生健康委员会"),
        ("地址：杭州市、西湖区。", "地址:杭州市、西湖区。"),  # CJK punctuation kept as printed
        ("\u2f42\u4ef6", "文件"),  # Kangxi radical from a PDF text layer
        ("", ""),
    ],
)
def test_clean_value(text: str, expected: str) -> None:
    assert clean_value(text) == expected


def test_a_numeral_day_cut_by_a_seal_is_no_date() -> None:
    """二〇二六年三月三十 | 一日 (the seal's ring cut the line): 三十 may be 三十一, so the
    date is not read at all rather than read a day early (a false REGISTRY_MISMATCH)."""
    from mchverify.extractors.normalize import parse_date

    assert parse_date("二〇二六年三月三十") is None
    assert parse_date("二〇二六年三月三十一日") == dt.date(2026, 3, 31)
    assert parse_date("2026年3月30") == dt.date(2026, 3, 30)  # Arabic digits keep whole


@pytest.mark.parametrize(("text", "expected"), [
    # 日 lost under a fax's seal (tune seed 1501, doc0053): a units numeral ends a day
    ("二〇二四年三月五", D(2024, 3, 5)),
    ("二〇二四年三月二十一", D(2024, 3, 21)),
    ("二〇二四年三月二", None),  # may be 二十…
    ("二〇二四年三月三", None),  # may be 三十…
    ("二〇二四年三月二十", None),  # may be 二十X
])
def test_a_numeral_day_that_ends_in_its_units_is_whole(text: str, expected: D | None) -> None:
    from mchverify.extractors.normalize import parse_date

    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # 十 under a seal's strokes read as another character (a fax, tune seed 1206)
    ("二〇二六年七月二平一日", D(2026, 7, 21)),
    ("二〇二三年永月六日", D(2023, 10, 6)),
    ("二〇二三年十月六日", None),  # read as printed: nothing to restore
    ("二〇二三年永月平日", None),  # two characters no numeral: too much to guess
    ("二〇二三年七月二平一十日", None),  # 十 in its place makes no date
])
def test_a_chinese_numeral_dates_ten_read_as_another_character(text: str, expected: D | None,
                                                               ) -> None:
    from mchverify.extractors.normalize import ten_restored

    assert ten_restored(text) == expected


@pytest.mark.parametrize(
    ("read", "day", "shows"),
    [
        ("二六年六月十九日", D(2026, 6, 29), True),  # 〇 and the day's 二 under a seal
        ("二六年六月十九日", D(2026, 6, 19), True),  # …fits the 19th as well
        ("二〇二六年四十四日", D(2026, 4, 14), True),  # 月 lost
        ("发证日期 202年07月3日", D(2024, 7, 3), True),
        ("二六年六月十九日", D(2026, 6, 18), False),  # 九 is no 八
        ("二〇二五年九月十十日", D(2025, 9, 11), False),  # a numeral read as another
        ("二○二三年八章", D(2023, 8, 2), False),  # a mark read as a word, no day
        ("二〇二六年四月", D(2026, 4, 14), False),  # the day lost whole
        ("二〇二六年六月二十九日", D(2026, 6, 29), False),  # a whole date is read, not shown
        ("二〇冬六年一月二十六日", D(2026, 1, 26), True),  # a numeral blotted into a word
        ("二○二年三月二十", D(2026, 3, 27), True),  # a circle read for 〇 (seed 1402, doc0011)
        ("二〇冬冬年一月二十六日", D(2026, 1, 26), False),  # …two are too many
        ("二〇二四年六月微日", D(2024, 6, 6), False),  # a blot is no numeral the day kept
        ("二〇冬六年一月二十五日", D(2026, 1, 26), False),  # …nor excuses a numeral misread
        # 4年 under a fax's seal read as a mark (tune seed 1501, doc0036)
        ("202+4月17日", D(2024, 4, 17), True),
        ("202+4月18日", D(2024, 4, 17), False),
        ("20++4月17日", D(2024, 4, 17), False),  # two blots
    ],
)
def test_shows_date_in_part(read: str, day: D, shows: bool) -> None:
    assert shows_date_in_part(read, day, 3) is shows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发证日期202501.24", D(2025, 1, 24)),  # a fax's first dot lost (tune cp1301, doc0030)
        ("2025.0124", D(2025, 1, 24)),  # …or its second
        ("编号202501.24", None),  # after a number's label: a number
        ("202501.2", None),  # the day unpadded: 2 or 2x
        ("2025.0124.5", None),  # a run of numbers, no date
        ("12025.0124", None),
        ("202513.24", None),  # no 13th month
        ("2025.01.24", None),  # a date as read is no guess
    ],
)
def test_separator_lost(text: str, expected: D | None) -> None:
    assert separator_lost(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年08912日", D(2021, 8, 12)),  # 月 read 9 under a seal (tune cp1401, doc0013)
        ("2021年08 9 12日", D(2021, 8, 12)),  # …spaced as a printer's fill
        ("2021年8912日", None),  # the month unpadded: 8 or 89, no one reading
        ("2021年13912日", None),  # no 13th month
        ("2021年08932日", None),  # no 32nd day
        ("2021年08912", None),  # no 日 to close the day: a run of digits
        ("2021年08月12日", None),  # a date as read is no guess
    ],
)
def test_mark_misread(text: str, expected: D | None) -> None:
    assert mark_misread(text) == expected

"""Turn OCR'd or text-layer strings into the contract's values (domain.md §2).

Input is noisy: fullwidth forms, stray (ideographic) spaces, label colons, look-alike
characters (O for 0, l for 1, 曰 for 日), dropped separators. Every function here is pure
and tolerant of that noise, and conservative: a value it is unsure of is ``None``, never a
guess that could turn into a false flag downstream.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from stdnum.cn import ric, uscc

from mchverify.schemas.codes import (
    ZH,
    Category,
    Gender,
    PhysicianLevel,
    PracticeCategory,
    TitleLevel,
)

__all__ = [
    "chinese_date",
    "clean_value",
    "duration_years",
    "find_dates",
    "is_open_ended",
    "normalize_id_number",
    "normalize_identifier",
    "normalize_uscc",
    "numerals_lost",
    "padding_broken",
    "parse_categories",
    "parse_date",
    "parse_date_range",
    "parse_gender",
    "parse_physician_level",
    "parse_practice_category",
    "period_end",
    "separator_lost",
    "shows_date_in_part",
    "snap_to_vocabulary",
    "split_list",
    "starts_period",
    "ten_restored",
    "title_level_from_name",
    "year_cut",
]

# Dates outside this window are OCR noise or other numbers, not certificate dates.
_MIN_YEAR, _MAX_YEAR = 1900, 2099

_WS_RE = re.compile(r"\s+")


#: 〇 read as a bracket between two Chinese numerals (二（二六年: a round glyph, a stroke of
#: the seal's ring across it): no bracket stands inside a number.
_ZERO_AS_BRACKET = re.compile("(?<=[一二三四五六七八九〇])[(（)）](?=[一二三四五六七八九〇])")


#: A digit of a date boxed in brackets by a seal's strokes (2023年(0)4月12日): the brackets
#: go, as spaces before the digits so that the length stays.
_BRACKETED_DIGIT = re.compile(r"(?<=[年月])\(([0-9])\)(?=[0-9])|([0-9])\(([0-9])\)(?=[月日])")


def _unbracket(m: re.Match[str]) -> str:
    if m.group(1):
        return "  " + m.group(1)
    return m.group(2) + m.group(3) + "  "


def _fold(text: str) -> str:
    """NFKC each character, keeping the length so spans found in the result fit ``text``."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return _BRACKETED_DIGIT.sub(_unbracket, _ZERO_AS_BRACKET.sub("〇", "".join(out)))


def _squash(text: str) -> str:
    """NFKC and all whitespace removed: OCR puts stray spaces inside words."""
    return _WS_RE.sub("", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------- dates

# Digit look-alikes OCR produces inside dates, and the Chinese numerals of printed dates.
_DIGIT_VALUE: dict[str, int] = {str(i): i for i in range(10)}
_DIGIT_VALUE.update({c: 0 for c in "Oo〇○◯零"})
_DIGIT_VALUE.update({c: 1 for c in "lI"})
_DIGIT_VALUE.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})

_ARABIC = "0-9Oo〇○◯lI"  # look-alikes allowed where a printed Arabic digit stands
_CN = "〇零一二三四五六七八九"
_YEAR_CH = f"[{_ARABIC}{_CN}]"
_MONTH_TOKEN = f"[{_ARABIC}{_CN}十元]{{1,3}}"
_DAY_TOKEN = f"[{_ARABIC}{_CN}十廿卅]{{1,3}}"
# A year is not the tail of a longer number (an ID, a phone number); after 日 an 一 is a
# dash read as one (2023年12月8日一2028年12月7日).
_NOT_AFTER_NUMBER = "(?:(?<![0-9〇零一二三四五六七八九十])|(?<=[日号]一))"

# A speck read as punctuation before or after 年, or before or after 月 (a seal's stroke or
# a copier's dot: 2024年:04月12日, 2023·年01月02日, 05月/18日, 12.月15日), or standing for
# a 年 a copy's seal blurred (2020-12月25日).
# The blank's 年 may be lost where the fill's digits cover it (2022 09月08): the month's
# 月 still makes it a date.
_SPECK = "[:：.,，·、/|\\-－]?"
_YMD_CJK_RE = re.compile(
    rf"{_NOT_AFTER_NUMBER}(?P<y>{_YEAR_CH}(?:[ \t]?{_YEAR_CH}){{3}})\s*{_SPECK}\s*(?:[年午]{_SPECK})?\s*"
    rf"(?P<m>{_MONTH_TOKEN})\s*{_SPECK}\s*月{_SPECK}\s*"
    rf"(?P<d>{_DAY_TOKEN})(?:\s*[日曰号]|(?![{_ARABIC}{_CN}十]))"
)
# A Chinese-numeral year whose 〇 the seal ring swallowed: 二二四年 can only be 2024
# (二〇二四), the one four-digit year of this century that reads so with one character lost;
# and one whose first 二 the seal's rim cut off: 〇二三年 can only be 2023 (a year of the
# last century begins 一九, and without its 一 reads 九…).
_YMD_CN3_RE = re.compile(
    rf"{_NOT_AFTER_NUMBER}(?P<y>二[一二][{_CN}]|〇[一二][{_CN}])\s*年\s*"
    rf"(?P<m>[{_CN}十]{{1,3}})\s*月\s*"
    rf"(?P<d>[{_CN}十廿卅]{{1,3}})\s*[日曰号]"
)
# '.' is often read as ',', a middle dot, or a colon (a dot with a speck above it on a
# copy: 2027:10.29); '-' and '/' are printed as such.
#: a separator of an Arabic date: one mark, or a mark with a speck beside it (07.-26: a
#: fax's dot read as a full stop next to the hyphen)
_SEP_MARK = r"[.,·•∙・/\-。:]"
_SEP = rf"\s*{_SEP_MARK}(?:\s*{_SEP_MARK})?\s*"
_YMD_SEP_RE = re.compile(
    rf"(?<![0-9.])(?P<y>[{_ARABIC}]{{4}}){_SEP}(?P<m>[{_ARABIC}]{{1,2}}){_SEP}"
    rf"(?P<d>[{_ARABIC}]{{1,2}})(?![0-9])"
)
# A zero-padded date that lost one of its two separators (202501.24, 2025.0124: a fax's dot
# under the line's dots): the padding alone says where the month begins and ends. Both
# separators must have been the same kind of mark, so only one lost can be told.
_YMD_ONE_SEP_LOST_RE = re.compile(
    r"(?<![0-9A-Za-z._/\-])(?P<y>(?:19|20)[0-9]{2})"
    r"(?:(?P<m1>[0-9]{2})[.\-/](?P<d1>[0-9]{2})|[.\-/](?P<m2>[0-9]{2})(?P<d2>[0-9]{2}))"
    r"(?![0-9A-Za-z_/\-]|\.[0-9])"
)
# Eight real digits standing alone; anything glued to them makes it part of a code.
# A neighbouring group across one space counts too: IDs are printed as 110105 19491231 002X.
_YMD_COMPACT_RE = re.compile(
    r"(?<![0-9A-Za-z._/\-])(?<![0-9A-Za-z]\s)(?P<c>[0-9]{8})(?![0-9A-Za-z_/\-])(?!\s[0-9A-Za-z])"
)
# An 8-digit number right after a number label is an identifier, not a date.
_NUMBER_LABEL_RE = re.compile(r"(?:号|码|No\.?|NO\.?|no\.?)\s*[:]?\s*$")


def _number(token: str) -> int | None:
    """Value of a date part printed in Arabic digits, look-alikes or Chinese numerals."""
    s = _WS_RE.sub("", token)
    if s == "元":
        return 1
    s = s.replace("廿", "二十").replace("卅", "三十")
    if "十" in s:
        head, _, tail = s.partition("十")
        if "十" in tail or len(head) > 1 or len(tail) > 1:
            return None
        tens = _DIGIT_VALUE.get(head) if head else 1
        ones = _DIGIT_VALUE.get(tail) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    digits = [_DIGIT_VALUE.get(c) for c in s]
    if not digits or any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _make_date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if y is None or m is None or d is None or not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


#: a date's parts as printed, in Arabic digits or Chinese numerals, each before its mark
_PART_NUMERALS = "([0-9〇零一二三四五六七八九十]*)"
_DATE_PARTS = re.compile(rf"{_PART_NUMERALS}\s*年\s*{_PART_NUMERALS}\s*月\s*{_PART_NUMERALS}\s*日")


def numerals_lost(read: str, text: str, most: int) -> bool:
    """`read` is the date `text` with one to `most` numerals lost and none read otherwise
    (202年08月17日 for 2026年08月17日, 二〇一年 for 二〇二一年): every part's numerals are
    the date's in order. What a seal's star or a copy's blur does to a printed date."""
    got, full = _DATE_PARTS.search(read), _DATE_PARTS.search(text)
    if got is None or full is None or got.group(0) == full.group(0):
        return False
    lost = sum(map(len, full.groups())) - sum(map(len, got.groups()))
    return 0 < lost <= most and all(
        _in_order(a, b) for a, b in zip(got.groups(), full.groups(), strict=True))


#: what a date's read is made of: numerals, digits and the three marks
_DATE_CHARS = frozenset("0123456789〇零一二三四五六七八九十年月日")


def shows_date_in_part(read: str, day: dt.date, most: int, *, parts: int = 3,
                       blots: int = 1) -> bool:
    """`read` is no date, but `day` printed with one to `most` characters lost and none
    read as another numeral, its year, month and day each still showing a numeral
    (二六年六月十九日 for 二〇二六年六月二十九日, 二〇二六年四十四日 for 二〇二六年四月
    十四日: a seal's ring and star across the print). One numeral may have been read as a
    word or a mark instead (二〇冬六年 for 二〇二六年, 202+4月 for 2024年4月: a blot, no
    other numeral), counted as lost.
    Such a read fits more than one date; it contradicts none that it fits. A circle read
    for 〇 (二○二年: the recogniser's other zero) is 〇. `parts`: how many of the year,
    month and day must keep a numeral; `blots`: how many numerals may be words."""
    folded = _WS_RE.sub("", _fold(read)).translate(_CIRCLES_AS_ZERO)
    if find_dates(folded):
        return False
    core = re.search(r"[0-9〇零一二三四五六七八九十].*[0-9〇零一二三四五六七八九十年月日]", folded)
    if core is None:
        return False
    got = core.group(0)
    blotted = sum(ch not in _DATE_CHARS for ch in got)
    if blotted > blots:
        return False
    return any(0 < len(form) - len(got) + blotted <= most and _fits_by_parts(got, form, parts)
               for form in (chinese_date(day), f"{day.year}年{day.month}月{day.day}日",
                            f"{day.year}年{day.month:02d}月{day.day:02d}日"))


#: the circles a recogniser reads for the Chinese zero 〇
_CIRCLES_AS_ZERO = str.maketrans("○◯", "〇〇")


def _fits_by_parts(got: str, form: str, parts: int = 3) -> bool:
    """`got` is a subsequence of `form` (a printed date) that keeps a numeral of `parts` of
    its year, month and day (all three by default); a character of `got` that is no numeral
    nor mark stands for one numeral of `form` and keeps no part."""
    part = [form[:i].count("年") + form[:i].count("月") if ch not in "年月日" else -1
            for i, ch in enumerate(form)]

    @functools.cache
    def fits(i: int, j: int, seen: frozenset[int]) -> bool:
        if i == len(got):
            return len(seen) >= parts
        if got[i] not in _DATE_CHARS:  # a blot over one numeral
            return any(fits(i + 1, k + 1, seen) for k in range(j, len(form)) if part[k] >= 0)
        return any(fits(i + 1, k + 1, seen | ({part[k]} - {-1}))
                   for k in range(j, len(form)) if form[k] == got[i])

    return fits(0, 0, frozenset())


def padding_broken(text: str) -> bool:
    """The date's month or day printed with a leading zero (07月) and the other with one
    digit (1日): a printer pads both or neither, so a digit of the short one was lost
    (2023年07月1日 for 2023年07月12日)."""
    m = _DATE_PARTS.search(text)
    if m is None:
        return False
    month, day = m.group(2), m.group(3)
    if not (month.isdigit() and day.isdigit()):
        return False
    return any(len(a) == 2 and a[0] == "0" and len(b) == 1 for a, b in ((month, day), (day, month)))


def year_cut(read: str, text: str) -> bool:
    """`read` is the date `text` whose year lost its first numerals or all of them, the
    month and day whole (三年十二月十八日 or 年十二月十八日 for 二〇一三年十二月十八日): a
    line's box begun a few characters late, the year left outside it under a seal."""
    got, full = _DATE_PARTS.search(read), _DATE_PARTS.search(text)
    if got is None or full is None:
        return False
    year, whole = got.group(1), full.group(1)
    return (len(year) < len(whole) and whole.endswith(year)
            and got.groups()[1:] == full.groups()[1:])


def _in_order(part: str, whole: str) -> bool:
    """`part`'s characters appear in `whole` in the same order (a subsequence)."""
    rest = iter(whole)
    return all(ch in rest for ch in part)


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1–31 as a printed date writes it: 七, 十, 十二, 二十, 二十八, 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """The date in Chinese numerals as certificates print it: 二〇二一年七月二日."""
    year = "".join(_CN_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def find_dates(text: str) -> list[tuple[dt.date, tuple[int, int]]]:
    """Every valid printed date with its span in ``text``, in reading order.

    Impossible dates (2月30日) and years outside 1900–2099 are dropped rather than
    repaired: a repaired date would be a made-up fact.
    """
    folded = _fold(text)
    found: list[tuple[dt.date, tuple[int, int]]] = []
    for rx in (_YMD_CJK_RE, _YMD_SEP_RE):
        for m in rx.finditer(folded):
            if rx is _YMD_CJK_RE and _cut_numeral_day(m):
                continue
            date = _make_date(_number(m["y"]), _number(m["m"]), _number(m["d"]))
            if date is None and rx is _YMD_CJK_RE:
                date = _day_with_its_mark_misread(m) or _make_date(
                    _year_one_numeral_off(m["y"]), _number(m["m"]), _number(m["d"]))
            if date is not None:
                found.append((date, m.span()))
    for m in _YMD_CN3_RE.finditer(folded):
        year = _number("二" + m["y"] if m["y"][0] == "〇" else "二〇" + m["y"][1:])
        date = _make_date(year, _number(m["m"]), _number(m["d"]))
        if date is not None:
            found.append((date, m.span()))
    for m in _YMD_COMPACT_RE.finditer(folded):
        if _NUMBER_LABEL_RE.search(folded[: m.start()]):
            continue
        c = m["c"]
        date = _make_date(int(c[:4]), int(c[4:6]), int(c[6:]))
        if date is not None:
            found.append((date, m.span()))
    found.sort(key=lambda item: (item[1][0], -item[1][1]))
    result: list[tuple[dt.date, tuple[int, int]]] = []
    for date, span in found:
        if result and span[0] < result[-1][1][1]:
            continue  # overlaps an earlier, longer reading
        result.append((date, span))
    return result


#: the years a certificate of these types is dated in, for telling a misread numeral
_REPAIR_YEARS = range(1949, 2050)
#: the numerals a year is printed in (零 is no year's)
_YEAR_NUMERALS = "〇一二三四五六七八九"


def _year_one_numeral_off(token: str) -> int | None:
    """A year in Chinese numerals that is no year (二二二六: 〇 read 二 under a seal's
    stroke), when one numeral read otherwise explains it and no other does: the one year
    of the certificates' range one numeral away. 二一九五 could be 2095 or nothing near,
    and 二三二六 only 2026."""
    chars = _WS_RE.sub("", token)
    if len(chars) != 4 or any(ch not in _YEAR_NUMERALS for ch in chars):
        return None
    years = {int("".join(str(_DIGIT_VALUE[c]) for c in chars[:i] + n + chars[i + 1:]))
             for i in range(4) for n in _YEAR_NUMERALS if n != chars[i]}
    near = [y for y in years if y in _REPAIR_YEARS]
    return near[0] if len(near) == 1 else None


def _day_with_its_mark_misread(m: re.Match[str]) -> dt.date | None:
    """2019年05月311: a zero-padded day whose 日 was read as 1 (a seal's stroke across it),
    or as 7 (a fill printed high over it: 12月277). Three digits make no day; where the
    month is padded the day is too, so its last digit is the mark (unpadded, 5月311 may be
    31日 or 3日 and a stray stroke)."""
    day, month = _WS_RE.sub("", m["d"]), _WS_RE.sub("", m["m"])
    if len(day) != 3 or day[-1] not in "1lI7" or not day[:2].isdigit() or len(month) != 2:
        return None
    return _make_date(_number(m["y"]), _number(m["m"]), int(day[:2]))


def _cut_numeral_day(m: re.Match[str]) -> bool:
    """A day in Chinese numerals with no 日 after it: a seal or the box edge may have cut it
    (三月三十 | 一日), and 三十 is then a made-up day. Arabic days keep their digits whole,
    and so does a day that ends in its units (三月五, 三月二十一: a units numeral is a
    day's last; only 二 and 三 alone may be the start of 二十…, 三十…)."""
    day = _WS_RE.sub("", m["d"])
    if not any(ch in "〇零一二三四五六七八九十廿卅" for ch in day) or re.search(
            r"[日曰号]\s*$", m.group(0)):
        return False
    ends_in_units = day[-1] in "一二三四五六七八九" and (len(day) > 1 or day not in "二三")
    return not ends_in_units


def year_numeral_lost(text: str) -> bool:
    """The first date in ``text`` was read with a numeral of its year lost (二二六年九月九日:
    〇 under a seal's ring). What took one numeral may have taken another (二十 of 二十九日)
    and left a date as whole-looking as the real one."""
    cut = {m.span() for m in _YMD_CN3_RE.finditer(_fold(text))}
    return bool(cut) and (dates := find_dates(text)) != [] and dates[0][1] in cut


def parse_date(text: str) -> dt.date | None:
    """The first date printed in ``text``."""
    dates = find_dates(text)
    return dates[0][0] if dates else None


#: a date in Chinese numerals with one character of its month or day no numeral
_CN_DATE_SKELETON = re.compile("([〇零一二三四五六七八九]{4})年(.{1,3}?)月(.{1,3}?)日")


def separator_lost(text: str) -> dt.date | None:
    """A zero-padded date that lost one of its two separators (202501.24, 2025.0124: a
    fax's dot gone under the line's dots), when the text holds no date as read and no
    number's label comes before it: the padding says where the month begins and ends. One
    read of it, so a guess for review."""
    folded = _fold(text)
    if find_dates(folded):
        return None
    for m in _YMD_ONE_SEP_LOST_RE.finditer(folded):
        if not _NUMBER_LABEL_RE.search(folded[: m.start()]):
            return _make_date(int(m["y"]), int(m["m1"] or m["m2"]), int(m["d1"] or m["d2"]))
    return None


#: a zero-padded date with its 月 read as another character (2021年08912日: 月 read 9
#: under a seal's ring); the padding says where the month and the day are
_MARK_MISREAD_RE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})年(?P<m>0[1-9]|1[0-2])[^月\s](?P<d>0[1-9]|[12][0-9]|3[01])日")


def mark_misread(text: str) -> dt.date | None:
    """A zero-padded date whose 月 was read as another character (2021年08912日) when the
    text holds no date as read: the month and the day print two digits each and 日 closes
    the day, so one reading is left. One read of it, so a guess for review. (A 年 read as
    a digit is a date `find_dates` reads already.)"""
    folded = _WS_RE.sub("", _fold(text))
    if find_dates(folded):
        return None
    m = _MARK_MISREAD_RE.search(folded)
    return _make_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def ten_restored(text: str) -> dt.date | None:
    """A date in Chinese numerals whose 十 a seal's strokes made another character
    (二〇二六年七月二平一日, 二〇二三年永月六日: 十 is the one numeral a stroke across turns
    into a word), when it is the only character of the month and the day that is no
    numeral and 十 in its place makes the date; a guess of shape, for review."""
    if find_dates(text):
        return None
    m = _CN_DATE_SKELETON.search("".join(text.split()))
    if m is None:
        return None
    parts = m.group(2) + m.group(3)
    odd = [ch for ch in parts if ch not in _CN and ch != "十"]
    if len(odd) != 1:
        return None
    month, day = (p.replace(odd[0], "十") for p in (m.group(2), m.group(3)))
    return parse_date(f"{m.group(1)}年{month}月{day}日")


# 一 is a dash read as the numeral one: between two complete dates it can be nothing else.
_RANGE_JOINERS = {"至", "到", "-", "—", "–", "~", "〜", "——", "--", "一", "_"}
# 自至 before a date: 自 and 至 printed one above the other (a period wrapped in a 副本's
# narrow column) and read as one box; which end the date is cannot be told, so not the end
_UNTIL_BEFORE_RE = re.compile(r"(?<!自)(?:至|到|截止|截至|止于)\s*[:]?\s*$")
_UNTIL_AFTER_RE = re.compile(r"^\s*止")
# Specks read as dots beside a joiner (2025.07.07.至.2030.07.06) would glue to the dates.
_JOINER_DOTS_RE = re.compile(r"[.·。,，]+(?=\s*[至到])|(?<=[至到])\s*[.·。,，]+")
# A period whose dash the OCR dropped: 2024.06.212027.06.20. Only zero-padded dates with one
# separator throughout can be cut apart again (the day is two digits, the next year four).
_GLUED_RANGE_RE = re.compile(
    r"(?<![0-9])(?P<y1>[0-9]{4})(?P<s>[./\-])(?P<m1>[0-9]{2})(?P=s)(?P<d1>[0-9]{2})"
    r"(?P<y2>[0-9]{4})(?P=s)(?P<m2>[0-9]{2})(?P=s)(?P<d2>[0-9]{2})(?![0-9])"
)


def parse_date_range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) of a validity period such as ``自2020年1月1日起至2025年12月31日止``.

    A lone date is a start, unless the text marks it as an end (``有效期至…``, ``…止``).
    """
    text = _JOINER_DOTS_RE.sub("", text)
    folded = _fold(text)
    dates = find_dates(text)
    if len(dates) < 2:
        glued = _glued_range(folded)
        if glued is not None:
            return glued
    if not dates:
        return None, None
    for (first, (_, end)), (second, (start, _)) in pairwise(dates):
        gap = _WS_RE.sub("", folded[end:start]).replace("起", "")
        if gap in _RANGE_JOINERS:
            return first, second
    if len(dates) >= 2:
        return dates[0][0], dates[1][0]
    date, (start, end) = dates[0]
    if _UNTIL_BEFORE_RE.search(folded[:start]) or _UNTIL_AFTER_RE.match(folded[end:]):
        return None, date
    return date, None


# 白 is 自 with its first stroke lost (有效期限：白2024年02月27日): no value begins so
_START_BEFORE_RE = re.compile(r"(?:自|白|从|起始|自至)\s*[:]?\s*$")
_START_AFTER_RE = re.compile(r"^\s*(?:起|至|到|[-—–~])")


def starts_period(text: str) -> bool:
    """A lone date printed as a period's start (自 2012年07月17日 至 年 月 日): 自 before it,
    起 or 至 after it. Its end is then unknown, never this date."""
    dates = find_dates(text)
    if len(dates) != 1:
        return False
    folded = _fold(text)
    _, (start, end) = dates[0]
    return bool(_START_BEFORE_RE.search(folded[:start]) or _START_AFTER_RE.match(folded[end:]))


_OPEN_ENDED_RE = re.compile("长期|永久|无固定期限|无期限")
# Financial numerals are how a blank's fixed period is written (有效期限 伍年).
_FINANCIAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾两", "一二三四五六七八九十二")
_DURATION_RE = re.compile(r"^[:]?(?:自发证之日起)?(?P<n>[0-9]{1,2}|[一二三四五六七八九十]{1,3})个?年(?:有效)?$")


def is_open_ended(text: str) -> bool:
    """长期 (or 永久, 无固定期限): a period with no end date."""
    return bool(_OPEN_ENDED_RE.search(_squash(text)))


def duration_years(text: str) -> int | None:
    """A period printed as its length alone (伍年, 5年, 五年): the number of years."""
    m = _DURATION_RE.match(_squash(text).translate(_FINANCIAL))
    n = _number(m["n"]) if m else None
    return n if n and n <= 50 else None


def period_end(start: dt.date, years: int) -> dt.date:
    """The last day of a period of whole years from ``start`` (2020-06-18 + 5 → 2025-06-17)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + years, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def _glued_range(folded: str) -> tuple[dt.date, dt.date] | None:
    """Both ends of a period printed with a dash the OCR lost, if they make a period."""
    m = _GLUED_RANGE_RE.search(_WS_RE.sub("", folded))
    if m is None:
        return None
    start = _make_date(int(m["y1"]), int(m["m1"]), int(m["d1"]))
    end = _make_date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
    return (start, end) if start and end and start < end else None


# --------------------------------------------------------------------------- identifiers

#: every bracket kind, and the corner marks a bracket is misread as (佛卫母婴许「2025)049号:
#: a number holds no quotation)
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")",
                           "「": "(", "」": ")", "『": "(", "』": ")"})


#: a speck read as punctuation against a bracket or inside a bracketed year: no number
#: prints 许:(2025) or (2016).86495 or (20.16) (a seal's stroke, a toner speck on a copy)
_BRACKET_SPECK_RE = re.compile(r"[.:·,;](?=\()|(?<=\))[.:·,;]|(?<=\(\d\d)[.·,](?=\d\d\))")


def _identifier_step(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    s = _BRACKET_SPECK_RE.sub("", _WS_RE.sub("", s))
    # no number begins or ends in a dot or a comma: a speck before or after it on a copy
    return s.lstrip(":。.,·、;").rstrip(":。-_—–~.,·、")


def normalize_identifier(text: str) -> str:
    """Certificate number / 登记号 in the contract's comparable form (domain.md §2).

    NFKC (which also turns ［］（） into ASCII), whitespace removed, every bracket kind as
    ``()``, label colons, punctuation at either end and specks against a bracket stripped.
    Repeated until stable, because removing
    whitespace can bring a combining mark next to a letter that NFKC then composes.
    """
    s = text
    for _ in range(8):
        nxt = _identifier_step(s)
        if nxt == s:
            break
        s = nxt
    return s


# Look-alikes read for digits in the 17 digit positions of a resident ID number.
_ID_LOOKALIKE = {
    "O": "0",
    "o": "0",
    "D": "0",
    "I": "1",
    "l": "1",
    "|": "1",
    "Z": "2",
    "z": "2",
    "S": "5",
    "s": "5",
    "B": "8",
}
_ID_BODY = "0-9ODoIl|ZzSsB"
_ID_WINDOW_RE = re.compile(rf"(?=([{_ID_BODY}]{{17}}[{_ID_BODY}Xx×]))")
_ID_BODY_CHAR = re.compile(rf"[{_ID_BODY}Xx×]")
# More substitutions than this and the window is a word, not a misread number.
_ID_MAX_SUBSTITUTIONS = 3
_ID_MAX_SUBSTITUTIONS_CHECKED = 8


def _id_candidates(s: str) -> list[tuple[tuple[bool, bool, bool, int, int], str]]:
    out = []
    for m in _ID_WINDOW_RE.finditer(s):
        raw, start = m.group(1), m.start()
        end = start + 18
        subs = sum(1 for c in raw[:17] if not c.isdigit()) + (raw[17] not in "0123456789Xx")
        body = "".join(_ID_LOOKALIKE.get(c, c) for c in raw[:17])
        last = raw[17]
        last = "X" if last in "Xx×" else _ID_LOOKALIKE.get(last, last)
        cand = body + last
        birth = _make_date(int(cand[6:10]), int(cand[10:12]), int(cand[12:14]))
        checks = birth is not None and ric.calc_check_digit(cand) == cand[17]
        exact = (start == 0 or not _ID_BODY_CHAR.match(s[start - 1])) and (
            end == len(s) or not _ID_BODY_CHAR.match(s[end])
        )
        # A passing check character vouches for a heavily misread number; without one,
        # many "fixes" mean the window was a word.
        if subs > (_ID_MAX_SUBSTITUTIONS_CHECKED if checks else _ID_MAX_SUBSTITUTIONS):
            continue
        out.append(((checks, birth is not None, exact, -subs, -start), cand))
    return out


#: punctuation between two digits of an ID number: a speck, never printed
_ID_SPECK_RE = re.compile(r"(?<=[0-9])[:：.,，·'`](?=[0-9])")


def normalize_id_number(text: str) -> str:
    """The most plausible 18-character resident ID number in ``text`` (GB 11643-1999).

    Candidates are 18-character windows, read with look-alikes fixed in the 17 digit
    positions; a passing check character wins, then a real birth date, then a window that
    stands alone, then fewer fixes. Without any candidate the cleaned text is returned, so
    the caller can still see (and flag) what was printed.
    """
    s = unicodedata.normalize("NFKC", text).strip()
    spaced = _WS_RE.sub(" ", s)
    squashed = _WS_RE.sub("", s)
    candidates = _id_candidates(spaced) + _id_candidates(squashed)
    despecked = _ID_SPECK_RE.sub("", squashed)
    if despecked != squashed:  # 6501:00197010131409, a copy's speck between two digits
        candidates += _id_candidates(despecked)
    if candidates:
        return max(candidates, key=lambda c: c[0])[1]
    return squashed.upper()


# GB 32100 never uses I, O, Z, S, V: those letters are misread digits.
_USCC_FIX = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5"})
# Characters 3–8 are the administrative division code: digits only.
_USCC_REGION_FIX = str.maketrans({"D": "0", "Q": "0", "B": "8", "L": "1"})
_ALNUM_RUN_RE = re.compile(r"[0-9A-Z]+")


def _fix_uscc(code: str) -> str:
    code = code.translate(_USCC_FIX)
    if len(code) == 18:
        code = code[:2] + code[2:8].translate(_USCC_REGION_FIX) + code[8:]
    return code


def normalize_uscc(text: str) -> str:
    """Unified social credit code (GB 32100-2015) from ``text``: 18 characters if present.

    Letters the code alphabet excludes are read as the digits they resemble. An 18-character
    run in a longer text (label and all) is picked out, a checksum-valid one first.
    """
    s = _WS_RE.sub("", unicodedata.normalize("NFKC", text)).upper()
    runs = [_fix_uscc(r) for r in _ALNUM_RUN_RE.findall(s) if len(r) == 18]
    if runs:
        return max(runs, key=lambda r: uscc.is_valid(r))
    return _fix_uscc(s)


# --------------------------------------------------------------------------- codes

# Words holding 男/女 that do not state a gender (a work unit such as 妇女儿童医院).
_GENDER_NOISE_RE = re.compile(r"妇女|男科|女子|子女|男女")


def parse_gender(text: str) -> Gender | None:
    """男 / 女 (also 男性, 女性, Male, Female); ``None`` when absent or both are printed."""
    s = _GENDER_NOISE_RE.sub("", _squash(text))
    found: set[Gender] = set()
    if "男" in s:
        found.add(Gender.MALE)
    if "女" in s:
        found.add(Gender.FEMALE)
    low = s.lower()
    if "female" in low:
        found.add(Gender.FEMALE)
    elif "male" in low:
        found.add(Gender.MALE)
    return found.pop() if len(found) == 1 else None


# Traditional and Japanese variant forms OCR and old PDFs produce in category names.
_VARIANTS = str.maketrans(
    {
        "査": "查",
        "產": "产",
        "産": "产",
        "診": "诊",
        "斷": "断",
        "篩": "筛",
        "遺": "遗",
        "傳": "传",
        "醫": "医",
        "學": "学",
        "検": "检",
        "檢": "检",
        "終": "终",
        "紮": "扎",
        "術": "术",
        "婦": "妇",
        "護": "护",
    }
)

# Printed names and short forms, longest first so 终止妊娠手术 is not read as 终止妊娠 + 手术.
_CATEGORY_NAMES: list[tuple[str, Category]] = sorted(
    [(ZH[c], c) for c in Category]
    + [
        ("终止妊娠", Category.PREGNANCY_TERMINATION),
        ("结扎", Category.LIGATION),
        ("助产", Category.MIDWIFERY),
        ("婚前检查", Category.PREMARITAL_EXAM),
    ],
    key=lambda item: -len(item[0]),
)
# Only names of five or more characters are matched with one OCR error. A four-character
# name with one wrong character is another real term too often: 产前检查 (prenatal care)
# is one edit from 产前筛查, 家庭医生 one from 家庭接生, 产前诊查 one from both 产前 names.
_FUZZY_NAMES: list[tuple[str, Category]] = [(n, c) for n, c in _CATEGORY_NAMES if len(n) >= 5]
_LIST_SEPARATORS_RE = re.compile(r"[、,;；，。:/|()（）]+")


def _fuzzy_category_hits(piece: str, offset: int) -> list[tuple[int, int, Category]]:
    """Windows of ``piece`` within one edit of a long category name, best first, disjoint."""
    scored: list[tuple[int, int, int, int, Category]] = []
    for name, cat in _FUZZY_NAMES:
        n = len(name)
        for length in (n, n - 1, n + 1):
            for start in range(len(piece) - length + 1):
                window = piece[start : start + length]
                dist = Levenshtein.distance(name, window, score_cutoff=1)
                if dist <= 1:
                    scored.append((dist, abs(length - n), start, length, cat))
    scored.sort(key=lambda s: (s[0], s[1], s[2]))
    taken: list[tuple[int, int, Category]] = []
    for _, _, start, length, cat in scored:
        if any(start < e and s < start + length for s, e, _ in taken):
            continue
        taken.append((start, start + length, cat))
    return [(offset + s, offset + e, c) for s, e, c in taken]


def parse_categories(text: str) -> list[Category]:
    """Technology categories named in ``text`` (domain.md §2 codes), in printed order.

    Exact names and their printed short forms (终止妊娠, 结扎, 助产) first; then, in what is
    left, the long names with one OCR-confused, missing or extra character.
    """
    s = _squash(text).translate(_VARIANTS)
    used = [False] * len(s)
    hits: list[tuple[int, int, Category]] = []
    for name, cat in _CATEGORY_NAMES:
        for m in re.finditer(re.escape(name), s):
            if any(used[m.start() : m.end()]):
                continue
            used[m.start() : m.end()] = [True] * (m.end() - m.start())
            hits.append((m.start(), m.end(), cat))
    # Fuzzy matching only in the unclaimed stretches between separators.
    rest = "".join(" " if u else c for c, u in zip(s, used))
    rest = _LIST_SEPARATORS_RE.sub(lambda m: " " * len(m.group()), rest)
    for m in re.finditer(r"\S+", rest):
        hits.extend(_fuzzy_category_hits(m.group(), m.start()))
    hits.sort()
    out: list[Category] = []
    for _, _, cat in hits:
        if cat not in out:
            out.append(cat)
    return out


_ASSISTANT = ZH[PhysicianLevel.ASSISTANT_PHYSICIAN]
_PHYSICIAN = ZH[PhysicianLevel.PHYSICIAN]


def _within_one_edit(name: str, s: str) -> bool:
    n = len(name)
    return any(
        Levenshtein.distance(name, s[i : i + length], score_cutoff=1) <= 1
        for length in (n - 1, n, n + 1)
        for i in range(len(s) - length + 1)
    )


def parse_physician_level(text: str) -> PhysicianLevel | None:
    """执业医师 or 执业助理医师; anything that looks like the assistant level is that level.

    The assistant name is tried first and with one OCR error allowed, so a damaged
    执业助理医师 is never promoted to 执业医师.
    """
    s = _squash(text)
    if "助理" in s or _within_one_edit(_ASSISTANT, s):
        return PhysicianLevel.ASSISTANT_PHYSICIAN
    if _PHYSICIAN in s or s.strip(":") == "医师" or _within_one_edit(_PHYSICIAN, s):
        return PhysicianLevel.PHYSICIAN
    return None


_PRACTICE_KEYWORDS: list[tuple[str, PracticeCategory]] = [
    ("公共卫生", PracticeCategory.PUBLIC_HEALTH),
    ("公卫", PracticeCategory.PUBLIC_HEALTH),
    ("口腔", PracticeCategory.DENTAL),
    ("中西医结合", PracticeCategory.TCM),
    ("民族医", PracticeCategory.TCM),
    *((f"{people}医", PracticeCategory.TCM) for people in "蒙藏维傣壮朝哈"),
    ("中医", PracticeCategory.TCM),
    ("临床", PracticeCategory.CLINICAL),
]


def parse_practice_category(text: str) -> PracticeCategory | None:
    """执业类别 临床 / 中医 (incl. 民族医 such as 蒙医, 中西医结合) / 口腔 / 公共卫生: the first printed."""
    s = _squash(text)
    best: tuple[int, PracticeCategory] | None = None
    for word, cat in _PRACTICE_KEYWORDS:
        pos = s.find(word)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, cat)
    return best[1] if best else None


# Title names: 副主任 before 主任, graded names before the bare junior ones. The gap
# (主任中医师, 主管检验师) is ideographs only, so 主任、主治医师 is not read as 主任…师.
_HAN = "[\u4e00-\u9fff]"
_TITLE_PATTERNS: list[tuple[re.Pattern[str], TitleLevel]] = [
    (re.compile(rf"副主任{_HAN}{{0,5}}?[师士]"), TitleLevel.ASSOCIATE_SENIOR),
    (re.compile(rf"主任{_HAN}{{0,5}}?师"), TitleLevel.SENIOR),
    (re.compile(rf"主治{_HAN}{{0,3}}?医师|主管{_HAN}{{0,5}}?师"), TitleLevel.INTERMEDIATE),
    (re.compile(r"[医技护药]师|[医技护药]士|治疗师|检验师"), TitleLevel.JUNIOR),
]
_LEVEL_WORDS: list[tuple[str, TitleLevel]] = [
    ("副高", TitleLevel.ASSOCIATE_SENIOR),
    ("正高", TitleLevel.SENIOR),
    ("中级", TitleLevel.INTERMEDIATE),
    ("初级", TitleLevel.JUNIOR),
]


def title_level_from_name(title_name: str) -> TitleLevel | None:
    """Level of a professional title (主任医师 → senior …), or of a printed 正高级/中级… word."""
    s = _squash(title_name)
    for rx, level in _TITLE_PATTERNS:
        if rx.search(s):
            return level
    for word, level in _LEVEL_WORDS:
        if word in s:
            return level
    return None


# --------------------------------------------------------------------------- free text


def snap_to_vocabulary(
    text: str, vocabulary: Sequence[str], *, min_score: float = 85.0
) -> tuple[str, float] | None:
    """The vocabulary entry closest to ``text`` (rapidfuzz ratio, 0–100), if ≥ ``min_score``.

    Plain ratio rather than WRatio: partial matching would let a short entry (内科) snap
    to any text containing it.
    """
    query = _squash(text).strip(":")
    if not query or not vocabulary:
        return None
    hit = process.extractOne(
        query, vocabulary, scorer=fuzz.ratio, processor=_squash, score_cutoff=min_score
    )
    if hit is None:
        return None
    choice, score, _ = hit
    return choice, float(score)


#: after NFKC folding ，；： are , ; : — a copy often prints 、 so faint that it reads as a
#: colon (放置宫内节育器：孕情检查), and no item of a printed list holds one
_SPLIT_CHARS = set("、,;:") | {" "}
_OPEN, _CLOSE = "([【〔", ")]】〕"


def split_list(text: str) -> list[str]:
    """Items of a printed list (诊疗科目, 服务项目) split on 、，,；; and whitespace.

    Separators inside brackets do not split: 医学影像科(X线诊断专业、CT诊断专业) is one item.
    """
    items: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in _WS_RE.sub(" ", _fold(text)):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in _SPLIT_CHARS:
            items.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    items.append("".join(buf))
    cleaned = (clean_value(item).rstrip("。.") for item in items)
    return [item for item in cleaned if item]


_LEADING_LABEL_RE = re.compile(r"^[\s:]+")


def _is_compat_cjk(ch: str) -> bool:
    """Kangxi radicals and compatibility ideographs: look like, but are not, the real ones."""
    cp = ord(ch)
    return 0x2F00 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2E80 <= cp <= 0x2EFF


def clean_value(text: str) -> str:
    """A field value without its label colon and outer spaces; whitespace runs as one space.

    Fullwidth digits, Latin and ASCII punctuation are NFKC-folded; other CJK stays as
    printed, except the Kangxi-radical and compatibility code points PDF text layers emit
    for ordinary characters, which become those characters.
    """
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if (n.isascii() or _is_compat_cjk(ch)) else ch)
    # a fill-in rule after the value is read as dashes or underscores: no value ends so
    return _LEADING_LABEL_RE.sub("", _WS_RE.sub(" ", "".join(out))).rstrip(" -_—–~")

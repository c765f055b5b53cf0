"""How values are printed: the four date styles, list joiners, number normalisation.

The labels keep canonical values; these functions make the printed strings, so a parser
sees every form real documents use and the label says which one it got.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

__all__ = [
    "DATE_STYLES",
    "LIST_JOINERS",
    "DateStyle",
    "cn_numeral_date",
    "format_date",
    "join_items",
    "normalize_number",
]

DateStyle = Literal["cn_numeral", "cn", "dot", "iso"]
DATE_STYLES: tuple[DateStyle, ...] = ("cn_numeral", "cn", "dot", "iso")

_CN_DIGITS = "〇一二三四五六七八九"


def _cn_small(n: int) -> str:
    """1..31 in Chinese numerals as dates print them: 十, 十三, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def cn_numeral_date(d: dt.date) -> str:
    """二〇二五年一月十三日: the form issue dates take under an official seal."""
    year = "".join(_CN_DIGITS[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{_cn_small(d.month)}月{_cn_small(d.day)}日"


def format_date(d: dt.date, style: DateStyle, *, pad: bool = False) -> str:
    """Print `d` in one of the four styles; `pad` zero-pads month and day in the 年月日 style."""
    if style == "cn_numeral":
        return cn_numeral_date(d)
    if style == "cn":
        if pad:
            return f"{d.year}年{d.month:02d}月{d.day:02d}日"
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    return d.isoformat()


_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")",
                           "（": "(", "）": ")", "[": "(", "]": ")"})
_WS = re.compile(r"\s+")


def normalize_number(text: str) -> str:
    """The contract's comparison form of a certificate number (domain.md §2)."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _WS.sub("", folded)


#: How printed lists are joined, with weights: 、 dominates, the others occur.
LIST_JOINERS: tuple[tuple[str, float], ...] = (("、", 0.6), ("，", 0.2), ("；", 0.1), (" ", 0.1))


def join_items(items: Sequence[str], rng: random.Random, *, joiners: Sequence[tuple[str, float]]
               = LIST_JOINERS) -> tuple[str, str]:
    """Join list items with a weighted random separator; returns (text, separator)."""
    seps = [s for s, _ in joiners]
    weights = [w for _, w in joiners]
    sep = rng.choices(seps, weights)[0]
    return sep.join(items), sep

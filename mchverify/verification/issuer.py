"""The administrative level of an issuing authority, read from its name with the PRC
division gazetteer (`extractors/places.py`), not a hand list of cities.

The deepest division the name begins with decides the level. The division's type decides
it, never the suffix: 义乌市 is a county-level city, 东莞市 a prefecture-level one.
"""

from __future__ import annotations

import re

from mchverify.extractors.places import Division, issuer_division
from mchverify.schemas.codes import IssuerLevel

__all__ = ["Division", "issuer_division", "issuer_level"]

#: The central authorities: above every division.
_NATIONAL = ("中华人民共和国", "国家卫生健康委员会", "国家卫生和计划生育委员会", "国家卫生计生委",
             "国家中医药管理局", "人力资源和社会保障部", "国家卫生健康委")


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

"""Issuer levels from the PRC division gazetteer (R1, R2 depend on them)."""

from __future__ import annotations

import pytest

from mchverify.schemas.codes import IssuerLevel
from mchverify.verification.issuer import issuer_division, issuer_level

P, C, K = IssuerLevel.PROVINCE, IssuerLevel.CITY, IssuerLevel.COUNTY


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("浙江省卫生健康委员会", P),
        ("新疆维吾尔自治区卫生健康委员会", P),
        ("北京市卫生健康委员会", P),  # a municipality is provincial
        ("杭州市卫生健康委员会", C),
        ("延边朝鲜族自治州卫生健康委员会", C),
        ("东莞市卫生健康局", C),  # prefecture-level city without districts
        ("杭州市西湖区卫生健康局", K),
        ("北京市西城区卫生健康委员会", K),
        ("义乌市卫生健康局", K),  # a county-level city also ends in 市
        ("株洲市荷塘区卫生和计划生育局", K),
        ("浙江省杭州市西湖区卫生健康局", K),
        ("杭州市江干区卫生和计划生育局", K),  # a district merged away in 2021
        ("中华人民共和国国家卫生健康委员会", IssuerLevel.NATIONAL),
        ("鲁木齐市卫生健康委员会", IssuerLevel.UNKNOWN),  # OCR lost 乌: no guessing
        ("某某大学附属医院", IssuerLevel.UNKNOWN),
    ],
)
def test_level_from_the_name(name: str, level: IssuerLevel) -> None:
    assert issuer_level(name) is level


def test_the_chain_must_nest() -> None:
    assert [d.name for d in issuer_division("杭州市西湖区卫生健康局")] == ["杭州市", "西湖区"]
    # 南昌市 has a 西湖区 too, but 杭州市's comes first in this name
    assert issuer_division("杭州市西湖区")[-1].code == "330106"
    assert [d.name for d in issuer_division("宁波市西湖区")] == ["宁波市"]  # no such district


def test_rank_orders_levels() -> None:
    assert IssuerLevel.PROVINCE.rank > C.rank > K.rank > IssuerLevel.UNKNOWN.rank

"""Real places and the names of the authorities that govern them.

Issuer names carry the administrative level the verifier derives (province / city / county),
and they changed with the 2013 and 2018 reforms, so the name depends on the issue date too.
Region codes are the GB/T 2260 codes the resident ID numbers start with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "LEVELS",
    "PROVINCES",
    "ROADS",
    "City",
    "District",
    "Level",
    "Place",
    "Province",
    "family_planning_issuer",
    "health_issuer",
    "hrss_issuer",
    "level_rank",
]

Level = Literal["county", "city", "province"]
LEVELS: tuple[Level, ...] = ("county", "city", "province")


def level_rank(level: Level) -> int:
    """County < city < province, for `max()` over requirements."""
    return LEVELS.index(level)


@dataclass(frozen=True)
class District:
    name: str
    code: str
    is_county: bool = False  # 县 (printed without its city) rather than 区


@dataclass(frozen=True)
class City:
    name: str
    abbr: str  # the one-character short name used in certificate numbers (杭, 甬, 穗…)
    code: str  # 6-digit code of the city (xx xx 00)
    districts: tuple[District, ...]


@dataclass(frozen=True)
class Province:
    name: str
    abbr: str
    code: str
    municipality: bool
    cities: tuple[City, ...]


@dataclass(frozen=True)
class Place:
    """Where an institution sits: the three levels an issuer can come from."""

    province: Province
    city: City
    district: District

    @property
    def city_prefix(self) -> str:
        """The city part of an address or name ('' for a municipality, which is its province)."""
        return "" if self.province.municipality else self.city.name

    @property
    def address_prefix(self) -> str:
        """`浙江省杭州市西湖区`, `北京市朝阳区`, `浙江省杭州市桐庐县`."""
        if self.province.municipality:
            return self.province.name + self.district.name
        return self.province.name + self.city.name + self.district.name

    @property
    def local_name(self) -> str:
        """The shortest unambiguous local name: `杭州市西湖区`, `桐庐县`, `北京市朝阳区`."""
        if self.district.is_county:
            return self.district.name
        if self.province.municipality:
            return self.province.name + self.district.name
        return self.city.name + self.district.name


def _d(spec: str) -> tuple[District, ...]:
    """Parse `西湖区:330106 桐庐县:330122` into districts (县 marks a county)."""
    out = []
    for item in spec.split():
        name, code = item.split(":")
        out.append(District(name, code, is_county=name.endswith("县")))
    return tuple(out)


PROVINCES: tuple[Province, ...] = (
    Province("浙江省", "浙", "33", False, (
        City("杭州市", "杭", "330100", _d(
            "上城区:330102 拱墅区:330105 西湖区:330106 滨江区:330108 萧山区:330109 "
            "余杭区:330110 桐庐县:330122 淳安县:330127")),
        City("宁波市", "甬", "330200", _d(
            "海曙区:330203 江北区:330205 北仑区:330206 鄞州区:330212 象山县:330225")),
        City("温州市", "温", "330300", _d(
            "鹿城区:330302 龙湾区:330303 瓯海区:330304 永嘉县:330324")),
    )),
    Province("江苏省", "苏", "32", False, (
        City("南京市", "宁", "320100", _d(
            "玄武区:320102 秦淮区:320104 建邺区:320105 鼓楼区:320106 江宁区:320115")),
        City("苏州市", "苏", "320500", _d(
            "虎丘区:320505 吴中区:320506 相城区:320507 姑苏区:320508")),
        City("无锡市", "锡", "320200", _d("滨湖区:320211 梁溪区:320213")),
    )),
    Province("广东省", "粤", "44", False, (
        City("广州市", "穗", "440100", _d(
            "越秀区:440104 海珠区:440105 天河区:440106 白云区:440111 番禺区:440113")),
        City("深圳市", "深", "440300", _d(
            "罗湖区:440303 福田区:440304 南山区:440305 宝安区:440306")),
        City("佛山市", "佛", "440600", _d("禅城区:440604 南海区:440605 顺德区:440606")),
    )),
    Province("湖北省", "鄂", "42", False, (
        City("武汉市", "汉", "420100", _d(
            "江岸区:420102 江汉区:420103 武昌区:420106 洪山区:420111")),
        City("宜昌市", "宜", "420500", _d("西陵区:420502 伍家岗区:420503")),
        City("襄阳市", "襄", "420600", _d("襄城区:420602 樊城区:420606")),
    )),
    Province("山东省", "鲁", "37", False, (
        City("济南市", "济", "370100", _d(
            "历下区:370102 市中区:370103 槐荫区:370104 历城区:370112 平阴县:370124")),
        City("青岛市", "青", "370200", _d(
            "市南区:370202 市北区:370203 黄岛区:370211 崂山区:370212")),
    )),
    Province("四川省", "川", "51", False, (
        City("成都市", "蓉", "510100", _d(
            "锦江区:510104 青羊区:510105 金牛区:510106 武侯区:510107 成华区:510108 "
            "金堂县:510121")),
        City("绵阳市", "绵", "510700", _d("涪城区:510703 游仙区:510704")),
    )),
    Province("河南省", "豫", "41", False, (
        City("郑州市", "郑", "410100", _d(
            "中原区:410102 二七区:410103 金水区:410105 惠济区:410108")),
        City("洛阳市", "洛", "410300", _d(
            "西工区:410303 涧西区:410305 洛龙区:410311 新安县:410323")),
    )),
    Province("湖南省", "湘", "43", False, (
        City("长沙市", "长", "430100", _d(
            "芙蓉区:430102 天心区:430103 岳麓区:430104 开福区:430105 雨花区:430111 "
            "长沙县:430121")),
        City("株洲市", "株", "430200", _d("荷塘区:430202 芦淞区:430203")),
    )),
    Province("福建省", "闽", "35", False, (
        City("福州市", "榕", "350100", _d(
            "鼓楼区:350102 台江区:350103 仓山区:350104 闽侯县:350121")),
        City("厦门市", "厦", "350200", _d("思明区:350203 湖里区:350206 集美区:350211")),
    )),
    Province("新疆维吾尔自治区", "新", "65", False, (
        City("乌鲁木齐市", "乌", "650100", _d(
            "天山区:650102 沙依巴克区:650103 新市区:650104 水磨沟区:650105 "
            "乌鲁木齐县:650121")),
        City("克拉玛依市", "克", "650200", _d("独山子区:650202 克拉玛依区:650203")),
    )),
    Province("广西壮族自治区", "桂", "45", False, (
        City("南宁市", "邕", "450100", _d(
            "兴宁区:450102 青秀区:450103 江南区:450105 西乡塘区:450107")),
        City("桂林市", "桂", "450300", _d("秀峰区:450302 象山区:450304 七星区:450305")),
    )),
    Province("北京市", "京", "11", True, (
        City("北京市", "京", "110100", _d(
            "东城区:110101 西城区:110102 朝阳区:110105 丰台区:110106 海淀区:110108")),
    )),
    Province("上海市", "沪", "31", True, (
        City("上海市", "沪", "310100", _d(
            "黄浦区:310101 徐汇区:310104 长宁区:310105 静安区:310106 普陀区:310107")),
    )),
)

ROADS: tuple[str, ...] = (
    "解放路", "文三路", "人民大道", "中山路", "建设路", "延安路", "体育场路", "凤起路",
    "人民路", "胜利路", "长江路", "和平路", "新华路", "光明路", "健康路", "朝阳路",
    "黄河路", "北京路", "南京路", "友谊路", "文化路", "滨江大道", "学院路", "东风路",
    "红星路", "迎宾大道", "幸福路", "青年路", "工农路", "花园路",
)

# Reform dates: 卫生厅/局 → 卫生和计划生育委员会 (2013–14) → 卫生健康委员会 (2018–19).
_NHFPC_FROM = dt.date(2014, 1, 1)
_NHC_FROM = dt.date(2019, 1, 1)


def health_issuer(level: Level, place: Place, on: dt.date) -> str:
    """The health authority of `level` over `place`, under its name on `on`."""
    prov = place.province
    if level == "city" and prov.municipality:
        level = "province"  # a municipality has no city level: its commission is provincial
    if level == "province":
        if on >= _NHC_FROM:
            return prov.name + "卫生健康委员会"
        if on >= _NHFPC_FROM:
            return prov.name + "卫生和计划生育委员会"
        return prov.name + ("卫生局" if prov.municipality else "卫生厅")
    if level == "city":
        if on >= _NHC_FROM:
            return place.city.name + "卫生健康委员会"
        if on >= _NHFPC_FROM:
            return place.city.name + "卫生和计划生育委员会"
        return place.city.name + "卫生局"
    local = place.local_name
    if prov.municipality:  # Beijing / Shanghai districts keep 委员会
        if on >= _NHC_FROM:
            return local + "卫生健康委员会"
        if on >= _NHFPC_FROM:
            return local + "卫生和计划生育委员会"
        return local + "卫生局"
    if on >= _NHC_FROM:
        return local + "卫生健康局"
    if on >= _NHFPC_FROM:
        return local + "卫生和计划生育局"
    return local + "卫生局"


def family_planning_issuer(level: Level, place: Place, on: dt.date) -> str:
    """Family-planning licences came from the 人口和计划生育 bodies before the 2013 merger."""
    if on >= _NHFPC_FROM:
        return health_issuer(level, place, on)
    prov = place.province
    if level == "province" or (level == "city" and prov.municipality):
        return prov.name + "人口和计划生育委员会"
    if level == "city":
        return place.city.name + "人口和计划生育委员会"
    return place.local_name + "人口和计划生育局"


def hrss_issuer(level: Level, place: Place) -> str:
    """Professional titles are conferred by the human-resources authority (人社)."""
    prov = place.province
    if level == "province" or prov.municipality:
        return prov.name + ("人力资源和社会保障局" if prov.municipality else "人力资源和社会保障厅")
    return place.city.name + "人力资源和社会保障局"

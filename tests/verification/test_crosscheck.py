"""The per-field tolerance policy of the registry cross-check."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mchverify.extractors.glyphs import LOOKALIKE_SIMILARITY, glyph_similarity
from mchverify.schemas.codes import DocType, RegistryStatus
from mchverify.schemas.registry import RegistryEntry
from mchverify.verification.crosscheck import FIELD_TOLERANCE, compare_field, cross_check

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@settings(max_examples=200, deadline=None)
@given(name=st.text(CJK, min_size=2, max_size=4), pos=st.integers(0, 3), new=CJK)
def test_one_character_of_a_name_is_always_a_mismatch(name: str, pos: int, new: str) -> None:
    pos %= len(name)
    other = name[:pos] + new + name[pos + 1 :]
    for field in ("name", "legal_representative", "principal"):
        assert (compare_field(field, other, name) is None) == (other == name)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(1950, 1, 1), dt.date(2050, 12, 31)), pos=st.integers(0, 9),
       digit=st.integers(0, 9))
def test_one_digit_of_a_date_is_always_a_mismatch(day: dt.date, pos: int, digit: int) -> None:
    iso = day.isoformat()
    if iso[pos] == "-":
        return
    other = iso[:pos] + str(digit) + iso[pos + 1 :]
    for field in ("issue_date", "valid_until", "birth_date", "last_validation_date"):
        assert (compare_field(field, other, iso) is None) == (other == iso)


def test_id_number_digit_is_a_mismatch_but_case_of_x_is_not() -> None:
    assert compare_field("id_number", "11010519491231002x", "11010519491231002X") is None
    assert compare_field("id_number", "11010519491231003X", "11010519491231002X") is not None


@pytest.mark.parametrize(
    ("read", "expected", "tolerated"),
    [
        ("浙江省杭州市西湖区文三略88号", "浙江省杭州市西湖区文三路88号", True),  # 路 read as 略
        ("浙江省杭州市西湖区文二路88号", "浙江省杭州市西湖区文三路88号", False),  # a numeral
        ("浙江省杭州市西湖区文三路89号", "浙江省杭州市西湖区文三路88号", False),  # a digit
        ("浙江省湖州市西湖区文三路88号", "浙江省杭州市西湖区文三路88号", False),  # another city
        ("浙江省杭州市西湖区文三路号", "浙江省杭州市西湖区文三路8号", False),  # a lost character
        ("浙江省杭州市西湖区文三略88弓", "浙江省杭州市西湖区文三路88号", False),  # two in 16
        ("浙江省杭州市西湖区文三路88号", "浙江省杭州市西湖区文三路88号", True),
        ("浙江省杭州市西湖区文三路 88 号", "浙江省杭州市西湖区文三路88号", True),  # spacing
    ],
)
def test_addresses_tolerate_lookalikes_only(read: str, expected: str, tolerated: bool) -> None:
    assert (compare_field("address", read, expected) is None) is tolerated


def test_punctuation_between_items_of_free_text_is_not_content() -> None:
    """Regression (bench seed 7, doc0030): OCR dropped the 、 of 医学检验、病理专业."""
    assert compare_field("practice_scope", "医学检验病理专业", "医学检验、病理专业") is None
    assert compare_field("practice_scope", "医学检验；病理专业", "医学检验、病理专业") is None
    assert compare_field("practice_scope", "医学检验专业", "医学检验、病理专业") is not None


def test_issuer_of_another_city_is_a_mismatch_even_if_it_looks_close() -> None:
    assert compare_field("issuer", "湖州市卫生健康委员会", "杭州市卫生健康委员会") is not None
    assert compare_field("issuer", "杭州市卫生健康委员会", "杭州市卫生健康委员会") is None


def test_lists_compare_as_sets_and_numbers_after_normalisation() -> None:
    assert compare_field("categories", ["ligation", "midwifery"], ["midwifery", "ligation"]) is None
    assert compare_field("categories", ["midwifery"], ["midwifery", "ligation"]) is not None
    assert compare_field("certificate_number", "（浙）母婴执字 第001号", "(浙)母婴执字第001号") is None


def test_cross_check_compares_what_both_hold() -> None:
    entry = RegistryEntry(doc_type=DocType.MCH_TRAINING_CERTIFICATE, certificate_number="T1",
                          status=RegistryStatus.ACTIVE,
                          fields={"name": "张三", "work_unit": "杭州市西湖区妇幼保健院",
                                  "categories": ["midwifery"]})
    diffs = cross_check({"name": "张兰", "categories": ["midwifery"]}, entry)
    assert [(d.field, d.read, d.expected) for d in diffs] == [("name", "张兰", "张三")]


def test_every_policy_field_is_a_contract_field() -> None:
    from mchverify.schemas.documents import DOCUMENT_MODELS

    fields = {n for m in DOCUMENT_MODELS.values() for n in m.model_fields}
    assert set(FIELD_TOLERANCE) <= fields


@pytest.mark.parametrize("pair", ["己已", "未末", "干千", "大太", "人入", "路略", "江汪", "清请"])
def test_known_ocr_confusions_look_alike(pair: str) -> None:
    assert glyph_similarity(pair[0], pair[1]) >= LOOKALIKE_SIMILARITY


@pytest.mark.parametrize("pair", ["杭湖", "三二", "州洲", "号吕", "东西", "张李"])
def test_distinct_characters_do_not(pair: str) -> None:
    assert glyph_similarity(pair[0], pair[1]) < LOOKALIKE_SIMILARITY


# Every field of the policy with a registry value, a read the policy must tolerate (None:
# the field tolerates nothing but its own normal form) and a substantive change it must not.
POLICY_EXAMPLES: dict[str, tuple[object, object | None, object]] = {
    "certificate_number": ("(浙)母婴执字第001号", "（浙）母婴执字 第001号", "(浙)母婴执字第007号"),
    "name": ("王秀英", None, "王秀芙"),
    "legal_representative": ("陈建国", None, "陈建图"),
    "principal": ("李卫东", None, "李卫东东"),
    "id_number": ("11010519491231002X", "11010519491231002x", "11010519491231012X"),
    "gender": ("female", None, "male"),
    "uscc": ("12330100470000000M", "12330100470000000m", "12330100470000001M"),
    "birth_date": ("1979-03-18", None, "1979-08-18"),
    "issue_date": ("2021-06-30", None, "2021-06-20"),
    "valid_from": ("2021-07-01", None, "2021-07-04"),
    "valid_until": ("2026-06-30", None, "2028-06-30"),
    "last_validation_date": ("2024-05-11", None, "2024-05-17"),
    "physician_level": ("physician", None, "assistant_physician"),
    "practice_category": ("clinical", None, "tcm"),
    "title_level": ("intermediate", None, "associate_senior"),
    "institution_kind": ("妇幼保健院", None, "门诊部"),
    "title_name": ("主治医师", None, "副主任医师"),
    "categories": (["midwifery", "ligation"], ["ligation", "midwifery"], ["midwifery"]),
    "licensed_items": (["premarital_exam"], ["premarital_exam"], ["prenatal_diagnosis"]),
    "mch_annotation_categories": (["midwifery"], ["midwifery"], ["midwifery", "ligation"]),
    "clinical_departments": (["妇产科", "儿科"], ["儿科", "妇产科"], ["妇产科"]),
    "service_items": (["结扎手术"], ["结扎手术"], ["终止妊娠手术"]),
    "issuer": ("杭州市西湖区卫生健康局", "杭州市西湖区卫生健康局", "杭州市上城区卫生健康局"),
    "institution_name": ("杭州市西湖区妇幼保健计划生育服务中心", "杭州市西湖区妇幼保健计划生肓服务中心",
                         "杭州市西湖区妇幼保健计划生育服务中心东院"),
    "work_unit": ("杭州市西湖区妇幼保健计划生育服务中心", "杭州市西湖区妇幼保健计划生肓服务中心",
                  "湖州市西湖区妇幼保健计划生育服务中心"),
    "practice_institution": ("浙江省杭州市第一人民医院妇产科门诊部", "浙江省杭州市第一人民医院妇产科门诊郜",
                             "浙江省杭州市第二人民医院妇产科门诊部"),
    "address": ("浙江省杭州市西湖区文三路88号", "浙江省杭州市西湖区文三略88号",
                "浙江省杭州市西湖区文三路89号"),
    "practice_scope": ("妇产科专业、医学影像和放射治疗专业", "妇产科专业医学影像和放射治疗专业",
                       "妇产科专业"),
    "specialty": ("妇产科学专业临床医学方向", "妇产科学专业临床医学方向", "儿科学专业临床医学方向"),
}


def test_every_field_of_the_policy_has_examples() -> None:
    """A field added to the policy without examples of its tolerance fails here."""
    assert set(POLICY_EXAMPLES) == set(FIELD_TOLERANCE)


@pytest.mark.parametrize("field", sorted(POLICY_EXAMPLES))
def test_each_field_tolerates_noise_but_not_substance(field: str) -> None:
    expected, noisy, other = POLICY_EXAMPLES[field]
    assert compare_field(field, expected, expected) is None
    if noisy is not None:
        assert compare_field(field, noisy, expected) is None, (field, noisy)
    diff = compare_field(field, other, expected)
    assert diff is not None and diff.field == field and diff.reason, (field, other)


@settings(max_examples=200, deadline=None)
@given(pos=st.integers(0, 17), new=st.sampled_from("0123456789X"))
def test_one_character_of_an_id_number_is_always_a_mismatch(pos: int, new: str) -> None:
    idn = "11010519491231002X"
    other = idn[:pos] + new + idn[pos + 1:]
    assert (compare_field("id_number", other, idn) is None) == (other == idn)


def test_items_glued_by_a_separator_too_faint_to_read_are_the_records_items() -> None:
    """A licence whose 、 the scan lost (bench tune seed 2026, doc0114): 取出宫内节育器计划
    生育手术 is two of the record's items, not an item it lacks; a REGISTRY_MISMATCH was
    raised on a clean licence. Another item glued on, or one missing, still differs."""
    record = ["取出宫内节育器", "计划生育手术", "随访服务", "孕情检查"]
    assert compare_field("service_items", ["取出宫内节育器计划生育手术", "随访服务", "孕情检查"],
                         record) is None
    assert compare_field("service_items", ["孕情检查随访服务", "计划生育手术", "取出宫内节育器"],
                         record) is None
    assert compare_field("service_items", ["取出宫内节育器人工流产术", "随访服务", "孕情检查"],
                         record) is not None
    assert compare_field("service_items", ["取出宫内节育器", "随访服务", "孕情检查"],
                         record) is not None
    assert compare_field("service_items", [*record, "人工流产术"], record) is not None

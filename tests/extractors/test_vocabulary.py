"""The 诊疗科目 catalogue and how it repairs lists OCR split or glued."""

from __future__ import annotations

from mchverify.extractors.vocabulary import (
    CLINICAL_DEPARTMENTS,
    parse_departments,
    segment_departments,
)


def test_catalogue_holds_main_departments_and_sub_specialties() -> None:
    for name in ("妇产科", "产科专业", "医学影像科", "超声诊断专业", "新生儿专业", "重症医学科"):
        assert name in CLINICAL_DEPARTMENTS
    assert "产科" not in CLINICAL_DEPARTMENTS  # the printed name is 产科专业


def test_glued_names_segment_into_the_fewest_catalogue_names() -> None:
    assert segment_departments("新生儿专业医学影像科") == ["新生儿专业", "医学影像科"]
    assert segment_departments("妇产科儿科") == ["妇产科", "儿科"]
    assert segment_departments("新生儿专医学影像科") is None  # a lost character is not made up


def test_a_name_with_its_own_separator_is_joined_again() -> None:
    items, known = parse_departments(["医学检验科", "临床体液", "血液专业"])
    assert items == ["医学检验科", "临床体液、血液专业"]
    assert known == 1.0


def test_unknown_items_are_kept_and_lower_the_share() -> None:
    items, known = parse_departments(["妇产科", "超声"])
    assert items == ["妇产科", "超声"]
    assert known == 0.5

"""Property-based fuzzing of the field parsers (hypothesis, CI-sized): whatever text OCR, a
text layer, a reviewer or a registry file hands them, they return a value of the promised
kind or refuse with their own documented error — never another exception."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mchverify.errors import RegistryImportError
from mchverify.extractors.classify import classify
from mchverify.extractors.corrections import CorrectionError, parse_correction
from mchverify.extractors.fields import extract_fields
from mchverify.extractors.layout import group_rows
from mchverify.extractors.normalize import (
    clean_value,
    find_dates,
    normalize_id_number,
    normalize_identifier,
    normalize_uscc,
    parse_categories,
    parse_date,
    parse_date_range,
    parse_gender,
    parse_physician_level,
    parse_practice_category,
    split_list,
    title_level_from_name,
)
from mchverify.schemas.codes import Category, DocType
from mchverify.schemas.documents import all_fields
from mchverify.schemas.extraction import TextLine
from mchverify.verification.registry_csv import parse_registry_csv

#: the characters certificates are made of, and the noise OCR adds to them
_CERT = ("0123456789年月日至起止〇一二三四五六七八九十号第（）()【】〔〕.-/:：、，;；"
         "姓名性别男女出生身份证号码工作单位发证机关省市县区卫生健康委员会局执业许可证婚前医学"
         "检查助产技术产前诊断筛查结扎手术终止妊娠遗传病家庭接生医师助理临床中口腔公共"
         "主任副主治技师护师XxOoIl ")
texts = st.one_of(st.text(max_size=80), st.text(alphabet=_CERT, max_size=80),
                  st.text(alphabet=string.printable + "\u3000\u200b\ufeff\x00", max_size=60))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(texts)
def test_date_parsers_return_real_dates_or_nothing(text: str) -> None:
    day = parse_date(text)
    assert day is None or isinstance(day, dt.date)
    start, end = parse_date_range(text)
    assert all(d is None or isinstance(d, dt.date) for d in (start, end))
    for found, (a, b) in find_dates(text):
        assert isinstance(found, dt.date) and 0 <= a <= b <= len(text)


@FUZZ
@given(texts)
def test_identifier_normalisers_give_one_token(text: str) -> None:
    """An ID number or credit code when one is there; else what was printed, squashed (so
    that the check can still show it): never with spaces inside."""
    for normalise in (normalize_identifier, normalize_id_number, normalize_uscc):
        out = normalise(text)
        assert isinstance(out, str) and not any(ch.isspace() for ch in out)


@FUZZ
@given(texts)
def test_code_parsers_return_codes_or_nothing(text: str) -> None:
    assert all(isinstance(c, Category) for c in parse_categories(text))
    parse_gender(text)
    parse_physician_level(text)
    parse_practice_category(text)
    title_level_from_name(text)
    assert all(isinstance(part, str) for part in split_list(text))
    assert isinstance(clean_value(text), str)


_FIELDS = [(t.value, name) for t in DocType if t is not DocType.OTHER for name in all_fields(t)]


@FUZZ
@given(st.sampled_from(_FIELDS), texts)
def test_a_reviewers_correction_is_a_value_or_a_message(field: tuple[str, str],
                                                        text: str) -> None:
    doc_type, name = field
    try:
        value = parse_correction(doc_type, name, text)
    except CorrectionError as exc:
        assert str(exc)  # a message the reviewer reads
        return
    assert value is None or isinstance(value, str | list)


@FUZZ
@given(st.lists(st.tuples(texts, st.floats(0, 2000), st.floats(0, 3000),
                          st.floats(1, 800), st.floats(5, 80), st.floats(0, 1)),
                max_size=25))
def test_classify_and_extract_take_any_lines(raw: list[tuple[str, float, float, float,
                                                             float, float]]) -> None:
    lines = [TextLine(text=t, box=(x, y, x + w, y + h), score=s) for t, x, y, w, h, s in raw
             if t.strip()]
    rows = group_rows(lines, page=1)
    kind = classify(rows)
    if kind.doc_type is not DocType.OTHER:
        for name, value in extract_fields(kind.doc_type, kind.body(rows)).items():
            assert name in all_fields(kind.doc_type) and 0 <= value.confidence <= 1


_HEADER = b"doc_type,certificate_number,status,name,id_number,issue_date,training_dates\n"


@FUZZ
@given(st.one_of(st.binary(max_size=400),
                 st.builds(lambda body: _HEADER + body, st.binary(max_size=300)),
                 st.builds(lambda rows: _HEADER + "\n".join(rows).encode(),
                           st.lists(st.text(alphabet=_CERT + ",\"\n", max_size=60),
                                    max_size=5))))
def test_registry_csv_is_imported_whole_or_refused_with_the_line(data: bytes) -> None:
    try:
        entries = parse_registry_csv(data, "fuzz.csv")
    except RegistryImportError as exc:
        assert str(exc)
        return
    assert isinstance(entries, list)

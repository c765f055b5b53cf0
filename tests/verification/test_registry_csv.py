"""Registry import files (domain.md §4): everything valid is read, anything wrong is named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mchverify.errors import RegistryImportError
from mchverify.schemas.codes import DocType, RegistryStatus
from mchverify.verification.registry_csv import parse_registry_csv

HEADER = "doc_type,certificate_number,status,name,id_number,gender,birth_date,categories,training_dates"
GOOD = "mch_training_certificate,浙母婴培字(2024)001号,active,张三,11010519491231002X,,,midwifery;ligation,2024-05-01;2025-06-02"


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _problems(data: bytes) -> list[tuple[int, str | None]]:
    with pytest.raises(RegistryImportError) as info:
        parse_registry_csv(data)
    return [(p.line, p.column) for p in info.value.problems]


def test_the_synthetic_registry_parses_whole(small_corpus: tuple[Any, list[dict[str, Any]]]) -> None:
    root, labels = small_corpus
    entries = parse_registry_csv((root / "registry.csv").read_bytes())
    printed = {lab["fields"]["certificate_number"] for lab in labels if lab["doc_type"] != "other"}
    assert {e.certificate_number for e in entries} >= printed


def test_a_row_becomes_a_typed_entry() -> None:
    (entry,) = parse_registry_csv(_csv(HEADER, GOOD))
    assert entry.doc_type is DocType.MCH_TRAINING_CERTIFICATE
    assert entry.status is RegistryStatus.ACTIVE
    assert entry.fields == {"name": "张三", "id_number": "11010519491231002X",
                            "categories": ["midwifery", "ligation"]}
    assert entry.training_dates == [dt.date(2024, 5, 1), dt.date(2025, 6, 2)]


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    data = ("\ufeff" + HEADER + "\r\n" + GOOD + "\r\n").encode("utf-8")
    assert len(parse_registry_csv(data)) == 1


def test_unknown_column_is_named() -> None:
    assert _problems(_csv(HEADER + ",备注", GOOD + ",x")) == [(1, "备注")]


def test_missing_key_column_is_named() -> None:
    assert _problems(_csv("doc_type,certificate_number,name", "mch_training_certificate,A1,张三")) == [
        (1, "status")]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (GOOD.replace("active", "expired"), "status"),
        (GOOD.replace("mch_training_certificate", "driving_licence"), "doc_type"),
        (GOOD.replace("11010519491231002X", "110105194912310022"), "id_number"),  # check char
        (GOOD.replace("midwifery;", "助产;"), "categories"),  # codes, not printed names
        (GOOD.replace("2025-06-02", "2025/06/02"), "training_dates"),
        (GOOD.replace("浙母婴培字(2024)001号", " "), "certificate_number"),
    ],
)
def test_bad_value_is_named_by_line_and_column(row: str, column: str) -> None:
    assert _problems(_csv(HEADER, GOOD.replace("001号", "000号"), row)) == [(3, column)]


def test_field_of_another_document_type_is_refused() -> None:
    header = "doc_type,certificate_number,status,institution_name,validation_dates"
    row = "mch_training_certificate,A1,active,某医院,2024-01-01"
    assert _problems(_csv(header, row)) == [(2, "institution_name"), (2, "validation_dates")]


def test_gender_is_a_code() -> None:
    row = "physician_qualification_certificate,Q1,active,张三,11010519491231002X,男,,,"
    assert _problems(_csv(HEADER, row)) == [(2, "gender")]


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    bad1 = GOOD.replace("active", "x")
    bad2 = GOOD.replace("001号", "002号").replace("11010519491231002X", "123")
    assert _problems(_csv(HEADER, bad1, bad2)) == [(2, "status"), (3, "id_number")]


def test_duplicate_certificate_number_after_normalisation() -> None:
    again = GOOD.replace("(2024)", "（2024）")  # full-width brackets: the same number
    problems = _problems(_csv(HEADER, GOOD, again))
    assert problems == [(3, "certificate_number")]


def test_ragged_row_is_refused() -> None:
    assert _problems(_csv(HEADER, GOOD + ",extra")) == [(2, None)]


def test_not_utf8_is_refused() -> None:
    data = (HEADER + "\n").encode() + GOOD.encode("gbk") + b"\n"
    assert _problems(data) == [(2, None)]


def test_messages_speak_chinese() -> None:
    with pytest.raises(RegistryImportError) as info:
        parse_registry_csv(_csv(HEADER, GOOD.replace("11010519491231002X", "110105194912310022")))
    assert "校验" in info.value.problems[0].message

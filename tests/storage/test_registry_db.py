"""The registry copy in SQL: one suite, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import inspect, text

from mchverify.errors import StorageError
from mchverify.schemas.codes import DocType, RegistryStatus
from mchverify.schemas.registry import RegistryEntry
from mchverify.storage.db import Database, normalize_db_url
from mchverify.storage.registry import SqlRegistry


def _licence(number: str, name: str = "杭州市妇幼保健院", **extra: object) -> RegistryEntry:
    return RegistryEntry(
        doc_type=DocType.MCH_PRACTICE_LICENSE, certificate_number=number,
        status=extra.pop("status", RegistryStatus.ACTIVE),  # type: ignore[arg-type]
        fields={"institution_name": name, "licensed_items": ["midwifery"],
                "valid_until": "2028-01-01", **extra},
        validation_dates=[dt.date(2024, 3, 1)])


def _person(number: str, id_number: str = "11010519491231002X") -> RegistryEntry:
    return RegistryEntry(
        doc_type=DocType.MCH_ASSESSMENT_CERTIFICATE, certificate_number=number,
        status=RegistryStatus.ACTIVE,
        fields={"name": "张三", "id_number": id_number, "categories": ["midwifery"],
                "issue_date": "2024-01-05"},
        training_dates=[dt.date(2024, 5, 1), dt.date(2025, 6, 2)])


def test_schema_is_created_by_the_migrations(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert {"registry_records", "documents", "audit_log", "alembic_version", "users",
            "web_sessions", "field_corrections", "flag_overrides"} <= tables
    with database.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == (
            "0004_web")
    database.upgrade()  # a second upgrade is a no-op


def test_import_then_lookup_by_normalised_number(database: Database) -> None:
    reg = SqlRegistry(database)
    summary = reg.replace([_licence("(浙)母婴执字第001号"), _person("杭考字 2024 001")],
                          source="a.csv")
    assert (summary.imported, summary.replaced) == (2, 0)
    got = reg.lookup(DocType.MCH_PRACTICE_LICENSE, "（浙）母婴执字第００１号")
    assert got is not None
    assert got.fields["licensed_items"] == ["midwifery"]
    assert got.validation_dates == [dt.date(2024, 3, 1)]
    person = reg.lookup(DocType.MCH_ASSESSMENT_CERTIFICATE, "杭考字2024001")
    assert person is not None and person.training_dates[-1] == dt.date(2025, 6, 2)
    assert reg.lookup(DocType.MCH_TRAINING_CERTIFICATE, "杭考字2024001") is None  # other type


def test_same_key_replaces_the_record(database: Database) -> None:
    reg = SqlRegistry(database)
    reg.replace([_licence("L1"), _licence("L2")], source="a.csv")
    summary = reg.replace([_licence("L1", status=RegistryStatus.REVOKED)], source="b.csv")
    assert (summary.imported, summary.replaced) == (1, 1)
    assert reg.count() == 2
    got = reg.lookup(DocType.MCH_PRACTICE_LICENSE, "L1")
    assert got is not None and got.status is RegistryStatus.REVOKED


def test_failed_write_keeps_what_was_there(database: Database) -> None:
    reg = SqlRegistry(database)
    reg.replace([_licence("L1")], source="a.csv")
    with pytest.raises(StorageError):
        reg.replace([_licence("L2"), _licence("L2")], source="dup.csv")  # violates the key
    assert reg.count() == 1
    assert reg.lookup(DocType.MCH_PRACTICE_LICENSE, "L2") is None


def test_licences_of_an_institution_and_records_of_a_person(database: Database) -> None:
    reg = SqlRegistry(database)
    reg.replace([_licence("L1", "杭州市 妇幼保健院"), _licence("L2", "宁波市妇幼保健院"),
                 _person("P1"), _person("P2"), _person("P3", "11010519491231003X")],
                source="a.csv")
    assert [e.certificate_number for e in reg.licences_of("杭州市妇幼保健院")] == ["L1"]
    assert [e.certificate_number for e in reg.records_of_person("11010519491231002x")] == [
        "P1", "P2"]


def test_postgres_url_means_psycopg3() -> None:
    assert normalize_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_db_url("sqlite:///var/x.db") == "sqlite:///var/x.db"


def test_one_document_sees_one_answer_per_question(database: Database) -> None:
    """`remembering`: made per document, it asks the database once per question (the second
    look, the location of values and the checks all want the same record) and keeps that
    answer for the document even if an import replaces the record meanwhile."""
    from mchverify.verification.registry import remembering

    reg = SqlRegistry(database)
    reg.replace([_licence("L1"), _person("P1")], source="a.csv")
    one = remembering(reg)
    assert one is not None
    first = one.lookup(DocType.MCH_PRACTICE_LICENSE, "L1")
    assert first is not None and first.status is RegistryStatus.ACTIVE
    licences = one.licences_of("杭州市妇幼保健院")
    licences.clear()  # a caller's change to a list does not reach the next caller
    reg.replace([_licence("L1", status=RegistryStatus.REVOKED)], source="b.csv")
    assert one.lookup(DocType.MCH_PRACTICE_LICENSE, "L1") == first
    assert [e.certificate_number for e in one.licences_of("杭州市妇幼保健院")] == ["L1"]
    assert [e.certificate_number for e in one.records_of_person("11010519491231002X")] == ["P1"]
    again = remembering(reg)  # the next document asks again
    assert again is not None
    latest = again.lookup(DocType.MCH_PRACTICE_LICENSE, "L1")
    assert latest is not None and latest.status is RegistryStatus.REVOKED
    assert remembering(None) is None


def test_upgrades_from_many_threads_at_once(database: Database) -> None:
    """Two uploads at the web window each start the intake flow, which upgrades the schema:
    Alembic's environment is process-global, so concurrent upgrades must take turns (without
    that, `KeyError: 'script'` — found by the load test)."""
    from concurrent.futures import ThreadPoolExecutor

    start = threading.Barrier(6)

    def upgrade(_: int) -> None:
        db = Database(database.url)
        try:
            start.wait()
            db.upgrade()
        finally:
            db.dispose()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(upgrade, range(6)))
    assert SqlRegistry(database).count() == 0  # the schema is whole and usable

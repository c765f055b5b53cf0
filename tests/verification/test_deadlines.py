"""Due dates in PRC working days: the official calendar (weekends, holidays and the
weekend days worked in lieu) where the package has the year, Monday–Friday marked as an
estimate where it does not yet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mchverify.verification.deadlines import (
    LIMITS,
    add_working_days,
    deadlines,
    is_working_day,
    working_days_between,
)

SEEDS = Path(__file__).resolve().parents[2] / "docs" / "seeds"


def test_the_limits_quote_the_service_guide() -> None:
    text = "".join((SEEDS / "000.txt").read_text(encoding="utf-8").split())
    for limit in LIMITS:
        assert "".join(limit.citation.quote.split()) in text
    assert {lim.id: lim.working_days for lim in LIMITS} == {"promised": 1, "statutory": 20}


def test_national_day_week_is_skipped_and_the_makeup_saturday_counts() -> None:
    # 2026: 1–7 October off; Saturday 10 October is worked in lieu
    assert is_working_day(dt.date(2026, 10, 1)) == (False, False)
    assert is_working_day(dt.date(2026, 10, 10)) == (True, False)
    due, estimated = add_working_days(dt.date(2026, 9, 30), 1)
    assert due == dt.date(2026, 10, 8) and not estimated
    assert add_working_days(dt.date(2026, 10, 9), 1)[0] == dt.date(2026, 10, 10)


def test_a_friday_receipt_is_due_on_monday() -> None:
    assert add_working_days(dt.date(2026, 11, 20), 1) == (dt.date(2026, 11, 23), False)


def test_twenty_working_days_into_a_year_without_a_calendar_is_an_estimate() -> None:
    due, estimated = add_working_days(dt.date(2026, 12, 20), 20)
    assert estimated, "2027's holidays are not published in the package yet"
    assert due.weekday() < 5 and due > dt.date(2027, 1, 1)
    [promised, statutory] = deadlines(dt.date(2026, 11, 24))
    assert promised.due == dt.date(2026, 11, 25) and not promised.estimated
    assert statutory.due == dt.date(2026, 12, 22) and not statutory.estimated


def test_remaining_days_count_down_and_go_negative_when_overdue() -> None:
    [promised, _] = deadlines(dt.date(2026, 11, 20))  # Friday: due Monday 23
    assert promised.remaining(dt.date(2026, 11, 20)) == 1
    assert promised.remaining(dt.date(2026, 11, 23)) == 0
    assert promised.remaining(dt.date(2026, 11, 25)) == -2
    assert working_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 23)) == (1, False)

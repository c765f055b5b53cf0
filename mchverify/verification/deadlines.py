"""Due dates of an application in PRC working days (domain.md §3, "Time limits").

The official holiday calendar comes from `chinesecalendar`; for a year it does not cover yet
(the State Council publishes each year's in late autumn) the date is counted on Monday–Friday
and marked as estimated, so a reviewer never sees a made-up holiday as fact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

from mchverify.verification.rules import Citation

__all__ = ["LIMITS", "Deadline", "TimeLimit", "add_working_days", "deadlines",
           "is_working_day", "working_days_between"]


@dataclass(frozen=True)
class TimeLimit:
    id: str
    label: str
    working_days: int
    citation: Citation


LIMITS: tuple[TimeLimit, ...] = (
    TimeLimit("promised", "承诺办结", 1,
              Citation("000", "基本信息", "承诺办结时限 1(工作日)")),
    TimeLimit("statutory", "法定办结", 20,
              Citation("000", "基本信息", "法定办结时限 20(工作日)")),
)


@dataclass(frozen=True)
class Deadline:
    limit: TimeLimit
    due: dt.date
    estimated: bool  # some day on the way was counted without the official calendar

    def remaining(self, today: dt.date) -> int:
        """Working days left after `today` (negative: overdue by that many)."""
        if today <= self.due:
            return working_days_between(today, self.due)[0]
        return -working_days_between(self.due, today)[0]


def is_working_day(day: dt.date) -> tuple[bool, bool]:
    """(working day?, estimated?) — the official calendar where it has the year."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: dt.date, days: int) -> tuple[dt.date, bool]:
    """The date `days` working days after `start` (the day of receipt is not counted)."""
    day, left, estimated = start, days, False
    while left > 0:
        day += dt.timedelta(days=1)
        working, guess = is_working_day(day)
        estimated |= guess
        left -= working
    return day, estimated


def working_days_between(start: dt.date, end: dt.date) -> tuple[int, bool]:
    """Working days in (start, end]."""
    count, estimated, day = 0, False, start
    while day < end:
        day += dt.timedelta(days=1)
        working, guess = is_working_day(day)
        count += working
        estimated |= guess
    return count, estimated


def deadlines(received: dt.date) -> list[Deadline]:
    """Each time limit's due date for an application received on `received`."""
    out = []
    for limit in LIMITS:
        due, estimated = add_working_days(received, limit.working_days)
        out.append(Deadline(limit, due, estimated))
    return out

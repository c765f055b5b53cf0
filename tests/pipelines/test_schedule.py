"""The nightly schedule: served by the CLI and declared in prefect.yaml, the same on both."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from prefect.server.schemas.schedules import CronSchedule

from mchverify.pipelines.schedule import (
    DEPLOYMENT,
    NIGHTLY_CRON,
    TIMEZONE,
    nightly_parameters,
    nightly_schedule,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_served_schedule_runs_at_one_in_the_night_beijing_time() -> None:
    schedule = nightly_schedule()
    assert (schedule.cron, schedule.timezone) == (NIGHTLY_CRON, TIMEZONE)
    start = dt.datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo(TIMEZONE))
    server = CronSchedule(cron=schedule.cron, timezone=schedule.timezone)  # as Prefect plans
    [nxt] = asyncio.run(server.get_dates(n=1, start=start))
    assert nxt == dt.datetime(2026, 11, 25, 1, 0, tzinfo=ZoneInfo(TIMEZONE))
    assert nxt.astimezone(dt.UTC).hour == 17
    [bare] = asyncio.run(CronSchedule(cron=schedule.cron).get_dates(n=1, start=start))
    assert bare.astimezone(dt.UTC).hour == 1  # what the cron alone would have meant


def test_prefect_yaml_declares_the_same_deployment() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    [dep] = spec["deployments"]
    assert dep["name"] == DEPLOYMENT
    [sched] = dep["schedules"]
    assert (sched["cron"], sched["timezone"]) == (NIGHTLY_CRON, TIMEZONE)
    path, name = dep["entrypoint"].split(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    flow = getattr(module, name)
    assert flow.name == DEPLOYMENT
    params = nightly_parameters("s3://archive/scans", workers=None, max_attempts=3)
    assert set(dep["parameters"]) <= set(params)
    assert set(params) <= set(flow.parameters.properties)

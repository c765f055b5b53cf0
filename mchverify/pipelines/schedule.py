"""The nightly schedule: a Prefect deployment of `ingest_flow` with a cron schedule, served
by this process (`mchverify ingest SOURCE --serve-schedule`); `prefect.yaml` at the
repository root declares the same deployment for `prefect deploy` and a work pool."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mchverify.errors import MchverifyError

if TYPE_CHECKING:
    from prefect.schedules import Schedule

__all__ = ["DEPLOYMENT", "NIGHTLY_CRON", "TIMEZONE", "nightly_parameters", "nightly_schedule",
           "serve_nightly"]

DEPLOYMENT = "nightly-ingest"
NIGHTLY_CRON = "0 1 * * *"
#: the archives' and the service window's clock: a bare cron would be read as UTC by Prefect,
#: and "0 1 * * *" would run at nine in the morning, in the reviewers' working day
TIMEZONE = "Asia/Shanghai"


def nightly_schedule(cron: str = NIGHTLY_CRON) -> Schedule:
    """The deployment's schedule: `cron` on Beijing time (as `prefect.yaml` declares it)."""
    from prefect.schedules import Cron

    return Cron(cron, timezone=TIMEZONE)


def nightly_parameters(source: str, *, workers: int | None, max_attempts: int,
                       ) -> dict[str, object]:
    """The flow's parameters for every scheduled run (as_of: the night's own date)."""
    return {"source_url": source, "as_of": None, "workers": workers,
            "max_attempts": max_attempts}


def serve_nightly(source: str, *, cron: str, workers: int | None, max_attempts: int) -> None:
    """Register the deployment and run its scheduled runs until stopped (Ctrl-C).

    Schedules live in a Prefect server: a temporary one would forget them, so this needs
    `PREFECT_API_URL` (e.g. `prefect server start` on this machine)."""
    from prefect.settings import PREFECT_API_URL

    from mchverify.pipelines.flows import ingest_flow

    if not PREFECT_API_URL.value():
        raise MchverifyError("定时任务需要常驻的 Prefect 服务：请先运行 `prefect server start`，"
                             "并设置 PREFECT_API_URL=http://127.0.0.1:4200/api")
    ingest_flow.serve(name=DEPLOYMENT, schedules=[nightly_schedule(cron)],
                      parameters=nightly_parameters(source, workers=workers,
                                                    max_attempts=max_attempts))

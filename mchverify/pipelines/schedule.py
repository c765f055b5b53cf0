"""The nightly schedule: a Prefect deployment of `ingest_flow` with a cron schedule, served
by this process (`mchverify ingest SOURCE --serve-schedule`); `prefect.yaml` at the
repository root declares the same deployment for `prefect deploy` and a work pool."""

from __future__ import annotations

from mchverify.errors import MchverifyError

__all__ = ["DEPLOYMENT", "nightly_parameters", "serve_nightly"]

DEPLOYMENT = "nightly-ingest"


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
    ingest_flow.serve(name=DEPLOYMENT, cron=cron,
                      parameters=nightly_parameters(source, workers=workers,
                                                    max_attempts=max_attempts))

"""The morning report of a nightly run: the same figures as JSON (for machines) and as an HTML
page in Chinese (for the people who read it over coffee)."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from jinja2 import Environment, select_autoescape

from mchverify.storage.reports import save_text

__all__ = ["render_html", "write_report"]

_ENV = Environment(autoescape=select_autoescape(default=True), trim_blocks=True,
                   lstrip_blocks=True)

VERDICT_LABELS = {"accept": "建议通过", "review": "需人工审核", "reject": "建议不予通过"}


def render_html(report: dict[str, Any]) -> str:
    """The report as a self-contained page (no scripts, no external assets)."""
    template = _ENV.from_string(
        files("mchverify.pipelines").joinpath("templates/ingest_report.html").read_text(
            encoding="utf-8"))
    stages = report.get("stage_seconds", {})
    total = sum(stages.values()) or 1.0
    return template.render(r=report, verdict_labels=VERDICT_LABELS,
                           stage_share={k: v / total for k, v in stages.items()})


def write_report(report: dict[str, Any], folder: str) -> dict[str, str]:
    """`ingest-<run>.json` and `.html` in `folder`; their paths."""
    stem = f"ingest-{report.get('run_id') or 'x'}-{report['started_at'][:10]}"
    paths = {"json": save_text(folder, f"{stem}.json",
                               json.dumps(report, ensure_ascii=False, indent=2)),
             "html": save_text(folder, f"{stem}.html", render_html(report))}
    return {k: str(v) for k, v in paths.items()}

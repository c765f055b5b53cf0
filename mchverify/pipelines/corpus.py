"""Verify a generated corpus (demo, bench-verify): its registry imported into a fresh SQLite
database, every file read and checked as of its label's as-of date, one OCR model load."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mchverify.pipelines.extract import DocumentReader
from mchverify.pipelines.registry import import_registry_file
from mchverify.pipelines.verify import read_and_inspect, verify_result
from mchverify.schemas.extraction import ExtractionResult
from mchverify.storage.db import Database
from mchverify.storage.registry import SqlRegistry
from mchverify.verification.registry import remembering

__all__ = ["CorpusRun", "verify_corpus"]


@dataclass
class CorpusRun:
    """Per file: the `verify --json` object and (when readable) the extraction result."""

    outs: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: dict[str, ExtractionResult] = field(default_factory=dict)
    registry_records: int = 0
    seconds: float = 0.0
    ocr_pages: int = 0


def verify_corpus(corpus: Path, labels: list[dict[str, Any]], db_path: Path, *,
                  progress: Callable[[int], None] | None = None) -> CorpusRun:
    """Import corpus/registry.csv into `db_path` (replaced), then verify every labelled file."""
    db_path.unlink(missing_ok=True)
    db = Database(f"sqlite:///{db_path}")
    run = CorpusRun()
    try:
        run.registry_records = import_registry_file(corpus / "registry.csv", db).imported
        registry = SqlRegistry(db)
        reader = DocumentReader()
        t0 = time.perf_counter()
        for n, lab in enumerate(labels, 1):
            as_of = dt.date.fromisoformat(lab["meta"]["as_of"])
            one = remembering(registry)
            result, images = read_and_inspect(corpus / lab["file"], reader, one)
            run.outs[lab["file"]] = verify_result(result, as_of=as_of, registry=one,
                                                  images=images)
            if isinstance(result, ExtractionResult):
                run.results[lab["file"]] = result
            if progress is not None:
                progress(n)
        run.seconds = time.perf_counter() - t0
        run.ocr_pages = reader.ocr_pages
    finally:
        db.dispose()
    return run

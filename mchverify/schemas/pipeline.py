"""What the flows pass between processes and report: one processed original, a run's summary."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["STAGES", "IngestSummary", "ProcessedDocument", "RunFailure"]

#: The per-stage split of a document's time (issue 4: load, preprocess, OCR, checks, store).
STAGES = ("load", "preprocess", "ocr", "checks", "store")


class ProcessedDocument(BaseModel):
    """One original read and checked by a worker, ready to be persisted by the flow."""

    sha256: str
    filename: str
    verified: dict[str, Any] | None = Field(
        default=None, description="the `verify --json` object; None when the file failed")
    extraction: dict[str, Any] | None = None
    image_evidence: dict[str, Any] | None = None
    error: str | None = Field(default=None, description="why the file could not be read")
    error_code: str | None = None
    pages: int = 0
    ocr_pages: int = 0
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")
    worker: str = Field(default="", description="host:pid of the process that read it")
    rss_mb: float = Field(default=0.0, description="the worker's resident memory after it")
    peak_rss_mb: float = Field(default=0.0, description="the worker's peak resident memory")
    model_loads: int = Field(default=0, description="OCR model loads of that worker so far")

    @property
    def failed(self) -> bool:
        return self.verified is None


class RunFailure(BaseModel):
    """A file the run could not process, and why."""

    file: str
    reason: str
    attempts: int = 1
    sha256: str | None = None


class IngestSummary(BaseModel):
    """The last line of `mchverify ingest` (one JSON object), and the heart of its report."""

    processed: int = 0
    skipped: int = 0
    failed: int = 0
    verdicts: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> dict[str, Any]:
        return self.model_dump()

"""Read and check documents: extraction, then the document checks against the registry."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mchverify.extractors.pages import PageImage
from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.extraction import ExtractionResult, FileError
from mchverify.schemas.verification import (
    Flag,
    FlagCode,
    ImageEvidence,
    verdict_of,
    worst_verdict,
)
from mchverify.verification.bundle import bundle_flags
from mchverify.verification.checks import MIN_CONFIDENCE, image_remarks, run_checks
from mchverify.verification.forensics import inspect_images
from mchverify.verification.locate import locate_from_registry
from mchverify.verification.registry import RegistryAdapter, remembering
from mchverify.verification.reread import reread_disputed
from mchverify.verification.rules import FLAG_SEVERITY
from mchverify.verification.seal_text import LineRecognizer

__all__ = ["inspect_read", "read_and_inspect", "read_and_inspect_data", "verify_bundle",
           "verify_paths", "verify_result"]


def _unreadable(err: FileError) -> Flag:
    return Flag(code=FlagCode.UNREADABLE, severity=FLAG_SEVERITY[FlagCode.UNREADABLE],
                message=f"文件无法读取：{err.error}")


def verify_result(result: ExtractionResult | FileError, *, as_of: dt.date,
                  registry: RegistryAdapter | None,
                  images: ImageEvidence | None = None) -> dict[str, Any]:
    """The contract's `verify --json` object of one file: extract's, plus flags and verdict,
    and `remarks` (notes for the reviewer, not flags: a page that is a copy) when any."""
    remarks: list[str] = []
    if isinstance(result, FileError):
        flags = [_unreadable(result)]
        out: dict[str, Any] = result.contract_json()
    else:
        flags = run_checks(result, as_of=as_of, registry=registry, images=images)
        out = result.contract_json()
        remarks = image_remarks(result.doc_type, images)
    out["flags"] = [f.model_dump(mode="json") for f in flags]
    out["verdict"] = verdict_of(flags).value
    if remarks:
        out["remarks"] = remarks
    return out


def read_and_inspect(path: Path, reader: DocumentReader, registry: RegistryAdapter | None = None,
                     ) -> tuple[ExtractionResult | FileError, ImageEvidence | None]:
    """Read a file, take a second look where the registry disputes or lacks a value
    (re-read, then locate), and look at its page images (seal, QR code, pasted regions)."""
    return inspect_read(reader.read_path_with_images(path), reader, registry)


def read_and_inspect_data(data: bytes, name: str, reader: DocumentReader,
                          registry: RegistryAdapter | None = None,
                          ) -> tuple[ExtractionResult | FileError, ImageEvidence | None]:
    """As `read_and_inspect`, for an original's bytes (from the object store)."""
    return inspect_read(reader.read_data_with_images(data, name), reader, registry)


def inspect_read(read: tuple[ExtractionResult, list[PageImage]] | FileError,
                 reader: DocumentReader, registry: RegistryAdapter | None,
                 ) -> tuple[ExtractionResult | FileError, ImageEvidence | None]:
    if isinstance(read, FileError):
        return read, None
    result, images = read
    engine = reader.engine if isinstance(reader.engine, LineRecognizer) else None
    t0 = time.perf_counter()
    result = reread_disputed(result, images, registry, engine, min_confidence=MIN_CONFIDENCE)
    result = locate_from_registry(result, registry)
    t1 = time.perf_counter()
    evidence = inspect_images(result, images, engine)
    reader.add_timing("second_look", t1 - t0)
    reader.add_timing("forensics", time.perf_counter() - t1)
    return result, evidence


def verify_paths(paths: Iterable[Path], reader: DocumentReader, *, as_of: dt.date,
                 registry: RegistryAdapter | None) -> Iterator[dict[str, Any]]:
    for path in paths:
        one = remembering(registry)
        result, images = read_and_inspect(path, reader, one)
        yield verify_result(result, as_of=as_of, registry=one, images=images)


def verify_bundle(paths: Iterable[Path], reader: DocumentReader, *, as_of: dt.date,
                  registry: RegistryAdapter | None) -> dict[str, Any]:
    """All files as one application: `{"verdict", "flags", "documents"}` (§5)."""
    views = [(p, remembering(registry)) for p in paths]
    read = [(*read_and_inspect(p, reader, one), one) for p, one in views]
    results = [r for r, _, _ in read]
    documents = [verify_result(r, as_of=as_of, registry=one, images=im) for r, im, one in read]
    flags = bundle_flags([r for r in results if isinstance(r, ExtractionResult)])
    worst = worst_verdict([verdict_of(flags).value] + [d["verdict"] for d in documents])
    return {"verdict": worst.value,
            "flags": [f.model_dump(mode="json") for f in flags], "documents": documents}

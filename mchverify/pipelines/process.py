"""Processing one stored original, in whatever process runs it (the intake's own, or a Dask
worker of the nightly run): fetch → read (load, preprocess, OCR, fields) → checks → derived
artefacts. Each process keeps one `WorkerContext` per configuration, so the OCR model is
loaded once per worker, not once per document.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import socket
import sys
import threading
import time
from dataclasses import dataclass
from functools import cache

from pydantic import SecretStr

from mchverify.extractors.ocr import model_loads
from mchverify.pipelines.extract import DocumentReader
from mchverify.pipelines.verify import read_and_inspect_data, verify_result
from mchverify.schemas.extraction import FileError
from mchverify.schemas.options import RapidOcrOptions
from mchverify.schemas.pipeline import ProcessedDocument
from mchverify.settings import Settings
from mchverify.storage.objects import ObjectStore, object_store_from_settings
from mchverify.storage.registry import registry_from_settings
from mchverify.verification.registry import RegistryAdapter, remembering

__all__ = [
    "EVIDENCE_JSON",
    "EXTRACTION_JSON",
    "WorkerContext",
    "process_original",
    "worker_context",
]

#: derived artefacts written beside each original
EXTRACTION_JSON = "extraction.json"
EVIDENCE_JSON = "image-evidence.json"


@dataclass
class WorkerContext:
    """What a worker process holds for its whole life: one reader, one registry, one store."""

    reader: DocumentReader
    registry: RegistryAdapter
    store: ObjectStore


_Key = tuple[str, str, str | None, str | None, str | None, bool, float, str | None]


def _key(settings: Settings) -> _Key:
    secret = settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None
    return (settings.db_url, settings.storage_url, settings.s3_endpoint,
            settings.s3_access_key, secret, settings.s3_secure, settings.s3_timeout,
            settings.registry_url)


#: contexts are built one at a time (see worker_context)
_BUILDING = threading.Lock()


def worker_context(settings: Settings, *, ocr_threads: int = 0) -> WorkerContext:
    """The process's context for this configuration, built on first use.

    `ocr_threads` is this process's share of the cores (0: all), so that several workers on
    one machine do not each start a thread per core. Built once even when several threads
    ask first at the same moment (two uploads at the window as the server starts): one
    reader, so one model in memory."""
    with _BUILDING:
        return _context(_key(settings), ocr_threads)


@cache
def _context(key: _Key, ocr_threads: int) -> WorkerContext:
    db_url, storage_url, endpoint, access_key, secret, secure, timeout, registry_url = key
    settings = Settings(db_url=db_url, storage_url=storage_url, s3_endpoint=endpoint,
                        s3_access_key=access_key,
                        s3_secret_key=SecretStr(secret) if secret is not None else None,
                        s3_secure=secure, s3_timeout=timeout, registry_url=registry_url)
    return WorkerContext(reader=DocumentReader(RapidOcrOptions(threads=ocr_threads)),
                         registry=registry_from_settings(settings),
                         store=object_store_from_settings(settings))


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        with open(f"/proc/{os.getpid()}/statm") as fh:
            current = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        current = peak
    if sys.platform == "darwin":  # ru_maxrss is bytes there
        peak /= 1024
    return current, peak


def process_original(sha256: str, filename: str, *, as_of: dt.date,
                     ctx: WorkerContext) -> ProcessedDocument:
    """Read and check one original from the store; write its OCR JSON and image evidence
    beside it. A file that cannot be read comes back with its reason, not as an exception;
    object-store and database errors do raise (StorageError: the caller may retry)."""
    before = dict(ctx.reader.timings)
    loads_before = "model_load" in before
    t0 = time.perf_counter()
    data = ctx.store.get_original(sha256)
    fetch = time.perf_counter() - t0
    registry = remembering(ctx.registry)
    result, evidence = read_and_inspect_data(data, filename, ctx.reader, registry)
    t1 = time.perf_counter()
    verified = verify_result(result, as_of=as_of, registry=registry, images=evidence)
    t2 = time.perf_counter()
    spent = {k: v - before.get(k, 0.0) for k, v in ctx.reader.timings.items()}
    reading = spent.get("load", 0) + spent.get("preprocess", 0) + spent.get("ocr", 0) + \
        spent.get("model_load", 0)
    timings = {"load": fetch + spent.get("load", 0.0),
               "preprocess": spent.get("preprocess", 0.0),
               "ocr": spent.get("ocr", 0.0),
               # fields, second looks (re-read, locate), image forensics and the rules
               "checks": max(0.0, (t1 - t0 - fetch) - reading) + (t2 - t1)}
    if "model_load" in spent and not loads_before:
        timings["model_load"] = spent["model_load"]
    current, peak = _rss_mb()
    out = ProcessedDocument(sha256=sha256, filename=filename, timings=timings,
                            worker=f"{socket.gethostname()}:{os.getpid()}",
                            rss_mb=round(current, 1), peak_rss_mb=round(peak, 1),
                            model_loads=model_loads())
    if isinstance(result, FileError):
        out.error, out.error_code = result.error, result.code
        return out
    t3 = time.perf_counter()
    ctx.store.put_derived(sha256, EXTRACTION_JSON, result.model_dump_json().encode())
    if evidence is not None:
        ctx.store.put_derived(sha256, EVIDENCE_JSON, evidence.model_dump_json().encode())
    out.timings["store"] = time.perf_counter() - t3
    out.verified, out.extraction = verified, result.model_dump(mode="json")
    out.image_evidence = evidence.model_dump(mode="json") if evidence is not None else None
    out.pages, out.ocr_pages = len(result.pages), sum(p.source == "ocr" for p in result.pages)
    return out

"""Orchestration: plan the corpus, make each document (in parallel), write the truth files.

labels.json holds one object per file (what is printed, and how it was printed and
degraded); registry.csv holds what the issuing authorities recorded, in the import format
of domain.md §4.
"""

from __future__ import annotations

import csv
import json
import logging
import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from mchverify.schemas.codes import PERSONNEL_TYPES, DocType
from mchverify.schemas.documents import all_fields
from mchverify.synth.document import FORMATS, Job, jsonable, make_document
from mchverify.synth.parts import Part
from mchverify.synth.records import DocRecord, World

__all__ = ["DOC_TYPES", "generate_corpus", "plan_formats", "plan_types", "registry_columns",
           "run_jobs", "write_registry"]

log = logging.getLogger(__name__)

#: The eight contract types, in the round-robin order of a corpus.
DOC_TYPES: tuple[DocType, ...] = tuple(t for t in DocType if t != DocType.OTHER)
# Per block of ten documents: 60 % images (mostly JPEG), 20 % scanned, 20 % digital PDFs.
_FORMAT_BLOCK = ("jpg", "jpg", "jpg", "jpg", "png", "tiff", "pdf-scan", "pdf-scan",
                 "pdf-digital", "pdf-digital")


def plan_types(count: int, other_fraction: float) -> list[DocType]:
    """Round-robin over the eight types with `other` documents spread evenly among them.

    Never so many `other` that a corpus of eight or more misses a type.
    """
    n_other = int(count * max(0.0, other_fraction) + 0.5)
    if count >= len(DOC_TYPES):
        n_other = min(n_other, count - len(DOC_TYPES))
    n_other = min(n_other, count)
    other_at = {int((k + 0.5) * count / n_other) for k in range(n_other)} if n_other else set()
    while len(other_at) < n_other:  # collisions only for tiny counts
        other_at.add(max(set(range(count)) - other_at))
    out: list[DocType] = []
    k = 0
    for i in range(count):
        if i in other_at:
            out.append(DocType.OTHER)
        else:
            out.append(DOC_TYPES[k % len(DOC_TYPES)])
            k += 1
    return out


def plan_formats(count: int, seed: int) -> list[str]:
    """Output formats in shuffled blocks of ten, so small corpora still get every format."""
    rng = random.Random(f"mchverify-synth:{seed}:formats")
    out: list[str] = []
    while len(out) < count:
        block = list(_FORMAT_BLOCK)
        rng.shuffle(block)
        out.extend(block)
    assert set(out) <= set(FORMATS)
    return out[:count]


def registry_columns() -> list[str]:
    """doc_type, certificate_number, status, every §2 field, training and validation dates."""
    cols = ["doc_type", "certificate_number", "status"]
    for t in DOC_TYPES:
        for name in all_fields(t):
            if name not in cols:
                cols.append(name)
    return cols + ["training_dates", "validation_dates"]


def _registry_row(rec: DocRecord) -> dict[str, str]:
    row: dict[str, str] = {"doc_type": rec.doc_type.value, "status": rec.status}
    for name, value in jsonable(rec.registry).items():
        row[name] = ";".join(value) if isinstance(value, list) else str(value)
    if rec.doc_type in PERSONNEL_TYPES:
        row["training_dates"] = ";".join(d.isoformat() for d in rec.training_dates)
    else:
        row["validation_dates"] = ";".join(d.isoformat() for d in rec.validation_dates)
    return row


def write_registry(path: Path, records: list[DocRecord]) -> None:
    """registry.csv in the import format (domain.md §4)."""
    cols = registry_columns()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols, restval="")
        writer.writeheader()
        for rec in records:
            writer.writerow(_registry_row(rec))


def _init_worker() -> None:
    """One OpenCV thread per worker process: the processes are the parallelism."""
    import cv2

    cv2.setNumThreads(1)


def _workers(requested: int | None, count: int) -> int:
    if requested is not None:
        return max(1, requested)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, 4, count // 4 or 1))


def generate_corpus(outdir: Path, count: int, seed: int = 0, *, other_fraction: float = 0.05,
                    workers: int | None = None, part: Part | str = Part.TUNE,
                    official_share: float = 0.35, copy_share: float = 0.12,
                    hand_share: float | None = None,
                    bilingual_share: float | None = None) -> list[dict[str, Any]]:
    """Write `count` documents into outdir plus outdir/labels.json and outdir/registry.csv;
    return the labels (in document order).

    `workers`: processes to render with (default: the CPUs available, at most 4).
    `part`: the generator's tune part (tests, development) or held-out part (benchmarks only,
    see `parts`); `official_share`: scanned certificates printed on their official blank;
    `copy_share`: scanned certificates handed in as photocopies; `hand_share`: official
    sheets filled in by hand (default: by the blank's age); `bilingual_share`: official sheets
    printed bilingual (default: by the region, mostly Xinjiang's).
    """
    part = Part(part)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    types = plan_types(count, other_fraction)
    formats = plan_formats(count, seed)
    world = World(seed, sum(t == DocType.MCH_PRACTICE_LICENSE for t in types))
    jobs: list[Job] = []
    records: list[DocRecord] = []
    for i, t in enumerate(types):
        if t == DocType.OTHER:
            inst = world.institutions[i % len(world.institutions)]
            jobs.append(Job(i, seed, formats[i], outdir, None, inst, part=part.value,
                            official_share=official_share, copy_share=copy_share,
                            hand_share=hand_share, bilingual_share=bilingual_share))
        else:
            rec = world.record(i, t)
            records.append(rec)
            jobs.append(Job(i, seed, formats[i], outdir, rec, part=part.value,
                            official_share=official_share, copy_share=copy_share,
                            hand_share=hand_share, bilingual_share=bilingual_share))
    log.info("generating %d documents into %s", count, outdir)
    labels = run_jobs(jobs, workers)
    (outdir / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    write_registry(outdir / "registry.csv", [r for r in records if r.in_registry])
    return labels


def run_jobs(jobs: list[Job], workers: int | None = None) -> list[dict[str, Any]]:
    """Make every document (in worker processes when there are enough); labels in order."""
    n = _workers(workers, len(jobs))
    if n > 1:
        # forkserver: workers start clean even if this process already runs OCR threads.
        ctx = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx,
                                 initializer=_init_worker) as pool:
            labels = list(pool.map(make_document, jobs, chunksize=1))
    else:
        labels = [make_document(job) for job in jobs]
    return labels

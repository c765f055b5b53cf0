"""Corpora and the OCR reader shared by the tests: generated once per test run, in temporary folders.

Under pytest-xdist every worker process asks for the same corpora; a lock file lets the
first one generate and the others read, instead of each rendering its own copy.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from mchverify.synth import generate_corpus

if TYPE_CHECKING:
    from mchverify.pipelines.extract import DocumentReader

Corpus = tuple[Path, list[dict[str, Any]]]


def _shared_corpus(factory: pytest.TempPathFactory, name: str, count: int, seed: int) -> Corpus:
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # common to all workers of this run
    out = root / name
    out.mkdir(parents=True, exist_ok=True)
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        labels_path = out / "labels.json"
        if labels_path.is_file():
            return out, json.loads(labels_path.read_text(encoding="utf-8"))
        workers = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2
        return out, generate_corpus(out, count, seed, workers=workers)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """16 documents: every type twice (one slot may be an `other` page)."""
    return _shared_corpus(tmp_path_factory, "synth-small", 16, 3)


@pytest.fixture(scope="session")
def large_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """40 documents, for the variety checks."""
    return _shared_corpus(tmp_path_factory, "synth-large", 40, 11)


@pytest.fixture(scope="session")
def reader() -> DocumentReader:
    """One reader (one OCR model load) per test process, as in production."""
    from mchverify.pipelines.extract import DocumentReader

    return DocumentReader()


"""Where a digital PDF's time goes (`python scripts/bench_digital_parts.py`): not a test.

The digital PDFs of the speed corpus (`make bench-speed` makes it) through the whole
per-document path, several times each, with the main steps timed where they are called:
pdfium's pass (page load, character census, drawing, path stripping, saving), pdfminer on the
text view, the seal finder, the seal's arc text, the QR reader. Medians per document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mchverify.extractors import loaders
from mchverify.pipelines.extract import DocumentReader
from mchverify.pipelines.registry import import_registry_file
from mchverify.pipelines.verify import read_and_inspect_data, verify_result
from mchverify.storage.db import Database
from mchverify.storage.registry import SqlRegistry
from mchverify.verification import forensics
from mchverify.verification.registry import remembering

STEPS: list[tuple[Any, str]] = [
    (loaders, "_first_pass"), (loaders, "_render"), (loaders, "_read_text_layers"),
    (forensics, "find_seal_marks"), (forensics, "_seal_found"), (forensics, "decode_qr")]


def _timed(spent: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t
    return run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("var/bench-speed/corpus"))
    ap.add_argument("--runs", type=int, default=25)
    args = ap.parse_args()
    labels = json.loads((args.corpus / "labels.json").read_text(encoding="utf-8"))
    files = [(args.corpus / lab["file"]).read_bytes() for lab in labels
             if lab["meta"]["format"] == "pdf-digital"]
    db = Database(f"sqlite:///{Path(tempfile.mkdtemp()) / 'registry.db'}")
    db.upgrade()
    import_registry_file(args.corpus / "registry.csv", db)
    registry, reader = SqlRegistry(db), DocumentReader()
    spent: dict[str, float] = defaultdict(float)
    for module, name in STEPS:
        setattr(module, name, _timed(spent, name, getattr(module, name)))
    per_doc: dict[str, list[float]] = defaultdict(list)
    for run in range(args.runs + 1):  # run 0 loads the model and warms up
        for data in files:
            spent.clear()
            t = time.perf_counter()
            one = remembering(registry)
            result, evidence = read_and_inspect_data(data, "e.pdf", reader, one)
            verify_result(result, as_of=dt.date(2026, 11, 24), registry=one, images=evidence)
            spent["whole document"] = time.perf_counter() - t
            if run:
                for name, seconds in spent.items():
                    per_doc[name].append(seconds)
    print(f"{len(files)} digital PDFs × {args.runs} runs, median seconds per document:")
    for name in ["whole document", *(n for _, n in STEPS)]:
        print(f"  {name:18s} {statistics.median(per_doc[name]):.4f}")


if __name__ == "__main__":
    main()

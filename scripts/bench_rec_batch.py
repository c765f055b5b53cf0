"""Recognition batch sizes against field accuracy (`python scripts/bench_rec_batch.py`).

Not a test: the scanned documents of a generated corpus read with each batch size, the sizes
interleaved document by document in one process; seconds per document and fields exact.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from mchverify.evaluation import score_corpus
from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.extraction import ExtractionResult
from mchverify.schemas.options import RapidOcrOptions
from mchverify.synth import generate_corpus


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--batches", default="8,4", help="comma-separated batch sizes")
    ap.add_argument("--out", type=Path, default=Path("var/bench-rec-batch"))
    args = ap.parse_args()
    corpus = args.out / f"corpus-{args.count}-{args.seed}"
    if not (corpus / "labels.json").exists():
        generate_corpus(corpus, args.count, args.seed)
    labels = [lab for lab in json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
              if lab["meta"]["format"] != "pdf-digital"]
    batches = [int(b) for b in args.batches.split(",")]
    readers = {b: DocumentReader(RapidOcrOptions(rec_batch=b)) for b in batches}
    for reader in readers.values():  # model loads, outside the figures
        reader.read_path(corpus / labels[0]["file"])
    results: dict[int, dict[str, ExtractionResult | object]] = {b: {} for b in batches}
    seconds = dict.fromkeys(batches, 0.0)
    for i, lab in enumerate(labels):
        for b in batches if i % 2 else batches[::-1]:  # neither always goes first
            t = time.perf_counter()
            results[b][lab["file"]] = readers[b].read_path(corpus / lab["file"])
            seconds[b] += time.perf_counter() - t
    print(f"{len(labels)} scanned documents (corpus of {args.count}, seed {args.seed})")
    print("| batch | s/document | fields exact |")
    print("|---:|---:|---:|")
    for b in batches:
        score = score_corpus(labels, results[b])  # type: ignore[arg-type]
        ok = sum(o for o, _ in score.fields.values())
        total = sum(t for _, t in score.fields.values())
        print(f"| {b} | {seconds[b] / len(labels):.3f} | {ok}/{total} ({ok / total:.2%}) |")


if __name__ == "__main__":
    main()

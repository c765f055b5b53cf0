"""Bulk throughput: the nightly flow (Prefect + a local Dask cluster) over one generated
archive with 1, 2 and 4 worker processes, each on a fresh results database and object store.

Prints pages per hour, peak memory per worker, each worker's memory after its first and
last document (flat = no growth per document), the per-stage time split, and raw RapidOCR
pages per hour on the same pages in the same session as the baseline (this machine is
shared and noisy: compare ratios, not absolute figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def raw_rapidocr_pages_per_hour(corpus: Path, labels: list[dict], limit: int) -> float:
    """Single-process raw RapidOCR over the scanned pages (decoded outside the timing)."""
    from rapidocr import RapidOCR

    from mchverify.extractors.loaders import load_document
    from mchverify.extractors.pages import RasterPage
    from mchverify.storage.files import read_file

    raw = RapidOCR(params={"Global.log_level": "error"})
    pages, seconds = 0, 0.0
    for lab in labels[:limit]:
        doc = load_document(read_file(corpus / lab["file"]), lab["file"])
        for page in doc.pages:
            if isinstance(page, RasterPage):
                t = time.perf_counter()
                raw(page.image)
                seconds += time.perf_counter() - t
                pages += 1
    return pages * 3600 / seconds if seconds else 0.0


def soak(corpus: Path, labels: list[dict], n: int, work: Path) -> dict[int, float]:
    """One worker context reading the archive round-robin for `n` documents (no hash
    skipping at this level): resident memory after documents 1, 2, 4, 8, … and the last."""
    from mchverify.pipelines.process import _rss_mb, process_original, worker_context
    from mchverify.settings import Settings
    from mchverify.storage.db import Database

    settings = Settings(db_url=f"sqlite:///{work / 'soak.db'}", storage_url=str(work / "o"))
    Database(settings.db_url).upgrade()
    ctx = worker_context(settings, ocr_threads=os.cpu_count() or 1)
    shas = [(ctx.store.put_original((corpus / lab["file"]).read_bytes(),
                                    filename=lab["file"]).sha256, lab["file"]) for lab in labels]
    trace: dict[int, float] = {}
    for i in range(1, n + 1):
        sha, name = shas[(i - 1) % len(shas)]
        process_original(sha, name, as_of=dt.date(2026, 11, 24), ctx=ctx)
        if i & (i - 1) == 0 or i == n:
            trace[i] = round(_rss_mb()[0], 1)
            _log(f"  soak {i}/{n}: {trace[i]} MiB")
    return trace


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=48, help="documents in the archive")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--out", type=Path, default=Path("var/bench-bulk"))
    ap.add_argument("--soak", type=int, default=0,
                    help="also read this many documents round-robin in one worker context "
                    "and trace its memory (0: skip)")
    args = ap.parse_args()

    from mchverify.pipelines.flows import prefect_api, run_ingest
    from mchverify.synth import generate_corpus

    corpus = args.out / "corpus"
    labels_path = corpus / "labels.json"
    if labels_path.is_file():
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    else:
        labels = generate_corpus(corpus, args.count, args.seed)
    _log(f"archive: {len(labels)} documents in {corpus}")
    os.environ["PREFECT_HOME"] = str((args.out / "prefect").resolve())
    rows = []
    with prefect_api():
        for n in [int(w) for w in args.workers.split(",")]:
            work = Path(tempfile.mkdtemp(prefix=f"bulk-{n}-", dir=args.out))
            os.environ["MCHVERIFY_DB_URL"] = f"sqlite:///{work / 'results.db'}"
            os.environ["MCHVERIFY_STORAGE_URL"] = str(work / "objects")
            os.environ["MCHVERIFY_REPORT_DIR"] = str(work / "reports")
            t = time.perf_counter()
            report = run_ingest(str(corpus), dt.date(2026, 11, 24), workers=n)
            wall = time.perf_counter() - t
            rows.append({**report, "workers_n": n, "wall_seconds": round(wall, 1)})
            _log(f"{n} worker(s): {report['pages']} pages in {report['seconds']:.0f} s "
                 f"(flow) / {wall:.0f} s (with cluster start): "
                 f"{report['throughput']['pages_per_hour']:.0f} pages/h")
    _log("baseline: raw RapidOCR, one process, same pages")
    raw_pph = raw_rapidocr_pages_per_hour(corpus, labels, len(labels))

    lines = [(f"Bulk run over {len(labels)} generated documents (seed {args.seed}), "
             f"{dt.date.today().isoformat()}, `make bench-bulk`"), "",
             ("| workers | pages | flow s | pages/hour | vs raw RapidOCR (1 proc) | "
             "peak RSS per worker (MiB) | RSS first→last doc (MiB) | model loads |"),
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        stats = r["workers"].values()
        peaks = ", ".join(f"{w['peak_rss_mb']:.0f}" for w in stats)
        drift = ", ".join(f"{w['rss_mb_first']:.0f}→{w['rss_mb_last']:.0f}" for w in stats)
        loads = sum(int(w["model_loads"]) for w in stats)
        pph = r["throughput"]["pages_per_hour"]
        lines.append(f"| {r['workers_n']} | {r['pages']} | {r['seconds']:.0f} | {pph:.0f} | "
                     f"{pph / raw_pph:.2f}× | {peaks} | {drift} | {loads} |")
    lines += ["", f"Raw RapidOCR, one process, same pages: {raw_pph:.0f} pages/hour.", "",
              "| workers | " + " | ".join(rows[0]["stage_seconds"]) + " |",
              "|---|" + "---|" * len(rows[0]["stage_seconds"])]
    for r in rows:
        total = sum(r["stage_seconds"].values()) or 1
        lines.append(f"| {r['workers_n']} | " + " | ".join(
            f"{v:.0f} s ({v / total:.0%})" for v in r["stage_seconds"].values()) + " |")
    if args.soak:
        trace = soak(corpus, labels, args.soak, Path(tempfile.mkdtemp(dir=args.out)))
        lines += ["", (f"Memory soak: one worker context, {args.soak} documents read "
                  "round-robin; resident MiB after document n:"), "",
                  "| n | " + " | ".join(map(str, trace)) + " |",
                  "|---|" + "---|" * len(trace),
                  "| RSS MiB | " + " | ".join(f"{v:.0f}" for v in trace.values()) + " |"]
    text = "\n".join(lines)
    print(text)
    (args.out / "results.md").write_text(text + "\n", encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {"raw_pages_per_hour": raw_pph, "runs": rows}, ensure_ascii=False, indent=1),
        encoding="utf-8")


if __name__ == "__main__":
    main()

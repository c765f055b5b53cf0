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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=48, help="documents in the archive")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--out", type=Path, default=Path("var/bench-bulk"))
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
    text = "\n".join(lines)
    print(text)
    (args.out / "results.md").write_text(text + "\n", encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {"raw_pages_per_hour": raw_pph, "runs": rows}, ensure_ascii=False, indent=1),
        encoding="utf-8")


if __name__ == "__main__":
    main()

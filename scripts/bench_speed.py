"""Per-page cost (`make bench-speed`): not a test, a script that prints figures.

Three measurements on one generated corpus, each against a baseline run in the same process
and interleaved document by document, so the shared machine's noise hits both alike:

1. Pipeline vs raw RapidOCR on the scanned pages: the whole per-document path of the intake
   and the nightly job (decode, preprocess, OCR, fields, second looks, image forensics, the
   rules against a registry) against default `RapidOCR()` on the same decoded pages.
2. Digital PDFs (text layer, R11) vs their scanned twins: each digital PDF rendered at
   200 dpi and saved as a scanner's JPEG-in-PDF, both through the same pipeline.
3. The per-stage split of the pipeline's time.

`--profile` also writes a pyinstrument profile of the pipeline over the scanned documents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from mchverify.extractors.loaders import load_document, render_pdf_page
from mchverify.extractors.pages import RasterPage
from mchverify.pipelines.extract import DocumentReader
from mchverify.pipelines.registry import import_registry_file
from mchverify.pipelines.verify import read_and_inspect_data, verify_result
from mchverify.schemas.extraction import FileError
from mchverify.schemas.options import RapidOcrOptions
from mchverify.storage.db import Database
from mchverify.storage.registry import SqlRegistry
from mchverify.synth import generate_corpus
from mchverify.synth.pdf import write_scanned_pdf
from mchverify.verification.registry import remembering

AS_OF = dt.date(2026, 11, 24)
#: the stages of the pipeline, in the order a page goes through them
STAGES = ("load", "preprocess", "ocr", "fields", "second_look", "forensics", "rules")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class Pipeline:
    """The per-document path of `process_original`, minus the object store and database."""

    def __init__(self, registry: SqlRegistry, reader: DocumentReader | None = None) -> None:
        self.reader = reader or DocumentReader(RapidOcrOptions())
        self.registry = registry
        self.rules = 0.0

    def run(self, data: bytes, name: str) -> tuple[float, dict[str, Any]]:
        t0 = time.perf_counter()
        registry = remembering(self.registry)  # as process_original: one view per document
        result, evidence = read_and_inspect_data(data, name, self.reader, registry)
        t1 = time.perf_counter()
        verified = verify_result(result, as_of=AS_OF, registry=registry, images=evidence)
        t2 = time.perf_counter()
        self.rules += t2 - t1
        if isinstance(result, FileError):
            raise SystemExit(f"{name}: {result.error}")
        return t2 - t0, verified

    def stages(self) -> dict[str, float]:
        out = {k: self.reader.timings.get(k, 0.0) for k in STAGES if k != "rules"}
        out["rules"] = self.rules
        return out


def raw_seconds(raw: Any, data: bytes, name: str) -> tuple[float, int]:
    """Default RapidOCR on the decoded raster pages (decoding not timed): (seconds, pages)."""
    pages = [p for p in load_document(data, name).pages if isinstance(p, RasterPage)]
    t = time.perf_counter()
    for page in pages:
        raw(page.image)
    return time.perf_counter() - t, len(pages)


def scanned_twin(data: bytes, pages: int, path: Path, dpi: int = 200) -> bytes:
    """The digital PDF printed and scanned: each page rendered, saved as JPEG-in-PDF."""
    images = [render_pdf_page(data, i, dpi=dpi)[:, :, ::-1] for i in range(pages)]
    write_scanned_pdf(path, [np.ascontiguousarray(im) for im in images], dpi, quality=85,
                      scanned_at=dt.datetime(2026, 11, 24, 9, 0))
    return path.read_bytes()


def _share(stages: dict[str, float]) -> str:
    total = sum(stages.values()) or 1e-9
    return " | ".join(f"{v:.1f} s ({v / total:.0%})" for v in stages.values())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=36)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=Path("var/bench-speed"))
    ap.add_argument("--profile", action="store_true", help="write a pyinstrument profile")
    args = ap.parse_args()

    corpus = args.out / "corpus"
    made = corpus / "labels.json"
    if not made.exists() or len(json.loads(made.read_text(encoding="utf-8"))) < args.count:
        generate_corpus(corpus, args.count, args.seed)
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))[: args.count]
    tmp = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    db = Database(f"sqlite:///{tmp / 'registry.db'}")
    db.upgrade()
    import_registry_file(corpus / "registry.csv", db)
    registry = SqlRegistry(db)

    from rapidocr import RapidOCR

    raw = RapidOCR(params={"Global.log_level": "error"})
    pipe = Pipeline(registry)
    first = (corpus / labels[0]["file"]).read_bytes()
    pipe.run(first, labels[0]["file"])  # model loads and warm-up, outside the figures
    raw_seconds(raw, first, labels[0]["file"])
    pipe.reader.timings.clear()
    pipe.rules = 0.0
    # the digital PDFs and their twins: the same engine, their own stage totals
    twins = Pipeline(registry, DocumentReader(RapidOcrOptions(), engine=pipe.reader.engine))

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
    scanned: list[tuple[str, int, float, float]] = []  # file, pages, pipeline s, raw s
    digital: list[tuple[str, int, float, float]] = []  # file, pages, digital s, twin s
    for i, lab in enumerate(labels, 1):
        name = lab["file"]
        data = (corpus / name).read_bytes()
        if lab["meta"]["format"] == "pdf-digital":
            t_digital, verified = twins.run(data, name)
            n = int(verified["pages"])
            twin = scanned_twin(data, n, tmp / f"twin-{i}.pdf")
            t_twin, _ = twins.run(twin, f"twin-{name}")
            digital.append((name, n, t_digital, t_twin))
            continue
        if i % 2:  # alternate which goes first, so neither always meets a warm cache
            if profiler:
                profiler.start()
            t_pipe, _ = pipe.run(data, name)
            if profiler:
                profiler.stop()
            t_raw, n = raw_seconds(raw, data, name)
        else:
            t_raw, n = raw_seconds(raw, data, name)
            if profiler:
                profiler.start()
            t_pipe, _ = pipe.run(data, name)
            if profiler:
                profiler.stop()
        scanned.append((name, n, t_pipe, t_raw))
        if i % 5 == 0:
            _log(f"  {i}/{len(labels)}")

    stages = pipe.stages()
    pages = sum(n for _, n, _, _ in scanned)
    pipe_s = sum(p for _, _, p, _ in scanned)
    raw_s = sum(r for _, _, _, r in scanned)
    ratios = [p / r for _, _, p, r in scanned]
    d_pages = sum(n for _, n, _, _ in digital)
    d_s = sum(d for _, _, d, _ in digital)
    t_s = sum(t for _, _, _, t in digital)
    d_ratios = [t / max(d, 1e-9) for _, _, d, t in digital] or [0.0]
    table = [
        ("raw RapidOCR (default `RapidOCR()`, text only)", pages, f"{raw_s / pages:.3f}",
         "1.00×"),
        ("pipeline: read + second looks + forensics + rules", pages, f"{pipe_s / pages:.3f}",
         f"**{pipe_s / raw_s:.2f}×** (median per document {statistics.median(ratios):.2f}×)"),
        ("scanned twins of the digital PDFs (pipeline)", d_pages,
         f"{t_s / max(d_pages, 1):.3f}", "1.00×"),
        ("digital PDFs, text layer (pipeline)", d_pages, f"{d_s / max(d_pages, 1):.4f}",
         (f"**{t_s / max(d_s, 1e-9):.1f}× faster** (per document: median "
          f"{statistics.median(d_ratios):.0f}×, lowest {min(d_ratios):.0f}×)")),
    ]
    lines = [
        f"## Per-page cost — {dt.date.today().isoformat()}",
        "",
        (f"Command: `make bench-speed` (`scripts/bench_speed.py --count {args.count} "
         f"--seed {args.seed}`): {len(scanned)} scanned or photographed documents "
         f"({pages} pages) and {len(digital)} digital PDFs ({d_pages} pages) with their "
         "scanned twins; one process, ONNX Runtime on all cores."),
        "",
        "| path | pages | s/page | vs baseline |",
        "|---|---:|---:|---:|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in table),
        "",
        "Pipeline time per stage over the scanned documents:",
        "",
        "| " + " | ".join(STAGES) + " |",
        "|" + "---|" * len(STAGES),
        "| " + _share(stages) + " |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.md").write_text(report, encoding="utf-8")
    (args.out / "per_document.json").write_text(json.dumps(
        {"scanned": scanned, "digital": digital, "stages": stages}, indent=1), encoding="utf-8")
    if profiler:
        (args.out / "profile.txt").write_text(
            profiler.output_text(unicode=True, color=False), encoding="utf-8")
        _log(f"profile: {args.out / 'profile.txt'}")


if __name__ == "__main__":
    main()

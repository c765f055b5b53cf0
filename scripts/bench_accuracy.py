"""Accuracy and speed benchmark (`make bench-accuracy`): not a test, a script that prints figures.

On a freshly generated degraded corpus it reports doc-type accuracy and per-field exact match
for the pipeline with RapidOCR (PP-OCRv6) and with Tesseract chi_sim, and seconds per page
against raw RapidOCR run on the same decoded pages in the same process, interleaved page by
page so the shared machine's noise hits both alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

from mchverify.evaluation import Score, score_corpus
from mchverify.extractors.loaders import load_document
from mchverify.extractors.pages import RasterPage
from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.options import RapidOcrOptions, TesseractOptions
from mchverify.storage.files import read_file
from mchverify.synth import generate_corpus


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _table(title: str, score: Score) -> list[str]:
    out = [f"### {title}", "", (f"doc-type accuracy: {score.type_accuracy:.2%} ({score.type_ok}/"
           f"{score.docs}); field exact match overall: {score.field_accuracy():.2%}; "
           f"failed files: {score.failed}"), "", "| doc_type | field | exact | n |", "|---|---|---|---|"]
    for doc_type in score.doc_types():
        for (dt_, name), (ok, tot) in sorted(score.fields.items()):
            if dt_ == doc_type:
                out.append(f"| {doc_type} | {name} | {ok / tot:.1%} | {tot} |")
        out.append(f"| **{doc_type}** | **all** | **{score.field_accuracy(doc_type):.1%}** | |")
    out.append("")
    out.append("| format | field exact | n |")
    out.append("|---|---|---|")
    for fmt, (ok, tot) in sorted(score.by_format.items()):
        out.append(f"| {fmt} | {ok / tot:.1%} | {tot} |")
    return out + [""]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=Path("var/bench-accuracy"))
    ap.add_argument("--tesseract", type=int, default=-1,
                    help="documents to run the Tesseract pipeline on (-1 = all, 0 = skip)")
    args = ap.parse_args()

    corpus = args.out / "corpus"
    t0 = time.perf_counter()
    labels = generate_corpus(corpus, args.count, args.seed)
    _log(f"corpus: {len(labels)} documents in {time.perf_counter() - t0:.0f} s")

    from rapidocr import RapidOCR

    raw = RapidOCR(params={"Global.log_level": "error"})
    reader = DocumentReader(RapidOcrOptions())
    results, pipe_ocr_s, raw_s, text_s = {}, [], [], []
    ocr_pages = text_pages = 0
    for i, lab in enumerate(labels, 1):
        path = corpus / lab["file"]
        t = time.perf_counter()
        res = reader.read_path(path)
        elapsed = time.perf_counter() - t
        results[lab["file"]] = res
        pages = getattr(res, "pages", [])
        if pages and all(p.source == "text_layer" for p in pages):
            text_pages += len(pages)
            text_s.append(elapsed / len(pages))
            continue
        if not pages:
            continue
        # raw RapidOCR on the same decoded pages, right after, in the same process
        doc = load_document(read_file(path), lab["file"])
        t = time.perf_counter()
        for page in doc.pages:
            if isinstance(page, RasterPage):
                raw(page.image)
        raw_elapsed = time.perf_counter() - t
        ocr_pages += len(pages)
        pipe_ocr_s.append(elapsed / len(pages))
        raw_s.append(raw_elapsed / len(pages))
        if i % 20 == 0:
            _log(f"  {i}/{len(labels)} read")
    rapid = score_corpus(labels, results)

    tess = None
    tess_s: list[float] = []
    if args.tesseract != 0:
        subset = labels if args.tesseract < 0 else labels[: args.tesseract]
        treader = DocumentReader(TesseractOptions())
        tres = {}
        for lab in subset:
            t = time.perf_counter()
            res = treader.read_path(corpus / lab["file"])
            tres[lab["file"]] = res
            pages = getattr(res, "pages", [])
            if pages and any(p.source == "ocr" for p in pages):
                tess_s.append((time.perf_counter() - t) / len(pages))
        tess = score_corpus(subset, tres)

    pipe_mean, raw_mean = statistics.fmean(pipe_ocr_s), statistics.fmean(raw_s)
    lines = [
        f"## Accuracy benchmark — {dt.date.today().isoformat()}",
        "",
        (f"Command: `make bench-accuracy BENCH_N={args.count} BENCH_SEED={args.seed}` "
        f"({len(labels)} documents: {ocr_pages} scanned/photographed pages, {text_pages} "
        f"digital PDF pages)"),
        "",
        "| pipeline | doc-type acc. | field exact | s/page (scanned) |",
        "|---|---|---|---|",
        (f"| mchverify + RapidOCR PP-OCRv6 | {rapid.type_accuracy:.2%} | "
        f"{rapid.field_accuracy():.2%} | {pipe_mean:.3f} |"),
    ]
    if tess is not None:
        lines.append(f"| mchverify + Tesseract chi_sim ({tess.docs} docs) | "
                     f"{tess.type_accuracy:.2%} | {tess.field_accuracy():.2%} | "
                     f"{statistics.fmean(tess_s) if tess_s else float('nan'):.3f} |")
    lines += [
        f"| raw RapidOCR (text only, no fields) | – | – | {raw_mean:.3f} |",
        "",
        (f"Pipeline / raw RapidOCR seconds per scanned page: **{pipe_mean / raw_mean:.2f}×** "
        f"(median per page {statistics.median(pipe_ocr_s):.3f} vs {statistics.median(raw_s):.3f}); "
        f"digital PDF pages: {statistics.fmean(text_s) if text_s else float('nan'):.4f} s/page "
        f"with {reader.ocr_pages - ocr_pages} OCR calls for them (pages OCR'd by the reader: "
        f"{reader.ocr_pages}, scanned pages: {ocr_pages}); OCR model loads in the process: "
        f"{1 if 'model_load' in reader.timings else 0}."),
        "Stage totals (s): " + ", ".join(f"{k} {v:.1f}" for k, v in reader.timings.items()),
        "",
    ]
    lines += _table("RapidOCR pipeline per field", rapid)
    if tess is not None:
        lines += _table("Tesseract pipeline per field", tess)
    report = "\n".join(lines)
    print(report)
    (args.out / "report.md").write_text(report, encoding="utf-8")
    (args.out / "misses.json").write_text(json.dumps(rapid.misses, ensure_ascii=False, indent=1),
                                          encoding="utf-8")


if __name__ == "__main__":
    main()

"""Accuracy and speed benchmark (`make bench-accuracy`): not a test, a script that prints figures.

It generates a degraded corpus from each part of the generator — the `tune` part that tests
and fixes may use, and the `heldout` part (other fonts, label wordings, second scripts and
copier styles) that only benchmarks draw — from the same seed, so both hold the same records,
and reports them side by side: per print format (generic, official blank, bilingual,
e-licence, photocopy, …), per document type, and for the fields a misread of which flags a
valid document (issuer, valid_from, valid_until). A bar met on the tuned part and missed on
the held-out part is missed.

Speed: seconds per scanned page against raw RapidOCR run on the same decoded pages in the
same process, interleaved page by page so the shared machine's noise hits both alike; and the
pipeline with Tesseract chi_sim on the first documents of the first part.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from mchverify.evaluation import PRINT_KINDS, Score, score_corpus
from mchverify.extractors.loaders import load_document
from mchverify.extractors.pages import RasterPage
from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.extraction import ExtractionResult, FileError
from mchverify.schemas.options import RapidOcrOptions, TesseractOptions
from mchverify.storage.files import read_file
from mchverify.synth import generate_corpus
from mchverify.verification.checks import MIN_CONFIDENCE

KEY_FIELDS = ("issuer", "valid_from", "valid_until", "issue_date", "name", "certificate_number")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _pct(ok: int, tot: int) -> str:
    return f"{ok / tot:.1%} ({ok}/{tot})" if tot else "–"


def _field_pct(score: Score, name: str) -> tuple[int, int]:
    ok = tot = 0
    for (_, fname), (o, t) in score.fields.items():
        if fname == name:
            ok, tot = ok + o, tot + t
    return ok, tot


def _side_by_side(scores: dict[str, Score]) -> list[str]:
    """One table, a column per part: overall, per print format, per type, key fields."""
    parts = list(scores)
    out = ["| | " + " | ".join(parts) + " |", "|---|" + "---|" * len(parts)]

    def row(label: str, cells: list[str]) -> None:
        out.append(f"| {label} | " + " | ".join(cells) + " |")

    row("**all fields**", [_pct(*_totals(s)) for s in scores.values()])
    row("doc-type accuracy", [_pct(s.type_ok, s.docs) for s in scores.values()])
    for kind in PRINT_KINDS:
        if any(kind in s.by_print for s in scores.values()):
            row(f"format: {kind}", [
                _pct(*s.by_print[kind]) + f", {s.docs_by_print.get(kind, 0)} docs"
                if kind in s.by_print else "–" for s in scores.values()])
    for kind in PRINT_KINDS:
        if any(kind in s.by_print for s in scores.values()):
            row(f"wrong values reported ≥ review threshold: {kind}", [
                f"{s.wrong_confident.get(kind, 0)} (+{s.wrong_unsure.get(kind, 0)} sent to review)"
                if kind in s.by_print else "–" for s in scores.values()])
    types = sorted({t for s in scores.values() for t in s.doc_types()})
    for t in types:
        row(f"type: {t}", [_pct(*_type_totals(s, t)) for s in scores.values()])
    for name in KEY_FIELDS:
        row(f"field: {name}", [_pct(*_field_pct(s, name)) for s in scores.values()])
    return out


def _totals(score: Score) -> tuple[int, int]:
    return (sum(o for o, _ in score.fields.values()), sum(t for _, t in score.fields.values()))


def _type_totals(score: Score, doc_type: str) -> tuple[int, int]:
    cells = [v for (t, _), v in score.fields.items() if t == doc_type]
    return sum(o for o, _ in cells), sum(t for _, t in cells)


def _per_field(title: str, score: Score) -> list[str]:
    out = [f"### {title}", "", "| doc_type | field | exact | n |", "|---|---|---|---|"]
    for doc_type in score.doc_types():
        for (dt_, name), (ok, tot) in sorted(score.fields.items()):
            if dt_ == doc_type:
                out.append(f"| {doc_type} | {name} | {ok / tot:.1%} | {tot} |")
    out.append("")
    out.append("| file format | field exact | n |")
    out.append("|---|---|---|")
    for fmt, (ok, tot) in sorted(score.by_format.items()):
        out.append(f"| {fmt} | {ok / tot:.1%} | {tot} |")
    return out + [""]


def _read_part(labels: list[dict[str, Any]], corpus: Path, reader: DocumentReader,
               raw: Any, timing: dict[str, list[float]]) -> dict[str, ExtractionResult | FileError]:
    """Read every file; time the pipeline and raw RapidOCR on the same pages, interleaved."""
    results: dict[str, ExtractionResult | FileError] = {}
    for i, lab in enumerate(labels, 1):
        path = corpus / lab["file"]
        t = time.perf_counter()
        res = reader.read_path(path)
        elapsed = time.perf_counter() - t
        results[lab["file"]] = res
        pages = getattr(res, "pages", [])
        if i % 20 == 0:
            _log(f"  {i}/{len(labels)} read")
        if not pages:
            continue
        if all(p.source == "text_layer" for p in pages):
            timing["text"].append(elapsed / len(pages))
            continue
        doc = load_document(read_file(path), lab["file"])
        t = time.perf_counter()
        for page in doc.pages:
            if isinstance(page, RasterPage):
                raw(page.image)
        timing["raw"].append((time.perf_counter() - t) / len(pages))
        timing["pipe"].append(elapsed / len(pages))
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200, help="documents per part")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=Path("var/bench-accuracy"))
    ap.add_argument("--parts", default="tune,heldout",
                    help="comma-separated generator parts to draw (tune, heldout)")
    ap.add_argument("--official-share", type=float, default=0.35,
                    help="share of scanned certificates printed on their official blank")
    ap.add_argument("--hand-share", type=float, default=None,
                    help="share of official sheets filled in by hand (default: by their age)")
    ap.add_argument("--bilingual-share", type=float, default=None,
                    help="share of official sheets printed bilingual (default: by region)")
    ap.add_argument("--copy-share", type=float, default=0.12,
                    help="share of scanned certificates handed in as photocopies")
    ap.add_argument("--tesseract", type=int, default=-1,
                    help="documents of the first part to run the Tesseract pipeline on "
                    "(-1 = all, 0 = skip)")
    args = ap.parse_args()

    from rapidocr import RapidOCR

    raw = RapidOCR(params={"Global.log_level": "error"})
    reader = DocumentReader(RapidOcrOptions())
    timing: dict[str, list[float]] = {"pipe": [], "raw": [], "text": []}
    scores: dict[str, Score] = {}
    first: tuple[list[dict[str, Any]], Path] | None = None
    for part in [p.strip() for p in args.parts.split(",") if p.strip()]:
        corpus = args.out / part / "corpus"
        t0 = time.perf_counter()
        labels = generate_corpus(corpus, args.count, args.seed, part=part,
                                 official_share=args.official_share,
                                 copy_share=args.copy_share, hand_share=args.hand_share,
                                 bilingual_share=args.bilingual_share)
        _log(f"{part}: {len(labels)} documents generated in {time.perf_counter() - t0:.0f} s")
        results = _read_part(labels, corpus, reader, raw, timing)
        scores[part] = score_corpus(labels, results, min_confidence=MIN_CONFIDENCE)
        (args.out / part / "misses.json").write_text(
            json.dumps(scores[part].misses, ensure_ascii=False, indent=1), encoding="utf-8")
        first = first or (labels, corpus)

    tess = None
    tess_s: list[float] = []
    if args.tesseract != 0 and first is not None:
        labels, corpus = first
        subset = labels if args.tesseract < 0 else labels[: args.tesseract]
        treader = DocumentReader(TesseractOptions())
        tres: dict[str, ExtractionResult | FileError] = {}
        for lab in subset:
            t = time.perf_counter()
            res = treader.read_path(corpus / lab["file"])
            tres[lab["file"]] = res
            pages = getattr(res, "pages", [])
            if pages and any(p.source == "ocr" for p in pages):
                tess_s.append((time.perf_counter() - t) / len(pages))
        tess = score_corpus(subset, tres)

    pipe_mean = statistics.fmean(timing["pipe"]) if timing["pipe"] else float("nan")
    raw_mean = statistics.fmean(timing["raw"]) if timing["raw"] else float("nan")
    lines = [
        f"## Accuracy benchmark — {dt.date.today().isoformat()}",
        "",
        (f"Command: `python scripts/bench_accuracy.py --count {args.count} --seed {args.seed} "
         f"--parts {args.parts} --official-share {args.official_share} "
         f"--copy-share {args.copy_share} "
         + (f"--hand-share {args.hand_share} " if args.hand_share is not None else "")
         + (f"--bilingual-share {args.bilingual_share} " if args.bilingual_share is not None
            else "") +
         f"--tesseract {args.tesseract}` ({args.count} documents per part, the same records "
         "in each part)"),
        "",
        ("Field exact match, tune part (tests and fixes draw it) beside held-out part (only "
        "benchmarks draw it):"),
        "",
        *_side_by_side(scores),
        "",
        (f"Pipeline / raw RapidOCR seconds per scanned page: **{pipe_mean / raw_mean:.2f}×** "
         f"({pipe_mean:.3f} vs {raw_mean:.3f} s; {len(timing['pipe'])} scanned documents); "
         f"digital PDF pages {statistics.fmean(timing['text']) if timing['text'] else 0:.4f} "
         f"s/page; OCR model loads: {1 if 'model_load' in reader.timings else 0}."),
    ]
    if tess is not None:
        lines.append(f"Tesseract chi_sim pipeline on {tess.docs} documents of the first part: "
                     f"doc-type {tess.type_accuracy:.2%}, fields {tess.field_accuracy():.2%}, "
                     f"{statistics.fmean(tess_s) if tess_s else float('nan'):.3f} s/page.")
    lines.append("")
    for part, score in scores.items():
        lines += _per_field(f"{part} part, per field", score)
    report = "\n".join(lines)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()

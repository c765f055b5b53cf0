"""OCR knobs on this machine (`python scripts/bench_ocr_knobs.py`): not a test, figures.

The engine's settings tried one against another on the same prepared pages, interleaved
page by page in one process: detector input size, recognition batch, the angle classifier
on or off, ONNX Runtime threads. Each variant's lines are compared with the default's (share
of identical line texts), so a faster setting that reads differently shows it.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from mchverify.extractors.loaders import load_document
from mchverify.extractors.ocr.rapid import RapidOcrEngine, _crop
from mchverify.extractors.pages import RasterPage
from mchverify.extractors.preprocess import prepare_page
from mchverify.schemas.options import RapidOcrOptions
from mchverify.synth import generate_corpus

DEFAULT = "default (det 1600, batch 4, 2 threads)"
VARIANTS = {
    DEFAULT: RapidOcrOptions(),
    "det 1280": RapidOcrOptions(det_max_side=1280),
    "det 960": RapidOcrOptions(det_max_side=960),
    "batch 8": RapidOcrOptions(rec_batch=8),
    "batch 2": RapidOcrOptions(rec_batch=2),
    "1 thread": RapidOcrOptions(threads=1),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=Path("var/bench-speed"))
    args = ap.parse_args()
    corpus = args.out / "corpus"
    if not (corpus / "labels.json").exists():
        generate_corpus(corpus, max(args.count, 24), args.seed)
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    pages = []
    for lab in labels:
        if lab["meta"]["format"] == "pdf-digital":
            continue
        doc = load_document((corpus / lab["file"]).read_bytes(), lab["file"])
        pages += [prepare_page(p.image).image for p in doc.pages if isinstance(p, RasterPage)]
        if len(pages) >= args.count:
            break
    engines = {name: RapidOcrEngine(opts) for name, opts in VARIANTS.items()}
    no_cls = engines[DEFAULT]
    seconds = dict.fromkeys([*engines, "no angle classifier"], 0.0)
    texts: dict[str, list[list[str]]] = {k: [] for k in seconds}
    def without_cls(image: object) -> list[str]:
        """Detection and recognition only: the page taken as upright."""
        quads = no_cls.detect(image)  # type: ignore[arg-type]
        return [s for s, _ in no_cls.recognize([_crop(image, q) for q in quads]) if s.strip()]

    for i, image in enumerate([pages[0], *pages]):  # page 0 twice: the first is warm-up
        for name, engine in engines.items():
            t = time.perf_counter()
            lines = [ln.text for ln in engine.read(image).lines]
            if i:
                seconds[name] += time.perf_counter() - t
                texts[name].append(lines)
        t = time.perf_counter()
        lines = without_cls(image)
        if i:
            seconds["no angle classifier"] += time.perf_counter() - t
            texts["no angle classifier"].append(lines)
    base = texts[DEFAULT]
    print(f"{len(pages)} pages")
    print("| setting | s/page | vs default | lines as the default reads them |")
    print("|---|---:|---:|---:|")
    ref = seconds[DEFAULT]
    for name, s in seconds.items():
        got = texts[name]
        same = sum(len(set(a) & set(b)) for a, b in zip(got, base, strict=True))
        total = sum(len(set(b)) for b in base)
        print(f"| {name} | {s / len(pages):.3f} | {s / ref:.2f}× | {same / total:.1%} |")


if __name__ == "__main__":
    main()

"""Detection benchmark (`make bench-verify`): recall per flag code, false flags on clean
documents and the verdict confusion matrix on a generated corpus with every problem variant.

    python scripts/bench_verify.py --per-problem 20 --seed 2026 --out var/bench-verify

The corpus (mchverify.synth.problems) holds `per-problem` documents of each of the 19
document-level variants (one per flag code of domain.md §3 but the two application-level
ones: expired, not_in_registry, registry_mismatch, bad_checksum, id_inconsistent,
issuer_not_authorized, abolished, clinic_item, revoked, revalidation_overdue,
training_overdue, seal_missing, qr_mismatch, tampered, date_implausible,
category_not_licensed, unknown_doc_type, unreadable, low_confidence), at least as many clean
documents, and applications regrouped from clean documents (complete, one document missing,
one document of another holder). Its registry.csv is imported into a fresh SQLite database
through the product's own import; each document is verified as of its label's as-of date
with one OCR model load for all files. The report names any flag code no variant measured.

    python scripts/bench_verify.py --per-problem 20 --only unreadable,low_confidence \
        --out var/bench-verify-some   # some variants only (and their share of clean ones)
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from mchverify.evaluation import print_kind
from mchverify.pipelines.corpus import verify_corpus
from mchverify.schemas.verification import FlagCode, Verdict, worst_verdict
from mchverify.synth.problems import PROBLEMS, generate_verify_corpus
from mchverify.verification.bundle import bundle_flags
from mchverify.verification.rules import FLAG_SEVERITY

ORDER = [v.value for v in Verdict]


def expected_verdict(codes: list[str]) -> str:
    """The verdict the labels call for: the worst severity of the expected flags."""
    return worst_verdict(FLAG_SEVERITY[FlagCode(c)].value for c in codes).value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-problem", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--bundles", type=int, default=None)
    ap.add_argument("--out", type=Path, default=Path("var/bench-verify"))
    ap.add_argument("--limit", type=int, default=None, help="verify only the first N documents")
    ap.add_argument("--part", default="tune", choices=("tune", "heldout"),
                    help="the generator's part: tune (tests use it) or heldout (benchmarks only)")
    ap.add_argument("--official-share", type=float, default=0.35)
    ap.add_argument("--copy-share", type=float, default=0.12)
    ap.add_argument("--only", default=None,
                    help="comma-separated problem variants to generate (default: all)")
    args = ap.parse_args(argv)
    only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    unknown = sorted(set(only or ()) - set(PROBLEMS))
    if unknown:
        ap.error(f"unknown variant(s) {', '.join(unknown)}; known: {', '.join(PROBLEMS)}")

    corpus = args.out / "corpus"
    t0 = time.perf_counter()
    if not (corpus / "labels.json").exists():
        generate_verify_corpus(corpus, args.per_problem, args.seed, bundles=args.bundles,
                               only=only, part=args.part, official_share=args.official_share,
                               copy_share=args.copy_share)
    labels: list[dict[str, Any]] = json.loads((corpus / "labels.json").read_text("utf-8"))
    bundles: list[dict[str, Any]] = json.loads((corpus / "bundles.json").read_text("utf-8"))
    t_gen = time.perf_counter() - t0
    labels = labels[: args.limit]

    def progress(n: int) -> None:
        if n % 25 == 0:
            print(f"  {n}/{len(labels)} documents", file=sys.stderr, flush=True)

    run = verify_corpus(corpus, labels, args.out / "registry.db", progress=progress)
    results = run.results
    rows: list[dict[str, Any]] = []
    for lab in labels:
        out = run.outs[lab["file"]]
        raised = sorted({f["code"] for f in out["flags"]})
        rows.append({"file": lab["file"], "doc_type": lab["doc_type"],
                     "problem": lab["meta"].get("problem"), "expected": lab["expected_flags"],
                     "raised": raised, "verdict": out["verdict"],
                     "format": lab["meta"]["format"], "print": print_kind(lab["meta"]),
                     "flags": [{k: f[k] for k in ("code", "fields", "message")}
                               for f in out["flags"]]})
    t_verify = run.seconds

    # ---------------------------------------------------------------- documents
    recall: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    extra: collections.Counter[str] = collections.Counter()
    clean_flags: collections.Counter[str] = collections.Counter()
    confusion: dict[str, collections.Counter[str]] = {v: collections.Counter() for v in ORDER}
    clean = [r for r in rows if not r["problem"]]
    misses = []
    for r in rows:
        for code in r["expected"]:
            recall[code][1] += 1
            recall[code][0] += code in r["raised"]
            if code not in r["raised"]:
                misses.append(r)
        extra.update(c for c in r["raised"] if c not in r["expected"] and r["problem"])
        if not r["problem"]:
            clean_flags.update(r["raised"])
        confusion[expected_verdict(r["expected"])][r["verdict"]] += 1
    clean_any = [r for r in clean if r["raised"]]
    by_print: dict[str, dict[str, Any]] = {}
    for kind in sorted({r["print"] for r in rows}):
        kc = [r for r in clean if r["print"] == kind]
        kp = [r for r in rows if r["print"] == kind and r["expected"]]
        found = sum(all(c in r["raised"] for c in r["expected"]) for r in kp)
        by_print[kind] = {"clean": len(kc), "clean_flagged": sum(bool(r["raised"]) for r in kc),
                          "problem_docs": len(kp), "all_expected_found": found}

    # ---------------------------------------------------------------- bundles
    b_rows = []
    for b in bundles:
        docs = [results[f] for f in b["files"] if f in results]
        if len(docs) != len(b["files"]):
            continue
        raised = sorted({f.code.value for f in bundle_flags(docs)})
        b_rows.append({**b, "raised": raised})
        for code in b["expected_flags"]:
            recall[code][1] += 1
            recall[code][0] += code in raised
    b_clean = [b for b in b_rows if not b["problem"]]
    b_clean_any = [b for b in b_clean if b["raised"]]

    report = {
        "date": dt.date.today().isoformat(),
        "command": " ".join(["python", "scripts/bench_verify.py", *(argv or sys.argv[1:])]),
        "documents": len(rows), "clean_documents": len(clean),
        "problem_documents": len(rows) - len(clean), "bundles": len(b_rows),
        "registry_records": run.registry_records,
        "recall": {c: {"found": f, "of": n, "recall": round(f / n, 4) if n else None}
                   for c, (f, n) in sorted(recall.items())},
        "codes_not_measured": [c.value for c in FlagCode if c.value not in recall],
        "clean_with_any_flag": {"count": len(clean_any), "of": len(clean),
                                "rate": round(len(clean_any) / max(1, len(clean)), 4),
                                "by_code": dict(clean_flags.most_common())},
        "clean_bundles_with_any_flag": {"count": len(b_clean_any), "of": len(b_clean)},
        "by_print_format": by_print,
        "extra_flags_on_problem_documents": dict(extra.most_common()),
        "verdict_confusion": {e: dict(c) for e, c in confusion.items()},
        "seconds": {"generate": round(t_gen, 1), "verify": round(t_verify, 1),
                    "per_document": round(t_verify / max(1, len(rows)), 3),
                    "ocr_pages": run.ocr_pages},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    (args.out / "rows.json").write_text(json.dumps({"documents": rows, "bundles": b_rows},
                                                   ensure_ascii=False, indent=1), encoding="utf-8")
    print(_markdown(report, misses, clean_any))
    return 0


def _markdown(rep: dict[str, Any], misses: list[dict[str, Any]],
              clean_any: list[dict[str, Any]]) -> str:
    lines = [f"Detection benchmark — {rep['date']} — `{rep['command']}`", "",
             (f"{rep['documents']} documents ({rep['problem_documents']} with a problem, "
             f"{rep['clean_documents']} clean), {rep['bundles']} applications, "
             f"{rep['registry_records']} registry records; verify "
             f"{rep['seconds']['per_document']} s/document."), "",
             "| flag code | found | of | recall |", "|---|---:|---:|---:|"]
    for code, r in rep["recall"].items():
        lines.append(f"| {code} | {r['found']} | {r['of']} | {100 * r['recall']:.1f} % |")
    if rep["codes_not_measured"]:
        lines += ["", f"Flag codes no variant measured: {', '.join(rep['codes_not_measured'])}"]
    c = rep["clean_with_any_flag"]
    lines += ["", (f"Clean documents with any flag: {c['count']}/{c['of']} "
                  f"({100 * c['rate']:.1f} %) {c['by_code']}"),
              (f"Clean applications with a bundle flag: "
              f"{rep['clean_bundles_with_any_flag']['count']}/"
              f"{rep['clean_bundles_with_any_flag']['of']}"),
              f"Other flags raised on problem documents: {rep['extra_flags_on_problem_documents']}",
              "", "| print format | clean flagged | problem documents with every expected flag |",
              "|---|---:|---:|",
              *(f"| {k} | {v['clean_flagged']}/{v['clean']} | {v['all_expected_found']}/"
                f"{v['problem_docs']} |" for k, v in rep["by_print_format"].items()),
              "", "| expected \\ verdict | accept | review | reject |", "|---|---:|---:|---:|"]
    for e, row in rep["verdict_confusion"].items():
        lines.append(f"| {e} | " + " | ".join(str(row.get(v, 0)) for v in ORDER) + " |")
    if misses:
        lines += ["", "Missed:"] + [f"- {m['file']} {m['doc_type']} {m['problem']} "
                                    f"({m['format']}): raised {m['raised']}" for m in misses]
    if clean_any:
        lines += ["", "Flags on clean documents:"] + [
            f"- {r['file']} {r['doc_type']} ({r['format']}, {r['print']}): "
            + "; ".join(f"{f['code']} {f['fields']} {f['message']}" for f in r["flags"])
            for r in clean_any]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())

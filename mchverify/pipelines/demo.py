"""`make demo`: a sample batch of applications — clean, expired, forged, inconsistent —
read, checked against the registry, and what was flagged, as a reviewer would see it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from mchverify.evaluation import field_matches
from mchverify.pipelines.corpus import verify_corpus
from mchverify.pipelines.report import VERDICT_LABELS
from mchverify.schemas.codes import ZH, DocType
from mchverify.schemas.verification import Verdict, verdict_of, worst_verdict
from mchverify.verification.bundle import bundle_flags

__all__ = ["run_demo"]

_VERDICT_ZH = VERDICT_LABELS


def _doc_line(lab: dict[str, Any], out: dict[str, Any]) -> None:
    problem = lab["meta"].get("problem") or "clean"
    got = out.get("fields", {})
    ok = sum(field_matches(v, got.get(k)) for k, v in lab["fields"].items())
    title = ZH.get(DocType(out["doc_type"]), out["doc_type"]) if out.get("doc_type") else "—"
    typer.echo(f"  {lab['file']:<12} {title:<20} [{problem}] 字段 {ok}/{len(lab['fields'])} "
               f"→ {_VERDICT_ZH[out['verdict']]}")
    for f in out["flags"]:
        ev = f.get("evidence") or {}
        parts = [f"{what}：{json.dumps(ev[key], ensure_ascii=False)}"
                 for key, what in (("read", "证面"), ("expected", "应为")) if ev.get(key) is not None]
        extra = f"（{'；'.join(parts)}）" if parts else ""
        typer.echo(f"      {f['code']:<24} {f['message']}{extra}")


def run_demo(outdir: Path, per_problem: int, seed: int) -> None:
    """Generate, import the registry, verify every file and every application, print."""
    from mchverify.synth.problems import generate_verify_corpus

    typer.echo(f"生成样例批次（每类问题 {per_problem} 份，另有同样多的合格证件）→ {outdir}",
               err=True)
    labels = generate_verify_corpus(outdir, per_problem, seed, bundles=2)
    bundles = json.loads((outdir / "bundles.json").read_text("utf-8"))
    run = verify_corpus(outdir, labels, outdir / "registry.db")
    typer.echo(f"导入发证机关登记 {run.registry_records} 条", err=True)
    outs, results = run.outs, run.results
    by_file = {lab["file"]: lab for lab in labels}

    typer.echo("\n== 申请（一次提交的全部材料）==")
    for b in bundles:
        docs = [results[f] for f in b["files"] if f in results]
        flags = bundle_flags(docs)
        worst = worst_verdict([verdict_of(flags).value]
                              + [outs[f]["verdict"] for f in b["files"]]).value
        kind = "个人资格认定" if b["kind"] == "personnel" else "机构执业许可"
        typer.echo(f"\n{b['id']} {kind} [{b['problem'] or 'clean'}] → {_VERDICT_ZH[worst]}")
        for f in flags:
            typer.echo(f"    {f.code.value:<24} {f.message}")
        for name in b["files"]:
            _doc_line(by_file[name], outs[name])

    typer.echo("\n== 单份证件（每份一个已知问题）==")
    in_bundle = {f for b in bundles for f in b["files"]}
    for lab in labels:
        if lab["file"] not in in_bundle:
            _doc_line(lab, outs[lab["file"]])

    counts = {v.value: sum(o["verdict"] == v for o in outs.values()) for v in Verdict}
    problems = [lab for lab in labels if lab["expected_flags"]]
    caught = sum(all(c in {f["code"] for f in outs[lab["file"]]["flags"]}
                     for c in lab["expected_flags"]) for lab in problems)
    clean = [lab for lab in labels if not lab["expected_flags"]]
    quiet = sum(not outs[lab["file"]]["flags"] for lab in clean)
    typer.echo(f"\n{len(labels)} 份证件：" + "，".join(f"{_VERDICT_ZH[v]} {n}"
                                                  for v, n in counts.items())
               + f"；已知问题检出 {caught}/{len(problems)}，合格证件无标记 {quiet}/{len(clean)}；"
               f"{run.seconds / max(1, len(labels)):.2f} s/份，OCR 页数 {run.ocr_pages}")

    as_of = _nightly(outdir, labels)
    _window(outdir, bundles, as_of)


def _window(outdir: Path, bundles: list[dict[str, Any]], as_of: Any) -> None:
    """The demo's applications submitted at the window (the intake flow the web page calls):
    their files were read by the nightly run, so nothing is read twice; they wait in the
    review queue of `mchverify serve`."""
    from mchverify.pipelines.flows import Upload, intake_flow, prefect_api

    typer.echo("\n== 窗口受理：示例申请登记入审核队列 ==")
    with prefect_api():
        for b in bundles:
            uploads = [Upload(name, (outdir / name).read_bytes()) for name in b["files"]]
            out = intake_flow(uploads, kind=b["kind"], as_of=as_of, actor="demo")
            typer.echo(f"  {b['id']} → 申请 {out['application_id']}：{_VERDICT_ZH[out['verdict']]}"
                       f"（{len(out['documents'])} 份材料）")
    typer.echo("审核：.venv/bin/mchverify user add 用户名 --role reviewer，然后 "
               ".venv/bin/mchverify serve，浏览器打开 http://127.0.0.1:8000/queue")


def _nightly(outdir: Path, labels: list[dict[str, Any]]) -> Any:
    """The same batch through the nightly flow, on the embedded defaults (SQLite under var/,
    the local object folder): stored once by content hash, read on a local Dask cluster,
    recorded, with a morning report. A second `make demo` finds every file already done."""
    import datetime as dt
    from collections import Counter

    from mchverify.pipelines.flows import run_ingest
    from mchverify.pipelines.registry import import_registry_file
    from mchverify.settings import get_settings, prefect_defaults
    from mchverify.storage.db import Database

    prefect_defaults()
    settings = get_settings()
    db = Database(settings.db_url)
    db.upgrade()
    import_registry_file(outdir / "registry.csv", db)
    db.dispose()
    as_of = Counter(lab["meta"]["as_of"] for lab in labels).most_common(1)[0][0]
    typer.echo(f"\n== 夜间批处理：同一批文件入库（{settings.db_url}，{settings.storage_url}）==")
    report = run_ingest(str(outdir), dt.date.fromisoformat(as_of))
    typer.echo(f"本次处理 {report['processed']} 份，已处理过跳过 {report['skipped']} 份（按内容哈希），"
               f"失败 {report['failed']} 份；结论：" + ("，".join(
                   f"{_VERDICT_ZH[v]} {n}" for v, n in report["verdicts"].items()) or "无新文档")
               + f"；{report['seconds']:.0f} 秒")
    typer.echo(f"晨报：{report['report']['html']}")
    return dt.date.fromisoformat(as_of)

"""`mchverify verify FILE... --json` (domain.md §5): extract's object plus flags and verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mchverify.pipelines.cli import app


def test_verify_against_the_corpus_registry(small_corpus: tuple[Path, list[dict[str, Any]]],
                                            tmp_path: Path) -> None:
    root, labels = small_corpus
    db = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["registry", "import", str(root / "registry.csv"),
                               "--db-url", db]).exit_code == 0
    digital = [lab for lab in labels if lab["meta"].get("format") == "pdf-digital"][:2]
    assert digital, "the small corpus holds e-licences"
    files = [str(root / lab["file"]) for lab in digital] + [str(tmp_path / "missing.jpg")]
    res = runner.invoke(app, ["verify", *files, "--json", "--as-of", labels[0]["meta"]["as_of"],
                              "--db-url", db])
    out = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert [o["file"] for o in out] == files
    for o, lab in zip(out[:-1], digital, strict=True):
        assert o["doc_type"] == lab["doc_type"]
        assert {"fields", "confidence", "pages", "flags", "verdict"} <= set(o)
        codes = {f["code"] for f in o["flags"]}
        assert "NOT_IN_REGISTRY" not in codes  # the registry holds every generated document
        assert o["verdict"] in ("accept", "review", "reject")
    assert out[-1]["verdict"] == "review"
    assert [f["code"] for f in out[-1]["flags"]] == ["UNREADABLE"]


def test_verify_without_registry_record_rejects(small_corpus: tuple[Path, list[dict[str, Any]]],
                                                 tmp_path: Path) -> None:
    root, labels = small_corpus
    lab = next(lab for lab in labels if lab["meta"].get("format") == "pdf-digital")
    res = CliRunner().invoke(app, ["verify", str(root / lab["file"]), "--json",
                                   "--db-url", f"sqlite:///{tmp_path / 'empty.db'}"])
    (out,) = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert out["verdict"] == "reject"
    flag = next(f for f in out["flags"] if f["code"] == "NOT_IN_REGISTRY")
    assert flag["severity"] == "reject" and flag["evidence"]["read"]


def test_bundle_prints_one_object_with_bundle_flags(
        small_corpus: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    root, labels = small_corpus
    lab = next(lab for lab in labels if lab["meta"].get("format") == "pdf-digital")
    res = CliRunner().invoke(app, ["verify", str(root / lab["file"]), "--bundle", "--json",
                                   "--db-url", f"sqlite:///{tmp_path / 'r.db'}"])
    (out,) = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert set(out) == {"verdict", "flags", "documents"}
    assert len(out["documents"]) == 1 and out["documents"][0]["file"].endswith(lab["file"])
    assert "MISSING_MATERIAL" in {f["code"] for f in out["flags"]}  # one document is never all
    assert out["verdict"] == "reject"  # not in the (empty) registry


def test_as_of_decides_expiry(small_corpus: tuple[Path, list[dict[str, Any]]],
                              tmp_path: Path) -> None:
    """The same licence, judged the day before and the day after its validity ends."""
    import datetime as dt

    root, labels = small_corpus
    lab = next(lab for lab in labels if lab["meta"].get("format") == "pdf-digital"
               and lab["fields"].get("valid_until"))
    db = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["registry", "import", str(root / "registry.csv"),
                               "--db-url", db]).exit_code == 0
    until = dt.date.fromisoformat(lab["fields"]["valid_until"])
    codes = {}
    for day in (until, until + dt.timedelta(days=1)):
        res = runner.invoke(app, ["verify", str(root / lab["file"]), "--json",
                                  "--as-of", day.isoformat(), "--db-url", db])
        (out,) = [json.loads(line) for line in res.stdout.strip().splitlines()]
        codes[day] = {f["code"] for f in out["flags"]}
    assert "EXPIRED" not in codes[until]
    assert "EXPIRED" in codes[until + dt.timedelta(days=1)]
    bad = runner.invoke(app, ["verify", str(root / lab["file"]), "--json",
                              "--as-of", "2024-13-01", "--db-url", db])
    assert bad.exit_code != 0

"""`mchverify registry import` (domain.md §5): all-or-nothing, errors name line and column."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mchverify.pipelines.cli import app
from mchverify.schemas.codes import DocType
from mchverify.storage.db import Database
from mchverify.storage.registry import SqlRegistry

runner = CliRunner()


def _run(*args: str) -> tuple[int, dict[str, Any], str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, json.loads(res.stdout.strip().splitlines()[-1]), res.stderr


def test_import_the_synthetic_registry(small_corpus: tuple[Path, list[dict[str, Any]]],
                                       database: Database) -> None:
    root, labels = small_corpus
    code, out, _ = _run("registry", "import", str(root / "registry.csv"), "--db-url", database.url)
    assert code == 0
    rows = len((root / "registry.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert (out["imported"], out["replaced"]) == (rows, 0)
    lab = next(lab for lab in labels if lab["doc_type"] != "other")
    entry = SqlRegistry(database).lookup(DocType(lab["doc_type"]), lab["fields"]["certificate_number"])
    assert entry is not None
    code, again, _ = _run("registry", "import", str(root / "registry.csv"), "--db-url", database.url)
    assert code == 0 and again["replaced"] == again["imported"] == out["imported"]


def _snapshot(database: Database, root: Path) -> dict[tuple[str, str], Any]:
    """Every record of the file as the database holds it, with its import stamp."""
    registry, out = SqlRegistry(database), {}
    with (root / "registry.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            entry = registry.lookup(DocType(row["doc_type"]), row["certificate_number"])
            assert entry is not None
            out[row["doc_type"], row["certificate_number"]] = entry.model_dump()
    return out


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_malformed_file_changes_nothing_and_names_the_line(
        small_corpus: tuple[Path, list[dict[str, Any]]], database: Database,
        tmp_path: Path) -> None:
    """The good rows before and after the bad one change records (another status), so a
    half-import would show in their content, not only in the count."""
    root, _ = small_corpus
    _run("registry", "import", str(root / "registry.csv"), "--db-url", database.url)
    before, count = _snapshot(database, root), SqlRegistry(database).count()
    with (root / "registry.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 5 and any(e["status"] != "revoked" for e in before.values())
    for row in rows:
        row["status"] = "revoked"
    rows[2]["status"] = "cancelled"  # the third record: line 4 of the file
    bad = _write_csv(tmp_path / "bad.csv", rows)
    code, out, err = _run("registry", "import", str(bad), "--db-url", database.url)
    assert code == 1
    assert out["problems"] == [{"line": 4, "column": "status", "message": out["problems"][0][
        "message"]}]
    assert "第 4 行 status 列" in err
    assert SqlRegistry(database).count() == count
    assert _snapshot(database, root) == before
    # the same rows without the bad one do go in: the snapshot can see a change
    rows[2]["status"] = "revoked"
    _write_csv(bad, rows)
    code, _, _ = _run("registry", "import", str(bad), "--db-url", database.url)
    assert code == 0
    after = _snapshot(database, root)
    assert all(e["status"] == "revoked" for e in after.values())


def test_unknown_column_changes_nothing_and_names_it(
        small_corpus: tuple[Path, list[dict[str, Any]]], database: Database,
        tmp_path: Path) -> None:
    root, _ = small_corpus
    _run("registry", "import", str(root / "registry.csv"), "--db-url", database.url)
    before = _snapshot(database, root)
    lines = (root / "registry.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "extra.csv"
    bad.write_text("\n".join([lines[0] + ",fax"] + [ln + ",x" for ln in lines[1:]]) + "\n",
                   encoding="utf-8")
    code, out, err = _run("registry", "import", str(bad), "--db-url", database.url)
    assert code == 1
    assert [(p["line"], p["column"]) for p in out["problems"]] == [(1, "fax")]
    assert "fax" in err
    assert _snapshot(database, root) == before


def test_missing_file_is_a_clear_error(database: Database, tmp_path: Path) -> None:
    code, out, err = _run("registry", "import", str(tmp_path / "nope.csv"), "--db-url", database.url)
    assert code == 1
    assert "无法读取文件" in err and out["file"].endswith("nope.csv")

"""`mchverify registry import` (domain.md §5): all-or-nothing, errors name line and column."""

from __future__ import annotations

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


def test_malformed_file_changes_nothing_and_names_the_line(
        small_corpus: tuple[Path, list[dict[str, Any]]], database: Database,
        tmp_path: Path) -> None:
    root, _ = small_corpus
    _run("registry", "import", str(root / "registry.csv"), "--db-url", database.url)
    before = SqlRegistry(database).count()
    lines = (root / "registry.csv").read_text(encoding="utf-8").splitlines()
    fields = lines[3].split(",")
    fields[2] = "cancelled"  # status of the third record
    lines[3] = ",".join(fields)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run("registry", "import", str(bad), "--db-url", database.url)
    assert code == 1
    assert out["problems"] == [{"line": 4, "column": "status", "message": out["problems"][0][
        "message"]}]
    assert "第 4 行 status 列" in err
    assert SqlRegistry(database).count() == before


def test_missing_file_is_a_clear_error(database: Database, tmp_path: Path) -> None:
    code, out, err = _run("registry", "import", str(tmp_path / "nope.csv"), "--db-url", database.url)
    assert code == 1
    assert "无法读取文件" in err and out["file"].endswith("nope.csv")

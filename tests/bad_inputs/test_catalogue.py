"""Every class of the bad-input catalogue through the real command line, in one batch with
a readable document: each refused file is named in the JSON with its code and a reason in
Chinese, every awkward-but-readable file is read, the batch goes on, the exit status says
that files failed, and nothing reaches the terminal as a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from mchverify.storage.files import display_name
from tests.bad_inputs.make_catalogue import ENTRIES, OK, Entry, write_catalogue

pytestmark = pytest.mark.ocr

CLI = str(Path(sys.executable).with_name("mchverify"))


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`mchverify verify --json` over the whole catalogue plus one good page, once."""
    root = tmp_path_factory.mktemp("bad-inputs")
    written = write_catalogue(root / "catalogue")
    good = root / "good.png"
    page = np.full((700, 1000, 3), 252, np.uint8)
    page[100:130, 100:800] = 30
    Image.fromarray(page).save(good)
    missing = root / "catalogue" / "已删除.pdf"
    paths = [good, *[p for _, p in written], missing]
    env = {**os.environ, "MCHVERIFY_DB_URL": f"sqlite:///{root / 'results.db'}",
           "MCHVERIFY_STORAGE_URL": str(root / "objects")}
    run = subprocess.run([CLI, "verify", "--json", *map(os.fspath, paths)], env=env,
                         capture_output=True, timeout=600, check=False)
    stdout = run.stdout.decode("utf-8")  # strict: the output is valid UTF-8 JSON lines
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {"run": run, "stderr": run.stderr.decode("utf-8", "replace"), "lines": lines,
            "by_file": {o["file"]: o for o in lines},
            "written": {e.cls: p for e, p in written}, "good": good, "missing": missing,
            "sizes": {p: p.stat().st_size for _, p in written}}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.cls for e in ENTRIES])
def test_each_class_is_named_with_its_reason_or_read(batch: dict[str, Any],
                                                     entry: Entry) -> None:
    path = batch["written"][entry.cls]
    out = batch["by_file"][display_name(path)]
    if entry.expect == OK:
        assert "error" not in out, out
        assert out["verdict"] in ("accept", "review", "reject")
        assert out["pages"] >= 1
    else:
        assert out["code"] == entry.expect, out
        assert _has_chinese(out["error"]), out["error"]
        assert out["verdict"] == "review"
        assert [f["code"] for f in out["flags"]] == ["UNREADABLE"]
        assert out["error"] in out["flags"][0]["message"]


def test_the_batch_goes_on_and_says_files_failed(batch: dict[str, Any]) -> None:
    run = batch["run"]
    assert run.returncode == 1, batch["stderr"][-2000:]
    assert len(batch["lines"]) == len(ENTRIES) + 2  # every file answered, in order
    assert batch["lines"][0]["file"] == str(batch["good"])
    assert "error" not in batch["lines"][0]
    missing = batch["by_file"][str(batch["missing"])]
    assert missing["code"] == "not_found" and "不存在" in missing["error"]
    failed = sum(e.expect != OK for e in ENTRIES) + 1
    assert f"{failed} of {len(ENTRIES) + 2} files failed" in batch["stderr"]


def test_no_traceback_reaches_the_terminal(batch: dict[str, Any]) -> None:
    assert "Traceback" not in batch["stderr"]
    assert "Error" not in batch["stderr"].replace("UNREADABLE", "")


def test_a_multipage_tiff_gives_every_page(batch: dict[str, Any]) -> None:
    tiff = batch["written"]["multipage_tiff"]
    assert batch["by_file"][display_name(tiff)]["pages"] == 3


def test_a_gbk_file_name_is_shown_as_its_chinese_name(batch: dict[str, Any]) -> None:
    path = batch["written"]["non_utf8_name"]
    assert display_name(path).endswith("法人证书.png")
    assert display_name(path) in batch["by_file"]


def test_the_originals_are_untouched(batch: dict[str, Any]) -> None:
    for path, size in batch["sizes"].items():
        assert path.stat().st_size == size

"""The atheris (libFuzzer) run of the loader, CI-sized: a few thousand coverage-guided
mutations of the bad-input catalogue, in a subprocess; any exception other than
DocumentLoadError is a crash and fails the test with the input libFuzzer saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.bad_inputs.make_catalogue import write_catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_loader_survives_coverage_guided_mutation(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    for entry, path in write_catalogue(seeds):
        if path.stat().st_size > 64 * 1024:  # libFuzzer's inputs stay small
            path.unlink()
    (seeds / "index.json").unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "tests.bad_inputs.fuzz_loaders", str(seeds), "-runs=3000",
         "-max_len=65536", "-max_total_time=90", "-rss_limit_mb=4096", "-timeout=30",
         f"-artifact_prefix={tmp_path}/"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(
        ("crash-", "timeout-", "oom-", "leak-")))
    assert run.returncode == 0 and not crashes, (crashes, run.stderr[-3000:])
    assert "Done " in run.stderr  # libFuzzer really ran its mutations

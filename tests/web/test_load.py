"""The web application under concurrent use.

- A bounded load run (`scripts/bench_load.py`, the `make bench-load` script, on a small
  budget): `mchverify serve` in a subprocess, intake clerks uploading real generated scans
  (OCR in the request) while reviewers open, correct and decide, driven by Locust. No request
  may fail and every accepted upload must be in the database with all its files. Locust
  patches the standard library with gevent when imported, so it runs in its own process,
  never inside pytest's.
- Reviewers correcting the same document at the same moment (what the load run found: a
  UNIQUE-constraint 500 and lost corrections): each correction applies on top of the last.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from mchverify.storage.db import Database
from mchverify.storage.models import Application, Document, FieldCorrection
from tests.web.conftest import Web, seed_application, sign_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.ocr
def test_concurrent_uploads_and_reviews_fail_nothing_and_lose_nothing(
        prefect_server: str, tmp_path: Path) -> None:
    out = tmp_path / "load"
    env = {**os.environ, "PREFECT_API_URL": prefect_server, "TMPDIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_load.py"), "--users", "4",
         "--seconds", "10", "--max-uploads", "4", "--docs", "6", "--out", str(out)],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert (out / "summary.json").is_file(), proc.stderr[-4000:]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert proc.returncode == 0, json.dumps(
        {k: summary[k] for k in ("errors", "task_errors", "uploads")}, ensure_ascii=False)
    uploads = summary["uploads"]
    assert summary["total"]["failures"] == 0, summary["errors"]
    assert uploads["lost"] == 0 and uploads["sent"] == uploads["accepted"] >= 2
    assert uploads["max_in_flight"] >= 2  # uploads really overlapped
    assert summary["server_tracebacks"] == 0
    names = {e["name"] for e in summary["endpoints"]}
    assert {"/api/applications (upload)", "/api/applications/[id]",
            "/documents/[id]/pages/[n].jpg"} <= names

    # independently of the script's own count: every accepted upload, with its files
    db = Database(summary["db_url"])
    try:
        with db.session() as s:
            for record in summary["records"]:
                app = s.get(Application, record["application_id"])
                assert app is not None, record
                assert {m.document.sha256 for m in app.members} == set(record["sha256"])
                assert all(m.document.status == "done" for m in app.members)
    finally:
        db.dispose()


def test_simultaneous_corrections_of_one_document_all_apply_in_turn(web_any: Web) -> None:
    web = web_any
    app_id = seed_application(web)
    headers = {"X-CSRF-Token": sign_in(web.client, "reviewer1")}
    doc_id = web.client.get(f"/api/applications/{app_id}").json()["items"][0]["document_id"]
    n = 8
    start = threading.Barrier(n)
    statuses: list[int] = []

    def correct(i: int) -> None:
        """Half through the JSON API, half through the review page's form."""
        start.wait()
        value = f"第{i}妇幼保健院"
        if i % 2:
            r = web.client.post(f"/applications/{app_id}/documents/{doc_id}/fields",
                                data={"field_work_unit": value}, headers=headers,
                                follow_redirects=False)
            statuses.append(200 if r.status_code == 303 else r.status_code)
        else:
            r = web.client.patch(f"/api/applications/{app_id}/documents/{doc_id}/fields",
                                 json={"fields": {"work_unit": value}}, headers=headers)
            statuses.append(r.status_code)

    threads = [threading.Thread(target=correct, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert statuses == [200] * n
    with web.db.session() as s:
        rows = list(s.scalars(select(FieldCorrection).where(FieldCorrection.document_id == doc_id)
                              .order_by(FieldCorrection.id)))
        doc = s.get(Document, doc_id)
        assert doc is not None
        # serialised: each correction saw the value the one before it wrote
        assert len(rows) == n
        assert all(b.value_read == a.value for a, b in itertools.pairwise(rows))
        assert doc.extraction["fields"]["work_unit"]["value"] == rows[-1].value

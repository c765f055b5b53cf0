"""Load: the web application under concurrent uploads and reviews (issue 6).

`mchverify serve` runs as a real subprocess on loopback, on a fresh SQLite database and
object folder, with accounts made by `mchverify user add` and the generated corpus's registry
imported. Locust (headless, library API) then drives it with two kinds of users:

- intake clerks (窗口) sign in through the API and upload applications (POST
  /api/applications, OCR in the request), each of distinct bytes so that the content-hash
  dedup cannot hide a lost upload, and fetch the receipt;
- reviewers (审核) list the queue, open applications (JSON and the review page), fetch the
  page images, correct a field and decide.

The run is bounded by --seconds and --max-uploads; users then finish the task they are in
(an upload in flight is waited for, not cut off). Afterwards the database is counted against
what the clients were told: an accepted upload (201 with an application id) whose
application or files are not in the database is lost, and so is any upload that did not get
a 201. Writes summary.json and summary.md (per endpoint: count, failures, p50, p95, max,
requests/s) to --out, with the server's log. Exits 1 on any failed request or lost upload.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Locust patches the standard library with gevent when imported: it comes first of what is
# imported here (nothing above imports ssl: no urllib.request or http.client).
import locust
import requests
from locust import HttpUser, between, task
from locust.env import Environment

#: the application kinds the clerks pick in turn
KINDS = ("unspecified", "personnel", "institution")
#: fields a reviewer may retype freely (plain text in every document type that has them)
FREE_TEXT = ("work_unit", "issuer", "address", "institution_name", "practice_institution")
#: what a reviewer's correction adds to (or takes off) such a field: always a real change
MARK = "（复核）"

_T0 = time.monotonic()


def _log(msg: str) -> None:
    print(f"[{time.monotonic() - _T0:6.1f} s] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- documents


def render_uploads(corpus: Path, labels: list[dict[str, Any]], count: int, seed: int,
                   ) -> tuple[list[list[tuple[str, bytes]]], dict[str, str]]:
    """`count` applications of one (every fifth: two) single-page scans, each file with a
    serial number stamped in its margin, so every upload is bytes never seen before; and
    each file's generated document type by its hash (to spot results mixed up between
    concurrent reads)."""
    import cv2

    scans = [lab for lab in labels
             if lab["pages"] == 1 and lab["meta"]["format"] in ("jpg", "png", "tiff")]
    if not scans:
        raise SystemExit("the corpus has no single-page image scan")
    rng = random.Random(seed)
    pages = {lab["file"]: cv2.imread(str(corpus / lab["file"]), cv2.IMREAD_COLOR)
             for lab in scans}
    seen: dict[str, str] = {}
    serial = itertools.count(1)
    out = []
    for i in range(count):
        files = []
        for lab in rng.sample(scans, 2 if i % 5 == 4 and len(scans) > 1 else 1):
            while True:
                data = _stamped(pages[lab["file"]], next(serial))
                digest = hashlib.sha256(data).hexdigest()
                if digest not in seen:
                    break
            seen[digest] = lab["doc_type"]
            stem = lab["file"].rsplit(".", 1)[0]
            files.append((f"{stem}-{len(seen):04d}.jpg", data))
        out.append(files)
    return out, seen


def _stamped(page: Any, serial: int) -> bytes:
    """The page as JPEG with `serial` in binary as 3-px dots along the top margin."""
    import cv2

    img = page.copy()
    for bit in range(16):
        if serial >> bit & 1:
            img[4:7, 4 + 4 * bit:7 + 4 * bit] = 30
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return bytes(buf.tobytes())


# --------------------------------------------------------------------------- the ledger


@dataclass
class UploadRecord:
    """One upload as its client saw it: the files' hashes and what the server answered."""

    seq: int
    user: str
    sha256: list[str]
    status: int | None = None
    application_id: int | None = None
    error: str | None = None
    ms: float = 0.0


@dataclass
class Ledger:
    """What the clients sent and were told, counted against the database after the run."""

    planned: list[list[tuple[str, bytes]]]
    uploads: list[UploadRecord] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    samples: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    failures: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    corrections: int = 0
    decisions: int = 0
    task_errors: list[str] = field(default_factory=list)

    def take(self) -> tuple[int, list[tuple[str, bytes]]] | None:
        """The next application to upload, or None once --max-uploads are sent."""
        seq = len(self.uploads)
        if seq >= len(self.planned):
            return None
        files = self.planned[seq]
        self.uploads.append(UploadRecord(
            seq=seq, user="", sha256=[hashlib.sha256(d).hexdigest() for _, d in files]))
        return seq, files

    def on_request(self, request_type: str, name: str, response_time: float,
                   exception: BaseException | None = None, response: Any = None,
                   **_: Any) -> None:
        """Locust's request hook: every response time, exact (not Locust's rounded buckets)."""
        key = (request_type, name)
        self.samples.setdefault(key, []).append(response_time)
        if exception is not None:
            self.failures[key] = self.failures.get(key, 0) + 1
            status = getattr(response, "status_code", None)
            label = f"{request_type} {name}: {status or type(exception).__name__} {exception}"
            self.errors[label[:300]] = self.errors.get(label[:300], 0) + 1


LEDGER: Ledger | None = None
ACCOUNTS: dict[str, list[tuple[str, str]]] = {"intake": [], "reviewer": []}
_next_account = {"intake": itertools.count(), "reviewer": itertools.count()}


def _ledger() -> Ledger:
    assert LEDGER is not None
    return LEDGER


# --------------------------------------------------------------------------- users


class StaffUser(HttpUser):
    """A member of staff: signs in through the API, then sends the session's CSRF token."""

    abstract = True
    role = ""

    def on_start(self) -> None:
        accounts = ACCOUNTS[self.role]
        self.username, password = accounts[next(_next_account[self.role]) % len(accounts)]
        with self.client.post("/api/session", json={"username": self.username,
                                                    "password": password},
                              name="/api/session", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"sign-in {r.status_code}: {r.text[:200]}")
                self.stop()
                return
            self.client.headers["X-CSRF-Token"] = r.json()["csrf_token"]


class IntakeClerk(StaffUser):
    """窗口: uploads applications until the run's budget is spent, then reprints receipts."""

    role = "intake"
    wait_time = between(0.5, 2.0)

    @task
    def upload(self) -> None:
        ledger = _ledger()
        job = ledger.take()
        if job is None:
            self._reprint()
            return
        seq, files = job
        record = ledger.uploads[seq]
        record.user = self.username
        ledger.in_flight += 1
        ledger.max_in_flight = max(ledger.max_in_flight, ledger.in_flight)
        t0 = time.perf_counter()
        try:
            with self.client.post(
                    "/api/applications", name="/api/applications (upload)",
                    files=[("files", (n, d, "image/jpeg")) for n, d in files],
                    data={"kind": KINDS[seq % len(KINDS)]}, catch_response=True) as r:
                record.status = r.status_code or None
                body = _json(r)
                if r.status_code == 201 and isinstance(body.get("application_id"), int):
                    record.application_id = body["application_id"]
                else:
                    record.error = (r.text or str(r.error))[:300]
                    r.failure(f"upload {r.status_code}: {record.error}")
        finally:
            record.ms = (time.perf_counter() - t0) * 1000
            ledger.in_flight -= 1
        if record.application_id:
            self.client.get(f"/api/applications/{record.application_id}/receipt",
                            name="/api/applications/[id]/receipt")

    def _reprint(self) -> None:
        done = [u.application_id for u in _ledger().uploads if u.application_id]
        if done:
            self.client.get(f"/api/applications/{random.choice(done)}/receipt",
                            name="/api/applications/[id]/receipt")


class Reviewer(StaffUser):
    """审核: works the queue — opens, looks at the pages, corrects, decides."""

    role = "reviewer"
    wait_time = between(0.5, 2.0)

    def _open(self) -> dict[str, Any] | None:
        """An application from the open queue (or any, once the queue is empty), opened as
        the review page does: its JSON, the page itself, its page images."""
        queue = self.client.get("/api/applications", name="/api/applications (queue)")
        rows = _json(queue, [])
        if not rows:
            rows = _json(self.client.get("/api/applications?status=all",
                                         name="/api/applications (queue)"), [])
        if not rows:
            return None
        app_id = random.choice(rows[:10])["id"]
        detail = _json(self.client.get(f"/api/applications/{app_id}",
                                       name="/api/applications/[id]"))
        self.client.get(f"/review/{app_id}", name="/review/[id] (page)")
        for item in detail.get("items", []):
            for page in item.get("pages", []):
                self.client.get(page["image_url"], name="/documents/[id]/pages/[n].jpg")
        return detail or None

    @task(3)
    def browse(self) -> None:
        self._open()

    @task(2)
    def correct(self) -> None:
        detail = self._open()
        target = _free_text_field(detail) if detail else None
        if target is None:
            return
        doc_id, name, text = target
        new = text[:-len(MARK)] if text.endswith(MARK) else text + MARK
        assert detail is not None
        r = self.client.patch(
            f"/api/applications/{detail['id']}/documents/{doc_id}/fields",
            json={"fields": {name: new}},
            name="/api/applications/[id]/documents/[id]/fields")
        if r.ok:
            _ledger().corrections += 1

    @task(1)
    def decide(self) -> None:
        detail = self._open()
        if not detail:
            return
        flags = [*detail.get("flags", []), *(f for item in detail.get("items", [])
                                             for f in item.get("flags", []))]
        blocking = any(f["severity"] == "reject" and not f.get("override") for f in flags)
        # "通过" over a flag that calls for rejection is refused (409) until it is overridden
        accept = not blocking and (detail.get("verdict") == "accept" or random.random() < 0.5)
        body = ({"decision": "accept", "comment": ""} if accept else
                {"decision": "reject", "comment": "材料不全，请补正（负载测试）"})
        r = self.client.post(f"/api/applications/{detail['id']}/decision", json=body,
                             name="/api/applications/[id]/decision")
        if r.ok:
            _ledger().decisions += 1
        self.client.get(f"/api/applications/{detail['id']}/audit",
                        name="/api/applications/[id]/audit")


def _json(response: Any, default: Any = None) -> Any:
    try:
        return response.json()
    except ValueError:
        return {} if default is None else default


def _free_text_field(detail: dict[str, Any]) -> tuple[int, str, str] | None:
    for item in detail.get("items", []):
        for f in item.get("fields", []):
            if f["name"] in FREE_TEXT and isinstance(f.get("value"), str) and f["text"]:
                return item["document_id"], f["name"], f["text"]
    return None


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mchverify() -> str:
    return str(Path(sys.executable).with_name("mchverify"))


def _cli(args: list[str], env: dict[str, str], stdin: str | None = None,
         ) -> subprocess.Popen[str]:
    return subprocess.Popen([_mchverify(), *args], env=env, text=True,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen[str], stdin: str | None = None) -> None:
    out, err = proc.communicate(stdin, timeout=120)
    if proc.returncode:
        raise SystemExit(f"{' '.join(map(str, proc.args))} failed:\n{out}\n{err}")


def prepare(run: Path, env: dict[str, str], registry: Path, users: dict[str, int]) -> None:
    """Accounts by `mchverify user add` (the first alone: it creates the schema), and the
    corpus's registry by `mchverify registry import`, as staff would set a server up."""
    names = {"intake": "窗口", "reviewer": "审核"}
    jobs = []
    for role, n in users.items():
        for i in range(1, n + 1):
            username, password = f"{role}{i}", f"Load-{role}-{i}-pass-2026"
            ACCOUNTS[role].append((username, password))
            jobs.append((["user", "add", username, "--role", role, "--name",
                          f"{names[role]}{i}", "--password-stdin"], password + "\n"))
    first, *rest = jobs
    proc = _cli(first[0], env, first[1])
    _finish(proc, first[1])
    started = [(_cli(args, env, pw), pw) for args, pw in rest]
    started.append((_cli(["registry", "import", str(registry)], env), None))
    for proc, pw in started:
        _finish(proc, pw)


def start_server(run: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """`mchverify serve` on a free loopback port, as staff start it; waits for /login."""
    port = _free_port()
    log = (run / "serve.log").open("wb")
    proc = subprocess.Popen([_mchverify(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if requests.get(f"{url}/login", timeout=2).status_code == 200:
                return proc, url
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("the server did not start:\n" + (run / "serve.log").read_text())
        time.sleep(0.3)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Ctrl-C (SIGINT), as a person stops it: uvicorn finishes open requests, then `serve`
    stops its temporary Prefect server. (After SIGTERM uvicorn re-raises the signal and the
    process dies before that cleanup, leaving the Prefect server behind.)"""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def warm_up(url: str, files: list[tuple[str, bytes]]) -> int:
    """One upload before the clock starts: the server loads its OCR model once, and the
    reviewers find an application in the queue from their first second."""
    username, password = ACCOUNTS["intake"][0]
    s = requests.Session()
    r = s.post(f"{url}/api/session", json={"username": username, "password": password})
    r.raise_for_status()
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    r = s.post(f"{url}/api/applications", data={"kind": "unspecified"}, timeout=300,
               files=[("files", (n, d, "image/jpeg")) for n, d in files])
    if r.status_code != 201:
        raise SystemExit(f"warm-up upload failed: {r.status_code} {r.text}")
    return int(r.json()["application_id"])


# --------------------------------------------------------------------------- the run


def run_locust(url: str, ledger: Ledger, intake: int, reviewers: int, seconds: float,
               ) -> float:
    """Locust headless for `seconds`, every user started at once; then each user finishes
    the task it is in (an upload in flight is answered, not cut off). The wall-clock
    seconds from start to the last user's stop: the denominator of the rates."""
    import gevent

    IntakeClerk.fixed_count, Reviewer.fixed_count = intake, reviewers
    env = Environment(user_classes=[IntakeClerk, Reviewer], host=url, stop_timeout=600,
                      events=locust.events)
    env.events.request.add_listener(ledger.on_request)
    runner = env.create_local_runner()
    t0 = time.perf_counter()
    users = intake + reviewers
    runner.start(users, spawn_rate=min(100, 4 * users))
    gevent.sleep(seconds)
    _log(f"  {seconds:g} s up: users finish their current task "
         f"({ledger.in_flight} upload(s) in flight)")
    runner.stop()
    wall = time.perf_counter() - t0
    runner.quit()
    # an exception inside a user's task (Locust logs it and carries on) is an error too
    ledger.task_errors = [f"{row['count']}× {row['msg']}" for row in runner.exceptions.values()]
    return wall


@dataclass
class Stored:
    """What the database holds after the run."""

    applications: dict[int, set[str]]  # id → its documents' content hashes
    doc_types: dict[str, str | None]  # content hash → the type it was read as
    statuses: dict[str, int]  # documents by status


def count_database(db_url: str) -> Stored:
    """Every application with its documents' hashes, and every document's type and status."""
    from collections import Counter

    from sqlalchemy import select

    from mchverify.storage.db import Database
    from mchverify.storage.models import Application, Document

    db = Database(db_url)
    try:
        with db.session() as s:
            apps = {app.id: {m.document.sha256 for m in app.members}
                    for app in s.scalars(select(Application))}
            docs = list(s.scalars(select(Document)))
            return Stored(apps, {d.sha256: d.doc_type for d in docs},
                          dict(Counter(d.status for d in docs)))
    finally:
        db.dispose()


def _percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (no interpolation: a value some request really took)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def summarise(ledger: Ledger, wall: float, db: Stored, truth: dict[str, str], warm_id: int,
              server_tracebacks: int) -> dict[str, Any]:
    """Per endpoint figures, the error rate and the upload accounting."""
    endpoints = []
    for (method, name), times in sorted(ledger.samples.items(), key=lambda kv: kv[0][1]):
        endpoints.append({
            "method": method, "name": name, "count": len(times),
            "failures": ledger.failures.get((method, name), 0),
            "p50_ms": round(_percentile(times, 0.50)), "p95_ms": round(_percentile(times, 0.95)),
            "max_ms": round(max(times)), "rps": round(len(times) / wall, 2)})
    count = sum(e["count"] for e in endpoints)
    failures = sum(e["failures"] for e in endpoints) + len(ledger.task_errors)
    everything = [t for times in ledger.samples.values() for t in times]
    sent = list(ledger.uploads)
    stored = db.applications
    accepted = [u for u in sent if u.application_id is not None]
    kept = [u for u in accepted if stored.get(u.application_id or 0) == set(u.sha256)]
    mixed = [h for u in kept for h in u.sha256 if db.doc_types.get(h) != truth.get(h)]
    lost = [u for u in sent if u not in kept]
    expected = {u.application_id for u in accepted} | {warm_id}
    upload_times = [u.ms for u in sent]
    return {
        "seconds": round(wall, 1),
        "endpoints": endpoints,
        "total": {"count": count, "failures": failures,
                  "error_rate": round(failures / count, 6) if count else 0.0,
                  "p50_ms": round(_percentile(everything, 0.5)) if everything else 0,
                  "p95_ms": round(_percentile(everything, 0.95)) if everything else 0,
                  "rps": round(count / wall, 2)},
        "errors": ledger.errors,
        "task_errors": ledger.task_errors,
        "uploads": {
            "planned": len(ledger.planned), "sent": len(sent), "accepted": len(accepted),
            "stored": len(kept), "lost": len(lost),
            "files": sum(len(u.sha256) for u in sent),
            "max_in_flight": ledger.max_in_flight,
            "p50_ms": round(_percentile(upload_times, 0.5)) if upload_times else 0,
            "database_applications": len(stored),
            "unacknowledged_in_database": len(set(stored) - expected),
            "lost_detail": [asdict(u) for u in lost],
        },
        "documents_by_status": db.statuses,
        "doc_type_mismatches": len(mixed),
        "reviews": {"corrections": ledger.corrections, "decisions": ledger.decisions},
        "server_tracebacks": server_tracebacks,
        "records": [asdict(u) for u in sent],
    }


def markdown(summary: dict[str, Any]) -> str:
    """The table for docs/benchmarks.md."""
    lines = ["| endpoint | requests | failures | p50 ms | p95 ms | max ms | req/s |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for e in summary["endpoints"]:
        lines.append(f"| {e['method']} {e['name']} | {e['count']} | {e['failures']} | "
                     f"{e['p50_ms']} | {e['p95_ms']} | {e['max_ms']} | {e['rps']} |")
    t, u = summary["total"], summary["uploads"]
    lines.append(f"| **all** | **{t['count']}** | **{t['failures']}** | {t['p50_ms']} | "
                 f"{t['p95_ms']} | | **{t['rps']}** |")
    errors = (f"Error rate: {t['error_rate']:.2%} ({t['failures']} of {t['count']} "
              f"requests) over {summary['seconds']} s.")
    uploads = (f"Uploads: {u['sent']} sent ({u['files']} files), {u['accepted']} accepted, "
               f"{u['stored']} in the database with all their files, **{u['lost']} lost**; "
               f"at most {u['max_in_flight']} uploads in flight at once; "
               f"{u['unacknowledged_in_database']} applications in the database that no "
               "client was told about.")
    reviews = (f"Reviews: {summary['reviews']['corrections']} corrections, "
               f"{summary['reviews']['decisions']} decisions. Documents read as another "
               f"type than generated: {summary['doc_type_mismatches']}. Server tracebacks "
               f"in its log: {summary['server_tracebacks']}.")
    lines += ["", errors, uploads, reviews]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=8, help="concurrent users (half intake)")
    ap.add_argument("--intake", type=int, default=None,
                    help="of which intake clerks (default: half, at least one)")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--max-uploads", type=int, default=60, help="applications to upload at "
                    "most (uploads run OCR in the request: the run's count bound)")
    ap.add_argument("--docs", type=int, default=12, help="generated documents to draw from")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=Path("var/bench-load"))
    args = ap.parse_args()
    intake = args.intake if args.intake is not None else max(1, args.users // 2)
    reviewers = args.users - intake
    if intake < 1 or reviewers < 0:
        ap.error("--intake must be between 1 and --users")
    random.seed(args.seed)

    run = args.out / "run"
    shutil.rmtree(run, ignore_errors=True)
    (run / "tmp").mkdir(parents=True)
    db_url = f"sqlite:///{(run / 'web.db').resolve()}"
    # every file the run's processes make goes under `run`, temporary ones too
    env = {**os.environ, "TMPDIR": str((run / "tmp").resolve()), "MCHVERIFY_DB_URL": db_url,
           "MCHVERIFY_STORAGE_URL": str((run / "objects").resolve()),
           "MCHVERIFY_REPORT_DIR": str((run / "reports").resolve()),
           "PREFECT_HOME": str((run / "prefect").resolve()),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}

    _log(f"generating {args.docs} documents and {args.max_uploads + 1} distinct uploads")
    # `mchverify synth` in its own process: its process pool and this process's gevent
    # patches do not mix
    _finish(_cli(["synth", str(run / "corpus"), "--count", str(args.docs),
                  "--seed", str(args.seed)], env))
    labels = json.loads((run / "corpus" / "labels.json").read_text(encoding="utf-8"))
    planned, truth = render_uploads(run / "corpus", labels, args.max_uploads + 1, args.seed)
    accounts = {"intake": min(intake, 4), "reviewer": min(max(reviewers, 1), 4)}
    _log(f"accounts ({accounts['intake']} intake, {accounts['reviewer']} reviewer; users of "
         "a role share them round-robin) and the registry")
    prepare(run, env, run / "corpus" / "registry.csv", accounts)
    _log("starting `mchverify serve`")
    proc, url = start_server(run, env)
    try:
        _log(f"server at {url}; warm-up upload (the OCR model loads)")
        warm_id = warm_up(url, planned[0])
        global LEDGER
        LEDGER = ledger = Ledger(planned=planned[1:])
        _log(f"locust: {intake} intake clerks, {reviewers} reviewers, {args.seconds:g} s, "
             f"at most {args.max_uploads} uploads")
        wall = run_locust(url, ledger, intake, reviewers, args.seconds)
        _log(f"load over after {wall:.1f} s; stopping the server")
    finally:
        stop_server(proc)
    log_text = (run / "serve.log").read_text(errors="replace")
    summary = summarise(ledger, wall, count_database(db_url), truth, warm_id,
                        log_text.count("Traceback"))
    summary.update({"users": args.users, "intake": intake, "reviewers": reviewers,
                    "db_url": db_url, "command": " ".join(sys.argv),
                    "locust": locust.__version__})
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1)
                                           + "\n", encoding="utf-8")
    table = markdown(summary)
    (args.out / "summary.md").write_text(table, encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k not in ("records",)},
                     ensure_ascii=False, indent=1))
    print(table)
    bad = summary["total"]["failures"] or summary["uploads"]["lost"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

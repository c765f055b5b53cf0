"""Processing one stored original, as a worker does: the task on its own (`.fn`), one reader
per process and configuration, per-stage timings, derived artefacts, bad files reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mchverify.pipelines.flows import process_document
from mchverify.pipelines.process import EXTRACTION_JSON, worker_context
from mchverify.pipelines.report import render_html
from mchverify.settings import Settings
from mchverify.storage.objects import LocalObjectStore
from tests.conftest import Corpus

AS_OF = dt.date(2026, 11, 24)


def settings_for(tmp_path: Path) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp_path / 'r.db'}", storage_url=str(tmp_path / "o"))


@pytest.mark.ocr
def test_a_worker_reads_a_stored_original_with_its_one_reader(
        small_corpus: Corpus, tmp_path: Path) -> None:
    folder, labels = small_corpus
    settings = settings_for(tmp_path)
    from mchverify.storage.db import Database

    Database(settings.db_url).upgrade()
    store = LocalObjectStore(tmp_path / "o")
    shas = [store.put_original((folder / lab["file"]).read_bytes(), filename=lab["file"]).sha256
            for lab in labels[:2]]
    out = [process_document.fn(sha, lab["file"], AS_OF, settings, 1)
           for sha, lab in zip(shas, labels, strict=False)]
    assert worker_context(settings, ocr_threads=1) is worker_context(settings, ocr_threads=1)
    for done, lab in zip(out, labels, strict=False):
        assert not done.failed and done.verified is not None
        assert done.verified["doc_type"] == lab["doc_type"]
        assert {"load", "preprocess", "ocr", "checks", "store"} <= set(done.timings)
        assert done.pages == len(done.extraction["pages"])  # type: ignore[index]
        stored = json.loads(store.get_derived(done.sha256, EXTRACTION_JSON))
        assert stored["doc_type"] == lab["doc_type"]
    # this test process may have built other readers before; the two documents built none
    assert out[0].model_loads >= 1 and out[-1].model_loads == out[0].model_loads


def test_a_bad_original_comes_back_with_its_reason(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    from mchverify.storage.db import Database

    Database(settings.db_url).upgrade()
    sha = LocalObjectStore(tmp_path / "o").put_original(b"not an image", filename="x.jpg").sha256
    done = process_document.fn(sha, "x.jpg", AS_OF, settings, 1)
    assert done.failed and done.error and done.error_code


def test_the_morning_report_escapes_what_it_shows() -> None:
    page = render_html({"run_id": 1, "source": "/archive", "as_of": "2026-11-24",
                        "started_at": "2026-11-24T01:00:00", "seconds": 5.0, "processed": 1,
                        "skipped": 0, "failed": 1, "verdicts": {"reject": 1},
                        "flags": {"EXPIRED": 1}, "doc_types": {}, "ignored": [],
                        "failures": [{"file": "<script>x</script>.pdf", "reason": "损坏",
                                      "attempts": 1}],
                        "pages": 1, "ocr_pages": 1, "throughput": {"pages_per_hour": 720.0},
                        "stage_seconds": {"ocr": 4.0, "checks": 1.0}, "workers": {}})
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert "建议不予通过" in page and "EXPIRED" in page


@pytest.mark.ocr
def test_threads_share_one_engine_loaded_once_one_page_at_a_time(
        small_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """The web application reads uploads in several threads with the process's one reader:
    the model loads once however many ask at the same moment, the engine reads one page at a
    time, and what each thread reads is what a reader alone reads."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from mchverify.pipelines import extract

    folder, labels = small_corpus
    scanned = [lab for lab in labels if lab["meta"]["format"] != "pdf-digital"][:2]
    datas = [((folder / lab["file"]).read_bytes(), lab["file"]) for lab in scanned]
    alone = extract.DocumentReader()
    expected = [{k: v.value for k, v in alone.read_bytes(d, n).fields.items()} for d, n in datas]

    real_build = extract.build_engine
    builds: list[object] = []
    guard, inside, most = threading.Lock(), [0], [0]

    def counting_build(options: object) -> object:
        engine = real_build(options)  # type: ignore[arg-type]
        read = engine.read

        def read_counted(image: object) -> object:
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            try:
                return read(image)  # type: ignore[arg-type]
            finally:
                with guard:
                    inside[0] -= 1

        engine.read = read_counted  # type: ignore[method-assign]
        builds.append(engine)
        return engine

    monkeypatch.setattr(extract, "build_engine", counting_build)
    reader = extract.DocumentReader()
    start = threading.Barrier(4)

    def work(i: int) -> dict[str, object]:
        data, name = datas[i % len(datas)]
        start.wait()  # all four ask for the engine at once
        return {k: v.value for k, v in reader.read_bytes(data, name).fields.items()}

    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(work, range(4)))
    assert len(builds) == 1
    assert most[0] == 1
    assert got == [expected[i % len(datas)] for i in range(4)]
    assert reader.ocr_pages == 2 * alone.ocr_pages  # each document read twice

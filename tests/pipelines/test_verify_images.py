"""End to end on generated files: a missing seal and a QR code of another certificate are
flagged from the image, and clean documents raise no image flag (pasted values are measured
by `make bench-verify`; the detector itself is tested in tests/verification)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mchverify.pipelines.extract import DocumentReader
from mchverify.pipelines.registry import import_registry_file
from mchverify.pipelines.verify import verify_paths
from mchverify.storage.db import Database
from mchverify.storage.registry import SqlRegistry
from mchverify.synth.problems import generate_verify_corpus


def test_image_problems_flagged_and_clean_documents_quiet(tmp_path: Path,
                                                         reader: DocumentReader) -> None:
    labels = generate_verify_corpus(tmp_path, 1, seed=21, bundles=0, workers=2,
                                    only=["seal_missing", "qr_mismatch"])
    db = Database(f"sqlite:///{tmp_path / 'r.db'}")
    import_registry_file(tmp_path / "registry.csv", db)
    for lab in labels:
        [out] = verify_paths([tmp_path / lab["file"]], reader, registry=SqlRegistry(db),
                             as_of=dt.date.fromisoformat(lab["meta"]["as_of"]))
        raised = {f["code"] for f in out["flags"]}
        image_codes = {"SEAL_MISSING", "QR_MISMATCH", "TAMPER_SUSPECTED"}
        if lab["expected_flags"]:
            assert set(lab["expected_flags"]) <= raised, (lab["file"], out["flags"])
        else:
            assert not raised & image_codes, (lab["file"], out["flags"])
    db.dispose()

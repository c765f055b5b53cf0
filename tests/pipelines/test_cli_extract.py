"""`mchverify extract --json` and `synth` per the command-line contract (domain.md §5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mchverify.pipelines.extract as extract_mod
from mchverify.pipelines.cli import app
from mchverify.pipelines.extract import DocumentReader

pytestmark = pytest.mark.ocr

Corpus = tuple[Path, list[dict]]


def test_extract_json_one_line_per_file_and_one_model_load(
    small_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, labels = small_corpus
    scanned = [lab for lab in labels if lab["meta"]["format"] != "pdf-digital"][:3]
    builds = []
    real = extract_mod.build_engine

    def counting(options):  # the real builder, counted
        builds.append(options)
        return real(options)

    monkeypatch.setattr(extract_mod, "build_engine", counting)
    files = [str(root / lab["file"]) for lab in scanned]
    result = CliRunner().invoke(app, ["extract", "--json", *files])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert [x["file"] for x in lines] == files
    for out, lab in zip(lines, scanned, strict=True):
        assert set(out) >= {"file", "doc_type", "fields", "confidence", "pages"}
        assert out["doc_type"] == lab["doc_type"]
        assert set(out["confidence"]) == set(out["fields"])
        assert all(0 <= c <= 1 for c in out["confidence"].values())
        assert out["pages"] == lab["pages"]
    assert len(builds) == 1, "one OCR model load for all files"


def test_digital_pdf_batch_never_loads_the_ocr_models(small_corpus: Corpus) -> None:
    root, labels = small_corpus
    reader = DocumentReader()
    for lab in labels:
        if lab["meta"]["format"] == "pdf-digital":
            reader.read_path(root / lab["file"])
    assert reader._engine is None and reader.ocr_pages == 0


def test_synth_command_writes_a_corpus(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = CliRunner().invoke(app, ["synth", str(out), "--count", "9", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"outdir": str(out),
                                                                   "documents": 9,
                                                                   "part": "tune"}
    labels = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    assert len(labels) == 9 and all((out / lab["file"]).is_file() for lab in labels)
    assert (out / "registry.csv").read_text(encoding="utf-8").startswith("doc_type,")

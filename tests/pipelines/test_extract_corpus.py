"""Reading generated documents of every type end to end, and real non-MCH licences."""

from __future__ import annotations

from pathlib import Path

import pytest

from mchverify.evaluation import score_corpus
from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import ExtractionResult, FileError

pytestmark = pytest.mark.ocr

Corpus = tuple[Path, list[dict]]
# Copied from shared/real-samples (sources and attribution in its README) so that a fresh
# clone anywhere runs this test.
REAL_SAMPLES = Path(__file__).resolve().parents[1] / "data" / "real_samples"


@pytest.fixture(scope="module")
def read_small(small_corpus: Corpus, reader: DocumentReader
               ) -> tuple[list[dict], dict[str, ExtractionResult | FileError]]:
    root, labels = small_corpus
    return labels, {lab["file"]: reader.read_path(root / lab["file"]) for lab in labels}


def test_every_type_is_recognised(read_small) -> None:
    labels, results = read_small
    seen = set()
    for lab in labels:
        res = results[lab["file"]]
        assert isinstance(res, ExtractionResult), res
        assert res.doc_type.value == lab["doc_type"], (lab["file"], lab["meta"]["format"])
        seen.add(res.doc_type)
    assert seen >= set(DocType) - {DocType.OTHER}


def test_fields_match_the_ground_truth(read_small) -> None:
    labels, results = read_small
    score = score_corpus(labels, results)
    assert score.field_accuracy() >= 0.95, score.misses
    for doc_type in score.doc_types():
        assert score.field_accuracy(doc_type) >= 0.85, (doc_type, score.misses)


def test_digital_pdfs_are_read_from_the_text_layer_without_ocr(small_corpus: Corpus) -> None:
    root, labels = small_corpus
    digital = [lab for lab in labels if lab["meta"]["format"] == "pdf-digital"]
    assert digital, "the small corpus has e-licences"

    class NoOcr:
        name = "forbidden"

        def read(self, image):  # pragma: no cover - failing is the point
            raise AssertionError("OCR was called on a digital PDF")

    reader = DocumentReader(engine=NoOcr())
    results = {lab["file"]: reader.read_path(root / lab["file"]) for lab in digital}
    assert reader.ocr_pages == 0
    for res in results.values():
        assert isinstance(res, ExtractionResult)
        assert {p.source for p in res.pages} == {"text_layer"}
    score = score_corpus(digital, results)
    assert score.type_accuracy == 1.0
    assert score.field_accuracy() == 1.0, score.misses


def test_boxes_and_confidence_come_with_every_field(read_small) -> None:
    _, results = read_small
    for res in results.values():
        for name, fv in res.fields.items():
            assert 0.0 < fv.confidence <= 1.0, name
            assert fv.box is not None and fv.box[2] > fv.box[0] and fv.box[3] > fv.box[1], name
            assert 1 <= fv.page <= len(res.pages)


def test_real_non_mch_licences_are_other(reader: DocumentReader) -> None:
    files = sorted(REAL_SAMPLES.glob("*.jpg"))
    assert len(files) >= 10
    for path in files:
        res = reader.read_path(path)
        assert isinstance(res, ExtractionResult), res
        assert res.doc_type is DocType.OTHER, path.name
        assert res.fields == {}
        assert sum(len(p.lines) for p in res.pages) > 5, f"{path.name}: nothing was read"

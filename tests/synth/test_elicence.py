"""The e-licence in its own design (issue 24): header band, QR code, electronic seal, and a
footer of the issuing system's own numbers, none of which is a field of the certificate."""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest

from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import ExtractionResult
from mchverify.synth.document import Job, jsonable, make_document
from mchverify.synth.elicence import FOOTER_LABELS, compose_elicence
from mchverify.synth.fonts import choose_fontset
from mchverify.synth.page import Qr, Text
from mchverify.synth.parts import Part, split
from mchverify.synth.records import World

TYPES = (DocType.MEDICAL_INSTITUTION_LICENSE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
         DocType.MCH_PRACTICE_LICENSE, DocType.MCH_ASSESSMENT_CERTIFICATE)


@pytest.mark.parametrize("doc_type", TYPES)
def test_what_it_prints_is_what_it_labels(doc_type: DocType) -> None:
    rec = World(3, 8).record(1, doc_type)
    fonts = choose_fontset(random.Random(1), "电子证照" + str(rec.fields), truetype_only=True)
    off = compose_elicence(rec, fonts, random.Random(1), part=Part.TUNE)
    page = off.composition.pages[0]
    texts = "".join(i.text for i in page.items if isinstance(i, Text))
    assert off.fields >= {"issuer", "issue_date", "certificate_number"}
    for name in off.fields:
        assert off.printed[name] in texts, name
    assert any(isinstance(i, Qr) for i in page.items)
    assert [s.text for s in page.seals] == [str(rec.fields["issuer"])]
    footer = off.composition.meta["footer"]
    number = str(rec.printed_number or rec.fields["certificate_number"])
    assert footer["identifier"].startswith("证照标识：1.2.156.") and number not in footer[
        "identifier"]


def test_footer_wordings_are_split_between_the_parts() -> None:
    for options in FOOTER_LABELS.values():
        tune, held = ({w for w, _ in split(options, p)} for p in (Part.TUNE, Part.HELDOUT))
        assert tune and held
    assert any({w for w, _ in split(o, Part.HELDOUT)} - {w for w, _ in split(o, Part.TUNE)}
               for o in FOOTER_LABELS.values())


@pytest.fixture(scope="module")
def reader() -> DocumentReader:
    return DocumentReader()


def _elicence(tmp_path: Path, doc_type: DocType, index: int) -> tuple[Path, dict[str, object]]:
    """An e-licence PDF in the own design (the seeds are chosen so that it is)."""
    for seed in range(40):
        rec = World(seed, 8).record(index, doc_type)
        lab = make_document(Job(index, seed, "pdf-digital", tmp_path, rec))
        if lab["meta"]["layout"] == "e_licence":
            return tmp_path / lab["file"], lab
    raise AssertionError("no e-licence design drawn in 40 seeds")


@pytest.mark.parametrize("doc_type", TYPES)
def test_each_number_goes_to_the_field_its_label_names(tmp_path: Path, reader: DocumentReader,
                                                       doc_type: DocType) -> None:
    """The text layer holds the system's identifier, the holder's code and a check code
    beside the certificate's number: each field gets its own, and every field reads."""
    path, lab = _elicence(tmp_path, doc_type, 2)
    with pdfplumber.open(path) as pdf:
        layer = pdf.pages[0].extract_text()
    assert "证照标识" in layer and "扫码核验" in layer
    got = reader.read_path(path)
    assert isinstance(got, ExtractionResult) and got.doc_type is doc_type
    assert {k: v.value for k, v in got.fields.items() if k in lab["fields"]} == jsonable(
        lab["fields"])

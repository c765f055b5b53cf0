"""What the review page is handed about a document, from what is stored."""

from __future__ import annotations

from mchverify.storage.models import Document
from mchverify.web.presenters import document_detail


def _doc(evidence: dict | None) -> Document:
    return Document(id=1, sha256="0" * 64, filename="a.jpg", size=1, status="done", attempts=1,
                    doc_type="mch_assessment_certificate", verdict="accept",
                    image_evidence=evidence)


def test_a_copy_is_a_remark_for_the_reviewer_not_a_flag() -> None:
    """A certificate seen only as a grey copy (issue 24): the review page says to compare it
    with the original, and no flag is raised for it."""
    evidence = {"pages": 1, "scanned_pages": 1, "copy_pages": [1],
                "seals": [{"page": 1, "center": [500, 600], "radius": 180, "coverage": 0.9,
                           "ink": "grey"}]}
    detail = document_detail(_doc(evidence), corrections=[], overrides=[], registry=None,
                             filename="a.jpg")
    assert detail.flags == []
    assert len(detail.remarks) == 1 and "复印件" in detail.remarks[0]
    assert "原件" in detail.remarks[0]


def test_a_colour_original_has_no_remark() -> None:
    evidence = {"pages": 1, "scanned_pages": 1,
                "seals": [{"page": 1, "center": [500, 600], "radius": 180, "coverage": 0.9}]}
    for ev in (evidence, None):
        detail = document_detail(_doc(ev), corrections=[], overrides=[], registry=None,
                                 filename="a.jpg")
        assert detail.remarks == []

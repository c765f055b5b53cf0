"""The detection corpus: every problem variant labelled, the registry and the images changed
the way the label says, applications regrouped from clean documents."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest

from mchverify.synth.corpus import DOC_TYPES
from mchverify.synth.problems import (
    _LICENCE_TYPES,
    BUNDLE_PROBLEMS,
    PROBLEMS,
    _problem_doc,
    generate_verify_corpus,
)
from mchverify.synth.records import World
from mchverify.verification.registry_csv import parse_registry_csv


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("verify-corpus")
    labels = generate_verify_corpus(out, 1, seed=11, bundles=2, workers=2)
    return out, labels


def by_problem(labels: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    out: dict[str | None, list[dict[str, Any]]] = {}
    for lab in labels:
        out.setdefault(lab["meta"].get("problem"), []).append(lab)
    return out


def test_every_variant_once_and_at_least_as_many_clean(corpus: tuple[Path, list[Any]]) -> None:
    _, labels = corpus
    groups = by_problem(labels)
    assert {k for k in groups if k} == set(PROBLEMS)
    assert all(len(groups[p]) == 1 for p in PROBLEMS)
    assert len(groups[None]) >= len(PROBLEMS)
    for p, labs in groups.items():
        assert all(lab["expected_flags"] == (list(PROBLEMS[p].expected) if p else [])
                   for lab in labs)


def test_registry_holds_what_the_authority_issued(corpus: tuple[Path, list[Any]]) -> None:
    root, labels = corpus
    entries = parse_registry_csv((root / "registry.csv").read_bytes(), "registry.csv")
    numbers = {(e.doc_type.value, e.certificate_number): e for e in entries}
    groups = by_problem(labels)

    def entry(lab: dict[str, Any]) -> Any:
        return numbers.get((lab["doc_type"], lab["fields"]["certificate_number"]))

    assert entry(groups["not_in_registry"][0]) is None
    assert entry(groups["revoked"][0]).status.value in ("revoked", "suspended")
    mismatch = groups["registry_mismatch"][0]
    rec = entry(mismatch)
    assert any(rec.fields.get(k) != v for k, v in mismatch["fields"].items()
               if k in ("name", "issue_date"))
    for lab in groups[None]:
        assert entry(lab) is not None and entry(lab).status.value == "active"
    # a revoked licence is its institution's own: no clean document works there (R6 would
    # rightly flag its holder's categories as unlicensed)
    lapsed = {e.fields["institution_name"] for e in entries
              if e.status.value != "active" and "institution_name" in e.fields}
    for lab in groups[None]:
        for name in ("work_unit", "practice_institution", "institution_name"):
            assert lab["fields"].get(name) not in lapsed
    with (root / "registry.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(entries)


def test_image_variants_changed_the_image(corpus: tuple[Path, list[Any]]) -> None:
    _, labels = corpus
    groups = by_problem(labels)
    assert groups["seal_missing"][0]["meta"]["seal"] == []
    assert all(lab["meta"]["seal"] for lab in groups[None])
    qr = groups["qr_mismatch"][0]
    parts = qr["meta"]["qr"].split("|")
    assert parts[1] != qr["fields"]["certificate_number"]
    tampered = groups["tampered"][0]
    assert tampered["meta"]["format"] != "pdf-digital"
    forged = tampered["meta"]["tamper"]
    assert tampered["fields"][forged["field"]] == forged["value"]
    assert not any(d["kind"] in ("phone_photo", "rotate") for d in
                   tampered["meta"]["degradations"])


def test_applications_complete_short_and_mixed(corpus: tuple[Path, list[Any]]) -> None:
    root, labels = corpus
    bundles = json.loads((root / "bundles.json").read_text("utf-8"))
    files = {lab["file"]: lab for lab in labels}
    kinds = {(b["kind"], b["problem"]) for b in bundles}
    assert {("personnel", None), ("institution", None)} <= kinds
    assert {p for _, p in kinds if p} == set(BUNDLE_PROBLEMS)
    for b in bundles:
        assert all(not files[f]["meta"].get("problem") for f in b["files"])
        key = "person" if b["kind"] == "personnel" else "institution"
        holders = {files[f]["meta"][key] for f in b["files"]
                   if b["kind"] == "personnel" or files[f]["meta"]["person"] is None}
        assert len(holders) == (2 if b["problem"] == "bundle_inconsistent" else 1)


def test_a_revoked_licence_belongs_to_an_institution_of_its_own() -> None:
    """Revoking the only MCH licence of a shared institution would make the clean
    certificates of its staff rightly unlicensed (R6): the label would lie."""
    world = World(3, 6)
    shared = {i.iid for i in world.institutions}
    licences = 0
    for k in range(len(DOC_TYPES)):
        doc = _problem_doc(world, k, "revoked", k, "png", random.Random(k), set())
        assert doc.record.status in ("revoked", "suspended")
        if doc.record.doc_type in _LICENCE_TYPES:
            licences += 1
            assert doc.record.institution.iid not in shared
    assert licences >= 2

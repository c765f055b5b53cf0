"""The detection corpus: every problem variant labelled, the registry and the images changed
the way the label says, applications regrouped from clean documents."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from mchverify.extractors.loaders import load_document
from mchverify.pipelines.cli import app
from mchverify.schemas.codes import DocType
from mchverify.schemas.documents import required_fields
from mchverify.schemas.extraction import ExtractionResult, FieldValue, PageInfo, TextLine
from mchverify.schemas.registry import RegistryEntry
from mchverify.synth.corpus import DOC_TYPES
from mchverify.synth.document import ink_blot
from mchverify.synth.geo import level_rank
from mchverify.synth.problems import (
    _BLOTTED,
    _LICENCE_TYPES,
    BUNDLE_PROBLEMS,
    PROBLEMS,
    _problem_doc,
    generate_verify_corpus,
)
from mchverify.synth.records import World, personal_required_level
from mchverify.synth.textfmt import normalize_number
from mchverify.verification.checks import run_checks
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


# --------------------------------------------------------------------------- the five
# variants of UNREADABLE, UNKNOWN_DOC_TYPE, LOW_CONFIDENCE, DATE_IMPLAUSIBLE and
# CATEGORY_NOT_LICENSED: each, read perfectly from its label, raises its flag through the
# product's own checks (no OCR), and its image is what it claims.

NEW = ("date_implausible", "category_not_licensed", "unknown_doc_type", "unreadable",
       "low_confidence")


class _Registry:
    """The corpus's registry.csv in memory (the checks' RegistryAdapter)."""

    def __init__(self, entries: list[RegistryEntry]) -> None:
        self.entries = entries

    def lookup(self, doc_type: DocType, number: str) -> RegistryEntry | None:
        return next((e for e in self.entries if e.doc_type is doc_type and
                     normalize_number(e.certificate_number) == normalize_number(number)), None)

    def licences_of(self, name: str) -> list[RegistryEntry]:
        return [e for e in self.entries if e.fields.get("institution_name") == name]

    def records_of_person(self, id_number: str) -> list[RegistryEntry]:
        return [e for e in self.entries if e.fields.get("id_number") == id_number]


def _perfect_read(lab: dict[str, Any], drop: tuple[str, ...] = ()) -> ExtractionResult:
    """What a reader that misses nothing legible would return for this label."""
    fields = {k: FieldValue(value=v, confidence=0.99, page=1) for k, v in lab["fields"].items()
              if k not in drop}
    line = TextLine(text=lab["meta"]["title"] or "", box=(10, 10, 400, 40))
    lines = [line] if lab["meta"]["title"] else []
    return ExtractionResult(file=lab["file"], doc_type=DocType(lab["doc_type"]), fields=fields,
                            pages=[PageInfo(number=1, source="ocr", width=2000, height=2800,
                                            lines=lines)])


def _codes(lab: dict[str, Any], registry: _Registry, drop: tuple[str, ...] = ()) -> set[str]:
    flags = run_checks(_perfect_read(lab, drop), registry=registry,
                       as_of=dt.date.fromisoformat(lab["meta"]["as_of"]))
    return {f.code.value for f in flags}


@pytest.fixture(scope="module")
def new_corpus(tmp_path_factory: pytest.TempPathFactory,
               ) -> tuple[Path, list[dict[str, Any]], _Registry]:
    out = tmp_path_factory.mktemp("new-variants")
    labels = generate_verify_corpus(out, 4, seed=23, bundles=1, workers=2, only=NEW)
    registry = _Registry(parse_registry_csv((out / "registry.csv").read_bytes(), "registry.csv"))
    return out, labels, registry


def test_new_variants_are_labelled_with_their_flag(
        new_corpus: tuple[Path, list[Any], _Registry]) -> None:
    _, labels, _ = new_corpus
    groups = by_problem(labels)
    assert set(groups) == {None, *NEW}
    expected = {"date_implausible": ["DATE_IMPLAUSIBLE"],
                "category_not_licensed": ["CATEGORY_NOT_LICENSED"],
                "unknown_doc_type": ["UNKNOWN_DOC_TYPE"], "unreadable": ["UNREADABLE"],
                "low_confidence": ["LOW_CONFIDENCE"]}
    for name, flags in expected.items():
        assert len(groups[name]) == 4
        assert all(lab["expected_flags"] == flags for lab in groups[name])


def test_clean_documents_read_perfectly_raise_nothing(
        new_corpus: tuple[Path, list[Any], _Registry]) -> None:
    """The new variants change no other document's truth (an added category stays on its
    own certificate, a work unit's licences stay in the registry)."""
    _, labels, registry = new_corpus
    for lab in by_problem(labels)[None]:
        assert _codes(lab, registry) == set(), lab["file"]


def test_date_implausible_dates_cannot_be_right(
        new_corpus: tuple[Path, list[Any], _Registry]) -> None:
    _, labels, registry = new_corpus
    for lab in by_problem(labels)["date_implausible"]:
        f = lab["fields"]
        issue, as_of = f["issue_date"], lab["meta"]["as_of"]
        assert issue > as_of or f["valid_until"] < f.get("valid_from", issue)
        entry = registry.lookup(DocType(lab["doc_type"]), f["certificate_number"])
        assert entry is not None and entry.fields["valid_until"] == f["valid_until"]
        codes = _codes(lab, registry)
        assert "DATE_IMPLAUSIBLE" in codes
        assert "REGISTRY_MISMATCH" not in codes  # printed and recorded alike


def test_date_implausible_takes_every_form() -> None:
    """The three slips all occur: issued after filing, expiry in the issue year, one
    decade back."""
    world = World(5, 12)
    kinds = set()
    for k in range(40):
        rec = _problem_doc(world, k, "date_implausible", k, "png", random.Random(k),
                           set()).record
        f = rec.fields
        assert rec.registry["valid_until"] == f["valid_until"]
        if rec.as_of < f["issue_date"]:
            kinds.add("after_filing")
        elif f["valid_until"] == f.get("valid_from", f["issue_date"]) - dt.timedelta(days=1):
            kinds.add("years_not_added")
        else:
            assert f["valid_until"] < f["issue_date"]
            kinds.add("decade")
    assert kinds == {"after_filing", "years_not_added", "decade"}


def test_category_not_licensed_is_an_honest_certificate_at_an_unlicensed_unit(
        new_corpus: tuple[Path, list[Any], _Registry]) -> None:
    _, labels, registry = new_corpus
    for lab in by_problem(labels)["category_not_licensed"]:
        f = lab["fields"]
        assert lab["doc_type"] == "mch_assessment_certificate"
        entry = registry.lookup(DocType.MCH_ASSESSMENT_CERTIFICATE, f["certificate_number"])
        assert entry is not None and entry.fields["categories"] == f["categories"]
        licences = [e for e in registry.licences_of(f["work_unit"])
                    if e.doc_type is DocType.MCH_PRACTICE_LICENSE]
        assert licences and all(e.status.value == "active" for e in licences)
        licensed = {c for e in licences for c in e.fields["licensed_items"]}
        assert set(f["categories"]) - licensed
        # the issuer may certify every category (R1): only R6 is broken
        assert level_rank(personal_required_level(f["categories"])) <= level_rank(
            lab["meta"]["issuer_level"])
        assert _codes(lab, registry) == {"CATEGORY_NOT_LICENSED"}


def test_unknown_doc_type_is_another_page_of_the_file(
        new_corpus: tuple[Path, list[Any], _Registry]) -> None:
    _, labels, registry = new_corpus
    for lab in by_problem(labels)["unknown_doc_type"]:
        assert lab["doc_type"] == "other" and lab["fields"] == {}
        assert lab["meta"]["other_kind"] in ("application_form", "feasibility_report", "rules")
        assert lab["meta"]["title"]
        assert _codes(lab, registry) == {"UNKNOWN_DOC_TYPE"}


def _ink_fraction(path: Path) -> float:
    """Share of page 1's pixels much darker than their surroundings: print, not a desk's
    texture or the light's gradient."""
    pages = load_document(path.read_bytes(), path.name).pages
    grey = np.asarray(Image.fromarray(pages[0].image).convert("L"))  # type: ignore[attr-defined]
    background = cv2.medianBlur(grey, 31).astype(np.int16)
    return float(((background - grey) > 60).mean())


def test_unreadable_is_a_blank_scan(new_corpus: tuple[Path, list[Any], _Registry]) -> None:
    root, labels, registry = new_corpus
    groups = by_problem(labels)
    for lab in groups["unreadable"]:
        assert lab["doc_type"] == "other" and lab["meta"]["blank"] is True
        assert lab["meta"]["format"] != "pdf-digital" and lab["pages"] == 1
        assert _ink_fraction(root / lab["file"]) < 0.005  # no print: at most dust
        assert _codes(lab, registry) == {"UNREADABLE"}
    printed = [lab for lab in groups[None] if lab["meta"]["format"] != "pdf-digital"][:2]
    assert printed and all(_ink_fraction(root / lab["file"]) > 0.005 for lab in printed)


def test_low_confidence_blots_one_required_field_not_the_number(
        new_corpus: tuple[Path, list[Any], _Registry]) -> None:
    _, labels, registry = new_corpus
    for lab in by_problem(labels)["low_confidence"]:
        blot = lab["meta"]["blot"]
        assert blot["field"] == _BLOTTED[DocType(lab["doc_type"])]
        assert lab["meta"]["format"] != "pdf-digital"
        # the value lies under the stain: a reader gets every field but that one
        assert _codes(lab, registry, drop=(blot["field"],)) == {"LOW_CONFIDENCE"}
        assert _codes(lab, registry) == set()
    for t, name in _BLOTTED.items():
        assert name in required_fields(t) and name != "certificate_number"


def test_ink_blot_hides_the_value_under_it() -> None:
    img = Image.new("RGB", (600, 200), (250, 250, 248))
    ImageDraw.Draw(img).rectangle((100, 80, 420, 110), fill=(20, 20, 20))  # stand-in print
    ImageDraw.Draw(img).rectangle((110, 88, 400, 100), fill=(250, 250, 248))
    arr = np.asarray(img)
    out, info = ink_blot(arr, [100, 80, 420, 110], random.Random(1))
    x0, y0, x1, y1 = info["box_px"]
    assert x0 <= 100 and y0 <= 80 and x1 >= 420 and y1 >= 110
    grey_out = np.asarray(Image.fromarray(out).convert("L"), dtype=np.float32)
    grey_in = np.asarray(img.convert("L"), dtype=np.float32)
    under = grey_out[80:111, 100:421]
    # dark, and the print's contrast (black bar, white gap) gone under it
    assert under.max() < 140 and under.std() < 0.15 * grey_in[80:111, 100:421].std()
    assert (out[:40, :40] == arr[:40, :40]).all()  # the rest of the sheet untouched


def test_synth_problems_writes_the_detection_corpus(tmp_path: Path) -> None:
    out = tmp_path / "v"
    result = CliRunner().invoke(app, ["synth", str(out), "--problems", "1", "--seed", "3"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    labels = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    assert summary["documents"] == len(labels) and summary["with_problem"] == len(PROBLEMS)
    assert all((out / lab["file"]).is_file() for lab in labels)
    flags = {code for lab in labels for code in lab["expected_flags"]}
    assert {"TAMPER_SUSPECTED", "QR_MISMATCH"} <= flags
    assert {lab["meta"]["problem"] for lab in labels if lab["expected_flags"]} == set(PROBLEMS)
    assert (out / "registry.csv").is_file() and (out / "bundles.json").is_file()

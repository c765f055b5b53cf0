"""The generated corpus: files open, labels validate, registry matches, seeds reproduce."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

from mchverify.schemas import DOCUMENT_MODELS, DocType, all_fields
from mchverify.synth import generate_corpus, plan_types, registry_columns
from mchverify.synth.geo import PROVINCES
from mchverify.synth.textfmt import DATE_STYLES

Corpus = tuple[Path, list[dict[str, Any]]]
EIGHT = [t for t in DocType if t != DocType.OTHER]


def test_labels_validate_against_schemas(small_corpus: Corpus) -> None:
    _, labels = small_corpus
    for lab in labels:
        if lab["doc_type"] == "other":
            assert lab["fields"] == {}
            continue
        DOCUMENT_MODELS[DocType(lab["doc_type"])].model_validate(lab["fields"])


def test_fields_are_exactly_printed_contract_fields(small_corpus: Corpus) -> None:
    _, labels = small_corpus
    for lab in labels:
        if lab["doc_type"] == "other":
            continue
        allowed = set(all_fields(DocType(lab["doc_type"])))
        assert set(lab["fields"]) <= allowed
        # every printed field says how it was printed
        assert set(lab["fields"]) <= set(lab["meta"]["printed"])


def test_labels_json_matches_return_value(small_corpus: Corpus) -> None:
    out, labels = small_corpus
    assert json.loads((out / "labels.json").read_text(encoding="utf-8")) == labels


def test_every_file_exists_and_opens(small_corpus: Corpus) -> None:
    out, labels = small_corpus
    for lab in labels:
        path = out / lab["file"]
        assert path.is_file(), lab["file"]
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                assert len(pdf.pages) == lab["pages"]
        else:
            with Image.open(path) as im:
                im.load()
                assert getattr(im, "n_frames", 1) == lab["pages"]
                assert min(im.size) > 500


def test_digital_pdfs_have_text_layer_scans_do_not(small_corpus: Corpus) -> None:
    out, labels = small_corpus
    formats = Counter(lab["meta"]["format"] for lab in labels)
    assert formats["pdf-digital"] >= 2 and formats["pdf-scan"] >= 2
    for lab in labels:
        fmt = lab["meta"]["format"]
        if not fmt.startswith("pdf"):
            continue
        with pdfplumber.open(out / lab["file"]) as pdf:
            text = "".join((p.extract_text() or "") for p in pdf.pages)
        if fmt == "pdf-scan":
            assert text.strip() == "", lab["file"]
            continue
        squashed = re.sub(r"\s+", "", text)
        holder = lab["fields"].get("name") or lab["fields"].get("institution_name")
        if holder:
            assert holder in squashed, (lab["file"], holder, text)
            assert lab["fields"]["issuer"] in squashed
        # the seal is drawn as shapes, so the issuer is not doubled or interleaved
        if lab["fields"]:
            assert squashed.count(lab["fields"]["issuer"]) == 1


def test_registry_header_and_one_row_per_document(small_corpus: Corpus) -> None:
    out, labels = small_corpus
    with (out / "registry.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        header = rows[0].keys() if rows else []
    assert list(header) == registry_columns()
    assert registry_columns()[:3] == ["doc_type", "certificate_number", "status"]
    assert registry_columns()[-2:] == ["training_dates", "validation_dates"]
    typed = [lab for lab in labels if lab["doc_type"] != "other"]
    assert len(rows) == len(typed)
    for lab, row in zip(typed, rows):
        assert row["doc_type"] == lab["doc_type"]
        assert row["status"] == "active"
        assert row["certificate_number"] == lab["fields"]["certificate_number"]
        for name, value in lab["fields"].items():
            expected = ";".join(value) if isinstance(value, list) else str(value)
            assert row[name] == expected, (lab["file"], name)
        if lab["doc_type"] in ("mch_assessment_certificate", "mch_training_certificate"):
            dates = row["training_dates"].split(";")
            assert 1 <= len(dates) <= 3
            assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)


def test_every_doc_type_appears(small_corpus: Corpus) -> None:
    _, labels = small_corpus
    seen = {lab["doc_type"] for lab in labels}
    assert {t.value for t in EIGHT} <= seen


def test_certificate_numbers_are_normalised(small_corpus: Corpus) -> None:
    _, labels = small_corpus
    for lab in labels:
        number = lab["fields"].get("certificate_number")
        if number is None:
            continue
        assert not re.search(r"[\s〔〕【】［］（）]", number), number
        printed = lab["meta"]["printed"]["certificate_number"]
        assert re.sub(r"[\s〔〕【】［］（）\[\]()]", "", printed) == re.sub(r"[()]", "", number)


def test_same_seed_same_labels(small_corpus: Corpus, tmp_path: Path) -> None:
    out, labels = small_corpus
    again = generate_corpus(tmp_path, 16, 3, workers=1)
    assert json.dumps(again, ensure_ascii=False) == json.dumps(labels, ensure_ascii=False)
    assert (tmp_path / "registry.csv").read_bytes() == (out / "registry.csv").read_bytes()
    for lab in labels:  # the files too, byte for byte (fixed PDF dates, seeded noise)
        assert (tmp_path / lab["file"]).read_bytes() == (out / lab["file"]).read_bytes()


def test_different_seed_different_documents(small_corpus: Corpus, tmp_path: Path) -> None:
    _, labels = small_corpus
    other = generate_corpus(tmp_path, 8, 4, workers=1)
    assert [lab["fields"] for lab in other] != [lab["fields"] for lab in labels[:8]]


@pytest.mark.parametrize("count", [1, 7, 8, 9, 16, 20, 41, 100])
def test_round_robin_covers_types_evenly(count: int) -> None:
    types = plan_types(count, 0.05)
    assert len(types) == count
    typed = Counter(t for t in types if t != DocType.OTHER)
    if count >= 8:
        assert set(typed) == set(EIGHT)
        assert max(typed.values()) - min(typed.values()) <= 1
    expected = int(count * 0.05 + 0.5)
    if count >= 8:
        expected = min(expected, count - 8)
    assert types.count(DocType.OTHER) == expected


def _level(issuer: str) -> str:
    """The level a reviewer reads off an issuer name (test-local, deliberately simple)."""
    for prov in PROVINCES:
        if issuer.startswith(prov.name) and issuer[len(prov.name):len(prov.name) + 2] in (
                "卫生", "人口", "人力"):
            return "province"
    if re.search(r"(区|县)(卫生|人口)", issuer):
        return "county"
    return "city"


def test_issuers_have_the_level_the_regulations_require(large_corpus: Corpus) -> None:
    """R1 for assessment certificates, R2 for MCH practice licences."""
    _, labels = large_corpus
    rank = {"county": 0, "city": 1, "province": 2}
    checked = 0
    for lab in labels:
        f = lab["fields"]
        level = _level(f.get("issuer", ""))
        if lab["doc_type"] == "mch_assessment_certificate":
            cats = set(f["categories"])
            if cats & {"genetic_diagnosis", "prenatal_diagnosis"}:
                assert level == "province", f
            elif "premarital_exam" in cats:
                assert rank[level] >= 1, f
            checked += 1
        if lab["doc_type"] == "mch_practice_license":
            if "genetic_diagnosis" in f["licensed_items"]:
                assert level == "province", f
            if "prenatal_diagnosis" in f["licensed_items"]:
                assert rank[level] >= 1, f
            checked += 1
        assert lab["meta"].get("issuer_level", level) == level or lab["doc_type"] == "other"
    assert checked >= 8


def test_variety_over_a_larger_corpus(large_corpus: Corpus) -> None:
    _, labels = large_corpus
    meta = [lab["meta"] for lab in labels]
    styles = Counter(s for m in meta for s in m["date_styles"].values())
    assert set(DATE_STYLES) <= set(styles)
    issue_styles = Counter(m["date_styles"].get("issue_date") for m in meta)
    assert issue_styles["cn_numeral"] > len(labels) / 3
    layouts = {m["layout"] for m in meta if m["layout"] != "prose"}
    assert len(layouts) >= 3
    assert {m["format"] for m in meta} == {"jpg", "png", "tiff", "pdf-scan", "pdf-digital"}
    assert len({m["font"] for m in meta}) >= 4
    assert {m["dpi"] for m in meta if m["dpi"]} <= {150, 200, 240, 300}
    assert any(m["issuer_labelled"] for m in meta) and not all(m["issuer_labelled"] for m in meta)
    assert any(m["label_variants"].get("issuer") is None for m in meta if m.get("seal"))
    kinds = Counter(d["kind"] for m in meta for d in m["degradations"])
    assert kinds["rotate"] and kinds["phone_photo"]
    raster = [m for m in meta if m["format"] != "pdf-digital"]
    assert sum(1 <= len(m["degradations"]) <= 3 for m in raster) > len(raster) / 2
    assert any(lab["doc_type"] == "other" for lab in labels)


def test_meta_describes_seal_over_issuer(small_corpus: Corpus) -> None:
    _, labels = small_corpus
    for lab in labels:
        if lab["doc_type"] == "other":
            continue
        seal = lab["meta"]["seal"][0]
        assert 36 <= seal["diameter_mm"] <= 45
        assert seal["text"] == lab["fields"]["issuer"]
        cx, cy = seal["center_mm"]
        for name in ("issuer", "issue_date"):
            x, y, w = lab["meta"]["field_positions_mm"][name]
            # the seal crosses the printed line: its circle spans the baseline height
            assert abs(y - cy) < seal["diameter_mm"] / 2, (lab["file"], name)
            assert x - seal["diameter_mm"] / 2 < cx < x + w + seal["diameter_mm"] / 2


def test_orientation_meta_is_consistent(large_corpus: Corpus) -> None:
    _, labels = large_corpus
    for lab in labels:
        m = lab["meta"]
        assert m["orientation"] in (0, 90, 180, 270)
        assert (m["orientation"] + m["upright_rotation"]) % 360 == 0
        turned = [d for d in m["degradations"] if d["kind"] == "orientation"]
        assert (turned[0]["degrees"] if turned else 0) == m["orientation"]


def test_field_boxes_lie_on_the_upright_page(small_corpus: Corpus) -> None:
    _, labels = small_corpus
    for lab in labels:
        m = lab["meta"]
        if m["format"] == "pdf-digital" or lab["doc_type"] == "other":
            continue
        w_mm, h_mm = (297, 210) if m["landscape"] else (210, 297)
        w_px, h_px = w_mm * m["dpi"] / 25.4, h_mm * m["dpi"] / 25.4
        assert set(lab["fields"]) - {"last_validation_date"} <= set(m["field_boxes_px"])
        for x0, y0, x1, y1 in m["field_boxes_px"].values():
            assert 0 <= x0 < x1 <= w_px + 1 and 0 <= y0 < y1 <= h_px + 1


@pytest.mark.parametrize(("share", "expected"), [(1.0, True), (0.0, False)])
def test_a_bilingual_share_prints_every_official_sheet_bilingual_or_none(
        tmp_path: Path, share: float, expected: bool) -> None:
    """The accuracy benchmark measures bilingual blanks on a corpus of them: by default they
    are few (the autonomous regions' offices print them), too few to measure."""
    from mchverify.synth.document import Job, _print_format
    from mchverify.synth.records import World

    world = World(5, 4)
    sheets = []
    for i, t in enumerate([DocType.MCH_PRACTICE_LICENSE, DocType.PHYSICIAN_PRACTICE_CERTIFICATE,
                           DocType.MCH_TRAINING_CERTIFICATE, DocType.FAMILY_PLANNING_LICENSE] * 6):
        job = Job(i, 5, "png", tmp_path, world.record(i, t), official_share=1.0,
                  bilingual_share=share)
        sheets.append(_print_format(job))
    assert {bilingual for _, bilingual in sheets} == {expected}
    if expected:
        assert {kind for kind, _ in sheets} == {"official"}, "no booklet, 副本 or hand-filled"

"""The open booklet and the licence's 副本 (issue 24): what they print is what they label."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from mchverify.schemas.codes import ZH, DocType
from mchverify.synth.booklet import (
    BOOKLET_TYPES,
    DUPLICATE_TYPES,
    EXTRA_LABELS,
    compose_booklet,
    compose_duplicate,
)
from mchverify.synth.fonts import choose_fontset, text_width_mm
from mchverify.synth.layouts import Composition
from mchverify.synth.official import (
    _LABELS,
    _NUMBER,
    _SENTENCES,
    OfficialResult,
    ministry_of,
)
from mchverify.synth.page import Page, Text
from mchverify.synth.parts import Part
from mchverify.synth.records import DocRecord, World
from mchverify.synth.render import render_page
from mchverify.synth.textfmt import format_date

SEEDS = range(6)
TYPES = sorted(BOOKLET_TYPES | DUPLICATE_TYPES)


def _compose(t: DocType, seed: int, part: Part = Part.TUNE) -> tuple[DocRecord, OfficialResult]:
    rec = World(seed, 8).record(seed, t)
    rng = random.Random(seed)
    text = "".join(str(v) for v in rec.fields.values()) + rec.printed_number + ZH[t] + \
        "中华人民共和国监制年月日自至机关名称副本校验记录变更"
    fonts = choose_fontset(rng, text, truetype_only=False, part=part)
    compose = compose_booklet if t in BOOKLET_TYPES else compose_duplicate
    return rec, compose(rec, fonts, rng, part=part)


def _tagged(page: Page) -> list[Text]:
    return [i for i in page.items if isinstance(i, Text) and i.field]


def _field_page(off: OfficialResult, name: str) -> int:
    meta = off.composition.meta
    return meta.get("field_pages", {}).get(name, meta["fields_page"]) - 1


def _extent(off: OfficialResult, item: Text) -> tuple[float, float]:
    w = text_width_mm(off.fonts.face(item.role), item.text, item.size)
    left = {"l": item.x, "m": item.x - w / 2, "r": item.x - w}[item.anchor]
    return left, left + w


@pytest.mark.parametrize("doc_type", TYPES)
def test_fields_are_the_records_and_each_is_tagged_on_its_page(doc_type: DocType) -> None:
    for seed in SEEDS:
        rec, off = _compose(doc_type, seed)
        assert off.fields == set(rec.fields)
        assert set(off.printed) >= off.fields
        pages = off.composition.pages
        for name in off.fields:
            page = pages[_field_page(off, name)]
            assert any(name in i.field.split("+") for i in _tagged(page)  # type: ignore[union-attr]
                       ), (seed, name, off.composition.variant)
            assert name in off.composition.meta["field_positions_mm"]
        for name in {"certificate_number", "id_number", "uscc"} & off.fields:  # never wrapped
            page = pages[_field_page(off, name)]
            assert sum(i.field == name for i in _tagged(page)) == 1, (seed, name)


@pytest.mark.parametrize("doc_type", TYPES)
def test_values_stay_on_their_page_and_off_the_fold(doc_type: DocType) -> None:
    """Misregistered and wrapped values still end inside the sheet; on a spread, inside the
    half they were printed on (a value across the fold would be half in the shadow)."""
    for seed in SEEDS:
        _, off = _compose(doc_type, seed)
        meta = off.composition.meta
        for page in off.composition.pages:
            for item in _tagged(page):
                x0, x1 = _extent(off, item)
                assert 0 < x0 < x1 < page.width and 0 < item.y < page.height, (seed, item)
                if "fold_mm" in meta and page.landscape:
                    fold = meta["fold_mm"]
                    assert x1 < fold or x0 > fold, (seed, item.text)


def test_spread_is_landscape_and_the_duplicate_portrait() -> None:
    for seed in SEEDS:
        for t in BOOKLET_TYPES:
            _, off = _compose(t, seed)
            spread = off.composition.pages[off.composition.meta["fields_page"] - 1]
            assert spread.landscape and 235 < spread.width < 265 and 165 < spread.height < 185
        for t in DUPLICATE_TYPES:
            _, off = _compose(t, seed)
            assert all(not p.landscape for p in off.composition.pages)


def test_cover_and_change_pages_carry_no_field() -> None:
    """The cover is page 1 and carries nothing but the title; the 变更注册 page ends on the
    certificate's own 执业地点 and is never tagged."""
    variants = set()
    for seed in range(40):
        rec, off = _compose(DocType.PHYSICIAN_PRACTICE_CERTIFICATE, seed)
        comp = off.composition
        variants.add(comp.variant)
        pages = comp.pages
        if comp.variant.startswith("booklet-cover"):
            assert comp.meta["fields_page"] == 2 and not _tagged(pages[0])
            assert not pages[0].landscape and not pages[0].seals
            assert set(comp.meta["field_pages"]) == off.fields
        if comp.variant.endswith("+change"):
            change = pages[-1]
            assert not _tagged(change)
            entries = comp.meta["change_register"]
            assert entries[-1]["practice_institution"] == rec.fields["practice_institution"]
            assert entries[-1]["practice_scope"] == rec.fields["practice_scope"]
            assert all(rec.fields["issue_date"].isoformat() < e["date"] <= rec.as_of.isoformat()
                       for e in entries)
            texts = "".join(i.text for i in change.items if isinstance(i, Text))
            assert all(e["practice_institution"] in texts for e in entries)
    assert {"booklet-spread", "booklet-cover+spread", "booklet-spread+change"} <= variants


def test_a_photo_of_a_booklet_holds_its_spread_and_a_duplicate_with_records_is_a_pdf() -> None:
    """Regression: a JPEG of a booklet with a cover held only the cover, while its label
    expected every field (the reader was scored on a page with none). A one-image file
    holds the spread; a 副本 whose record page holds a field is scanned as a PDF."""
    from mchverify.synth.document import _one_image

    seen = set()
    for seed in range(40):
        for t in (DocType.PHYSICIAN_PRACTICE_CERTIFICATE, DocType.MEDICAL_INSTITUTION_LICENSE):
            _, off = _compose(t, seed)
            comp = off.composition
            if len(comp.pages) == 1:
                continue
            one, fmt = _one_image(comp, "jpg")
            if comp.meta.get("field_pages", {}).get("last_validation_date") == 2:
                assert fmt == "pdf-scan" and one is comp
                seen.add("pdf")
                continue
            assert fmt == "jpg" and len(one.pages) == 1 and one.meta["fields_page"] == 1
            assert {i.field for i in _tagged(one.pages[0])} >= off.fields - {
                "last_validation_date"}
            assert one.pages[0] is comp.pages[comp.meta["fields_page"] - 1]
            seen.add(comp.variant.split("-")[0])
    assert "booklet" in seen
    two = Composition([Page(210, 297), Page(210, 297)], "duplicate", "duplicate+page2", meta={
        "fields_page": 1, "field_pages": {"last_validation_date": 2}})
    assert _one_image(two, "png") == (two, "pdf-scan")


def test_duplicate_tables_hold_the_latest_validation() -> None:
    variants = set()
    seen = 0
    for seed in range(30):
        rec, off = _compose(DocType.MCH_PRACTICE_LICENSE, seed)
        variants.add(off.composition.variant)
        if "last_validation_date" not in rec.fields:
            continue
        seen += 1
        last = rec.validation_dates[-1]
        assert rec.fields["last_validation_date"] == last
        style = off.date_styles["last_validation_date"]
        assert off.printed["last_validation_date"] in (
            format_date(last, style, pad=True), format_date(last, style))  # type: ignore[arg-type]
        page = _field_page(off, "last_validation_date")
        assert page == (1 if "+page2" in off.composition.variant else 0)
    assert seen >= 3
    assert any("+page2" in v for v in variants) and "duplicate" in variants


def test_medical_duplicate_prints_its_extra_rows_untagged() -> None:
    for seed in SEEDS:
        _, off = _compose(DocType.MEDICAL_INSTITUTION_LICENSE, seed)
        page = off.composition.pages[0]
        texts = {i.text for i in page.items if isinstance(i, Text)}
        assert {"营利性", "非营利性"} & texts and "社会" in texts
        assert all(not (i.field or "").startswith("extra") for i in _tagged(page))
        assert "（副本）" in texts


@pytest.mark.parametrize("doc_type", TYPES)
def test_seals_name_the_issuer_and_the_ministry(doc_type: DocType) -> None:
    for seed in SEEDS:
        rec, off = _compose(doc_type, seed)
        seals = [s for p in off.composition.pages for s in p.seals]
        issuer = [s for s in seals if s.kind == "issuer"]
        assert issuer and {s.text for s in issuer} == {rec.fields["issuer"]}
        for s in seals:
            if s.kind == "jianzhi":
                assert s.text == ministry_of(rec.fields["issue_date"]) != rec.fields["issuer"]


def _heldout_only() -> set[str]:
    tables = [*_LABELS.values(), *_NUMBER.values(), *EXTRA_LABELS.values(),
              *_SENTENCES.values()]
    held = {w for opts in tables for w, _, p in opts if p == Part.HELDOUT}
    shared = {w for opts in tables for w, _, p in opts if p != Part.HELDOUT}
    return held - shared


def _wordings(off: OfficialResult) -> set[str]:
    texts = {i.text for p in off.composition.pages for i in p.items if isinstance(i, Text)}
    return texts | {v for v in off.label_variants.values() if v}


def test_tune_part_never_draws_a_held_out_wording() -> None:
    held = _heldout_only()
    drawn = {Part.TUNE: set(), Part.HELDOUT: set()}  # type: dict[Part, set[str]]
    for part in Part:
        for t in TYPES:
            for seed in range(8):
                drawn[part] |= _wordings(_compose(t, seed, part)[1])
    assert not drawn[Part.TUNE] & held
    assert len(drawn[Part.HELDOUT] & held) >= 3  # the held-out part does draw them


def test_same_seed_same_document_and_other_types_refused() -> None:
    a = _compose(DocType.MEDICAL_INSTITUTION_LICENSE, 3)[1].composition
    b = _compose(DocType.MEDICAL_INSTITUTION_LICENSE, 3)[1].composition
    assert repr(a.pages) == repr(b.pages) and a.meta == b.meta
    rec = World(1, 8).record(1, DocType.MCH_PRACTICE_LICENSE)
    fonts = choose_fontset(random.Random(0), "许可证", truetype_only=False)
    with pytest.raises(ValueError):
        compose_booklet(rec, fonts, random.Random(0), part=Part.TUNE)
    rec = World(1, 8).record(1, DocType.PHYSICIAN_PRACTICE_CERTIFICATE)
    with pytest.raises(ValueError):
        compose_duplicate(rec, fonts, random.Random(0), part=Part.TUNE)


def test_spread_renders_with_the_fold_darker_than_the_pages() -> None:
    _, off = _compose(DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE, 2)
    page = off.composition.pages[off.composition.meta["fields_page"] - 1]
    img, boxes = render_page(page, off.fonts, 60, np.random.default_rng(0))
    s = 60 / 25.4
    fold = round(off.composition.meta["fold_mm"] * s)
    mid_row = img.shape[0] // 2
    assert img[mid_row, fold].mean() < img[mid_row, fold - round(40 * s)].mean() - 20
    assert set(boxes) == off.fields


# --------------------------------------------------------------------------- the reader


def _read(tmp_path: Path, t: DocType, seed: int) -> tuple[DocRecord, OfficialResult, object]:
    from mchverify.pipelines.extract import DocumentReader

    rec, off = _compose(t, seed)
    images = [Image.fromarray(render_page(p, off.fonts, 200, np.random.default_rng(0))[0])
              for p in off.composition.pages]
    path = tmp_path / f"{t.value}-{seed}.tif"
    images[0].save(path, "TIFF", save_all=len(images) > 1, append_images=images[1:],
                   compression="tiff_lzw", dpi=(200, 200))
    return rec, off, DocumentReader().read_path(path)


@pytest.mark.ocr
@pytest.mark.parametrize(("doc_type", "seed"), [
    (DocType.MEDICAL_INSTITUTION_LICENSE, 2),
    (DocType.PHYSICIAN_PRACTICE_CERTIFICATE, 0),
    # the fill sits on the blank's fill-in rules: read once the rules are lifted (the 27-digit
    # 证书编码 came out as '47588' and the ID number as '588' before)
    (DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE, 2),
])
def test_reader_classifies_the_new_formats(tmp_path: Path, doc_type: DocType, seed: int) -> None:
    """The reader knows a spread and a 副本 for what they are and reads their numbers."""
    rec, _, res = _read(tmp_path, doc_type, seed)
    assert getattr(res, "doc_type", None) == doc_type
    fields = res.fields  # type: ignore[attr-defined]
    assert fields["certificate_number"].value == rec.fields["certificate_number"]
    assert fields["issue_date"].value in (rec.fields["issue_date"],
                                          rec.fields["issue_date"].isoformat())
    assert isinstance(rec.fields["issue_date"], dt.date)

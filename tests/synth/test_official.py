"""The official blanks of the corpus (issue 24) and the split into tune and held-out parts."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import numpy as np
import pytest

from mchverify.schemas.codes import DocType
from mchverify.synth import generate_corpus
from mchverify.synth.fonts import available_faces, choose_fontset
from mchverify.synth.official import (
    _LABELS,
    OFFICIAL_TYPES,
    OfficialResult,
    compose_official,
    ministry_of,
)
from mchverify.synth.page import Emboss, Text
from mchverify.synth.parts import PART_OF_FACE, Part
from mchverify.synth.records import DocRecord, World
from mchverify.synth.render import render_page

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _official(t: DocType, seed: int, *, part: Part = Part.TUNE, bilingual: bool = False,
              ) -> tuple[DocRecord, OfficialResult]:
    world = World(seed, 8)
    rec = world.record(seed, t)
    rng = random.Random(seed)
    fonts = choose_fontset(rng, "中华人民共和国医疗机构执业许可证", truetype_only=False, part=part)
    return rec, compose_official(rec, fonts, rng, part=part, bilingual=bilingual)


@pytest.mark.parametrize("doc_type", sorted(OFFICIAL_TYPES))
def test_every_field_of_the_record_is_printed_on_the_blank(doc_type: DocType) -> None:
    rec, off = _official(doc_type, 3)
    assert off.fields == set(rec.fields)
    page = off.composition.pages[0]
    tagged = {n for i in page.items if isinstance(i, Text) and i.field
              for n in i.field.split("+")}
    assert tagged >= set(rec.fields) - {"last_validation_date"}


def test_dates_are_digits_filled_between_the_printed_skeleton() -> None:
    """年 月 日 belong to the blank (label ink), the digits to the fill (value ink), and the
    fill is shifted by the printer's misregistration as a whole."""
    for seed in range(12):
        _, off = _official(DocType.MEDICAL_INSTITUTION_LICENSE, seed)
        page = off.composition.pages[0]
        units = [i for i in page.items if isinstance(i, Text) and i.text in "年月日"]
        digits = [i for i in page.items if isinstance(i, Text) and i.field == "valid_until"]
        assert len(units) >= 6 and all(u.role == "label" for u in units)
        assert digits and all(d.role == "value" and d.text.isdigit() for d in digits)
        assert "自" in off.printed["valid_until"] and "至" in off.printed["valid_until"]
    shifts = {tuple(_official(DocType.MEDICAL_INSTITUTION_LICENSE, s)[1]
                    .composition.meta["value_shift_mm"]) for s in range(40)}
    assert any(abs(dx) > 1 or abs(dy) > 1 for dx, dy in shifts)  # some blanks misregistered
    assert (0.0, 0.0) in shifts  # and some not


def test_national_blanks_carry_the_ministry_not_the_issuer() -> None:
    """A national blank carries the ministry's 监制 seal or line, named by the blank's year,
    beside (never instead of) the issuing authority's own seal."""
    kinds = set()
    for seed in range(16):
        rec, off = _official(DocType.MEDICAL_INSTITUTION_LICENSE, seed)
        meta = off.composition.meta
        ministry = ministry_of(rec.fields["issue_date"])
        assert meta["jianzhi"]["text"] == ministry != rec.fields["issuer"]
        kinds.add(meta["jianzhi"]["kind"])
        seals = off.composition.pages[0].seals
        assert [s.text for s in seals if s.kind == "issuer"] == [rec.fields["issuer"]]
    assert kinds == {"seal", "printed"}
    assert ministry_of(dt.date(2012, 7, 17)) == "中华人民共和国卫生部"
    assert ministry_of(dt.date(2016, 1, 4)) == "国家卫生和计划生育委员会"
    assert ministry_of(dt.date(2020, 1, 4)) == "国家卫生健康委员会"


def test_personal_blanks_have_a_photo_with_a_steel_seal() -> None:
    _, off = _official(DocType.MCH_ASSESSMENT_CERTIFICATE, 5)
    items = off.composition.pages[0].items
    assert any(isinstance(i, Emboss) for i in items)
    page = off.composition.pages[0]
    img, _ = render_page(page, off.fonts, 100, np.random.default_rng(0))
    assert img.shape[:2] == (round(297 * 100 / 25.4), round(210 * 100 / 25.4))


def test_bilingual_blank_prints_a_second_script_under_or_beside_the_labels() -> None:
    for part in Part:
        _, off = _official(DocType.MCH_ASSESSMENT_CERTIFICATE, 7, part=part, bilingual=True)
        lines = [i for i in off.composition.pages[0].items
                 if isinstance(i, Text) and i.role == "script"]
        assert len(lines) >= 6
        assert all(not _HAN.search(t.text) for t in lines)  # another script, never Chinese
        assert off.fonts.script is not None
        assert off.composition.meta["second_script"]


def test_parts_never_share_fonts_or_wordings_held_out() -> None:
    """A tune corpus never draws a held-out face, label wording or second script."""
    rng = random.Random(1)
    for part in Part:
        for _ in range(40):
            fs = choose_fontset(rng, "姓名", truetype_only=False, part=part)
            for face in (fs.title, fs.label, fs.value, fs.seal):
                assert PART_OF_FACE[face.key] == part
    assert {PART_OF_FACE[f.key] for f in available_faces()} == set(Part)
    for options in _LABELS.values():
        for wording, _, part in options:
            other = [p for w, _, p in options if w == wording and p not in (part, None)]
            assert not other, f"{wording} drawn by both parts"


def test_corpus_records_its_part_and_print_format(tmp_path: Path) -> None:
    labels = generate_corpus(tmp_path / "h", 16, seed=4, workers=1, part="heldout",
                             official_share=1.0)
    assert {lab["meta"]["part"] for lab in labels} == {"heldout"}
    scanned = [lab for lab in labels if lab["meta"]["format"] != "pdf-digital"
               and lab["doc_type"] != "other"]
    assert scanned and all(lab["meta"]["print_format"] in ("official", "handwritten", "booklet",
                                                          "duplicate") for lab in scanned)
    for lab in scanned:
        assert all(PART_OF_FACE[k] == Part.HELDOUT for k in lab["meta"]["fonts"].values()
                   if k in PART_OF_FACE)

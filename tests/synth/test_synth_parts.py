"""The generator's parts: identifiers, date printing, fonts, layout sizes, degradations."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from stdnum.cn import ric, uscc

from mchverify.schemas import DocType, Gender
from mchverify.synth import fonts as synth_fonts
from mchverify.synth.content import build_content
from mchverify.synth.degrade import degrade, plan_degradations
from mchverify.synth.fonts import available_faces, choose_fontset
from mchverify.synth.geo import PROVINCES, Place, health_issuer
from mchverify.synth.layouts import LAYOUT_FAMILIES, MIN_PT, compose
from mchverify.synth.page import Text
from mchverify.synth.records import World
from mchverify.synth.textfmt import cn_numeral_date, format_date, normalize_number
from mchverify.synth.values import id_number, org_code, uscc_code


@pytest.mark.parametrize("year", [1962, 1970, 1983, 1990, 2001])
def test_id_numbers_validate_and_encode_birth_and_gender(year: int) -> None:
    rng = random.Random(year)
    for i in range(40):
        birth = dt.date(year, 1 + i % 12, 1 + i % 28)
        gender = Gender.MALE if i % 2 else Gender.FEMALE
        number = id_number(rng, birth, gender)
        assert ric.validate(number) == number
        assert ric.get_birth_date(number) == birth
        assert (int(number[16]) % 2 == 1) == (gender == Gender.MALE)


def test_uscc_check_character() -> None:
    rng = random.Random(1)
    for kind in ("public", "private_nonprofit", "company"):
        code = uscc_code(rng, "330106", org_code(rng), kind=kind)
        assert uscc.validate(code) == code


def test_date_styles() -> None:
    d = dt.date(2025, 1, 13)
    assert cn_numeral_date(d) == "二〇二五年一月十三日"
    assert cn_numeral_date(dt.date(2020, 10, 20)) == "二〇二〇年十月二十日"
    assert cn_numeral_date(dt.date(2019, 12, 31)) == "二〇一九年十二月三十一日"
    assert format_date(d, "cn") == "2025年1月13日"
    assert format_date(d, "cn", pad=True) == "2025年01月13日"
    assert format_date(d, "dot") == "2025.01.13"
    assert format_date(d, "iso") == "2025-01-13"


def test_normalize_number() -> None:
    assert normalize_number("浙母婴考字（2023）第00123号") == "浙母婴考字(2023)第00123号"
    assert normalize_number("杭卫母婴许〔2022〕 015号") == "杭卫母婴许(2022)015号"
    assert normalize_number("【2020】［1］ １２３") == "(2020)(1)123"


def test_issuer_names_follow_the_reforms() -> None:
    zj = PROVINCES[0]
    hz = zj.cities[0]
    place = Place(zj, hz, hz.districts[2])
    assert health_issuer("province", place, dt.date(2025, 1, 1)) == "浙江省卫生健康委员会"
    assert health_issuer("city", place, dt.date(2016, 1, 1)) == "杭州市卫生和计划生育委员会"
    assert health_issuer("county", place, dt.date(2012, 5, 1)) == "杭州市西湖区卫生局"
    assert health_issuer("county", place, dt.date(2022, 5, 1)) == "杭州市西湖区卫生健康局"
    county = Place(zj, hz, next(d for d in hz.districts if d.is_county))
    assert health_issuer("county", county, dt.date(2022, 5, 1)).endswith("县卫生健康局")


def test_missing_font_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = synth_fonts._WANTED + (
        ("ghost", "No Such Font SC", "/nonexistent/ghost.ttc", True, "serif"),)
    monkeypatch.setattr(synth_fonts, "_WANTED", wanted)
    synth_fonts.available_faces.cache_clear()
    try:
        keys = {f.key for f in available_faces()}
        assert "ghost" not in keys and len(keys) >= 4
    finally:
        monkeypatch.undo()
        synth_fonts.available_faces.cache_clear()


def test_digital_pdf_fonts_are_truetype() -> None:
    rng = random.Random(0)
    for _ in range(20):
        fs = choose_fontset(rng, "母婴保健技术考核合格证书", truetype_only=True)
        assert fs.label.truetype and fs.title.truetype and fs.value.truetype


@pytest.mark.parametrize("family", LAYOUT_FAMILIES)
def test_layouts_keep_text_readable_and_on_the_page(family: str) -> None:
    world = World(5, 3)
    for i, doc_type in enumerate([t for t in DocType if t != DocType.OTHER]):
        rec = world.record(i, doc_type)
        for k in range(3):
            rng = random.Random(f"{family}:{i}:{k}")
            content = build_content(rec, rng, allow_page2=False)
            fs = choose_fontset(rng, "".join(r.value for r in content.rows), truetype_only=False)
            landscape = family == "booklet" or k == 1
            comp = compose(content, fs, rng, family=family, landscape=landscape)  # type: ignore[arg-type]
            page = comp.pages[0]
            texts = [it for it in page.items if isinstance(it, Text)]
            assert min(t.size for t in texts) >= MIN_PT
            for t in texts:
                assert 0 <= t.x <= page.width and 0 <= t.y <= page.height, (t, family)
            # every contract field is printed somewhere on the page
            assert set(rec.fields) - {"last_validation_date"} <= {
                f for t in texts if t.field for f in [t.field]} | set(
                comp.meta["field_positions_mm"]), (doc_type, family)


def test_degradations_keep_size_and_type() -> None:
    img = np.full((400, 300, 3), 250, np.uint8)
    img[100:120, 50:250] = 20
    rng = random.Random(2)
    nrng = np.random.default_rng(2)
    for _ in range(30):
        plan, orientation = plan_degradations(rng, photo_allowed=True)
        out, applied = degrade(img, plan, nrng, (250, 250, 250))
        assert out.dtype == np.uint8 and out.ndim == 3
        if orientation in (90, 270):
            assert out.shape[0] < out.shape[1] or any(d["kind"] == "phone_photo" for d in applied)
        assert [d["kind"] for d in applied] == [d["kind"] for d in plan]


@pytest.mark.ocr
def test_rapidocr_reads_a_clean_page(tmp_path: Path) -> None:
    """The corpus is meant for OCR: a clean rendering must read back (slow: loads models)."""
    rapidocr = pytest.importorskip("rapidocr")
    from mchverify.synth.document import Job, make_document

    world = World(9, 1)
    rec = world.record(0, DocType.MCH_ASSESSMENT_CERTIFICATE)
    lab = make_document(Job(0, 9, "png", tmp_path, rec))
    out = rapidocr.RapidOCR()(str(tmp_path / lab["file"]))
    text = "".join(out.txts or ())
    assert rec.fields["name"] in text or rec.fields["id_number"] in text

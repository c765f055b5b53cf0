"""A copy's seal names its authority along its arc, where the issuer printed under it is lost."""

from __future__ import annotations

import numpy as np
import pytest

from mchverify.extractors.arcs import read_grey_arcs
from mchverify.extractors.fields import extract_fields
from mchverify.extractors.layout import group_rows
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import TextLine
from tests.verification.test_forensics import paper

PX_PER_MM = 200 / 25.4  # a 200-dpi scan of A4


def _copied_page(seal_text: str, style: str, seed: int) -> np.ndarray:
    """An A4 page (BGR) with a black issuer and date printed under a seal of `seal_text`,
    copied in a tune-part copier `style`, as the generator draws them."""
    from PIL import Image, ImageDraw

    from mchverify.synth.copier import photocopy
    from mchverify.synth.fonts import available_faces, pil_font
    from mchverify.synth.page import Seal
    from mchverify.synth.seal import blend_seal

    face = available_faces()[0]
    w, h = round(210 * PX_PER_MM), round(297 * PX_PER_MM)
    im = Image.fromarray(paper(h, w, seed=seed)[..., ::-1].copy())
    draw = ImageDraw.Draw(im)
    draw.rectangle((40, 40, w - 40, h - 40), outline=(30, 30, 30), width=6)
    font = pil_font(face, 34)
    draw.text((150, 300), "姓名", font=font, fill=(20, 20, 20))
    draw.text((430, 300), "王芳", font=font, fill=(20, 20, 20))
    cx, cy = 152 * PX_PER_MM, 248 * PX_PER_MM  # the seal's centre, over the issuer and date
    draw.text((cx, cy - 30), seal_text, font=font, fill=(20, 20, 20), anchor="mm")
    draw.text((cx, cy + 40), "二〇二三年四月六日", font=font, fill=(20, 20, 20), anchor="mm")
    page = np.asarray(im).copy()
    blend_seal(page, Seal(cx=152, cy=248, diameter=42, text=seal_text), face, PX_PER_MM,
               np.random.default_rng(seed))
    out, _ = photocopy(page, np.random.default_rng(seed), style)  # type: ignore[arg-type]
    return np.ascontiguousarray(out[..., ::-1])


@pytest.fixture(scope="module")
def engine():
    from mchverify.extractors.ocr import build_engine
    from mchverify.schemas.options import RapidOcrOptions

    return build_engine(RapidOcrOptions())


@pytest.mark.ocr
@pytest.mark.parametrize("seed", [0, 1])
def test_a_copied_seals_arc_reads_as_its_authority(engine, seed: int) -> None:
    """A toner copy: the issuer printed under the seal crosses its arc only at the ends;
    one band of the arc reads the name whole (a fax's dots, on this small page, lose a
    character at the ends in every band: measured, not claimed)."""
    name = "成都市青羊区卫生健康局"
    reads = [text for text, _ in read_grey_arcs(_copied_page(name, "toner", seed), engine)]
    assert name in ["".join(text.split()) for text in reads], reads


def test_a_colour_page_or_no_recogniser_reads_no_arc() -> None:
    page = np.full((1754, 1240, 3), 240, np.uint8)
    assert read_grey_arcs(page, object()) == []


def _issuer(read: tuple[str, float] | None, seals: list[str]) -> tuple[object, float] | None:
    """The issuer (value, confidence) read at its label, with the seals' arcs `seals`."""
    lines = [TextLine(text="发证机关", box=(100, 100, 260, 140), score=1.0)]
    if read is not None:
        lines.append(TextLine(text=read[0], box=(300, 100, 700, 140), score=read[1]))
    fv = extract_fields(DocType.MCH_ASSESSMENT_CERTIFICATE, group_rows(lines),
                        seal_names=seals).get("issuer")
    return (fv.value, fv.confidence) if fv is not None else None


SEAL = ["成都市卫生健康委员会", "成都市卫生健康委员会", "成都市卫生健委员会"]


@pytest.mark.parametrize(("read", "seals", "expected"), [
    # the print under a fax's seal broken (tune seed 1208, doc0040): the arc names it
    (("成都生健康委贷会", 0.25), SEAL, "成都市卫生健康委员会"),
    (None, SEAL, "成都市卫生健康委员会"),  # unread
    (("乌鲁木齐市卫生健康委", 0.51), ["乌鲁木齐市卫生健康委员会"] * 2, "乌鲁木齐市卫生健康委员会"),
    # read surely, or read whole as another name: the print's read stands
    (("成都市卫生健康委员会", 0.97), ["绵阳市卫生健康委员会"] * 3, None),
    (("绵阳市卫生健康委员会", 0.4), SEAL, None),
    # another city than the broken print names; a ministry's 监制 seal; two names as often
    (("绵阳市生健康委贷会", 0.3), SEAL, None),
    (None, ["国家卫生健康委员会"] * 3, None),
    (None, ["成都市卫生健康委员会", "绵阳市卫生健康委员会"], None),
])
def test_an_issuer_the_print_lost_is_named_by_its_seals_arc_to_review(
        read: tuple[str, float] | None, seals: list[str], expected: str | None) -> None:
    """`expected`: the seal's name, at review confidence; None: the print's read as without
    the seal's."""
    got = _issuer(read, seals)
    if expected is None:
        assert got == _issuer(read, [])
    else:
        assert got is not None and got[0] == expected and got[1] < 0.6

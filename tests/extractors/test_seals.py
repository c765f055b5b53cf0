"""Seal ink and round stamps: red found, brown print and maroon rules left out; on copies,
grey and black stamps found by their shape, and tables, frames, photos and codes not."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from mchverify.extractors.seals import (
    find_grey_seal_marks,
    find_seal_marks,
    find_seals,
    is_grey_copy,
    red_mask,
)
from tests.copies import TEST_STYLES, copy_page
from tests.verification.test_forensics import paper, ring

BROWN = (60, 116, 144)  # BGR: a certificate's brown frame and labels
MAROON = (36, 52, 88)  # a dark red-brown table rule
CRIMSON = (84, 86, 219)  # seal ink


def test_seal_ink_is_red_and_brown_or_maroon_print_is_not() -> None:
    swatches = np.array([[BROWN, MAROON, CRIMSON, (236, 240, 242)]], np.uint8)
    page = np.repeat(np.repeat(swatches, 20, axis=0), 20, axis=1)
    mask = red_mask(page, strict=True)
    assert [bool(mask[10, 10 + 20 * i]) for i in range(4)] == [False, False, True, False]


def test_a_seal_over_brown_table_rules_is_found_on_its_own() -> None:
    page = paper(1200, 1700)
    for y in range(300, 1100, 90):  # a brown table the seal is stamped across
        cv2.line(page, (100, y), (1600, y), BROWN, 4)
    cv2.line(page, (100, 1000), (1600, 1000), MAROON, 5)
    cv2.rectangle(page, (100, 300), (1600, 1090), BROWN, 4)
    page = ring(page, 600, 900, 140)
    marks = find_seal_marks(page)
    assert len(marks) == 1 and abs(marks[0].radius - 140) < 15
    boxes = find_seals(page)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 < 600 - 140 and x1 > 600 + 140 and y0 < 900 - 140 and y1 > 900 + 140
    assert x1 - x0 < 800 and y1 - y0 < 400  # the seal and its lines, not the whole table


# -- seals on copies: found by their shape, in grey or black ink ----------------------------

PX_PER_MM = 150 / 25.4  # a 150-dpi scan of A4: 1240 × 1754 px


def _certificate(*, seal: bool = True, seed: int = 0, opacity: float = 0.85) -> np.ndarray:
    """An A4 certificate page (RGB): a border frame, a ruled table of black print, a photo
    frame, a QR code, and (when `seal`) a red seal with its arc text stamped over the issuer
    and the date, as the corpus generator draws them (`opacity`: how well inked)."""
    import qrcode
    from PIL import Image, ImageDraw

    from mchverify.synth.fonts import available_faces, pil_font
    from mchverify.synth.page import Seal
    from mchverify.synth.seal import blend_seal

    face = available_faces()[0]
    w, h = round(210 * PX_PER_MM), round(297 * PX_PER_MM)
    im = Image.fromarray(paper(h, w, seed=seed)[..., ::-1].copy())
    draw = ImageDraw.Draw(im)
    draw.rectangle((40, 40, w - 40, h - 40), outline=(30, 30, 30), width=6)  # border
    draw.rectangle((58, 58, w - 58, h - 58), outline=(30, 30, 30), width=2)
    font = pil_font(face, 34)
    top, rows = 260, 9
    for i in range(rows + 1):  # the table
        draw.line((120, top + 90 * i, 1120, top + 90 * i), fill=(20, 20, 20), width=3)
    for x in (120, 400, 1120):
        draw.line((x, top, x, top + 90 * rows), fill=(20, 20, 20), width=3)
    for i, (label, value) in enumerate([("姓名", "王芳"), ("性别", "女"),
                                        ("出生日期", "1986年3月5日"),
                                        ("证书编号", "浙母婴考字2023001")]):
        draw.text((150, top + 90 * i + 25), label, font=font, fill=(20, 20, 20))
        draw.text((430, top + 90 * i + 25), value, font=font, fill=(20, 20, 20))
    draw.rectangle((860, 280, 1090, 570), outline=(20, 20, 20), width=3)  # photo frame
    draw.rectangle((880, 300, 1070, 550), fill=(96, 96, 100))  # and its photo
    code = qrcode.QRCode(border=1, box_size=5)
    code.add_data("母婴保健技术考核合格证书|浙母婴考字2023001|王芳|2023-04-06")
    im.paste(code.make_image().convert("RGB"), (150, 1250))
    draw.text((640, 1380), "杭州市卫生健康委员会", font=font, fill=(20, 20, 20))
    draw.text((680, 1440), "二〇二三年四月六日", font=font, fill=(20, 20, 20))
    page = np.asarray(im).copy()
    if seal:
        blend_seal(page, Seal(cx=152, cy=248, diameter=42, text="杭州市卫生健康委员会",
                              opacity=opacity),
                   face, PX_PER_MM, np.random.default_rng(seed))
    return page


def _copied(page: np.ndarray, style: str, seed: int) -> np.ndarray:
    """The page as a copy of `style`, in BGR as the finders take it."""
    out = copy_page(page, np.random.default_rng(seed), style)
    return np.ascontiguousarray(out[..., ::-1])


SEAL_AT = (152 * PX_PER_MM, 248 * PX_PER_MM, 21 * PX_PER_MM)  # centre and radius, px


@pytest.mark.parametrize("style", TEST_STYLES)
def test_a_copied_seal_is_found_by_its_shape_and_not_by_red(style: str) -> None:
    for seed in range(2):
        img = _copied(_certificate(seed=seed), style, seed)
        assert find_seal_marks(img) == []  # no red left
        marks = find_grey_seal_marks(img)
        assert len(marks) == 1, (style, seed, marks)
        m = marks[0]
        cx, cy, r = SEAL_AT
        assert m.ink == "grey" and m.coverage >= 0.8
        assert abs(m.cx - cx) < 0.08 * r and abs(m.cy - cy) < 0.08 * r
        assert abs(m.radius - r) < 0.1 * r


@pytest.mark.parametrize("style", TEST_STYLES)
def test_a_page_of_table_frame_photo_and_qr_code_but_no_seal_has_no_grey_seal(style: str
                                                                              ) -> None:
    # a circle through the photo's frame, its interior the photo, is no stamp (seeds 2, 3
    # and 6 of the toner copies found one there)
    for seed in (0, 1, 2, 3, 6):
        assert find_grey_seal_marks(_copied(_certificate(seal=False, seed=seed), style,
                                            seed)) == [], seed


def test_a_colour_original_with_no_seal_has_no_grey_seal() -> None:
    for seed in range(3):  # seed 1: a circle round the photo in its frame was taken
        assert find_grey_seal_marks(np.ascontiguousarray(
            _certificate(seal=False, seed=seed)[..., ::-1])) == [], seed


@pytest.mark.parametrize("style", ["toner", "buff"])
def test_a_pale_stamp_on_a_low_contrast_copy_is_found(style: str) -> None:
    """A stamp inked at 35-45 % on a grey or buff copy: a faint ring a person sees, just
    under the paper's grey (seeds 0, 2-5 of buff copies at 45 % were missed)."""
    for seed in range(4):
        for opacity in (0.35, 0.45):
            marks = find_grey_seal_marks(_copied(_certificate(seed=seed, opacity=opacity),
                                                 style, seed))
            assert len(marks) == 1, (seed, opacity, marks)
            cx, cy, r = SEAL_AT
            assert abs(marks[0].cx - cx) < 0.08 * r and abs(marks[0].cy - cy) < 0.08 * r
            assert abs(marks[0].radius - r) < 0.1 * r


def _shaded(img: np.ndarray) -> np.ndarray:
    """The copy photographed by a phone lit from the left: its right third, where the seal
    is, a third darker than its brightest paper."""
    w = img.shape[1]
    light = np.clip(0.62 + 0.38 * np.linspace(1, 0, w) * 1.6, 0.62, 1.0)
    return (img.astype(np.float32) * light[None, :, None]).astype(np.uint8)


def test_a_copied_seal_on_the_shaded_side_of_a_phone_photo_is_found() -> None:
    """A photographed copy lit unevenly (bench tune seed 31, doc0011): against the brightest
    paper the shaded side all counted as ink, and SEAL_MISSING was raised on a sealed copy."""
    img = _shaded(_copied(_certificate(), "toner", 0))
    marks = find_grey_seal_marks(img)
    assert len(marks) == 1, marks
    cx, cy, r = SEAL_AT
    assert abs(marks[0].cx - cx) < 0.08 * r and abs(marks[0].cy - cy) < 0.08 * r
    assert find_grey_seal_marks(_shaded(_copied(_certificate(seal=False), "toner", 0))) == []


def test_a_sliver_of_the_desk_along_a_cropped_copys_edge_leaves_it_a_copy() -> None:
    img = _copied(_certificate(), "toner", 1)
    assert is_grey_copy(img)
    img[:12] = (60, 110, 170)  # the wooden desk the sheet lay on, kept by the crop
    assert is_grey_copy(img)
    original = np.ascontiguousarray(_certificate()[..., ::-1])
    assert not is_grey_copy(original), "the red seal of an original is colour"


def test_empty_rings_solid_disks_and_squares_are_not_stamps() -> None:
    page = paper(1754, 1240)
    cv2.circle(page, (300, 400), 120, (20, 20, 20), 6)  # a ring with nothing inside
    cv2.circle(page, (900, 400), 120, (60, 60, 60), -1)  # a filled emblem
    cv2.rectangle(page, (200, 900), (440, 1140), (20, 20, 20), 6)  # a square frame
    cv2.circle(page, (900, 1020), 120, (20, 20, 20), 6)  # a ring full of ink: a rosette
    for y in range(880, 1160, 8):
        cv2.line(page, (760, y), (1040, y), (20, 20, 20), 3)
    assert find_grey_seal_marks(page) == []


def test_a_red_seal_keeps_its_red_finding() -> None:
    img = np.ascontiguousarray(_certificate()[..., ::-1])
    marks = find_seal_marks(img)
    assert len(marks) == 1 and marks[0].ink == "red"


def test_a_seal_grown_into_a_photos_warm_tones_is_found_beside_another_seal() -> None:
    """A booklet spread (bench tune seed 2026, doc0151): the issuer's seal stamped over the
    photo's corner merged with the face's warm tones into one blob that is no round stamp,
    and as the blank's 监制 seal was found on its own, the issuer's was never looked for:
    SEAL_MISSING on a sealed certificate."""
    page = np.ascontiguousarray(_certificate()[..., ::-1])
    cx, cy, r = SEAL_AT
    x0, y0 = int(cx + 0.3 * r), int(cy - 1.9 * r)
    page[y0:y0 + int(1.8 * r), x0:x0 + int(1.4 * r)] = (120, 140, 215)  # a face, warm
    cv2.circle(page, (300, 1500), 110, (40, 40, 200), 9)  # the blank's 监制 seal
    cv2.circle(page, (300, 1500), 80, (40, 40, 200), 5)
    marks = find_seal_marks(page)
    assert len(marks) == 2, marks
    assert any(abs(m.cx - cx) < 0.15 * r and abs(m.cy - cy) < 0.15 * r for m in marks)
    page = np.ascontiguousarray(_certificate(seal=False)[..., ::-1])
    page[y0:y0 + int(1.8 * r), x0:x0 + int(1.4 * r)] = (120, 140, 215)
    cv2.circle(page, (300, 1500), 110, (40, 40, 200), 9)
    cv2.circle(page, (300, 1500), 80, (40, 40, 200), 5)
    assert len(find_seal_marks(page)) == 1, "the face alone is no seal"


def test_the_national_emblems_red_field_is_no_seal() -> None:
    """An official blank prints the national emblem above its title: a red disk in a gold
    rim, with gold stars and gate (bench tune seed 41, doc0036, doc0048, doc0069: taken for
    the issuer's seal, SEAL_MISSING went unraised on three certificates whose seal was
    missing)."""
    page = np.ascontiguousarray(_certificate(seal=False)[..., ::-1])
    cv2.circle(page, (620, 190), 95, (60, 150, 200), -1)  # the gold rim
    cv2.circle(page, (620, 190), 82, (40, 30, 200), -1)  # the red field
    cv2.rectangle(page, (585, 185), (655, 225), (60, 150, 200), -1)  # the gate, in gold
    for dx in (-30, 0, 30):
        cv2.circle(page, (620 + dx, 150), 8, (60, 150, 200), -1)  # the stars
    assert find_seal_marks(page) == []
    sealed = np.ascontiguousarray(_certificate()[..., ::-1])
    sealed[95:286, 525:716] = page[95:286, 525:716]
    assert len(find_seal_marks(sealed)) == 1, "the seal is still found beside it"


GOLD = (40, 140, 190)  # BGR: a blank's gold border


def _bordered_with_code(seed: int) -> np.ndarray:
    """A landscape e-licence page (BGR) with a gold double border of diamonds and a QR code
    in its lower left corner, no seal: as a generic licence of tune seed 1502 (doc0031)."""
    import qrcode

    img = paper(1009, 1334)
    h, w = img.shape[:2]
    for inset in (28, 44):
        cv2.rectangle(img, (inset, inset), (w - inset, h - inset), GOLD, 2)
    diamond = np.array([(0, -6), (6, 0), (0, 6), (-6, 0)])
    for x in range(50, w - 40, 22):
        for y in (36, h - 36):
            cv2.polylines(img, [diamond + (x, y)], True, GOLD, 2)
    for y in range(50, h - 40, 22):
        for x in (36, w - 36):
            cv2.polylines(img, [diamond + (x, y)], True, GOLD, 2)
    code = qrcode.QRCode(border=1, box_size=4)
    code.add_data(f"https://zwfw.example.gov.cn/verify?id={seed}77881234")
    q = np.asarray(code.make_image().convert("RGB"))[..., ::-1]
    img[h - 60 - q.shape[0]:h - 60, 100:100 + q.shape[1]] = q
    return img


def test_a_circle_through_a_border_of_diamonds_and_a_code_is_no_stamp() -> None:
    """The border's pattern and the code's modules cover most directions of a circle at the
    corner, but nothing stands apart as a ring: paper just inside and outside it is not."""
    for seed in range(4):
        assert find_grey_seal_marks(_bordered_with_code(seed)) == [], seed


def test_a_faxs_heavy_strokes_against_the_ring_leave_it_a_stamp() -> None:
    """A fax printed dark (tune bench-verify seed 1502, doc0001): strokes so heavy that the
    arc text and the print crossing the seal touch its ring. A whole ring is a stamp's,
    whatever lies beside it."""
    for seed in range(4):
        fax = _copied(_certificate(seed=seed), "fax", seed)
        for k in (5, 7):
            heavy = cv2.erode(fax, np.ones((k, k), np.uint8))
            assert len(find_grey_seal_marks(heavy)) == 1, (seed, k)


def test_a_pale_ring_on_a_colour_original_is_no_stamp() -> None:
    """A colour original whose only ring is pale, just under the paper's grey: an embossed
    steel seal (钢印) over the photo, no issuer's stamp (tune bench-verify seed 2026,
    doc0023, a SEAL_MISSING the second, faint look had hidden). The faint look is a
    copy's."""
    pale = (210, 215, 218)  # BGR: the shadow an embossing casts on the paper
    page = np.ascontiguousarray(_certificate(seal=False)[..., ::-1])
    cv2.rectangle(page, (300, 100), (900, 180), GOLD, -1)  # the blank's gold title
    cv2.circle(page, (975, 560), 150, pale, 8)
    cv2.circle(page, (975, 560), 30, pale, -1)
    cv2.putText(page, "AAAAAAAA", (880, 500), cv2.FONT_HERSHEY_SIMPLEX, 1.2, pale, 3)
    assert not is_grey_copy(page)
    assert find_grey_seal_marks(page) == []

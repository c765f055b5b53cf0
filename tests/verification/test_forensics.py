"""The image measurements on generated pages: seals, QR codes and pasted patches."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import qrcode
from PIL import Image, ImageDraw

from mchverify.schemas.extraction import TextLine
from mchverify.schemas.verification import SealFound
from mchverify.synth.fonts import available_faces, pil_font
from mchverify.verification.forensics import (
    MIN_EDGE_SHARPNESS,
    LineTexture,
    decode_qr,
    find_seal_marks,
    line_textures,
    tamper_outliers,
)


def paper(h: int = 1400, w: int = 1000, noise: float = 3.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = np.full((h, w, 3), (236, 240, 242), np.float32)
    img += rng.normal(0, noise, (h, w))[..., None]
    return np.clip(img, 0, 255).astype(np.uint8)


def ring(img: np.ndarray, cx: int, cy: int, r: int) -> np.ndarray:
    out = img.copy()
    cv2.circle(out, (cx, cy), r, (40, 40, 215), max(3, r // 18))  # BGR red
    cv2.circle(out, (cx, cy), r // 5, (40, 40, 215), -1)
    return out


def test_a_round_red_stamp_is_found_and_a_red_title_is_not() -> None:
    img = ring(paper(), 600, 1100, 150)
    marks = find_seal_marks(img)
    assert len(marks) == 1
    m = marks[0]
    assert abs(m.cx - 600) < 12 and abs(m.cy - 1100) < 12 and abs(m.radius - 150) < 15
    title = paper()
    cv2.rectangle(title, (200, 100), (800, 160), (40, 40, 215), -1)
    assert find_seal_marks(title) == []
    assert find_seal_marks(paper()) == []


def test_a_stamp_cut_by_a_pasted_band_is_still_found() -> None:
    img = ring(paper(), 500, 700, 160)
    img[680:720, 250:750] = paper(40, 500, seed=3)
    assert len(find_seal_marks(img)) == 1


def test_qr_code_on_a_page_decodes() -> None:
    payload = "医师资格证书|201443110440100197906139066|刘婷蕾|2014-12-12"
    code = qrcode.QRCode(border=2, box_size=5)
    code.add_data(payload)
    qr_img = np.asarray(code.make_image().convert("RGB"))[..., ::-1]
    img = paper()
    img[150:150 + qr_img.shape[0], 700:700 + qr_img.shape[1]] = qr_img
    assert decode_qr(img) == [payload]
    assert decode_qr(paper()) == []


def _page_with_lines(seed: int) -> tuple[np.ndarray, list[TextLine]]:
    face = available_faces()[0]
    img = Image.fromarray(paper(seed=seed)[..., ::-1].copy())
    draw = ImageDraw.Draw(img)
    font = pil_font(face, 40)
    lines = []
    for i, text in enumerate(["姓名：王芳", "性别：女", "出生日期：1986年3月5日",
                              "工作单位：杭州市西湖区妇幼保健院", "证书编号：浙母婴考字2023001",
                              "发证日期：2023年4月6日", "有效期至：2027年4月5日"]):
        y = 150 + i * 120
        draw.text((120, y), text, font=font, fill=(30, 30, 30), anchor="ls")
        x0, y0, x1, y1 = draw.textbbox((120, y), text, font=font, anchor="ls")
        lines.append(TextLine(text=text, box=(x0, y0, x1, y1)))
    return np.asarray(img)[..., ::-1].copy(), lines


def test_honest_page_has_no_suspect_line() -> None:
    for seed in range(3):
        img, lines = _page_with_lines(seed)
        assert len(line_textures(img, lines)) >= 5
        assert tamper_outliers(line_textures(img, lines)) == []


def test_a_patch_from_other_paper_over_a_value_is_the_outlier() -> None:
    img, lines = _page_with_lines(7)
    x0, y0, x1, y1 = (int(v) for v in lines[5].box)
    patch = np.full((y1 - y0 + 16, x1 - x0 - 150, 3), (230, 233, 236), np.float32)
    patch += np.random.default_rng(1).normal(0, 1.0, patch.shape[:2])[..., None]
    forged = img.copy()
    region = forged[y0 - 8:y1 + 8, x0 + 180:x1 + 30]
    dark = region.mean(axis=2) < 120  # keep the characters: the forger retyped them
    new = np.clip(patch, 0, 255).astype(np.uint8)[:region.shape[0], :region.shape[1]]
    new[dark[:new.shape[0], :new.shape[1]]] = (30, 30, 30)
    forged[y0 - 8:y0 - 8 + new.shape[0], x0 + 180:x0 + 180 + new.shape[1]] = new
    out = tamper_outliers(line_textures(forged, lines))
    assert [t.text for t, _score, _why in out] == ["发证日期：2023年4月6日"]
    assert out[0][0].edge_pair >= 2.0  # the patch's top and bottom borders, opposite signs
    assert out[0][0].edge_sharpness >= MIN_EDGE_SHARPNESS


def test_a_tint_fading_across_a_line_without_patch_borders_is_not_suspect() -> None:
    img, lines = _page_with_lines(7)
    _x0, y0, _x1, y1 = (int(v) for v in lines[5].box)
    h = y1 - y0
    # a soft darker band (a fold, a shadow): the line's paper differs, with no sharp edge
    rows = np.arange(img.shape[0], dtype=np.float32)
    band = 12.0 * np.exp(-(((rows - (y0 + y1) / 2) / (1.2 * h)) ** 2))
    shaded = np.clip(img.astype(np.float32) - band[:, None, None], 0, 255).astype(np.uint8)
    textures = line_textures(shaded, lines)
    target = next(t for t in textures if t.text == lines[5].text)
    assert target.colour_step > 5  # the paper does differ ...
    assert target.edge_sharpness < MIN_EDGE_SHARPNESS  # ... but with no cut border
    assert tamper_outliers(textures) == []


def _patch(img: np.ndarray, box: tuple[int, int, int, int], colour: tuple[int, int, int]
           ) -> np.ndarray:
    """Cover `box` with flat paper of `colour`, keeping the characters (retyped on it)."""
    x0, y0, x1, y1 = box
    forged = img.copy()
    region = forged[y0:y1, x0:x1]
    dark = region.mean(axis=2) < 120
    new = np.empty_like(region)
    new[:] = colour
    new[dark] = (30, 30, 30)
    forged[y0:y1, x0:x1] = new
    return forged


def test_a_patch_over_a_short_value_beside_its_long_label_is_found() -> None:
    """The value is a third of the line and its patch runs on past the line's end: the
    stretch measured is the value's, not the label's (doc0143, doc0269 of the benchmark)."""
    img, lines = _page_with_lines(3)
    x0, y0, x1, y1 = (int(v) for v in lines[2].box)  # 出生日期：1986年3月5日
    forged = _patch(img, (x0 + 200, y0 - 6, x1 + 40, y1 + 6), (229, 232, 234))
    out = tamper_outliers(line_textures(forged, lines))
    assert [t.text for t, _score, _why in out] == ["出生日期：1986年3月5日"]
    assert out[0][0].span[0] >= x0 + 150  # the label's paper is left out of the stretch


def test_a_patch_edge_hidden_under_a_table_rule_is_still_seen() -> None:
    """The patch's top border runs along a ruled line (doc0171): rows of ink are passed over."""
    img, lines = _page_with_lines(4)
    x0, y0, x1, y1 = (int(v) for v in lines[3].box)
    forged = _patch(img, (x0 + 150, y0 - 10, x1 + 20, y1 + 8), (244, 248, 250))
    cv2.line(forged, (60, y0 - 12), (940, y0 - 12), (20, 20, 20), 4)
    target = next(t for t in line_textures(forged, lines) if t.text == lines[3].text)
    assert target.edge_pair >= 2.0 and target.edge_sharpness >= MIN_EDGE_SHARPNESS


def test_show_through_from_the_back_of_the_sheet_is_not_judged() -> None:
    """Faint mirrored text on a tinted patch of paper (the back's seal showing through):
    not ink on this side, so not a suspect line (doc0045, page 2)."""
    img, lines = _page_with_lines(5)
    x0, y0, x1, y1 = (int(v) for v in lines[4].box)
    faint = img.copy()
    region = faint[y0:y1, x0:x1].astype(np.int16)
    dark = region.mean(axis=2) < 225  # the strokes and their anti-aliased edges
    region[:] = region - (0, 6, 6)  # a pinkish haze, as a seal on the back gives
    region[dark] = (215, 215, 215)  # strokes barely darker than the paper
    faint[y0:y1, x0:x1] = np.clip(region, 0, 255).astype(np.uint8)
    texts = [t.text for t in line_textures(faint, lines)]
    assert lines[4].text not in texts and lines[3].text in texts


def _texture(n: int, step: float, edge: float,
             direction: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> LineTexture:
    """A measured line: its paper `step` levels off the paper around it (grey unless a
    `direction` in B, G, R says otherwise), with a top and a bottom border of `edge` levels
    each."""
    d = np.array(direction) / np.linalg.norm(direction)
    return LineTexture(box=(100.0, 100.0 + 80 * n, 600.0, 140.0 + 80 * n), text=f"line {n}",
                       step=tuple(float(v) for v in step * d),  # type: ignore[arg-type]
                       noise_in=1.0, noise_out=1.0, edges=(edge, -edge))


def test_a_small_colour_step_with_borders_that_stand_out_is_suspect() -> None:
    """Regression (bench seed 7, doc0199, doc0311): a patch matched to within a few levels
    stands out only moderately by colour, but its two borders stand out from every other
    line's: together they are the evidence; either alone is not."""
    rng = np.random.default_rng(0)
    honest = [_texture(i, 1.6 + rng.uniform(-0.3, 0.3), 0.8 + rng.uniform(-0.3, 0.3))
              for i in range(10)]
    patch = _texture(10, 3.6, 3.6)
    out = tamper_outliers([*honest, patch])
    assert [(t.text, why) for t, _score, why in out] == [("line 10", "colour+edges")]
    # the same colour step where every line shows such borders (a ruled form): not suspect
    ruled = [_texture(i, t.colour_step, 3.0 + rng.uniform(-0.3, 0.3))
             for i, t in enumerate(honest)]
    assert tamper_outliers([*ruled, patch]) == []
    # the same borders around a line whose paper is like the others': not suspect
    assert tamper_outliers([*honest, _texture(10, 1.7, 3.0)]) == []


def _honest_lines() -> list[LineTexture]:
    rng = np.random.default_rng(1)
    return [_texture(i, 1.6 + rng.uniform(-0.3, 0.3), 0.8 + rng.uniform(-0.3, 0.3))
            for i in range(10)]


def test_a_change_of_hue_alone_is_not_a_patch() -> None:
    """Regression (bench seed 2026, doc0406, doc0486): under a seal on a phone photo the
    paper's hue shifts (blue up, green down) with no change of brightness: JPEG's coarse
    colour and the seal's haze do that; another sheet under another exposure does not."""
    hue = _texture(10, 5.4, 5.0, direction=(4.5, -1.8, 2.3))
    assert hue.brightness_share < 0.1
    assert tamper_outliers([*_honest_lines(), hue]) == []
    grey = _texture(10, 5.4, 5.0)
    assert grey.brightness_share == pytest.approx(1.0)
    assert [why for _t, _s, why in tamper_outliers([*_honest_lines(), grey])] == ["colour"]


def test_borders_far_larger_than_the_step_are_another_things_borders() -> None:
    """Regression (bench seed 2026, doc0478): a printed band's edges (12 levels) beside a
    line whose paper differs by 4: a patch's borders jump by what the patch differs."""
    band = _texture(10, 3.9, 12.0)
    assert band.edge_excess > 3
    assert tamper_outliers([*_honest_lines(), band]) == []
    assert [why for _t, _s, why in tamper_outliers([*_honest_lines(), _texture(10, 3.9, 4.0)])
            ] == ["colour+edges"]


def test_a_border_of_ornaments_read_as_text_is_not_judged() -> None:
    """Regression (bench seed 7, doc0505): the ◇◇◇ of a printed border, read as a line and
    sitting on the border's band, is no value a forger would paste over."""
    img, lines = _page_with_lines(2)
    for x in (125, 165, 205):  # three dark diamonds, inked like the text
        cv2.fillConvexPoly(img, np.array([[x + 15, 45], [x + 30, 60], [x + 15, 75], [x, 60]]),
                           (30, 30, 30))
    ornament = TextLine(text="◇◇◇", box=(120.0, 40.0, 240.0, 80.0))
    assert [t.text for t in line_textures(img, [*lines, ornament])] == \
        [t.text for t in line_textures(img, lines)]


def test_a_small_blurred_qr_code_on_a_jpeg_decodes() -> None:
    """A code of 2-px modules, blurred and saved at JPEG quality 45 (a half-scale phone
    photo): the whole-page pass misses it; the second look on its block reads it."""
    payload = "母婴保健技术考核合格证书|青卫母婴考(2021)089号|吴云|2021-06-29"
    code = qrcode.QRCode(border=1, box_size=2)
    code.add_data(payload)
    qr_img = np.asarray(code.make_image().convert("RGB"))[..., ::-1]
    img = paper(900, 700)
    img[80:80 + qr_img.shape[0], 520:520 + qr_img.shape[1]] = qr_img
    img = cv2.GaussianBlur(img, (0, 0), 1.0)
    ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 45])
    assert ok
    img = cv2.imdecode(jpg, cv2.IMREAD_COLOR)
    assert decode_qr(img) == [payload]


def test_inside_a_seal_borders_are_the_seals_and_only_a_clear_step_counts() -> None:
    """Regression (bench seed 2026, doc0673, doc0685): an honest issuer or date line inside
    the seal's disk, whose margins the ring and the star cross, showed a moderate step with
    borders; a clear step there (a date pasted under the seal) is still suspect."""
    moderate = _texture(10, 3.9, 4.0)
    cx, cy = (moderate.box[0] + moderate.box[2]) / 2, (moderate.box[1] + moderate.box[3]) / 2
    seal = SealFound(page=1, center=(cx + 40, cy - 30), radius=150, coverage=0.9)
    far = SealFound(page=1, center=(cx, cy + 600), radius=150, coverage=0.9)
    assert [why for _t, _s, why in tamper_outliers([*_honest_lines(), moderate], [far])
            ] == ["colour+edges"]
    assert tamper_outliers([*_honest_lines(), moderate], [seal]) == []
    clear = _texture(10, 6.0, 6.0)
    assert [why for _t, _s, why in tamper_outliers([*_honest_lines(), clear], [seal])
            ] == ["colour"]

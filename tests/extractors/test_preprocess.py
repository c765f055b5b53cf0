"""OpenCV preparation: sheet crop and perspective, seal finding and red suppression."""

from __future__ import annotations

import cv2
import numpy as np

from mchverify.extractors.preprocess import (
    find_document_quad,
    prepare_page,
    suppress_red,
    warp_document,
)
from mchverify.extractors.seals import find_seals


def _page(w: int = 800, h: int = 1100, tint: tuple[int, int, int] = (235, 243, 250)) -> np.ndarray:
    page = np.full((h, w, 3), tint, np.uint8)  # BGR cream paper
    for y in range(150, 900, 90):
        cv2.putText(page, "TEXT LINE 12345", (80, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (20, 20, 20), 3)
    return page


def _stamp(page: np.ndarray, center: tuple[int, int], r: int = 110) -> None:
    """A multiply-blended red seal ring with a star, as ink on paper looks."""
    layer = np.full_like(page, 255)
    cv2.circle(layer, center, r, (40, 40, 220), 9)
    cv2.circle(layer, center, 25, (40, 40, 220), -1)
    page[:] = (page.astype(np.float32) * layer.astype(np.float32) / 255).astype(np.uint8)


def _photograph(sheet: np.ndarray, corners: np.ndarray, size: tuple[int, int],
                desk: tuple[int, int, int]) -> np.ndarray:
    """The sheet seen in perspective at `corners` on a plain desk of `size` (h, w)."""
    h, w = sheet.shape[:2]
    src = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    m = cv2.getPerspectiveTransform(src, corners)
    canvas = np.full((*size, 3), desk, np.uint8)
    warped = cv2.warpPerspective(sheet, m, size[::-1])
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, size[::-1]) > 0
    canvas[mask] = warped[mask]
    return canvas


def test_seal_found_and_its_red_removed_but_black_text_kept() -> None:
    page = _page()
    _stamp(page, (560, 800))
    seals = find_seals(page)
    assert len(seals) == 1
    x0, y0, x1, y1 = seals[0]
    assert x0 < 560 < x1 and y0 < 800 < y1
    clean = suppress_red(page)
    ring = clean[800, 560 + 110]
    assert ring.min() > 200, "the seal ring is gone"
    text = clean[(clean[..., 0] < 80)]
    assert len(text) > 1000, "black text under and around the seal stays"


def test_red_title_and_cream_paper_are_not_seals() -> None:
    page = _page()
    cv2.putText(page, "RED TITLE", (100, 80), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (30, 30, 210), 5)
    cv2.rectangle(page, (10, 10), (790, 1090), (30, 30, 200), 6)  # red border frame
    assert find_seals(page) == []
    assert np.array_equal(suppress_red(page), page)


def test_photographed_sheet_is_found_and_flattened() -> None:
    sheet = _page(600, 850, (250, 250, 250))
    dst = np.float32([[180, 120], [800, 170], [760, 1080], [140, 1030]])
    canvas = _photograph(sheet, dst, (1200, 1000), (40, 70, 110))  # a wooden desk
    quad = find_document_quad(canvas)
    assert quad is not None
    assert np.abs(quad - dst).max() < 25
    flat = warp_document(canvas, quad)
    assert 0.6 < flat.shape[1] / flat.shape[0] < 0.8
    assert prepare_page(canvas).cropped


def test_flat_scan_is_left_alone() -> None:
    page = _page()
    assert find_document_quad(page) is None
    prepared = prepare_page(page)
    assert not prepared.cropped and prepared.image.shape == page.shape


def test_sheet_with_a_shadow_across_it_is_found_whole() -> None:
    """Regression (bench seed 2026, doc0018): the shadowed third of a photographed licence
    fell below the brightness threshold and was cropped off, taking the title with it."""
    sheet = _page(900, 620, (245, 245, 245))
    sheet[:, :300] = (sheet[:, :300].astype(np.float32) * 0.6).astype(np.uint8)  # the shadow
    dst = np.float32([[100, 150], [1100, 90], [1130, 760], [130, 820]])
    canvas = _photograph(sheet, dst, (900, 1200), (120, 125, 125))  # a grey desk
    quad = find_document_quad(canvas)
    assert quad is not None
    assert np.abs(quad - dst).max() < 30, quad


def test_seal_in_a_shaded_photo_is_lifted_too() -> None:
    """Regression (bench seed 2026, doc0078): grey paper, a darker ring; text still black."""
    page = _page(tint=(150, 165, 175))  # shaded cream paper: the red channel is ~175
    _stamp(page, (560, 800))
    clean = suppress_red(page)
    x0, y0, x1, y1 = find_seals(page)[0]
    assert clean[800, 560 + 110].min() > 230, "the ring is lifted to white"
    assert clean[y0:y1, x0:x1][..., 0].min() < 60, "black text in the region stays black"


def test_fill_in_rules_are_lifted_and_characters_kept() -> None:
    """A blank's fill-in rule under a printer's digits (issue 24): the long rule goes, the
    digits stay; a copy is left as it is."""
    import cv2

    from mchverify.extractors.preprocess import lift_rules

    page = np.full((1700, 1200, 3), 245, np.uint8)  # A4 at 150 dpi
    cv2.rectangle(page, (100, 600), (1100, 900), (90, 60, 40), 3)  # a table: its rules stay
    cv2.line(page, (100, 750), (1100, 750), (90, 60, 40), 3)
    cv2.line(page, (100, 200), (1100, 200), (90, 60, 40), 3)
    cv2.putText(page, "510121198010147588", (120, 205), cv2.FONT_HERSHEY_SIMPLEX, 1.6,
                (30, 30, 30), 4)
    out = lift_rules(page)
    dark = (out.mean(axis=2) < 150)
    assert not dark[198:203, 1000:1100].any()  # the bare rule is gone
    assert dark[748:753, 900:1000].all() and dark[598:603, 900:1000].all()  # the table's stay
    assert dark[150:200, 120:700].sum() > 0.8 * (page.mean(axis=2) < 150)[150:198, 120:700].sum()


def _grey_copy(ring_grey: int, text_grey: int = 20) -> np.ndarray:
    """A grey copy (no colour at all) of a page whose seal the copier printed `ring_grey`:
    print lines crossing the ring, a star, arc strokes inside."""
    page = np.full((1400, 1000, 3), 250, np.uint8)
    for y in range(200, 1300, 110):
        cv2.putText(page, "TEXT LINE 12345", (80, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4,
                    (text_grey,) * 3, 3)
    layer = np.full_like(page, 255)
    c, r = (600, 960), 150
    cv2.circle(layer, c, r, (ring_grey,) * 3, 10)
    cv2.circle(layer, c, 30, (ring_grey,) * 3, -1)
    cv2.ellipse(layer, c, (r - 30, r - 30), 0, 200, 340, (ring_grey,) * 3, 14)
    return (page.astype(np.float32) * layer.astype(np.float32) / 255).astype(np.uint8)


def test_a_copys_grey_seal_is_lifted_only_where_lighter_than_the_print() -> None:
    """Issue 24: a copier prints a red seal mid-grey or as dark as the print. A mid-grey
    ring is lifted and the print it crosses stays whole; a ring as dark as the print cannot
    be told from it, and the page is left as it is rather than cut to pieces."""
    from mchverify.extractors.seals import find_grey_seal_marks, is_grey_copy

    light = _grey_copy(ring_grey=130)
    assert is_grey_copy(light) and find_grey_seal_marks(light)
    clean = suppress_red(light)
    assert clean[960, 600 + 150].min() > 200, "the mid-grey ring is lifted"
    text = light[:, :, 0] < 60
    assert (clean[:, :, 0][text] < 60).mean() > 0.95, "the print is kept whole"

    dark = _grey_copy(ring_grey=40)
    assert find_grey_seal_marks(dark)
    assert np.array_equal(suppress_red(dark), dark)
    # a second reading may ask for the cut all the same (verification.reread)
    forced = suppress_red(dark, force=True)
    assert not np.array_equal(forced, dark) and forced[:, :, 0].max() == 255


def test_a_grey_seal_on_a_photos_corner_is_lifted_and_the_print_kept() -> None:
    """Issue 24 (a booklet's copy): the seal sits on the photo's corner, and the photo's
    black was taken for the print's level, so the print (a copy's blurred mid-dark grey)
    counted as pale as the seal and was lifted with it: the issuer and the date under the
    seal went white. The print's level is its thin strokes', not a photo's."""
    copy = _grey_copy(ring_grey=150, text_grey=70)
    copy[790:960, 270:400] = 5  # the holder's dark clothes in the photo, beside the ring
    clean = suppress_red(copy)
    assert clean[960, 600 + 150].min() > 200, "the ring is lifted"
    text = np.zeros(copy.shape[:2], bool)  # the print in the seal's box, off the photo
    text[780:1140, 400:1000] = _grey_copy(ring_grey=255, text_grey=70)[780:1140, 400:1000, 0] < 90
    assert text.sum() > 500
    assert (clean[:, :, 0][text] < 100).mean() > 0.9, "the print under the seal is kept"

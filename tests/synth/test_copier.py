"""Photocopies and faxes of a page: grey, black-and-white or tinted, seeded, readable."""

from __future__ import annotations

import datetime as dt

import cv2
import numpy as np
import pytest

from mchverify.synth.copier import STYLES, photocopy

RED = (214, 36, 40)  # RGB seal ink
PAPER = (250, 247, 236)


def _page(seed: int = 0) -> np.ndarray:
    """A small cream A4 page (RGB): black print, a blue rule and a red seal."""
    rng = np.random.default_rng(seed)
    page = np.empty((1188, 840, 3), np.float32)
    page[:] = PAPER
    page += rng.normal(0, 2.5, page.shape[:2])[..., None]
    page = np.clip(page, 0, 255).astype(np.uint8)
    cv2.putText(page, "NAME 2023-04-06", (80, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.6,
                (25, 25, 25), 4)
    cv2.line(page, (60, 400), (780, 400), (40, 72, 140), 3)
    cv2.circle(page, (560, 900), 84, RED, 6)
    cv2.circle(page, (560, 900), 18, RED, -1)
    return page


def _colour_spread(img: np.ndarray) -> int:
    """The largest difference between channels of any pixel."""
    i = img.astype(np.int16)
    return int((i.max(axis=2) - i.min(axis=2)).max())


@pytest.mark.parametrize("style", STYLES)
def test_a_copy_keeps_the_page_shape_and_is_rgb(style: str) -> None:
    page = _page()
    out, params = photocopy(page, np.random.default_rng(1), style)  # type: ignore[arg-type]
    assert out.shape == page.shape and out.dtype == np.uint8
    assert params["kind"] == "photocopy" and params["style"] == style


def test_toner_copy_is_grey_paper_white_ink_black_seal_grey() -> None:
    page = _page()
    out, _ = photocopy(page, np.random.default_rng(2), "toner")
    assert _colour_spread(out) == 0  # grey: the three channels are one
    grey = out[..., 0]
    assert np.median(grey[40:200, 40:800]) >= 240  # the cream paper went white
    assert np.percentile(grey[260:310, 80:700], 2) <= 40  # the print went black
    ring = grey[900, 560 + 84 - 2:560 + 84 + 3]  # the seal's ring, across its width
    assert 25 <= ring.min() <= 170  # grey: darker than paper, no longer red


def test_binary_copy_is_black_and_white_with_the_seal_black() -> None:
    out, _ = photocopy(_page(), np.random.default_rng(3), "binary")
    assert _colour_spread(out) == 0
    assert set(np.unique(out)) <= {0, 255}
    assert out[900, 560 + 84 - 2:560 + 84 + 3, 0].min() == 0  # the ring: black strokes
    assert out[900, 560, 0] == 0  # the star (here a disk)


def test_fax_is_black_and_white_at_the_fax_resolution_headed_by_its_sender() -> None:
    """A fax: black and white in dots of the fax's own size (in standard mode each dot
    line two and more of the page's rows), the seal black, and at the top the sending
    machine's line with the time it was sent."""
    sent = dt.datetime(2026, 3, 4, 9, 15)
    for seed in range(8):
        out, params = photocopy(_page(), np.random.default_rng(seed), "fax", sent=sent)
        assert _colour_spread(out) == 0 and set(np.unique(out)) <= {0, 255}
        assert params["header"].startswith("2026-03-04 09:15")
        assert (out[:40, 20:400, 0] == 0).any()  # the header's dots in the top margin
        assert out[900, 560 + 84 - 3:560 + 84 + 4, 0].min() == 0  # the seal's ring
    big = cv2.resize(_page(), None, fx=2.5, fy=2.5)  # 300 dpi: 10 px/mm
    modes = set()
    for seed in range(12):
        out, params = photocopy(big, np.random.default_rng(seed), "fax")
        rows = out[650:790, 200:1750, 0].astype(np.int16)  # the printed line
        same = float((np.abs(np.diff(rows, axis=0)).sum(axis=1) == 0).mean())
        # a dot line repeated over the page's rows: ten to a mm over 7.7 or 3.85 lines
        assert same >= (0.5 if params["mode"] == "standard" else 0.15), (seed, same)
        modes.add(params["mode"])
    assert modes == {"fine", "standard"}


def test_tinted_copy_is_one_cast_over_everything_with_low_contrast() -> None:
    out, params = photocopy(_page(), np.random.default_rng(4), "tinted")
    f = out.astype(np.float32)
    paper = np.median(f[40:200, 40:800].reshape(-1, 3), axis=0)
    seal = f[900, 560 + 84 - 2:560 + 84 + 3].mean(axis=0)
    # the seal is darker but of the paper's hue: the ratio of channels is the same
    assert np.allclose(seal / seal.sum(), paper / paper.sum(), atol=0.02)
    assert f[260:310, 80:700].min() >= 0.15 * paper.min()  # the darkest toner is not black
    assert params["cast"] and 0.2 <= params["floor"] <= 0.4


@pytest.mark.parametrize("style", STYLES)
def test_the_same_seed_makes_the_same_copy_and_another_seed_another(style: str) -> None:
    page = _page()
    a, pa = photocopy(page, np.random.default_rng(7), style)  # type: ignore[arg-type]
    b, pb = photocopy(page, np.random.default_rng(7), style)  # type: ignore[arg-type]
    c, _ = photocopy(page, np.random.default_rng(8), style)  # type: ignore[arg-type]
    assert np.array_equal(a, b) and pa == pb
    assert not np.array_equal(a, c)


def test_the_print_stays_legible_on_every_style() -> None:
    """The black print keeps its contrast against the paper beside it (nothing washed out)."""
    page = _page()
    for seed in range(6):
        for style in STYLES:
            out, _ = photocopy(page, np.random.default_rng(seed), style)
            grey = out.mean(axis=2)
            ink = np.percentile(grey[260:310, 80:700], 3)
            paper = np.median(grey[40:200, 40:800])
            assert paper - ink >= 100, (style, seed)


def test_a_page_that_is_not_rgb_uint8_or_an_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError):
        photocopy(np.zeros((10, 10), np.uint8), np.random.default_rng(0), "toner")
    with pytest.raises(ValueError):
        photocopy(_page(), np.random.default_rng(0), "sepia")  # type: ignore[arg-type]


def test_a_clerks_note_is_pen_on_the_copy_and_keeps_it_a_copy() -> None:
    """此复印件与原件一致, a name and a date written in a free space low on a copy, in black
    or blue pen: the page is still a grey copy to the reader (a pen is no seal's colour),
    and the wordings are split between the parts."""
    import datetime as dt
    import random

    from mchverify.extractors.seals import is_grey_copy
    from mchverify.synth.copier import ATTESTATIONS, attest
    from mchverify.synth.fonts import faces_of
    from mchverify.synth.parts import Part, split

    copy, _ = photocopy(_page(), np.random.default_rng(1), "toner")
    face = next(f for f in faces_of(Part.TUNE) if f.style == "kai")
    seen = set()
    for seed in range(12):
        out, note = attest(copy, random.Random(seed), face, Part.TUNE, dt.date(2026, 3, 5))
        seen.add(tuple(note["ink"]))
        x0, y0, _x1, _y1 = note["box_px"]
        x1, y1 = note["box_px"][2:]
        assert y0 > 0.5 * copy.shape[0] and note["date"] in ("2026.3.5", "2026年3月5日")
        # written where there is room, not over the certificate's print
        assert (copy[y0:y1, x0:x1].mean(axis=2) < 120).mean() < 0.01, note
        changed = np.abs(out.astype(int) - copy.astype(int)).max(axis=2) > 40
        assert changed.any() and not changed[:y0].any() and not changed[:, :x0].any()
        assert is_grey_copy(np.ascontiguousarray(out[..., ::-1])), note
    assert any(ink[2] > 150 for ink in seen), "a blue pen among the draws"
    tune = {w for w, _ in split(ATTESTATIONS, Part.TUNE)}
    held = {w for w, _ in split(ATTESTATIONS, Part.HELDOUT)}
    assert tune - held and held - tune and all("原件" in w for w in tune | held)


def test_a_clerks_note_goes_where_there_is_room_not_over_the_print() -> None:
    """A footer printed across the bottom margin (本证须悬挂在…): the clerk writes higher up,
    in the free space, and the footer stays as printed (a note over the print hid it and
    made the note unreadable to the reader)."""
    import datetime as dt
    import random

    from mchverify.synth.copier import attest
    from mchverify.synth.fonts import faces_of
    from mchverify.synth.parts import Part

    page = _page()
    for y in range(int(0.86 * page.shape[0]), int(0.97 * page.shape[0]), 34):
        cv2.putText(page, "FOOTER PRINTED LINE OF THE BLANK", (20, y),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.0, (25, 25, 25), 3)
    copy, _ = photocopy(page, np.random.default_rng(2), "toner")
    face = next(f for f in faces_of(Part.TUNE) if f.style == "kai")
    for seed in range(6):
        out, note = attest(copy, random.Random(seed), face, Part.TUNE, dt.date(2026, 3, 5))
        x0, y0, x1, y1 = note["box_px"]
        assert (copy[y0:y1, x0:x1].mean(axis=2) < 120).mean() < 0.01, note
        bottom = slice(int(0.8 * copy.shape[0]), None)
        footer = copy[bottom].mean(axis=2) < 120
        moved = np.abs(out[bottom].astype(int) - copy[bottom].astype(int)).max(axis=2) > 40
        assert (moved & footer).sum() < 0.001 * footer.sum(), "the footer stays as printed"

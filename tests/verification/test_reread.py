"""A second look: a disputed value is replaced only when the page, read again, prints the
registry's value; a value printed differently stays disputed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mchverify.extractors.ocr.base import OcrPage
from mchverify.extractors.pages import PageImage
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import ExtractionResult, FieldValue, PageInfo, TextLine
from mchverify.schemas.verification import FlagCode
from mchverify.verification.checks import MIN_CONFIDENCE, run_checks
from mchverify.verification.reread import reread_disputed
from tests.verification.test_checks import AS_OF, ASSESSMENT, registry
from tests.verification.test_forensics import paper, ring

KIND = DocType.MCH_ASSESSMENT_CERTIFICATE
REGISTRY = registry()
BOX = (400.0, 200.0, 700.0, 240.0)  # 40 px high


class FakeEngine:
    """Reads a crop as `narrow` or, when cut wider than the box (≥ 1 line height a side),
    as `wide`; a page band as `band` lines. Counts the crops it was given."""

    name = "fake"

    def __init__(self, narrow: str, wide: str, score: float = 0.95,
                 band: list[TextLine] | None = None) -> None:
        self.narrow, self.wide, self.score, self.band = narrow, wide, score, band or []
        self.crops = 0

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [(self.wide if c.shape[1] >= 300 + 2 * 40 else self.narrow, self.score)
                for c in crops]

    def read(self, image: np.ndarray) -> OcrPage:
        return OcrPage(lines=list(self.band), width=image.shape[1], height=image.shape[0])


def reading(**override: object) -> ExtractionResult:
    fields = {k: FieldValue(value=v, confidence=0.95, page=1, box=(0, 500 + 10 * i, 100, 508 + 10 * i))
              for i, (k, v) in enumerate(ASSESSMENT.items())}
    for name, value in override.items():
        if value is None:
            del fields[name]
        else:
            fields[name] = fields[name].model_copy(update={"value": value, "box": BOX})
    page = PageInfo(number=1, source="ocr", width=1000, height=1400,
                    lines=[TextLine(text="母婴保健技术考核合格证书", box=(100, 50, 900, 90))])
    return ExtractionResult(file="f.jpg", doc_type=KIND, pages=[page], fields=fields)


def second_look(result: ExtractionResult, engine: FakeEngine,
                image: Callable[[], np.ndarray] = paper) -> ExtractionResult:
    return reread_disputed(result, [PageImage(number=1, image=image(), scanned=True)],
                           REGISTRY, engine, min_confidence=MIN_CONFIDENCE)


def codes(result: ExtractionResult) -> list[FlagCode]:
    return [f.code for f in run_checks(result, as_of=AS_OF, registry=REGISTRY)]


def test_a_character_dropped_at_the_line_end_comes_back_in_a_wider_cut() -> None:
    read = reading(issuer="州市西湖区卫生健康局")
    assert FlagCode.REGISTRY_MISMATCH in codes(read)
    out = second_look(read, FakeEngine("州市西湖区卫生健康局", "杭州市西湖区卫生健康局"))
    fv = out.fields["issuer"]
    assert (fv.value, fv.source, fv.box) == ("杭州市西湖区卫生健康局", "reread", BOX)
    assert out.contract_json()["reread"] == ["issuer"]
    assert codes(out) == []


def test_a_label_character_taken_into_a_name_is_dropped() -> None:
    out = second_look(reading(name="名王芳"), FakeEngine("名王芳", "姓名王芳"))
    assert out.fields["name"].value == "王芳" and codes(out) == []


def test_a_value_printed_differently_stays_a_registry_mismatch() -> None:
    # a forged date reads the same however it is cut
    read = reading(issue_date="2025-03-06")
    out = second_look(read, FakeEngine("2025年3月6日", "发证日期2025年3月6日"))
    assert out.fields["issue_date"].value == "2025-03-06" and out.fields["issue_date"].source == "read"
    assert FlagCode.REGISTRY_MISMATCH in codes(out)
    # and a name with one more character is another name, not the record's
    out = second_look(reading(name="王芳芳"), FakeEngine("王芳芳", "姓名王芳芳"))
    assert FlagCode.REGISTRY_MISMATCH in codes(out)


def test_a_weak_re_read_is_not_taken_and_agreeing_values_are_not_re_read() -> None:
    out = second_look(reading(issuer="州市西湖区卫生健康局"),
                      FakeEngine("州市", "杭州市西湖区卫生健康局", score=0.3))
    assert out.fields["issuer"].value == "州市西湖区卫生健康局"
    engine = FakeEngine("x", "y")
    assert second_look(reading(), engine) == reading() and engine.crops == 0


def test_an_unknown_certificate_number_is_kept_unless_the_re_read_one_is_registered() -> None:
    read = reading(certificate_number="杭考00l")
    out = second_look(read, FakeEngine("杭考00l", "证书编号杭考001"))
    assert out.fields["certificate_number"].value == "杭考001"
    assert FlagCode.NOT_IN_REGISTRY not in codes(out)
    out = second_look(read, FakeEngine("杭考009", "杭考009"))
    assert out.fields["certificate_number"].value == "杭考00l"
    assert FlagCode.NOT_IN_REGISTRY in codes(out)


def test_a_value_missed_under_a_seal_is_found_in_the_seal_band_read_again() -> None:
    band = [TextLine(text="杭州市西湖区卫生健康局", box=(380, 100, 720, 140), score=0.97)]
    sealed = lambda: ring(paper(), 550, 900, 140)
    out = second_look(reading(issuer=None), FakeEngine("x", "y", band=band), sealed)
    fv = out.fields["issuer"]
    assert fv.value == "杭州市西湖区卫生健康局" and fv.source == "reread"
    assert fv.box[1] > 700  # in page coordinates: the band starts above the seal
    assert FlagCode.LOW_CONFIDENCE not in codes(out)
    # not on a page without a seal, and not when the band prints another authority
    assert "issuer" not in second_look(reading(issuer=None), FakeEngine("x", "y", band=band)).fields
    other = [band[0].model_copy(update={"text": "杭州市上城区卫生健康局"})]
    assert "issuer" not in second_look(reading(issuer=None),
                                       FakeEngine("x", "y", band=other), sealed).fields


def test_a_lone_value_not_boxed_beside_its_label_is_read_from_the_strip_after_it() -> None:
    """Regression (bench seed 2026, doc0440): 性别 was read, its lone 女 never boxed."""
    read = reading(gender=None)
    label = TextLine(text="性別", box=(317.0, 706.0, 415.0, 764.0), score=0.76)
    read.pages[0].lines.append(label)
    assert FlagCode.LOW_CONFIDENCE in codes(read)
    expected = ASSESSMENT["gender"]
    printed = {"female": "女", "male": "男"}[expected]
    out = second_look(read, FakeEngine(printed, printed))
    fv = out.fields["gender"]
    assert (fv.value, fv.source) == (expected, "reread")
    assert fv.box[0] == 415.0 and fv.box[2] > 415.0 + 5 * 58  # the strip right of the label
    assert codes(out) == []
    other = {"女": "男", "男": "女"}[printed]
    # the other gender printed there is not taken: the field stays unread for a person
    assert "gender" not in second_look(read, FakeEngine(other, other)).fields


def test_a_copys_seal_band_is_searched_on_a_second_cleaning_too() -> None:
    """A copy whose grey seal is as dark as the print keeps it on the reader's page; the
    seal band is searched again on a page with the seal cut by force (the date under its
    star reads on one or the other). A colour page has one cleaning only."""
    import cv2

    from mchverify.verification.reread import _Pages

    grey = np.full((1400, 1000, 3), 250, np.uint8)
    for y in range(200, 1300, 110):
        cv2.putText(grey, "TEXT LINE 12345", (80, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4,
                    (20, 20, 20), 3)
    cv2.circle(grey, (600, 960), 150, (45, 45, 45), 10)
    cv2.circle(grey, (600, 960), 30, (45, 45, 45), -1)
    cv2.ellipse(grey, (600, 960), (120, 120), 0, 200, 340, (45, 45, 45), 14)
    colour = grey.copy()
    cv2.circle(colour, (600, 960), 150, (40, 40, 220), 10)
    pages = _Pages([PageImage(number=1, image=grey, scanned=True),
                    PageImage(number=2, image=colour, scanned=True)])
    assert pages.seals(1) and len(pages.cleanings(1)) == 2
    assert np.array_equal(pages.cleanings(1)[0], grey)
    assert len(pages.cleanings(2)) == 1


class _ReadsUnderStar(FakeEngine):
    """Reads the date's day whole only where the seal's grey is gone from the crop."""

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [("2025年3月5日" if not ((c > 30) & (c < 60)).any() else "2025年3月8日", 0.97)
                for c in crops]


def test_a_copys_disputed_date_is_read_again_with_its_grey_seal_lifted_by_force() -> None:
    """A grey copy whose seal is as dark as the print (bench tune seed 31, doc0017): the
    day under the star read 01 for 04 on the page the reader had, and the second look cut
    the same page again; with the seal lifted by force it reads whole."""
    import cv2

    def copy_page() -> np.ndarray:
        page = np.full((1400, 1000, 3), 250, np.uint8)
        cv2.circle(page, (550, 220), 150, (40, 40, 40), 10)  # the seal's ring over the date
        cv2.circle(page, (550, 220), 30, (40, 40, 40), -1)  # and its star
        cv2.ellipse(page, (550, 220), (120, 120), 0, 200, 340, (40, 40, 40), 14)
        for y in range(300, 1300, 110):
            cv2.putText(page, "TEXT LINE 12345", (80, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4,
                        (5, 5, 5), 3)
        return page

    read = reading(issue_date="2025-03-08")
    out = second_look(read, _ReadsUnderStar("", ""), copy_page)
    fv = out.fields["issue_date"]
    assert (fv.value, fv.source) == ("2025-03-05", "reread")
    # a date printed otherwise reads otherwise on every cleaning, and stays disputed
    printed_otherwise = second_look(read, FakeEngine("2025年3月8日", "2025年3月8日"), copy_page)
    assert printed_otherwise.fields["issue_date"].value == "2025-03-08"

"""Registry-guided location: a missed value is found only where the page prints it."""

from __future__ import annotations

from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import ExtractionResult, FieldValue, PageInfo, TextLine
from mchverify.schemas.verification import FlagCode
from mchverify.verification.checks import run_checks
from mchverify.verification.locate import locate_from_registry
from tests.verification.test_checks import AS_OF, ASSESSMENT, DictRegistry, entry

KIND = DocType.MCH_ASSESSMENT_CERTIFICATE
REGISTRY = DictRegistry(entry(KIND, ASSESSMENT))


def reading(missing: list[str], lines: list[str]) -> ExtractionResult:
    """The assessment certificate read without `missing`; `lines` printed on its page,
    one per row; each read field's box is a line of its own below them."""
    text = [TextLine(text=t, box=(0, 10 * i, 100, 10 * i + 8), score=0.97)
            for i, t in enumerate(lines)]
    fields = {k: FieldValue(value=v, confidence=0.95, page=1, box=(0, 500 + 10 * i, 100, 508 + 10 * i))
              for i, (k, v) in enumerate(ASSESSMENT.items()) if k not in missing}
    used = [TextLine(text=str(fv.value), box=fv.box, score=0.95) for fv in fields.values()
            if fv.box is not None]
    page = PageInfo(number=1, source="ocr", width=100, height=700, lines=text + used)
    return ExtractionResult(file="f.jpg", doc_type=KIND, pages=[page], fields=fields)


def located(missing: list[str], lines: list[str]) -> ExtractionResult:
    return locate_from_registry(reading(missing, lines), REGISTRY)


def test_a_missed_name_printed_on_its_own_line_is_located_there() -> None:
    out = located(["name"], ["姓", "王芳", "别女"])
    fv = out.fields["name"]
    assert fv.value == "王芳" and fv.source == "registry" and fv.box == (0, 10, 100, 18)
    assert out.contract_json()["located_from_registry"] == ["name"]
    assert FlagCode.LOW_CONFIDENCE not in [
        f.code for f in run_checks(out, as_of=AS_OF, registry=REGISTRY)]


def test_a_value_not_on_the_page_stays_missing_and_is_flagged() -> None:
    out = located(["name"], ["姓", "王方", "别女"])  # another name: never "found"
    assert "name" not in out.fields
    flags = run_checks(out, as_of=AS_OF, registry=REGISTRY)
    assert [f.fields for f in flags if f.code is FlagCode.LOW_CONFIDENCE] == [["name"]]


def test_a_name_inside_a_longer_line_or_on_two_lines_is_not_located() -> None:
    assert "name" not in located(["name"], ["王芳妇幼保健所地址"]).fields
    assert "name" not in located(["name"], ["王芳", "王芳"]).fields


def test_a_date_is_located_in_any_printed_form_but_not_from_another_fields_line() -> None:
    out = located(["issue_date"], ["发证日期", "二〇二五年三月五日"])
    assert out.fields["issue_date"].value == "2025-03-05"
    # the date printed only on the line valid_until was read from: not evidence of issue_date
    res = reading(["issue_date"], [])
    res.fields["valid_until"] = res.fields["valid_until"].model_copy(update={"value": "2025-03-05"})
    res.pages[0].lines.append(TextLine(text="2025年3月5日", box=res.fields["valid_until"].box))
    assert "issue_date" not in locate_from_registry(res, REGISTRY).fields


def test_a_long_issuer_is_located_under_its_lookalike_tolerance() -> None:
    out = located(["issuer"], ["发证机关：杭州市西湖区卫生健康局"])
    assert out.fields["issuer"].value == ASSESSMENT["issuer"]
    assert "issuer" not in located(["issuer"], ["宁波市西湖区卫生健康局"]).fields


def test_nothing_is_located_without_a_record() -> None:
    res = reading(["name"], ["王芳"])
    assert locate_from_registry(res, DictRegistry()) is res
    assert locate_from_registry(res, None) is res


def test_a_missed_certificate_number_is_located_only_when_the_registry_holds_it() -> None:
    out = located(["certificate_number"], ["编", "杭考001"])
    fv = out.fields["certificate_number"]
    assert fv.value == "杭考001" and fv.source == "registry" and fv.box == (0, 10, 100, 18)
    codes = [f.code for f in run_checks(out, as_of=AS_OF, registry=REGISTRY)]
    assert FlagCode.LOW_CONFIDENCE not in codes and FlagCode.NOT_IN_REGISTRY not in codes
    # after an unread label too
    assert located(["certificate_number"], ["证书编号：杭考001"]).fields[
        "certificate_number"].value == "杭考001"
    # a number the registry does not hold is not "found": the reviewer is asked
    out = located(["certificate_number"], ["编", "杭考002"])
    assert "certificate_number" not in out.fields
    flags = run_checks(out, as_of=AS_OF, registry=REGISTRY)
    assert [f.fields for f in flags if f.code is FlagCode.LOW_CONFIDENCE] == [
        ["certificate_number"]]


def test_a_date_read_with_numerals_lost_under_the_seal_is_located_from_the_record() -> None:
    # 二〇二五年三月五日 with a numeral of its year lost, two, or its 月 (a copy's seal)
    for fragment in ("二〇二年三月五日", "二五年三月五日", "二〇二五年三五日"):
        out = located(["issue_date"], ["发证日期", fragment])
        fv = out.fields["issue_date"]
        assert (fv.value, fv.source, fv.raw) == ("2025-03-05", "registry", fragment)
        assert FlagCode.LOW_CONFIDENCE not in [
            f.code for f in run_checks(out, as_of=AS_OF, registry=REGISTRY)]


def test_a_date_read_otherwise_or_missing_a_part_is_not_located() -> None:
    for fragment in (
        "二〇二五年三月六日",  # a whole date, another day: judged as read, never "found"
        "二〇二五年三月七五日",  # a numeral read as another: no loss explains it
        "二〇二五年三月",  # no day left: any day of the month fits
        "二五年三章五日",  # a mark read as a word
        "二五年五日",  # three lost, and the month's numeral with them
    ):
        out = located(["issue_date"], ["发证日期", fragment])
        assert "issue_date" not in out.fields, fragment
    # a weak read's own line may hold the record's date in part
    res = reading(["issue_date"], ["二〇二五年三五日"])
    res.fields["issue_date"] = FieldValue(value="2025-05-01", confidence=0.4, page=1,
                                          box=res.pages[0].lines[0].box)
    assert locate_from_registry(res, REGISTRY).fields["issue_date"].value == "2025-03-05"


def test_a_date_with_one_numeral_blotted_into_a_word_is_located_from_the_record() -> None:
    """A toner copy (tune bench-verify seed 1402, doc0025): 二〇二六年 under the seal read
    二〇冬六年, one numeral a word. A word contradicts no numeral: the read shows the
    record's date in part. Two blotted, or one and a numeral read as another, do not."""
    out = located(["issue_date"], ["发证日期", "二〇冬五年三月五日"])
    assert (out.fields["issue_date"].value, out.fields["issue_date"].source) == (
        "2025-03-05", "registry")
    for fragment in ("二〇冬冬年三月五日", "二〇冬五年三月六日", "二〇二五年三月冬日"):
        assert "issue_date" not in located(["issue_date"], ["发证日期", fragment]).fields, fragment


def test_a_date_the_detector_cut_in_two_beside_each_other_is_located_from_the_record() -> None:
    """A fax (tune bench-verify seed 1402, doc0000): 二〇一二年四月二十三日 boxed as 二〇 and
    年四月二十日, the ring across 一二 and 三. Neither piece shows the date; the two side by
    side do. Pieces on different rows are not joined."""
    def with_pieces(second_top: float) -> ExtractionResult:
        res = reading(["issue_date"], [])
        res.pages[0].lines.extend([
            TextLine(text="二〇", box=(40, 100, 60, 110), score=0.99),
            TextLine(text="年三月五日", box=(66, second_top, 120, second_top + 10), score=0.93)])
        return locate_from_registry(res, REGISTRY)

    fv = with_pieces(101).fields["issue_date"]
    assert (fv.value, fv.raw, fv.source) == ("2025-03-05", "二〇年三月五日", "registry")
    assert fv.box == (40, 100, 120, 111)
    assert "issue_date" not in with_pieces(125).fields


def test_an_unsure_strip_is_located_only_when_every_read_of_it_agrees_with_the_record() -> None:
    """A toner copy (tune bench-verify seed 1402, doc0011): the issue date's strip under the
    seal read 二〇二年三月二十七 by most ways and otherwise by others, so at 0.5. When
    every way's read shows the record's date in part, none contradicts it: located. A
    way that read another date, or other words, leaves it to the reviewer; so does an
    unsure line with no other reads to hold against the record."""
    def strip(*alternatives: str) -> ExtractionResult:
        res = reading(["issue_date"], [])
        res.pages[0].lines.append(TextLine(text="二〇二年三月五", box=(40, 100, 120, 110),
                                           score=0.5, alternatives=alternatives))
        return locate_from_registry(res, REGISTRY)

    out = strip("二〇二五年三月五", "〇二五年三月五日", "二〇二年年三月五")  # 年 read twice
    fv = out.fields["issue_date"]
    assert (fv.value, fv.source) == ("2025-03-05", "registry")
    assert FlagCode.LOW_CONFIDENCE not in [
        f.code for f in run_checks(out, as_of=AS_OF, registry=REGISTRY)]
    for others in (("二〇二五年三月六日",), ("专用章",), ()):
        assert "issue_date" not in strip(*others).fields, others

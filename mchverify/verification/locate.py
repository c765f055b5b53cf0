"""Registry-guided location: find on the page a required value the extraction did not get.

When the key-value parser misses a field (its label split by OCR, a value on a row of its
own), the registry record of the certificate says what the value should be. If that exact
value — under the field's own tolerance, crosscheck.FIELD_TOLERANCE — is printed on the page,
on a line no other field was read from, the document shows it and the field is located there
(`FieldValue.source = "registry"`, with the line's box and confidence): a reviewer need not be
asked to read it. A value that is *not* on the page stays missing (LOW_CONFIDENCE), so a forged
value is never "found" this way; only values already read-missing are looked for, so a value
that was read and differs is still a REGISTRY_MISMATCH.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from mchverify.extractors.field_specs import DOC_SPECS, Kind
from mchverify.extractors.fields import parse_value, value_text
from mchverify.extractors.normalize import find_dates, normalize_identifier, shows_date_in_part
from mchverify.schemas.codes import DocType
from mchverify.schemas.documents import required_fields
from mchverify.schemas.extraction import ExtractionResult, FieldValue, TextLine
from mchverify.schemas.registry import RegistryEntry
from mchverify.verification.checks import MIN_CONFIDENCE
from mchverify.verification.crosscheck import FIELD_TOLERANCE, Tolerance, compare_field
from mchverify.verification.registry import RegistryAdapter

__all__ = ["LOCATABLE", "line_holds", "line_shows_in_part", "locate_from_registry",
           "locate_missing", "locate_number"]

#: Fields looked for. Not gender (one character, 男/女, is on too many lines to tell) and not
#: lists (their items are spread over several lines and wrap).
DATE_FIELDS = frozenset(spec.name for specs in DOC_SPECS.values() for spec in specs
                        if spec.kind in (Kind.DATE, Kind.VALID_FROM, Kind.VALID_UNTIL))
_TEXT_FIELDS = frozenset(name for name, tol in FIELD_TOLERANCE.items()
                         if tol is not Tolerance.SET and name != "gender")
LOCATABLE = (DATE_FIELDS | _TEXT_FIELDS) - {"certificate_number"}
#: numerals a date's read may have lost under a seal and still show the record's date
_MOST_NUMERALS_LOST = 3
#: a name must be most of its line (not a name inside an institution or an address)
_MAX_EXTRA_CHARS = 2
#: shorter strings are not taken for certificate numbers (a date's digits, a room number)
_MIN_NUMBER_CHARS = 4


def _norm(text: Any) -> str:
    return normalize_identifier(str(text))


def line_holds(name: str, expected: str, line_text: str) -> bool:
    """The line prints `expected` (the field's tolerance; a person's name nearly alone)."""
    if name in DATE_FIELDS:
        return any(day.isoformat() == expected for day, _ in find_dates(line_text))
    text, want = _norm(line_text), _norm(expected)
    if not want:
        return False
    if FIELD_TOLERANCE.get(name) is Tolerance.EXACT and len(text) > len(want) + _MAX_EXTRA_CHARS:
        return False
    if want in text:
        return True
    if FIELD_TOLERANCE.get(name) is not Tolerance.LOOKALIKE or len(text) < len(want):
        return False
    # a window of the line as long as the value, equal under OCR look-alike tolerance
    return any(compare_field(name, text[i:i + len(want)], expected) is None
               for i in range(len(text) - len(want) + 1))


def line_shows_in_part(name: str, expected: str, line_text: str) -> bool:
    """The line is no date but `expected` (a date field's) with a few numerals lost under a
    seal (`normalize.shows_date_in_part`): the page agrees with the record as far as it
    can be read, and the record says which of the dates it fits is the one."""
    if name not in DATE_FIELDS:
        return False
    try:
        day = dt.date.fromisoformat(expected)
    except ValueError:
        return False
    return shows_date_in_part(line_text, day, _MOST_NUMERALS_LOST)


#: two lines are one line's pieces when they overlap this share of the shorter's height
#: and the gap between them is under this many line heights
_SAME_ROW, _PIECES_GAP = 0.5, 1.0


def _side_by_side(free: list[tuple[int, TextLine]]) -> list[tuple[int, TextLine]]:
    """Two lines the detector cut from one (二〇 | 年四月二十日: a seal's ring across the year)
    joined left to right, with their boxes' union and the lower score."""
    out = []
    for n, a in free:
        for m, b in free:
            if m != n or a is b or b.box[0] < a.box[0]:
                continue
            ha, hb = a.box[3] - a.box[1], b.box[3] - b.box[1]
            overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            gap = b.box[0] - a.box[2]
            if overlap >= _SAME_ROW * min(ha, hb) and -0.5 * max(ha, hb) <= gap \
                    <= _PIECES_GAP * max(ha, hb):
                box = (a.box[0], min(a.box[1], b.box[1]), b.box[2], max(a.box[3], b.box[3]))
                out.append((n, TextLine(text=a.text + b.text, box=box,
                                        score=min(a.score, b.score))))
    return out


def _every_read_agrees(name: str, expected: str, line: TextLine) -> bool:
    """An unsure line (the ways that read a seal's strip disagreed) whose every read holds
    the record's value or shows it in part: the reads differ only in what the seal hid,
    and none contradicts the record, so together they vouch for it as far as the checks
    ask (a mark read twice is read once). A way that read anything else — another date,
    other words — leaves it unsure."""
    reads = (_STUTTER.sub(r"\1", t) for t in (line.text, *line.alternatives))
    return bool(line.alternatives) and all(
        line_holds(name, expected, text) or line_shows_in_part(name, expected, text)
        for text in reads)


#: a date's mark read twice over (二〇二年年三月: the recogniser's stutter on a blot), one mark
_STUTTER = re.compile(r"([年月日])\1+")


def _used_boxes(result: ExtractionResult) -> set[tuple[int, tuple[float, ...]]]:
    return {(fv.page, tuple(fv.box)) for fv in result.fields.values() if fv.box is not None}


def locate_missing(result: ExtractionResult, entry: RegistryEntry | None,
                   names: list[str], *, min_confidence: float) -> ExtractionResult:
    """`result` with each of `names` that is missing or weak located from the registry's value
    when the page prints it on an otherwise unused line (see the module's policy)."""
    if entry is None:
        return result
    used = _used_boxes(result)
    found: dict[str, FieldValue] = {}
    for name in names:
        fv = result.fields.get(name)
        expected = entry.fields.get(name)
        if (fv is not None and fv.confidence >= min_confidence) or name not in LOCATABLE \
                or not isinstance(expected, str) or not expected:
            continue
        # the line the weak value itself was read from may hold the record's value
        own = {(fv.page, tuple(fv.box))} if fv is not None and fv.box is not None else set()
        free = [(page.number, line) for page in result.pages for line in page.lines
                if (page.number, tuple(line.box)) not in used - own]
        hits = [(n, line) for n, line in free if line_holds(name, expected, line.text)] or [
            (n, line) for n, line in free if line_shows_in_part(name, expected, line.text)] or [
            (n, line) for n, line in _side_by_side(free)
            if line_shows_in_part(name, expected, line.text)]
        if len(hits) != 1:
            continue  # absent, or on several lines: which one is the field is not known
        page, line = hits[0]
        score = line.score if line.score >= min_confidence else (
            min_confidence if _every_read_agrees(name, expected, line) else None)
        if score is None:
            continue
        found[name] = FieldValue(value=expected, confidence=score, page=page, box=line.box,
                                 raw=line.text, source="registry")
        used.add((page, tuple(line.box)))
    if not found:
        return result
    return result.model_copy(update={"fields": {**result.fields, **found}})


def _number_candidates(doc_type: DocType, text: str) -> list[str]:
    """What a line may hold as a certificate number: all of it, or what follows its label."""
    spec = next(s for s in DOC_SPECS[doc_type] if s.name == "certificate_number")
    out = [_norm(text)]
    parsed = parse_value(Kind.IDENTIFIER, value_text(text, spec.labels))
    if parsed is not None and isinstance(parsed.value, str):
        out.append(_norm(parsed.value))
    return [c for c in dict.fromkeys(out) if len(c) >= _MIN_NUMBER_CHARS
            and any(ch.isdigit() for ch in c)]


def locate_number(result: ExtractionResult, registry: RegistryAdapter) -> ExtractionResult:
    """A certificate number the parser missed (its label unread): the one unused line that
    is, whole or after its label, a number the registry holds for this document type. A
    number the registry does not hold is never "found", so NOT_IN_REGISTRY still stands."""
    used = _used_boxes(result)
    hits = []
    for page in result.pages:
        for line in page.lines:
            if (page.number, tuple(line.box)) in used or line.score < MIN_CONFIDENCE:
                continue
            for cand in _number_candidates(result.doc_type, line.text):
                entry = registry.lookup(result.doc_type, cand)
                if entry is not None:
                    hits.append((page.number, line, entry.certificate_number))
                    break
    if len(hits) != 1:
        return result
    page_no, line, value = hits[0]
    fv = FieldValue(value=value, confidence=line.score, page=page_no, box=line.box,
                    raw=line.text, source="registry")
    return result.model_copy(update={"fields": {**result.fields, "certificate_number": fv}})


def locate_from_registry(result: ExtractionResult,
                         registry: RegistryAdapter | None) -> ExtractionResult:
    """The required fields the extraction missed, located from the certificate's record."""
    if registry is None or result.doc_type is DocType.OTHER:
        return result
    number = result.fields.get("certificate_number")
    if number is None or not number.value:
        result = locate_number(result, registry)
        number = result.fields.get("certificate_number")
        if number is None:
            return result
    entry = registry.lookup(result.doc_type, str(number.value))
    return locate_missing(result, entry, required_fields(result.doc_type),
                          min_confidence=MIN_CONFIDENCE)

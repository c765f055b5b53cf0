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

from typing import Any

from mchverify.extractors.field_specs import DOC_SPECS, Kind
from mchverify.extractors.normalize import find_dates, normalize_identifier
from mchverify.schemas.codes import DocType
from mchverify.schemas.documents import required_fields
from mchverify.schemas.extraction import ExtractionResult, FieldValue, TextLine
from mchverify.schemas.registry import RegistryEntry
from mchverify.verification.checks import MIN_CONFIDENCE
from mchverify.verification.crosscheck import FIELD_TOLERANCE, Tolerance, compare_field
from mchverify.verification.registry import RegistryAdapter

__all__ = ["LOCATABLE", "locate_from_registry", "locate_missing"]

#: Fields looked for. Not gender (one character, 男/女, is on too many lines to tell) and not
#: lists (their items are spread over several lines and wrap).
DATE_FIELDS = frozenset(spec.name for specs in DOC_SPECS.values() for spec in specs
                        if spec.kind in (Kind.DATE, Kind.VALID_FROM, Kind.VALID_UNTIL))
_TEXT_FIELDS = frozenset(name for name, tol in FIELD_TOLERANCE.items()
                         if tol is not Tolerance.SET and name != "gender")
LOCATABLE = (DATE_FIELDS | _TEXT_FIELDS) - {"certificate_number"}
#: a name must be most of its line (not a name inside an institution or an address)
_MAX_EXTRA_CHARS = 2


def _norm(text: Any) -> str:
    return normalize_identifier(str(text))


def _line_holds(name: str, expected: str, line: TextLine) -> bool:
    """The line prints `expected` (the field's tolerance; a person's name nearly alone)."""
    if name in DATE_FIELDS:
        return any(day.isoformat() == expected for day, _ in find_dates(line.text))
    text, want = _norm(line.text), _norm(expected)
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
        hits = [(page.number, line) for page in result.pages for line in page.lines
                if (page.number, tuple(line.box)) not in used
                and _line_holds(name, expected, line)]
        if len(hits) != 1:
            continue  # absent, or on several lines: which one is the field is not known
        page, line = hits[0]
        if line.score < min_confidence:
            continue
        found[name] = FieldValue(value=expected, confidence=line.score, page=page, box=line.box,
                                 raw=line.text, source="registry")
        used.add((page, tuple(line.box)))
    if not found:
        return result
    return result.model_copy(update={"fields": {**result.fields, **found}})


def locate_from_registry(result: ExtractionResult,
                         registry: RegistryAdapter | None) -> ExtractionResult:
    """The required fields the extraction missed, located from the certificate's record."""
    number = result.fields.get("certificate_number")
    if registry is None or number is None or result.doc_type is DocType.OTHER \
            or not number.value:
        return result
    entry = registry.lookup(result.doc_type, str(number.value))
    return locate_missing(result, entry, required_fields(result.doc_type),
                          min_confidence=MIN_CONFIDENCE)

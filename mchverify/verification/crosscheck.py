"""Compare what a document says with the registry's record, field by field.

The tolerance is a policy per field (FIELD_TOLERANCE), not one global threshold:

- ``exact``: names of people, ID numbers, dates, codes. One character or digit is another
  person or another day, so it is always a mismatch.
- ``identifier``: certificate numbers, equal after the contract's normalisation (NFKC,
  no whitespace, brackets unified).
- ``set``: lists (categories, departments): the same items, in any order.
- ``lookalike``: long free text (addresses, institutions, issuers). Besides equality, a few
  substituted characters are tolerated when OCR explains them: at most one per ten
  characters, each pair of glyphs alike when rendered (see extractors/glyphs.py), never a digit,
  Latin letter or Chinese numeral, and never one that changes the place: the divisions
  the text names (杭州市 vs 湖州市) must be the same. Punctuation between items (、；，) is
  ignored: OCR drops it, and it never changes what the text says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz.distance import Levenshtein

from mchverify.extractors.glyphs import looks_alike
from mchverify.extractors.normalize import normalize_identifier
from mchverify.schemas.registry import RegistryEntry
from mchverify.verification.issuer import issuer_division

__all__ = ["FIELD_TOLERANCE", "Difference", "Tolerance", "compare_field", "cross_check"]


class Tolerance(StrEnum):
    EXACT = "exact"
    IDENTIFIER = "identifier"
    SET = "set"
    LOOKALIKE = "lookalike"


FIELD_TOLERANCE: dict[str, Tolerance] = {
    "certificate_number": Tolerance.IDENTIFIER,
    # people and their identifiers
    "name": Tolerance.EXACT,
    "legal_representative": Tolerance.EXACT,
    "principal": Tolerance.EXACT,
    "id_number": Tolerance.EXACT,
    "gender": Tolerance.EXACT,
    "uscc": Tolerance.EXACT,
    # dates
    "birth_date": Tolerance.EXACT,
    "issue_date": Tolerance.EXACT,
    "valid_from": Tolerance.EXACT,
    "valid_until": Tolerance.EXACT,
    "last_validation_date": Tolerance.EXACT,
    # codes
    "physician_level": Tolerance.EXACT,
    "practice_category": Tolerance.EXACT,
    "title_level": Tolerance.EXACT,
    "institution_kind": Tolerance.EXACT,
    "title_name": Tolerance.EXACT,
    # lists
    "categories": Tolerance.SET,
    "licensed_items": Tolerance.SET,
    "mch_annotation_categories": Tolerance.SET,
    "clinical_departments": Tolerance.SET,
    "service_items": Tolerance.SET,
    # long free text
    "issuer": Tolerance.LOOKALIKE,
    "institution_name": Tolerance.LOOKALIKE,
    "work_unit": Tolerance.LOOKALIKE,
    "practice_institution": Tolerance.LOOKALIKE,
    "address": Tolerance.LOOKALIKE,
    "practice_scope": Tolerance.LOOKALIKE,
    "specialty": Tolerance.LOOKALIKE,
}

_CHARS_PER_TOLERATED_EDIT = 10
_NOT_TOLERATED = re.compile(r"[0-9A-Za-z〇零一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾]")


@dataclass(frozen=True)
class Difference:
    field: str
    read: Any
    expected: Any
    reason: str  # in Chinese, for the reviewer


def _norm(value: Any) -> str:
    return normalize_identifier(str(value))


_PUNCTUATION = re.compile(r"[、，,；;：:。·]")


def _lookalike_equal(read: str, expected: str) -> bool:
    """Equal but for a few substitutions OCR explains (see the module's policy); the
    punctuation between the items of a free text (医学检验、病理专业) is not its content."""
    a, b = _PUNCTUATION.sub("", _norm(read)), _PUNCTUATION.sub("", _norm(expected))
    if a == b:
        return True
    ops = Levenshtein.editops(a, b)
    if len(b) < _CHARS_PER_TOLERATED_EDIT or len(ops) > len(b) // _CHARS_PER_TOLERATED_EDIT:
        return False
    for op in ops:
        if op.tag != "replace":
            return False
        x, y = a[op.src_pos], b[op.dest_pos]
        if _NOT_TOLERATED.match(x) or _NOT_TOLERATED.match(y) or not looks_alike(x, y):
            return False
    return [d.code for d in issuer_division(a)] == [d.code for d in issuer_division(b)]


def _items_equal(read: list[str], expected: list[str]) -> bool:
    """The same items, each read as printed or but for what OCR explains: a separator a
    copy printed too faint to read (取出宫内节育器计划生育手术 is two of the record's items)
    and a look-alike character within an item (计划生育毛术). An item the record does not
    hold, or one it holds missing, still differs."""
    want = [_norm(v) for v in expected]
    if sorted(_norm(v) for v in read) == sorted(want):
        return True
    pieces = [p for v in read for p in (_segment(_norm(v), want) or [_norm(v)])]
    left = list(want)
    for piece in pieces:
        match = next((w for w in left if w == piece), None) or next(
            (w for w in left if len(w) == len(piece) and _lookalike_equal(piece, w)), None)
        if match is None:
            return False
        left.remove(match)
    return not left


def _segment(text: str, items: list[str]) -> list[str] | None:
    """`text` as a run of `items` glued together (each as printed or but for look-alike
    characters), fewest pieces first; None when it is no such run or is one item already."""
    if text in items:
        return None
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for item in items:
            start = end - len(item)
            head = best[start] if start >= 0 else None
            piece = text[start:end]
            if head is not None and (piece == item or _lookalike_equal(piece, item)):
                cand = [*head, piece]
                if best[end] is None or len(cand) < len(best[end] or []):
                    best[end] = cand
    found = best[len(text)]
    return found if found and len(found) > 1 else None


def compare_field(name: str, read: Any, expected: Any) -> Difference | None:
    """None when the read value agrees with the registry's under the field's tolerance."""
    tolerance = FIELD_TOLERANCE.get(name, Tolerance.EXACT)
    if tolerance is Tolerance.SET:
        same = _items_equal([str(v) for v in read or []], [str(v) for v in expected or []])
        reason = "项目与登记不一致"
    elif tolerance is Tolerance.LOOKALIKE:
        same = _lookalike_equal(str(read), str(expected))
        reason = "与登记不一致（超出 OCR 误差可解释的范围）"
    elif tolerance is Tolerance.IDENTIFIER:
        same = _norm(read) == _norm(expected)
        reason = "编号与登记不一致"
    else:
        same = str(read).strip().upper() == str(expected).strip().upper()
        reason = "与登记不一致"
    return None if same else Difference(field=name, read=read, expected=expected, reason=reason)


def cross_check(fields: dict[str, Any], entry: RegistryEntry) -> list[Difference]:
    """Every field both the document and the record hold, and how they differ."""
    out = []
    for name, expected in entry.fields.items():
        read = fields.get(name)
        if read is None or expected is None:
            continue
        diff = compare_field(name, read, expected)
        if diff is not None:
            out.append(diff)
    return out

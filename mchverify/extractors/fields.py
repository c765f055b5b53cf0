"""Find labelled values in rows of cells and parse them into the contract's values.

A row is read as one string (its cells joined without spaces), so a label OCR split in two
(姓 | 名) or a value split by a seal still reads whole; cells keep the boxes and scores.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from stdnum.cn import ric, uscc

from mchverify.extractors import normalize as nz
from mchverify.extractors.field_specs import DOC_SPECS, ISSUER_SUFFIXES, FieldSpec, Kind
from mchverify.extractors.layout import Cell, Row, union_box
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import FieldValue

__all__ = ["extract_fields", "parse_value", "ISSUER_RE"]

ISSUER_RE = re.compile(
    r"[\u4e00-\u9fff]{2,}?(?:" + "|".join(sorted(ISSUER_SUFFIXES, key=len, reverse=True)) + ")"
)
_COLONS = ":：;；,，.、"
_CJK = re.compile(r"[\u4e00-\u9fff·]")


@dataclass(frozen=True)
class Parsed:
    value: str | list[str]
    quality: float = 1.0


@dataclass(frozen=True)
class _Hit:
    specs: tuple[FieldSpec, ...]
    start: int
    end: int


# -- value parsers ---------------------------------------------------------------------------
def _text(v: str) -> Parsed | None:
    v = nz.clean_value(v).strip(_COLONS)
    return Parsed(v) if v else None


def _name(v: str) -> Parsed | None:
    v = "".join(_CJK.findall(nz.clean_value(v)))
    return Parsed(v) if 2 <= len(v) <= 6 else None


def _date(v: str) -> Parsed | None:
    d = nz.parse_date(v)
    return Parsed(d.isoformat()) if d else None


def _valid_until(v: str) -> Parsed | None:
    start, end = nz.parse_date_range(v)
    d = end or start
    return Parsed(d.isoformat()) if d else None


def _valid_from(v: str) -> Parsed | None:
    start, end = nz.parse_date_range(v)
    return Parsed(start.isoformat()) if start and end else None


def _enum(fn: Callable[[str], Enum | None]) -> Callable[[str], Parsed | None]:
    def parse(v: str) -> Parsed | None:
        code = fn(v)
        return Parsed(str(code.value)) if code is not None else None

    return parse


def _id_number(v: str) -> Parsed | None:
    n = nz.normalize_id_number(v)
    if len(n) != 18:
        return None
    return Parsed(n, 1.0 if ric.is_valid(n) else 0.5)


def _uscc(v: str) -> Parsed | None:
    n = nz.normalize_uscc(v)
    if len(n) != 18:
        return None
    return Parsed(n, 1.0 if uscc.is_valid(n) else 0.5)


def _identifier(v: str) -> Parsed | None:
    n = nz.normalize_identifier(v)
    return Parsed(n) if len(n) >= 3 else None


_ISSUER_LABELS = re.compile(
    "^(?:" + "|".join(next(s for s in DOC_SPECS[DocType.MCH_PRACTICE_LICENSE]
                           if s.name == "issuer").labels) + ")[:：]?"
)


def _issuer(v: str) -> Parsed | None:
    v = _ISSUER_LABELS.sub("", nz.clean_value(v))
    m = ISSUER_RE.search(v)
    if m:
        return Parsed(m.group(0))
    v = "".join(_CJK.findall(v))
    return Parsed(v, 0.5) if len(v) >= 4 else None


def _categories(v: str) -> Parsed | None:
    cats = nz.parse_categories(v)
    return Parsed([c.value for c in cats]) if cats else None


def _list(v: str) -> Parsed | None:
    items = nz.split_list(nz.clean_value(v).strip(_COLONS))
    return Parsed(items) if items else None


PARSERS: dict[Kind, Callable[[str], Parsed | None]] = {
    Kind.TEXT: _text,
    Kind.NAME: _name,
    Kind.DATE: _date,
    Kind.VALID_UNTIL: _valid_until,
    Kind.VALID_FROM: _valid_from,
    Kind.GENDER: _enum(nz.parse_gender),
    Kind.ID_NUMBER: _id_number,
    Kind.USCC: _uscc,
    Kind.IDENTIFIER: _identifier,
    Kind.ISSUER: _issuer,
    Kind.CATEGORIES: _categories,
    Kind.LIST: _list,
    Kind.PHYSICIAN_LEVEL: _enum(nz.parse_physician_level),
    Kind.PRACTICE_CATEGORY: _enum(nz.parse_practice_category),
    Kind.TITLE_LEVEL: _enum(nz.title_level_from_name),
}


def parse_value(kind: Kind, text: str) -> Parsed | None:
    """Parse printed text as a field of this kind; None when it does not hold one."""
    return PARSERS[kind](text)


# -- label finding -----------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _label_table(doc_type: DocType) -> tuple[re.Pattern[str], dict[str, tuple[FieldSpec, ...]]]:
    """One alternation of every label of the type, longest first, and label → specs."""
    table: dict[str, list[FieldSpec]] = {}
    for spec in DOC_SPECS[doc_type]:
        for label in spec.labels:
            table.setdefault(label, []).append(spec)
    labels = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(lb) for lb in labels))
    return pattern, {k: tuple(v) for k, v in table.items()}


def _cell_starts(row: Row) -> list[int]:
    starts, pos = [], 0
    for cell in row.cells:
        starts.append(pos)
        pos += len(cell.text)
    return starts


def _find_labels(row: Row, doc_type: DocType) -> list[_Hit]:
    """Label occurrences that really are labels: at a cell start, before a colon, or long."""
    pattern, table = _label_table(doc_type)
    text = row.text
    starts = set(_cell_starts(row))
    hits = []
    for m in pattern.finditer(text):
        after = text[m.end() : m.end() + 1]
        if m.start() in starts or after in ":：" or len(m.group(0)) >= 4:
            hits.append(_Hit(table[m.group(0)], m.start(), m.end()))
    return hits


def _cells_in(row: Row, start: int, end: int) -> list[Cell]:
    """Cells that overlap the character range [start, end) of the row's text."""
    out, pos = [], 0
    for cell in row.cells:
        nxt = pos + len(cell.text)
        if pos < end and nxt > start:
            out.append(cell)
        pos = nxt
    return out


# -- the extraction ---------------------------------------------------------------------------
def _field_value(parsed: Parsed, cells: list[Cell], raw: str) -> FieldValue:
    score = sum(c.score for c in cells) / len(cells) if cells else 0.5
    return FieldValue(
        value=parsed.value,
        confidence=max(0.0, min(1.0, score * parsed.quality)),
        page=cells[0].page if cells else 1,
        box=union_box(cells) if cells else None,
        raw=raw,
    )


def extract_fields(doc_type: DocType, rows: list[Row]) -> dict[str, FieldValue]:
    """Every field of the type that the rows hold, labelled or in its usual unlabelled place."""
    found: dict[str, FieldValue] = {}
    labelled_rows: set[int] = set()
    for ri, row in enumerate(rows):
        hits = _find_labels(row, doc_type)
        if hits:
            labelled_rows.add(ri)
        text = row.text
        for i, hit in enumerate(hits):
            end = hits[i + 1].start if i + 1 < len(hits) else len(text)
            raw = text[hit.end : end].lstrip(_COLONS)
            if not raw:
                continue
            cells = _cells_in(row, hit.end, end)
            for spec in hit.specs:
                if spec.name in found:
                    continue
                parsed = parse_value(spec.kind, raw)
                if parsed is not None:
                    found[spec.name] = _field_value(parsed, cells, raw)
    _unlabelled(doc_type, rows, labelled_rows, found)
    return found


def _unlabelled(
    doc_type: DocType, rows: list[Row], labelled: set[int], found: dict[str, FieldValue]
) -> None:
    """Issuer and date printed under the seal without labels; categories in a sentence."""
    names = {s.name for s in DOC_SPECS[doc_type]}
    free = [(i, r) for i, r in enumerate(rows) if i not in labelled]
    issuer_row = None
    if "issuer" not in found:
        for i, row in reversed(free):
            m = ISSUER_RE.search(_ISSUER_LABELS.sub("", row.text))
            if m:
                found["issuer"] = _field_value(Parsed(m.group(0)), row.cells, row.text)
                issuer_row = i
                break
    if "issue_date" not in found:
        candidates = [(i, r) for i, r in free if nz.parse_date(r.text)]
        if issuer_row is not None:
            below = [(i, r) for i, r in candidates if i >= issuer_row]
            candidates = below or candidates
            pick = min(candidates, key=lambda ir: abs(ir[0] - issuer_row)) if candidates else None
        else:
            pick = candidates[-1] if candidates else None
        if pick is not None:
            parsed = _date(pick[1].text)
            if parsed:
                found["issue_date"] = _field_value(parsed, pick[1].cells, pick[1].text)
    for cat_field in ("categories", "licensed_items"):
        if cat_field in names and cat_field not in found:
            for _, row in free:
                parsed = _categories(row.text)
                if parsed:
                    found[cat_field] = _field_value(parsed, row.cells, row.text)
                    break
    if "title_level" in names and "title_level" not in found and "title_name" in found:
        level = nz.title_level_from_name(str(found["title_name"].value))
        if level is not None:
            src = found["title_name"]
            found["title_level"] = src.model_copy(update={"value": level.value})


def field_names(doc_type: DocType) -> Iterable[str]:
    return (s.name for s in DOC_SPECS[doc_type])

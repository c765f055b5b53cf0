"""Find labelled values in rows of cells and parse them into the contract's values.

A row is read as one string (its cells joined without spaces), so a label OCR split in two
(姓 | 名) or a value split by a seal still reads whole; cells keep the boxes and scores.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Hamming
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from mchverify.extractors import normalize as nz
from mchverify.extractors.field_specs import (
    DOC_SPECS,
    ISSUER_SUFFIXES,
    LABEL_NOT_BEFORE,
    NATIONAL_AUTHORITIES,
    OTHER_LABELS,
    PRINTER_MARKS,
    FieldSpec,
    Kind,
)
from mchverify.extractors.layout import Cell, Row, starts_with_label, union_box
from mchverify.extractors.places import (
    city_of_district,
    issuer_division,
    one_lookalike_off,
    reads_through,
    repair_address,
    repair_place,
    repair_suffix,
)
from mchverify.extractors.vocabulary import (
    INSTITUTION_KINDS,
    parse_departments,
    scope_without_fragment,
)
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import FieldValue
from mchverify.schemas.types import id_number_is_valid

__all__ = ["ISSUER_RE", "extract_fields", "parse_value", "value_text"]

ISSUER_RE = re.compile(
    r"[\u4e00-\u9fff]{2,}?(?:" + "|".join(sorted(ISSUER_SUFFIXES, key=len, reverse=True)) + ")"
)
_COLONS = ":：;；,，.、"
#: Han characters, rare ones included (extension A, the supplementary planes: names use them).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_CJK = re.compile(f"[{_HAN}·]")
_HAN_CHAR = re.compile(f"[{_HAN}]")
#: What OCR reads the middle dot of a Uyghur, Kazakh or other name as (古丽米热·艾合买提).
_NAME_DOT = re.compile(f"(?<=[{_HAN}])\\s*[.．·•‧∙⋅・･。\\-－‐—]+\\s*(?=[{_HAN}])")
#: A Han name has 2–4 characters (6 with a compound surname); a transcribed name, with its
#: dot, up to about 15. Without the dot a long one is kept, less sure.
_NAME_LEN, _DOTTED_NAME_LEN, _UNDOTTED_NAME_QUALITY = 6, 16, 0.8
#: A national ministry's name (the 监制 seal, a header or a footer), 中华人民共和国 or not.
_NATIONAL = re.compile("(?:中华人民共和国)?(?:" + "|".join(
    sorted(NATIONAL_AUTHORITIES, key=len, reverse=True)) + ")")
#: An issuer read only from a national name: shown to the reviewer, never trusted.
_NATIONAL_QUALITY = 0.5


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
#: specks a copy or a scan leaves before a value, read as a dot: no name begins with one
_LEADING_SPECKS = "·•.'`‘’"


def _text(v: str) -> Parsed | None:
    v = nz.clean_value(v).strip(_COLONS).lstrip(_LEADING_SPECKS + " ")
    return Parsed(v) if v else None


def _practice_scope(v: str) -> Parsed | None:
    """A free text, but a registered scope with a stray character before it is the scope."""
    parsed = _text(v)
    if parsed is None:
        return None
    return Parsed(scope_without_fragment(str(parsed.value)) or parsed.value)


def _name(v: str) -> Parsed | None:
    """A person's name; the middle dot of a transcribed name as U+00B7, never invented."""
    v = _NAME_DOT.sub("·", nz.clean_value(v))
    v = re.sub("·{2,}", "·", "".join(_CJK.findall(v))).strip("·")
    han = len(v.replace("·", ""))
    if han < 2:
        return None
    if han <= _NAME_LEN:
        return Parsed(v)
    if "·" in v and han <= _DOTTED_NAME_LEN:
        return Parsed(v)
    if han <= _DOTTED_NAME_LEN - 1:
        return Parsed(v, _UNDOTTED_NAME_QUALITY)
    return None


def _date(v: str) -> Parsed | None:
    d = nz.parse_date(v)
    if d is None and (d := nz.ten_restored(v) or nz.separator_lost(v)
                      or nz.mark_misread(v)) is not None:
        return Parsed(d.isoformat(), _SHAPE_GUESSED)
    if d is not None and nz.year_numeral_lost(v):
        return Parsed(d.isoformat(), _SHAPE_GUESSED)
    return Parsed(d.isoformat()) if d else None


#: a date whose 十 or one of whose marks was read as another character, whose separator
#: was lost, or whose year lost a numeral (二二六年九月九日 for 二〇二六年九月二十九日, tune
#: bench-verify seed 1502), restored by its shape: to review
_SHAPE_GUESSED = 0.5


def _valid_until(v: str) -> Parsed | None:
    """The end of a period, or a lone date not marked as its start (自 2012年… 至 年 月 日
    whose end the OCR lost is no end)."""
    start, end = nz.parse_date_range(v)
    if end is None and start is not None and nz.starts_period(v):
        return None
    d = end or start
    return Parsed(d.isoformat()) if d else None


def _valid_from(v: str) -> Parsed | None:
    """The start of a period that has an end; a start that lost a separator before 至
    (自2023.0120至2028.01.19: a fax's dot) by its shape, to review."""
    start, end = nz.parse_date_range(v)
    if start and end:
        return Parsed(start.isoformat())
    if end is not None and "至" in v:
        guessed = nz.separator_lost(v.rsplit("至", 1)[0])
        if guessed is not None and guessed < end:
            return Parsed(guessed.isoformat(), _SHAPE_GUESSED)
    return None


def _enum(fn: Callable[[str], Enum | None]) -> Callable[[str], Parsed | None]:
    def parse(v: str) -> Parsed | None:
        code = fn(v)
        return Parsed(str(code.value)) if code is not None else None

    return parse


def _id_number(v: str) -> Parsed | None:
    n = nz.normalize_id_number(v)
    if len(n) != 18:
        return None
    return Parsed(n, 1.0 if id_number_is_valid(n) else 0.5)


def _uscc(v: str) -> Parsed | None:
    n = nz.normalize_uscc(v)
    if len(n) != 18:
        return None
    return Parsed(n, 1.0 if uscc.is_valid(n) else 0.5)


#: a dot inside a long run of digits and capitals: a copier's speck, no part of a number
#: (49112115651070011A10.02, 20211.1110110108…); numbers with words or brackets, or short
#: groups on both sides, keep their dots
_SPECK_IN_CODE = re.compile(r"^([0-9A-Z]{8,})[.·]([0-9A-Z]{2,})$|^([0-9A-Z]{2,})[.·]([0-9A-Z]{8,})$")


#: a bar is in no certificate number: a bracket misread so, its pair lost (汉人社职字|202155677号
#: for 汉人社职字(2021)55677号), or a rule's stroke. The bracketed year it opens or closes is
#: restored, and the number goes to a reviewer either way
_BAR_OPENING_YEAR = re.compile(r"(?<=字)\|((?:19|20)\d\d)(?=\d)")
_BAR_CLOSING_YEAR = re.compile(r"(\((?:19|20)\d\d)\|")
_BAR_QUALITY = 0.5


#: a bracketed year with one of its brackets lost (沪母婴考字(2026第08017号: the ) blurred
#: away): a number's year stands in brackets whole, so the other is restored
_OPEN_YEAR = re.compile(r"(\((?:19|20)\d\d)(?=[^\d)|])")
_CLOSED_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])((?:19|20)\d\d\))")


def _identifier(v: str) -> Parsed | None:
    n = nz.normalize_identifier(v)
    n = _SPECK_IN_CODE.sub(r"\1\2\3\4", n)
    if len(n) < 3:
        return None
    n = _CLOSED_YEAR.sub(r"(\1", _OPEN_YEAR.sub(r"\1)", n))
    if "|" not in n:
        return Parsed(n)
    n = _BAR_CLOSING_YEAR.sub(r"\1)", _BAR_OPENING_YEAR.sub(r"(\1)", n))
    return Parsed(n, _BAR_QUALITY)


# an issuer's label, or its end when the label's first character was lost (证机关湖南省…)
#: the wordings of the issuer's label (发证机关, 颁发机关…)
_ISSUER_LABEL_WORDS = next(
    s for s in DOC_SPECS[DocType.MCH_PRACTICE_LICENSE] if s.name == "issuer").labels
_ISSUER_LABELS = re.compile(
    "^(?:" + "|".join(re.escape(lb[k:]) for lb in sorted(_ISSUER_LABEL_WORDS, key=len, reverse=True)
                      for k in range(max(1, len(lb) - 1)) if len(lb) - k >= 2)
    + "|[\u4e00-\u9fff]机关)[:：]?"  # 正机关: 证 of 发证机关 misread under a seal's ring
)
_PRINTER_MARK = re.compile("|".join(m if len(m) > 1 else m + "$" for m in PRINTER_MARKS))


#: 卫生健康委 is how prose shortens 卫生健康委员会, and what is left of it when a seal or
#: the detector takes the line's last characters (四川省卫生健康委): a certificate prints
#: the authority's full name, so a name ending so is given its 员会 and goes to a reviewer
_CUT_SHORT = "卫生健康委"
_CUT_OFF = "员会"
_CUT_SHORT_QUALITY = 0.55


def _issuer(v: str) -> Parsed | None:
    """The local authority named; a national ministry only when nothing else is (and then
    at a confidence that sends it to a reviewer); never a printer's 监制 line."""
    v = _ISSUER_LABELS.sub("", nz.clean_value(v))
    if _PRINTER_MARK.search(v):
        return None
    local = _NATIONAL.sub("|", v)
    m = _issuer_match(local)
    if m:
        if m.group(0).endswith(_CUT_SHORT) and not local[m.end():].startswith(_CUT_OFF):
            return Parsed(m.group(0) + _CUT_OFF, _CUT_SHORT_QUALITY)
        return Parsed(m.group(0))
    national = _NATIONAL.search(v)
    if national:
        return Parsed(national.group(0), _NATIONAL_QUALITY)
    local = "".join(_CJK.findall(local))
    return Parsed(local, 0.5) if len(local) >= 4 else None


def _issuer_match(text: str) -> re.Match[str] | None:
    """An authority's name in `text`, its own words repaired where one look-alike character
    was misread in them (卫生健聚局); the one that begins with a place when an earlier one
    does not (a seal's arc text read before the name: 市卫生健康委上海市卫生健康委员会)."""
    m = ISSUER_RE.search(text)
    if m is not None and not issuer_division(m.group(0)):
        start = m.start()
        placed = (ISSUER_RE.match(text, k) for k in range(start + 1, len(text)))
        m = next((p for p in placed if p is not None and issuer_division(p.group(0))
                  and _arc_text(text[start:p.start()], p.group(0))), m)
    if m is None:
        for part in text.split("|"):
            repaired = repair_suffix("".join(_CJK.findall(part)), ISSUER_SUFFIXES)
            if repaired is not None and (m := ISSUER_RE.search(repaired)) is not None:
                break
    return m


def _arc_text(head: str, name: str) -> bool:
    """`head`, read before the authority's `name`, is its seal's arc text: words that end as
    an authority's do (市卫生健康委), or a piece of the name itself, which the ring spells
    (力资源和社会 before 江苏省人力资源和社会保障厅). Not a misread start of the same name
    (武汉币 before 江岸区…: one name with a place misread, not 江岸区…)."""
    return head.endswith(ISSUER_SUFFIXES) or (len(head) >= _ARC_PIECE and head in name)


#: the shortest piece of the name an arc text is taken for
_ARC_PIECE = 2


def _categories(v: str) -> Parsed | None:
    cats = nz.parse_categories(v)
    return Parsed([c.value for c in cats]) if cats else None


def _list(v: str) -> Parsed | None:
    items = nz.split_list(nz.clean_value(v).strip(_COLONS))
    return Parsed(items) if items else None


def _departments(v: str) -> Parsed | None:
    items = nz.split_list(nz.clean_value(v).strip(_COLONS))
    if not items:
        return None
    departments, known = parse_departments(items)
    return Parsed(departments, 0.8 + 0.2 * known)


PARSERS: dict[Kind, Callable[[str], Parsed | None]] = {
    Kind.TEXT: _text,
    Kind.PRACTICE_SCOPE: _practice_scope,
    Kind.INSTITUTION_KIND: _text,
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
    Kind.DEPARTMENTS: _departments,
    Kind.PHYSICIAN_LEVEL: _enum(nz.parse_physician_level),
    Kind.PRACTICE_CATEGORY: _enum(nz.parse_practice_category),
    Kind.TITLE_LEVEL: _enum(nz.title_level_from_name),
}


def value_text(text: str, labels: Sequence[str]) -> str:
    """The value part of a line: without the field's label, or the end of the label
    (姓名 → 名) that a box cut through it still holds."""
    t = unicodedata.normalize("NFKC", text).replace(" ", "").strip(_COLONS + " ")
    for k in range(max((len(lab) for lab in labels), default=0), 0, -1):
        if any(len(lab) >= k and t.startswith(lab[-k:]) for lab in labels):
            return t[k:].strip(_COLONS + " ")
    return t


def parse_value(kind: Kind, text: str) -> Parsed | None:
    """Parse printed text as a field of this kind; None when it does not hold one."""
    return PARSERS[kind](text)


# -- label finding -----------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _label_table(doc_type: DocType) -> tuple[re.Pattern[str], dict[str, tuple[FieldSpec, ...]]]:
    """One alternation of every label of the type, longest first, and label → specs; the
    labels of things that are no field of the type map to no spec."""
    table: dict[str, list[FieldSpec]] = {}
    for spec in DOC_SPECS[doc_type]:
        for label in spec.labels:
            table.setdefault(label, []).append(spec)
    for label in OTHER_LABELS:
        table.setdefault(label, [])
    labels = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(lb) for lb in labels))
    return pattern, {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=16)
def _tail_table(doc_type: DocType) -> dict[str, tuple[FieldSpec, ...]]:
    """Labels without their first character, where that names one set of fields only.

    Spaced-out labels (专　　业, 有　效　期) leave a lone first character that the detector
    sometimes drops; "业：value" or "效期：value" at a cell start is then still unambiguous
    within one document type.
    """
    tails: dict[str, set[tuple[FieldSpec, ...]]] = {}
    _, table = _label_table(doc_type)
    for label, specs in table.items():
        if len(label) >= 2 and specs:
            tails.setdefault(label[1:], set()).add(specs)
    return {t: next(iter(v)) for t, v in tails.items() if len(v) == 1 and t not in table}


@lru_cache(maxsize=16)
def _head_table(doc_type: DocType) -> dict[str, tuple[FieldSpec, ...]]:
    """Labels' first halves, where that names one set of fields only and is no label
    itself: 编 of 编　号 when the detector lost its 号, 证书 of 证书编码 when a copy's
    speckle or a seal's edge took 编码."""
    heads: dict[str, set[tuple[FieldSpec, ...]]] = {}
    _, table = _label_table(doc_type)
    for label, specs in table.items():
        for k in range(max(1, (len(label) + 1) // 2), len(label)):
            heads.setdefault(label[:k], set()).add(specs)
    return {h: next(iter(v)) for h, v in heads.items()
            if len(v) == 1 and h not in table and next(iter(v))}


def _lone_head(row: Row, start: int, doc_type: DocType) -> _Hit | None:
    """A cell that is only a label's first half (编, 证书), followed by a cell whose text
    is a value of that label's field: the label, so the value is not taken for the end of
    the value before it (…24号编) nor lost."""
    starts = _cell_starts(row)
    if start not in starts:
        return None
    ci = starts.index(start)
    specs = _head_table(doc_type).get(row.cells[ci].text.strip(" " + _COLONS))
    if specs is None or ci + 1 >= len(row.cells):
        return None
    end = start + len(row.cells[ci].text)
    if _lost_character(row.cells[ci + 1]) and ci + 2 < len(row.cells):
        # 编 | % | 2024…: the spaced label's 号 read as a mark, unsurely
        end += len(row.cells[ci + 1].text)
        ci += 1
    nxt = row.cells[ci + 1].text
    if any(parse_value(spec.kind, nxt) is not None for spec in specs):
        return _Hit(specs, start, end)
    return None


#: a spaced label's character the recogniser lost reads as a mark or a digit or two, unsurely
_LOST_CHARACTER_SCORE = 0.75


def _lost_character(cell: Cell) -> bool:
    """The cell is what is left of one character of a spaced label: a short read, not Han,
    read unsurely (专 of 专　业 read 1 at 0.55, 号 of 编　号 read % at 0.69)."""
    text = cell.text.strip()
    return 0 < len(text) <= 2 and not _CJK.search(text) and cell.score < _LOST_CHARACTER_SCORE


def _lone_tail(row: Row, start: int, doc_type: DocType) -> _Hit | None:
    """A cell that is only a spaced label's tail (业 of 专　业) after what is left of its
    first character (`_lost_character`), followed by a cell whose text is a value of that
    label's field: the label, so the value is read and not lost."""
    starts = _cell_starts(row)
    if start not in starts:
        return None
    ci = starts.index(start)
    specs = _tail_table(doc_type).get(row.cells[ci].text.strip(" " + _COLONS))
    if specs is None or ci == 0 or ci + 1 >= len(row.cells) or not _lost_character(
            row.cells[ci - 1]):
        return None
    if any(parse_value(spec.kind, row.cells[ci + 1].text) is not None for spec in specs):
        return _Hit(specs, start - len(row.cells[ci - 1].text), start + len(row.cells[ci].text))
    return None


#: Specks OCR reads between the spaced-out characters of a label (名·称, 姓 ' 名; on a
#: copy also as a box or a comma: 专业名☑称, 工作、单位).
_LABEL_SPECKS = set("·•.'`‘’\"“”☑☐□✓、")
#: Labels are written with ASCII brackets: 发证（批准）机关 reads as 发证(批准)机关.
_LABEL_BRACKETS = str.maketrans("（）〔〕【】［］", "()()()()")


def _label_view(text: str) -> tuple[str, list[int]]:
    """The row text without specks, and each kept character's index in the original."""
    kept = [(i, ch) for i, ch in enumerate(text) if ch not in _LABEL_SPECKS]
    view = "".join(ch for _, ch in kept).translate(_LABEL_BRACKETS)
    return view, [i for i, _ in kept] + [len(text)]


def _cell_starts(row: Row) -> list[int]:
    starts, pos = [], 0
    for cell in row.cells:
        starts.append(pos)
        pos += len(cell.text)
    return starts


#: a number's label this long, right before a digit, is a label wherever it stands
_NUMBER_LABEL_MIN = 3
_NUMBER_KINDS = {Kind.IDENTIFIER, Kind.ID_NUMBER, Kind.USCC}


def _find_labels(row: Row, doc_type: DocType) -> list[_Hit]:
    """Label occurrences that really are labels: at a cell start or after a gap, before a
    colon, or long."""
    pattern, table = _label_table(doc_type)
    text = row.text
    view, index = _label_view(text)
    starts = set(_cell_starts(row))
    gaps = _gap_starts(row)
    hits = []
    for m in pattern.finditer(view):
        start, end = index[m.start()], index[m.end() - 1] + 1
        after = text[end : end + 1]
        if after and after in LABEL_NOT_BEFORE.get(m.group(0), ""):
            continue
        if after not in ":：" and _in_sentence(row, start):
            continue
        if start in starts or start in gaps or after in ":：" or len(m.group(0)) >= 4 or (
                _NUMBER_LABEL_MIN <= len(m.group(0)) and after.isdigit()
                and any(s.kind in _NUMBER_KINDS for s in table[m.group(0)])):
            # …医学影像科登记号8992…: a number's label glued to the value before it
            hits.append(_Hit(table[m.group(0)], start, end))
    tails = _tail_table(doc_type)
    for start in sorted(starts):
        if any(h.start <= start < h.end for h in hits):
            continue
        for tail, specs in sorted(tails.items(), key=lambda kv: -len(kv[0])):
            end = start + len(tail)
            if text.startswith(tail, start) and text[end : end + 1] in ":：" and (
                    len(tail) >= 2 or not any(h.start < start for h in hits)):
                # 份证号： is 身份证号 without its first character, not the label 证号 (a
                # certificate number's) that its end happens to spell
                hits = [h for h in hits if not start <= h.start < end]
                hits.append(_Hit(specs, start, end))
                break
        else:
            if (not any(h.start < start for h in hits) or _other_column(row, start)) and (
                    tail_hit := _value_tail(row, start, doc_type)) is not None:
                hits.append(tail_hit)
            elif (head := _lone_head(row, start, doc_type)) is not None:
                hits.append(head)
            elif (lone_tail := _lone_tail(row, start, doc_type)) is not None:
                hits.append(lone_tail)
            elif (misread := _misread_label(row, start, doc_type)) is not None:
                hits.append(misread)
    return sorted(hits, key=lambda h: h.start)


#: kinds whose values are shaped enough to vouch for a label read with one character wrong
_SHAPED_KINDS = {Kind.DATE, Kind.VALID_UNTIL, Kind.VALID_FROM, Kind.ID_NUMBER, Kind.USCC,
                 Kind.ISSUER}
#: a label this long read with one character wrong is still told from every other label
_MISREAD_LABEL_MIN = 4


def _misread_label(row: Row, start: int, doc_type: DocType) -> _Hit | None:
    """A label at a cell start read with one character wrong (发证自期: 日 crossed by a
    copier's streak read 自), followed by a value of its field's shape: the one label of the
    type that reads so. Labels of one type differ in two characters or more (发证日期,
    签发日期, 校验日期), so one wrong character does not make another label."""
    starts = _cell_starts(row)
    if start not in starts:
        return None
    cell = row.cells[starts.index(start)].text
    _, table = _label_table(doc_type)
    found: set[tuple[FieldSpec, ...]] = set()
    length = 0
    for label, specs in table.items():
        head = cell[: len(label)]
        if len(label) < _MISREAD_LABEL_MIN or len(head) < len(label):
            continue
        if Hamming.distance(head, label) != 1 or not all(_HAN_CHAR.match(ch) for ch in head):
            continue
        if not specs or not all(s.kind in _SHAPED_KINDS for s in specs):
            return None  # near a label of no field, or of a free-text one: not vouched for
        rest = cell[len(label):]
        if not any(parse_value(s.kind, rest) is not None for s in specs):
            return None
        found.add(specs)
        length = len(label)
    if len(found) != 1:
        return None
    return _Hit(found.pop(), start, start + length)


def _other_column(row: Row, start: int) -> bool:
    """The cell at `start` stands far right of the cell before it: another column, or the
    other page of a spread, whose labels are its own (批准日期… | 别：女)."""
    starts = _cell_starts(row)
    ci = starts.index(start) if start in starts else 0
    return ci > 0 and row.cells[ci].box[0] - row.cells[ci - 1].box[2] > _COLUMN_GAP * row.height


#: a gap this many line heights wide parts two columns of a row
_COLUMN_GAP = 3.0


def _value_tail(row: Row, start: int, doc_type: DocType) -> _Hit | None:
    """A spaced label with its first character lost and its value right after: 别男 or
    别：女 (性　　别; 别 alone is also 类别's tail, but only a gender is 男 or 女) and, in
    the row's first cell, 名袁飞浩 (姓　　名: a name fills the rest of the cell)."""
    starts = _cell_starts(row)
    if start not in starts:
        return None
    ci = starts.index(start)
    cell = row.cells[ci].text
    for spec in DOC_SPECS[doc_type]:
        if spec.kind not in (Kind.GENDER, Kind.NAME) or (spec.kind is Kind.NAME and ci > 0):
            continue
        for label in spec.labels:
            tail = label[1:]
            rest = cell[len(tail):].strip(" " + _COLONS)
            if len(label) != 2 or not cell.startswith(tail) or not rest:
                continue
            if spec.kind is Kind.GENDER and len(rest) != 1:
                continue
            if parse_value(spec.kind, rest) is not None:
                return _Hit((spec,), start, start + len(tail))
    return None


def _in_sentence(row: Row, start: int) -> bool:
    """Whether position `start` lies in prose: a cell that ends a sentence (。), or one
    whose text before `start` holds a clause (…考试合格，具备下列专业).

    A blank's fixed sentence wraps, and either of its lines may end or begin with a
    label's words (经…考试合格，具备下列 / 专业技术资格。); a value is never a sentence."""
    for cell, pos in zip(row.cells, _cell_starts(row), strict=True):
        if pos <= start < pos + len(cell.text):
            before = cell.text[: start - pos]
            return cell.text.rstrip().endswith("。") or bool(_CLAUSE.search(before))
    return False


#: a clause of prose: Han characters ended by a comma or a full stop
_CLAUSE = re.compile(f"[{_HAN}]{{3,}}[，。；]")


def _gap_starts(row: Row) -> set[int]:
    """Positions in the row's text after a space the OCR kept inside a line: a gap there is
    as good as a cell start (a spaced label's first character read onto a value's line)."""
    out: set[int] = set()
    for cell, pos in zip(row.cells, _cell_starts(row), strict=True):
        kept = [i for i, ch in enumerate(cell.raw) if not ch.isspace()]
        if len(kept) != len(cell.text):
            continue  # the simplified form changed the length: positions unknown
        out.update(pos + k for k, (i, j) in enumerate(itertools.pairwise(kept), 1) if j > i + 1)
    return out


def _cells_in(row: Row, start: int, end: int) -> list[Cell]:
    """Cells that overlap the character range [start, end) of the row's text."""
    out, pos = [], 0
    for cell in row.cells:
        nxt = pos + len(cell.text)
        if pos < end and nxt > start:
            out.append(cell)
        pos = nxt
    return out


def _value_span(row: Row, start: int, end: int) -> tuple[str, list[Cell]]:
    """The value's text and cells: stop at a wide gap (a photo box, a margin note) after
    the value has begun. The gap between a label's box and its value's is the blank's
    column spacing and may be as wide as the form likes (a 副本's value column)."""
    offsets = _cell_starts(row)
    cells: list[Cell] = []
    stop = end
    begun = False
    for cell, pos in zip(row.cells, offsets, strict=True):
        if pos >= end or pos + len(cell.text) <= start:
            continue
        if begun and cell.box[0] - cells[-1].box[2] > 3.0 * max(1.0, row.height):
            stop = max(start, pos)
            break
        cells.append(cell)
        begun = begun or bool(cell.text[max(0, start - pos):].strip(_COLONS + " "))
    if len(cells) > 1 and _junk_tail(row, cells[0], start, offsets):
        start = offsets[row.cells.index(cells[1])]
        cells = cells[1:]
    return _STRAY_BEFORE_COLON.sub("", row.text[start:stop].lstrip(_COLONS)), cells


#: one or two characters and a colon before a value: the label's own colon after the other
#: script read as a character (址仝：新疆…, 技术服务项目早：随访服务…) or after the label's
#: last character read again; or as a short run of Latin letters (证书编号 asia1：京卫…, tune
#: bilingual seed 1303); no value begins so
_STRAY_BEFORE_COLON = re.compile(
    r"^\s*(?:[^0-9A-Za-z:：\s]{1,2}|[A-Za-z][A-Za-z0-9]{1,5})[:：](?=\S)")


#: marks the recogniser puts beside the other script's characters (许可证编号·吾)
_STRAY_MARKS = "·.・'"
#: Longest stretch after a label, inside the label's own box, that can be the second script
#: of a bilingual blank read as junk (出生年月19 | 1992年…, 证书编号iias | 青母婴考字…).
_JUNK_TAIL = 4
#: a tail this much Latin letters, in a label's box read below this score, is the other
#: script however long (measured 0.61-0.72 on Uyghur beside the labels of a bilingual blank)
_LETTER_SHARE, _JUNK_LINE_SCORE = 0.6, 0.8
#: Below this score a label's box holds more than the label: the recogniser was unsure of
#: what it read beside it (real print reads at 0.9 and above).
_UNSURE_BOX = 0.9
#: …and a single Chinese character after the label in it is the other script misread when
#: the box reads below this (measured on bilingual blanks: 0.68-0.90; a value's first
#: character split off into the label's box reads at 0.95 and above; 单位名称吾 read at
#: 0.92 on a tune bilingual blank of seed 1501)
_STRAY_CHARACTER = 0.94
#: …and two to four characters when it reads below this (证书编号进立 0.80, 证书编号吾出章
#: 0.75, 证书编号吾H出章 0.80 on tune bilingual blanks): a value's first characters split
#: off read surely
_STRAY_WORD = 0.85
#: …but never a word of a period's own, or what a stroke lost makes of it (有效期限：白 |
#: 2024年… is 自 and the start date)
_PERIOD_WORDS = frozenset("自白目至到起止")


def _junk_tail(row: Row, first: Cell, start: int, offsets: list[int]) -> bool:
    """The label's own box goes on for a few unsure characters, and the value stands in a
    box of its own after it: those characters are the other script beside the label."""
    pos = offsets[row.cells.index(first)]
    tail = first.text[start - pos:].strip(_COLONS + _STRAY_MARKS)
    letters = sum(ch.isascii() and ch.isalpha() for ch in tail)
    short = len(tail) <= _JUNK_TAIL or (len(tail) <= 2 * _JUNK_TAIL and tail.isalpha()) or (
        # a long line of the other script read as Latin letters and a digit or two
        # (证书编码suosiaolso15 | 2013…), which no print reads so unsurely
        letters >= _LETTER_SHARE * len(tail) and first.score < _JUNK_LINE_SCORE)
    # the other script is also read as one Chinese character (地址尘 | 河南省…, 登记号吾 |
    # 4228…), and the box then reads less surely still; a value's first character split
    # off into the label's box reads as surely as print
    stray = (first.score < _UNSURE_BOX and not _CJK.search(tail)
             or first.score < _STRAY_CHARACTER and len(tail) == 1 and bool(_CJK.search(tail))
             and tail not in _PERIOD_WORDS
             or first.score < _STRAY_WORD and 2 <= len(tail) <= _JUNK_TAIL
             and not set(tail) & _PERIOD_WORDS)
    return 0 < len(tail) and short and stray and start > pos


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


_CONTINUED = {Kind.LIST, Kind.CATEGORIES, Kind.TEXT, Kind.PRACTICE_SCOPE, Kind.DEPARTMENTS,
              Kind.INSTITUTION_KIND}


def _carries_on(kind: Kind, first: Parsed, longer: Parsed) -> bool:
    """The line below joins the value; but a listed institution kind (诊所) stays as it is
    unless the join is listed too: the line below is the next row's value when that row's
    label went unread (诊所 | 营利性 of 经营性质), not the rest of the kind."""
    if kind is not Kind.INSTITUTION_KIND or str(first.value) not in INSTITUTION_KINDS:
        return True
    return str(longer.value) in INSTITUTION_KINDS


#: A line read less surely than this is no value's continuation nor a value under a label:
#: measured, a bilingual blank's second script reads as stray characters at 0.10–0.60,
#: printed Chinese at 0.76 and up.
_SURE_SCORE = 0.7


def _value_x(row: Row, start: int) -> float:
    """Where the value begins on the page: inside a shared label+value cell, interpolated;
    at the next cell when the label's cell holds only its colon (or a few characters of the
    other script) after `start`."""
    cells = list(zip(row.cells, _cell_starts(row), strict=True))
    for k, (cell, pos) in enumerate(cells):
        if pos <= start < pos + len(cell.text):
            rest = cell.text[start - pos:].strip(_COLONS + " ")
            if k + 1 < len(cells) and (not rest or (
                    len(rest) <= _JUNK_TAIL and not _CJK.search(rest))):
                # the label's box ends in its colon, or in the other script read as junk
                return cells[k + 1][0].box[0]
            frac = (start - pos) / max(1, len(cell.text))
            return cell.box[0] + frac * (cell.box[2] - cell.box[0])
    return row.cells[-1].box[2]


def _without_label_rest(label: str, raw: str, specs: tuple[FieldSpec, ...]) -> str:
    """The value without the rest of its label read after the colon: 单位：名称乌鲁木齐… is
    工作单位名称 with 工作 lost and the colon misplaced; a value never carries a piece of its
    label."""
    value = raw.lstrip(_COLONS + " ")
    for spec in specs:
        for lb in spec.labels:
            rest = lb[len(label):]
            if lb.startswith(label) and rest and value.startswith(rest) and len(value) > len(rest):
                return value[len(rest):].lstrip(_COLONS + " ")
    return raw


def _opens_inner_label(row: Row, hits: list[_Hit], i: int) -> bool:
    """The next label names the same field and follows this one with nothing between, or
    with words that are no value of it (备注 准予从事母婴保健技术服务：…): the value comes
    after it, and nothing under this label is this field's."""
    if i + 1 >= len(hits) or not (
            {s.name for s in hits[i].specs} & {s.name for s in hits[i + 1].specs}):
        return False
    between = row.text[hits[i].end:hits[i + 1].start].strip(_COLONS + " ")
    return not between or all(parse_value(s.kind, between) is None for s in hits[i].specs)


def _block_start(row: Row, hits: list[_Hit], i: int) -> _Hit:
    """The first of the labels that open this value together (备注：母婴保健技术服务项目：…,
    备注 准予从事母婴保健技术服务：…): a wrapped line goes back to where the outer label's
    value began, not the inner's. Words between the two that are no value of the field are
    the annotation's own lead-in."""
    names = {s.name for s in hits[i].specs}
    while i > 0 and names & {s.name for s in hits[i - 1].specs}:
        between = row.text[hits[i - 1].end:hits[i].start].strip(_COLONS + " ")
        if between and any(parse_value(s.kind, between) is not None for s in hits[i].specs):
            break
        i -= 1
    return hits[i]


def _continuation(rows: list[Row], ri: int, cells: list[Cell], hits_of: dict[int, list[_Hit]],
                  value_x: float) -> Row | None:
    """The next row when it carries on this value: no label, left-aligned under it, close.
    A row with nothing under the value (a mark in the margin) is passed over."""
    if not cells:
        return None
    line = min(c.box[3] - c.box[1] for c in cells)
    left, right = value_x - _WRAP_SLACK * line, cells[-1].box[2]
    rj = ri + 1
    while rj < len(rows) and all(c.box[2] < left or c.box[0] > right for c in rows[rj].cells):
        rj += 1
    if rj >= len(rows):
        return None
    nxt = rows[rj]
    if hits_of.get(rj):
        mine = hits_of.get(ri, [])
        own = _cells_in(rows[ri], mine[-1].start, mine[-1].end) if mine else []
        beside = _beside_left_column(nxt, hits_of[rj], left, cells,
                                     right_column=_in_right_column(mine),
                                     label_chars=mine[-1].end - mine[-1].start if mine else 0,
                                     label_x=own[0].box[0] if own else None)
        if beside is None:
            return None
        nxt = beside
    elif nxt.cells[0].box[2] < left and any(c.box[0] >= left for c in nxt.cells):
        if _under_own_label(rows[ri], hits_of.get(ri, []), nxt.cells[0], line):
            return None  # a label this reader does not know (培训内容), and its own value
        # the left column's own wrapped line beside it (…服务中 / 心 | 育器、…)
        nxt = Row(cells=[c for c in nxt.cells if c.box[2] >= left])
    if min(c.score for c in nxt.cells) < _SURE_SCORE:
        return None  # a bilingual blank's second script read as characters, not a wrapped line
    if nxt.text.rstrip().endswith("。"):
        return None  # a sentence of the blank, never the rest of a value
    gap = nxt.top - max(c.box[3] for c in cells)
    if nxt.cells[0].page != cells[0].page or gap > 4.0 * line or (
            gap > 2.0 * line and not _nearer_than_next_label(rows, rj, hits_of, gap)):
        return None
    # starts under the value: from its first character (interpolated, so allow slack to the
    # left) to well before its end; a line from the left margin is something else
    if not left <= nxt.cells[0].box[0] <= right - line:
        return None
    return nxt


def _under_own_label(row: Row, hits: list[_Hit], cell: Cell, line: float) -> bool:
    """`cell` begins where the value's own label begins, a line under it: in the column of
    labels, so a label (one this reader may not know), not the left column's wrapped value."""
    label = _cells_in(row, hits[-1].start, hits[-1].end) if hits else []
    return bool(label) and abs(cell.box[0] - label[0].box[0]) <= line


def _in_right_column(hits: list[_Hit]) -> bool:
    """The row's last label follows another field's label: its value is the right column's
    of a two-column sheet (机构名称：… 技术服务项目：…)."""
    if len(hits) < 2:
        return False
    last = {s.name for s in hits[-1].specs}
    return any({s.name for s in h.specs} - last for h in hits[:-1])


def _beside_left_column(row: Row, hits: list[_Hit], left: float, cells: list[Cell], *,
                        right_column: bool = False, label_chars: int = 0,
                        label_x: float | None = None) -> Row | None:
    """The cells of `row` under a right-column value that wraps: its line ended on a list's
    separator (…计划生育手术、 / 孕情检查) or, in a right column (`right_column`), the next
    begins with one (… / ，避孕节育技术指导) or right under the value's first character
    (…避孕节育技术 / 指导、…). The row's labels all lie in the left column, before `left`,
    and so do their values: a label that ends past where the value's own label
    (`label_x`) begins is the next field's, under it (诊疗科目 … / 登记　号 47444…, its 登记
    and 号 read apart)."""
    label_cells = [c for h in hits for c in _cells_in(row, h.start, h.end)]
    if any(c.box[2] >= left or label_x is not None and c.box[2] > label_x
           for c in label_cells):
        return None
    under = [c for c in row.cells if c.box[0] >= left]
    if not under:
        return None
    line = min(c.box[3] - c.box[1] for c in cells)
    off = under[0].box[0] - (left + _WRAP_SLACK * line)
    aligned = -_ALIGNED * line <= off <= max(_SPACED_ALIGNED, label_chars) * line
    if not (cells[-1].text.rstrip().endswith(_LIST_SEPARATORS) or right_column and (
            under[0].text.startswith(_LIST_SEPARATORS) or aligned)):
        return None
    return Row(cells=under)


#: a wrapped line may start this many line heights left of its value (`_continuation`)…
_WRAP_SLACK = 1.5
#: …and starts "right under" the value within this many
_ALIGNED = 0.6
#: …or this many to its right, or one per character of its label (`label_chars`): a
#: letter-spaced label (服 务 项 目：) takes more of a shared box than its characters' share,
#: up to a character's gap after each of them, so the value's start interpolated by
#: characters falls short of where the fill begins
_SPACED_ALIGNED = 2.0


#: a list's item separators: a line ending on one carries on below
_LIST_SEPARATORS = ("、", "，", ",", "；", ";")


def _next_column_x(row: Row, cells: list[Cell], hits: list[_Hit], i: int) -> float | None:
    """Where the next column begins on a two-column sheet (诊疗科目 … | 登记号 …): at the next
    label's cell, or, when the detector read both columns as one line, where the next label
    begins inside it. None when there is no next label."""
    if i + 1 >= len(hits) or not cells:
        return None
    nxt = _cells_in(row, hits[i + 1].start, hits[i + 1].end)
    if not nxt:
        return None
    if nxt[0] in cells:
        return _value_x(row, hits[i + 1].start)
    if nxt[0].box[0] <= cells[-1].box[2]:
        return None
    return nxt[0].box[0]


def _column_continuation(rows: list[Row], ri: int, cells: list[Cell],
                         hits_of: dict[int, list[_Hit]], value_x: float,
                         limit_x: float) -> Row | None:
    """A wrapped line of a value in the left column of a two-column sheet: the next row's
    cells left of the next column, under the value, close, with no label among them."""
    line = min(c.box[3] - c.box[1] for c in cells)
    left, right = value_x - 1.5 * line, min(cells[-1].box[2], limit_x)
    rj = ri + 1
    while rj < len(rows) and all(c.box[2] < left or c.box[0] > right for c in rows[rj].cells):
        rj += 1
    if rj >= len(rows):
        return None
    nxt = rows[rj]
    mine = [c for c in nxt.cells if c.box[2] <= limit_x + line]
    if not mine or min(c.score for c in mine) < _SURE_SCORE:
        return None
    starts = dict(zip((id(c) for c in nxt.cells), _cell_starts(nxt), strict=True))
    for h in hits_of.get(rj, []):
        if any(starts[id(c)] <= h.start < starts[id(c)] + len(c.text) for c in mine):
            return None  # a label of its own: the next field, not a wrapped line
    gap = min(c.box[1] for c in mine) - max(c.box[3] for c in cells)
    if mine[0].page != cells[0].page or gap > 2.0 * line:
        return None
    if not left <= mine[0].box[0] <= right - line:
        return None
    return Row(cells=mine)


def _nearer_than_next_label(rows: list[Row], rj: int, hits_of: dict[int, list[_Hit]],
                            gap: float) -> bool:
    """A wrapped line set a row pitch below a shrunk value sits more than two of its own
    heights down; it still belongs to the value when it is closer to it than to the next
    labelled row, or, on the page's last labelled row, closer than the rows' pitch above
    it (an e-licence's wide rows)."""
    nxt = rows[rj]
    for rk in range(rj + 1, len(rows)):
        if hits_of.get(rk):
            return rows[rk].cells[0].page == nxt.cells[0].page and (
                gap < rows[rk].top - max(c.box[3] for c in nxt.cells))
    labelled = [rk for rk in range(rj) if hits_of.get(rk)
                and rows[rk].cells[0].page == nxt.cells[0].page]
    if len(labelled) < 2:
        return False
    value_row, above = rows[labelled[-1]], rows[labelled[-2]]
    return gap < value_row.top - above.top - value_row.height


def _beside_continuation(rows: list[Row], ri: int, cells: list[Cell],
                         hits_of: dict[int, list[_Hit]], value_x: float) -> list[Cell]:
    """In a two-column sheet the next row also holds the left column's label and value; the
    cells under this value's start, and before any further label, may still carry it on."""
    if ri + 1 >= len(rows) or not cells or not hits_of.get(ri + 1):
        return []
    nxt = rows[ri + 1]
    line = min(c.box[3] - c.box[1] for c in cells)
    if nxt.top - max(c.box[3] for c in cells) > 2.0 * line:
        return []
    starts = _cell_starts(nxt)
    out: list[Cell] = []
    for cell, pos in zip(nxt.cells, starts, strict=True):
        if any(pos <= h.start < pos + len(cell.text) or h.start <= pos < h.end
               for h in hits_of[ri + 1]):
            if out:
                break
            continue
        if out or value_x - 1.5 * line <= cell.box[0] <= cells[-1].box[2] - line:
            out.append(cell)
    return out


def _column_below(rows: list[Row], ri: int, label_cells: list[Cell],
                  hits_of: dict[int, list[_Hit]], limit: int = 8) -> list[Cell]:
    """Cells under the label in the following unlabelled rows (a column table's values);
    rows with nothing in the column (the issuer printed beside the table) are passed over.

    The column reaches halfway to the neighbouring headers: values are often printed
    left-aligned under a centred header, overlapping it little or not at all.
    """
    if not label_cells:
        return []
    header = rows[ri].cells
    first, last = header.index(label_cells[0]), header.index(label_cells[-1])
    x0 = (header[first - 1].box[2] + label_cells[0].box[0]) / 2 if first > 0 else float("-inf")
    x1 = ((label_cells[-1].box[2] + header[last + 1].box[0]) / 2 if last + 1 < len(header)
          else float("inf"))
    out = []
    page = label_cells[0].page
    for rj in range(ri + 1, min(len(rows), ri + 1 + limit)):
        if hits_of.get(rj) or rows[rj].cells[0].page != page:
            break  # a column ends at the next label, and at its page's foot
        for cell in rows[rj].cells:
            if x0 <= (cell.box[0] + cell.box[2]) / 2 <= x1:
                if cell.score >= _SURE_SCORE:  # else the second script under a label
                    out.append(cell)
                break
    return out


def _below(spec: FieldSpec, rows: list[Row], ri: int, label_cells: list[Cell],
           hits_of: dict[int, list[_Hit]]) -> tuple[Parsed | None, list[Cell], str]:
    """A column table's value: the first parseable cell under the label; for the last
    validation date, the latest of the 校验记录 rows."""
    parsed_cells: list[tuple[Parsed, Cell]] = []
    for cell in _column_below(rows, ri, label_cells, hits_of):
        if cell.text.rstrip().endswith("。"):
            continue  # a sentence of the blank, never a value
        parsed = parse_value(spec.kind, cell.text)
        if parsed is not None:
            parsed_cells.append((parsed, cell))
    if not parsed_cells:
        return None, [], ""
    if spec.name == "last_validation_date":
        parsed, cell = max(parsed_cells, key=lambda pc: str(pc[0].value))
    else:
        parsed, cell = parsed_cells[0]
    return parsed, [cell], cell.text


def extract_fields(doc_type: DocType, rows: list[Row], *, seal_names: Sequence[str] = (),
                   ) -> dict[str, FieldValue]:
    """Every field of the type that the rows hold, labelled or in its usual unlabelled place.
    `seal_names`: what the arcs of a copy's seals read (`arcs.read_grey_arcs`), for an
    issuer the print under them lost."""
    rows = _split_notes(rows)
    rows = _without_cells(rows, _attestation_cells(rows))  # a clerk's note is no part of it
    found: dict[str, FieldValue] = {}
    hits_of = {ri: _find_labels(row, doc_type) for ri, row in enumerate(rows)}
    used: set[int] = set()  # ids of the cells a labelled field took
    dateless: dict[str, str] = {}  # a period printed without an end date (长期, 伍年)
    for ri, row in enumerate(rows):
        hits = hits_of[ri]
        for i, hit in enumerate(hits):
            end = hits[i + 1].start if i + 1 < len(hits) else len(row.text)
            raw, cells = _value_span(row, hit.end, end)
            raw = _without_label_rest(row.text[hit.start:hit.end], raw, hit.specs)
            if not hit.specs:  # the value of a printed item that is no field: nobody's
                used.update(id(c) for c in cells)
                continue
            if _opens_inner_label(row, hits, i):
                continue  # 备注：母婴保健技术服务项目：… — the inner label's value is this one's
            for spec in hit.specs:
                if spec.name in found or spec.name in dateless:
                    continue
                if spec.kind in _PERIOD_KINDS and _without_dates(raw):
                    dateless[spec.name] = raw
                    used.update(id(c) for c in cells)
                    continue
                parsed = parse_value(spec.kind, raw) if raw else None
                used_raw, used_cells = raw, cells
                limit_x = _next_column_x(row, cells, hits, i)
                if parsed is not None and spec.kind in _CONTINUED and (
                        i + 1 == len(hits) or limit_x is not None):
                    value_x = _value_x(row, _block_start(row, hits, i).end)
                    nxt = (_continuation(rows, ri, cells, hits_of, value_x) if limit_x is None
                           else _column_continuation(rows, ri, cells, hits_of, value_x, limit_x))
                    if nxt is not None and spec.kind is not Kind.DEPARTMENTS and (
                            _department_list(nxt.text) is not None):
                        nxt = None  # 诊疗科目 whose label the OCR lost, not a wrapped line
                    longer = parse_value(spec.kind, raw + nxt.text) if nxt else None
                    if nxt is not None and longer is not None and _carries_on(
                            spec.kind, parsed, longer):
                        parsed, used_raw, used_cells = longer, raw + nxt.text, cells + nxt.cells
                if spec.kind in _PERIOD_KINDS and len(nz.find_dates(raw)) == 1 and (
                        parsed is None or spec.kind is Kind.VALID_UNTIL):
                    # 自 2026年08月17日 / 至 2029年08月16日: a narrow column wraps the end
                    # (its 自 misread or lost, the first line reads as an end of its own)
                    nxt = _continuation(rows, ri, cells, hits_of, _value_x(row, hit.end))
                    longer = parse_value(spec.kind, raw + nxt.text) if nxt else None
                    if nxt is not None and longer is not None and (
                            parsed is None or _UNTIL_WRAPPED.match(nxt.text)):
                        parsed, used_raw, used_cells = longer, raw + nxt.text, cells + nxt.cells
                if parsed is not None and spec.kind is Kind.IDENTIFIER and _SERIAL_UNCLOSED.search(
                        str(parsed.value)):
                    # 母婴许字第3702122022800 / 号: a long number wraps its 号 in a narrow column
                    nxt = _continuation(rows, ri, cells, hits_of, _value_x(row, hit.end))
                    if nxt is not None and _SERIAL_CLOSE.fullmatch(nxt.text.strip()):
                        longer = parse_value(spec.kind, raw + nxt.text)
                        if longer is not None:
                            parsed, used_raw, used_cells = longer, raw + nxt.text, cells + nxt.cells
                if parsed is not None and spec.kind is Kind.ISSUER and parsed.quality < 1:
                    # a long authority wraps in a narrow column (无锡市滨湖区卫 / 生和计划生育局)
                    nxt = _continuation(rows, ri, cells, hits_of, _value_x(row, hit.end))
                    longer = parse_value(spec.kind, raw + nxt.text) if nxt else None
                    if nxt is not None and longer is not None and longer.quality > parsed.quality:
                        parsed, used_raw, used_cells = longer, raw + nxt.text, cells + nxt.cells
                if parsed is not None and spec.kind is Kind.DEPARTMENTS and parsed.quality < 1:
                    more = _beside_continuation(rows, ri, cells, hits_of, _value_x(row, hit.end))
                    text = raw + "".join(c.text for c in more)
                    longer = parse_value(spec.kind, text) if more else None
                    if longer is not None and longer.quality > parsed.quality:
                        parsed, used_raw, used_cells = longer, text, cells + more
                if parsed is None:
                    label_cells = _cells_in(row, hit.start, hit.end)
                    parsed, used_cells, used_raw = _below(spec, rows, ri, label_cells, hits_of)
                if parsed is not None:
                    found[spec.name] = _field_value(parsed, used_cells, used_raw)
                    used.update(id(c) for c in used_cells)
    free = _free_rows(rows, hits_of, used)
    _prefer_local_issuer(free, found)
    tables = _record_table_cells(rows)
    _unlabelled(doc_type, free, found, set(dateless), tables)
    _birth_not_issue(doc_type, found)
    if "issue_date" in {s.name for s in DOC_SPECS[doc_type]} and "issue_date" not in found:
        below = _without_cells(rows, tables)
        spelled = _period_start_under_issuer(below, found) or _year_from_number(
            below, found) or _date_the_reads_agree_on(below, found)
        if spelled is not None:
            found["issue_date"] = spelled
    _end_from_duration(dateless, found)
    _check_padding(found)
    _corroborate_issue_date(found)
    _check_lost_numeral(found)
    _check_number_year(found)
    _check_period_year(found)
    _check_issuer_place(found)
    _issuer_from_seal(found, seal_names)
    _check_institution_ends(found)
    _check_institution_kind(found)
    if (address := found.get("address")) is not None and (
            repaired := repair_address(str(address.value))) is not None:
        found["address"] = address.model_copy(update={"value": repaired})
    return found


#: a kind repaired from the national list, not read as printed: a reviewer confirms it
_KIND_REPAIRED = 0.5
#: glyphs this alike are a misread of each other inside a listed word (阮 for 院: 0.89;
#: 藏 and 中, two kinds of hospital, 0.70)
_KIND_LOOKALIKE = 0.8


def _check_institution_kind(found: dict[str, FieldValue]) -> None:
    """A 类别 the national list does not hold, one character lost or read as one like it
    from the one kind it holds so (幼保健院: 妇 under a copy's speckle; 专科医阮), is that
    kind, to review; any other stays as read (藏医医院: a province may print its own)."""
    fv = found.get("institution_kind")
    if fv is None or str(fv.value) in INSTITUTION_KINDS:
        return
    read = str(fv.value)
    near = [k for k in INSTITUTION_KINDS if len(k) >= 4 and (
        len(k) == len(read) + 1 and any(k[:i] + k[i + 1:] == read for i in range(len(k)))
        or one_lookalike_off(read, k, similarity=_KIND_LOOKALIKE))]
    if len(near) == 1:
        found["institution_kind"] = fv.model_copy(update={
            "value": near[0], "confidence": min(fv.confidence, _KIND_REPAIRED)})


#: The fields that name an institution, and the characters such a name ends with: its
#: kind (医院, 服务中心, 保健站, 门诊部, 诊所, 卫生室, 卫生健康局, 公司, 学校…) or a branch in
#: brackets. A name ending otherwise lost its end (…计划生育服务中, …人民医) to the line's
#: edge or a seal.
_INSTITUTION_FIELDS = ("institution_name", "work_unit", "practice_institution")
_INSTITUTION_ENDS = set("院心站所室部局会委厅校学司处科队社馆厂店组团办房台点园坊场堂)）")
_CUT_NAME_QUALITY = 0.5


def _check_institution_ends(found: dict[str, FieldValue]) -> None:
    """An institution's name cut short goes to review rather than reported as read."""
    for name in _INSTITUTION_FIELDS:
        fv = found.get(name)
        if fv is not None and str(fv.value)[-1:] not in _INSTITUTION_ENDS:
            found[name] = fv.model_copy(
                update={"confidence": min(fv.confidence, _CUT_NAME_QUALITY)})


def _after_misread_label(name: str) -> str | None:
    """The authority after its label read with a character wrong (发正机关河南省…), or its
    first, wide, character read as the two it is made of (颁 as 分 and 页: 分预发机关洛阳市…):
    a few characters before a name that reads through, sharing most of an issuer label's."""
    for k in range(2, 7):
        head = name[:k]
        if reads_through(name[k:], ISSUER_SUFFIXES) and any(
                len(lb) == k and sum(a == b for a, b in zip(head, lb, strict=True)) >= k - 1
                or len(lb) == k - 1 >= 4 and head[2:] == lb[1:]  # 颁 read as two: 分预发机关
                for lb in _ISSUER_LABEL_WORDS):
            return name[k:]
    return None


def _name_after_junk(name: str) -> str | None:
    """The authority's whole name (places, then its words, to the end) that ends a read
    begun with other words: the arc of the seal over it (市卫生健委品全青岛市卫生健康委员会)
    or a stamp beside it (校验极实章青岛市黄岛区卫生健康局) read into its line."""
    for k in range(1, len(name) - 4):
        rest = name[k:]
        places = sum(len(d.name) for d in issuer_division(rest))
        if places and rest[places:] in ISSUER_SUFFIXES:
            return rest
    return None


#: An issuer whose name is not places and then an authority's words: misread where it
#: matters most, to review.
_PLACELESS_QUALITY = 0.5


def _check_issuer_place(found: dict[str, FieldValue]) -> None:
    """Every issuing authority is named after its division and then by its own words: a
    name that does not read so was misread (上每市…, 汇江苏省…, 北京市定区…). Repaired when one
    slip explains it, else sent to review rather than reported as read; a district's
    authority that lost its city gets it back, to review."""
    issuer = found.get("issuer")
    if issuer is None or _NATIONAL.match(str(issuer.value)):
        return
    name = str(issuer.value)
    repaired = repair_place(name, ISSUER_SUFFIXES) or _after_misread_label(name)
    if repaired is not None:
        found["issuer"] = issuer = issuer.model_copy(update={"value": repaired})
        name = repaired
    elif not reads_through(name, ISSUER_SUFFIXES):
        # no place (上每市…), or places and then no authority's words (北京市定区…: 海淀区 with
        # one character lost and one misread, two slips no repair may guess); a whole name
        # after a seal's or a stamp's words read into the line, or the name a slip in its
        # places and one in its words explain, is proposed
        found["issuer"] = issuer.model_copy(update={
            "value": _name_after_junk(name) or repair_place(
                name, ISSUER_SUFFIXES, and_suffix=True) or name,
            "confidence": min(issuer.confidence, _PLACELESS_QUALITY)})
        return
    if (city := city_of_district(name)) is not None:  # 越秀区… lost its 广州市: to review
        found["issuer"] = issuer.model_copy(update={
            "value": city + name, "confidence": min(issuer.confidence, _PLACELESS_QUALITY)})


#: an issuer named by the seal's arc, not read where it is printed: a reviewer confirms it
_FROM_SEAL = 0.5
#: a printed issuer read this surely is not looked for on the seal (the checks' threshold)
_SURE_ISSUER = 0.6
#: how like the seal's name the print's broken read must be (rapidfuzz ratio, 0..100)
_LIKE_SEAL = 50


def _issuer_from_seal(found: dict[str, FieldValue], seal_names: Sequence[str]) -> None:
    """An issuer unread, or read unsurely and broken or cut short (成都生健康委贷会, 乌鲁木齐市
    卫生健康委: a copy's seal over it), named instead by its seal's arc, which the print
    does not cross: the name most of the arc's reads give, once each is read as places and an authority's words (after one
    slip's repair), never a ministry's 监制 seal, and like the printed read where there is
    one, its places the same; to review."""
    issuer = found.get("issuer")
    if not seal_names or issuer is not None and issuer.confidence >= _SURE_ISSUER:
        return
    names = Counter(a for text in seal_names if (a := _authority_named(text)) is not None)
    if not names:
        return
    (best, n), *rest = names.most_common()
    if rest and rest[0][1] == n:
        return  # two names as often: no telling
    if issuer is not None:
        read = str(issuer.value)
        if reads_through(read, ISSUER_SUFFIXES) and not (
                best.startswith(read) and len(best) > len(read)):
            return  # read whole, or another name: the print's read stands
        chain = [d.code for d in issuer_division(read)]
        if fuzz.ratio(read, best) < _LIKE_SEAL or chain != [
                d.code for d in issuer_division(best)][: len(chain)]:
            return
        found["issuer"] = issuer.model_copy(update={
            "value": best, "confidence": min(issuer.confidence, _FROM_SEAL)})
    else:
        found["issuer"] = FieldValue(value=best, confidence=_FROM_SEAL, page=1, raw=best)


def _authority_named(text: str) -> str | None:
    """The authority a seal's arc names, read as places and its words (after one slip's
    repair, or a district's city restored); None for a ministry's seal or anything else."""
    name = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    if _NATIONAL.match(name):
        return None
    name = repair_place(name, ISSUER_SUFFIXES) or repair_suffix(name, ISSUER_SUFFIXES) or name
    if (city := city_of_district(name)) is not None:
        name = city + name
    if not reads_through(name, ISSUER_SUFFIXES):
        return None
    chain = issuer_division(name)
    rest = name[sum(len(d.name) for d in chain):]
    word = max((s for s in ISSUER_SUFFIXES if rest.startswith(s)), key=len)
    return name[: len(name) - len(rest) + len(word)]


_PERIOD_KINDS = {Kind.VALID_UNTIL, Kind.VALID_FROM}
#: the line a period's end wrapped to begins with its word
_UNTIL_WRAPPED = re.compile(r"\s*[至到止]")


def _without_dates(raw: str) -> bool:
    """A period printed with no end date to read: 长期, or its length alone (伍年)."""
    return not nz.find_dates(raw) and (
        nz.is_open_ended(raw) or nz.duration_years(raw) is not None)


def _end_from_duration(dateless: dict[str, str], found: dict[str, FieldValue]) -> None:
    """有效期限 伍年: the end is five years from the issue date, when that date was read;
    computed, so left to a reviewer's eye (a convention, not a printed fact)."""
    raw = dateless.get("valid_until")
    years = nz.duration_years(raw) if raw else None
    issued = found.get("issue_date")
    if years is None or issued is None or "valid_until" in found:
        return
    start = dt.date.fromisoformat(str(issued.value))
    end = nz.period_end(start, years)
    found["valid_until"] = issued.model_copy(update={
        "value": end.isoformat(), "raw": raw,
        "confidence": min(issued.confidence, _COMPUTED_CONFIDENCE)})


#: Below the checks' MIN_CONFIDENCE: a computed date is shown, and reviewed.
_COMPUTED_CONFIDENCE = 0.55


def _prefer_local_issuer(free: list[Row], found: dict[str, FieldValue]) -> None:
    """A national ministry read at the issuer's label gives way to the local authority
    printed unlabelled elsewhere on the page (under its seal, beside the date)."""
    issuer = found.get("issuer")
    if issuer is not None and _NATIONAL.fullmatch(str(issuer.value)) and _find_issuer(free):
        del found["issuer"]


def _free_rows(rows: list[Row], hits_of: dict[int, list[_Hit]], used: set[int]) -> list[Row]:
    """Text no label claims: unlabelled rows, the cells left of a row's first label (a
    booklet prints the issuer and date on the left page beside the right page's rows), and
    beyond it the cells that are neither a label nor a value taken (the issuer printed on
    the line of a 校验记录 table's headers)."""
    free = []
    marked = _printer_lines(rows)
    for ri, row in enumerate(rows):
        hits = hits_of.get(ri, [])
        if not hits:
            cells = row.cells
        else:
            taken = used | {id(c) for h in hits for c in _cells_in(row, h.start, h.end)}
            starts = _cell_starts(row)
            cells = [c for c, pos in zip(row.cells, starts, strict=True)
                     if pos + len(c.text) <= hits[0].start or id(c) not in taken]
        cells = [c for c in cells if id(c) not in marked]
        if cells:
            free.append(Row(cells=cells))
    return free


def _printer_lines(rows: list[Row]) -> set[int]:
    """Ids of the cells of a printer's or supervisor's line (…监制, …制): the cell with the
    mark, and when the mark stands alone (监制 under the seal's ministry name, or beside
    it) the name just above it or just before it. Only those cells: the real issuer and
    date often share the bottom line with the 监制 seal."""
    out: set[int] = set()
    for ri, row in enumerate(rows):
        for ci, cell in enumerate(row.cells):
            if not _PRINTER_MARK.search(cell.text):
                continue
            out.add(id(cell))
            if len(cell.text) > 3:
                continue
            line = cell.box[3] - cell.box[1]
            if ci > 0 and cell.box[0] - row.cells[ci - 1].box[2] < 2.0 * line:
                out.add(id(row.cells[ci - 1]))
            for above in rows[max(0, ri - 2):ri]:
                out.update(id(c) for c in above.cells
                           if c.box[0] < cell.box[2] and cell.box[0] < c.box[2]
                           and 0 <= cell.box[1] - c.box[3] < 1.5 * line)
    return out


def _unlabelled(doc_type: DocType, rows: list[Row], found: dict[str, FieldValue],
                settled: set[str], tables: set[int]) -> None:
    """Issuer and date printed under the seal without labels; categories in a sentence.
    A `settled` field was read as having no date (长期): no other date stands in for it;
    the cells in `tables` (a 副本's record tables) give neither issuer nor issue date."""
    names = {s.name for s in DOC_SPECS[doc_type]}
    issuer_at = None
    # a 校验记录 row names the issuer and a date, a 变更记录 row a date: neither is the
    # certificate's own issuing (a 副本's seal hid its issuer, and 合格上海市… was taken)
    front = _without_cells(rows, tables)
    if "issuer" not in found:
        issuer_at = _find_issuer(front)
        if issuer_at is not None:
            _, cells, name = issuer_at
            # read as a labelled one is: a name cut short (…卫生健康委员, 会 lost under the
            # seal) goes to review, not out as read
            parsed = _issuer("".join(c.text for c in cells))
            if parsed is None or parsed.value not in (name, name + _CUT_OFF):
                parsed = Parsed(name)
            found["issuer"] = _field_value(parsed, cells, name)
    if "issue_date" not in found:
        pick = _find_issue_date(front, issuer_at)
        if pick is not None:
            parsed, cells, raw = pick
            found["issue_date"] = _field_value(parsed, cells, raw)
    for cat_field in ("categories", "licensed_items"):
        if cat_field in names and cat_field not in found:
            for row in rows:
                cats = _categories(row.text)
                if cats:
                    found[cat_field] = _field_value(cats, row.cells, row.text)
                    break
    if "valid_until" in names and "valid_until" not in found and "valid_until" not in settled:
        _find_period(rows, names, found)
    if "clinical_departments" in names and "clinical_departments" not in found:
        pick_d = _find_departments(rows)
        if pick_d is not None:
            found["clinical_departments"] = _field_value(pick_d[0], [pick_d[1]], pick_d[1].text)
    if "name" in names and "name" not in found:
        _find_name_above(rows, found)
    if "certificate_number" in names and "certificate_number" not in found:
        _find_number(front, found)
    if "title_level" in names and "title_level" not in found and "title_name" in found:
        level = nz.title_level_from_name(str(found["title_name"].value))
        if level is not None:
            src = found["title_name"]
            found["title_level"] = src.model_copy(update={"value": level.value})


#: a certificate's number as authorities write it, whole on its line: the office's words
#: and 字 or 许 or 证, the year in brackets, the serial and 号 (京母婴培字(2025)第8329号,
#: 郑卫母婴许〔2023〕057号), or the words, 第 and the serial (计服证字第4301051985号)
_NUMBER_SHAPE = re.compile(
    r"(?:\([\u4e00-\u9fff]\))?[\u4e00-\u9fff]{2,12}(?:\((?:19|20)\d\d\)第?|第)[0-9]{2,12}号")


#: what is left of a number's label when its first characters were lost or stand apart
#: (编 | 号京母婴培字…, the 编 of a spaced 编 号 dropped): no office's words begin so
_NUMBER_LABEL_TAIL = re.compile("^(?:" + "|".join(
    re.escape(lb[k:]) for lb in sorted({lb for s in DOC_SPECS.values() for f in s
                                         if f.name == "certificate_number" for lb in f.labels},
                                        key=len, reverse=True)
    for k in range(1, len(lb))) + ")[:：]?")


def _find_number(rows: list[Row], found: dict[str, FieldValue]) -> None:
    """The certificate's number when its label was lost (证书编号 blurred off a copy): the
    one line of the page that is a number in the authorities' shape and nothing else, less
    any tail of its label. Two such lines, and neither is taken."""
    picks = []
    for row in rows:
        for cells in _cell_groups(row):
            parsed = _identifier("".join(c.text for c in cells))
            if parsed is None:
                continue
            value = str(parsed.value)
            number = next((n for n in (_NUMBER_LABEL_TAIL.sub("", value), value)
                           if _NUMBER_SHAPE.fullmatch(n)), None)
            if number is not None:
                picks.append((Parsed(number, parsed.quality), cells))
                break
    if len(picks) == 1:
        parsed, cells = picks[0]
        found["certificate_number"] = _field_value(parsed, cells, "".join(c.text for c in cells))


def _period_start_under_issuer(rows: list[Row], found: dict[str, FieldValue],
                               ) -> FieldValue | None:
    """The issue date under the issuer read with its marks lost or misread under a copy's
    seal (2023.0921 for 2023年09月21日, 2024 年04 日 17, 日期2024至05月 | 30日), labelled or
    not: taken when its digits spell the validity's first day, read elsewhere on the page,
    exactly (`_LOST_NUMERALS`), or its Chinese numerals do with the year's first ones cut
    off (三年十二月十八日); two reads that agree, no guess from one. One that ends at the
    first day's month (2020年09月) proposes that day, to review, and so does one that shows
    it with a numeral or two lost in any part (203年02月7日 for 2023年02月17日: no date of
    its own, the first day's numerals in order)."""
    day = _period_start(found)
    if day is None:
        return None
    spelled = {f"{day.year}{day.month:02}{day.day:02}", f"{day.year}{day.month}{day.day}"}
    for cells, text in _dates_under_issuer(rows, found):
        digits = "".join(ch for ch in text if ch.isdigit())
        if digits in spelled or nz.numerals_lost(
                text, nz.chinese_date(day), _LOST_NUMERALS) or nz.year_cut(
                text, nz.chinese_date(day)):
            return _field_value(Parsed(day.isoformat()), cells, text)
        if _DAY_LOST.search(text) and any(
                full.startswith(digits) and 0 < len(full) - len(digits) <= 2 for full in spelled
        ) or nz.shows_date_in_part(text, day, _MOST_NUMERALS_LOST):
            return _field_value(Parsed(day.isoformat(), _DIGIT_LOST), cells, text)
    return None


#: a printed date that ends at its month (2020年09月: the day and 日 under the seal)
_DAY_LOST = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*$")


def _dates_under_issuer(rows: list[Row], found: dict[str, FieldValue],
                        ) -> Iterator[tuple[list[Cell], str]]:
    """The cell groups under the issuer, within a few lines, that hold no words but a
    date's (what a copy's seal left of the issue date), with their text."""
    issuer = found.get("issuer")
    if issuer is None or issuer.box is None:
        return
    line = issuer.box[3] - issuer.box[1]
    for row in rows:
        if row.cells[0].page != issuer.page:
            continue
        for cells in _cell_groups(row):
            gap = min(c.box[1] for c in cells) - issuer.box[3]
            text = "".join(c.text for c in cells)
            words = _HAN_CHAR.findall(_DATE_MARKS.sub("", _ISSUE_DATE_LABEL.sub("", text)))
            if 0 <= gap <= _DATE_REACH * line and len(words) <= _MISREAD_MARKS:
                yield cells, text


#: a date in Chinese numerals whose year a seal took whole or but its last numerals
#: (三月六日, 一年七月十五日): the month and the day are all that is sure
_YEARLESS = re.compile(
    "^(?:日期)?([〇零一二三四五六七八九]{0,3})年?([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
#: a number's serial after 第 or its bracketed year, with no 号 to close it, and the line a
#: narrow column wraps that 号 onto
_SERIAL_UNCLOSED = re.compile(r"(?:第|\)|〕|】)\d+$")
_SERIAL_CLOSE = re.compile(r"\d{0,4}号")
#: the year a certificate number carries: bracketed (郑母婴培字〔2026〕第5653号), or its first
#: four digits where a long run of digits begins with a year (20211111011…: no province's
#: code begins 19 or 20)
_NUMBER_YEAR = re.compile(r"\(((?:19|20)\d\d)\)|^((?:19|20)\d\d)(?=\d{6})")
#: a year taken from the number, not read: a reviewer confirms it
_YEAR_FROM_NUMBER = 0.5


def _birth_not_issue(doc_type: DocType, found: dict[str, FieldValue]) -> None:
    """An issue date that is the holder's birthday, as the ID number spells it, is the birth
    date whose label was misread (出 生： 年 月 1987.07.12 on a fax: no 出生日期 to claim it)
    taken for the only date left: no one is licensed on the day they were born. It is the
    birth date, where that was not read, and the issue date is unread."""
    issued, idn = found.get("issue_date"), found.get("id_number")
    if issued is None or idn is None:
        return
    try:
        born = ric.get_birth_date(str(idn.value)).isoformat()
    except (ValidationError, ValueError):  # no ID number a date can be read from
        return
    if str(issued.value) != born:
        return
    del found["issue_date"]
    if "birth_date" not in found and "birth_date" in {s.name for s in DOC_SPECS[doc_type]}:
        found["birth_date"] = issued


def _check_number_year(found: dict[str, FieldValue]) -> None:
    """An issue date whose year is one digit off the year its certificate number carries
    (2011年11月14日 on 苏相人口计服字（2014）760号: a copy's 4 read 1 at 1.0) was misread, or
    the number was: either way a reviewer looks. A year further off is a number kept over
    a renewal, or the date of another document, and is judged elsewhere."""
    issued, number = found.get("issue_date"), found.get("certificate_number")
    m = _NUMBER_YEAR.search(str(number.value)) if number is not None else None
    if issued is None or m is None:
        return
    year, read = m.group(1) or m.group(2), str(issued.value)[:4]
    if Hamming.distance(year, read) == 1:
        found["issue_date"] = issued.model_copy(
            update={"confidence": min(issued.confidence, _YEAR_FROM_NUMBER)})


def _check_period_year(found: dict[str, FieldValue]) -> None:
    """An issue date that is the validity's first day, read elsewhere on the page, but for
    one digit of its year (二〇二二年一月二十日 beside 自2023.0120: 三 read 二 under a fax's
    seal) was misread, or the period was: a licence's period begins on its issue day or
    weeks after it, never a year. Either way a reviewer looks."""
    issued, day = found.get("issue_date"), _period_start(found)
    if issued is None or day is None:
        return
    read, start = str(issued.value), day.isoformat()
    if read[4:] == start[4:] and Hamming.distance(read[:4], start[:4]) == 1:
        found["issue_date"] = issued.model_copy(
            update={"confidence": min(issued.confidence, _DIGIT_LOST)})


def _year_from_number(rows: list[Row], found: dict[str, FieldValue]) -> FieldValue | None:
    """The issue date in Chinese numerals whose year the seal took (三月六日 under the
    issuer), with the year the certificate number carries, when the numerals the year kept
    end that year's: a number is given in the year of issue, mostly; to review."""
    number = found.get("certificate_number")
    m = _NUMBER_YEAR.search(str(number.value)) if number is not None else None
    if m is None:
        return None
    year = int(m.group(1) or m.group(2))
    for cells, text in _dates_under_issuer(rows, found):
        cut = _YEARLESS.match("".join(text.split()))
        if cut is None or not nz.chinese_date(dt.date(year, 1, 1)).split("年")[0].endswith(
                cut.group(1).replace("零", "〇")):
            continue
        day = nz.find_dates(f"{year}年{cut.group(2)}月{cut.group(3)}日")
        if day:
            return _field_value(Parsed(day[0][0].isoformat(), _YEAR_FROM_NUMBER), cells, text)
    return None


def _date_the_reads_agree_on(rows: list[Row], found: dict[str, FieldValue],
                             ) -> FieldValue | None:
    """The issue date under the issuer where a copy's seal made the ways of reading a strip
    disagree (二二六年八月十七月 | 二〇二六年八月十七日 | 二○二六年公月十七日 …): one read
    gives a whole date, another keeps its year and month or day (`_AGREEING_PARTS`) with
    no numeral read otherwise, and none gives another date. Its score stays the strip's,
    under the checks' threshold: a proposal for the reviewer."""
    for cells, _ in _dates_under_issuer(rows, found):
        if len(cells) != 1 or not cells[0].alternatives:
            continue
        reads = [cells[0].raw, *cells[0].alternatives]
        dates = {d for r in reads for d, _ in nz.find_dates(r)}
        if len(dates) != 1:
            continue
        day = dates.pop()
        if any(nz.shows_date_in_part(r, day, _AGREEING_LOST, parts=_AGREEING_PARTS,
                                     blots=_AGREEING_LOST) for r in reads):
            return _field_value(Parsed(day.isoformat()), cells, cells[0].raw)
    return None


#: another read of the strip agrees with a date when it keeps numerals of two of its parts,
#: one numeral at most lost or blotted into a word (二八年一月十一日 beside 二〇六八年…, a
#: fax's 二〇一八 read 六, lost two and agreed with the misread)
_AGREEING_PARTS, _AGREEING_LOST = 2, 1


#: …or the start's Chinese numerals with one lost under the seal (二〇一年七月二日 for
#: 二〇二一年七月二日: no date alone, its numerals in order are the start's)
_LOST_NUMERALS = 1


def _check_padding(found: dict[str, FieldValue]) -> None:
    """An issue date whose month is padded and day not, or the other way (2023年07月1日: a
    digit lost under the seal, and a whole other date read): the validity's first day when
    it is that date with the digit back, else sent to review."""
    issued = found.get("issue_date")
    if issued is None or not issued.raw or not nz.padding_broken(issued.raw):
        return
    day = _period_start(found)
    if day is not None and nz.numerals_lost(
            issued.raw, f"{day.year}年{day.month:02}月{day.day:02}日", 1):
        found["issue_date"] = issued.model_copy(update={"value": day.isoformat()})
    else:
        found["issue_date"] = issued.model_copy(
            update={"confidence": min(issued.confidence, _DIGIT_LOST)})


#: the confidence of a date read with a digit lost and nothing to restore it by
_DIGIT_LOST = 0.5


#: numerals a seal or a fax may take from a printed date (二二三年七月三十日 for
#: 二〇二三年七月三十一日) that still leave a date
_MOST_NUMERALS_LOST = 2


def _check_lost_numeral(found: dict[str, FieldValue]) -> None:
    """An issue date that is the validity's first day with a numeral or two lost (二月十一日
    for 二月二十一日: a seal's ring across 二; 2023年7月1日 for 2023年7月12日) reads as a
    date of its own, and is most likely the first day. Which one it is, a reviewer sees:
    the first day is proposed, at review confidence, not the lost numerals' date."""
    issued, day = found.get("issue_date"), _period_start(found)
    if issued is None or day is None or not issued.raw or str(issued.value) == day.isoformat():
        return
    if any(nz.numerals_lost(issued.raw, full, _MOST_NUMERALS_LOST) for full in (
            nz.chinese_date(day), f"{day.year}年{day.month}月{day.day}日")):
        found["issue_date"] = issued.model_copy(update={
            "value": day.isoformat(), "confidence": min(issued.confidence, _DIGIT_LOST)})


def _corroborate_issue_date(found: dict[str, FieldValue]) -> None:
    """An issue date read unsurely under the seal (the ways that read it saw two years) that
    is, to the day, the validity's first day read elsewhere on the page: two reads of one
    date, the second away from the seal. It is as sure as that one."""
    issued, day = found.get("issue_date"), _period_start(found)
    if issued is None or day is None or str(issued.value) != day.isoformat():
        return
    if issued.raw is not None and ((read := _date(issued.raw)) is None
                                   or read.value != day.isoformat()):
        return  # proposed from the period itself (2020年09月): no second read of it
    period = found.get("valid_from") or found.get("valid_until")
    if period is not None and issued.confidence < period.confidence:
        found["issue_date"] = issued.model_copy(update={"confidence": period.confidence})


def _period_start(found: dict[str, FieldValue]) -> dt.date | None:
    """The validity's first day as read: its own field, or the date before the end in the
    period's text (自2024年04月17日至2027年04月16日) where the type has no such field."""
    if "valid_from" in found:
        return dt.date.fromisoformat(str(found["valid_from"].value))
    until = found.get("valid_until")
    if until is None or not until.raw:
        return None
    end = dt.date.fromisoformat(str(until.value))
    before = [d for d, _ in nz.find_dates(until.raw) if d < end]
    return before[0] if len(before) == 1 else None


#: a date's marks and Chinese numerals and the issue date's labels, no words when asking
#: whether a line holds words; and the date marks it may hold misread (年 read 至)
_DATE_MARKS = re.compile("[年月日〇零一二三四五六七八九十]")
_ISSUE_DATE_LABEL = re.compile("|".join(sorted(
    (re.escape(lb) for lb in next(s for s in DOC_SPECS[DocType.MCH_PRACTICE_LICENSE]
                                  if s.name == "issue_date").labels), key=len, reverse=True)))
_MISREAD_MARKS = 1


#: a clerk's note on a copy checked against its original: 此复印件与原件一致, 与原件核对无误
_ATTESTATION = re.compile(r"原件")
#: the note's words from their first, when a line read them after a value
_NOTE_START = re.compile(r"(?:此复?印?件?|复印件)?与?原件")
#: a cell holding this many characters before the note's words holds a value too
_VALUE_BEFORE = 4
#: …and that value goes to review: the pen's ink over it may have hidden a character
_UNDER_NOTE = 0.5


def _split_notes(rows: list[Row]) -> list[Row]:
    """The rows with a clerk's note the detector boxed with the value beside it (京朝卫母婴许
    〔2023〕12号原件核对无误) cut in two cells, the value's and the note's, at the share of the
    box their characters take; the value's at a score that sends it to review."""
    out = []
    for row in rows:
        cells = []
        for c in row.cells:
            m = _NOTE_START.search(c.text)
            if m is None or m.start() < _VALUE_BEFORE:
                cells.append(c)
                continue
            x0, y0, x1, y1 = c.box
            cut = x0 + (x1 - x0) * m.start() / len(c.text)
            value = c.text[: m.start()]
            cells += [Cell(value, value, (x0, y0, cut, y1), min(c.score, _UNDER_NOTE), c.page),
                      Cell(c.text[m.start():], c.text[m.start():], (cut, y0, x1, y1), c.score,
                           c.page)]
        out.append(row if len(cells) == len(row.cells) else Row(cells=cells))
    return out


def _without_cells(rows: list[Row], drop: set[int]) -> list[Row]:
    """The rows without the cells whose ids are in `drop` (rows left empty go)."""
    if not drop:
        return rows
    out = []
    for row in rows:
        cells = [c for c in row.cells if id(c) not in drop]
        if cells:
            out.append(row if len(cells) == len(row.cells) else Row(cells=cells))
    return out


#: cells this close (shares of the note's line height) are one line's pieces
_JOINED = 0.3
#: a cell in the note's row whose middle is this far below the note's (shares of its line
#: height) is the line written under it
_UNDER_SHARE = 0.4


def _attestation_cells(rows: list[Row]) -> set[int]:
    """Ids of the cells of a clerk's note on a copy: 此复印件与原件一致 (and its name), and
    the cells under it on the next line (the signature and the date written with it). The
    clerk's date is the day the copy was checked, never the certificate's issue date.
    Found before a 监制 line it shares a row with is dropped, so that its date does not
    stay behind alone."""
    out: set[int] = set()
    for ri, row in enumerate(rows):
        notes = [c for c in row.cells if _ATTESTATION.search(c.text)]
        if not notes:
            continue
        out.update(id(c) for c in notes)
        line = max(c.box[3] - c.box[1] for c in notes)
        x0, x1 = min(c.box[0] for c in notes), max(c.box[2] for c in notes)
        bottom = max(c.box[3] for c in notes)
        middle = (min(c.box[1] for c in notes) + bottom) / 2
        for cell in row.cells:  # the clerk's name beside the words, not the next label
            if cell.box[0] >= x1 and cell.box[0] - x1 < 2.0 * line and len(cell.text) <= 4 \
                    and not starts_with_label(cell.text):
                out.add(id(cell))
            # …and the line written under them, close enough to share their row (陈芳
            # 2026.10.29 half a line below 此复印件与原件一致)
            if (cell.box[1] + cell.box[3]) / 2 - middle > _UNDER_SHARE * line \
                    and cell.box[0] < x1 and x0 < cell.box[2] and not starts_with_label(cell.text):
                out.add(id(cell))
        for nxt in rows[ri + 1:ri + 3]:  # …not a value a label beside it names, nor a
            under = [c.page == notes[0].page and c.box[1] - bottom < 1.5 * line  # label's line
                     and c.box[0] < x1 + 2 * line and x0 - 2 * line < c.box[2]
                     and not starts_with_label(c.text)
                     and not (k and starts_with_label(nxt.cells[k - 1].text))
                     for k, c in enumerate(nxt.cells)]
            for k in range(len(under) - 2, -1, -1):  # …nor a piece of a line that runs on
                a, b = nxt.cells[k], nxt.cells[k + 1]  # beyond it (二〇 | 二六年七月十四日)
                if under[k] and not under[k + 1] and b.box[0] - a.box[2] < _JOINED * line:
                    under[k] = False
            out.update(id(c) for c, u in zip(nxt.cells, under, strict=True) if u)
    return out


#: the column heads of a 副本's 校验记录 and 变更记录 tables; the date's opens each row
_RECORD_HEAD = re.compile(r"^(?:校验|变更)(?:日期|结果|事项|内容|机关)")
_RECORD_DATE_HEAD = re.compile(r"^(?:校验|变更)日期")


def _head_text(cell: Cell) -> str:
    """A column head as printed: without a copy's specks before it (..校验日期) or a colon."""
    return _label_view(cell.text)[0].strip(_COLONS + " ")


def _record_table_cells(rows: list[Row]) -> set[int]:
    """Ids of the cells of a 校验记录 / 变更记录 table, of a change's entry (由…变更为…)
    wherever it stands, and of a row a change's date labels.

    The table names the issuer and the dates of validations and changes, never the
    certificate's own issuing. Its rows are those under its heads that hold a cell in the
    date column; the issuer may share a line with the table beside it, or stand under it."""
    drop: set[int] = set()
    for hi, head_row in enumerate(rows):
        heads = [c for c in head_row.cells if _RECORD_HEAD.search(_head_text(c))]
        date_head = next((c for c in heads if _RECORD_DATE_HEAD.search(_head_text(c))), None)
        if date_head is None:
            continue
        drop.update(id(c) for c in heads)
        tall = date_head.box[3] - date_head.box[1]
        left = min(c.box[0] for c in heads) - 2 * tall
        right = max(c.box[2] for c in heads) + 2 * tall
        for row in rows[hi + 1:]:
            in_date_column = [c for c in row.cells if c.page == date_head.page and
                              date_head.box[0] - 1.5 * tall <= (c.box[0] + c.box[2]) / 2
                              <= date_head.box[2] + 1.5 * tall]
            if not in_date_column:
                break
            drop.update(id(c) for c in row.cells
                        if left <= (c.box[0] + c.box[2]) / 2 <= right)
    drop.update(id(c) for row in rows for c in row.cells if "变更为" in c.text)
    # a booklet's change page labels each change's date (变更日期 2024年7月24日): its row
    # is the change's, never the certificate's own issuing
    drop.update(id(c) for row in rows if any(_CHANGE_DATE.match(_head_text(c)) for c in row.cells)
                for c in row.cells)
    return drop


_CHANGE_DATE = re.compile(r"^变更(?:注册)?日期")


_LIST_SEPARATOR = re.compile(r"[、，,；;]")


def _find_departments(rows: list[Row]) -> tuple[Parsed, Cell] | None:
    """A list of clinical departments whose label the OCR lost (a letter-spaced 诊疗科目 read
    as one 目) or misread (诊疗科日： on a fax): a cell of two or more departments, every
    one a known name, after a short word and its colon if any."""
    for row in rows:
        for cell in row.cells:
            head = _MISREAD_LABEL_HEAD.match(cell.text)
            parsed = _department_list(cell.text) or (
                _department_list(cell.text[head.end():]) if head else None)
            if parsed is not None:
                return parsed, cell
    return None


#: a label read wrong before its colon: a few Han characters (诊疗科日：)
_MISREAD_LABEL_HEAD = re.compile(f"^[{_HAN}]{{2,6}}[:：]")


def _find_period(rows: list[Row], names: set[str], found: dict[str, FieldValue]) -> None:
    """A validity period whose label the OCR lost (a letter-spaced 有效期限 read as one 期):
    a cell with two dates joined as a period (start before end) is nothing else."""
    for ri, row in enumerate(rows):
        for text, cells in [(c.text, [c]) for c in row.cells] + _marked_period(rows, ri):
            start, end = nz.parse_date_range(text)
            if start is None or end is None or start >= end or len(nz.find_dates(text)) > 2:
                continue  # two dates of a 校验记录 row are not a period
            found["valid_until"] = _field_value(Parsed(end.isoformat()), cells, text)
            if "valid_from" in names and "valid_from" not in found:
                found["valid_from"] = _field_value(Parsed(start.isoformat()), cells, text)
            return


def _marked_period(rows: list[Row], ri: int) -> list[tuple[str, list[Cell]]]:
    """Row `ri` as one text when it holds a period marked 自…至… over its cells, or with the
    next row when it starts one (自 2026年09月29日) and the next row ends it (至 2041年…),
    the two lines close: a 副本's narrow column whose label the OCR lost."""
    row = rows[ri]
    out = []
    if "自" in row.text and "至" in row.text:
        out.append((row.text, row.cells))
    if ri + 1 < len(rows) and nz.starts_period(row.text):
        nxt = rows[ri + 1]
        line = row.bottom - row.top
        if nxt.text.lstrip().startswith(("至", "到")) and nxt.top - row.bottom < 1.5 * line \
                and nxt.cells[0].page == row.cells[0].page:
            out.append((row.text + nxt.text, row.cells + nxt.cells))
    return out


def _department_list(text: str) -> Parsed | None:
    """Two or more clinical departments, every one a known name: a list no other field's
    value looks like."""
    parsed = _departments(text) if _LIST_SEPARATOR.search(text) else None
    if parsed is not None and parsed.quality >= 1.0 and len(parsed.value) >= 2:
        return parsed
    return None


def _find_issuer(rows: list[Row]) -> tuple[int, list[Cell], str] | None:
    """The authority's name printed alone on its line, lowest on the first page; never a
    national ministry (the blank's 监制 seal, a header, a footer).

    A name alone in a cell beats one inside a longer line (a 校验记录 row, a sentence);
    the first page beats continuation pages; lower beats higher (it sits above the date).
    """
    best: tuple[tuple[int, int, float, int], int, list[Cell], str] | None = None
    first_page = min((r.cells[0].page for r in rows), default=1)
    for ri, row in enumerate(rows):
        groups = [(cells, row.top, 0) for cells in _cell_groups(row)]
        wrapped = _wrapped_line(rows, ri)
        if wrapped is not None:
            groups.append((list(row.cells) + wrapped.cells, wrapped.top, 1))
        for cells, top, joined in groups:
            text = _ISSUER_LABELS.sub("", _NATIONAL.sub("", "".join(c.text for c in cells)))
            m = _issuer_match(text)
            if not m:
                continue
            alone = len(m.group(0)) >= len(text) - 1
            # a name wrapped onto two lines ends where its second line does, and beats
            # that second line read alone (克拉玛依市克拉玛 / 依区卫生健康局)
            key = (int(alone), int(cells[0].page == first_page), top, joined)
            if best is None or key > best[0]:
                best = (key, ri, cells, m.group(0))
    return (best[1], best[2], best[3]) if best else None


def _wrapped_line(rows: list[Row], ri: int) -> Row | None:
    """The next row when it is the rest of this one-cell line wrapped under it: one cell
    too, within a line's height below, starting under the line and no wider than it."""
    if ri + 1 >= len(rows) or len(rows[ri].cells) != 1 or len(rows[ri + 1].cells) != 1:
        return None
    upper, lower = rows[ri].cells[0], rows[ri + 1].cells[0]
    line = upper.box[3] - upper.box[1]
    if lower.page != upper.page or lower.box[1] - upper.box[3] > line:
        return None
    if not upper.box[0] - line <= lower.box[0] <= upper.box[2] - line or (
            lower.box[2] > upper.box[2] + line):
        return None
    return rows[ri + 1]


def _cell_groups(row: Row) -> list[list[Cell]]:
    """Each cell, and the whole row (a seal can split one name into two cells), and the
    row without the cells that lie within another's span (a seal's arc text read across
    the name: 北京市生健康委员 | 市卫生健康家 | 会)."""
    groups = [[c] for c in row.cells]
    if len(row.cells) > 1:
        groups.append(list(row.cells))
        outer = [c for c in row.cells if not any(
            o is not c and _within(c.box, o.box) for o in row.cells)]
        if 1 < len(outer) < len(row.cells):
            groups.append(outer)
    return groups


def _within(box: tuple[float, float, float, float], other: tuple[float, float, float, float],
            ) -> bool:
    """Most of `box`'s width lies within `other`'s, and `other` is the wider."""
    shared = min(box[2], other[2]) - max(box[0], other[0])
    return other[2] - other[0] > box[2] - box[0] and shared >= 0.8 * (box[2] - box[0])


#: the person's fields printed right under the name, whose value column the name shares
_UNDER_THE_NAME = ("gender", "birth_date", "id_number")


def _find_name_above(rows: list[Row], found: dict[str, FieldValue]) -> None:
    """A name whose label (姓　　名) the detector lost entirely: a row of one cell that is a
    name, right above the person's first labelled value (性别 …), in the column of one of
    their values (性别女 is one cell: the birth date's gives the column)."""
    below = [found[n] for n in _UNDER_THE_NAME if n in found and found[n].box is not None]
    if not below:
        return
    first = min(below, key=lambda fv: (fv.page, fv.box[1] if fv.box else 0.0))
    assert first.box is not None
    _, top, _, bottom = first.box
    line = bottom - top
    columns = [fv.box[0] for fv in below if fv.box is not None and fv.page == first.page]
    for row in rows:
        if len(row.cells) != 1 or row.cells[0].page != first.page:
            continue
        cell = row.cells[0]
        gap = top - cell.box[3]
        if not 0 <= gap < 1.5 * line or all(abs(cell.box[0] - x) > line for x in columns):
            continue
        parsed = parse_value(Kind.NAME, cell.text)
        if parsed is not None:
            found["name"] = _field_value(parsed, [cell], cell.text)
            return


def _find_issue_date(rows: list[Row], issuer: tuple[int, list[Cell], str] | None
                     ) -> tuple[Parsed, list[Cell], str] | None:
    """The date nearest below the issuer (above it if none), else the lowest date. Nearest
    counts sideways too: the issuer's date is printed under it, while a 校验记录 table
    beside the seal has dates of its own on the same line."""
    dated = []
    for ri, row in enumerate(rows):
        for cells in _cell_groups(row):
            text = "".join(c.text for c in cells)
            parsed = _date(text)
            if parsed and not _PERIOD_END_MARK.search(row.text) and not _CLOCK.search(text):
                dated.append((ri, parsed, cells, text))
    if not dated:
        return None
    if issuer is None:
        last = dated[-1][0]
        ri, parsed, cells, text = next(d for d in dated if d[0] == last)
        return parsed, cells, text
    issuer_row, issuer_cells, _ = issuer
    page = rows[issuer_row].cells[0].page
    same = [d for d in dated if rows[d[0]].cells[0].page == page] or dated
    below = [d for d in same if d[0] > issuer_row] or same
    ix, iy = _centre(issuer_cells)

    def distance(d: tuple[int, Parsed, list[Cell], str]) -> float:
        x, y = _centre(d[2])
        return abs(x - ix) + abs(y - iy)

    ri, parsed, cells, text = min(below, key=distance)
    line = max(c.box[3] - c.box[1] for c in issuer_cells)
    top = min(c.box[1] for c in cells)
    if ri > issuer_row and top - max(c.box[3] for c in issuer_cells) > _DATE_REACH * line:
        return None  # the issuer's own date went unread; a date further down is another's
    return parsed, cells, text


#: a date marked as one end of a period (至2019年03月23日 on the line under 有效期限 自…,
#: its label's row read apart; 至 | 2028年12月11日 in two cells) is the period's, never the
#: day of issue
_PERIOD_END_MARK = re.compile(r"[自至起止]")

#: a date with the time of day is a machine's stamp, never the day of issue: the header a
#: fax machine prints atop each page it sends (2026-01-05 09:30 FROM:…), an e-licence's
#: download time
_CLOCK = re.compile(r"\d[:：]\d\d(?!\d)")

#: how far below its issuer (in the issuer's line heights) an unlabelled issue date is
#: printed: on the next line or the one after
_DATE_REACH = 3.0


def _centre(cells: list[Cell]) -> tuple[float, float]:
    return ((cells[0].box[0] + cells[-1].box[2]) / 2,
            (min(c.box[1] for c in cells) + max(c.box[3] for c in cells)) / 2)

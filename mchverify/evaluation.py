"""Score extraction results against a corpus's ground truth (labels.json)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from mchverify.schemas.extraction import ExtractionResult, FileError

__all__ = ["PRINT_KINDS", "Score", "field_matches", "print_kind", "score_corpus"]

#: How a document was printed, as the per-format tables report it (issue 24).
PRINT_KINDS = ("generic", "official", "bilingual", "booklet", "duplicate", "e_licence",
               "photocopy", "handwritten")


def print_kind(meta: dict[str, Any]) -> str:
    """The row of the per-format table a labelled document counts in: a copy is a copy
    whatever it copies, a bilingual blank is bilingual, else its print format."""
    if meta.get("copy"):
        return "photocopy"
    if meta.get("bilingual"):
        return "bilingual"
    return str(meta.get("print_format", "generic"))


def field_matches(expected: Any, got: Any) -> bool:
    """Exact match after the contract's normalisation (lists compare in printed order)."""
    if isinstance(expected, list):
        return isinstance(got, list) and [str(x) for x in expected] == [str(x) for x in got]
    return got is not None and str(expected) == str(got)


@dataclass
class Score:
    docs: int = 0
    type_ok: int = 0
    failed: int = 0
    fields: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_format: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    #: field hits per print kind (`print_kind`), and per (print kind, field)
    by_print: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_print_field: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0]))
    docs_by_print: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: per print kind: wrong values reported at or above the review threshold (a reviewer
    #: would not be sent to them), and wrong values reported below it (sent to review)
    wrong_confident: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    wrong_unsure: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.docs if self.docs else 0.0

    def field_accuracy(self, doc_type: str | None = None) -> float:
        ok = tot = 0
        for (dt, _), (o, t) in self.fields.items():
            if doc_type is None or dt == doc_type:
                ok += o
                tot += t
        return ok / tot if tot else 1.0

    def doc_types(self) -> list[str]:
        return sorted({dt for dt, _ in self.fields})


def score_corpus(
    labels: list[dict[str, Any]], results: dict[str, ExtractionResult | FileError],
    *, min_confidence: float = 0.6,
) -> Score:
    """Doc-type accuracy and per-field exact match; a wrong type makes every field a miss."""
    s = Score()
    for lab in labels:
        s.docs += 1
        res = results.get(lab["file"])
        fmt = lab.get("meta", {}).get("format", "?")
        kind = print_kind(lab.get("meta", {}))
        s.docs_by_print[kind] += 1
        if res is None or isinstance(res, FileError):
            s.failed += 1
            got_type, got_fields, got_conf = None, {}, {}
        else:
            got_type = res.doc_type.value
            got_fields = {k: v.value for k, v in res.fields.items()}
            got_conf = {k: v.confidence for k, v in res.fields.items()}
        type_ok = got_type == lab["doc_type"]
        s.type_ok += type_ok
        if not type_ok:
            s.misses.append({"file": lab["file"], "field": "doc_type", "expected": lab["doc_type"],
                             "got": got_type})
        for name, expected in lab["fields"].items():
            got = got_fields.get(name) if type_ok else None
            ok = field_matches(expected, got)
            cell = s.fields[(lab["doc_type"], name)]
            cell[0] += ok
            cell[1] += 1
            s.by_format[fmt][0] += ok
            s.by_format[fmt][1] += 1
            for cell in (s.by_print[kind], s.by_print_field[(kind, name)]):
                cell[0] += ok
                cell[1] += 1
            if not ok and type_ok and got is not None:
                sure = got_conf.get(name, 0.0) >= min_confidence
                (s.wrong_confident if sure else s.wrong_unsure)[kind] += 1
            if not ok and type_ok:
                s.misses.append({"file": lab["file"], "field": name, "expected": expected,
                                 "got": got})
    return s

"""Document type from the printed title, confirmed by the type's own labels.

A title is matched against whole lines (not substrings), so a paragraph of an application
form that merely names 医疗机构执业许可证 does not make the form a licence; and a title
alone is not enough: the page must also carry labels of that type (a business licence's
名称 / 法定代表人 rows never add up to an MCH document with its title missing).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from mchverify.extractors.field_specs import DOC_SPECS, TITLES
from mchverify.extractors.layout import Row
from mchverify.schemas.codes import DocType

__all__ = ["MIN_TITLE_SCORE", "Classification", "classify"]

#: Whole-line similarity (0–100) a title must reach; one OCR-confused character in a 6+
#: character title still passes, a different title of the same family does not.
MIN_TITLE_SCORE = 84.0
#: Distinct labelled fields of the type that must also be on the page.
MIN_LABELS = 2
_DECOR = "中华人民共和国()（）正本副本电子证照:："


@dataclass(frozen=True)
class Classification:
    doc_type: DocType
    score: float
    title_row: int | None = None
    #: the title's cell in that row, or None when the whole row is the title
    title_cell: int | None = None

    def body(self, rows: list[Row]) -> list[Row]:
        """The rows without the title, so its words (专业, 资格…) are never read as labels;
        without its repeats too (a booklet's cover and its spread both print it)."""
        if self.title_row is None:
            return rows
        out = []
        for i, row in enumerate(rows):
            if i == self.title_row and self.title_cell is None or (
                    i != self.title_row and self._is_title(row.text)):
                continue
            cells = [c for j, c in enumerate(row.cells)
                     if not (i == self.title_row and j == self.title_cell)
                     and not self._is_title(c.text)]
            if cells:
                out.append(row if len(cells) == len(row.cells) else Row(cells=cells))
        return out

    def _is_title(self, text: str) -> bool:
        line = _title_text(text)
        return 3 <= len(line) <= 24 and any(
            fuzz.ratio(line, t) >= MIN_TITLE_SCORE for t in TITLES.get(self.doc_type, ()))


def _title_text(text: str) -> str:
    """Drop the decorations that surround titles (中华人民共和国, 正本/副本, brackets)."""
    for part in ("中华人民共和国", "（正本）", "（副本）", "(正本)", "(副本)", "正本", "副本",
                 "电子证照"):
        text = text.replace(part, "")
    return text.strip(_DECOR)


def _label_count(doc_type: DocType, rows: list[Row]) -> int:
    """How many different fields of the type have a label somewhere on the page."""
    text = "".join(r.text for r in rows)
    return sum(1 for spec in DOC_SPECS[doc_type] if any(lb in text for lb in spec.labels))


def classify(rows: list[Row]) -> Classification:
    """Best title match over the page's rows, or `other`."""
    best = Classification(DocType.OTHER, 0.0)
    best_key = (0.0, 0)
    for ri, row in enumerate(rows):
        # the whole row, and each cell: a booklet prints the title beside the first fields
        candidates = [(None, row.text)] + [(ci, c.text) for ci, c in enumerate(row.cells)]
        for ci, text in candidates:
            line = _title_text(text)
            if 3 <= len(line) <= 24:
                best, best_key = _best_title(line, ri, ci, best, best_key)
    if best.doc_type is DocType.OTHER:
        return _by_labels(rows)
    if _label_count(best.doc_type, rows) < MIN_LABELS:
        return Classification(DocType.OTHER, best.score)
    return best


#: Labels and printed words that only one type's documents carry. A booklet scanned open at
#: its inner pages (or a copy of them) has no title: its labels still say what it is.
DISTINCTIVE: dict[DocType, tuple[str, ...]] = {
    # the two physician's certificates share 医师级别 and 执业类别; what else they print
    # tells them apart (a tie is left to the reviewer)
    DocType.PHYSICIAN_PRACTICE_CERTIFICATE: ("医师级别", "执业类别", "执业范围", "执业地点",
                                             "主要执业机构", "执业证书编码", "注册有效期"),
    DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE: ("医师级别", "执业类别", "资格级别",
                                                  "医师资格考试", "取得医师资格", "资格证书编码"),
    # …and its 监制 line: the ministry of human resources prints on no other type's blank
    DocType.PROFESSIONAL_TITLE_CERTIFICATE: ("资格名称", "专业技术资格", "专业名称",
                                             "人力资源和社会保障部"),
    # …and the number's own mark (川卫母婴考（2026）900号, 闽母婴培字…, 粤卫母婴许…)
    DocType.MCH_ASSESSMENT_CERTIFICATE: ("考核项目", "考核合格项目", "考核类别", "技术考核合格",
                                         "经考核合格", "母婴考"),
    DocType.MCH_TRAINING_CERTIFICATE: ("培训项目", "培训类别", "技术培训", "母婴培"),
    DocType.MEDICAL_INSTITUTION_LICENSE: ("诊疗科目", "登记号", "核准登记"),
    DocType.MCH_PRACTICE_LICENSE: ("许可项目", "许可技术项目", "母婴保健技术服务执业", "母婴许"),
    DocType.FAMILY_PLANNING_LICENSE: ("计划生育技术服务机构", "计服证"),
}
#: Distinctive words, and labels of the type in all, a page without a title must show.
MIN_DISTINCTIVE = 2
MIN_LABELS_UNTITLED = 5
#: …or one distinctive word no other type's words join, on a page that labels this share
#: of the type's fields: a title a fax's dots broke (母婴保像 for 母婴保健技术考核合格证书,
#: tune bench-verify seed 1301, doc0011) and every label of the sheet read
_ONE_WORD_COVERAGE = 0.7


def _by_labels(rows: list[Row]) -> Classification:
    """A page without a title: the one type whose own words it carries, with enough of the
    type's labels; `other` when none or two types qualify alike (a reviewer then decides)."""
    text = "".join(r.text for r in rows)
    scores = {t: sum(w in text for w in words) for t, words in DISTINCTIVE.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top == second:  # two types' own words alike: the one the page shows more of
        winner = _most_complete([t for t, n in ranked if n == top], rows)
        if winner is None:
            return Classification(DocType.OTHER, 0.0)
        best = winner
    if _label_count(best, rows) < MIN_LABELS_UNTITLED or top < MIN_DISTINCTIVE and not (
            top == 1 and second == 0
            and _label_count(best, rows) / len(DOC_SPECS[best]) >= _ONE_WORD_COVERAGE):
        return Classification(DocType.OTHER, 0.0)
    return Classification(best, float(top))


#: how much more of its fields a tied type's labels must cover to win the tie
_COMPLETER_BY = 0.1


def _most_complete(tied: list[DocType], rows: list[Row]) -> DocType | None:
    """Of types tied on their own words, the one whose fields the page labels most
    completely, when clearly so: a 医师资格证书 spread (医师级别, 执业类别, 证书编码 …, no
    执业地点 or 执业范围) shows all its fields and only part of a 医师执业证书's."""
    shares = sorted(((_label_count(t, rows) / len(DOC_SPECS[t]), t) for t in tied),
                    key=lambda st: -st[0])
    if shares[0][0] - shares[1][0] >= _COMPLETER_BY:
        return shares[0][1]
    return None


def _best_title(line: str, ri: int, ci: int | None, best: Classification,
                best_key: tuple[float, int]) -> tuple[Classification, tuple[float, int]]:
    """Keep the better of `best` and this line's closest title."""
    for doc_type, titles in TITLES.items():
        for title in titles:
            score = fuzz.ratio(line, title)
            # prefer the longer title on ties: 医疗机构执业许可证 ⊂ 计划生育技术服务机构执业许可证
            key = (score, len(title))
            if score >= MIN_TITLE_SCORE and key > best_key:
                best, best_key = Classification(doc_type, score, ri, ci), key
    return best, best_key

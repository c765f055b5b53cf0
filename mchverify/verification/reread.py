"""A second look at values the registry disputes: the field's line cut again from the page
and read once more by the recogniser alone.

A read that differs from the registry record is mostly the OCR's doing when the page is
honest: a first or last character the text detector left outside the line's box (西壮族… for
广西壮族…, 委员 for 委员会), the last character of a label taken into the value (名朱刚), a
stroke lost under a seal (二〇二九 for 二〇一九). Cutting the box again a little wider, with
the seal's red lifted, and reading it again undoes most of these.

The policy keeps a disputed value disputed unless the page shows otherwise: the re-read
replaces a value only when it *is* the registry's value under the field's own tolerance
(crosscheck.FIELD_TOLERANCE), read with confidence (`FieldValue.source = "reread"`). A value
printed differently — a forged date, another name — reads the same the second time, so it
stays a REGISTRY_MISMATCH; nothing is ever replaced by the record's value without the page.
A certificate number the registry does not know is re-read the same way, and kept only if
the re-read number is one the registry holds.

A required value that was not read at all is looked for where values most often go
missing: in the band of the page a seal covers. That band is read again, full width, with
the seal's red lifted, and its lines (and their wider re-reads) are searched for the
registry's value as verification.locate does; only lines no other field was read from count.

A required value not boxed at all beside its label (a lone 女 after 性别 in a table) is read
again from the strip right of the label, and kept on the same condition.

Lists (categories, departments) are left alone: their items wrap over lines.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from mchverify.extractors.field_specs import DOC_SPECS, FieldSpec
from mchverify.extractors.fields import parse_value, value_text
from mchverify.extractors.layout import group_rows
from mchverify.extractors.ocr.base import OcrEngine
from mchverify.extractors.pages import PageImage
from mchverify.extractors.preprocess import suppress_red
from mchverify.extractors.seals import find_seals, is_grey_copy
from mchverify.schemas.documents import required_fields
from mchverify.schemas.extraction import BBox, ExtractionResult, FieldValue, TextLine
from mchverify.schemas.registry import RegistryEntry
from mchverify.verification.crosscheck import FIELD_TOLERANCE, Tolerance, compare_field
from mchverify.verification.locate import LOCATABLE, line_holds
from mchverify.verification.registry import RegistryAdapter
from mchverify.verification.seal_text import LineRecognizer

__all__ = ["CROP_MARGINS", "reread_disputed"]

#: (horizontal, vertical) margins added to a field's box, in units of its height: a little
#: (a label's character is then not taken in) and a character's width or so (a first or last
#: character the detector dropped comes back). The first variant that reads the record wins.
CROP_MARGINS: tuple[tuple[float, float], ...] = ((0.3, 0.12), (1.0, 0.15))


class _Pages:
    """The scanned pages, each with its seals found and their red lifted once."""

    def __init__(self, images: list[PageImage]) -> None:
        self._images = {im.number: im.image for im in images if im.scanned}
        self._seals: dict[int, list[tuple[int, int, int, int]]] = {}
        self._cleaned: dict[int, np.ndarray] = {}

    def numbers(self) -> list[int]:
        return list(self._images)

    def seals(self, n: int) -> list[tuple[int, int, int, int]]:
        if n not in self._seals:
            self._seals[n] = find_seals(self._images[n]) if n in self._images else []
        return self._seals[n]

    def cleaned(self, n: int) -> np.ndarray | None:
        """Page `n` with its seals' red lifted; None if it is not a scanned page."""
        if n not in self._images:
            return None
        if n not in self._cleaned:
            self._cleaned[n] = suppress_red(self._images[n], self.seals(n))
        return self._cleaned[n]

    def cleanings(self, n: int) -> list[np.ndarray]:
        """Page `n` cleaned of its seals, and on a copy also with its grey seals lifted by
        force: a seal as dark as the print is left on the first, and the date under its
        star is often readable only on the second (or the other way round)."""
        first = self.cleaned(n)
        if first is None:
            return []
        if not is_grey_copy(self._images[n]):
            return [first]
        forced = suppress_red(self._images[n], self.seals(n), force=True)
        return [first] if np.array_equal(forced, first) else [first, forced]


def _crop(image: np.ndarray, box: BBox, margin: tuple[float, float]) -> np.ndarray | None:
    x0, y0, x1, y1 = box
    h = y1 - y0
    if h <= 2 or x1 - x0 <= 2:
        return None
    ih, iw = image.shape[:2]
    xa, xb = max(0, int(x0 - margin[0] * h)), min(iw, int(x1 + margin[0] * h))
    ya, yb = max(0, int(y0 - margin[1] * h)), min(ih, int(y1 + margin[1] * h))
    crop = image[ya:yb, xa:xb]
    return crop if crop.size else None


def _reads(engine: LineRecognizer, image: np.ndarray, box: BBox) -> list[tuple[str, float]]:
    crops = [c for m in CROP_MARGINS if (c := _crop(image, box, m)) is not None]
    return engine.recognize(crops) if crops else []


def _parsed(spec: FieldSpec, reads: list[tuple[str, float]],
            min_confidence: float) -> Iterator[tuple[str | list[str], str, float]]:
    """(value, text, score) of each confident re-read that holds a value of the field."""
    for text, score in reads:
        parsed = parse_value(spec.kind, value_text(text, spec.labels))
        if parsed is not None and score >= min_confidence:
            yield parsed.value, text, float(score)


def _agreeing(spec: FieldSpec, reads: list[tuple[str, float]], expected: object,
              min_confidence: float) -> tuple[str | list[str], str, float] | None:
    """The first re-read whose value is the registry's (under the field's tolerance)."""
    return next((r for r in _parsed(spec, reads, min_confidence)
                 if compare_field(spec.name, r[0], expected) is None), None)


def _disputed(fv: FieldValue, expected: object, name: str, min_confidence: float) -> bool:
    return fv.confidence < min_confidence or compare_field(name, fv.value, expected) is not None


def reread_disputed(result: ExtractionResult, images: list[PageImage],
                    registry: RegistryAdapter | None, engine: LineRecognizer | None, *,
                    min_confidence: float) -> ExtractionResult:
    """`result` with its disputed or weak values re-read from the page (the module's policy)."""
    specs = {s.name: s for s in DOC_SPECS.get(result.doc_type, ())}
    number = result.fields.get("certificate_number")
    if registry is None or engine is None or number is None or not specs:
        return result
    pages = _Pages(images)
    fields = dict(result.fields)
    entry = registry.lookup(result.doc_type, str(number.value))
    if entry is None:
        entry = _reread_number(result, fields, registry, engine, pages, min_confidence)
        if entry is None:
            return result
    _reread_fields(fields, specs, entry, engine, pages, min_confidence)
    _find_beside_labels(result, fields, specs, entry, engine, pages, min_confidence)
    missing = [n for n in required_fields(result.doc_type)
               if n not in fields and n in LOCATABLE and entry.fields.get(n)]
    if missing and isinstance(engine, OcrEngine):
        _find_in_seal_bands(fields, missing, entry, engine, engine, pages, min_confidence)
    if fields == result.fields:
        return result
    return result.model_copy(update={"fields": fields})


def _reread_number(result: ExtractionResult, fields: dict[str, FieldValue],
                   registry: RegistryAdapter, engine: LineRecognizer, pages: _Pages,
                   min_confidence: float) -> RegistryEntry | None:
    fv = fields["certificate_number"]
    spec = next(s for s in DOC_SPECS[result.doc_type] if s.name == "certificate_number")
    if fv.box is None:
        return None
    for image in pages.cleanings(fv.page):
        for value, text, score in _parsed(spec, _reads(engine, image, fv.box), min_confidence):
            entry = registry.lookup(result.doc_type, str(value))
            if entry is not None:
                fields["certificate_number"] = fv.model_copy(update={
                    "value": value, "confidence": score, "raw": text, "source": "reread"})
                return entry
    return None


def _reread_fields(fields: dict[str, FieldValue], specs: dict[str, FieldSpec],
                   entry: RegistryEntry, engine: LineRecognizer, pages: _Pages,
                   min_confidence: float) -> None:
    for name, fv in list(fields.items()):
        expected = entry.fields.get(name)
        spec = specs.get(name)
        if spec is None or fv.box is None or expected in (None, "", []) \
                or FIELD_TOLERANCE.get(name) is Tolerance.SET \
                or not _disputed(fv, expected, name, min_confidence):
            continue
        # on a copy, the page with its grey seals lifted by force too: a stroke of a digit
        # under the star is often whole only there (2022年11月04日 read 01 on the first)
        found = next((f for image in pages.cleanings(fv.page)
                      if (f := _agreeing(spec, _reads(engine, image, fv.box), expected,
                                         min_confidence)) is not None), None)
        if found is not None:
            value, text, score = found
            fields[name] = fv.model_copy(update={"value": value, "confidence": score,
                                                 "raw": text, "source": "reread"})


#: how far right of its label a value is looked for when nothing was read there, in units
#: of the label's height: a table's value column may start two characters off the label
BESIDE_LABEL = 6.0


def _find_beside_labels(result: ExtractionResult, fields: dict[str, FieldValue],
                        specs: dict[str, FieldSpec], entry: RegistryEntry,
                        engine: LineRecognizer, pages: _Pages, min_confidence: float) -> None:
    """A required value the detector did not box at all (a lone 女 beside 性别): the strip
    right of its label, where it was read alone, is read once more and kept when it is the
    registry's value."""
    missing = [n for n in required_fields(result.doc_type)
               if n not in fields and n in specs and entry.fields.get(n) not in (None, "", [])
               and FIELD_TOLERANCE.get(n) is not Tolerance.SET]
    for page in result.pages if missing else []:
        image = pages.cleaned(page.number)
        if image is None:
            continue
        for row in group_rows(page.lines, page=page.number):
            for name in list(missing):
                spec = specs[name]
                label = next((c for c in row.cells if c.text.strip(":：") in spec.labels), None)
                if label is None or label is not row.cells[-1]:
                    continue  # a label with something read after it was not empty
                _x0, y0, x1, y1 = label.box
                strip = (x1, y0, x1 + BESIDE_LABEL * (y1 - y0), y1)
                crop = _crop(image, strip, (0.0, 0.15))
                reads = engine.recognize([crop]) if crop is not None else []
                found = _agreeing(spec, reads, entry.fields[name], min_confidence)
                if found is not None:
                    value, text, score = found
                    fields[name] = FieldValue(value=value, confidence=score, page=page.number,
                                              box=strip, raw=text, source="reread")
                    missing.remove(name)


def _seal_band_lines(engine: OcrEngine, image: np.ndarray,
                     seals: list[tuple[int, int, int, int]]) -> list[TextLine]:
    """The lines of the seals' bands of `image` (full width, red lifted), read again, in
    page coordinates."""
    out: list[TextLine] = []
    for _x0, y0, _x1, y1 in seals:
        band = image[y0:y1]
        if not band.size:
            continue
        page = engine.read(band)
        if page.rotation:
            continue  # a band turned by the orientation test is not the band looked for
        out += [line.model_copy(update={"box": (b[0], b[1] + y0, b[2], b[3] + y0)})
                for line in page.lines if (b := line.box)]
    return out


def _overlap(a: BBox, b: BBox) -> float:
    """Share of the smaller box's area the two boxes have in common."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / small if small > 0 else 0.0


def _find_in_seal_bands(fields: dict[str, FieldValue], missing: list[str], entry: RegistryEntry,
                        reader: OcrEngine, recognizer: LineRecognizer, pages: _Pages,
                        min_confidence: float) -> None:
    for number in pages.numbers():
        seals = pages.seals(number)
        if not seals:
            continue
        for image in pages.cleanings(number):
            if not missing:
                return
            _search_band(fields, missing, entry, reader, recognizer, number, image, seals,
                         min_confidence)


def _search_band(fields: dict[str, FieldValue], missing: list[str], entry: RegistryEntry,
                 reader: OcrEngine, recognizer: LineRecognizer, number: int, image: np.ndarray,
                 seals: list[tuple[int, int, int, int]], min_confidence: float) -> None:
    """Read the seals' bands of one cleaning of page `number` and take what holds a
    missing field's registry value (removed from `missing`)."""
    used = [fv.box for fv in fields.values() if fv.box is not None and fv.page == number]
    unused = [ln for ln in _seal_band_lines(reader, image, seals)
              if not any(_overlap(ln.box, u) > 0.5 for u in used)]
    cut = [(ln, c) for ln in unused if (c := _crop(image, ln.box, CROP_MARGINS[-1])) is not None]
    lines = [ln for ln, _ in cut]
    wider = recognizer.recognize([c for _, c in cut])
    for name in list(missing):
        expected = str(entry.fields[name])
        for line, (text, score) in zip(lines, wider, strict=True):
            hit = next(((t, s) for t, s in ((line.text, line.score), (text, score))
                        if s >= min_confidence and line_holds(name, expected, t)), None)
            if hit is not None:
                fields[name] = FieldValue(value=expected, confidence=float(hit[1]),
                                          page=number, box=line.box, raw=hit[0],
                                          source="reread")
                missing.remove(name)
                break

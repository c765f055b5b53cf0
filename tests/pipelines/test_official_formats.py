"""Reading official blanks as the offices print them (issue 24), end to end through OCR.

Each test pins one phenomenon the real licences showed, on a page the generator's official
blank draws with that phenomenon fixed: the ministry's 监制 seal or line beside the issuer,
a validity period whose digits the printer filled off register between pre-printed
年 月 日, a name with a middle dot, a second script under the labels.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.codes import DocType
from mchverify.schemas.extraction import ExtractionResult
from mchverify.synth.document import jsonable
from mchverify.synth.fonts import choose_fontset
from mchverify.synth.official import compose_official
from mchverify.synth.parts import Part
from mchverify.synth.records import World
from mchverify.synth.render import render_page

pytestmark = pytest.mark.ocr


@pytest.fixture(scope="module")
def reader() -> DocumentReader:
    return DocumentReader()


def _blank(tmp_path: Path, doc_type: DocType, seed: int, *, dpi: int = 200,
           **overrides: Any) -> tuple[Path, dict[str, Any]]:
    """One official blank of `doc_type` saved as a JPEG scan; returns it and its truth."""
    world = World(seed, 8)
    rec = world.record(seed, doc_type)
    name = overrides.pop("name", None)
    if name is not None:
        rec.fields["name"] = name
    rng = random.Random(seed)
    text = "".join(str(v) for v in jsonable(rec.fields).values()) + "中华人民共和国监制年月日自至"
    fonts = choose_fontset(rng, text, truetype_only=False, part=Part.TUNE)
    off = compose_official(rec, fonts, rng, part=Part.TUNE, **overrides)
    img, _ = render_page(off.composition.pages[0], off.fonts, dpi, np.random.default_rng(seed))
    path = tmp_path / f"{doc_type.value}-{seed}.jpg"
    Image.fromarray(img).save(path, "JPEG", quality=90, dpi=(dpi, dpi))
    truth = {k: v for k, v in jsonable(rec.fields).items() if k in off.fields}
    return path, truth


def _read(reader: DocumentReader, path: Path) -> ExtractionResult:
    res = reader.read_path(path)
    assert isinstance(res, ExtractionResult), res
    return res


def _value(res: ExtractionResult, name: str) -> Any:
    fv = res.fields.get(name)
    return None if fv is None else fv.value


@pytest.mark.parametrize(("doc_type", "jianzhi", "seed"), [
    (DocType.MEDICAL_INSTITUTION_LICENSE, "printed", 2),
    (DocType.MEDICAL_INSTITUTION_LICENSE, "seal", 3),
    (DocType.PHYSICIAN_QUALIFICATION_CERTIFICATE, "printed", 4),
])
def test_ministry_jianzhi_is_never_the_issuer(tmp_path: Path, reader: DocumentReader,
                                              doc_type: DocType, jianzhi: str,
                                              seed: int) -> None:
    """The ministry's 监制 seal or its printed name on the blank (bottom left) is not the
    authority that issued the document (发证机关, bottom right, under its own seal)."""
    path, truth = _blank(tmp_path, doc_type, seed, jianzhi=jianzhi)
    res = _read(reader, path)
    assert res.doc_type is doc_type
    assert _value(res, "issuer") == truth["issuer"]
    assert _value(res, "issue_date") == truth["issue_date"]


@pytest.mark.parametrize(("shift", "seed", "readable"), [
    ((0.6, -2.5), 5, True), ((2.8, 0.4), 7, True),
    # the fill lands on 年 and the month: the detector reads neither (自 2024 | 月 15 | 日至…)
    ((-1.8, 2.5), 6, False)])
def test_period_in_a_blank_filled_off_register_gives_both_ends(
        tmp_path: Path, reader: DocumentReader, shift: tuple[float, float], seed: int,
        readable: bool) -> None:
    """有效期限 自　年　月　日 至　年　月　日 printed on the blank, the digits filled by a
    printer a few millimetres off: both ends are read, never the start as the end; where
    the OCR lost a part of a date, the period is left to the reviewer, never guessed."""
    path, truth = _blank(tmp_path, DocType.MEDICAL_INSTITUTION_LICENSE, seed, shift=shift)
    res = _read(reader, path)
    assert dt.date.fromisoformat(truth["valid_until"]) > dt.date.fromisoformat(
        truth["valid_from"])
    if readable:
        assert _value(res, "valid_from") == truth["valid_from"]
        assert _value(res, "valid_until") == truth["valid_until"]
    else:
        assert _value(res, "valid_from") in (truth["valid_from"], None)
        assert _value(res, "valid_until") in (truth["valid_until"], None)


@pytest.mark.parametrize("name", ["古丽米热·艾合买提", "阿不都热依木·买买提明"])
def test_names_with_a_middle_dot_are_read(tmp_path: Path, reader: DocumentReader,
                                          name: str) -> None:
    path, truth = _blank(tmp_path, DocType.MCH_ASSESSMENT_CERTIFICATE, 8, name=name,
                         shift=(0.0, 0.0))
    res = _read(reader, path)
    assert _value(res, "name") == name == truth["name"]


def test_second_script_lines_are_never_values(tmp_path: Path, reader: DocumentReader) -> None:
    """A bilingual blank (Uyghur or Korean under or beside each label): every field is the
    Chinese value, none is a line of the other script."""
    wrong: list[tuple[str, Any, Any]] = []
    for seed in (9, 10):
        path, truth = _blank(tmp_path, DocType.MCH_ASSESSMENT_CERTIFICATE, seed,
                             bilingual=True, shift=(0.0, 0.0))
        res = _read(reader, path)
        wrong += [(k, v, _value(res, k)) for k, v in truth.items() if _value(res, k) != v]
    assert not wrong

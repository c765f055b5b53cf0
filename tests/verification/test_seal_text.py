"""Reading a seal's arc: generated documents read as their issuer, another authority's seal
is told apart, and a seal without legible words says nothing."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from mchverify.extractors.loaders import load_document
from mchverify.extractors.pages import RasterPage
from mchverify.pipelines.extract import DocumentReader
from mchverify.schemas.codes import DocType
from mchverify.synth.corpus import DOC_TYPES
from mchverify.synth.document import Job, make_document
from mchverify.synth.fonts import FontFace, available_faces, pil_font
from mchverify.synth.page import Seal
from mchverify.synth.records import World
from mchverify.synth.seal import blend_seal
from mchverify.verification.forensics import SealMark, find_seal_marks
from mchverify.verification.seal_text import (
    LineRecognizer,
    SealText,
    read_seal_text,
    seal_matches_issuer,
)

pytestmark = pytest.mark.ocr

DPI = 200
PX_PER_MM = DPI / 25.4
_TURN = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


@pytest.fixture(scope="module")
def engine(reader: DocumentReader) -> LineRecognizer:
    """The session's OCR engine (one model load for the whole run)."""
    eng = reader.engine
    assert isinstance(eng, LineRecognizer)
    return eng


def _seal_face() -> FontFace:
    """A heavy face, as the generator picks for seals."""
    faces = available_faces()
    return next((f for f in faces if f.key.endswith("-bold") or f.key == "wqy-zenhei"),
                faces[0])


def stamped_page(issuer: str, seal_text: str, *, rotation: float = 0.0, bottom: str = "",
                 seed: int = 0) -> np.ndarray:
    """A page bottom (BGR) with the issuer and a date printed in black and a seal stamped
    over both, as on a certificate."""
    rng = np.random.default_rng(seed)
    img = Image.new("RGB", (1000, 700), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    font = pil_font(available_faces()[0], 44)
    draw.text((500, 320), issuer, font=font, fill=(24, 24, 28), anchor="mm")
    draw.text((500, 410), "二〇二三年四月六日", font=font, fill=(24, 24, 28), anchor="mm")
    rgb = np.asarray(img).copy()
    seal = Seal(cx=500 / PX_PER_MM, cy=360 / PX_PER_MM, diameter=42.0, text=seal_text,
                bottom=bottom, rotation=rotation, opacity=0.85)
    blend_seal(rgb, seal, _seal_face(), PX_PER_MM, rng)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def only_seal(image: np.ndarray, near: tuple[float, float] | None = None) -> SealMark:
    """The page's one seal, or with `near` (px) the seal there: an official blank also
    carries the ministry's printed 监制 seal."""
    marks = find_seal_marks(image)
    if near is None:
        assert len(marks) == 1
        return marks[0]
    return min(marks, key=lambda m: (m.cx - near[0]) ** 2 + (m.cy - near[1]) ** 2)


def read_verdict(image: np.ndarray, issuer: str, engine: LineRecognizer,
                 near: tuple[float, float] | None = None,
                 ) -> tuple[SealText | None, bool | None]:
    read = read_seal_text(image, only_seal(image, near), engine)
    if read is None:
        return None, None
    return read, seal_matches_issuer(read.text, issuer, score=read.score)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(("issuer", "rotation", "bottom"), [
    ("浙江省卫生健康委员会", 0.0, ""),
    ("杭州市卫生健康委员会", 12.0, "专用章"),
    ("杭州市西湖区卫生健康局", -13.0, ""),
    ("广西壮族自治区卫生健康委员会", 6.0, "行政审批专用章"),
])
def test_a_stamped_seal_reads_as_its_issuer(engine: LineRecognizer, issuer: str,
                                            rotation: float, bottom: str) -> None:
    page = stamped_page(issuer, issuer, rotation=rotation, bottom=bottom, seed=len(issuer))
    read, verdict = read_verdict(page, issuer, engine)
    assert read is not None and verdict is True
    assert read.score > 0.8
    assert issuer[1:-1] in read.text  # the words themselves, not just a fuzzy likeness


def test_a_page_turned_in_the_file_still_reads(engine: LineRecognizer) -> None:
    """The arc is found from its gap, not assumed at 12 o'clock."""
    issuer = "宁波市北仑区卫生健康局"
    page = stamped_page(issuer, issuer, rotation=8.0, seed=4)
    for turn in _TURN.values():
        read, verdict = read_verdict(cv2.rotate(page, turn), issuer, engine)
        assert verdict is True, read


def _generated(seed: int, index: int, fmt: str, outdir: Path) -> tuple[np.ndarray, dict]:
    """One generated document's first page, upright, and its label."""
    world = World(seed, 2)
    doc_type: DocType = DOC_TYPES[index]
    label = make_document(Job(index, seed, fmt, outdir, world.record(index, doc_type)))
    path = outdir / label["file"]
    page = load_document(path.read_bytes(), path.name).pages[0]
    assert isinstance(page, RasterPage)
    image = page.image
    turn = label["meta"]["upright_rotation"]
    return (cv2.rotate(image, _TURN[turn]) if turn else image), label


@pytest.mark.parametrize(("seed", "index", "fmt"), [
    (2, 1, "png"),  # city, turned 90° in the file, 150 dpi
    (2, 3, "pdf-scan"),  # county, upside down, a 卫生和计划生育局
    (2, 4, "jpg"),  # province, 300 dpi
    (2, 7, "pdf-scan"),  # a county's own name (淳安县), 150 dpi
])
def test_generated_documents_seal_reads_as_their_issuer(
        engine: LineRecognizer, tmp_path: Path, seed: int, index: int, fmt: str) -> None:
    page, label = _generated(seed, index, fmt, tmp_path)
    issuer = label["fields"]["issuer"]
    assert label["meta"]["seal"][0]["text"] == issuer
    px = label["meta"]["dpi"] / 25.4
    cx, cy = label["meta"]["seal"][0]["center_mm"]
    read, verdict = read_verdict(page, issuer, engine, near=(cx * px, cy * px))
    if label["meta"]["print_format"] == "generic":
        assert verdict is True, (label["file"], read, issuer)
    else:  # a seal over an official blank's fill in another face: a poor read says nothing
        assert verdict is not False, (label["file"], read, issuer)


# --------------------------------------------------------------------------- another authority


@pytest.mark.parametrize(("printed", "stamped"), [
    ("杭州市卫生健康委员会", "宁波市卫生健康委员会"),  # another city
    ("杭州市西湖区卫生健康局", "浙江省卫生健康委员会"),  # the province, not the district
    ("浙江省卫生健康委员会", "江苏省卫生健康委员会"),  # another province
])
def test_a_seal_of_another_authority_does_not_match(engine: LineRecognizer, printed: str,
                                                    stamped: str) -> None:
    page = stamped_page(printed, stamped, rotation=-7.0, seed=1)
    read, verdict = read_verdict(page, printed, engine)
    assert read is not None and read.text == stamped
    assert verdict is False
    assert seal_matches_issuer(read.text, stamped, score=read.score) is True


# --------------------------------------------------------------------------- no verdict


def test_a_seal_without_legible_words_gives_no_verdict(engine: LineRecognizer) -> None:
    """A ring and a star only (a stamp whose words did not take): no read, or one too
    poor to judge — never "another authority"."""
    img = np.full((700, 700, 3), (242, 242, 240), np.uint8)
    cv2.circle(img, (350, 350), 160, (40, 40, 210), 9)
    cv2.circle(img, (350, 350), 40, (40, 40, 210), -1)
    read = read_seal_text(img, only_seal(img), engine)
    verdict = None if read is None else seal_matches_issuer(read.text, "杭州市卫生健康委员会",
                                                            score=read.score)
    assert verdict is None


def test_a_blank_patch_reads_nothing(engine: LineRecognizer) -> None:
    blank = np.full((500, 500, 3), 240, np.uint8)
    assert read_seal_text(blank, SealMark(250.0, 250.0, 150.0, 0.9), engine) is None


# --------------------------------------------------------------------------- comparison only


def test_ocr_noise_and_extra_words_still_match() -> None:
    assert seal_matches_issuer("杭州市卫生健康委贝会", "杭州市卫生健康委员会") is True
    assert seal_matches_issuer("沙市雨花区卫生和计划生育局", "长沙市雨花区卫生和计划生育局") is True
    assert seal_matches_issuer("杭州市 卫生健康委员会", "发证机关：杭州市卫生健康委员会（章）") is True
    # 西湖区 alone is also in 南昌: a seal that leaves out its city is no other authority
    assert seal_matches_issuer("西湖区卫生健康局", "杭州市西湖区卫生健康局") is True
    assert seal_matches_issuer("新安具卫生健康局", "新安县卫生健康局", score=0.98) is True


def test_a_shared_body_alone_is_not_the_same_authority() -> None:
    """卫生健康局 is in every county's name: the seat must be on the seal too."""
    assert seal_matches_issuer("襄阳市褒城区卫生健康局", "平阴县卫生健康局", score=0.95) is not True
    assert seal_matches_issuer("卫生健康局", "平阴县卫生健康局") is not True


def test_a_doubtful_read_is_never_another_authority() -> None:
    # one misread stroke can turn 杭州 into 柳州: not enough to call it another city
    assert seal_matches_issuer("柳州市卫生健康委员会", "杭州市卫生健康委员会") is not False
    # a chain cut by a misread character (西胡区) is noise, not a city-level seal
    assert seal_matches_issuer("杭州市西胡区卫生健康局", "杭州市西湖区卫生健康局") is not False
    # another city, but read with little confidence
    assert seal_matches_issuer("宁波市卫生健康委员会", "杭州市卫生健康委员会", score=0.7) is None


def test_too_little_read_gives_no_verdict() -> None:
    assert seal_matches_issuer("", "杭州市卫生健康委员会") is None
    assert seal_matches_issuer("杭州", "杭州市卫生健康委员会") is None
    assert seal_matches_issuer("杭州市卫生健康委员会", "杭州市卫生健康委员会", score=0.3) is None


def test_another_body_or_seat_read_confidently_does_not_match() -> None:
    assert seal_matches_issuer("杭州市人力资源和社会保障局", "杭州市卫生健康委员会") is False
    assert seal_matches_issuer("杭州市西湖区卫生健康局", "杭州市卫生健康委员会") is False
    assert seal_matches_issuer("义乌市卫生健康局", "东阳市卫生健康局", score=0.95) is False
    assert seal_matches_issuer("杭州市公安局", "浙江省卫生健康委员会", score=0.97) is False
    assert seal_matches_issuer("杭州市公安局", "浙江省卫生健康委员会", score=0.6) is None


@pytest.mark.parametrize(("seal", "printed"), [
    ("中华人民共和国卫生部", "杭州市西湖区卫生局"),
    ("国家卫生健康委员会", "乌鲁木齐市沙依巴克区卫生健康局"),
    ("中华人民共和国国家卫生健康委员会", "浙江省卫生健康委员会"),
])
def test_the_ministrys_jianzhi_seal_is_never_another_authority(seal: str, printed: str) -> None:
    """The red 监制 seal of the ministry is printed on every blank of a national format
    (issue 24): read confidently, it still names no issuer, so no seal-text flag."""
    assert seal_matches_issuer(seal, printed, score=0.99) is None
    assert seal_matches_issuer("上海市公安局", printed, score=0.99) is False  # still judged

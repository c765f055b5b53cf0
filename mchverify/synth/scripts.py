"""Second scripts of bilingual blanks in the autonomous regions (formats.md).

Xinjiang prints Uyghur (Arabic script) beside or under each Chinese label and fixed
sentence, Yanbian prints Korean, Tibet prints Tibetan; the values are written in Chinese
only. The generator needs no faithful translation, only real text of each script in a real
font, so the reader meets what such lines look like to a Chinese OCR model. Scripts and
their fonts are split into the tune and held-out parts.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path

from mchverify.synth.fonts import FontFace
from mchverify.synth.parts import Part

__all__ = ["SECOND_SCRIPTS", "ScriptChoice", "choose_script", "script_face", "translate"]

# label -> (Uyghur, Korean, Tibetan); anything else gets the script's generic phrase
_WORDS: dict[str, tuple[str, str, str]] = {
    "姓名": ("ئىسمى", "성명", "མིང་།"),
    "性别": ("جىنسى", "성별", "ཕོ་མོ།"),
    "出生日期": ("تۇغۇلغان ۋاقتى", "출생일자", "སྐྱེས་ཚེས།"),
    "身份证号": ("كىملىك نومۇرى", "신분증번호", "ཐོབ་ཐང་ལག་ཁྱེར་ཨང་།"),
    "工作单位": ("خىزمەت ئورنى", "근무단위", "ལས་ཁུངས།"),
    "发证机关": ("گۇۋاھنامە بەرگەن ئورگان", "발급기관", "ལག་ཁྱེར་སྤྲོད་མཁན།"),
    "发证日期": ("گۇۋاھنامە بېرىلگەن ۋاقىت", "발급일자", "སྤྲོད་པའི་ཚེས་གྲངས།"),
    "证书编号": ("گۇۋاھنامە نومۇرى", "증서번호", "ལག་ཁྱེར་ཨང་རྟགས།"),
    "有效期限": ("ئىناۋەتلىك مۇددىتى", "유효기간", "ནུས་ལྡན་དུས་ཚོད།"),
    "机构名称": ("ئاپپارات نامى", "기관명칭", "ཚོགས་པའི་མིང་།"),
    "地址": ("ئادرېس", "주소", "ས་གནས།"),
    "法定代表人": ("قانۇنىي ۋەكىل", "법정대표인", "ཁྲིམས་ལྡན་ངོ་ཚབ།"),
}
_GENERIC = ("ساغلاملىق ۋە تۇغۇت گۇۋاھنامىسى", "보건 증서", "འཕྲོད་བསྟེན་ལག་ཁྱེར།")
_INDEX = {"uyghur": 0, "korean": 1, "tibetan": 2}


@dataclass(frozen=True)
class ScriptChoice:
    script: str  # uyghur | korean | tibetan
    face: FontFace


#: script, font family, file, part
SECOND_SCRIPTS: tuple[tuple[str, str, str, Part], ...] = (
    ("uyghur", "Noto Naskh Arabic", "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
     Part.TUNE),
    ("korean", "NanumGothic", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf", Part.TUNE),
    ("uyghur", "UKIJ Tuz", "/usr/share/fonts/truetype/fonts-ukij-uyghur/UKIJTuz.ttf",
     Part.HELDOUT),
    ("tibetan", "Tibetan Machine Uni",
     "/usr/share/fonts/truetype/tibetan-machine/TibetanMachineUni.ttf", Part.HELDOUT),
    ("korean", "NanumMyeongjo", "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf",
     Part.HELDOUT),
)


@functools.cache
def script_face(path: str, family: str, script: str) -> FontFace | None:
    """The face of a second script, if its font is installed."""
    if not Path(path).is_file():
        return None
    return FontFace(f"script-{script}-{Path(path).stem.lower()}", family, path, 0, True, "sans")


def choose_script(rng: random.Random, part: Part) -> ScriptChoice | None:
    """A second script and font of this part (None when no such font is installed)."""
    options = [(s, script_face(p, fam, s)) for s, fam, p, pt in SECOND_SCRIPTS if pt == part]
    usable = [(s, f) for s, f in options if f is not None]
    if not usable:
        return None
    script, face = rng.choice(usable)
    assert face is not None
    return ScriptChoice(script, face)


def translate(choice: ScriptChoice, chinese: str) -> str:
    """The second-script line printed with a Chinese label or sentence."""
    key = chinese.replace("　", "").replace(" ", "")
    for zh, words in _WORDS.items():
        if key.startswith(zh) or zh.startswith(key[:2]) and len(key) <= len(zh) + 1:
            return words[_INDEX[choice.script]]
    return _GENERIC[_INDEX[choice.script]]

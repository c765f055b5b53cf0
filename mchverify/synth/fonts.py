"""The CJK fonts installed here, found by family, checked for glyphs, measured in mm.

Fonts that are missing are skipped. Only TrueType-outline faces (WenQuanYi, AR PL) can be
embedded by reportlab, so digital PDFs choose among those.
"""

from __future__ import annotations

import functools
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from mchverify.errors import MchverifyError
from mchverify.synth.page import Role, pt_to_mm
from mchverify.synth.parts import PART_OF_FACE, Part

__all__ = [
    "FontFace",
    "FontSet",
    "NoFontsError",
    "available_faces",
    "choose_fontset",
    "covers",
    "faces_of",
    "pil_font",
    "text_width_mm",
]


class NoFontsError(MchverifyError):
    """No CJK font is installed: the corpus cannot be drawn."""


@dataclass(frozen=True)
class FontFace:
    key: str  # short stable name recorded in meta
    family: str
    path: str
    index: int
    truetype: bool  # glyf outlines (reportlab can embed) vs CFF
    style: str  # "serif" | "sans" | "kai"


# key, family to look for, fallback glob, truetype, style
_WANTED: tuple[tuple[str, str, str, bool, str], ...] = (
    ("noto-serif", "Noto Serif CJK SC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
     False, "serif"),
    ("noto-serif-bold", "Noto Serif CJK SC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
     False, "serif"),
    ("noto-sans", "Noto Sans CJK SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
     False, "sans"),
    ("noto-sans-bold", "Noto Sans CJK SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
     False, "sans"),
    ("wqy-microhei", "WenQuanYi Micro Hei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
     True, "sans"),
    ("wqy-zenhei", "WenQuanYi Zen Hei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
     True, "sans"),
    ("ar-pl-uming", "AR PL UMing CN", "/usr/share/fonts/truetype/arphic/uming.ttc", True, "serif"),
    ("ar-pl-ukai", "AR PL UKai CN", "/usr/share/fonts/truetype/arphic/ukai.ttc", True, "kai"),
    # held-out faces (parts.PART_OF_FACE): other foundries' Song, Kai and Hei designs
    ("lxgw-wenkai", "LXGW WenKai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
     True, "kai"),
    ("lxgw-wenkai-bold", "LXGW WenKai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf",
     True, "kai"),
    ("ar-pl-sungti-gb", "AR PL SungtiL GB", "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     True, "serif"),
    ("ar-pl-kaiti-gb", "AR PL KaitiM GB", "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
     True, "kai"),
    ("droid-sans", "Droid Sans Fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
     True, "sans"),
)


def _fc_paths() -> dict[str, list[str]]:
    """family -> files, from fontconfig (empty if fc-list is unavailable)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True,
                             text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        path, _, families = line.partition(":")
        for fam in families.split(","):
            found.setdefault(fam.strip(), []).append(path.strip())
    return found


def _face_index(path: str, family: str) -> int | None:
    """The index of `family` inside a .ttc collection (None if absent or unreadable)."""
    for i in range(16):
        try:
            font = ImageFont.truetype(path, 20, index=i)
        except OSError:
            return None
        if font.getname()[0] == family:
            return i
    return None


@functools.cache
def available_faces() -> tuple[FontFace, ...]:
    """Every wanted face that is installed and loads."""
    fc = _fc_paths()
    faces = []
    for key, family, default, truetype, style in _WANTED:
        want_bold = key.endswith("-bold")
        # the named file first, so that every machine draws the same file of a family
        candidates = [default] + [p for p in fc.get(family, []) if ("Bold" in p) == want_bold]
        for path in dict.fromkeys(candidates):
            if not Path(path).is_file():
                continue
            index = _face_index(path, family)
            if index is not None:
                faces.append(FontFace(key, family, path, index, truetype, style))
                break
    if not faces:
        raise NoFontsError("no CJK font found (install fonts-noto-cjk or fonts-wqy-microhei)")
    return tuple(faces)


@functools.lru_cache(maxsize=512)
def pil_font(face: FontFace, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face.path, max(1, size_px), index=face.index)


_PROBE = 64  # px size at which widths are measured


@functools.lru_cache(maxsize=64)
def _notdef(face: FontFace) -> bytes:
    font = pil_font(face, _PROBE)
    return bytes(font.getmask("\U000F0000"))


@functools.lru_cache(maxsize=100_000)
def _has_glyph(face: FontFace, ch: str) -> bool:
    if ch.isspace():
        return True
    return bytes(pil_font(face, _PROBE).getmask(ch)) != _notdef(face)


def covers(face: FontFace, text: str) -> bool:
    """True if the face has a glyph for every character of `text`."""
    return all(_has_glyph(face, ch) for ch in set(text))


@functools.lru_cache(maxsize=50_000)
def _width_em(face: FontFace, text: str) -> float:
    return pil_font(face, _PROBE).getlength(text) / _PROBE


def text_width_mm(face: FontFace, text: str, size_pt: float) -> float:
    """Advance width of `text` at `size_pt`, in millimetres."""
    return _width_em(face, text) * pt_to_mm(size_pt)


@dataclass(frozen=True)
class FontSet:
    """The faces one document uses, by role."""

    title: FontFace
    label: FontFace
    value: FontFace
    seal: FontFace
    script: FontFace | None = None  # a bilingual blank's second script

    def face(self, role: Role) -> FontFace:
        if role == "script" and self.script is not None:
            return self.script
        if role == "title":
            return self.title
        if role == "value":
            return self.value
        if role == "seal":
            return self.seal
        return self.label  # label and small text share the body face

    def keys(self) -> dict[str, str]:
        keys = {"title": self.title.key, "label": self.label.key, "value": self.value.key,
                "seal": self.seal.key}
        if self.script is not None:
            keys["script"] = self.script.key
        return keys


def faces_of(part: Part) -> list[FontFace]:
    """The installed faces a corpus part may draw (held-out faces only for benchmarks)."""
    return [f for f in available_faces() if PART_OF_FACE.get(f.key, Part.TUNE) == part]


def choose_fontset(rng: random.Random, text: str, *, truetype_only: bool,
                   part: Part = Part.TUNE) -> FontSet:
    """Pick body, title, value and seal faces that cover `text`; rotates through families."""
    faces = [f for f in faces_of(part) or available_faces() if (f.truetype or not truetype_only)]
    if not faces:
        raise NoFontsError("no TrueType CJK font for a digital PDF (need WenQuanYi or AR PL)")
    ok = [f for f in faces if covers(f, text)] or faces
    body_pool = [f for f in ok if not f.key.endswith("-bold")] or ok
    body = rng.choice(body_pool)
    title_pool = [f for f in ok if f.key.endswith("-bold") or f.style in ("kai", "serif")
                  or f.key == "wqy-zenhei"] or ok
    title = rng.choice(title_pool)
    value = body
    if rng.random() < 0.3:
        value = rng.choice([f for f in body_pool if f.style in ("kai", "serif")] or body_pool)
    seal_pool = [f for f in ok if f.key.endswith("-bold") or f.key == "wqy-zenhei"] or ok
    seal = rng.choice(seal_pool)
    return FontSet(title=title, label=body, value=value, seal=seal)

"""The generator's two parts: what tests and fixes may use, and what only benchmarks draw.

A reader tuned on one generator learns that generator. To see whether a fix generalises,
every choice the generator makes from a closed set — fonts, label wordings, layout variants
of the official blanks, second scripts of bilingual blanks, copier styles — is split into a
`tune` part and a `heldout` part. Tests and development corpora draw `tune`;
`make bench-accuracy` and `make bench-verify` draw both and report them side by side, so
the gap between them shows how much of an accuracy figure is memory.

Both parts model the same real phenomena (formats.md): the held-out part is other fonts,
other wordings and other degradations of them, never a phenomenon the reader cannot know.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from enum import StrEnum
from typing import TypeVar

__all__ = ["PART_OF_FACE", "Part", "pick", "split"]

T = TypeVar("T")


class Part(StrEnum):
    TUNE = "tune"
    HELDOUT = "heldout"


#: Font faces by part (keys of `fonts._WANTED`). The held-out faces are other foundries'
#: Song, Kai and Hei designs than the ones the reader was developed on.
PART_OF_FACE: dict[str, Part] = {
    "noto-serif": Part.TUNE,
    "noto-serif-bold": Part.TUNE,
    "noto-sans": Part.TUNE,
    "noto-sans-bold": Part.TUNE,
    "wqy-microhei": Part.TUNE,
    "ar-pl-uming": Part.TUNE,
    "ar-pl-ukai": Part.TUNE,
    "wqy-zenhei": Part.HELDOUT,
    "lxgw-wenkai": Part.HELDOUT,
    "lxgw-wenkai-bold": Part.HELDOUT,
    "ar-pl-sungti-gb": Part.HELDOUT,
    "ar-pl-kaiti-gb": Part.HELDOUT,
    "droid-sans": Part.HELDOUT,
}


def split(options: Sequence[tuple[T, float, Part | None]], part: Part) -> list[tuple[T, float]]:
    """The weighted options a part may draw: its own and the shared ones (part None)."""
    out = [(o, w) for o, w, p in options if p is None or p == part]
    if not out:  # pragma: no cover - every table below has shared or per-part options
        raise ValueError("no option for this part")
    return out


def pick(rng: random.Random, options: Sequence[tuple[T, float, Part | None]], part: Part) -> T:
    """One weighted draw among the options of `part`."""
    allowed = split(options, part)
    return rng.choices([o for o, _ in allowed], [w for _, w in allowed])[0]

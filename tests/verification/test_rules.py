"""The rules table: every flag code has a severity, every citation quotes its regulation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mchverify.schemas.verification import Flag, FlagCode, Severity, Verdict, verdict_of
from mchverify.verification.rules import FLAG_SEVERITY, RULES, SEEDS

SEED_DIR = Path(__file__).resolve().parents[2] / "docs" / "seeds"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_flag_code_has_its_severity_from_the_contract() -> None:
    assert set(FLAG_SEVERITY) == set(FlagCode)
    assert FLAG_SEVERITY[FlagCode.EXPIRED] is Severity.REJECT
    assert FLAG_SEVERITY[FlagCode.TRAINING_OVERDUE] is Severity.REVIEW


def test_rules_r1_to_r11_exist() -> None:
    assert list(RULES) == [f"R{i}" for i in range(1, 12)]


@pytest.mark.parametrize("rule_id", list(RULES))
def test_each_citation_quotes_the_seed_it_names(rule_id: str) -> None:
    for c in RULES[rule_id].citations:
        assert c.seed in SEEDS
        text = _squash((SEED_DIR / f"{c.seed}.txt").read_text(encoding="utf-8"))
        assert _squash(c.quote) in text, f"{rule_id}: quote not in seed {c.seed}"
        head = re.match(r"第[一二三四五六七八九十]+条", c.article)
        if head:
            assert head.group(0) in text


def test_verdict_follows_the_worst_flag() -> None:
    review = Flag(code=FlagCode.TRAINING_OVERDUE, severity=Severity.REVIEW, message="培训逾期")
    reject = Flag(code=FlagCode.EXPIRED, severity=Severity.REJECT, message="已过期")
    assert verdict_of([]) is Verdict.ACCEPT
    assert verdict_of([review]) is Verdict.REVIEW
    assert verdict_of([review, reject]) is Verdict.REJECT

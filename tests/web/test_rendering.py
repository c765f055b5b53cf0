"""What the pages print for the audit log: words a reviewer reads, no codes or keys."""

from __future__ import annotations

import re

from mchverify.web.rendering import _audit_details


def test_an_audit_entry_reads_in_chinese() -> None:
    text = _audit_details({"verdict": "reject", "verdict_before": None,
                           "flags": ["REGISTRY_MISMATCH", "MISSING_MATERIAL"],
                           "documents": [3, 4]})
    assert text == "系统建议：建议不予通过；提示：与登记库不符、材料不全；文书：#3、#4"
    assert _audit_details({"username": "wang", "role": "reviewer"}) == "用户：wang；角色：审核人员"
    changed = _audit_details({"verdict": "review", "verdict_before": "accept",
                              "added": ["EXPIRED"], "removed": []})
    assert changed == "系统建议：需人工审核；原建议：建议通过；新增提示：已过有效期"


def test_no_key_or_code_of_any_entry_leaks_into_the_page() -> None:
    entries = [{"verdict": "accept", "flags": []}, {"error": "文件损坏", "source": "upload:a.pdf"},
               {"removed": ["NOT_IN_REGISTRY"], "verdict": "reject", "verdict_before": "reject"},
               {"field": "work_unit", "before": "甲", "after": "乙"},
               {"code": "EXPIRED", "reason": "original_checked", "comment": "核验原件"},
               {"decision": "reject", "comment": "理由"}, {"sessions_ended": 2}]
    for entry in entries:
        text = _audit_details(entry)
        assert not re.search(r"[a-z]+_[a-z_]+|\b(?:accept|reject|review|verdict)\b", text), text

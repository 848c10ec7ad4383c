"""The rule catalogue: stable codes, complete documentation, severities by source."""

from __future__ import annotations

import re
import string

from rules import all_rules, rule_info
from workbook.model.severity import LABELS as SEVERITY_LABELS

FORMAT_RULES = {f"A{i}" for i in range(1, 7)} | {f"B{i}" for i in range(1, 9)}


def test_every_format_rule_has_a_code() -> None:
    assert {r.rule for r in all_rules()} == FORMAT_RULES


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"NB\d{3}", c) for c in codes)


def test_severity_follows_the_source() -> None:
    for r in all_rules():
        if r.source in ("official", "structural"):
            assert r.severity == "error", r.code
        else:
            assert r.source == "heuristic" and r.severity in ("warning", "info"), r.code
        assert r.severity_label == SEVERITY_LABELS[r.severity]


def test_every_rule_explains_itself_in_chinese() -> None:
    for r in all_rules():
        for part in ("检查什么", "为什么重要", "例子", "怎么办"):
            assert part in r.explanation, (r.code, part)
        assert r.title and re.search(r"[\u4e00-\u9fff]", r.message)
        fields = {f for _, f, _, _ in string.Formatter().parse(r.message) if f}
        assert fields, r.code


def test_rule_info_by_code() -> None:
    info = rule_info("NB101")
    assert (info.rule, info.severity, info.source) == ("A1", "error", "official")
    assert not info.acknowledgeable

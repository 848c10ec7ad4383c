"""Accepting a warning with a reason; the acknowledgement lapses when its inputs change."""

from __future__ import annotations

import pytest

from rules import acknowledge, check
from tests.rules.generate import consistent_report


def warned():
    report = consistent_report(1)
    report.set_text(
        "overview", f"全年共收到政府信息公开申请{report.values['requests.new.total'] + 2}件。"
    )
    (finding,) = [f for f in check(report) if f.rule == "B4"]
    return report, finding


def test_acknowledged_warning_carries_the_reason() -> None:
    report, finding = warned()
    acknowledge(report, finding, "正文只计本机关直接受理的申请")
    (again,) = [f for f in check(report) if f.rule == "B4"]
    assert again.acknowledged == "正文只计本机关直接受理的申请"
    acknowledge(report, again, "新的理由")
    assert len(report.acknowledgements) == 1
    assert [f.acknowledged for f in check(report) if f.rule == "B4"] == ["新的理由"]


def test_acknowledgement_lapses_when_inputs_change() -> None:
    report, finding = warned()
    acknowledge(report, finding, "理由")
    report.values["requests.new.natural"] += 1
    report.values["requests.new.total"] += 1
    report.values["requests.carry_forward.natural"] += 1
    report.values["requests.carry_forward.total"] += 1
    (again,) = [f for f in check(report) if f.rule == "B4"]
    assert again.acknowledged is None and again.fingerprint != finding.fingerprint


def test_fingerprint_is_stable_across_runs() -> None:
    a = [f.fingerprint for f in check(warned()[0])]
    b = [f.fingerprint for f in check(warned()[0])]
    assert a == b and all(a)


def test_errors_cannot_be_acknowledged() -> None:
    report = consistent_report(1)
    report.values["requests.new.total"] += 1
    error = next(f for f in check(report) if f.severity == "error")
    with pytest.raises(ValueError, match="错误不能确认"):
        acknowledge(report, error, "理由")
    assert report.acknowledgements == []


def test_a_reason_is_required() -> None:
    report, finding = warned()
    with pytest.raises(ValueError, match="理由"):
        acknowledge(report, finding, "  ")

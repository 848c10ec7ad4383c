"""A1–A6 on generated reports: consistent ones pass, each injected error is found at its cells."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import check
from rules.catalogue import code_for
from tests.rules.generate import consistent_report
from workbook.model.format import load_format

FMT = load_format("2021")


def broken_by(key: str) -> set[tuple[str, frozenset[str]]]:
    """Every sum and balance a change of `key` alone must break, as (code, cells)."""
    out = set()
    for s in FMT.sums:
        if key == s.total or key in s.parts:
            out.add((code_for("sum", s.rule), frozenset((s.total, *s.parts))))
    for b in FMT.balances:
        if key in b.left or key in b.right:
            out.add((code_for("balance", b.rule), frozenset((*b.left, *b.right))))
    return out


def arithmetic(findings) -> set[tuple[str, frozenset[str]]]:
    return {(f.code, frozenset(f.keys)) for f in findings if f.rule in ("A1", "A2", "A3", "A5")}


def problems(findings):
    return [f for f in findings if f.severity in ("error", "warning")]


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), year=st.integers(2021, 2025))
def test_consistent_reports_have_no_error_or_warning(seed: int, year: int) -> None:
    assert problems(check(consistent_report(seed, year=year))) == []


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_consistent_2019_reports_have_no_error(seed: int) -> None:
    assert problems(check(consistent_report(seed, "2019", 2020))) == []


COUNT_KEYS = [c.key for c in FMT.cells if c.kind == "count" and c.table != "active"]


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    key=st.sampled_from(COUNT_KEYS),
    delta=st.integers(1, 40) | st.integers(-40, -1),
)
def test_a_changed_cell_breaks_exactly_its_sums(seed: int, key: str, delta: int) -> None:
    report = consistent_report(seed)
    report.values[key] = report.values[key] + delta
    findings = check(report)
    expected = broken_by(key)
    assert expected, key
    assert arithmetic(findings) == expected
    if report.values[key] < 0:
        assert [f.keys for f in findings if f.code == code_for("negative")] == [(key,)]
    assert all(key in f.keys for f in findings if f.severity == "error")


@pytest.mark.parametrize(
    "key",
    [
        "requests.disclosed.natural",  # an outcome cell
        "requests.total_handled.total",  # a total cell
        "requests.new.business",  # a new-application cell
        "requests.carried_over.legal",  # a carried-over cell
        "requests.carry_forward.other",
        "appeals.cases.review_upheld",  # section 四
        "appeals.cases.after_review_total",
    ],
)
def test_each_kind_of_cell(key: str) -> None:
    report = consistent_report(7)
    report.values[key] += 3
    findings = check(report)
    assert arithmetic(findings) == broken_by(key)
    for f in findings:
        if f.rule in ("A1", "A2", "A3", "A5"):
            assert "相差3件" in f.message
            assert "!" in f.message  # says where the cells are


def test_message_names_both_sides_and_where() -> None:
    report = consistent_report(3)
    report.values["requests.new.natural"] += 1
    a1 = next(f for f in check(report) if f.rule == "A1")
    left = report.values["requests.new.natural"] + report.values["requests.carried_over.natural"]
    assert a1.message.startswith(
        f"自然人栏：第一项加第二项为{left}件，第三项加第四项为{left - 1}件，相差1件"
    )
    assert "三、依申请公开!D8:D9、D31:D32" in a1.message
    assert (a1.expected, a1.actual) == (left, left - 1)


def test_section_four_error_names_the_group() -> None:
    report = consistent_report(3)
    report.values["appeals.cases.review_total"] = 0
    report.values["appeals.cases.review_upheld"] = 10
    report.values["appeals.cases.review_corrected"] = 1
    (f,) = [f for f in check(report) if f.rule == "A5"]
    assert f.message.startswith(
        "行政复议：总计为0件（是填写的数字，不是由分项计算得出的），"
        "结果维持至尚未审结4项之和为11件，相差11件"
    )
    assert f.severity == "error" and f.code == "NB104"


def test_a_blank_total_is_not_called_typed() -> None:
    report = consistent_report(3)
    report.values["appeals.cases.review_total"] = None
    report.values["appeals.cases.review_upheld"] = 10
    (f,) = [f for f in check(report) if f.rule == "A5"]
    assert "总计为空白" in f.message and "填写的数字" not in f.message


def test_negative_fee_and_fraction_in_a_count() -> None:
    report = consistent_report(5)
    report.values["active.fees.amount"] = Decimal("-1.5")
    report.values["active.licensing.decisions"] = Decimal("2.5")
    codes = {(f.code, f.keys) for f in check(report)}
    assert (code_for("negative_amount"), ("active.fees.amount",)) in codes
    assert (code_for("fraction"), ("active.licensing.decisions",)) in codes
    assert code_for("negative") not in {c for c, _ in codes}


def test_fraction_in_a_summed_count_is_not_rounded_away() -> None:
    report = consistent_report(5)
    report.values["requests.disclosed.natural"] += Decimal("0.5")
    findings = check(report)
    assert any(f.code == code_for("fraction") for f in findings)
    assert arithmetic(findings) == broken_by("requests.disclosed.natural")


def test_negative_count() -> None:
    report = consistent_report(5)
    report.values["active.penalties.decisions"] = -3
    (f,) = [f for f in check(report) if f.severity == "error"]
    assert f.code == code_for("negative") and f.keys == ("active.penalties.decisions",)
    assert "-3" in f.message


def test_blank_zero_is_only_a_blank() -> None:
    report = consistent_report(11)
    zero = next(k for k in COUNT_KEYS if report.values[k] == 0 and k not in FMT.total_keys)
    report.values[zero] = None
    findings = check(report)
    assert arithmetic(findings) == set()
    (f,) = [f for f in findings if f.severity == "error"]
    assert f.code == code_for("blank_row") and f.keys == (zero,)


def test_blank_with_a_value_missing_is_a_blank_and_a_difference() -> None:
    report = consistent_report(11)
    key = next(k for k in COUNT_KEYS if report.values[k] and k not in FMT.total_keys)
    report.values[key] = None
    findings = check(report)
    assert arithmetic(findings) == broken_by(key)
    assert all("含空白单元格" in f.message for f in findings if f.rule in ("A1", "A2", "A3"))
    assert any(f.code == code_for("blank_row") and key in f.keys for f in findings)


def test_all_blank_sum_is_left_to_a6() -> None:
    report = consistent_report(2)
    row = [k for k in COUNT_KEYS if k.startswith("requests.withheld_security.")]
    for k in row:
        report.values[k] = None
    findings = check(report)
    # the row's own sum is all blank: no A3; the columns' sums lose only zeros or values
    assert not any(f.rule == "A3" and set(f.keys) == set(row) for f in findings)
    (blank,) = [f for f in findings if f.code == code_for("blank_row")]
    assert set(blank.keys) == set(row)
    assert "有7个空白单元格" in blank.message


def test_blank_table_is_one_finding_listing_every_cell() -> None:
    report = consistent_report(2)
    for c in FMT.table_cells("appeals"):
        report.values[c.key] = None
    (f,) = [f for f in check(report) if f.rule == "A6"]
    assert f.code == code_for("blank_table") and len(f.keys) == 15
    assert "四、复议诉讼!A8:O8" in f.message


def test_empty_prose_section() -> None:
    report = consistent_report(2)
    report.set_text("problems", "  ")
    (f,) = [f for f in check(report) if f.rule == "A6"]
    assert f.texts == ("problems",) and "五、存在的主要问题及改进情况" in f.message


def test_many_random_errors_are_all_reported() -> None:
    rng = random.Random(4)
    for seed in range(30):
        report = consistent_report(seed)
        keys = rng.sample(COUNT_KEYS, 3)
        for k in keys:
            report.values[k] += rng.randint(1, 5)
        reported = {k for f in check(report) for k in f.keys}
        assert set(keys) <= reported

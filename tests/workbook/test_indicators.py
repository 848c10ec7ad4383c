"""The office's indicators on constructed reports whose values are known by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from workbook.model.format import load_format
from workbook.model.indicators import (
    composition,
    evaluate_all,
    indicator_keys,
    indicators,
    parse_sum,
    percent,
    shown,
)
from workbook.model.report import Report

NAMES = [
    "受理总数",
    "办结数",
    "实质公开率",
    "不予公开率",
    "结转率",
    "复议纠错率",
    "诉讼纠错率",
    "争议转化率",
]


def _report(format_id: str = "2021") -> Report:
    """Every cell 0, then the few the indicators read set to round numbers."""
    r = Report.blank(format_id, agency="测试局", year=2024 if format_id == "2021" else 2020)
    for k in r.values:
        r.values[k] = 0
    v = r.values
    v["requests.new.total"] = 80
    v["requests.carried_over.total"] = 20
    v["requests.disclosed.total"] = 30
    v["requests.partly_disclosed.total"] = 10
    v["requests.withheld_state_secret.total"] = 2
    v["requests.withheld_process.total"] = 3
    v["requests.withheld_inquiry.total"] = 5
    v["requests.total_handled.total"] = 90
    v["requests.carry_forward.total"] = 10
    v["appeals.cases.review_corrected"] = 1
    v["appeals.cases.review_upheld"] = 2
    v["appeals.cases.review_pending"] = 1
    v["appeals.cases.review_total"] = 4
    v["appeals.cases.direct_corrected"] = 1
    v["appeals.cases.direct_upheld"] = 1
    v["appeals.cases.direct_total"] = 2
    v["appeals.cases.after_review_corrected"] = 1
    v["appeals.cases.after_review_pending"] = 2
    v["appeals.cases.after_review_total"] = 3
    return r


def _by_name(report: Report) -> dict:
    return {r.indicator.name: r for r in evaluate_all(report.format, report.values)}


def test_the_eight_indicators_of_the_issue_are_defined_in_order() -> None:
    assert [i.name for i in indicators()] == NAMES
    for i in indicators():
        assert i.meaning.endswith("。") and len(i.meaning) < 80
        if i.is_rate:
            assert i.zero and i.denominator


def test_every_indicator_on_a_report_with_known_values() -> None:
    got = _by_name(_report())
    assert got["受理总数"].value == 100
    assert got["办结数"].value == 90
    assert got["实质公开率"].value == Fraction(40, 90)
    assert got["不予公开率"].value == Fraction(10, 90)
    assert got["结转率"].value == Fraction(10, 100)
    assert got["复议纠错率"].value == Fraction(1, 3)  # 4 cases, 1 pending
    assert got["诉讼纠错率"].value == Fraction(2, 3)  # 2 + 3 cases, 2 pending
    assert got["争议转化率"].value == Fraction(9, 80)
    assert all(r.reason == "" for r in got.values())
    assert [shown(got[n]) for n in ("实质公开率", "复议纠错率", "争议转化率")] == [
        "44.4%",
        "33.3%",
        "11.3%",  # 11.25 rounds half up, exactly (no float on the way)
    ]


@pytest.mark.parametrize(
    ("cells", "name", "reason"),
    [
        ({"requests.total_handled.total": 0}, "实质公开率", "本年没有办结的申请"),
        ({"requests.total_handled.total": 0}, "不予公开率", "本年没有办结的申请"),
        (
            {"requests.new.total": 0, "requests.carried_over.total": 0},
            "结转率",
            "本年没有新收或上年结转的申请",
        ),
        ({"appeals.cases.review_total": 1}, "复议纠错率", "没有已审结的行政复议案件"),
        (
            {"appeals.cases.direct_total": 0, "appeals.cases.after_review_total": 2},
            "诉讼纠错率",
            "没有已审结的行政诉讼案件",
        ),
        ({"requests.new.total": 0}, "争议转化率", "本年没有新收申请"),
    ],
)
def test_a_rate_over_zero_is_blank_with_its_reason(cells: dict, name: str, reason: str) -> None:
    r = _report()
    r.values.update(cells)
    got = _by_name(r)[name]
    assert got.value is None and got.reason == reason
    assert shown(got) == ""


def test_a_blank_cell_makes_its_indicators_blank_not_zero() -> None:
    r = _report()
    r.values["requests.partly_disclosed.total"] = None
    got = _by_name(r)
    assert got["实质公开率"].value is None
    assert "空白" in got["实质公开率"].reason and "部分公开" in got["实质公开率"].reason
    assert got["不予公开率"].value == Fraction(10, 90)  # does not read that cell


def test_a_negative_denominator_is_blank_and_says_the_tables_do_not_balance() -> None:
    r = _report()
    r.values["appeals.cases.review_pending"] = 9  # more pending than cases
    got = _by_name(r)["复议纠错率"]
    assert got.value is None and "不平衡" in got.reason


def test_the_2019_trial_format_gets_the_indicators_whose_cells_it_has() -> None:
    fmt = load_format("2019")
    assert all(fmt.has_cell(k) for k in indicator_keys())  # its tables 三 and 四 have them all
    got = _by_name(_report("2019"))
    assert got["实质公开率"].value == Fraction(40, 90)
    assert got["诉讼纠错率"].value == Fraction(2, 3)


def test_a_format_without_a_cell_leaves_the_indicator_blank_with_the_reason() -> None:
    fmt = load_format("2021")
    values = dict(_report().values)
    ind = indicators()[0]

    class Lacking:
        id = "lacking"
        name = fmt.name

        def has_cell(self, key: str) -> bool:
            return key != "requests.carried_over.total"

    from workbook.model.indicators import evaluate

    got = evaluate(ind, Lacking(), values)  # type: ignore[arg-type]
    assert got.value is None and "没有所需的单元格" in got.reason


def test_percent_is_exact_and_rounds_half_up() -> None:
    assert percent(Fraction(1, 8)) == "12.5%"
    assert percent(Fraction(1, 800)) == "0.1%"  # 0.125 %
    assert percent(Fraction(3, 8), places=0) == "38%"
    assert percent(Decimal("0.0005"), places=2) == "0.05%"
    assert percent(None) == ""


def test_formulas_are_signed_sums_of_cell_keys() -> None:
    terms = parse_sum("a.b.c + d.e.f - g.h.i")
    assert [(t.key, t.sign) for t in terms] == [("a.b.c", 1), ("d.e.f", 1), ("g.h.i", -1)]
    with pytest.raises(ValueError):
        parse_sum("  ")


def test_composition_adds_each_part_and_keeps_an_all_blank_part_blank() -> None:
    r = _report()
    parts = dict(composition(r.format, r.values))
    assert parts["予以公开"] == 30 and parts["不予公开"] == 10 and parts["其他处理"] == 0
    r2019 = _report("2019")
    r2019.values["requests.other_handled.total"] = 7
    assert dict(composition(r2019.format, r2019.values))["其他处理"] == 7
    r.values["requests.disclosed.total"] = None
    assert dict(composition(r.format, r.values))["予以公开"] is None

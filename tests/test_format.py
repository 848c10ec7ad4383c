"""The format files: every official cell declared once, with the arithmetic FORMAT.md gives."""

from __future__ import annotations

import pytest

from tests.rules.generate import consistent_report
from workbook.model.format import format_for_year, load_format
from workbook.model.layout import position


def test_2021_has_the_200_official_cells() -> None:
    fmt = load_format("2021")
    tables = {t: len(fmt.table_cells(t)) for t in fmt.tables}
    assert tables == {"active": 10, "requests": 175, "appeals": 15}
    assert [s.title for s in fmt.sections] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_official_coordinates_follow_interfaces() -> None:
    fmt = load_format("2021")
    assert fmt.cell_at("requests", 1, 7).key == "requests.new.total"
    assert fmt.cell_at("requests", 25, 1).key == "requests.carry_forward.natural"
    assert fmt.cell_at("active", 6, 1).key == "active.fees.amount"
    assert fmt.cell_at("active", 6, 1).kind == "amount"
    assert fmt.cell_at("appeals", 1, 15).key == "appeals.cases.after_review_total"
    assert position(fmt, "requests.new.total").ref == "'三、依申请公开'!J8"


def test_sums_cover_rules_a1_a2_a3_a5() -> None:
    fmt = load_format("2021")
    by_rule: dict[str, int] = {}
    for s in fmt.sums:
        by_rule[s.rule] = by_rule.get(s.rule, 0) + 1
    assert by_rule == {"A3": 25, "A2": 7, "A5": 3}
    assert all(len(s.parts) == 21 for s in fmt.sums if s.rule == "A2")
    assert len(fmt.balances) == 7


def test_2019_trial_format_differs_where_the_notice_says() -> None:
    fmt = load_format("2019")
    assert len(fmt.tables["requests"].rows) == 23
    assert fmt.cell_at("requests", 21, 1).row_label == "（六）其他处理"
    assert fmt.cell("active.fees.items_change").may_be_negative
    assert fmt.cell("active.procurement.amount").kind == "amount"
    assert format_for_year(2020) is fmt
    assert format_for_year(2025).id == "2021"


@pytest.mark.parametrize(("format_id", "year"), [("2021", 2024), ("2019", 2020)])
def test_equations_hold_on_a_consistent_report_and_break_with_its_total(format_id, year):
    """Format.equations is the arithmetic every reading is held to (the run-together splitter,
    regrouped rows, numbers-first tables): it holds exactly on a report that adds up."""
    report = consistent_report(1, format_id, year)
    fmt = report.format
    for table in ("requests", "appeals"):
        equations = fmt.equations(table)
        assert equations and all(k.startswith(table + ".") for eq in equations for k in eq)
        for eq in equations:
            assert sum(c * (report.values[k] or 0) for k, c in eq.items()) == 0, eq
    rows = fmt.tables["requests"].rows
    total = fmt.tables["requests"].total_key(rows[0])
    report.values[total] = (report.values[total] or 0) + 1
    broken = [eq for eq in fmt.equations("requests") if total in eq]
    assert broken and all(sum(c * (report.values[k] or 0) for k, c in eq.items()) for eq in broken)


def test_row_keys_come_from_the_block_in_column_order():
    fmt = load_format("2021")
    active = fmt.tables["active"]
    for block in active.blocks:
        for row in block.rows:
            keys = active.keys(row)
            assert keys == block.keys(row)
            assert [fmt.cell(k).col_label for k in keys] == [c.label for c in block.columns]

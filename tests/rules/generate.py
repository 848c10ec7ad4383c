"""Random consistent reports built from the format's sums and balances, and ways to break them.

Only the format file says which cells are totals of which; nothing here names a row.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from workbook.model.format import Format, load_format
from workbook.model.report import Report

OVERVIEW = (
    "{year}年，本单位认真贯彻《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。"
    "全年在政府网站主动公开政府信息若干条，做到应公开尽公开。"
)
PROBLEMS = "存在的主要问题：信息更新不够及时。改进情况：加强审核，提高公开质量和时效。"
OTHER = (
    "{year}年1月1日至12月31日，本单位共收取信息处理费0元。"
    "对逾期未按收费通知缴纳费用的申请，依法不再处理。"
)


def fill_totals(fmt: Format, values: dict) -> None:
    """Set every total to the sum of its parts (totals of totals settle in a second pass)."""
    for _ in range(2):
        for s in fmt.sums:
            values[s.total] = sum(values[k] for k in s.parts)


def consistent_values(fmt: Format, rng: random.Random, high: int = 30) -> dict:
    """Values for every cell that satisfy every sum and balance of the format."""
    totals = fmt.total_keys
    values: dict = {}
    for c in fmt.cells:
        if c.kind == "amount":
            values[c.key] = Decimal(rng.randint(0, 99999)) / 100
        elif c.kind == "delta":
            values[c.key] = rng.randint(-high, high)
        else:
            values[c.key] = rng.choice((0, 0, rng.randint(0, high)))
    fill_totals(fmt, values)
    for b in fmt.balances:
        target = b.left[0]
        if target in totals:
            continue  # a total column's balance follows from the others
        need = sum(values[k] for k in b.right) - sum(values[k] for k in b.left[1:])
        if need < 0:
            leaf = next(k for k in b.right if k not in totals)
            values[leaf] += -need
            need = 0
        values[target] = need
        fill_totals(fmt, values)
    return values


def consistent_report(
    seed: int = 0, format_id: str = "2021", year: int = 2024, agency: str = "测试镇人民政府"
) -> Report:
    """A report with no error and no warning: consistent numbers, prose, dates in time."""
    rng = random.Random(seed)
    fmt = load_format(format_id)
    report = Report.blank(format_id, agency=agency, agency_kind="township", year=year)
    report.issued = date(year + 1, 1, rng.randint(5, 30))
    report.values.update(consistent_values(fmt, rng))
    for key in report.values:  # a township cannot make 规章 (B3)
        if fmt.cell(key).table == "active" and key.split(".")[1] == _regulation_row(fmt):
            report.values[key] = 0
    report.set_text("overview", OVERVIEW.format(year=year))
    report.set_text("problems", PROBLEMS)
    report.set_text("other", OTHER.format(year=year))
    return report


def _regulation_row(fmt: Format) -> str:
    return next(r.id for t in fmt.tables.values() for r in t.rows if r.regulation)

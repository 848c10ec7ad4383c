"""One report per rule code that breaks that rule: the proof that every rule can speak.

tests/rules/test_every_rule_fires.py runs the checker on each; a rule added to
resources/rules.toml without a fixture here fails that test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from tests.rules.generate import consistent_report
from workbook.model.format import cell_key
from workbook.model.report import Report

Case = tuple[Report, Report | None]  # this year's report, last year's (for B1, B2, B8)


def previous_of(report: Report) -> Report:
    """Last year's report that the cross-year rules (B1, B2) find in agreement with `report`."""
    assert report.year is not None
    prev = consistent_report(99, year=report.year - 1)
    for c in report.format.table_cells("requests"):
        if c.row_id == "carried_over":
            prev.values[cell_key("requests", "carry_forward", c.col_id)] = report.values[c.key]
    for row in ("regulations", "normative_documents"):
        v = report.values
        in_force, issued, repealed = (
            cell_key("active", row, col) for col in ("in_force", "issued", "repealed")
        )
        prev.values[in_force] = v[in_force] - v[issued] + v[repealed]
    return prev


def _changed(**values: object) -> Case:
    report = consistent_report(1)
    for key, value in values.items():
        report.values[key.replace("__", ".")] = value
    return report, None


def _plus(key: str, n: int = 1) -> Case:
    report = consistent_report(1)
    report.values[key] += n
    return report, None


def _text(section: str, text: str) -> Case:
    report = consistent_report(1)
    report.set_text(section, text)
    return report, None


def _blank_table() -> Case:
    report = consistent_report(1)
    for c in report.format.table_cells("appeals"):
        report.values[c.key] = None
    return report, None


def _carried_over() -> Case:
    report = consistent_report(1)
    prev = previous_of(report)
    prev.values["requests.carry_forward.natural"] += 2
    return report, prev


def _in_force() -> Case:
    report = consistent_report(1)
    prev = previous_of(report)
    prev.values["active.normative_documents.in_force"] += 1
    return report, prev


def _regulations() -> Case:
    return _changed(active__regulations__issued=2, active__regulations__in_force=2)


def _prose_figure() -> Case:
    report = consistent_report(1)
    n = report.values["requests.new.total"] + 4
    report.set_text("overview", f"全年共收到政府信息公开申请{n}件，均按时答复。")
    return report, None


def _fee_notice() -> Case:
    report, _ = _text("other", "本年度政务公开工作有序推进。")
    for key in (
        "requests.other_fee_unpaid.natural",
        "requests.other_fee_unpaid.total",
        "requests.total_handled.natural",
        "requests.total_handled.total",
        "requests.new.natural",
        "requests.new.total",
    ):
        report.values[key] += 1
    return report, None


def _issued(when: date | None) -> Case:
    report = consistent_report(1)
    report.issued = when
    return report, None


def carry_forward_heavy() -> Report:
    """20 new requests, 15 carried forward to next year (75 %), the year otherwise consistent."""
    report = consistent_report(1)
    for k in list(report.values):
        if k.startswith("requests."):
            report.values[k] = 0
    for col in ("natural", "total"):
        report.values[f"requests.new.{col}"] = 20
        report.values[f"requests.carry_forward.{col}"] = 15
        report.values[f"requests.disclosed.{col}"] = 5
        report.values[f"requests.total_handled.{col}"] = 5
    return report


def _carry_forward_ratio() -> Case:
    return carry_forward_heavy(), None


def _similar_text() -> Case:
    report = consistent_report(1)
    prev = previous_of(report)
    text = (
        "2023年，我镇坚持以公开为常态、不公开为例外，围绕中心工作推进政务公开，"
        "规范依申请公开办理流程，加强政府网站和政务新媒体管理，信息发布审核严格，"
        "监督保障有力，政务公开工作取得较好成效，群众满意度不断提高。"
    )
    prev.set_text("overview", text)
    report.set_text("overview", text.replace("2023", "2024"))
    return report, prev


FIXTURES: dict[str, Callable[[], Case]] = {
    "NB101": lambda: _changed(requests__new__natural=99, requests__new__total=99),
    "NB102": lambda: _plus("requests.total_handled.natural"),
    "NB103": lambda: _plus("requests.new.total"),
    "NB104": lambda: _plus("appeals.cases.review_total"),
    "NB111": lambda: _changed(requests__new__natural=-1),
    "NB112": lambda: _changed(requests__new__natural=Decimal("1.5")),
    "NB113": lambda: _changed(active__fees__amount=Decimal("-1")),
    "NB121": lambda: _changed(requests__new__natural=None),
    "NB122": _blank_table,
    "NB123": lambda: _text("problems", ""),
    "NB201": _carried_over,
    "NB202": _in_force,
    "NB203": _regulations,
    "NB211": _prose_figure,
    "NB212": lambda: _text(
        "overview", "我镇共在网站公开信息121条，其中政策文件2条、工作信息104条、财政信息9条。"
    ),
    "NB221": lambda: _text("other", "本年度政务公开工作有序推进。"),
    "NB222": _fee_notice,
    "NB231": lambda: _issued(date(2024, 12, 20)),
    "NB232": lambda: _issued(date(2025, 4, 1)),
    "NB233": lambda: _text(
        "overview", "报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。"
    ),
    "NB234": lambda: _issued(None),
    "NB235": lambda: (consistent_report(3, "2019", 2024), None),
    "NB241": _carry_forward_ratio,
    "NB251": _similar_text,
}

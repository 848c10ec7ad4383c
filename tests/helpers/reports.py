"""Reports the tests start from: a consistent township report, and 匡堰镇's published one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from workbook.model.report import Report


def consistent_report() -> Report:
    """A small township report with every cell filled and nothing wrong with it."""
    r = Report.blank(
        "2021", agency="测试镇人民政府", agency_kind="township", year=2024, issued=date(2025, 1, 20)
    )
    for k in r.values:
        r.values[k] = 0
    r.values["active.fees.amount"] = Decimal("0")
    for row, n in (("new", 5), ("disclosed", 4), ("total_handled", 4), ("carry_forward", 1)):
        r.values[f"requests.{row}.natural"] = n
        r.values[f"requests.{row}.total"] = n
    r.set_text(
        "overview",
        "2024年，本镇认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
        "主动公开方面，本镇通过门户网站公开各类信息120条。\n"
        "依申请公开方面，全年收到申请5件，办结4件，结转1件。\n"
        "政府信息管理方面，严格落实保密审查。\n"
        "政府信息公开平台建设方面，持续优化网站栏目。\n"
        "监督保障方面，加强培训考核。",
    )
    r.set_text(
        "problems",
        "存在的问题：公开内容的时效性有待提高。改进情况：针对上年问题，建立了定期更新制度。",
    )
    r.set_text("other", "本年度未收取信息处理费。本镇按要求完成政务公开工作要点。")
    return r


# The numbers of samples/2024-cixi-kuangyan-town.txt: one request from a natural person,
# withheld to protect a third party; everything else 0.
_KUANGYAN_ONES = (
    "requests.new.natural",
    "requests.new.total",
    "requests.withheld_third_party.natural",
    "requests.withheld_third_party.total",
    "requests.total_handled.natural",
    "requests.total_handled.total",
)


def _prose(text: str, start: str, end: str | None) -> list[str]:
    begin = text.index(start) + len(start)
    stop = text.index(end, begin) if end else len(text)
    return [line.strip() for line in text[begin:stop].splitlines() if line.strip()]


def kuangyan_report(samples_dir: Path) -> Report:
    """The 2024 report of 匡堰镇, typed in by hand from the published sample."""
    text = (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8")
    report = Report.blank(
        "2021",
        agency="慈溪市匡堰镇人民政府",
        agency_kind="township",
        year=2024,
        issued=date(2025, 1, 14),
    )
    for key in report.values:
        report.values[key] = 1 if key in _KUANGYAN_ONES else 0
    report.values["active.fees.amount"] = Decimal(0)
    report.texts["overview"] = _prose(text, "一、总体情况\n", "二、主动公开政府信息情况")
    report.texts["problems"] = _prose(
        text, "五、存在的主要问题及改进情况\n", "六、其他需要报告的事项"
    )
    report.texts["other"] = _prose(text, "六、其他需要报告的事项\n", None)
    return report


def same_report(
    got: Report, want: Report, fields: tuple[str, ...] = ("agency", "year", "issued", "texts")
) -> None:
    """Every value, and each of `fields` (agency, year, issue date, prose …), came back as it was."""
    wrong = {k: (got.values.get(k), x) for k, x in want.values.items() if got.values.get(k) != x}
    assert not wrong
    for name in fields:
        assert getattr(got, name) == getattr(want, name), name

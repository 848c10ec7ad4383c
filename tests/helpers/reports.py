"""Reports the tests start from (a consistent township report, 匡堰镇's published one, a report
as a clerk fills it) and one comparison of two reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from workbook.model.report import Acknowledgement, Report


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


def filled_report(format_id: str = "2021") -> Report:
    """A report as a clerk fills it: totals add up, one cell left blank, odd prose."""
    report = Report.blank(
        format_id,
        agency="慈溪市匡堰镇人民政府",
        agency_kind="township",
        year=2024 if format_id == "2021" else 2020,
        issued=date(2025, 1, 14),
    )
    fmt = report.format
    totals = fmt.total_keys
    for i, cell in enumerate(fmt.cells):
        if cell.key in totals:
            continue
        if cell.kind == "amount":
            report.values[cell.key] = Decimal("52.15")
        elif cell.kind == "delta":
            report.values[cell.key] = -2
        else:
            report.values[cell.key] = (i * 7) % 11
    report.values["requests.carried_over.research"] = None  # a blank part: stays blank
    for _ in range(3):  # totals of totals: apply until stable
        for s in fmt.sums:
            parts = [report.values[p] for p in s.parts if report.values[p] is not None]
            report.values[s.total] = sum(parts, start=0) if parts else None
    report.set_text(
        "overview",
        "2024年，我镇坚持“公开为常态、不公开为例外”原则。\n"
        "　　全年主动公开信息52条，其中‘政策文件’3条；  内部  空格保留。\n"
        '生僻字：𠀀𪚥䶮，英文 quotes "ok" & <tag>。',
    )
    report.set_text("problems", "一是公开内容不够全面。\n二是解读形式单一。")
    report.set_text("other", "本年度未收取信息处理费。")
    report.acknowledgements = [Acknowledgement("B7", "fp-123", "年底集中收到申请，属实。")]
    return report

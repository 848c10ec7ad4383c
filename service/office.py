"""The 指标 and 图表 sheets of the 汇总 workbook, from the Summary's small per-unit lines.

Each unit's line carries the cells the indicators read (UnitRow.cells), so nothing here needs
the reports again; the 合计 line is the summed report itself. Units are charted by the largest
figures (TOP_UNITS at most): a bar per unit of a thousand units reads as nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from service.summarize import Summary, UnitRow, figures
from workbook.model.charts import ChartSpec
from workbook.model.format import load_format
from workbook.model.indicators import composition, evaluate_all, indicators, words
from workbook.model.layout import SUMMARY_SHEETS
from workbook.model.report import Report, Value
from workbook.xlsx.write.charts import write_chart_sheet
from workbook.xlsx.write.indicators import IndicatorLine, write_indicator_sheet
from workbook.xlsx.write.listing import Listing

TOP_UNITS = 30


def counted(summary: Summary) -> list[UnitRow]:
    """The units' reports the 汇总 counts (a report sent again for a unit and year is not)."""
    return [r for r in summary.readable if not r.duplicate_of]


def matched_previous(summary: Summary) -> list[UnitRow]:
    """Last year's reports that the counted reports were matched to (same unit, year − 1)."""
    files = {r.previous_file for r in counted(summary) if r.previous_file}
    return [r for r in summary.previous_rows if r.error is None and r.file in files]


def indicator_lines(summary: Summary) -> list[IndicatorLine]:
    return [
        IndicatorLine(r.agency, r.year, load_format(r.format_id), r.cells, extra=[r.format_id])
        for r in counted(summary)
    ]


def total_line(report: Report) -> IndicatorLine:
    w = words()
    return IndicatorLine(
        w["total_label"], report.year, report.format, report.values, True, [report.format_id]
    )


def _top(rows: Sequence[UnitRow], score: Callable[[UnitRow], Value]) -> list[UnitRow]:
    """The units with the largest score, largest first (blank scores left out)."""
    scored = [(v, r) for r in rows if (v := score(r)) is not None]
    scored.sort(key=lambda vr: -vr[0])
    return [r for _, r in scored[:TOP_UNITS]]


def _title(base: str, shown: int, total: int) -> str:
    return base + (words()["top"].format(n=shown, total=total) if shown < total else "")


def _add(*values: Value) -> Value:
    filled = [v for v in values if v is not None]
    return sum(filled) if filled else None


def chart_specs(summary: Summary, report: Report, *, with_previous: bool) -> list[ChartSpec]:
    """新收 by unit, 办理结果构成, 复议/诉讼 by unit, and this year against last year."""
    w = words()
    rows = counted(summary)
    specs: list[ChartSpec] = []
    new = _top(rows, lambda r: r.figures.get("new"))
    specs.append(
        ChartSpec(
            _title(w["chart_new"], len(new), len(rows)),
            "bar",
            w["category_unit"],
            [r.agency for r in new],
            [(w["count"], [r.figures.get("new") for r in new])],
            links=[r.file for r in new],
        )
    )
    parts = composition(report.format, report.values)
    specs.append(
        ChartSpec(
            w["chart_results"],
            "pie",
            w["category_result"],
            [name for name, _ in parts],
            [(w["count"], [v for _, v in parts])],
        )
    )
    appeals = _top(rows, lambda r: _add(r.figures.get("reviews"), r.figures.get("lawsuits")))
    labels = {f.id: f.label for f in figures()}
    specs.append(
        ChartSpec(
            _title(w["chart_appeals"], len(appeals), len(rows)),
            "bar",
            w["category_unit"],
            [r.agency for r in appeals],
            [
                (labels["reviews"], [r.figures.get("reviews") for r in appeals]),
                (labels["lawsuits"], [r.figures.get("lawsuits") for r in appeals]),
            ],
            stacked=True,
            links=[r.file for r in appeals],
        )
    )
    if with_previous:
        before = matched_previous(summary)
        figs = [
            f for f in figures() if f.id in ("new", "handled", "carried", "reviews", "lawsuits")
        ]
        specs.append(
            ChartSpec(
                w["chart_years"],
                "column",
                w["category_figure"],
                [f.label for f in figs],
                [
                    (w["this_year"], [_add(*(r.figures.get(f.id) for r in rows)) for f in figs]),
                    (
                        w["previous_year"],
                        [_add(*(r.figures.get(f.id) for r in before)) for f in figs],
                    ),
                ],
            )
        )
    return specs


def office_listings(summary: Summary, report: Report, *, with_previous: bool) -> list[Listing]:
    """The 指标 and 图表 sheets, as listings that draw themselves (after the 汇总's lists)."""
    w = words()
    lines = indicator_lines(summary)
    indicator = partial(
        write_indicator_sheet,
        name=SUMMARY_SHEETS["indicators"],
        lines=lines,
        total=total_line(report),
        first_columns=[w["unit"], w["year"]],
        extra_columns=[w["format"]],
        note_column=w["note"],
    )
    specs = chart_specs(summary, report, with_previous=with_previous)
    charts = partial(
        write_chart_sheet, name=SUMMARY_SHEETS["charts"], specs=specs, intro=w["chart_intro"]
    )
    return [
        Listing(SUMMARY_SHEETS["indicators"], [], (), draw=indicator),
        Listing(SUMMARY_SHEETS["charts"], [], (), draw=charts),
    ]


def comparison_charts(this: Report, previous: Report) -> list[ChartSpec]:
    """与上年比较 in two charts: the figures and the rates, this year beside last year.

    Each category links to the first cell it reads, for the window to show that cell.
    """
    w = words()
    figs = [f for f in figures() if f.id in ("new", "handled", "carried", "reviews", "lawsuits")]
    rates = [i for i in indicators() if i.is_rate]
    this_rates = {r.indicator.id: r.value for r in evaluate_all(this.format, this.values)}
    last_rates = {r.indicator.id: r.value for r in evaluate_all(previous.format, previous.values)}
    return [
        ChartSpec(
            w["chart_figures"],
            "column",
            w["category_figure"],
            [f.label for f in figs],
            [
                (w["this_year"], [f.value(this.format, this.values) for f in figs]),
                (w["previous_year"], [f.value(previous.format, previous.values) for f in figs]),
            ],
            links=[f.keys[0] for f in figs],
        ),
        ChartSpec(
            w["chart_rates"],
            "column",
            w["category_figure"],
            [i.name for i in rates],
            [
                (w["this_year"], [this_rates[i.id] for i in rates]),
                (w["previous_year"], [last_rates[i.id] for i in rates]),
            ],
            percent=True,
            links=[i.keys[0] for i in rates],
        ),
    ]


def summary_charts(summary: Summary, *, with_previous: bool) -> list[ChartSpec]:
    """The 图表 sheet's charts (for the app's batch window); none when nothing was summed."""
    report = summary.summed_report()
    return [] if report is None else chart_specs(summary, report, with_previous=with_previous)

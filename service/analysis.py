"""The analysis report for the collecting office: a draft in the clean copy's dress.

Built from the Summary (the same numbers as the 汇总 workbook) as a workbook.publish Publication,
so the Word, web and PDF renderers that print a unit's report print this too. Charts come in
as images from a painter the caller passes (the app's QPainter charts); this module knows no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

from service.office import chart_specs, counted, matched_previous
from service.summarize import Summary, UnitRow, figure_change, figures
from workbook.model.charts import ChartSpec
from workbook.model.format import load_format
from workbook.model.indicators import (
    Indicator,
    analysis_words,
    evaluate,
    evaluate_all,
    indicators,
    percent,
    shown,
)
from workbook.model.kinds import ANALYSIS
from workbook.model.report import Report, Value
from workbook.publish.document import Figure, Publication, Section, chinese_date

Painter = Callable[[ChartSpec], bytes]
RANKED = 3  # units named at each end of a ranking
CHANGED = 5  # units named for the largest changes
PROBLEM_LINES = 200  # units listed with their problems before "另有…"


def _n(v: Value) -> str:
    return "—" if v is None else f"{v}"


def _figure_total(rows: Sequence[UnitRow], figure_id: str) -> Value:
    filled = [r.figures.get(figure_id) for r in rows if r.figures.get(figure_id) is not None]
    return sum(filled) if filled else None  # type: ignore[arg-type]


def _totals(summary: Summary, report: Report, w: dict[str, str]) -> list[str]:
    s = summary.sums[report.format_id]
    years = "、".join(
        f"{y}年度{c}份" if y else f"未填年度{c}份" for y, c in sorted(s.years.items(), key=str)
    )
    v = report.values
    fig = {f.id: f.value(report.format, v) for f in figures()}
    lines = [
        w["totals_text"].format(
            count=s.count,
            format=load_format(report.format_id).name,
            years=f"（{years}）",
            new=_n(v.get("requests.new.total")),
            carried_over=_n(v.get("requests.carried_over.total")),
            handled=_n(fig["handled"]),
            carried=_n(fig["carried"]),
            reviews=_n(fig["reviews"]),
            lawsuits=_n(fig["lawsuits"]),
        )
    ]
    apart = sum(o.count for fid, o in summary.sums.items() if fid != report.format_id)
    if apart:
        lines.append(w["other_format"].format(count=apart))
    return lines


def _indicator_lines(report: Report, w: dict[str, str]) -> list[str]:
    lines = []
    for r in evaluate_all(report.format, report.values):
        ind = r.indicator
        if r.value is None:
            lines.append(
                w["indicator_blank"].format(name=ind.name, reason=r.reason, meaning=ind.meaning)
            )
        else:
            lines.append(
                w["indicator_line"].format(name=ind.name, value=shown(r), meaning=ind.meaning)
            )
    return lines


def _ranking(rows: Sequence[UnitRow], ind: Indicator, w: dict[str, str]) -> list[str]:
    scored: list[tuple[Fraction, str, str]] = []
    blank = 0
    for r in rows:
        result = evaluate(ind, load_format(r.format_id), r.cells)
        if result.value is None:
            blank += 1
        else:
            scored.append((Fraction(result.value), r.agency, shown(result)))
    if not scored:
        return [w["ranking_none"].format(name=ind.name)]
    scored.sort(key=lambda t: (-t[0], t[1]))
    top = "、".join(f"{a}（{s}）" for _, a, s in scored[:RANKED])
    bottom = "、".join(f"{a}（{s}）" for _, a, s in reversed(scored[-RANKED:]))
    lines = [w["ranking_line"].format(name=ind.name, top=top, bottom=bottom)]
    if blank:
        lines.append(w["ranking_blank"].format(count=blank, name=ind.name))
    return lines


def _changes(summary: Summary, w: dict[str, str]) -> list[str]:
    if not summary.previous_rows:
        return [w["changes_none"]]
    rows = counted(summary)
    before = matched_previous(summary)
    lines = []
    for f in figures():
        if f.id not in ("new", "handled", "reviews", "lawsuits"):
            continue
        this, previous = _figure_total(rows, f.id), _figure_total(before, f.id)
        if this is None or previous is None:
            change = "无法比较（有空白）"
        else:
            d = this - previous
            change = f"增加{d}件" if d > 0 else (f"减少{-d}件" if d < 0 else "持平")
        lines.append(
            w["changes_total"].format(
                label=f.label, this=_n(this), previous=_n(previous), change=change
            )
        )
        moved = [
            (c, r.agency) for r in rows if (c := figure_change(r, f.id)) is not None and c != 0
        ]
        if moved:
            moved.sort(key=lambda t: (-t[0], t[1]))
            up = "、".join(f"{a}（+{c}）" for c, a in moved[:CHANGED] if c > 0) or "无"
            down = "、".join(f"{a}（{c}）" for c, a in reversed(moved[-CHANGED:]) if c < 0) or "无"
            lines.append(w["changes_units"].format(label=f.label, up=up, down=down))
    return lines


def _summed_cells(rows: Sequence[UnitRow], format_id: str) -> dict[str, Value]:
    """The indicators' cells added up over `rows` of one format (blank only where all are)."""
    total: dict[str, Value] = {}
    for r in rows:
        if r.error is not None or r.format_id != format_id:
            continue
        for key, v in r.cells.items():
            if v is not None:
                before = total.get(key)
                total[key] = v if before is None else before + v
    return total


def _indicator_changes(summary: Summary, report: Report, w: dict[str, str]) -> list[str]:
    """Each rate of the summed report against last year's reports of the same format."""
    before = _summed_cells(matched_previous(summary), report.format_id)
    if not before:
        return []
    lines = []
    for ind in indicators():
        if not ind.is_rate:
            continue
        now = evaluate(ind, report.format, report.values)
        then = evaluate(ind, report.format, before)
        if now.value is None or then.value is None:
            continue
        points = (Fraction(now.value) - Fraction(then.value)) * 100
        size = percent(abs(points) / 100).removesuffix("%")  # exact, rounded half up
        change = (
            "持平"
            if points == 0
            else w["points"].format(way="上升" if points > 0 else "下降", size=size)
        )
        lines.append(
            w["changes_rate"].format(
                name=ind.name, this=shown(now), previous=shown(then), change=change
            )
        )
    return lines


def _problems(summary: Summary, w: dict[str, str]) -> list[str]:
    flagged = [r for r in counted(summary) if r.errors or r.warnings]
    if not flagged:
        return [w["problems_none"]]
    flagged.sort(key=lambda r: (-r.errors, -r.warnings, r.agency))
    lines = [
        w["problems_line"].format(
            unit=r.agency or Path(r.file).name,
            errors=r.errors,
            warnings=r.warnings,
            first=r.first_problem,
        )
        for r in flagged[:PROBLEM_LINES]
    ]
    if len(flagged) > PROBLEM_LINES:
        lines.append(w["problems_more"].format(count=len(flagged) - PROBLEM_LINES))
    return lines


def _missing(summary: Summary, w: dict[str, str], with_units: bool) -> list[str]:
    lines = []
    if not with_units:
        lines.append(w["missing_no_list"])
    elif summary.missing_units:
        units = "、".join(summary.missing_units)
        lines.append(w["missing_line"].format(count=len(summary.missing_units), units=units))
    else:
        lines.append(w["missing_none"])
    if summary.unreadable:
        files = "、".join(Path(r.file).name for r in summary.unreadable)
        lines.append(w["unreadable_line"].format(count=len(summary.unreadable), files=files))
    return lines


def analysis(summary: Summary, *, with_units: bool, paint: Painter | None = None) -> Publication:
    """The analysis of a summary as a publication; `paint` turns each chart into a PNG."""
    w = analysis_words()
    report = summary.summed_report()
    if report is None:
        from service.wording import words

        raise ValueError(words()["notes"]["none_summed"])
    specs = chart_specs(summary, report, with_previous=bool(summary.previous_rows))
    placed: list[Figure] = []

    def pictures(*chosen: ChartSpec) -> tuple[Figure, ...]:
        """Painted and numbered in the order they appear."""
        if paint is None:
            return ()
        for s in chosen:
            caption = w["figure"].format(n=len(placed) + 1, title=s.title)
            placed.append(Figure(paint(s), caption))
        return tuple(placed[len(placed) - len(chosen) :])

    new_chart, results_chart, appeals_chart = specs[:3]
    ranking = [
        line for ind in indicators() if ind.is_rate for line in _ranking(counted(summary), ind, w)
    ]
    sections = [
        Section(
            "totals",
            w["totals"],
            tuple(_totals(summary, report, w)),
            figures=pictures(results_chart, new_chart),
        ),
        Section("indicators", w["indicators"], tuple(_indicator_lines(report, w))),
        Section("ranking", w["ranking"], tuple(ranking), figures=pictures(appeals_chart)),
        Section(
            "changes",
            w["changes"],
            tuple(_changes(summary, w) + _indicator_changes(summary, report, w)),
            figures=pictures(*specs[3:]),
        ),
        Section("problems", w["problems"], tuple(_problems(summary, w))),
        Section("missing", w["missing"], tuple(_missing(summary, w, with_units))),
    ]
    year = f"{report.year}年度" if report.year else ""
    return Publication(
        title=w["title"].format(year=year),
        agency="",
        date=chinese_date(None),
        sections=tuple(sections),
        kind=ANALYSIS,  # folder scans skip it: a draft about the units is not a unit's report
    )

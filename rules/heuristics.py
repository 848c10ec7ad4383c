"""B3–B7: what is usually, not always, a mistake (warnings and hints a user may acknowledge).

B3 规章 for an agency that cannot make them; B4 prose figures against the tables; B5 信息处理费
in section 六; B6 year, data period and issue date; B7 a large carry-forward.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache

from rules.base import make_finding, refs
from rules.catalogue import code_for, settings
from rules.finding import Finding
from rules.prose import analyse, mentions
from workbook.model.format import Format, format_for_year
from workbook.model.layout import META_LABELS
from workbook.model.report import Report, Value, agency_kind, agency_kinds


@cache
def _regulation_keys(fmt: Format) -> tuple[str, ...]:
    rows = {(t.id, r.id) for t in fmt.tables.values() for r in t.rows if r.regulation}
    return tuple(c.key for c in fmt.cells if (c.table, c.row_id) in rows)


def check_regulations(report: Report, values: Mapping[str, Value], out: list[Finding]) -> None:
    """B3: 规章 row non-zero although the agency kind cannot make 规章."""
    kind = agency_kind(report.agency_kind)
    if kind is None or kind.regulations != "no":
        return
    fmt = report.format
    filled = tuple(k for k in _regulation_keys(fmt) if values.get(k))
    if not filled:
        return
    shown = "、".join(f"{fmt.cell(k).col_label}{values[k]}" for k in filled)
    out.append(
        make_finding(
            code_for("regulations"),
            values,
            keys=filled,
            extra=(kind.id,),
            kind=kind.label,
            values=shown,
            refs=refs(fmt, filled),
        )
    )


def check_prose(report: Report, values: Mapping[str, Value], out: list[Finding]) -> None:
    """B4 (figures and breakdowns in the prose) and B6 (data period years)."""
    fmt = report.format
    for s in fmt.text_sections:
        paragraphs = tuple(report.texts.get(s.id, ()))
        if not paragraphs:
            continue
        a = analyse(paragraphs, report.year)
        for f in a.figures:
            if not all(fmt.has_cell(k) for k in f.cells):
                continue
            cell_values = [v for k in f.cells if (v := values.get(k)) is not None]
            if len(cell_values) < len(f.cells):
                continue  # a blank is A6's business; nothing to compare with
            actual = sum(cell_values)
            if actual == f.stated:
                continue
            out.append(
                make_finding(
                    code_for("prose_figure"),
                    values,
                    keys=f.cells,
                    texts=(s.id,),
                    expected=actual,
                    actual=f.stated,
                    extra=(f.quote,),
                    section_title=s.title,
                    quote=f.quote,
                    what=f.what,
                    stated=f.stated,
                    table_value=actual,
                    diff=abs(actual - f.stated),
                    refs=refs(fmt, f.cells),
                )
            )
        for b in a.breakdowns:
            total = sum(b.parts)
            out.append(
                make_finding(
                    code_for("prose_breakdown"),
                    values,
                    texts=(s.id,),
                    expected=b.stated,
                    actual=total,
                    extra=(b.quote,),
                    section_title=s.title,
                    quote=b.quote,
                    parts="＋".join(str(p) for p in b.parts),
                    sum=total,
                    stated=b.stated,
                    unit=b.unit,
                    diff=abs(total - b.stated),
                )
            )
        for p in a.periods:
            out.append(
                make_finding(
                    code_for("period_year"),
                    values,
                    texts=(s.id,),
                    expected=report.year,
                    actual=p.stated,
                    extra=(p.quote,),
                    section_title=s.title,
                    quote=p.quote,
                    stated=p.stated,
                    year=report.year,
                )
            )


def check_fees(report: Report, values: Mapping[str, Value], out: list[Finding]) -> None:
    """B5: section 六 states the 信息处理费; unpaid-fee refusals imply fee notices were sent."""
    cfg = settings()["fees"]
    fmt = report.format
    section = cfg["section"]
    paragraphs = report.texts.get(section, [])
    if paragraphs and not mentions(paragraphs, cfg["mentioned"]):
        out.append(
            make_finding(
                code_for("fee_mentioned"),
                values,
                texts=(section,),
                extra=tuple(paragraphs),
                section_title=fmt.section(section).title,
            )
        )
    key = cfg["unpaid_cell"]
    unpaid = values.get(key) if fmt.has_cell(key) else None
    if unpaid is not None and unpaid > 0:
        every = [p for s in fmt.text_sections for p in report.texts.get(s.id, [])]
        if not mentions(every, cfg["notice"]):
            out.append(
                make_finding(
                    code_for("fee_notice"),
                    values,
                    keys=(key,),
                    texts=(section,),
                    value=unpaid,
                    refs=refs(fmt, (key,)),
                )
            )


@cache
def _latest_deadline() -> str:
    return max((k.deadline for k in agency_kinds()), default=settings()["default_deadline"])


def check_dates(report: Report, values: Mapping[str, Value], out: list[Finding]) -> None:
    """B6: the report year and the issue date (in year + 1, by the agency kind's deadline)."""
    pairs = ((META_LABELS["year"], report.year), (META_LABELS["issued"], report.issued))
    missing = [w for w, v in pairs if v is None]
    if missing:
        out.append(
            make_finding(
                code_for("meta_missing"), values, extra=tuple(missing), what="和".join(missing)
            )
        )
    if report.year is not None:
        expected = format_for_year(report.year)
        if expected.id != report.format_id:
            out.append(
                make_finding(
                    code_for("format_year"),
                    values,
                    expected=expected.id,
                    actual=report.format_id,
                    extra=(report.year,),
                    year=report.year,
                    expected_name=expected.name,
                    actual_name=report.format.name,
                )
            )
    if report.year is None or report.issued is None:
        return
    issued, next_year = report.issued, report.year + 1
    shown = f"{issued.year}年{issued.month}月{issued.day}日"
    if issued.year != next_year:
        out.append(
            make_finding(
                code_for("issued_year"),
                values,
                expected=next_year,
                actual=issued.isoformat(),
                year=report.year,
                issued=shown,
                next_year=next_year,
            )
        )
        return
    kind = agency_kind(report.agency_kind)
    deadline_text = kind.deadline if kind else _latest_deadline()
    month, day = (int(x) for x in deadline_text.split("-"))
    deadline = date(next_year, month, day)
    if issued > deadline:
        out.append(
            make_finding(
                code_for("issued_deadline"),
                values,
                expected=deadline.isoformat(),
                actual=issued.isoformat(),
                issued=shown,
                kind=kind.label if kind else "各类单位",
                deadline=f"{next_year}年{month}月{day}日",
                days=(issued - deadline).days,
            )
        )


def check_carry_forward(report: Report, values: Mapping[str, Value], out: list[Finding]) -> None:
    """B7: row 25 total large relative to row 1 total."""
    cfg = settings()
    keys = cfg["carry_forward"]
    fmt = report.format
    if not (fmt.has_cell(keys["new"]) and fmt.has_cell(keys["carry_forward"])):
        return
    new, carry = values.get(keys["new"]), values.get(keys["carry_forward"])
    if new is None or carry is None or carry < cfg["carry_forward_min"]:
        return
    ratio = float(cfg["carry_forward_ratio"])
    if float(carry) <= ratio * float(new):
        return
    both = (keys["new"], keys["carry_forward"])
    out.append(
        make_finding(
            code_for("carry_forward_ratio"),
            values,
            keys=both,
            carry=carry,
            new=new,
            pct=f"{carry / new:.0%}" if new else "—",
            limit=f"{ratio:.0%}",
            refs=refs(fmt, both),
        )
    )

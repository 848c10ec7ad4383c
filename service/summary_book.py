"""The 汇总 workbook: the summed report's own sheets, then the office's lists.

The summed report is written by workbook.xlsx.write.writer like any report, so `convert`, `check`
and the app open it; the lists (各单位, 汇总说明, 未读取文件, 未报单位, 与上年比较) are plain list
sheets the readers skip. Also reads the office's list of units (单位名单, .txt or a spreadsheet).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rules import check
from service.office import office_listings
from service.summarize import Summary, figure_change, figures
from service.wording import words
from workbook.files import decode_text
from workbook.guards import check_container, read_bytes
from workbook.model.cellnames import describe
from workbook.model.errors import NotAReport, ReportError, UnreadableFile
from workbook.model.format import load_format
from workbook.model.kinds import SUMMARY
from workbook.model.labels import normalize_label
from workbook.model.layout import SUMMARY_SHEETS
from workbook.xlsx.write.listing import Listing
from workbook.xlsx.write.writer import write_report

MAX_UNITS = 100_000  # a list longer than this is not a list of units


def _col(name: str) -> str:
    return words()["columns"][name]


def _units_listing(summary: Summary) -> Listing:
    figs = figures()
    columns = [_col(k) for k in ("unit", "kind", "year", "format", "file")]
    columns += [f.label for f in figs]
    columns += [_col(k) for k in ("errors", "warnings", "first_problem", "note")]

    def rows() -> Iterator[list[Any]]:
        for r in summary.readable:
            yield [
                r.agency,
                r.kind,
                r.year,
                r.format_id,
                Path(r.file).name,
                *(r.figures.get(f.id) for f in figs),
                r.errors,
                r.warnings,
                r.first_problem,
                "；".join(r.notes),
            ]

    return Listing(SUMMARY_SHEETS["units"], columns, rows())


def _changes_listing(summary: Summary) -> Listing:
    """One row per unit and figure (本年, 上年, 增减): seven narrow columns print legibly on A4
    fit to width, where one wide row per unit (25 columns) printed at about 3 pt."""
    w = words()["columns"]
    columns = [w["unit"], w["cell"], w["this"], w["previous"], w["difference"]]
    columns += [w["previous_file"], w["note"]]
    notes = words()["notes"]

    def rows() -> Iterator[list[Any]]:
        for r in summary.readable:
            if r.duplicate_of:
                continue
            for f in figures():
                yield [
                    r.agency,
                    f.label,
                    r.figures.get(f.id),
                    r.previous_figures.get(f.id),
                    figure_change(r, f.id),
                    Path(r.previous_file).name,
                    r.previous_note,
                ]
        for p in summary.previous_unmatched:
            note = notes["only_previous"].format(year=p.year or "")
            for f in figures():
                yield [p.agency, f.label, None, p.figures.get(f.id), None, Path(p.file).name, note]

    return Listing(SUMMARY_SHEETS["changes"], columns, rows())


def _names(rows: Iterable[str]) -> str:
    return "、".join(rows)


def summary_notes(summary: Summary, sum_findings: int | None) -> list[str]:
    """The lines of the 汇总说明 sheet, in the order a clerk reads them."""
    n = words()["notes"]
    lines: list[str] = []
    if summary.format_id is None:
        lines.append(n["none_summed"])
    else:
        fmt = load_format(summary.format_id)
        s = summary.sums[summary.format_id]
        years = "、".join(
            f"{y}年度{c}份" if y else f"未填年度{c}份" for y, c in sorted(s.years.items(), key=str)
        )
        lines.append(n["summed"].format(count=s.count, format=fmt.name, years=years))
        if len(s.years) > 1:
            lines.append(n["years"].format(years=years))
        blank = summary.blank_keys()
        if blank:
            cells = "、".join(describe(fmt, k) for k in blank)
            lines.append(n["blank_cells"].format(count=len(blank), cells=cells))
        if sum_findings:
            lines.append(n["sum_errors"].format(count=sum_findings))
    for fid, other in summary.sums.items():
        if fid != summary.format_id and other.count:
            lines.append(
                n["other_format"].format(
                    count=other.count, format=load_format(fid).name, sheet=SUMMARY_SHEETS["units"]
                )
            )
    if summary.duplicates:
        lines.append(
            n["duplicates"].format(count=len(summary.duplicates), sheet=SUMMARY_SHEETS["units"])
        )
    if summary.skipped:
        files = _names(Path(f).name for f, _ in summary.skipped)
        lines.append(n["skipped"].format(count=len(summary.skipped), files=files))
    if summary.unreadable:
        lines.append(
            n["unreadable"].format(
                count=len(summary.unreadable), sheet=SUMMARY_SHEETS["unreadable"]
            )
        )
    if summary.missing_units:
        lines.append(
            n["missing"].format(count=len(summary.missing_units), sheet=SUMMARY_SHEETS["missing"])
        )
    if summary.unreadable_units:
        lines.append(
            n["unreadable_units"].format(
                count=len(summary.unreadable_units), sheet=SUMMARY_SHEETS["missing"]
            )
        )
    if summary.previous_rows:
        lines.append(n["checked_with_previous"])
        if summary.previous_unmatched:
            units = _names(
                f"{r.agency}（{r.year or '未填'}年度）" for r in summary.previous_unmatched
            )
            lines.append(n["previous_unmatched"].format(units=units))
        for r in summary.previous_rows:
            if r.error:
                lines.append(n["previous_unreadable"].format(file=r.file, reason=r.error))
    if summary.cancelled:
        lines.append(n["cancelled"])
    return lines


def summary_listings(summary: Summary, sum_findings: int | None = None) -> list[Listing]:
    listings = [
        _units_listing(summary),
        Listing(
            SUMMARY_SHEETS["notes"],
            [_col("note")],
            ([x] for x in summary_notes(summary, sum_findings)),
        ),
        Listing(
            SUMMARY_SHEETS["unreadable"],
            [_col("file"), _col("reason")],
            (
                *([r.file, r.error] for r in summary.unreadable),
                *([f, reason] for f, reason in summary.skipped),
            ),
        ),
    ]
    return listings


def _missing_listing(summary: Summary) -> Listing:
    """The list's units without a readable report: 报送文件无法读取 (with the file), or 未报."""
    n = words()["notes"]

    taken = {r.file for r in summary.unreadable_units.values()}
    unknown = sum(1 for r in summary.unreadable if r.file not in taken)
    absent = (
        n["not_sent_or_unreadable"].format(count=unknown, sheet=SUMMARY_SHEETS["unreadable"])
        if unknown
        else n["not_sent"]
    )

    def rows() -> Iterator[list[Any]]:
        for unit, r in summary.unreadable_units.items():
            yield [unit, n["unreadable_unit"].format(file=Path(r.file).name, reason=r.error)]
        for unit in summary.missing_units:
            yield [unit, absent]

    return Listing(SUMMARY_SHEETS["missing"], [_col("missing_unit"), _col("status")], rows())


def summary_prose(summary: Summary, sum_findings: int | None) -> dict[str, list[str]]:
    """Sections 一, 五, 六 of the 汇总: the 汇总说明, where the units' problems are, and fees."""
    p = words()["prose"]
    counted = [r for r in summary.readable if not r.duplicate_of]
    errors = sum(1 for r in counted if r.errors)
    warnings = sum(1 for r in counted if r.warnings)
    problems = (
        p["problems"].format(sheet=SUMMARY_SHEETS["units"], errors=errors, warnings=warnings)
        if errors or warnings
        else p["problems_none"]
    )
    return {
        "overview": summary_notes(summary, sum_findings),
        "problems": [problems],
        "other": [p["other"]],
    }


def write_summary(
    summary: Summary, out: str | os.PathLike[str], *, with_units: bool, with_previous: bool
) -> int:
    """Write the 汇总 workbook atomically (marked as a 汇总, so folder scans skip it); returns
    the number of errors the sum itself has."""
    report = summary.summed_report()
    if report is None:
        raise ReportError(words()["notes"]["none_summed"])
    report.texts.update(summary_prose(summary, None))
    errors = sum(1 for f in check(report) if f.severity == "error")
    report.texts.update(summary_prose(summary, errors))
    listings = summary_listings(summary, errors)
    if with_units:
        listings.append(_missing_listing(summary))
    if with_previous:
        listings.append(_changes_listing(summary))
    listings += office_listings(summary, report, with_previous=with_previous)
    write_report(report, out, listings=listings, kind=SUMMARY)
    return errors


def read_units(path: str | os.PathLike[str]) -> list[str]:
    """单位名单: one unit per line of a text file, or the first text column of a spreadsheet."""
    p = Path(path)
    data = read_bytes(p)
    ext = p.suffix.lower()
    if ext in (".txt", ".csv"):
        cells = [line.split(",")[0] for line in decode_text(data).splitlines()]
    elif ext in (".xlsx", ".xlsm", ".xls"):
        if ext != ".xls":
            with contextlib.suppress(NotAReport):  # an .xls under another name: calamine reads it
                check_container(data, p.name)
        cells = _first_text_column(data, p.name)
    else:
        raise UnreadableFile(f"单位名单应为 .txt 或 Excel 文件：{p.name}")
    headers = {normalize_label(h) for h in words()["unit_list_headers"]}
    units: list[str] = []
    seen: set[str] = set()
    for cell in cells:
        name = cell.strip()
        key = normalize_label(name)
        if not key or key in headers or key in seen or name.startswith("#"):
            continue
        seen.add(key)
        units.append(name)
        if len(units) > MAX_UNITS:
            raise UnreadableFile(f"单位名单过长，不像是单位名单：{p.name}")
    return units


def _first_text_column(data: bytes, name: str) -> list[str]:
    """The column holding the most text (a 序号 column of numbers is not it)."""
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except BaseException as e:  # calamine's panics are BaseExceptions
        if isinstance(e, KeyboardInterrupt | SystemExit):
            raise
        raise UnreadableFile(f"无法读取单位名单：{name}") from None
    rows = rows[:MAX_UNITS]
    counts: dict[int, int] = {}
    for row in rows:
        for i, v in enumerate(row):
            if isinstance(v, str) and v.strip():
                counts[i] = counts.get(i, 0) + 1
    if not counts:
        return []
    column = max(counts, key=lambda i: (counts[i], -i))  # the names: the column most text is in
    names: list[str] = []
    for row in rows:
        value = row[column] if column < len(row) else ""
        names.append(value if isinstance(value, str) else "")
    return names

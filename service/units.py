"""One report's line on the 各单位 sheet, and the running cell-by-cell sum of many reports.

Both are small: a worker keeps these and drops the report, so memory does not grow with the
number of reports. Blank is not zero here either: a figure or a sum stays None until some
unit filled one of its cells.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from rules.finding import Finding, open_counts
from service.compare import change
from service.wording import words
from workbook.model.format import Format
from workbook.model.indicators import indicator_keys
from workbook.model.report import Report, Value, agency_kind


@dataclass(frozen=True)
class Figure:
    """A per-unit figure of the overview (resources/summary.toml): the sum of some cells."""

    id: str
    label: str
    keys: tuple[str, ...]

    def value(self, fmt: Format, values: dict[str, Value]) -> Value:
        """Blank when the format lacks a cell or every cell is blank (blank is not 0)."""
        if not all(fmt.has_cell(k) for k in self.keys):
            return None
        present = [values.get(k) for k in self.keys]
        if all(v is None for v in present):
            return None
        return sum(v for v in present if v is not None)


def figures() -> tuple[Figure, ...]:
    return tuple(Figure(f["id"], f["label"], tuple(f["keys"])) for f in words().get("figures", ()))


@dataclass
class UnitRow:
    """One report's line on the 各单位 sheet, or an unreadable file with its reason."""

    file: str
    error: str | None = None
    agency: str = ""
    kind: str = ""
    year: int | None = None
    format_id: str = ""
    figures: dict[str, Value] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    first_problem: str = ""
    notes: list[str] = field(default_factory=list)
    previous_file: str = ""
    previous_figures: dict[str, Value] = field(default_factory=dict)
    tables: tuple[str, ...] = ()  # tables (and "text") its open errors and warnings are about
    cells: dict[str, Value] = field(default_factory=dict)  # what the indicators read (指标)
    issued: date | None = None
    mtime: float = 0.0  # file time: which of a unit's two reports is newer, without 发布日期
    duplicate_of: str = ""  # the file that counts instead of this one (重复报送)
    previous_note: str = ""  # why no 上年 was matched (summarize --previous)


@dataclass
class Sums:
    """Running cell-by-cell sums of one format's reports (None until some unit filled a cell)."""

    format_id: str
    count: int = 0
    years: Counter[int | None] = field(default_factory=Counter)
    values: dict[str, Value] = field(default_factory=dict)
    filled: Counter[str] = field(default_factory=Counter)  # reports that filled each cell

    def add(self, report: Report) -> None:
        self.count += 1
        self.years[report.year] += 1
        values = self.values
        for key, v in report.values.items():
            if v is not None:
                before = values.get(key)
                values[key] = v if before is None else before + v
                self.filled[key] += 1

    def remove(self, report: Report) -> None:
        """Take back a report added before (a unit's older copy): a cell nobody else filled is
        blank again, not 0."""
        self.count -= 1
        self.years[report.year] -= 1
        if self.years[report.year] <= 0:
            del self.years[report.year]
        for key, v in report.values.items():
            if v is not None and self.filled[key] > 0:
                self.filled[key] -= 1
                before = self.values.get(key)
                self.values[key] = None if not self.filled[key] or before is None else before - v

    def merge(self, other: Sums) -> None:
        self.count += other.count
        self.years.update(other.years)
        self.filled.update(other.filled)
        for key, v in other.values.items():
            if v is not None:
                before = self.values.get(key)
                self.values[key] = v if before is None else before + v


def finding_tables(fmt: Format, finding: Finding) -> set[str]:
    """The tables a finding is about ("text" for prose), for filtering by table."""
    tables = {fmt.cell(k).table for k in finding.keys if fmt.has_cell(k)}
    return tables | ({"text"} if finding.texts else set())


def unit_row(path: str, report: Report, findings: Sequence[Finding]) -> UnitRow:
    fmt = report.format
    kind = agency_kind(report.agency_kind)
    open_ = [f for f in findings if f.open]
    counts = open_counts(open_)
    first = next((f for f in open_ if f.severity in ("error", "warning")), None)
    tables: set[str] = set()
    for f in open_:
        if f.severity in ("error", "warning"):
            tables |= finding_tables(fmt, f)
    return UnitRow(
        file=path,
        agency=report.agency,
        kind=kind.label if kind else "",
        year=report.year,
        format_id=report.format_id,
        figures={fig.id: fig.value(fmt, report.values) for fig in figures()},
        errors=counts["error"],
        warnings=counts["warning"],
        first_problem=f"{first.code} {first.message}" if first else "",
        tables=tuple(sorted(tables)),
        cells={k: report.values.get(k) for k in indicator_keys()},
        issued=report.issued,
    )


def figure_change(row: UnitRow, figure_id: str) -> Value:
    return change(row.figures.get(figure_id), row.previous_figures.get(figure_id))

"""One report's line on the 各单位 sheet, and the running cell-by-cell sum of many reports.

Both are small: a worker keeps these and drops the report, so memory does not grow with the
number of reports. Blank is not zero here either: a figure or a sum stays None until some
unit filled one of its cells.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rules.finding import Finding
from service.compare import change, words
from workbook.model.format import Format
from workbook.model.indicators import indicator_keys
from workbook.model.labels import normalize_label
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


def unit_name(name: str) -> str:
    """A unit's name in comparable form (full/half width, spaces, quotes ignored)."""
    return normalize_label(name)


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


@dataclass
class Sums:
    """Running cell-by-cell sums of one format's reports (None until some unit filled a cell)."""

    format_id: str
    count: int = 0
    years: Counter[int | None] = field(default_factory=Counter)
    values: dict[str, Value] = field(default_factory=dict)

    def add(self, report: Report) -> None:
        self.count += 1
        self.years[report.year] += 1
        values = self.values
        for key, v in report.values.items():
            if v is not None:
                before = values.get(key)
                values[key] = v if before is None else before + v

    def merge(self, other: Sums) -> None:
        self.count += other.count
        self.years.update(other.years)
        for key, v in other.values.items():
            if v is not None:
                before = self.values.get(key)
                self.values[key] = v if before is None else before + v


def _open_findings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.acknowledged is None]


def finding_tables(fmt: Format, finding: Finding) -> set[str]:
    """The tables a finding is about ("text" for prose), for filtering by table."""
    tables = {fmt.cell(k).table for k in finding.keys if fmt.has_cell(k)}
    return tables | ({"text"} if finding.texts else set())


def unit_row(path: str, report: Report, findings: Sequence[Finding]) -> UnitRow:
    fmt = report.format
    kind = agency_kind(report.agency_kind)
    open_ = _open_findings(findings)
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
        errors=sum(1 for f in open_ if f.severity == "error"),
        warnings=sum(1 for f in open_ if f.severity == "warning"),
        first_problem=f"{first.code} {first.message}" if first else "",
        tables=tuple(sorted(tables)),
        cells={k: report.values.get(k) for k in indicator_keys()},
    )


def figure_change(row: UnitRow, figure_id: str) -> Value:
    return change(row.figures.get(figure_id), row.previous_figures.get(figure_id))

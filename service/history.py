"""A unit's history: its reports of several years side by side (`nianbao history`, 历年趋势).

One line per unit and year with the overview's figures (resources/summary.toml) and the
indicators (resources/indicators.toml), both read by cell key, so a 2019 trial-format year
lines up with a 2021 one wherever the key exists; a key a format lacks leaves the figure blank
with the reason, and a cell whose wording differs between the formats (history.differs) is
marked. Reports are read one by one and reduced to their line at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from service.batch import load_report, report_files
from service.identity import unit_name
from service.units import Figure, figures
from workbook.model.errors import ReportError
from workbook.model.indicators import Number, evaluate, history_data, indicators, words
from workbook.model.report import Report

Cell = Number | None


@dataclass(frozen=True)
class Item:
    """A column of the history: a figure (a sum of cells) or an indicator."""

    id: str
    name: str
    keys: tuple[str, ...]
    rate: bool


@dataclass
class YearLine:
    agency: str
    year: int | None
    format_id: str
    file: str
    values: dict[str, Cell] = field(default_factory=dict)  # item id -> value
    marks: dict[str, str] = field(default_factory=dict)  # item id -> why it is blank or differs

    def note(self) -> str:
        """The marks in one line, items with the same reason named together."""
        by_reason: dict[str, list[str]] = {}
        for mark in self.marks.values():
            name, _, reason = mark.partition("：")
            by_reason.setdefault(reason, []).append(name)
        return "；".join(f"{'、'.join(names)}：{reason}" for reason, names in by_reason.items())


@dataclass
class History:
    units: dict[str, list[YearLine]] = field(default_factory=dict)  # unit name -> years in order
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # file, reason
    duplicates: list[str] = field(default_factory=list)  # files left out (same unit and year)


def items() -> tuple[Item, ...]:
    """The figures, then the indicators that are not one of the figures under another name."""
    figs = [Item(f.id, f.label, f.keys, False) for f in figures()]
    sums = {frozenset(f.keys) for f in figs}
    for ind in indicators():
        plain = all(t.sign > 0 for t in ind.numerator)
        if not ind.is_rate and plain and frozenset(ind.keys) in sums:
            continue
        figs.append(Item(ind.id, ind.name, ind.keys, ind.is_rate))
    return tuple(figs)


def _figure(item: Item) -> Figure:
    return Figure(item.id, item.name, item.keys)


def year_line(path: str, report: Report) -> YearLine:
    """One report reduced to its line of the history."""
    fmt = report.format
    why = words()
    line = YearLine(report.agency, report.year, report.format_id, path)
    by_id = {i.id: i for i in indicators()}
    differs = {
        d["key"]: d["note"]
        for d in history_data().get("differs", ())
        if d["format"] == report.format_id
    }
    for item in items():
        if item.id in by_id:
            result = evaluate(by_id[item.id], fmt, report.values)
            line.values[item.id] = result.value
            if result.reason:
                line.marks[item.id] = f"{item.name}：{result.reason}"
        else:
            line.values[item.id] = _figure(item).value(fmt, report.values)
            if not all(fmt.has_cell(k) for k in item.keys):
                line.marks[item.id] = f"{item.name}：{why['no_cell'].format(format=fmt.name)}"
        for key in item.keys:
            if key in differs:
                line.marks[item.id] = f"{item.name}：{differs[key]}"
    return line


def history_of(found: Iterable[tuple[str, Report]]) -> History:
    """Group reports by unit (names compared as the 汇总 compares them), years in order."""
    history = History()
    seen: dict[tuple[str, int | None], str] = {}
    for path, report in found:
        name = unit_name(report.agency) or f"（未填单位）{path}"  # unnamed reports stay apart
        if (name, report.year) in seen:
            history.duplicates.append(path)
            continue
        seen[(name, report.year)] = path
        history.units.setdefault(name, []).append(year_line(path, report))
    for lines in history.units.values():
        lines.sort(key=lambda line: (line.year is None, line.year or 0))
    return history


def collect_history(paths: Sequence[str], skip: str | Path | None = None) -> History:
    """Read every report file under `paths` but `skip` (last run's 历年.xlsx in the same folder);
    a file that cannot be read is listed, not fatal."""
    unreadable: list[tuple[str, str]] = []
    skipped = Path(skip).resolve() if skip is not None and Path(skip).exists() else None

    def reports() -> Iterable[tuple[str, Report]]:
        for path in report_files(paths):
            if skipped is not None and Path(path).resolve() == skipped:
                continue
            try:
                yield path, load_report(path)[0]
            except ReportError as e:
                unreadable.append((path, str(e) or "无法读取。"))

    history = history_of(reports())
    history.unreadable = unreadable
    return history


def unit_history(
    path: str, report: Report, others: Sequence[str], *, seconds: float | None = None
) -> tuple[list[YearLine], int]:
    """The open report's unit over the years: its own line and those of `others` (files, or
    folders) that are the same unit, and how many files were left unread because reading took
    longer than `seconds` (a folder of PDFs is not read whole on the clerk's time). Files that
    cannot be read are passed over."""
    name = unit_name(report.agency)
    found: list[tuple[str, Report]] = [(path, report)]
    own = Path(path).resolve() if path else None
    files = [f for f in report_files(others) if own is None or Path(f).resolve() != own]
    deadline = None if seconds is None else time.monotonic() + seconds
    for done, other in enumerate(files):
        if deadline is not None and time.monotonic() >= deadline:
            return history_of(found).units.get(name, []), len(files) - done
        try:
            earlier = load_report(other)[0]
        except ReportError:
            continue
        if unit_name(earlier.agency) == name:
            found.append((other, earlier))
    return history_of(found).units.get(name, []), 0

"""汇总: sum many units' reports cell by cell, one overview line per report, streaming.

A supervising office receives dozens to thousands of reports. Each file is read (fast reader
first, through service.batch.read_report, under the batch's crash guard), checked, reduced to
its line of the 各单位 sheet and added into a running sum per format; the report itself is then
dropped, so memory does not grow with the number of reports beyond those small lines. Files are
read in the reading sandbox (workbook.sandbox: several warm reader children for a large batch,
each with limits); checking and adding up (~0.2 ms a report) happen here. A unit and year sent
twice counts once: the older copy is read again and taken back out of the sum.

Blank is not zero: a cell of the sum is blank only when every unit left it blank (and the 汇总说明
sheet lists those cells). Reports of the 2019 and 2021 formats are never added together: the
format most reports use is summed, the others are listed apart.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rules import check
from service.batch import (
    CHECK_CRASH,
    PreviousYear,
    duplicate_note,
    file_time,
    read_report,
)
from service.identity import UnitNames, UnitYear, by_unit_and_year, duplicates, unit_name
from service.previous import previous_warnings
from service.scan import report_files, scan_files
from service.units import Sums, UnitRow, figure_change, figures, finding_tables, unit_row
from service.wording import words
from workbook.model.errors import ReportError
from workbook.model.format import available_formats, load_format
from workbook.model.imported import Imported
from workbook.model.indicators import indicator_keys
from workbook.model.report import Report
from workbook.sandbox import Sandbox

__all__ = [
    "Summary",
    "UnitRow",
    "figure_change",
    "finding_tables",
    "report_files",
    "scan_files",
    "summarize",
    "unit_name",
]

CHUNK = 64  # reports per partial sum handed on (progress is told per chunk)
POOL_MIN_FILES = 16  # below this one reader child is enough
Read = tuple[str, Imported | ReportError]  # a path and what the sandbox read from it
Progress = Callable[[int, int], None]  # done, total


@dataclass
class Partial:
    """What one chunk of files gives (small and picklable)."""

    rows: list[UnitRow]
    sums: dict[str, Sums]


# A worker process keeps last year's index and the unit list's aliases, set once by the
# initializer.
_previous = PreviousYear()


def _init_worker(previous: PreviousYear) -> None:
    global _previous
    _previous = previous


def _report(read: Imported | ReportError) -> Report:
    if isinstance(read, ReportError):
        raise read
    return read.report


def summarize_chunk(reads: Sequence[Read]) -> Partial:
    """Check and add up some files read by the sandbox; never raises for a bad file."""
    rows: list[UnitRow] = []
    sums: dict[str, Sums] = {}
    for path, read in reads:
        try:
            report = _report(read)
        except ReportError as e:
            rows.append(UnitRow(path, error=str(e) or "无法读取。"))
            continue
        previous, previous_path = _previous.report_for(report)
        try:
            findings = check(report, previous)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            rows.append(UnitRow(path, error=CHECK_CRASH))
            continue
        row = unit_row(path, report, findings)
        row.previous_file = previous_path
        row.mtime = file_time(path)
        rows.append(row)
        sums.setdefault(report.format_id, Sums(report.format_id)).add(report)
    return Partial(rows, sums)


def figures_chunk(reads: Sequence[Read]) -> list[UnitRow]:
    """Last year's files: name and figures only (no check, nothing summed)."""
    rows = []
    for path, read in reads:
        try:
            report = _report(read)
        except ReportError as e:
            rows.append(UnitRow(path, error=str(e) or "无法读取。"))
            continue
        fmt = report.format
        rows.append(
            UnitRow(
                path,
                agency=report.agency,
                year=report.year,
                format_id=report.format_id,
                figures={fig.id: fig.value(fmt, report.values) for fig in figures()},
                cells={k: report.values.get(k) for k in indicator_keys()},  # last year's 指标
                issued=report.issued,
                mtime=file_time(path),
            )
        )
    return rows


def figures_of(paths: Sequence[str], cancel: threading.Event | None = None) -> list[UnitRow]:
    """Last year's files, read in the sandbox: name and figures only (figures_chunk)."""
    rows: list[UnitRow] = []
    for found in run_chunks(figures_chunk, paths, cancel=cancel):
        rows.extend(found)
    return rows


def run_chunks(
    worker: Callable,
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    previous: PreviousYear | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    spawn: bool = True,
) -> Iterator:
    """Results of `worker` over chunks of what the sandbox read from `paths`, in order.

    The readers are spawned children (never forked), so this is safe from a GUI thread too;
    `spawn` is kept for callers that still pass it."""
    _init_worker(previous or PreviousYear())
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(paths) < POOL_MIN_FILES:
        workers = 1
    total, done = len(paths), 0
    stop = cancel.is_set if cancel is not None else (lambda: False)
    chunk: list[Read] = []
    with Sandbox(min(workers, max(1, total))) as box:
        for path, read in box.map(paths, stop):
            if stop():
                return
            chunk.append((path, read))
            if len(chunk) == CHUNK or done + len(chunk) == total:
                done += len(chunk)
                yield worker(chunk)
                chunk = []
                if progress is not None:
                    progress(done, total)


@dataclass
class Summary:
    """Everything the 汇总 workbook shows; rows are small, the reports themselves are gone."""

    rows: list[UnitRow]
    sums: dict[str, Sums]
    format_id: str | None  # the format that was summed (the one most reports use)
    missing_units: list[str] = field(default_factory=list)
    unreadable_units: dict[str, UnitRow] = field(default_factory=dict)  # listed unit -> its file
    previous_rows: list[UnitRow] = field(default_factory=list)
    previous_unmatched: list[UnitRow] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # our own outputs: file, reason
    cancelled: bool = False

    @property
    def readable(self) -> list[UnitRow]:
        return [r for r in self.rows if r.error is None]

    @property
    def unreadable(self) -> list[UnitRow]:
        return [r for r in self.rows if r.error is not None]

    @property
    def duplicates(self) -> list[UnitRow]:
        """Reports sent again for a unit and year: listed, not summed."""
        return [r for r in self.rows if r.duplicate_of]

    def summed_report(self) -> Report | None:
        """The 汇总 as a report of the summed format: a normal report, checked like any other."""
        if self.format_id is None:
            return None
        sums = self.sums[self.format_id]
        fmt = load_format(self.format_id)
        report = Report.blank(fmt.id, agency=words()["agency"].format(count=sums.count))
        year, _ = max(sums.years.items(), key=lambda kv: (kv[1], kv[0] or 0))
        report.year = year
        for key in report.values:
            report.values[key] = sums.values.get(key)
        return report

    def blank_keys(self) -> list[str]:
        """Cells every summed unit left blank (kept blank in the 汇总)."""
        if self.format_id is None:
            return []
        values = self.sums[self.format_id].values
        return [c.key for c in load_format(self.format_id).cells if values.get(c.key) is None]


def _choose_format(sums: dict[str, Sums]) -> str | None:
    """The format most reports use; on a tie the newer one."""
    sums = {fid: s for fid, s in sums.items() if s.count > 0}
    if not sums:
        return None
    order = {fid: i for i, fid in enumerate(available_formats())}
    return min(sums, key=lambda fid: (-sums[fid].count, order.get(fid, 99)))


def summarize(
    paths: Sequence[str],
    *,
    previous_paths: Sequence[str] = (),
    units: Sequence[str] | None = None,
    skipped: Sequence[tuple[str, str]] = (),
    jobs: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    spawn: bool = False,
) -> Summary:
    """Read, check and sum `paths`, each unit and year once; with last year's files, match each
    report to the same unit's report of the year before. `units`: the 单位名单's entries
    (service.identity.UnitNames); `skipped`: files the folder scan left out, for the record."""
    names = UnitNames.parse(units) if units is not None else UnitNames()
    previous_rows: list[UnitRow] = []
    for found in run_chunks(figures_chunk, previous_paths, jobs=jobs, cancel=cancel, spawn=spawn):
        previous_rows.extend(found)
    readable_before = [r for r in previous_rows if r.error is None]
    previous = by_unit_and_year(readable_before, names.key)
    rows: list[UnitRow] = []
    sums: dict[str, Sums] = {}
    for part in run_chunks(
        summarize_chunk,
        paths,
        jobs=jobs,
        previous=PreviousYear.of(readable_before, names),
        progress=progress,
        cancel=cancel,
        spawn=spawn,
    ):
        rows.extend(part.rows)
        for fid, s in part.sums.items():
            sums.setdefault(fid, Sums(fid)).merge(s)
    summary = Summary(rows, sums, None, previous_rows=previous_rows, skipped=list(skipped))
    _count_once(summary, names)
    summary.format_id = _choose_format(summary.sums)
    summary.cancelled = cancel is not None and cancel.is_set()
    _annotate(summary, names, units is not None)
    if previous_paths:
        _match_previous(summary, previous, names)
    return summary


def _count_once(summary: Summary, names: UnitNames) -> None:
    """A unit and year sent twice counts once: the older copy is taken back out of the sum (read
    again: duplicates are rare, and keeping every report to avoid that would cost the memory the
    streaming saves) and listed as 重复报送 with both names."""
    notes = words()["notes"]
    for row, kept in duplicates(summary.readable, names.key).items():
        r = next(x for x in summary.rows if x.file == row)
        r.duplicate_of = kept.file
        message = duplicate_note(r.file, kept.file)
        try:
            summary.sums[r.format_id].remove(read_report(r.file))
        except (ReportError, KeyError):
            message = notes["duplicate_kept"].format(file=Path(r.file).name)
        r.notes.append(message)


def _annotate(summary: Summary, names: UnitNames, with_units: bool) -> None:
    """Notes per row (format apart, not on the list) and the units of the list without a report:
    a listed unit whose file could not be read is 报送文件无法读取, not 未报."""
    notes = words()["notes"]
    seen: set[str] = set()
    for r in summary.readable:
        seen.add(names.key(r.agency))
        if r.format_id != summary.format_id and not r.duplicate_of:
            r.notes.append(notes["format_apart"])
    if not with_units:
        return
    listed = {names.key(u) for u in names.names}
    for r in summary.readable:
        if names.key(r.agency) not in listed:
            r.notes.append(notes["not_on_list"])
    absent = [u for u in names.names if names.key(u) not in seen]
    summary.unreadable_units = unreadable_units(absent, summary.unreadable)
    summary.missing_units = [u for u in absent if u not in summary.unreadable_units]


def unreadable_units(units: Sequence[str], unreadable: Sequence[UnitRow]) -> dict[str, UnitRow]:
    """Units of the list whose name (without 人民政府/办公室 …) is in an unreadable file's name:
    they sent a report, it could not be read. The longest name wins a file; one file per unit."""
    suffixes = sorted(words()["unit_suffixes"], key=len, reverse=True)

    def core(name: str) -> str:
        n = unit_name(name)
        for suffix in suffixes:
            if n.endswith(suffix) and len(n) > len(suffix):
                return n[: -len(suffix)]
        return n

    out: dict[str, UnitRow] = {}
    taken: set[str] = set()
    for unit in sorted(units, key=lambda u: len(core(u)), reverse=True):
        for r in unreadable:
            if r.file not in taken and core(unit) in unit_name(Path(r.file).stem):
                out[unit] = r
                taken.add(r.file)
                break
    return out


def _match_previous(summary: Summary, previous: dict[UnitYear, UnitRow], names: UnitNames) -> None:
    """Each report's 上年 is the same unit's report of year − 1; what has none is said, and last
    year's reports that no report of this year took are listed."""
    notes = words()["notes"]
    by_unit: dict[str, list[UnitRow]] = {}
    for (unit, _), row in sorted(previous.items(), key=lambda kv: kv[0][1] or 0, reverse=True):
        by_unit.setdefault(unit, []).append(row)
    used: set[UnitYear] = set()
    for r in summary.readable:
        unit = names.key(r.agency)
        wanted = None if r.year is None else r.year - 1
        before = previous.get((unit, wanted)) if r.agency and wanted is not None else None
        if before is not None:
            used.add((unit, wanted))
            r.previous_file = before.file
            r.previous_figures = before.figures
            continue
        note = notes["no_previous"].format(year=wanted or "上")
        found = by_unit.get(unit) if r.agency else None
        said = previous_warnings(r, found[0]) if found else []  # why the unit's other one is not
        if said:
            note += "：" + "".join(said)
        r.previous_note = note
        r.notes.append(note)
    summary.previous_unmatched = [r for k, r in previous.items() if k not in used]

"""汇总: sum many units' reports cell by cell, one overview line per report, streaming.

A supervising office receives dozens to thousands of reports. Each file is read (fast reader
first, through service.batch.load_report, under the batch's crash guard), checked, reduced to its line of the 各单位 sheet and
added into a running sum per format; the report itself is then dropped, so memory does not grow
with the number of reports beyond those small lines. Large batches are spread over a process
pool in chunks, each worker returning a partial sum.

Blank is not zero: a cell of the sum is blank only when every unit left it blank (and the 汇总说明
sheet lists those cells). Reports of the 2019 and 2021 formats are never added together: the
format most reports use is summed, the others are listed apart.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rules import check
from service.batch import CHECK_CRASH, READ_CRASH, load_report, report_files
from service.compare import words
from service.units import Sums, UnitRow, figure_change, figures, finding_tables, unit_name, unit_row
from workbook.model.errors import ReportError
from workbook.model.format import available_formats, load_format
from workbook.model.indicators import indicator_keys
from workbook.model.report import Report

__all__ = [
    "Summary",
    "UnitRow",
    "figure_change",
    "finding_tables",
    "report_files",
    "summarize",
]

CHUNK = 64  # reports per task of the pool: large enough that a task's overhead vanishes
POOL_MIN_FILES = 128  # below this a process pool costs more than it saves
Progress = Callable[[int, int], None]  # done, total


@dataclass
class Partial:
    """What one chunk of files gives (small and picklable)."""

    rows: list[UnitRow]
    sums: dict[str, Sums]


# A worker process keeps last year's index (unit name -> file) set once by the initializer.
_previous_index: dict[str, str] = {}


def _init_worker(previous_index: dict[str, str]) -> None:
    global _previous_index
    _previous_index = previous_index


def _read(path: str) -> Report:
    """service.batch.load_report under the same crash guard as service.batch.check_file."""
    try:
        return load_report(path)[0]
    except ReportError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # a reader bug or a native panic must not stop the batch
        raise ReportError(READ_CRASH) from e


def _previous_for(report: Report) -> tuple[Report | None, str]:
    path = _previous_index.get(unit_name(report.agency)) if report.agency else None
    if path is None:
        return None, ""
    try:
        return _read(path), path
    except ReportError:
        return None, ""  # listed as unreadable by the pass over last year's files


def summarize_chunk(paths: Sequence[str]) -> Partial:
    """Read, check and add up some files; never raises for a bad file."""
    rows: list[UnitRow] = []
    sums: dict[str, Sums] = {}
    for path in paths:
        try:
            report = _read(path)
        except ReportError as e:
            rows.append(UnitRow(path, error=str(e) or "无法读取。"))
            continue
        previous, previous_path = _previous_for(report)
        try:
            findings = check(report, previous)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            rows.append(UnitRow(path, error=CHECK_CRASH))
            continue
        row = unit_row(path, report, findings)
        row.previous_file = previous_path
        rows.append(row)
        sums.setdefault(report.format_id, Sums(report.format_id)).add(report)
    return Partial(rows, sums)


def figures_chunk(paths: Sequence[str]) -> list[UnitRow]:
    """Last year's files: name and figures only (no check, nothing summed)."""
    rows = []
    for path in paths:
        try:
            report = _read(path)
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
            )
        )
    return rows


def _chunks(paths: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(paths), size):
        yield paths[i : i + size]


def run_chunks(
    worker: Callable,
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    previous_index: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    spawn: bool = False,
) -> Iterator:
    """Results of `worker` over chunks of `paths`, in order; a process pool for large batches.

    `spawn`: start workers fresh rather than forked (needed when called from a GUI thread).
    """
    index = previous_index or {}
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    total, done = len(paths), 0
    chunks = list(_chunks(paths, CHUNK))
    pool: Executor | None = None
    if workers > 1 and total >= POOL_MIN_FILES:
        try:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn") if spawn else None
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(index,)
            )
        except (OSError, RuntimeError, ValueError):  # no processes allowed here
            pool = None
    if pool is None:
        _init_worker(index)
        results: Iterable = (worker(c) for c in chunks)
    else:
        results = pool.map(worker, chunks)
    try:
        for chunk, result in zip(chunks, results, strict=True):
            if cancel is not None and cancel.is_set():
                return
            done += len(chunk)
            yield result
            if progress is not None:
                progress(done, total)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Summary:
    """Everything the 汇总 workbook shows; rows are small, the reports themselves are gone."""

    rows: list[UnitRow]
    sums: dict[str, Sums]
    format_id: str | None  # the format that was summed (the one most reports use)
    missing_units: list[str] = field(default_factory=list)
    previous_rows: list[UnitRow] = field(default_factory=list)
    previous_unmatched: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def readable(self) -> list[UnitRow]:
        return [r for r in self.rows if r.error is None]

    @property
    def unreadable(self) -> list[UnitRow]:
        return [r for r in self.rows if r.error is not None]

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
    if not sums:
        return None
    order = {fid: i for i, fid in enumerate(available_formats())}
    return min(sums, key=lambda fid: (-sums[fid].count, order.get(fid, 99)))


def _index_previous(rows: list[UnitRow]) -> dict[str, str]:
    index: dict[str, str] = {}
    for r in rows:
        if r.error is None and r.agency:
            index.setdefault(unit_name(r.agency), r.file)
    return index


def summarize(
    paths: Sequence[str],
    *,
    previous_paths: Sequence[str] = (),
    units: Sequence[str] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    spawn: bool = False,
) -> Summary:
    """Read, check and sum `paths`; with last year's files, match units by name and compare."""
    previous_rows: list[UnitRow] = []
    for found in run_chunks(figures_chunk, previous_paths, jobs=jobs, cancel=cancel, spawn=spawn):
        previous_rows.extend(found)
    index = _index_previous(previous_rows)
    by_name = {unit_name(r.agency): r for r in previous_rows if r.error is None and r.agency}
    rows: list[UnitRow] = []
    sums: dict[str, Sums] = {}
    for part in run_chunks(
        summarize_chunk,
        paths,
        jobs=jobs,
        previous_index=index,
        progress=progress,
        cancel=cancel,
        spawn=spawn,
    ):
        rows.extend(part.rows)
        for fid, s in part.sums.items():
            sums.setdefault(fid, Sums(fid)).merge(s)
    summary = Summary(rows, sums, _choose_format(sums), previous_rows=previous_rows)
    summary.cancelled = cancel is not None and cancel.is_set()
    _annotate(summary, by_name, bool(previous_paths), units)
    return summary


def _annotate(
    summary: Summary, previous: dict[str, UnitRow], with_previous: bool, units: Sequence[str] | None
) -> None:
    """Notes per row (format apart, duplicates, not on the list, last year) and missing units."""
    notes = words()["notes"]
    seen: dict[str, list[UnitRow]] = {}
    for r in summary.readable:
        seen.setdefault(unit_name(r.agency), []).append(r)
        if r.format_id != summary.format_id:
            r.notes.append(notes["format_apart"])
        if with_previous:
            before = previous.get(unit_name(r.agency)) if r.agency else None
            if before is None:
                r.notes.append(notes["no_previous"])
            else:
                r.previous_file = before.file
                r.previous_figures = before.figures
    for name, group in seen.items():
        if name and len(group) > 1:
            files = "、".join(Path(r.file).name for r in group)
            for r in group:
                r.notes.append(notes["duplicate"].format(files=files))
    if with_previous:
        summary.previous_unmatched = [r.agency for n, r in previous.items() if n not in seen]
    if units is not None:
        listed = {unit_name(u) for u in units}
        summary.missing_units = [u for u in units if unit_name(u) not in seen]
        for name, group in seen.items():
            if name not in listed:
                for r in group:
                    r.notes.append(notes["not_on_list"])

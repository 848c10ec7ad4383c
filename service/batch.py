"""Checking a batch of report files: the one service behind `nianbao check` and the app's 批量检查.

Qt-free, so the command line and the app's worker thread run the same code: one file list, one
result per file. Every file is read in the reading sandbox (workbook.sandbox: warm child
processes with limits on memory and time), so whatever one file does to a reader — a panic, an
abort, runaway memory — becomes that file's Chinese error and the batch goes on. The children
also check what they read (our own pure-Python rules, ~0.1 ms a report, on every core); the
parent keeps one small result per file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from rules import check
from rules.finding import Finding, open_counts
from service.identity import Sent, UnitNames, UnitYear, by_unit_and_year, duplicates, unit_name

# The file lists moved to service.scan; these names stay importable from here for callers.
from service.scan import REPORT_EXTENSIONS as REPORT_EXTENSIONS
from service.scan import folder_files as folder_files
from service.scan import report_files as report_files
from service.scan import scan_files as scan_files
from service.wording import words
from workbook.model.errors import ReportError
from workbook.model.imported import Imported
from workbook.model.report import Report
from workbook.model.values import Note
from workbook.sandbox import Sandbox, prestart
from workbook.sandbox import open_contained as open_report

POOL_MIN_FILES = 8  # below this one reader child is enough

# What a clerk reads when our own code, or a native reader under it, failed on one file: no
# exception names (they mean nothing to a clerk), and the batch goes on with the next file.
READ_CRASH = "无法读取：程序读这个文件时出错，文件可能已损坏。"
CHECK_CRASH = "校验时程序出错，请把这个文件发给开发者。"


@dataclass
class FileResult:
    """What checking one file gave: findings, or the Chinese reason it could not be read."""

    file: str
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    agency: str = ""
    year: int | None = None
    format_id: str = "2021"
    notes: list[Note] = field(default_factory=list)
    issued: date | None = None
    mtime: float = 0.0  # file time: which of a unit's two reports is newer, without 发布日期
    duplicate_of: str | None = None  # 重复报送: the file of the same unit and year that counts
    previous_file: str = ""  # the 上年 found for it in last year's folder (PreviousYear)

    @property
    def errors(self) -> int:
        """Open (not acknowledged) errors: what decides the exit status."""
        return self.counts()["error"]

    def counts(self) -> dict[str, int]:
        """Open (not acknowledged) findings per severity, most serious first."""
        return open_counts(self.findings)


def load_report(path: str | Path) -> tuple[Report, list[Note]]:
    """Open any report file, contained (workbook.sandbox); ReportError for a bad one."""
    p = Path(path)
    if p.is_dir():
        raise ReportError(f"文件夹中没有报告文件：{p}")
    imported = open_report(p)
    return imported.report, imported.notes


def checked(
    path: str,
    read: Imported | ReportError,
    previous: Report | None,
    previous_year: PreviousYear | None = None,
) -> FileResult:
    """One file's result from what the sandbox read; never raises for a bad file."""
    if isinstance(read, ReportError):
        return FileResult(path, error=str(read) or "无法读取。")
    report = read.report
    previous_file = ""
    if previous_year is not None:
        previous, previous_file = previous_year.report_for(report)
    try:
        findings = check(report, previous)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a checker bug must not stop the batch or show a traceback
        return FileResult(path, error=CHECK_CRASH)
    result = FileResult(
        path, None, findings, report.agency, report.year, report.format_id, read.notes
    )
    result.issued, result.mtime = report.issued, file_time(path)
    result.previous_file = previous_file
    return result


def read_report(path: str) -> Report:
    """load_report under the batch's crash guard: a reader bug or a native panic becomes the
    file's ReportError (READ_CRASH), so one file never stops the batch."""
    try:
        return load_report(path)[0]
    except ReportError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # python-calamine's Rust panics are not Exceptions
        raise ReportError(READ_CRASH) from e


def file_time(path: str) -> float:
    """The file's modification time (0 when it cannot be had): which copy is newer."""
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


@dataclass(frozen=True)
class PreviousYear:
    """Last year's reports by unit and year: a report's 上年 is its own unit's report of
    year − 1 (never another unit's, never the same year's). Small and picklable: workers get it."""

    index: dict[UnitYear, str] = field(default_factory=dict)
    names: UnitNames = field(default_factory=UnitNames)

    @classmethod
    def of(cls, reports: Iterable[Sent], names: UnitNames | None = None) -> PreviousYear:
        """From last year's readable reports (the newest where a unit sent two)."""
        names = names or UnitNames()
        return cls({k: r.file for k, r in by_unit_and_year(reports, names.key).items()}, names)

    def file_for(self, report: Report) -> str | None:
        if not report.agency or report.year is None:
            return None
        return self.index.get((self.names.key(report.agency), report.year - 1))

    def report_for(self, report: Report) -> tuple[Report | None, str]:
        """The 上年 report and its file, or (None, "")."""
        path = self.file_for(report)
        if path is None:
            return None, ""
        try:
            return read_report(path), path
        except ReportError:
            return None, ""  # listed as unreadable where last year's files are read


def check_file(
    path: str, previous: Report | None = None, previous_year: PreviousYear | None = None
) -> FileResult:
    """Read and check one file; never raises for a bad file. The 上年 is `previous`, or the
    report's own unit's report of year − 1 from `previous_year`. Read in the sandbox."""
    try:
        report, notes = load_report(path)
    except ReportError as e:
        return FileResult(path, error=str(e) or "无法读取。")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # the sandbox's own failure (no processes allowed here)
        return FileResult(path, error=READ_CRASH)
    return checked(path, Imported(report, notes), previous, previous_year)


def duplicate_note(file: str, kept: str) -> str:
    """重复报送, naming both files: the same words in check, the 汇总 and the batch window."""
    name = os.path.basename  # as Path.name, without two Paths per file of a large batch
    return words()["notes"]["duplicate"].format(file=name(file), kept=name(kept))


def mark_duplicates(results: Iterable[FileResult], key: Callable[[str], str] = unit_name) -> None:
    """One report per unit and year: each older copy names the file that counts instead."""
    readable = [r for r in results if r.error is None]
    for r in readable:
        r.duplicate_of = None
    found = duplicates(readable, key)
    for r in readable:
        if r.file in found:
            r.duplicate_of = found[r.file].file


def start_checkers(files: int, jobs: int | None = None) -> None:
    """Start the reader children for a batch of `files` now, the checker loaded first where
    they fork (workbook.sandbox): each then reads and checks without importing anything."""
    prestart(_workers(files, jobs), warm=_warm_checker)


def _warm_checker() -> None:
    """The checker's imports and first-call set-up (the current format's plans, the prose
    patterns a blank report does not reach), paid once. An older format's plans (~3 ms) are
    made by a child that meets such a report."""
    from rules import check
    from rules.prose import prepare
    from workbook.model.format import CURRENT_FORMAT

    check(Report.blank(CURRENT_FORMAT))
    prepare()


def _workers(files: int, jobs: int | None) -> int:
    if files < POOL_MIN_FILES:
        return 1
    return max(1, min(jobs if jobs is not None else (os.cpu_count() or 1), files))


def check_paths(
    paths: Sequence[str], previous: Report | None = None, jobs: int | None = None
) -> list[FileResult]:
    """Check many files, in order; several reader children for a large batch on several cores."""
    return list(iter_check(paths, previous, jobs=jobs))


def iter_check(
    paths: Sequence[str],
    previous: Report | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    jobs: int | None = None,
) -> Iterator[FileResult]:
    """One result per file as it is done, in order, until `cancelled()` says stop (the app).
    Each file is read and checked in a reader child (Sandbox.map_then): the checks run on
    every core and only the findings come back."""
    folders = {p for p in paths if os.path.isdir(p)}
    files = [p for p in paths if p not in folders]
    with Sandbox(_workers(len(files), jobs)) as box:
        read = box.map_then(files, partial(checked, previous=previous), cancelled)
        for path in paths:
            if path in folders:
                yield FileResult(path, error=f"文件夹中没有报告文件：{path}")
                continue
            got = next(read, None)
            if got is None or cancelled():
                return
            outcome = got[1]
            yield outcome if isinstance(outcome, FileResult) else checked(path, outcome, previous)

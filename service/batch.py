"""Checking a batch of report files: the one service behind `nianbao check` and the app's 批量检查.

Qt-free, so the command line and the app's worker thread run the same code: one file list, one
result per file. Every file is read in the reading sandbox (workbook.sandbox: warm child
processes with limits on memory and time), so whatever one file does to a reader — a panic, an
abort, runaway memory — becomes that file's Chinese error and the batch goes on. The parent only
checks the reports it gets back (~0.2 ms each) and keeps one small result per file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rules import check
from rules.finding import Finding
from workbook.files import SUPPORTED_OPEN
from workbook.model import severity
from workbook.model.errors import ReportError
from workbook.model.imported import Imported
from workbook.model.report import Report
from workbook.model.values import Note
from workbook.sandbox import Sandbox
from workbook.sandbox import open_contained as open_report

REPORT_EXTENSIONS = SUPPORTED_OPEN  # what a folder is searched for: what workbook.files opens
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

    @property
    def errors(self) -> int:
        """Open (not acknowledged) errors: what decides the exit status."""
        return self.counts()["error"]

    def counts(self) -> dict[str, int]:
        """Open (not acknowledged) findings per severity, most serious first."""
        out = dict.fromkeys(severity.ORDER, 0)
        for f in self.findings:
            if not f.acknowledged:
                out[f.severity] = out.get(f.severity, 0) + 1
        return out


def folder_files(folder: str | Path) -> list[str]:
    """The report files directly in a folder, sorted; Office lock files and hidden files skipped."""
    return sorted(
        str(c)
        for c in Path(folder).iterdir()
        if c.is_file()
        and c.suffix.lower() in REPORT_EXTENSIONS
        and not c.name.startswith(("~$", "."))
    )


def report_files(args: Iterable[str]) -> list[str]:
    """Files to check: a folder stands for the report files in it. A folder without any stays
    in the list, so checking it says so instead of silently checking nothing."""
    out: list[str] = []
    for arg in args:
        if Path(arg).is_dir():
            out.extend(folder_files(arg) or [arg])
        else:
            out.append(arg)
    return out


def load_report(path: str | Path) -> tuple[Report, list[Note]]:
    """Open any report file, contained (workbook.sandbox); ReportError for a bad one."""
    p = Path(path)
    if p.is_dir():
        raise ReportError(f"文件夹中没有报告文件：{p}")
    imported = open_report(p)
    return imported.report, imported.notes


def checked(path: str, read: Imported | ReportError, previous: Report | None) -> FileResult:
    """One file's result from what the sandbox read; never raises for a bad file."""
    if isinstance(read, ReportError):
        return FileResult(path, error=str(read) or "无法读取。")
    report = read.report
    try:
        findings = check(report, previous)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a checker bug must not stop the batch or show a traceback
        return FileResult(path, error=CHECK_CRASH)
    return FileResult(
        path, None, findings, report.agency, report.year, report.format_id, read.notes
    )


def check_file(path: str, previous: Report | None = None) -> FileResult:
    """Read (contained) and check one file; never raises for a bad file."""
    try:
        report, notes = load_report(path)
    except ReportError as e:
        return FileResult(path, error=str(e) or "无法读取。")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # the sandbox's own failure (no processes allowed here)
        return FileResult(path, error=READ_CRASH)
    return checked(path, Imported(report, notes), previous)


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
    """One result per file as it is done, in order, until `cancelled()` says stop (the app)."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(paths) < POOL_MIN_FILES:
        workers = 1
    files = [p for p in paths if not Path(p).is_dir()]
    with Sandbox(min(workers, max(1, len(files)))) as box:
        read = box.map(files, cancelled)
        for path in paths:
            if Path(path).is_dir():
                yield FileResult(path, error=f"文件夹中没有报告文件：{path}")
                continue
            got = next(read, None)
            if got is None or cancelled():
                return
            yield checked(path, got[1], previous)

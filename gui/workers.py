"""Slow work off the GUI thread: checking a folder of reports, with progress and cancel.

The worker only calls workbook.files.open_report and the checker, and reports by signals
(queued into the GUI thread), so the window stays responsive and nothing is shared.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from gui.checking import run_check
from rules.finding import Finding
from workbook.model.errors import ReportError


@dataclass
class FileResult:
    path: str
    error: str | None = None  # Chinese message when the file could not be read
    counts: dict[str, int] = field(default_factory=dict)  # open findings per severity
    agency: str = ""
    year: int | None = None
    format_id: str = ""
    findings: list[Finding] = field(default_factory=list)  # for filtering by severity and table


def report_files(folder: str) -> list[str]:
    """The report files directly in a folder (by the extensions workbook.files opens)."""
    from workbook.files import SUPPORTED_OPEN

    return sorted(
        str(p)
        for p in Path(folder).iterdir()
        if p.is_file() and p.suffix.lower() in SUPPORTED_OPEN and not p.name.startswith("~$")
    )


def check_file(path: str) -> FileResult:
    from workbook.files import open_report

    try:
        report = open_report(path).report
    except ReportError as e:
        return FileResult(path, error=str(e))
    counts = {"error": 0, "warning": 0, "info": 0}
    findings = run_check(report)
    for f in findings:
        if f.acknowledged is None:
            counts[f.severity] += 1
    return FileResult(path, None, counts, report.agency, report.year, report.format_id, findings)


class BatchChecker(QObject):
    """Lives in its own QThread; `start()` checks the files one by one until done or cancelled."""

    progress = Signal(int, int, str)  # done, total, file name
    result = Signal(object)  # FileResult
    finished = Signal(bool)  # cancelled?

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = paths
        self._cancel = threading.Event()
        self.thread = QThread()
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 10_000) -> bool:
        return self.thread.wait(ms)

    def _run(self) -> None:
        total = len(self.paths)
        cancelled = False
        for done, path in enumerate(self.paths):
            if self._cancel.is_set():
                cancelled = True
                break
            self.progress.emit(done, total, Path(path).name)
            self.result.emit(check_file(path))
        else:
            self.progress.emit(total, total, "")
        self.finished.emit(cancelled)
        self.thread.quit()

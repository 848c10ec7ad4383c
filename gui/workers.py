"""Slow work off the GUI thread: checking a folder of reports, with progress and cancel.

The checking itself is service.batch (the same code as `nianbao check`, crash guard included);
this worker only runs it in a QThread and reports by signals (queued into the GUI thread), so
the window stays responsive and nothing is shared.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from service.batch import PreviousYear, check_file
from service.identity import UnitNames
from service.scan import scan_files


class ThreadWorker(QObject):
    """A worker that lives in its own QThread: `start()` runs `_run` there, `cancel()` asks it
    to stop between files, and its signals are queued into the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        # Not `self.thread`: that would hide QObject.thread(), which says where the worker lives.
        self._thread = QThread()
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 10_000) -> bool:
        return self._thread.wait(ms)

    def _run(self) -> None:
        raise NotImplementedError


class BatchChecker(ThreadWorker):
    """Checks the files one by one until done or cancelled; with last year's folder, each
    report against its own unit's report of the year before (service.batch.PreviousYear)."""

    progress = Signal(int, int, str)  # done, total, file name
    result = Signal(object)  # service.batch.FileResult
    finished = Signal(bool)  # cancelled?

    def __init__(
        self, paths: list[str], previous_dir: str = "", names: UnitNames | None = None
    ) -> None:
        super().__init__()
        self.paths, self.previous_dir, self.names = paths, previous_dir, names
        self.previous_unreadable = 0

    def _previous_year(self) -> PreviousYear | None:
        if not self.previous_dir:
            return None
        self.progress.emit(0, len(self.paths), f"上年报告（{Path(self.previous_dir).name}）")
        from service.summarize import figures_of

        last = figures_of(scan_files([self.previous_dir]).files)
        self.previous_unreadable = sum(1 for r in last if r.error)
        return PreviousYear.of([r for r in last if r.error is None], self.names)

    def _run(self) -> None:
        total = len(self.paths)
        cancelled = False
        try:
            previous_year = self._previous_year()
            for done, path in enumerate(self.paths):
                if self._cancel.is_set():
                    cancelled = True
                    break
                self.progress.emit(done, total, Path(path).name)
                # never raises for a bad file
                self.result.emit(check_file(path, previous_year=previous_year))
            else:
                self.progress.emit(total, total, "")
        finally:  # the window must always learn that the batch is over
            self.finished.emit(cancelled)
            self._thread.quit()

"""Autosave to a recovery file shortly after each edit; offer every window's backup after a crash.

The recovery file is the report's JSON (workbook.jsonio), with the path the work belonged to in
a sidecar `.path` file, in the per-user application data folder, both written atomically
(workbook.savefile). A save is scheduled a few seconds after the last edit (debounced), so a
crash loses at most those seconds. A lock file marks a backup as belonging to a running window,
so a second window never offers (or deletes) the first one's work. A backup is removed only
when the work is saved, or after the clerk chose to restore or to discard it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QMessageBox

from gui.document import Document
from workbook.jsonio import dumps_safe, loads_report
from workbook.model.errors import ReportError
from workbook.model.report import Report
from workbook.savefile import write_bytes

if TYPE_CHECKING:
    from gui.main_window import MainWindow

AUTOSAVE_DELAY_MS = 3_000  # after the last edit: typing is not interrupted, little is lost


def recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nianbao") / "recovery"


@dataclass
class Recovered:
    file: Path
    report: Report
    path: str | None  # the file the work belonged to, if it had been saved before
    saved_at: float


def _lock(file: Path) -> QLockFile:
    return QLockFile(str(file) + ".lock")


class Autosaver(QObject):
    def __init__(self, doc: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        folder = recovery_dir()
        folder.mkdir(parents=True, exist_ok=True)
        # 12 random hex digits, as uuid4 gives (uuid would import platform: start-up time)
        self.file = folder / f"recovery-{os.urandom(6).hex()}.json"
        self.lock = _lock(self.file)
        self.lock.tryLock(0)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.autosave)
        doc.undo_stack.indexChanged.connect(self.schedule)
        doc.report_replaced.connect(self.schedule)
        doc.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def schedule(self, *_args: object) -> None:
        """(Re)start the countdown: the backup is written once editing pauses."""
        if self.doc.dirty:
            self.timer.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.timer.stop()
            self.discard()

    def autosave(self) -> bool:
        """Write the recovery file when there is unsaved work; never disturbs the user."""
        if not self.doc.dirty:
            return False
        try:
            text, _ = dumps_safe(self.doc.report)
            write_bytes(self.file.with_suffix(".path"), (self.doc.path or "").encode("utf-8"))
            write_bytes(self.file, text.encode("utf-8"))
        except (OSError, ReportError):
            return False
        return True

    def discard(self) -> None:
        self.file.unlink(missing_ok=True)
        self.file.with_suffix(".path").unlink(missing_ok=True)

    def close(self) -> None:
        self.timer.stop()
        self.discard()
        self.lock.unlock()


def orphans() -> list[Recovered]:
    """Recovery files left by windows that are no longer running, newest first."""
    folder = recovery_dir()
    if not folder.is_dir():
        return []
    found = []
    for file in folder.glob("recovery-*.json"):
        lock = _lock(file)
        if not lock.tryLock(0):
            continue  # a running window owns it
        lock.unlock()
        try:
            report = loads_report(file.read_text(encoding="utf-8"))
            side = file.with_suffix(".path")
            path = side.read_text(encoding="utf-8").strip() if side.exists() else ""
        except Exception:  # a damaged recovery file is simply not offered
            continue
        found.append(Recovered(file, report, path or None, file.stat().st_mtime))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def forget(found: list[Recovered]) -> None:
    for r in found:
        r.file.unlink(missing_ok=True)
        r.file.with_suffix(".path").unlink(missing_ok=True)


def offer_backups(window: MainWindow) -> bool:
    """Offer every backup left by a crash, newest first; True when some was restored. A backup
    is deleted only once the clerk restored or discarded it; "取消" keeps it for the next start."""
    restored = False
    for found in orphans():
        name = Path(found.path).name if found.path else (found.report.agency or "未命名报告")
        answer = QMessageBox.question(
            window,
            "恢复未保存的工作",
            f"上次程序意外关闭前，“{name}”有未保存的修改（已自动备份）。是否恢复？\n\n"
            "选“是”恢复；选“否”删除这份备份；选“取消”暂不处理，下次启动时再问。",
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            target = _window_for(window)
            target.doc.load(found.report, found.path, needs_saving=True)
            if target.autosaver is not None:
                target.autosaver.autosave()  # the work is backed up again before…
            forget([found])  # …the old backup goes
            restored = True
        elif answer == QMessageBox.StandardButton.No:
            forget([found])
    return restored


def _window_for(window: MainWindow) -> MainWindow:
    """`window` while it holds nothing, else a new one (two crashed windows: two)."""
    if not window.doc.dirty and window.doc.path is None:
        return window
    new = type(window)(autosave=window.autosaver is not None)
    window.recovered_windows.append(new)
    new.show()
    return new

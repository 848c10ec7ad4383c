"""Autosave to a recovery file while there are unsaved changes; offer it back after a crash.

The recovery file is the report's JSON (workbook.jsonio), with the path the work belonged to in
a sidecar `.path` file, in the per-user application data folder. A lock file marks it as belonging to a running window, so a
second window never offers (or deletes) the first one's work.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from gui.document import Document
from workbook.jsonio import dumps_report, loads_report
from workbook.model.errors import SaveFailed
from workbook.model.report import Report
from workbook.savefile import atomic_write

AUTOSAVE_MS = 30_000


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
        self.file = folder / f"recovery-{uuid.uuid4().hex[:12]}.json"
        self.lock = _lock(self.file)
        self.lock.tryLock(0)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        doc.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()

    def autosave(self) -> bool:
        """Write the recovery file when there is unsaved work; never disturbs the user."""
        if not self.doc.dirty:
            return False
        try:  # the same atomic, fsynced write as saving: a crash mid-write keeps the last copy
            with atomic_write(self.file.with_suffix(".path")) as f:
                f.write((self.doc.path or "").encode("utf-8"))
            with atomic_write(self.file) as f:
                f.write(dumps_report(self.doc.report).encode("utf-8"))
        except SaveFailed:
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

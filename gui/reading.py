"""Reading a file for the window: in the reading sandbox, off the GUI thread, cancellable.

workbook.sandbox reads the file in a warm child process with limits; here a plain thread waits
for it while the window keeps painting, and after a moment a small window says what is being
read and offers 取消 (which kills the child: the next read gets a fresh one).
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from workbook.model.imported import Imported

if TYPE_CHECKING:
    from gui.ocr_reading import PageCounter

SHOW_AFTER_MS = 400  # a fast read shows no window at all
POLL_MS = 20


def read_contained(
    path: str, parent: QWidget | None = None, pages: PageCounter | None = None
) -> Imported:
    """workbook.sandbox.open_contained(path), with the GUI responsive meanwhile; raises
    ReportError (ReadCancelled when the clerk cancelled). `pages` hears of each page OCR reads
    (in the reading thread) and shows it in the small window (in this one)."""
    if QApplication.instance() is None:  # no window (a script): read directly
        from workbook.sandbox import open_contained

        return open_contained(path)
    return PendingRead(path, pages).wait(parent)


def read_with_progress(parent: QWidget, path: str) -> Imported:
    """Any report file → Imported (ReportError otherwise, ReadCancelled after 取消); a scan
    with 第 N/M 页 as the OCR child reads it."""
    return read_contained(path, parent, _page_counter(path))


def _page_counter(path: str) -> PageCounter:
    from gui.ocr_reading import PageCounter  # only once a file is opened (start-up stays light)

    return PageCounter(Path(path).name)


class _Done(QObject):
    """Lives in the GUI thread: the reading thread's signal reaches it queued, at once."""

    finished = Signal()


class PendingRead:
    """A file being read in the reading sandbox by a plain thread, started now; `wait` takes
    the result in the GUI thread. Started early, the read goes on while the window is built."""

    def __init__(self, path: str, pages: PageCounter | None = None) -> None:
        from workbook.sandbox import open_contained

        self.path = path
        self.started = time.monotonic()
        self.cancel = threading.Event()
        self.outcome: dict[str, object] = {}
        self.done = _Done()

        def work() -> None:
            try:
                self.outcome["imported"] = open_contained(path, self.cancel.is_set, pages)
            except BaseException as e:  # handed to the GUI thread, raised there
                self.outcome["error"] = e
            self.done.finished.emit()  # no waiting for the next look (POLL_MS)

        self.pages = pages
        self.thread = threading.Thread(target=work, name="nianbao-open", daemon=True)
        self.thread.start()

    def wait(self, parent: QWidget | None = None) -> Imported:
        """The imported report (ReportError otherwise); the event loop runs meanwhile, and a
        read that takes a moment gets a small window with 取消."""
        thread, cancel = self.thread, self.cancel
        loop = QEventLoop()
        self.done.finished.connect(loop.quit)
        dialog = QProgressDialog(f"正在读取“{Path(self.path).name}”……", "取消", 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setWindowTitle("打开文件")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        dialog.hide()
        watch = QTimer()
        watch.setInterval(POLL_MS)

        def look() -> None:
            if not thread.is_alive():
                loop.quit()
                return
            try:
                if dialog.wasCanceled():  # the button, Esc, closing the small window
                    cancel.set()
            except RuntimeError:  # the small window went with its parent: stop reading
                cancel.set()
                return
            if self.pages is not None:  # OCR: 第 N/M 页, shown at once
                self.pages.show(dialog)

        watch.timeout.connect(look)
        show = QTimer()
        show.setSingleShot(True)
        show.timeout.connect(lambda: _show(dialog))
        watch.start()
        elapsed_ms = int((time.monotonic() - self.started) * 1000)
        show.start(max(0, SHOW_AFTER_MS - elapsed_ms))
        if thread.is_alive():
            loop.exec()
        watch.stop()
        show.stop()
        with contextlib.suppress(RuntimeError):  # already gone with its parent
            dialog.hide()
            dialog.deleteLater()
        thread.join()
        error = self.outcome.get("error")
        if isinstance(error, BaseException):
            raise error
        imported = self.outcome["imported"]
        assert isinstance(imported, Imported)
        return imported


def start_reading(path: str) -> PendingRead:
    """At start-up, once the window shows: the reader child is started by the GUI thread (so
    on Linux it also ends if the app is killed), and the path sent to it at once. A picture or
    a PDF may be a scan: its OCR child counts pages from now, shown (第 N/M 页, 取消) once the
    window is built and waits for it, as when a scan is opened from the menu."""
    from workbook.sandbox import warm_shared

    # First: the child's start-up is the longest part of opening. Where no child can be
    # started, the read itself falls back to this process (workbook.sandbox).
    with contextlib.suppress(OSError, RuntimeError):
        warm_shared()
    from workbook.files import IMAGE_EXT

    maybe_scan = Path(path).suffix.lower() in (".pdf", *IMAGE_EXT)
    return PendingRead(path, _page_counter(path) if maybe_scan else None)


def warm_reader() -> None:
    """Start the shared reader child once the window shows, so the first open is quick."""
    from workbook.sandbox import warm_shared

    threading.Thread(target=warm_shared, name="nianbao-warm", daemon=True).start()


def _show(dialog: QProgressDialog) -> None:
    with contextlib.suppress(RuntimeError):
        dialog.show()

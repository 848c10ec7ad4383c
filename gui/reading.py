"""Reading a file for the window: in the reading sandbox, off the GUI thread, cancellable.

workbook.sandbox reads the file in a warm child process with limits; here a plain thread waits
for it while the window keeps painting, and after a moment a small window says what is being
read and offers 取消 (which kills the child: the next read gets a fresh one).
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QTimer
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
    from workbook.sandbox import open_contained

    if QApplication.instance() is None:  # no window (a script): read directly
        return open_contained(path)
    cancel = threading.Event()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["imported"] = open_contained(path, cancel.is_set, pages)
        except BaseException as e:  # handed to the GUI thread, raised there
            outcome["error"] = e

    thread = threading.Thread(target=work, name="nianbao-open", daemon=True)
    thread.start()
    loop = QEventLoop()
    dialog = QProgressDialog(f"正在读取“{Path(path).name}”……", "取消", 0, 0, parent)
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
        if pages is not None:
            pages.show(dialog)

    watch.timeout.connect(look)
    show = QTimer()
    show.setSingleShot(True)
    show.timeout.connect(lambda: _show(dialog))
    watch.start()
    show.start(SHOW_AFTER_MS)
    if thread.is_alive():
        loop.exec()
    watch.stop()
    show.stop()
    with contextlib.suppress(RuntimeError):  # already gone with its parent
        dialog.hide()
        dialog.deleteLater()
    thread.join()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    imported = outcome["imported"]
    assert isinstance(imported, Imported)
    return imported


def warm_reader() -> None:
    """Start the shared reader child once the window shows, so the first open is quick."""
    from workbook.sandbox import warm_shared

    threading.Thread(target=warm_shared, name="nianbao-warm", daemon=True).start()


def _show(dialog: QProgressDialog) -> None:
    with contextlib.suppress(RuntimeError):
        dialog.show()

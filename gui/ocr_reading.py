"""Opening a scanned report: OCR takes seconds per page, so it runs off the GUI thread with a
progress dialog (页 N/M) and a 取消 button; every other file opens as before, at once.

The reading itself is workbook.files.open_report (the same as `nianbao convert`); this module
only runs it in a QThread, hands it a per-page progress callback (workbook.importers.sources.ocr's
PAGE_PROGRESS) and waits in a local event loop, so the window keeps painting.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.workers import ThreadWorker
from workbook.importers.sources.ocr import CANCELLED, PAGE_PROGRESS, ImportCancelled, needs_ocr
from workbook.model.errors import ReportError
from workbook.model.imported import Imported

TITLE = "正在识别扫描件"
LABEL = "正在识别“{name}”第 {page}/{pages} 页（文字识别在本机进行，每页需数秒）……"


class OcrReader(ThreadWorker):
    """Reads one file in its own thread; progress per page, cancel between pages."""

    page = Signal(int, int)  # pages done, pages in all
    done = Signal()

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.result: Imported | None = None
        self.error: BaseException | None = None

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            from pathlib import Path

            raise ImportCancelled(CANCELLED.format(name=Path(self.path).name))
        self.page.emit(done, total)

    def _run(self) -> None:
        from workbook.files import open_report

        token = PAGE_PROGRESS.set(self._progress)
        try:
            self.result = open_report(self.path)
        except ReportError as e:
            self.error = e
        finally:
            PAGE_PROGRESS.reset(token)
            self.done.emit()
            self._thread.quit()


class _PageDialog(QObject):
    """Lives in the GUI thread, so the reader's signals reach the dialog queued, never from
    the reading thread (a plain function as the slot would run there, or wait for it)."""

    def __init__(self, dialog: QProgressDialog, name: str, reader: OcrReader) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.name = name
        self.reader = reader

    @Slot()
    def on_cancel(self) -> None:
        """Here, not queued to the reader: its thread is busy reading, not handling events."""
        self.reader.cancel()

    @Slot(int, int)
    def on_page(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(
            LABEL.format(name=self.name, page=min(done + 1, total), pages=total)
        )


def read_with_progress(parent: QWidget, path: str) -> Imported:
    """Any report file → Imported (ReportError otherwise); scans with a progress dialog."""
    if not needs_ocr(path):  # everything else: in the reading sandbox (gui.reading)
        from gui.reading import read_contained

        return read_contained(path, parent)
    from pathlib import Path

    name = Path(path).name
    dialog = QProgressDialog(LABEL.format(name=name, page=1, pages="…"), "取消", 0, 0, parent)
    dialog.setWindowTitle(TITLE)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    reader = OcrReader(path)
    pages = _PageDialog(dialog, name, reader)
    loop = QEventLoop()
    reader.page.connect(pages.on_page)
    reader.done.connect(loop.quit)
    dialog.canceled.connect(pages.on_cancel)
    dialog.show()
    reader.start()
    loop.exec()
    reader.wait()
    dialog.close()
    dialog.deleteLater()
    if reader.error is not None:
        raise reader.error
    assert reader.result is not None
    return reader.result

"""The app's side of scanned reports: page progress while the OCR child reads, and the scan's
own picture beside each cell the clerk should confirm.

Every file is read in the reading sandbox (gui.reading → workbook.sandbox): the usual child
hands a scanned PDF back (NeedsOcr) and a child with OCR's limits reads it, telling the parent
each page it reads (gui.reading shows them with the PageCounter here). Nothing native runs in
the GUI process to decide whether a file is a scan.
取消 kills the child; the window keeps the report it had.
"""

from __future__ import annotations

import base64
import html
import threading

from PySide6.QtWidgets import QProgressDialog

TITLE = "正在识别扫描件"
LABEL = "正在识别“{name}”第 {page}/{pages} 页（文字识别在本机进行，每页需数秒）……"
SNIPPET_CAPTION = "扫描件中的这一行（红框为识别出的数字）："
CONFIRM_HINT = "请对照扫描件核对：相符时按 Alt+M（与原件相符），不符时直接改正数字。"


class PageCounter:
    """Pages the OCR child has read, told from the reading thread and shown by the GUI thread
    (gui.reading polls `show` with its dialog)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._page: tuple[int, int] | None = None
        self._shown: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self._page = (done, total)

    def show(self, dialog: QProgressDialog) -> None:
        with self._lock:
            page = self._page
        if page is None or page == self._shown:
            return
        self._shown = page
        done, total = page
        dialog.setWindowTitle(TITLE)
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(LABEL.format(name=self.name, page=min(done + 1, total), pages=total))
        if not dialog.isVisible():  # OCR takes seconds: no wait before showing it
            dialog.show()


# ---------------------------------------------------------------- the scan beside the cell
def snippet_html(png: bytes, width: int | None = None) -> str:
    """The picture as rich text (tooltips and labels render data URLs); `width` scales it."""
    size = f' width="{width}"' if width else ""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}"{size}>'


def review_tooltip(lines: list[str], png: bytes | None) -> str:
    """The cell's tooltip lines, with the scan's row below them when there is one."""
    if png is None:
        return "\n".join(lines)
    text = "<br>".join(html.escape(line) for line in lines)
    return (
        f"<p style='white-space:pre'>{text}</p><p>{SNIPPET_CAPTION}<br>{snippet_html(png)}</p>"
        f"<p>{html.escape(CONFIRM_HINT)}</p>"
    )

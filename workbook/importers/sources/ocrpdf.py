"""A PDF's pages as pictures, for OCR, when the PDF has no text to read.

PDFium draws each page (a scanned PDF is one picture per page) at the resolution OCR reads best;
the pages are drawn one at a time, so memory holds one page picture, not the whole report.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from workbook.importers.sources.pdfpage import PDFIUM_LOCK
from workbook.model.errors import FileTooLarge, UnreadableFile

DAMAGED = "无法打开“{name}”：文件已损坏或不是PDF文件。"


def has_pictures(data: bytes) -> bool:
    """Any page with an image on it: a scan. A PDF with neither text nor pictures (a form
    drawn with lines only, or a damaged text layer) has nothing OCR could read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return False
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    if any(
                        True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3)
                    ):
                        return True
                finally:
                    page.close()
            return False
        finally:
            document.close()


def render_pages(data: bytes, name: str, dpi: int, most: int) -> list[Callable[[], Any]]:
    """Each page, as a function that draws it (8-bit grey at `dpi`) when it is read."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            raise UnreadableFile(DAMAGED.format(name=name)) from None
        count = len(document)
        document.close()
    if count > most:
        raise FileTooLarge(f"“{name}”有{count}页，不像是一份年度报告。")
    return [partial(_render, data, index, dpi) for index in range(count)]


def _render(data: bytes, index: int, dpi: int) -> Any:
    """One page, drawn no larger than OCR reads (a page as big as a poster is drawn smaller:
    memory holds one page picture of bounded size, whatever the PDF says its page measures)."""
    import pypdfium2 as pdfium

    from workbook.importers.sources.ocrimage import MAX_SIDE

    with PDFIUM_LOCK:  # PDFium is not thread-safe: the document is opened for this page only
        document = pdfium.PdfDocument(data)
        try:
            page = document[index]
            try:
                scale = min(dpi / 72, MAX_SIDE / max(*page.get_size(), 1.0))
                bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
                picture = bitmap.to_numpy().copy()
            finally:
                page.close()
        finally:
            document.close()
    return picture[:, :, 0] if picture.ndim == 3 else picture

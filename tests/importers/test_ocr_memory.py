"""OCR's memory stays bounded whatever a scanned PDF says its pages measure: a page is drawn no
larger than OCR reads (a poster-sized page would otherwise be hundreds of megabytes of picture
before a single word is read). Speed is measured by bench/bench_ocr.py, not here."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from workbook.importers.sources import ocr

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")


def _blank_pdf(*sizes: tuple[float, float]) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def test_a_poster_sized_page_is_drawn_no_larger_than_ocr_reads() -> None:
    from workbook.importers.sources.ocrimage import MAX_SIDE
    from workbook.importers.sources.ocrpdf import render_pages

    a4, poster = (595.0, 842.0), (3000.0, 2000.0)  # points; the poster at 200 dpi: 8333 px wide
    drawn = [draw() for draw in render_pages(_blank_pdf(a4, poster), "scan.pdf", 200, 20)]
    assert drawn[0].shape == (round(842 * 200 / 72), round(595 * 200 / 72))  # A4 as it was
    height, width = drawn[1].shape
    assert width == MAX_SIDE
    assert height == pytest.approx(MAX_SIDE * 2000 / 3000, abs=1)  # same shape, only smaller


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height grey pixels; the picture data is a few bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )


def test_a_picture_of_a_billion_pixels_is_named_too_large_not_damaged(tmp_path: Path) -> None:
    from workbook.files import open_report
    from workbook.model.errors import FileTooLarge

    path = tmp_path / "扫描件.png"
    path.write_bytes(_png_header_only(40_000, 40_000))
    with pytest.raises(FileTooLarge) as refused:
        open_report(path)
    assert "图片过大" in str(refused.value) and "扫描件.png" in str(refused.value)

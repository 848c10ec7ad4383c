"""The app's open dialog offers PDF, Word and every workbook format, and opens them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers import variants as v
from tests.importers.pdfmake import pdf_bytes, report_pages
from tests.importers.wordmake import report_docx
from workbook.model.format import load_format

pytestmark = pytest.mark.gui


def _numbered():
    report = v.numbered(load_format("2021"))
    report.texts = {"overview": ["本年度认真贯彻条例。"], "problems": ["无。"], "other": ["无。"]}
    return report


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_open_a_pdf_or_word_report(window, dialogs, tmp_path: Path, kind: str) -> None:
    report = _numbered()
    if kind == "pdf":
        path = tmp_path / "年报.pdf"
        path.write_bytes(pdf_bytes(report_pages(report)))
    else:
        path = report_docx(report, tmp_path / "年报.docx")
    dialogs.answer("getOpenFileName", (str(path), ""))
    assert window.files.open()
    (_, args), *_ = [c for c in dialogs.calls if c[0] == "getOpenFileName"]
    offered = args[3]
    for pattern in ("*.pdf", "*.docx", "*.doc", "*.wps", "*.xls", "*.ods", "*.et"):
        assert pattern in offered
    assert window.doc.report.values == report.values
    # Not our file: saving asks where, never overwrites the PDF or the Word document.
    assert window.doc.path is None


def test_a_scanned_pdf_says_why_it_cannot_be_opened(window, dialogs, tmp_path: Path) -> None:
    from tests.importers.pdfmake import Page

    path = tmp_path / "扫描件.pdf"
    path.write_bytes(pdf_bytes([Page()]))
    before = dict(window.doc.report.values)
    dialogs.answer("getOpenFileName", (str(path), ""))
    dialogs.answer("warning", None)
    assert not window.files.open()
    (_, args), *_ = [c for c in dialogs.calls if c[0] == "warning"]
    assert "扫描件" in args[2] and "OCR" in args[2]
    assert window.doc.report.values == before

"""PDFs with a text layer, read by where their words are on the page: printed by LibreOffice
from a web page and from our own workbook, and drawn by hand with no ruling lines and every
number before its label (the order that made plain text extraction come back blank)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.reports import same_report
from tests.importers import variants as v
from tests.importers.pdfmake import Page, encrypted_pdf, pdf_bytes, report_pages
from tests.office import convert
from workbook.files import open_report, save_report
from workbook.model.errors import EncryptedFile, NotAReport, UnreadableFile
from workbook.model.report import Report


@pytest.mark.libreoffice
def test_a_web_page_printed_to_pdf_by_libreoffice(numbered: Report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(v.html_page(numbered))
    pdf = convert(page, "pdf:writer_web_pdf_Export", tmp_path)
    imported = open_report(pdf)
    same_report(imported.report, numbered)
    assert imported.source_kind == "PDF"
    assert not [n for n in imported.notes if n.key.startswith(("active.", "requests.", "appeals."))]


@pytest.mark.libreoffice
def test_our_own_workbook_printed_to_pdf(numbered: Report, tmp_path: Path) -> None:
    """Page headers repeat on every page and the issue date is in the metadata lines."""
    source = tmp_path / "ours.xlsx"
    save_report(numbered, source)
    imported = open_report(convert(source, "pdf", tmp_path))
    same_report(imported.report, numbered)
    assert not any(n.key == "meta.issued" for n in imported.notes)


def test_numbers_drawn_before_their_labels_and_no_ruling_lines(
    numbered: Report, tmp_path: Path
) -> None:
    path = tmp_path / "drawn.pdf"
    path.write_bytes(pdf_bytes(report_pages(numbered, numbers_first=True)))
    imported = open_report(path)
    same_report(imported.report, numbered)
    # Labels wrapped over up to five lines were put back together: no label note.
    assert not [n for n in imported.notes if "行标签" in n.message]


def test_blank_cells_stay_blank_and_zero_stays_zero(numbered: Report, tmp_path: Path) -> None:
    numbered.values["requests.new.natural"] = 0
    for key in ("requests.carried_over.research", "active.licensing.decisions"):
        numbered.values[key] = None
    path = tmp_path / "blanks.pdf"
    path.write_bytes(pdf_bytes(report_pages(numbered, numbers_first=False)))
    got = open_report(path).report
    assert got.values["requests.new.natural"] == 0
    assert got.values["requests.carried_over.research"] is None
    assert got.values["active.licensing.decisions"] is None
    # The rest of the row is read: each number placed under its own column.
    for key in ("requests.carried_over.business", "requests.carried_over.nonprofit"):
        assert got.values[key] == numbered.values[key]


def test_a_scanned_pdf_without_text_says_so(tmp_path: Path) -> None:
    page = Page()
    page.line(50, 50, 500, 50)  # a picture of a table has lines but no text
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes([page, Page()]))
    with pytest.raises(NotAReport, match=r"扫描件.*OCR"):
        open_report(path)


def test_password_protected_damaged_and_unrelated_pdfs_are_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypted_pdf())
    with pytest.raises(EncryptedFile, match="密码"):
        open_report(locked)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    with pytest.raises(UnreadableFile):
        open_report(damaged)
    other = Page()
    other.text(72, 72, "会议通知：请各单位于下周一上午九点参加会议。")
    unrelated = tmp_path / "notice.pdf"
    unrelated.write_bytes(pdf_bytes([other]))
    with pytest.raises(NotAReport):
        open_report(unrelated)


def test_convert_and_check_open_a_pdf(numbered: Report, tmp_path: Path, capsys) -> None:
    from cli.main import main
    from workbook.jsonio import loads_report

    path = tmp_path / "drawn.pdf"
    path.write_bytes(pdf_bytes(report_pages(numbered)))
    out = tmp_path / "out.json"
    assert main(["convert", str(path), "-o", str(out)]) == 0
    assert loads_report(out.read_text(encoding="utf-8")).values == numbered.values
    main(["check", str(path)])
    captured = capsys.readouterr()
    assert "无法读取" not in captured.err
    assert "drawn.pdf" in captured.out


def test_a_2019_format_report_in_pdf(numbered_2019: Report, tmp_path: Path) -> None:
    report = numbered_2019
    path = tmp_path / "2019.pdf"
    path.write_bytes(pdf_bytes(report_pages(report)))
    got = open_report(path).report
    assert got.format_id == "2019"
    assert {k: got.values.get(k) for k in report.values} == report.values


@pytest.mark.libreoffice
def test_a_word_report_printed_to_pdf(numbered: Report, tmp_path: Path) -> None:
    """Word's table borders make the cells: merged labels, a blank cell, a row across pages."""
    from tests.importers.wordmake import report_docx

    numbered.values["requests.carried_over.research"] = None
    docx = report_docx(numbered, tmp_path / "report.docx")
    imported = open_report(convert(docx, "pdf", tmp_path))
    same_report(imported.report, numbered)


@pytest.mark.libreoffice
def test_without_borders_a_number_is_never_wrong(numbered: Report, tmp_path: Path) -> None:
    """Borderless, top-aligned, labels wrapped in narrow columns: whatever cannot be placed
    is blank and said, never a wrong number."""
    from tests.importers.wordmake import report_docx

    numbered.values["requests.carried_over.research"] = None
    docx = report_docx(numbered, tmp_path / "report.docx", borders=False)
    imported = open_report(convert(docx, "pdf", tmp_path))
    got = imported.report.values
    wrong = {k: got[k] for k, want in numbered.values.items() if got[k] not in (want, None)}
    assert not wrong
    blank = [k for k, want in numbered.values.items() if got[k] is None and want is not None]
    noted = {n.key for n in imported.notes} | {
        k for n in imported.notes for k in blank if n.key.rsplit(".", 1)[0] == k.rsplit(".", 1)[0]
    }
    assert set(blank) <= noted
    assert len(blank) <= 7 * 3  # at most a few rows of 三 (a wrapped group label) stay blank

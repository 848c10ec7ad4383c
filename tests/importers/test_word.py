"""Word documents: a clerk's report made in Word (merged headers and labels, table 三 split
over two Word tables, blank cells), the same through LibreOffice, and legacy .doc/.wps."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.reports import same_report
from tests.importers import variants as v
from tests.importers.wordmake import report_docx
from tests.office import convert
from workbook.files import open_report
from workbook.importers.sources import word
from workbook.model.errors import EncryptedFile, NotAReport, UnreadableFile
from workbook.model.report import Report


@pytest.mark.parametrize("split_at", [None, 14, 20])
def test_a_word_report_with_merged_cells_and_a_split_table(
    numbered: Report, tmp_path: Path, split_at: int | None
) -> None:
    imported = open_report(report_docx(numbered, tmp_path / "report.docx", split_at=split_at))
    same_report(imported.report, numbered)
    assert imported.source_kind == "Word文档"
    assert not [n for n in imported.notes if n.key.startswith(("active.", "requests.", "appeals."))]


def test_blank_cells_stay_blank(numbered: Report, tmp_path: Path) -> None:
    numbered.values["requests.carried_over.research"] = None
    numbered.values["appeals.cases.review_upheld"] = None
    numbered.values["requests.new.natural"] = 0
    got = open_report(report_docx(numbered, tmp_path / "blank.docx")).report
    assert got.values["requests.carried_over.research"] is None
    assert got.values["appeals.cases.review_upheld"] is None
    assert got.values["requests.new.natural"] == 0
    assert (
        got.values["requests.carried_over.legal"] == numbered.values["requests.carried_over.legal"]
    )


@pytest.mark.libreoffice
def test_a_web_page_saved_as_word_by_libreoffice(numbered: Report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(v.html_page(numbered))
    docx = convert(page, "docx:MS Word 2007 XML", tmp_path)
    same_report(open_report(docx).report, numbered)


@pytest.mark.libreoffice
@pytest.mark.parametrize("ext", [".doc", ".wps"])
def test_legacy_doc_is_converted_through_libreoffice(
    numbered: Report, tmp_path: Path, ext: str
) -> None:
    source = report_docx(numbered, tmp_path / "report.docx")
    doc = convert(source, "doc", tmp_path)
    legacy = doc.with_suffix(ext)
    doc.rename(legacy)
    same_report(open_report(legacy).report, numbered)


def test_without_libreoffice_a_doc_asks_to_be_saved_as_docx(tmp_path: Path, monkeypatch) -> None:
    from tests.helpers.files import compound_file

    monkeypatch.setattr(word.shutil, "which", lambda _name: None)
    legacy = tmp_path / "旧报告.doc"
    legacy.write_bytes(compound_file(["WordDocument", "1Table"]))
    with pytest.raises(UnreadableFile, match=r"另存为.*\.docx"):
        open_report(legacy)


def test_wrong_and_locked_word_files_are_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from tests.helpers.files import compound_file

    locked = tmp_path / "locked.docx"
    locked.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage"]))
    with pytest.raises(EncryptedFile, match="密码"):
        open_report(locked)
    excel = tmp_path / "named.docx"
    Workbook().save(excel)
    with pytest.raises(UnreadableFile, match="Excel"):
        open_report(excel)
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFile):
        open_report(damaged)


def test_a_word_document_that_is_not_a_report_is_refused(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("关于召开年度工作会议的通知")
    doc.add_paragraph("各科室：定于下周一上午九点召开会议，请准时参加。")
    t = doc.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "姓名", "科室"
    path = tmp_path / "notice.docx"
    doc.save(str(path))
    with pytest.raises(NotAReport):
        open_report(path)


def test_a_2019_format_report_in_word(numbered_2019: Report, tmp_path: Path) -> None:
    report = numbered_2019
    got = open_report(report_docx(report, tmp_path / "2019.docx")).report
    assert got.format_id == "2019"
    assert {k: got.values.get(k) for k in report.values} == report.values


def test_table_four_as_three_rows_in_word(numbered: Report, tmp_path: Path) -> None:
    imported = open_report(report_docx(numbered, tmp_path / "r.docx", appeals_3x5=True))
    same_report(imported.report, numbered)
    assert any("三行五列" in n.message for n in imported.notes)

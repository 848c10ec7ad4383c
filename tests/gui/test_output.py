"""Paper and exports: PDF in official layout with findings, preview and print paths, workbooks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.helpers.reports import consistent_report

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing"
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@needs_poppler
def test_export_pdf_draft_has_labels_values_and_findings(window, dialogs, tmp_path):
    report = consistent_report()
    report.values["appeals.cases.review_upheld"] = 7  # review total still 0: an error
    window.doc.load(report, None)
    out = tmp_path / "报告.pdf"
    dialogs.answer("getSaveFileName", (str(out), "校验稿 PDF：带标记和校验结果 (*.pdf)"))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_pdf"].trigger()
    assert out.is_file() and pdf_pages(out) >= 2
    text = pdf_text(out)
    for label in (
        "测试镇人民政府",
        "三、收到和处理政府信息公开申请情况",
        "本年新收政府信息公开申请数量",
        "行政复议",
        "校验结果",
        "填报单位：",
    ):
        assert label in text.replace(" ", ""), label
    finding = next(f for f in window.doc.findings if "appeals.cases.review_total" in f.keys)
    assert finding.message[:12] in text.replace(" ", "").replace("\n", "")
    # Row labels of 三 have room on A4: each prints on one line, not broken into pieces.
    lines = [line.replace(" ", "") for line in text.splitlines()]
    for label in (
        "2.其他法律行政法规禁止公开",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
    ):
        assert any(label in line for line in lines), label


@needs_poppler
def test_export_pdf_clean_copy_has_no_findings_and_a_signature(window, dialogs, tmp_path):
    report = consistent_report()
    report.values["appeals.cases.review_upheld"] = 7
    window.doc.load(report, None)
    out = tmp_path / "正式.pdf"
    dialogs.answer("getSaveFileName", (str(out), "正式文本 PDF (*.pdf)"))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_pdf"].trigger()
    text = pdf_text(out).replace(" ", "")
    assert "校验结果" not in text and "填报单位：" not in text
    finding = next(f for f in window.doc.findings if "appeals.cases.review_total" in f.keys)
    assert finding.message[:12] not in text.replace("\n", "")
    last = text.rstrip().splitlines()
    assert "2025年1月20日" in text and "测试镇人民政府" in "".join(last[-12:])


@needs_poppler
def test_export_word_and_web_page(window, dialogs, tmp_path):
    from workbook.files import open_report

    window.doc.load(consistent_report(), None)
    page = tmp_path / "报告.html"
    dialogs.answer("getSaveFileName", (str(page), "网页 (*.html)"))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_word"].trigger()
    assert open_report(page).report.values == window.doc.report.values
    word = tmp_path / "报告"
    dialogs.answer("getSaveFileName", (str(word), "Word 文档 (*.docx)"))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_word"].trigger()
    assert (tmp_path / "报告.docx").stat().st_size > 10_000


@needs_poppler
def test_print_and_preview_paint_the_report(window, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QComboBox

    report = consistent_report()
    report.values["appeals.cases.review_upheld"] = 7
    window.doc.load(report, None)
    printing = window.printing()
    out = tmp_path / "printed.pdf"
    printing.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printing.printer.setOutputFileName(str(out))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    window.actions_by_name["print"].trigger()
    text = pdf_text(out).replace(" ", "")
    assert "二、主动公开政府信息情况" in text and "校验结果" not in text
    out.unlink()
    window.actions_by_name["print_draft"].trigger()
    assert "校验结果" in pdf_text(out).replace(" ", "")

    shown = []

    def fake_exec(dialog):
        dialog.paintRequested.emit(printing.printer)
        shown.append(pdf_text(out).replace(" ", ""))
        choice = dialog.findChild(QComboBox, "printKind")
        choice.setCurrentIndex(choice.findText("校验稿"))  # repaints the preview
        dialog.paintRequested.emit(printing.printer)
        shown.append(pdf_text(out).replace(" ", ""))
        return 0

    out.unlink()
    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    window.actions_by_name["print_preview"].trigger()
    assert "校验结果" not in shown[0] and "校验结果" in shown[1]


def test_export_checked_workbook_and_template(window, dialogs, tmp_path):
    from workbook.files import open_report

    report = consistent_report()
    report.values["appeals.cases.review_upheld"] = 7
    window.doc.load(report, None)
    checked = tmp_path / "checked.xlsx"
    dialogs.answer("getSaveFileName", (str(checked), ""))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_checked"].trigger()
    assert checked.is_file()
    assert open_report(checked).report.value("appeals.cases.review_upheld") == 7
    import openpyxl

    assert "校验结果" in openpyxl.load_workbook(checked).sheetnames

    template = tmp_path / "template.xlsx"
    dialogs.answer("getSaveFileName", (str(template), ""))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_template"].trigger()
    back = open_report(template).report
    assert all(v is None for v in back.values.values())  # blank, never 0
    assert "warning" not in dialogs.names()


@pytest.mark.parametrize("action", ["export_pdf", "export_word"])
def test_an_export_refused_by_windows_keeps_the_old_file(
    window, dialogs, tmp_path, monkeypatch, action
):
    """The app saves a PDF like everything else (one save with `nianbao export`): a file held
    open in Excel/WPS is refused in one Chinese sentence, the old file and folder untouched."""
    import os

    window.doc.load(consistent_report(), None)
    out = tmp_path / ("报告.pdf" if action == "export_pdf" else "报告.docx")
    out.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    dialogs.answer("getSaveFileName", (str(out), ""))
    dialogs.answer("warning", QMessageBox.StandardButton.Ok)
    window.actions_by_name[action].trigger()
    assert "warning" in dialogs.names() and "information" not in dialogs.names()
    message = str(dialogs.calls[-1][1])
    assert "Excel 或 WPS" in message
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_an_export_over_a_read_only_file_asks_first(window, dialogs, tmp_path):
    window.doc.load(consistent_report(), None)
    out = tmp_path / "只读.pdf"
    out.write_bytes(b"old")
    out.chmod(0o444)
    dialogs.answer("getSaveFileName", (str(out), "正式文本 PDF (*.pdf)"))
    dialogs.answer("question", QMessageBox.StandardButton.No)
    window.actions_by_name["export_pdf"].trigger()
    assert out.read_bytes() == b"old"
    dialogs.answer("getSaveFileName", (str(out), "正式文本 PDF (*.pdf)"))
    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_pdf"].trigger()
    assert out.read_bytes().startswith(b"%PDF")

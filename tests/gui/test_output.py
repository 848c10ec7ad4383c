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
def test_export_pdf_has_pages_labels_values_and_findings(window, dialogs, tmp_path):
    report = consistent_report()
    report.values["appeals.cases.review_upheld"] = 7  # review total still 0: an error
    window.doc.load(report, None)
    out = tmp_path / "报告.pdf"
    dialogs.answer("getSaveFileName", (str(out), ""))
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
def test_print_and_preview_paint_the_report(window, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

    window.doc.load(consistent_report(), None)
    printing = window.printing()
    out = tmp_path / "printed.pdf"
    printing.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printing.printer.setOutputFileName(str(out))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    window.actions_by_name["print"].trigger()
    assert out.is_file() and "二、主动公开政府信息情况" in pdf_text(out).replace(" ", "")

    painted = []

    def fake_exec(dialog):
        dialog.paintRequested.emit(printing.printer)
        painted.append(True)
        return 0

    out.unlink()
    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    window.actions_by_name["print_preview"].trigger()
    assert painted and out.is_file()


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

"""A ruled PDF read by `pdftotext` in its default order (no -layout), pasted as text.

That order follows the PDF's text blocks, not the rows: one cell per line, a row's label
before its block's column headings ("行政事业性收费 / 上一年项目数量 / 本年增/减 / 0 / -20"),
section 四 block by block (行政复议's headings and five numbers, then 行政诉讼's ten) under
headings printed one character per line. Every number must come back, none wrong.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT
from tests.office import convert
from tests.rules.generate import consistent_report
from workbook.importers.sources.text import import_text
from workbook.jsonio import dumps_report
from workbook.model.report import Report
from workbook.xlsx.write.writer import write_report

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler missing")


def _pdftotext(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def _our_pdf(report: Report, tmp_path: Path) -> Path:
    source = tmp_path / "report.json"
    source.write_text(dumps_report(report), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "export", str(source), "-o", str(pdf)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return pdf


def _assert_reads_whole(report: Report, text: str) -> None:
    assert "\n\n" in text and "维\n持" in text  # one cell per line, headings set vertically
    imported = import_text(text)
    assert imported.report.format_id == report.format_id
    got = imported.report.values
    assert {k: got.get(k) for k in report.values} == report.values


@pytest.mark.parametrize(("format_id", "year", "seed"), [("2021", 2024, 5), ("2019", 2020, 5)])
def test_our_clean_pdf_in_pdftotext_order_reads_whole(format_id, year, seed, tmp_path):
    report = consistent_report(seed, format_id, year)
    _assert_reads_whole(report, _pdftotext(_our_pdf(report, tmp_path)))


def test_a_ruled_pdf_with_zeros_and_signed_changes_reads_whole(tmp_path):
    report = consistent_report(8, "2019", 2020)
    fmt = report.format
    for table in ("active", "appeals"):
        for key in (c.key for c in fmt.table_cells(table)):
            if fmt.cell(key).kind == "delta":
                report.values[key] = -abs(report.values[key] or 7)
    _assert_reads_whole(report, _pdftotext(_our_pdf(report, tmp_path)))


@pytest.mark.libreoffice
def test_libreoffice_print_of_our_workbook_in_pdftotext_order_never_a_wrong_number(tmp_path):
    """LibreOffice prints the workbook's 填报单位/报告年度 lines above each table and sets 四's
    headings block by block: 四 comes back whole. Still missed (left blank, noted): 三's last
    three rows, whose labels are printed together before one run of 21 numbers."""
    report = consistent_report(6, "2021", 2024)
    book = tmp_path / "report.xlsx"
    write_report(report, book)
    imported = import_text(_pdftotext(convert(book, "pdf", tmp_path)))
    got = imported.report.values
    wrong = {k: got[k] for k, v in report.values.items() if got.get(k) is not None and got[k] != v}
    assert not wrong
    appeals = [k for k in report.values if k.startswith("appeals.")]
    assert all(got.get(k) == report.values[k] for k in appeals)
    assert sum(got.get(k) == v for k, v in report.values.items()) >= 0.8 * len(report.values)

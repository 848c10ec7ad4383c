"""Markdown written by OCR from a scanned report: 三's columns named 数据1…数据6 (headings it
could not read), a header row invented again in the middle of 三, labels run into one cell.
The invented rows are headings, never numbers: everything reads back, nothing wrong."""

from __future__ import annotations

import pytest

from tests.importers.layouts import ocr_markdown
from tests.rules.generate import consistent_report
from workbook.importers.sources.text import import_text


@pytest.mark.parametrize(("format_id", "year"), [("2021", 2024), ("2019", 2020)])
@pytest.mark.parametrize("names", ["数据{}", "第{}列", "{}"])  # "{}": the header row is 1…6
@pytest.mark.parametrize("invented_at", [0, 5, 12, 20])
def test_ocr_markdown_with_invented_header_rows_reads_back(format_id, year, names, invented_at):
    report = consistent_report(invented_at + 1, format_id, year)
    imported = import_text(ocr_markdown(report, names, invented_at))
    assert imported.report.format_id == format_id
    assert {k: imported.report.values.get(k) for k in report.values} == report.values


def test_a_header_row_one_cell_short_names_no_cell():
    """数据1…数据6 over seven columns (OCR dropped 总计's heading)."""
    report = consistent_report(2)
    text = ocr_markdown(report, "数据{}", 7).replace(" | 总计 |\n|---|", " |\n|---|")
    assert "数据6 |\n" in text
    assert import_text(text).report.values == report.values

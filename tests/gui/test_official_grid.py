"""One official grid: the screen, the saved sheet and the app's print show the same headings.

The 2019 format once said "采购总金额（单位：万元）" on the sheet but "采购总金额" on screen and
paper; the three now draw workbook.model.grid, so any drift shows up here.
"""

from __future__ import annotations

from html.parser import HTMLParser

import openpyxl
import pytest
from PySide6.QtCore import Qt

from gui.document import Document
from gui.table_model import ReportTableModel
from workbook.model.grid import table_grid
from workbook.model.layout import HEADER_ROW, table_layout
from workbook.model.report import Report
from workbook.publish.document import build
from workbook.publish.html import page_html, table_html
from workbook.xlsx.write.writer import write_report

FORMATS = ("2021", "2019")


def _screen(doc: Document, table_id: str) -> list[str]:
    model = ReportTableModel(doc, table_id)
    texts = []
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            cell = model.cell(model.index(r, c))
            if cell is not None and cell.kind != "value":
                shown = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                texts.append(shown.replace("\n", ""))  # tall group labels stand one char a line
    return texts


def _sheet(book: openpyxl.Workbook, report: Report, table_id: str) -> list[str]:
    layout = table_layout(report.format, table_id)
    sheet = book[layout.sheet]
    model_cells = ReportTableModel(Document(report), table_id).grid.cells
    cells = sorted((c for c in model_cells if c.kind != "value"), key=lambda c: (c.row, c.col))
    return [sheet.cell(HEADER_ROW + c.row + 1, c.col + 1).value or "" for c in cells]


class _Cells(HTMLParser):
    """Texts of the printed table's headings and labels (value cells have class "value")."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self._in = "" if ("class", "value") not in attrs else None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._in += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._in is not None:
            self.texts.append(self._in)
        if tag in ("td", "th"):
            self._in = None


def _print(report: Report, table_id: str) -> list[str]:
    parser = _Cells()
    section = next(s for s in build(report).sections if s.id == table_id)
    parser.feed(table_html(section.table))
    return parser.texts


@pytest.mark.parametrize("format_id", FORMATS)
def test_screen_sheet_and_print_show_the_same_headings(qtbot, tmp_path, format_id):
    report = Report.blank(format_id)
    path = tmp_path / f"{format_id}.xlsx"
    write_report(report, path)
    book = openpyxl.load_workbook(path)
    doc = Document(report)
    for table_id in report.format.tables:
        screen = _screen(doc, table_id)
        assert screen == table_grid(report.format, table_id).header_texts(), table_id
        assert _sheet(book, report, table_id) == screen, table_id
        assert _print(report, table_id) == screen, table_id


def test_the_2019_fees_column_names_its_unit_everywhere(qtbot, tmp_path):
    report = Report.blank("2019")
    path = tmp_path / "2019.xlsx"
    write_report(report, path)
    heading = "采购总金额（单位：万元）"
    assert heading in _screen(Document(report), "active")
    assert heading in _sheet(openpyxl.load_workbook(path), report, "active")
    assert heading in _print(report, "active")
    # The unit line above the table is the same on the sheet and on paper.
    sheet = openpyxl.load_workbook(path)[report.format.section("active").sheet]
    assert sheet["A4"].value == "单位：件"
    assert "单位：件" in page_html(build(report))

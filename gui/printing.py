"""The report on paper: official layout as HTML, then QTextDocument → printer or PDF (A4).

Cells with findings are shaded as on screen and the findings are listed at the end, so a printed
draft can be checked at a desk. The table shapes come from workbook.model.grid (the format file).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextLength,
    QTextTable,
)
from PySide6.QtWidgets import QWidget

from gui.checking import worst
from gui.display import format_value
from gui.table_model import HEADER_BG
from rules.finding import Finding
from workbook.model import severity as severities
from workbook.model.format import Format
from workbook.model.grid import HEADER, VALUE, table_grid
from workbook.model.layout import META_FIELDS
from workbook.model.report import Report

MARGINS_MM = QMarginsF(15, 15, 15, 15)
FONT_FAMILIES = ["Microsoft YaHei", "SimSun", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]


def _e(text: object) -> str:
    return html.escape(str(text))


def report_title(report: Report) -> str:
    year = f"{report.year}年" if report.year else ""
    return f"{report.agency}{year}{report.format.title}"


def table_html(report: Report, table_id: str, findings: Sequence[Finding]) -> str:
    fmt = report.format
    grid = table_grid(fmt, table_id)
    widths = print_widths(fmt, table_id)
    total_width = sum(widths)
    by_key: dict[str, list[Finding]] = {}
    for f in findings:
        for k in f.keys:
            by_key.setdefault(k, []).append(f)
    at = grid.at()
    covered = set()
    rows = []
    for r in range(grid.rows):
        cells = []
        for c in range(grid.cols):
            if (r, c) in covered:
                continue
            cell = at.get((r, c))
            if cell is None:
                cells.append("<td></td>")
                continue
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    covered.add((r + dr, c + dc))
            share = 100 * sum(widths[c : c + cell.col_span]) / total_width
            span = f' width="{share:.0f}%"'
            if cell.row_span > 1:
                span += f' rowspan="{cell.row_span}"'
            if cell.col_span > 1:
                span += f' colspan="{cell.col_span}"'
            if cell.kind == VALUE:
                text = format_value(report.value(cell.key))
                f = worst(by_key.get(cell.key, ()))
                colour = (
                    f' bgcolor="{severities.fill(f.severity, f.acknowledged is not None)}"'
                    if f
                    else ""
                )
                cells.append(f'<td align="right"{span}{colour}>{_e(text)}</td>')
            elif cell.kind == HEADER:
                cells.append(
                    f'<td align="center"{span} bgcolor="{HEADER_BG}"><b>{_e(cell.text)}</b></td>'
                )
            else:
                cells.append(f"<td{span}>{_e(cell.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table border="1" cellspacing="0" cellpadding="3" width="100%" '
        'style="border-collapse: collapse; font-size: 8pt;">' + "".join(rows) + "</table>"
    )


def report_html(report: Report, findings: Sequence[Finding] = ()) -> str:
    """The whole report: title, identity lines, every section, then the findings."""
    fmt = report.format
    parts = [f'<h2 align="center">{_e(report_title(report))}</h2>']
    issued = report.issued.isoformat() if report.issued else "未填"
    shown = {"agency": report.agency or "未填", "year": report.year or "未填", "issued": issued}
    identity = "　　".join(f"{f.label}：{_e(shown[f.id])}" for f in META_FIELDS if f.id in shown)
    parts.append(f'<p align="center">{identity}</p>')
    for section in fmt.sections:
        parts.append(f"<h3>{_e(section.title)}</h3>")
        if section.kind == "text":
            paragraphs = report.texts.get(section.id, [])
            if not paragraphs:
                parts.append('<p style="color:#888">（未填写）</p>')
            for p in paragraphs:
                parts.append(f'<p style="text-indent: 2em; line-height: 150%;">{_e(p)}</p>')
        else:
            unit_line = table_grid(fmt, section.id).unit_line
            parts.append(f'<p style="font-size: 8pt;">{_e(unit_line)}</p>')
            parts.append(table_html(report, section.id, findings))
    parts.append(findings_html(findings))
    return "<html><body>" + "".join(parts) + "</body></html>"


def findings_html(findings: Sequence[Finding]) -> str:
    if not findings:
        return '<h3>校验结果</h3><p style="color:#1e7b34">未发现问题。</p>'
    items = []
    for severity in severities.ORDER:
        for f in findings:
            if f.severity != severity:
                continue
            done = f"（已确认：{_e(f.acknowledged)}）" if f.acknowledged else ""
            items.append(f"<li>【{_e(f.severity_label)}】{_e(f.message)}{done}</li>")
    return "<h3>校验结果</h3><ol>" + "".join(items) + "</ol>"


def build_document(report: Report, findings: Sequence[Finding] = ()) -> QTextDocument:
    doc = QTextDocument()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    doc.setDefaultFont(font)
    doc.setHtml(report_html(report, findings))
    _fix_column_widths(doc, report)
    return doc


# On an A4 page the row labels need a larger share than on screen: value columns hold at most
# a few digits, while "2.其他法律行政法规禁止公开" should stay on one or two lines.
PRINT_WIDTHS = {"blocks": ((170,), 130), "grid": ((36, 70, 215), 52), "strip": ((), 64)}


def print_widths(fmt: Format, table_id: str) -> list[int]:
    """Relative column widths of a table on paper."""
    grid = table_grid(fmt, table_id)
    labels, value = PRINT_WIDTHS[grid.shape]
    return [labels[c] if c < len(labels) else value for c in range(grid.cols)]


def _fix_column_widths(doc: QTextDocument, report: Report) -> None:
    """Qt's HTML tables ignore widths on spanning cells; set each table's columns directly."""
    fmt = report.format
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    for table, section in zip(tables, fmt.table_sections, strict=False):
        widths = print_widths(fmt, section.id)
        if table.columns() != len(widths):
            continue
        total = sum(widths)
        table_format = table.format()
        table_format.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, 100 * w / total) for w in widths]
        )
        table.setFormat(table_format)


def write_pdf(report: Report, findings: Sequence[Finding], path: str) -> None:
    """An A4 PDF of the report (raises OSError-free: QPdfWriter reports failure by an empty file)."""
    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(report_title(report))
    writer.setCreator("年报工作台")
    document = build_document(report, findings)
    document.print_(writer)


class Printing:
    """Print preview and printing; holds its printer so dialogs never see a dead one."""

    def __init__(self, parent: QWidget) -> None:
        from PySide6.QtPrintSupport import QPrinter

        self.parent = parent
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self.printer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
        self._document: QTextDocument | None = None

    def _paint(self, printer: object, report: Report, findings: Sequence[Finding]) -> None:
        self._document = build_document(report, findings)
        self._document.print_(printer)

    def preview(self, report: Report, findings: Sequence[Finding]) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        dialog = QPrintPreviewDialog(self.printer, self.parent)
        dialog.setWindowTitle("打印预览")
        dialog.resize(QSizeF(900, 1000).toSize())
        dialog.paintRequested.connect(lambda p: self._paint(p, report, findings))
        dialog.exec()

    def print(self, report: Report, findings: Sequence[Finding]) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(self.printer, self.parent)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        self._paint(self.printer, report, findings)
        return True

"""Clerks' own workbooks, made with openpyxl: each table on its own sheet or split over several,
table 四 as three rows × five columns or transposed, header labels with spaces inside, label
text in merged cells, whole tables transposed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from workbook.model.report import Report

SPACED = {"自然人": "自 然 人", "商业企业": "商业 企业", "科研机构": "科研 机构", "总计": "总  计"}


def _val(report: Report, key: str) -> object:
    v = report.values[key]
    return float(v) if isinstance(v, Decimal) else v


def _label(text: str, spaced: bool) -> str:
    return SPACED.get(text, text) if spaced else text


def _put(ws: Worksheet, rows: list[list[object]], transpose: bool, top: int = 1) -> None:
    if transpose:
        width = max(len(r) for r in rows)
        rows = [[r[i] if i < len(r) else None for r in rows] for i in range(width)]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(top + i, 1 + j, v)


def active_rows(report: Report) -> list[list[object]]:
    table = report.format.tables["active"]
    rows: list[list[object]] = []
    for block in table.blocks:
        rows.append([block.title])
        rows.append([table.row_header, *(c.label for c in block.columns)])
        for row in block.rows:
            rows.append(
                [row.label, *(_val(report, f"active.{row.id}.{c.id}") for c in block.columns)]
            )
    return rows


def requests_rows(report: Report, spaced: bool) -> list[list[object]]:
    table = report.format.tables["requests"]
    cols = table.blocks[0].columns
    rows: list[list[object]] = [
        [table.note, None, None, table.column_header],
        [
            None,
            None,
            None,
            _label(cols[0].label, spaced),
            cols[1].group,
            None,
            None,
            None,
            None,
            _label(cols[6].label, spaced),
        ],
        [None, None, None, None, *(_label(c.label, spaced) for c in cols[1:6])],
    ]
    for row in table.rows:
        label = [row.group or row.label, row.subgroup or None, row.label if row.group else None]
        if row.group and not row.subgroup:
            label = [row.group, row.label, None]
        rows.append([*label, *(_val(report, f"requests.{row.id}.{c.id}") for c in cols)])
    return rows


def appeals_grid(report: Report, *, transpose: bool) -> list[list[object]]:
    """四 as 3 rows (行政复议 / 未经复议直接起诉 / 复议后起诉) × 5 result columns."""
    table = report.format.tables["appeals"]
    cols = table.blocks[0].columns
    rid = table.rows[0].id
    rows: list[list[object]] = [[None, None, *(c.label for c in cols[:5])]]
    for k in range(3):
        part = cols[5 * k : 5 * k + 5]
        group = "行政复议" if k == 0 else part[0].group
        name = part[0].subgroup or None
        rows.append([group, name, *(_val(report, f"appeals.{rid}.{c.id}") for c in part)])
    if transpose:
        rows = [[r[i] for r in rows] for i in range(len(rows[0]))]
    return rows


def clerk_workbook(
    report: Report,
    path: Path,
    *,
    appeals: str = "3x5",  # "3x5", "5x3" or "strip" (the official one-row layout)
    split_requests: bool = False,
    spaced: bool = False,
    merged_labels: bool = False,
    transpose_tables: bool = False,
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "主动公开"
    ws.cell(1, 1, f"{report.agency}{report.year}年政府信息公开工作年度报告")
    ws.cell(2, 1, report.format.section("active").title)
    _put(ws, active_rows(report), transpose_tables, top=3)
    rows = requests_rows(report, spaced)
    parts = [rows[:17], rows[17:]] if split_requests else [rows]
    for n, part in enumerate(parts):
        ws = wb.create_sheet(f"依申请公开{'（续）' if n else ''}")
        ws.cell(1, 1, report.format.section("requests").title + ("（续）" if n else ""))
        _put(ws, part, transpose_tables, top=2)
        if merged_labels and n == 0 and not transpose_tables:
            ws.merge_cells(start_row=2, start_column=1, end_row=4, end_column=3)
            ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=10)
            ws.merge_cells(start_row=3, start_column=5, end_row=3, end_column=9)
            for r in range(5, 7):  # 一、本年新收… across the three label columns
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws = wb.create_sheet("复议诉讼")
    ws.cell(1, 1, report.format.section("appeals").title)
    if appeals == "strip":
        cols = report.format.tables["appeals"].blocks[0].columns
        rid = report.format.tables["appeals"].rows[0].id
        _put(
            ws,
            [
                [c.group for c in cols],
                [c.label for c in cols],
                [_val(report, f"appeals.{rid}.{c.id}") for c in cols],
            ],
            False,
            top=2,
        )
    else:
        grid = appeals_grid(report, transpose=appeals == "5x3")
        _put(ws, grid, False, top=2)
        if merged_labels and appeals == "3x5":
            ws.merge_cells(start_row=4, start_column=1, end_row=5, end_column=1)  # 行政诉讼
            ws.cell(4, 1, "行政诉讼")
    wb.save(path)
    return path

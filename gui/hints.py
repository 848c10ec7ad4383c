"""Last year's figures beside this year's cells, where comparing them helps the clerk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbook.model.format import cell_key
from workbook.model.values import format_value

if TYPE_CHECKING:
    from gui.document import Document

# This year's row whose figures continue a row of last year's report (上年结转 = 上年结转下年度).
# Shown as a hint only; the cross-year rule itself lives in rules/.
CARRIED_FROM = {"carried_over": "carry_forward"}


def previous_hint(doc: Document, key: str) -> str:
    """A line like "上年报告：结转下年度继续办理 5" or "" without a previous report."""
    prev = doc.previous
    if prev is None:
        return ""
    if not doc.report.format.has_cell(key):
        return ""
    cell = doc.report.format.cell(key)
    source = cell_key(cell.table, CARRIED_FROM.get(cell.row_id, cell.row_id), cell.col_id)
    fmt = prev.format
    if not fmt.has_cell(source):
        return ""
    label = fmt.cell(source).row_label or fmt.cell(source).col_label
    shown = format_value(prev.value(source)) or "空白"
    return f"上年报告（{prev.year or ''}）{label}：{shown}"

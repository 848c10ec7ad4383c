"""Naming a cell the way a clerk reads the printed table: row label／column label."""

from __future__ import annotations

from workbook.model.format import Format


def describe(fmt: Format, key: str) -> str:
    """E.g. "三、（三）不予公开1.属于国家秘密／自然人", "四、行政诉讼·复议后起诉·总计"."""
    if not key or not fmt.has_cell(key):
        return key
    cell = fmt.cell(key)
    number = fmt.section(cell.table).number
    table = fmt.tables[cell.table]
    block = table.blocks[cell.block]
    column = block.columns[cell.col - 1]
    col = "·".join(x for x in (column.group, column.subgroup, column.label) if x)
    row = next(r for r in block.rows if r.id == cell.row_id)
    label = f"{row.subgroup}{row.label}" if row.subgroup else row.label
    if not label:
        return f"{number}、{col}"
    return f"{number}、{label}／{col}"

"""The official layout of one table as a grid of spans: what the on-screen table and print share.

Value cells sit where workbook.model.layout puts them in the saved sheet (minus the four title rows),
so the clerk sees the same shape on screen, on paper and in Excel. Labels and headers come from
the format file; nothing here is typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from workbook.model.format import Column, Format, Row, cell_key
from workbook.model.layout import HEADER_ROW, table_layout

HEADER = "header"  # column headings, block titles, the note in the corner
LABEL = "label"  # row labels (and their group / subgroup labels)
VALUE = "value"  # an editable value cell


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    kind: str  # HEADER | LABEL | VALUE
    text: str = ""
    key: str = ""  # VALUE cells only
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class Grid:
    table_id: str
    rows: int
    cols: int
    label_cols: int
    cells: tuple[GridCell, ...]  # only the top-left cell of each span

    def at(self) -> dict[tuple[int, int], GridCell]:
        return {(c.row, c.col): c for c in self.cells}

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        return {c.key: (c.row, c.col) for c in self.cells if c.kind == VALUE}


def _merge_runs(items: list[str]) -> list[tuple[int, int, str]]:
    """(start, length, text) for runs of equal non-empty neighbours."""
    runs: list[tuple[int, int, str]] = []
    start = 0
    while start < len(items):
        end = start
        while end + 1 < len(items) and items[end + 1] == items[start]:
            end += 1
        if items[start]:
            runs.append((start, end - start + 1, items[start]))
        start = end + 1
    return runs


def _column_headers(
    columns: tuple[Column, ...], first_col: int, column_header: str
) -> tuple[list[GridCell], int]:
    """Header cells over value columns: [column header] / [group] / [subgroup] / label."""
    levels: list[list[str]] = []
    if column_header:
        levels.append([column_header] * len(columns))
    if any(c.group for c in columns):
        levels.append([c.group for c in columns])
    if any(c.subgroup for c in columns):
        levels.append([c.subgroup for c in columns])
    n_rows = len(levels) + 1
    cells: list[GridCell] = []
    for level, items in enumerate(levels):
        for start, length, text in _merge_runs(items):
            cells.append(GridCell(level, first_col + start, HEADER, text, col_span=length))
    for i, c in enumerate(columns):
        # The label reaches up through the levels this column has nothing in.
        top = n_rows - 1
        while top > 0 and not levels[top - 1][i]:
            top -= 1
        cells.append(GridCell(top, first_col + i, HEADER, c.label, row_span=n_rows - top))
    return cells, n_rows


def _row_labels(rows: tuple[Row, ...], first_row: int, label_cols: int) -> list[GridCell]:
    """Row labels with their group (三、本年度办理结果) and subgroup (（三）不予公开) merged down."""
    cells: list[GridCell] = []
    if label_cols == 0:
        return cells
    groups = [r.group for r in rows]
    subgroups = [r.subgroup for r in rows]
    for start, length, text in _merge_runs(groups):
        cells.append(GridCell(first_row + start, 0, LABEL, text, row_span=length))
    if label_cols >= 3:
        for start, length, text in _merge_runs(subgroups):
            cells.append(GridCell(first_row + start, 1, LABEL, text, row_span=length))
    for i, r in enumerate(rows):
        col = 0
        if r.group:
            col = 1
            if r.subgroup and label_cols >= 3:
                col = 2
        cells.append(GridCell(first_row + i, col, LABEL, r.label, col_span=label_cols - col))
    return cells


@cache
def table_grid(fmt: Format, table_id: str) -> Grid:
    """The grid of one table (section 二, 三 or 四) in official layout."""
    layout = table_layout(fmt, table_id)
    table = layout.table
    pos = {k: (r - HEADER_ROW, c) for k, (r, c) in layout.positions.items()}
    cells: list[GridCell] = []
    if layout.shape == "blocks":
        for block, title_row in zip(table.blocks, layout.block_rows, strict=True):
            top = title_row - HEADER_ROW
            cells.append(GridCell(top, 0, HEADER, block.title, col_span=layout.width))
            cells.append(GridCell(top + 1, 0, HEADER, table.row_header or ""))
            spare = layout.width - 1 - len(block.columns)
            for i, c in enumerate(block.columns):
                span = 1 + spare if i == len(block.columns) - 1 else 1
                cells.append(GridCell(top + 1, 1 + i, HEADER, c.label, col_span=span))
            for r in block.rows:
                row = pos[cell_key(table.id, r.id, block.columns[0].id)][0]
                cells.append(GridCell(row, 0, LABEL, r.label))
                for i, c in enumerate(block.columns):
                    key = cell_key(table.id, r.id, c.id)
                    span = 1 + spare if i == len(block.columns) - 1 else 1
                    cells.append(GridCell(*pos[key], VALUE, key=key, col_span=span))
    else:
        columns = table.blocks[0].columns
        header_cells, n_header = _column_headers(
            columns, layout.label_cols, table.column_header if layout.shape == "grid" else ""
        )
        assert n_header == layout.header_rows, "grid header disagrees with workbook layout"
        cells.extend(header_cells)
        if layout.label_cols:
            cells.append(
                GridCell(
                    0,
                    0,
                    HEADER,
                    table.note,
                    row_span=n_header,
                    col_span=layout.label_cols,
                )
            )
        cells.extend(_row_labels(table.rows, n_header, layout.label_cols))
        for key, (r, c) in pos.items():
            cells.append(GridCell(r, c, VALUE, key=key))
    rows = max(c.row + c.row_span for c in cells)
    return Grid(table_id, rows, layout.width, layout.label_cols, tuple(cells))


# Column widths (pixels at the default font) per layout shape: label columns, value columns.
# Shared by the screen and the printout so both look like the official form.
WIDTHS = {
    "blocks": ((170,), 130),
    "grid": ((40, 72, 300), 72),
    "strip": ((), 64),
}


def column_widths(fmt: Format, table_id: str) -> list[int]:
    layout = table_layout(fmt, table_id)
    labels, value = WIDTHS[layout.shape]
    return [labels[c] if c < len(labels) else value for c in range(layout.width)]

"""The official grid of a table (spans, kinds, keys), as the publication needs it.

This is the one adapter between publishing and the table layout: the header and row-label spans
come from the workbook writer (`header_spans`, `column_label`) and the value positions from
`workbook.model.layout`, so the printed, Word and web tables have the saved sheet's shape.
When the core's own official grid lands, only this module changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from workbook.model.format import Format, cell_key
from workbook.model.layout import HEADER_ROW, table_layout
from workbook.xlsx.write.tables import column_label, header_spans

HEADER = "header"  # column headings, block titles, the note in the corner
LABEL = "label"  # row labels and their group labels
VALUE = "value"  # a number


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    kind: str
    text: str = ""
    key: str = ""
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class Grid:
    table_id: str
    rows: int
    cols: int
    label_cols: int
    header_rows: int  # rows repeated when the table breaks (0: blocks, each kept whole)
    blocks: tuple[tuple[int, int], ...]  # (first row, last row) of each part kept on one page
    widths: tuple[float, ...]  # relative column widths on paper
    cells: tuple[GridCell, ...]  # top-left cell of each span, in reading order


# On paper the row labels need a larger share than on screen: value columns hold a few digits
# while "2.其他法律行政法规禁止公开" should stay on one or two lines.
_WIDTHS = {"blocks": ((170,), 130), "grid": ((30, 62, 200), 50), "strip": ((), 64)}


def _widths(shape: str, width: int, label_cols: int) -> tuple[float, ...]:
    labels, value = _WIDTHS[shape]
    if shape == "grid" and label_cols == 2:
        labels = (60, 230)
    return tuple(float(labels[c] if c < len(labels) else value) for c in range(width))


def _stack(*levels: str) -> tuple[str, ...]:
    return tuple(x for x in levels if x) or ("",)


@cache
def table_grid(fmt: Format, table_id: str) -> Grid:
    """The grid of section 二, 三 or 四 in the official layout (row 0 = first header row)."""
    layout = table_layout(fmt, table_id)
    table = layout.table
    cells: list[GridCell] = []
    last = layout.width - 1
    if layout.shape == "blocks":
        blocks = []
        for block, title_row in zip(table.blocks, layout.block_rows, strict=True):
            top = title_row - HEADER_ROW
            cells.append(GridCell(top, 0, HEADER, block.title, col_span=layout.width))
            cells.append(GridCell(top + 1, 0, HEADER, table.row_header))
            for row_index, row in enumerate([None, *block.rows]):
                r = top + 1 + row_index
                if row is not None:
                    cells.append(GridCell(r, 0, LABEL, row.label))
                for i, column in enumerate(block.columns):
                    span = layout.width - 1 - i if i == len(block.columns) - 1 else 1
                    if row is None:
                        text = column_label(table, column)
                        cells.append(GridCell(r, 1 + i, HEADER, text, col_span=span))
                    else:
                        key = cell_key(table.id, row.id, column.id)
                        cells.append(GridCell(r, 1 + i, VALUE, key=key, col_span=span))
            blocks.append((top, top + 1 + len(block.rows)))
        rows = blocks[-1][1] + 1
        widths = _widths(layout.shape, layout.width, 1)
        return Grid(table.id, rows, layout.width, 1, 0, tuple(blocks), widths, tuple(cells))
    columns = table.blocks[0].columns
    lc = layout.label_cols
    n_header = layout.header_rows
    if lc:
        text = table.note or table.row_header
        cells.append(GridCell(0, 0, HEADER, text, row_span=n_header, col_span=lc))
    level_top = 0
    if table.column_header:
        cells.append(GridCell(0, lc, HEADER, table.column_header, col_span=last - lc + 1))
        level_top = 1
    stacks = [_stack(c.group, c.subgroup, column_label(table, c)) for c in columns]
    for s in header_spans(stacks, n_header - level_top):
        r0, c0 = level_top + s.level_first, lc + s.item_first
        rs, cs = s.level_last - s.level_first + 1, s.item_last - s.item_first + 1
        cells.append(GridCell(r0, c0, HEADER, s.text, row_span=rs, col_span=cs))
    if lc:
        row_stacks = [_stack(r.group, r.subgroup, r.label) for r in table.rows]
        for s in header_spans(row_stacks, lc):
            rs, cs = s.item_last - s.item_first + 1, s.level_last - s.level_first + 1
            r0 = n_header + s.item_first
            cells.append(GridCell(r0, s.level_first, LABEL, s.text, row_span=rs, col_span=cs))
    for key, (r, c) in layout.positions.items():
        cells.append(GridCell(r - HEADER_ROW, c, VALUE, key=key))
    cells.sort(key=lambda c: (c.row, c.col))
    rows = max(c.row + c.row_span for c in cells)
    widths = _widths(layout.shape, layout.width, lc)
    return Grid(table.id, rows, layout.width, lc, n_header, ((0, rows - 1),), widths, tuple(cells))

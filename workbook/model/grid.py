"""The official grid of each table: the one drawing the sheet, the screen and the print share.

From the format file alone, per table (section 二, 三 or 四): the header cells with their spans,
the row labels with their group labels, where each value cell sits, the column widths and the
unit line. The workbook writer draws it on the sheet, the readers look for its labels, the app
shows it as a table and prints it — so a header reads the same everywhere (2019's 采购总金额 is
"采购总金额（单位：万元）" in every one of them).

Coordinates are 0-based with row 0 the first header line, which is sheet row
layout.HEADER_ROW (the four title lines above belong to the sheet only); column 0 is column A.
Value positions equal workbook.model.layout's positions minus HEADER_ROW rows, which saved files
depend on, so that module stays the authority on where values are and this one agrees with it.

Usage::

    grid = table_grid(fmt, "requests")
    for cell in grid.cells:          # top-left cell of every span, headers, labels and values
        ...cell.row, cell.col, cell.row_span, cell.col_span, cell.kind, cell.text, cell.key
    grid.positions["requests.new.total"]  # (row, col) of a value cell
    grid.widths                      # column widths in Excel character units
    grid.unit_line                   # "单位：件", the line above the table
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from workbook.model.format import Column, Format, Table, cell_key
from workbook.model.layout import HEADER_ROW, table_layout

# What a cell is (how the app treats it) ...
HEADER = "header"  # column headings, block titles, the note in the corner
LABEL = "label"  # row labels and their group / subgroup labels
VALUE = "value"  # a value cell: editable on screen, unlocked in the template

# ... and, finer, how it is drawn (the writer's cell styles have the same names).
TITLE_ROLE = "block_title"  # a 第二十条 block's title line (section 二)
HEADER_ROLE = "header"  # a column heading, or the 信息内容 corner of a block
NOTE_ROLE = "note"  # the corner note over the row labels (三, 四)
GROUP_ROLE = "group"  # a row label over several rows (三、本年度办理结果, （三）不予公开)
LABEL_ROLE = "label"  # the label of one row
VALUE_ROLE = "value"

# Column widths in Excel character units, by table shape. Chosen so the tables print one page
# wide at a readable size: 二 portrait, 三 and 四 landscape. The screen and the app's print use
# the same proportions (see `pixels`).
_BLOCK_WIDTHS = (24.0, 18.0)  # label column, value columns
_GRID_LABEL_WIDTHS = {3: (7.0, 11.0, 40.0), 2: (10.0, 48.0)}
_GRID_VALUE_WIDTH = 9.5
_STRIP_VALUE_WIDTH = 8.5


@dataclass(frozen=True)
class GridCell:
    """The top-left cell of one span of the grid."""

    row: int
    col: int
    kind: str  # HEADER | LABEL | VALUE
    role: str  # *_ROLE: how it is drawn
    text: str = ""  # headers and labels; "" for values
    key: str = ""  # VALUE cells only: the format's cell key
    row_span: int = 1
    col_span: int = 1

    @property
    def last_row(self) -> int:
        return self.row + self.row_span - 1

    @property
    def last_col(self) -> int:
        return self.col + self.col_span - 1


@dataclass(frozen=True, eq=False)
class Grid:
    """One table in official layout. `cells` holds the top-left cell of every span; together
    they cover every (row, col) of the rows × cols rectangle exactly once."""

    table: Table
    shape: str  # "blocks" (二) | "grid" (三) | "strip" (四): Table.shape
    rows: int
    cols: int
    label_cols: int  # columns before the first value column
    header_rows: int  # header lines above the first data row (0 for blocks: each has its own)
    cells: tuple[GridCell, ...]
    widths: tuple[float, ...]  # per column, Excel character units
    unit_line: str  # "单位：件": the table's unit, written above it

    @property
    def table_id(self) -> str:
        return self.table.id

    def at(self) -> dict[tuple[int, int], GridCell]:
        """Cells by their top-left (row, col)."""
        return {(c.row, c.col): c for c in self.cells}

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        """(row, col) of every value cell by key."""
        return {c.key: (c.row, c.col) for c in self.cells if c.kind == VALUE}

    def heading_of(self, row: int, col: int) -> GridCell | None:
        """The column heading a value cell sits under: the lowest heading above it that covers
        its column (a block's heading line in 二, the column's own label in 三 and 四)."""
        best: GridCell | None = None
        for c in self.cells:
            if (
                c.role == HEADER_ROLE
                and c.col <= col <= c.last_col
                and c.last_row < row
                and (best is None or c.row > best.row)
            ):
                best = c
        return best

    def label_of(self, row: int) -> GridCell | None:
        """The label of a data row (None in a strip, whose one row has no label)."""
        return next((c for c in self.cells if c.role == LABEL_ROLE and c.row == row), None)

    def header_texts(self) -> list[str]:
        """Every heading and label, top to bottom, left to right (what a reader sees)."""
        cells = sorted((c for c in self.cells if c.kind != VALUE), key=lambda c: (c.row, c.col))
        return [c.text for c in cells]

    def pixels(self, per_unit: float = 7.0, padding: int = 5) -> list[int]:
        """Column widths in pixels, as Excel converts character units (7 px per unit plus a
        little padding at the default font); pass `per_unit` to scale for another font."""
        return [round(w * per_unit) + padding for w in self.widths]


def column_label(table: Table, column: Column) -> str:
    """The column's official heading, with its unit when it differs from the table's and the
    label does not already say it (2019: 采购总金额 is in 万元 while the table counts 件)."""
    if column.unit != table.unit and column.unit not in column.label:
        return f"{column.label}（单位：{column.unit}）"
    return column.label


@dataclass(frozen=True)
class _Span:
    """One nested label over levels first..last and items first..last."""

    text: str
    level_first: int
    level_last: int
    item_first: int
    item_last: int


def _spans(stacks: list[tuple[str, ...]], depth: int) -> list[_Span]:
    """Nested labels (group, subgroup, label) laid out over `depth` levels.

    Used for column headings (items = columns, levels = header lines) and for row labels
    (items = rows, levels = label columns). Equal leading labels of neighbouring items merge;
    an item's own label fills the levels below it.
    """
    spans: list[_Span] = []
    for level in range(depth):
        i = 0
        while i < len(stacks):
            stack = stacks[i]
            if level >= len(stack):
                i += 1
                continue
            if level == len(stack) - 1:
                spans.append(_Span(stack[level], level, depth - 1, i, i))
                i += 1
                continue
            j = i
            while (
                j + 1 < len(stacks)
                and len(stacks[j + 1]) > level + 1
                and stacks[j + 1][: level + 1] == stack[: level + 1]
            ):
                j += 1
            spans.append(_Span(stack[level], level, level, i, j))
            i = j + 1
    return spans


def _stack(group: str, subgroup: str, label: str) -> tuple[str, ...]:
    """The nesting of a heading or row label, outermost first, without empty levels."""
    return tuple(x for x in (group, subgroup, label) if x) or ("",)


def _blocks(table: Table, width: int, block_rows: tuple[int, ...]) -> list[GridCell]:
    """Section 二: per block a title line, a heading line (信息内容 | columns), one line per row.
    The last column of a narrower block spans the spare columns."""
    cells: list[GridCell] = []
    for block, sheet_row in zip(table.blocks, block_rows, strict=True):
        top = sheet_row - HEADER_ROW
        cells.append(GridCell(top, 0, HEADER, TITLE_ROLE, block.title, col_span=width))
        cells.append(GridCell(top + 1, 0, HEADER, HEADER_ROLE, table.row_header))
        spare = width - 1 - len(block.columns)
        spans = [1 + spare if i == len(block.columns) - 1 else 1 for i in range(len(block.columns))]
        for i, column in enumerate(block.columns):
            text = column_label(table, column)
            cells.append(GridCell(top + 1, 1 + i, HEADER, HEADER_ROLE, text, col_span=spans[i]))
        for r_index, row in enumerate(block.rows):
            line = top + 2 + r_index
            cells.append(GridCell(line, 0, LABEL, LABEL_ROLE, row.label))
            for i, column in enumerate(block.columns):
                key = cell_key(table.id, row.id, column.id)
                cells.append(GridCell(line, 1 + i, VALUE, VALUE_ROLE, key=key, col_span=spans[i]))
    return cells


def _headed(table: Table, shape: str, label_cols: int, header_rows: int) -> list[GridCell]:
    """Sections 三 and 四: the corner note, nested column headings, nested row labels, values."""
    columns = table.blocks[0].columns
    cells: list[GridCell] = []
    if label_cols:
        cells.append(
            GridCell(
                0,
                0,
                HEADER,
                NOTE_ROLE,
                table.note or table.row_header,
                row_span=header_rows,
                col_span=label_cols,
            )
        )
    level_top = 0
    if table.column_header and shape == "grid":
        cells.append(
            GridCell(0, label_cols, HEADER, HEADER_ROLE, table.column_header, col_span=len(columns))
        )
        level_top = 1
    stacks = [_stack(c.group, c.subgroup, column_label(table, c)) for c in columns]
    for s in _spans(stacks, header_rows - level_top):
        cells.append(
            GridCell(
                level_top + s.level_first,
                label_cols + s.item_first,
                HEADER,
                HEADER_ROLE,
                s.text,
                row_span=s.level_last - s.level_first + 1,
                col_span=s.item_last - s.item_first + 1,
            )
        )
    if label_cols:
        row_stacks = [_stack(r.group, r.subgroup, r.label) for r in table.rows]
        for s in _spans(row_stacks, label_cols):
            role = LABEL_ROLE if s.level_last == label_cols - 1 else GROUP_ROLE
            cells.append(
                GridCell(
                    header_rows + s.item_first,
                    s.level_first,
                    LABEL,
                    role,
                    s.text,
                    row_span=s.item_last - s.item_first + 1,
                    col_span=s.level_last - s.level_first + 1,
                )
            )
    for r_index, row in enumerate(table.rows):
        for c_index, column in enumerate(columns):
            key = cell_key(table.id, row.id, column.id)
            cells.append(
                GridCell(header_rows + r_index, label_cols + c_index, VALUE, VALUE_ROLE, key=key)
            )
    return cells


def _widths(shape: str, label_cols: int, width: int) -> tuple[float, ...]:
    if shape == "blocks":
        label, value = _BLOCK_WIDTHS
        return (label,) + (value,) * (width - 1)
    if shape == "grid":
        labels = _GRID_LABEL_WIDTHS.get(label_cols, (12.0,) * label_cols)
        return tuple(labels) + (_GRID_VALUE_WIDTH,) * (width - label_cols)
    return (_STRIP_VALUE_WIDTH,) * width


@cache
def table_grid(fmt: Format, table_id: str) -> Grid:
    """The official grid of one table (section 二, 三 or 四), computed once per format."""
    layout = table_layout(fmt, table_id)
    table = layout.table
    if layout.shape == "blocks":
        cells = _blocks(table, layout.width, layout.block_rows)
    else:
        cells = _headed(table, layout.shape, layout.label_cols, layout.header_rows)
    grid = Grid(
        table=table,
        shape=layout.shape,
        rows=max(c.last_row for c in cells) + 1,
        cols=layout.width,
        label_cols=layout.label_cols,
        header_rows=layout.header_rows,
        cells=tuple(cells),
        widths=_widths(layout.shape, layout.label_cols, layout.width),
        unit_line=f"单位：{table.unit}",
    )
    expected = {k: (r - HEADER_ROW, c) for k, (r, c) in layout.positions.items()}
    assert grid.positions == expected, f"grid of {table_id} disagrees with the workbook layout"
    return grid

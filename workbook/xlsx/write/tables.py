"""The table sheets (二, 三, 四): official layout drawn from the format and workbook.model.layout.

Labels, headers and positions come from the format file; this module only decides how they are
drawn (merges, borders, widths) and how each value is written (number, blank, or total formula).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.worksheet import Worksheet

from workbook.model.format import Cell, Column, Table, cell_key
from workbook.model.layout import (
    HEADER_ROW,
    META_LABELS,
    TableLayout,
    col_letter,
    position,
    table_layout,
)
from workbook.model.report import Report, Value
from workbook.xlsx.write.common import (
    MIN_ROW,
    Context,
    RowHeights,
    print_setup,
    write_span,
)
from workbook.xlsx.write.marks import cell_fill, mark_cell

# Column widths in Excel units, by layout shape. Chosen so the tables print one page wide at a
# readable size: 二 portrait, 三 and 四 landscape.
_BLOCK_LABEL_WIDTH = 24.0
_BLOCK_VALUE_WIDTH = 18.0
_GRID_LABEL_WIDTHS = {3: (7.0, 11.0, 40.0), 2: (10.0, 48.0)}
_GRID_VALUE_WIDTH = 9.5
_STRIP_VALUE_WIDTH = 8.5

_VALIDATION = {
    "count": {
        "validate": "integer",
        "criteria": ">=",
        "value": 0,
        "input_title": "请填写件数",
        "input_message": "填0或正整数（单位：件）。没有的请填0，不要留空。",
        "error_title": "件数不正确",
        "error_message": "这里只能填写0或正整数（单位：件），不要带单位或文字。没有的请填0。",
    },
    "delta": {
        "validate": "integer",
        "criteria": "between",
        "minimum": -1_000_000_000,
        "maximum": 1_000_000_000,
        "input_title": "请填写增减数",
        "input_message": "填整数：增加填正数，减少填负数（如 -2），没有变化填0。",
        "error_title": "增减数不正确",
        "error_message": "这里只能填写整数：增加填正数，减少填负数，没有变化填0。",
    },
    "amount": {
        "validate": "decimal",
        "criteria": ">=",
        "value": 0,
        "input_title": "请填写金额（万元）",
        "input_message": "单位：万元，可有小数（如 52.15）。没有的请填0，不要留空。",
        "error_title": "金额不正确",
        "error_message": "这里只能填写不小于0的数字，单位：万元（如 52.15），不要带单位或文字。",
    },
}


@dataclass(frozen=True)
class Span:
    """One header (or row-label) cell: `text` over levels first..last and items first..last."""

    text: str
    level_first: int
    level_last: int
    item_first: int
    item_last: int


def header_spans(stacks: list[tuple[str, ...]], depth: int) -> list[Span]:
    """Nested labels (group, subgroup, label) laid out over `depth` levels.

    Used for column headers (items = columns, levels = rows) and for row labels (items = rows,
    levels = label columns). Equal leading labels of neighbouring items merge; an item's own
    label fills the levels below it.
    """
    spans: list[Span] = []
    for level in range(depth):
        i = 0
        while i < len(stacks):
            stack = stacks[i]
            if level >= len(stack):
                i += 1
                continue
            if level == len(stack) - 1:
                spans.append(Span(stack[level], level, depth - 1, i, i))
                i += 1
                continue
            j = i
            while (
                j + 1 < len(stacks)
                and len(stacks[j + 1]) > level + 1
                and stacks[j + 1][: level + 1] == stack[: level + 1]
            ):
                j += 1
            spans.append(Span(stack[level], level, level, i, j))
            i = j + 1
    return spans


def _stack(group: str, subgroup: str, label: str) -> tuple[str, ...]:
    """The nesting of a header or row label, outermost first, without empty levels."""
    return tuple(x for x in (group, subgroup, label) if x) or ("",)


def column_label(table: Table, column: Column) -> str:
    """The column's official label, with its unit when it differs from the table's and the
    label does not already say it (2019: 采购总金额 in 万元)."""
    if column.unit != table.unit and column.unit not in column.label:
        return f"{column.label}（单位：{column.unit}）"
    return column.label


_NOT_A_SUM = object()  # parts that are not all numbers: the total is never a formula then


def computed_total(report: Report, parts: tuple[str, ...]) -> Value | object:
    """What the total formula evaluates to: None when every part is blank."""
    present = [v for v in (report.value(p) for p in parts) if v is not None]
    if not present:
        return None
    if not all(_is_number(v) for v in present):
        return _NOT_A_SUM
    return sum(present, start=0)


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


def parts_reference(ctx: Context, parts: tuple[str, ...]) -> str:
    """Parts as a compact reference on their own sheet: a range when contiguous."""
    cells = [position(ctx.fmt, p) for p in parts]
    rows = {c.row for c in cells}
    cols = {c.col for c in cells}
    first, last = cells[0], cells[-1]
    if len(rows) == 1 and [c.col for c in cells] == list(range(first.col, last.col + 1)):
        return f"{first.a1}:{last.a1}"
    if len(cols) == 1 and [c.row for c in cells] == list(range(first.row, last.row + 1)):
        return f"{first.a1}:{last.a1}"
    return ",".join(c.a1 for c in cells)


def write_value(ctx: Context, sheet: Worksheet, cell: Cell, last_col: int) -> None:
    """One value cell: a number, a blank, or a total formula with its cached result."""
    pos = position(ctx.fmt, cell.key)
    value = ctx.report.value(cell.key)
    total = ctx.fmt.formula_sum(cell.key)
    fill = cell_fill(ctx, cell.key)
    if total is not None:
        style = ctx.styles.get("total", fill=fill, locked=None if ctx.template else False)
    else:
        style = ctx.styles.get(cell.kind, fill=fill)
    if pos.col != last_col:
        sheet.merge_range(pos.row, pos.col, pos.row, last_col, "", style)
    if total is not None and _same(computed_total(ctx.report, total.parts), value):
        ref = parts_reference(ctx, total.parts)
        cached: object = "" if value is None else _number(value)
        sheet.write_formula(pos.row, pos.col, f'=IF(COUNT({ref})=0,"",SUM({ref}))', style, cached)
    elif value is None:
        sheet.write_blank(pos.row, pos.col, None, style)
    elif _is_number(value):
        sheet.write_number(pos.row, pos.col, _number(value), style)
    else:  # not a number at all (bad import): keep what was there rather than lose it
        sheet.write_string(pos.row, pos.col, str(value), style)
    options = dict(_VALIDATION[cell.kind])
    sheet.data_validation(pos.row, pos.col, pos.row, last_col, options)
    mark_cell(ctx, sheet, cell.key, pos.row, pos.col)


def _same(computed: object, stored: Value) -> bool:
    """The stored total is what its formula gives (both blank, or the same number)."""
    if computed is None or stored is None:
        return computed is None and stored is None
    return _is_number(computed) and _is_number(stored) and computed == stored


def _number(value: int | Decimal | float) -> int | float:
    return value if isinstance(value, int) else float(value)


def _title_lines(ctx: Context, sheet: Worksheet, layout: TableLayout) -> None:
    """Rows 1–4: section title, 填报单位 and 报告年度 (formulas over meta.*), 单位."""
    section = ctx.fmt.section(layout.table.id)
    last = layout.width - 1
    styles = ctx.styles
    write_span(sheet, 0, 0, 0, last, section.title, styles.get("title"))
    report = ctx.report
    who, when = META_LABELS["agency"], META_LABELS["year"]
    agency = f"{who}：{report.agency}"
    year = f"{when}：{report.year}年" if report.year is not None else f"{when}："
    line = styles.get("line")
    for row, formula, cached in (
        (1, f'="{who}："&meta.agency', agency),
        (2, f'="{when}："&IF(meta.year="","",meta.year&"年")', year),
    ):
        if last > 0:
            sheet.merge_range(row, 0, row, last, "", line)
        sheet.write_formula(row, 0, formula, line, cached)
    write_span(sheet, 3, 0, 3, last, f"单位：{layout.table.unit}", styles.get("unit"))


def _draw_blocks(ctx: Context, sheet: Worksheet, layout: TableLayout, heights: RowHeights) -> None:
    """Section 二: each 第二十条 block a small table of its own (title, 信息内容 line, rows)."""
    table = layout.table
    styles = ctx.styles
    last = layout.width - 1
    widths = [_BLOCK_LABEL_WIDTH] + [_BLOCK_VALUE_WIDTH] * last
    for index, block in enumerate(table.blocks):
        top = layout.block_rows[index]
        write_span(sheet, top, 0, top, last, block.title, styles.get("block_title"))
        heights.need(top, MIN_ROW + 4)
        header = top + 1
        sheet.write_string(header, 0, table.row_header, styles.get("header"))
        for c_index, column in enumerate(block.columns):
            first = 1 + c_index
            end = last if c_index == len(block.columns) - 1 else first
            text = column_label(table, column)
            write_span(sheet, header, first, header, end, text, styles.get("header"))
            heights.need_text(header, header, text, sum(widths[first : end + 1]))
        for r_index, row in enumerate(block.rows):
            excel_row = header + 1 + r_index
            sheet.write_string(excel_row, 0, row.label, styles.get("label"))
            heights.need_text(excel_row, excel_row, row.label, widths[0])
            heights.need(excel_row, MIN_ROW + 4)
            for c_index, column in enumerate(block.columns):
                end = last if c_index == len(block.columns) - 1 else 1 + c_index
                cell = ctx.fmt.cell(cell_key(table.id, row.id, column.id))
                write_value(ctx, sheet, cell, end)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


def _draw_header_and_rows(
    ctx: Context, sheet: Worksheet, layout: TableLayout, heights: RowHeights
) -> None:
    """Sections 三 and 四: nested column headers, nested row labels, one value per cell."""
    table = layout.table
    styles = ctx.styles
    columns = table.blocks[0].columns
    lc = layout.label_cols
    if layout.shape == "grid":
        widths = list(_GRID_LABEL_WIDTHS.get(lc, (12.0,) * lc)) + [_GRID_VALUE_WIDTH] * len(columns)
    else:
        widths = [_STRIP_VALUE_WIDTH] * len(columns)
    top = HEADER_ROW
    bottom = HEADER_ROW + layout.header_rows - 1
    if lc:
        text = table.note or table.row_header
        write_span(sheet, top, 0, bottom, lc - 1, text, styles.get("note"))
        heights.need_text(top, bottom, text, sum(widths[:lc]), size=10)
    level_top = top
    if table.column_header:
        write_span(sheet, top, lc, top, layout.width - 1, table.column_header, styles.get("header"))
        level_top += 1
    stacks = [_stack(c.group, c.subgroup, column_label(table, c)) for c in columns]
    for span in header_spans(stacks, bottom - level_top + 1):
        r0, r1 = level_top + span.level_first, level_top + span.level_last
        c0, c1 = lc + span.item_first, lc + span.item_last
        write_span(sheet, r0, c0, r1, c1, span.text, styles.get("header"))
        heights.need_text(r0, r1, span.text, sum(widths[c0 : c1 + 1]))
    first_data = bottom + 1
    if lc:
        row_stacks = [_stack(r.group, r.subgroup, r.label) for r in table.rows]
        for span in header_spans(row_stacks, lc):
            r0, r1 = first_data + span.item_first, first_data + span.item_last
            c0, c1 = span.level_first, span.level_last
            style = styles.get("label" if span.level_last == lc - 1 else "group")
            write_span(sheet, r0, c0, r1, c1, span.text, style)
            heights.need_text(r0, r1, span.text, sum(widths[c0 : c1 + 1]))
    for r_index in range(len(table.rows)):
        heights.need(first_data + r_index, MIN_ROW)
    for cell in ctx.fmt.table_cells(table.id):
        write_value(ctx, sheet, cell, position(ctx.fmt, cell.key).col)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


def write_table_sheet(ctx: Context, table_id: str) -> Worksheet:
    """One table section on its own sheet, ready to print."""
    layout = table_layout(ctx.fmt, table_id)
    sheet = ctx.workbook.add_worksheet(layout.sheet)
    heights = RowHeights()
    _title_lines(ctx, sheet, layout)
    if layout.shape == "blocks":
        _draw_blocks(ctx, sheet, layout, heights)
        repeat = None
    else:
        _draw_header_and_rows(ctx, sheet, layout, heights)
        repeat = (HEADER_ROW, HEADER_ROW + layout.header_rows - 1)
    heights.apply(sheet)
    sheet.set_row(0, 30)
    # A table prints on one page, as in the official format (三 shrinks to about 85 %); the
    # header rows repeat should a clerk's added rows push it onto a second page anyway.
    print_setup(
        ctx,
        sheet,
        landscape=layout.table.orientation == "landscape",
        repeat=repeat,
        one_page=True,
    )
    last_col = col_letter(layout.width - 1)
    sheet.print_area(f"A1:{last_col}{layout.last_row + 1}")
    if ctx.template:
        sheet.protect("", {"format_rows": True, "format_columns": True})
    if layout.shape == "grid":
        sheet.freeze_panes(HEADER_ROW + layout.header_rows, 0)
    return sheet

"""The table sheets (二, 三, 四): the official grid (workbook.model.grid) drawn on a sheet.

Labels, headings, spans, positions and widths come from the grid, which the app's screen and
print draw too; this module only decides how they look on the sheet (styles, row heights) and
how each value is written (number, blank, or total formula).
"""

from __future__ import annotations

from decimal import Decimal

from xlsxwriter.worksheet import Worksheet

from workbook.model.format import Cell
from workbook.model.grid import NOTE_ROLE, TITLE_ROLE, VALUE, Grid, table_grid
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
    BODY_SIZE,
    MIN_ROW,
    Context,
    RowHeights,
    print_setup,
    write_span,
)
from workbook.xlsx.write.marks import cell_fill, mark_cell
from workbook.xlsx.write.safe import EXCEL_DIGITS, escape_cached

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


def write_value(ctx: Context, sheet: Worksheet, cell: Cell, last_col: int) -> tuple[int, int, int]:
    """One value cell: a number, a blank, or a total formula with its cached result. Returns
    the cell's (row, first column, last column) for its kind's input rule (_write_validations).

    A total is a formula only when its value is what the formula gives. Otherwise it is kept as
    the number that was typed (never recomputed) and drawn as an input cell, not in the grey of
    the automatic totals, with a comment saying why: once the parts are corrected in Excel the
    clerk sees that this total needs retyping."""
    pos = position(ctx.fmt, cell.key)
    value = ctx.report.value(cell.key)
    total = ctx.fmt.formula_sum(cell.key)
    fill = cell_fill(ctx, cell.key)
    computed = computed_total(ctx.report, total.parts) if total is not None else None
    formula = total is not None and _same(computed, value)
    if formula:
        style = ctx.styles.get("total", fill=fill, locked=None if ctx.template else False)
    else:
        style = ctx.styles.get(cell.kind, fill=fill)
    if pos.col != last_col:
        sheet.merge_range(pos.row, pos.col, pos.row, last_col, "", style)
    if formula:
        assert total is not None
        ref = parts_reference(ctx, total.parts)
        cached: object = "" if value is None else _number(value)
        sheet.write_formula(pos.row, pos.col, f'=IF(COUNT({ref})=0,"",SUM({ref}))', style, cached)
    elif value is None:
        sheet.write_blank(pos.row, pos.col, None, style)
    elif _is_number(value) and not _too_precise(value):
        sheet.write_number(pos.row, pos.col, _number(value), style)
    elif _is_number(value):  # Excel keeps 15 digits: text keeps the value exact (and noted)
        sheet.write_string(pos.row, pos.col, str(value), style)
    else:  # not a number at all (bad import): keep what was there rather than lose it
        sheet.write_string(pos.row, pos.col, str(value), style)
    if total is not None and not formula and value is not None and cell.key not in ctx.cell_marks:
        sheet.write_comment(pos.row, pos.col, typed_total_note(value, computed), _NOTE_SIZE)
    mark_cell(ctx, sheet, cell.key, pos.row, pos.col)
    return pos.row, pos.col, last_col


def _write_validations(sheet: Worksheet, cells: dict[str, list[tuple[int, int, int]]]) -> None:
    """One input rule per kind of cell, over all its cells (sqref "D8:J30 L8:L30"): Excel and
    WPS show the same prompt and refuse the same entries as with a rule per cell, and sheet 三
    is a quarter of the size (one rule per cell was ~70 KB of its 86 KB, which every reader of
    every report inflated and parsed)."""
    for kind, spans in cells.items():
        rects = _rectangles(spans)
        r0, c0, r1, c1 = rects[0]
        options = dict(_VALIDATION[kind])
        if len(rects) > 1:
            options["multi_range"] = " ".join(_a1_range(*rect) for rect in rects)
        sheet.data_validation(r0, c0, r1, c1, options)


def _rectangles(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """(row, first col, last col) spans joined into rectangles (first row, first col, last row,
    last col): side by side on a row, then the same columns on consecutive rows."""
    runs: list[list[int]] = []
    for row, c0, c1 in sorted(spans):
        if runs and runs[-1][0] == row and runs[-1][2] == c0 - 1:
            runs[-1][2] = c1
        else:
            runs.append([row, c0, c1])
    rects: list[list[int]] = []
    open_by_cols: dict[tuple[int, int], list[int]] = {}
    for row, c0, c1 in runs:
        rect = open_by_cols.get((c0, c1))
        if rect is not None and rect[2] == row - 1:
            rect[2] = row
            continue
        rect = [row, c0, row, c1]
        rects.append(rect)
        open_by_cols[(c0, c1)] = rect
    return [(a, b, c, d) for a, b, c, d in rects]


def _a1_range(r0: int, c0: int, r1: int, c1: int) -> str:
    first, last = f"{col_letter(c0)}{r0 + 1}", f"{col_letter(c1)}{r1 + 1}"
    return first if first == last else f"{first}:{last}"


_NOTE_SIZE = {"x_scale": 2.2, "y_scale": 1.6}


def typed_total_note(value: object, computed: object) -> str:
    """The comment on a total kept as typed because it differs from the sum of its parts."""
    if computed is None:
        parts = "各分项都是空白"
    elif computed is _NOT_A_SUM:
        parts = "分项中有不是数字的内容"
    else:
        parts = f"各分项之和为{computed}"
    return (
        f"这个合计是填写的数字{value}，{parts}，两者不符，所以按填写的数字保存，没有改成公式。"
        "改正后请让合计等于各分项之和（可在年报工作台中用“自动合计”）。"
    )


def _same(computed: object, stored: Value) -> bool:
    """The stored total is what its formula gives (both blank, or the same number)."""
    if computed is None or stored is None:
        return computed is None and stored is None
    return _is_number(computed) and _is_number(stored) and computed == stored


def _too_precise(value: Value) -> bool:
    if isinstance(value, int):
        return len(str(abs(value))) > EXCEL_DIGITS
    return isinstance(value, Decimal) and len(value.normalize().as_tuple().digits) > EXCEL_DIGITS


def _number(value: int | Decimal | float) -> int | float:
    """An amount that is whole is written as an integer: 0 stays 0, never 0.0."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
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
        sheet.write_formula(row, 0, formula, line, escape_cached(cached))
    unit_line = table_grid(ctx.fmt, layout.table.id).unit_line
    write_span(sheet, 3, 0, 3, last, unit_line, styles.get("unit"))


def _draw_grid(ctx: Context, sheet: Worksheet, grid: Grid, heights: RowHeights) -> None:
    """Headings, labels and values where the official grid puts them (workbook.model.grid)."""
    styles = ctx.styles
    widths = grid.widths
    value_rows: set[int] = set()
    inputs: dict[str, list[tuple[int, int, int]]] = {}
    for cell in grid.cells:
        r0, r1 = HEADER_ROW + cell.row, HEADER_ROW + cell.last_row
        if cell.kind == VALUE:
            value_rows.add(r0)
            format_cell = ctx.fmt.cell(cell.key)
            span = write_value(ctx, sheet, format_cell, cell.last_col)
            inputs.setdefault(format_cell.kind, []).append(span)
            continue
        write_span(sheet, r0, cell.col, r1, cell.last_col, cell.text, styles.get(cell.role))
        if cell.role == TITLE_ROLE:
            heights.need(r0, MIN_ROW + 4)
            continue
        size = 10 if cell.role == NOTE_ROLE else BODY_SIZE
        width = sum(widths[cell.col : cell.last_col + 1])
        heights.need_text(r0, r1, cell.text, width, size=size)
    # 二's rows hold a longer label in a narrower column: a little more air.
    for row in value_rows:
        heights.need(row, MIN_ROW + 4 if grid.shape == "blocks" else MIN_ROW)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    _write_validations(sheet, inputs)


def write_table_sheet(ctx: Context, table_id: str) -> Worksheet:
    """One table section on its own sheet, ready to print."""
    layout = table_layout(ctx.fmt, table_id)
    sheet = ctx.workbook.add_worksheet(layout.sheet)
    heights = RowHeights()
    _title_lines(ctx, sheet, layout)
    _draw_grid(ctx, sheet, table_grid(ctx.fmt, table_id), heights)
    # Print titles: the title and the 填报单位 / 报告年度 lines (formulas over what the clerk
    # typed on sheet 一), and for 三 and 四 the header rows too.
    repeat = (0, HEADER_ROW - 1 + layout.header_rows)
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

"""The prose sheets (一, 五, 六) and the report's metadata on the first sheet.

One paragraph per row, so a reader (or a clerk) can add, remove and reorder paragraphs without
any markup. Each paragraph is one wide, wrapped, unmerged cell in column B (merged cells never
grow). Rows the writer fills get the height their text needs, because LibreOffice (7.4) keeps a
file's row heights and never fits them on load; empty rows get no height, so Excel, WPS and
LibreOffice fit each row to what a clerk types in it. Column B carries the paragraph style, so
every row below the title is ready to type in and nothing limits the number of paragraphs; the
print area reaches far below any report's end, so every paragraph typed is printed.
"""

from __future__ import annotations

import datetime as dt

from xlsxwriter.format import Format as XFormat
from xlsxwriter.worksheet import Worksheet

from workbook.model.format import Section
from workbook.model.layout import META_FIELDS, col_letter, prose_title_position, quote_sheet
from workbook.model.report import agency_kind, agency_kinds
from workbook.xlsx.write.common import Context, RowHeights, lines_needed, print_setup
from workbook.xlsx.write.marks import cell_fill, mark_cell, mark_title, title_fill
from workbook.xlsx.write.safe import escape_cached

PROSE_WIDTH = 90.0  # column units across A:B: fills a portrait A4 page
_META_LABEL_WIDTH = 12.0  # column A: the metadata labels (四个字), a margin beside paragraphs
PARAGRAPH_COL = 1  # column B: one paragraph per row (older files: merged A:B, text in A)
TEMPLATE_PARAGRAPH_ROWS = 30  # ready-made paragraph rows in the template (more may follow)
_PARA_LINE = 16.0  # points per printed line of paragraph text
_EXCEL_CELL_LIMIT = 32_000  # Excel keeps at most 32,767 characters in a cell
# Rows the print area reaches below the title: far more paragraphs than any report has (Excel
# and LibreOffice skip the blank pages). Not whole columns: openpyxl drops such a print area.
_PRINT_ROWS = 1000


def _chunks(paragraph: str) -> list[str]:
    """A paragraph longer than a cell can hold continues in the next rows (nothing is cut)."""
    return [
        paragraph[i : i + _EXCEL_CELL_LIMIT] for i in range(0, len(paragraph), _EXCEL_CELL_LIMIT)
    ] or [""]


def _kind_label(kind_id: str | None) -> str:
    kind = agency_kind(kind_id)
    if kind is not None:
        return kind.label
    return kind_id or ""


def _meta(ctx: Context, sheet: Worksheet, heights: RowHeights) -> None:
    """Sheet 一 rows 1–6: the report title and five named metadata cells (B2..B6)."""
    report = ctx.report
    styles = ctx.styles
    fmt = ctx.fmt
    year_text = f"{report.year}年" if report.year is not None else ""
    title_formula = (
        f'=meta.agency&IF(meta.year="","",meta.year&"年")&"{fmt.title.replace(chr(34), "")}"'
    )
    sheet.merge_range(0, 0, 0, 1, "", styles.get("title"))
    sheet.write_formula(
        0,
        0,
        title_formula,
        styles.get("title"),
        escape_cached(f"{report.agency}{year_text}{fmt.title}"),
    )
    heights.need_text(0, 0, f"{report.agency}{year_text}{fmt.title}", PROSE_WIDTH, size=16)
    label = styles.get("meta_label")
    for field in META_FIELDS:
        sheet.write_string(field.row, 0, field.label, label)
        ctx.workbook.define_name(field.name, f"={quote_sheet(sheet.name)}!$B${field.row + 1}")
        heights.need(field.row, 22)
        mark_cell(ctx, sheet, field.name, field.row, 1)
    fields = {f.id: f for f in META_FIELDS}

    def style(role: str, name: str) -> XFormat:
        return styles.get(role, fill=cell_fill(ctx, name))

    def validate(field_id: str, rule: dict[str, object], tip: str, error: str) -> None:
        row = fields[field_id].row
        label = fields[field_id].label
        messages = {"input_title": label, "input_message": tip, "error_message": error}
        sheet.data_validation(row, 1, row, 1, rule | messages | {"error_title": f"{label}不正确"})

    row = fields["agency"].row
    sheet.write_string(row, 1, report.agency, style("meta_value", "meta.agency"))
    heights.need_text(row, 1, report.agency, PROSE_WIDTH - _META_LABEL_WIDTH)
    row = fields["agency_kind"].row
    sheet.write_string(
        row, 1, _kind_label(report.agency_kind), style("meta_value", "meta.agency_kind")
    )
    validate(
        "agency_kind",
        {"validate": "list", "source": [k.label for k in agency_kinds()]},
        "从下拉列表中选择本单位的类型。",
        "请从下拉列表中选择单位类型。",
    )
    row = fields["year"].row
    if report.year is None:
        sheet.write_blank(row, 1, None, style("meta_year", "meta.year"))
    else:
        sheet.write_number(row, 1, report.year, style("meta_year", "meta.year"))
    validate(
        "year",
        {"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100},
        "填写报告所属年度，四位数字，如 2024。",
        "请填写四位数的年度，如 2024。",
    )
    row = fields["issued"].row
    if report.issued is None:
        sheet.write_blank(row, 1, None, style("meta_date", "meta.issued"))
    elif report.issued.year < 1900:  # Excel has no such dates: kept as text (and noted)
        sheet.write_string(row, 1, report.issued.isoformat(), style("meta_date", "meta.issued"))
    else:
        when = dt.datetime.combine(report.issued, dt.time())
        sheet.write_datetime(row, 1, when, style("meta_date", "meta.issued"))
    validate(
        "issued",
        {"validate": "date", "criteria": ">=", "value": dt.date(2000, 1, 1)},
        "填写报告的发布日期，如 2025-01-14。",
        "请填写日期，如 2025-01-14。",
    )
    row = fields["format"].row
    sheet.write_string(row, 1, fmt.id, style("meta_fixed", "meta.format"))


def _help(ctx: Context, sheet: Worksheet) -> None:
    """The template's 填表说明, beside the report on the first sheet (not printed)."""
    fmt = ctx.fmt
    amounts = {c.row_label: c.unit for c in fmt.cells if c.kind == "amount"}
    lines = [
        f"1. 本模板按{fmt.name}制作，六个工作表对应年报的六个部分。",
        "2. 只在白色单元格中填写；灰色的合计、总计单元格由公式自动计算，无需填写。",
        "3. 空白表示“未填写”，不等于0：没有发生的事项请填 0，不要留空。",
        "4. 数字只填阿拉伯数字，不要带单位或文字；件数填整数。",
    ]
    for label, unit in amounts.items():
        lines.append(f"{len(lines) + 1}. {label}的金额以“{unit}”为单位，可有小数（如 52.15）。")
    if any(c.kind == "delta" for c in fmt.cells):
        deltas = "、".join(dict.fromkeys(c.col_label for c in fmt.cells if c.kind == "delta"))
        lines.append(f"{len(lines) + 1}. “{deltas}”填增减数，减少时填负数（如 -2）。")
    lines.append(f"{len(lines) + 1}. 文字部分每段填一行（一个单元格），段落多时接着往下填。")
    lines.append(f"{len(lines) + 1}. 填好后可用“年报工作台”打开本文件检查数字是否相符。")
    styles = ctx.styles
    sheet.set_column(3, 3, 60)
    sheet.write_string(0, 3, "填表说明", styles.get("help_title"))
    sheet.merge_range(1, 3, 12, 3, "\n".join(lines), styles.get("help"))


def write_text_sheet(ctx: Context, section: Section) -> Worksheet:
    """A prose section: title, then one paragraph per row (named text.<section id>)."""
    fmt = ctx.fmt
    sheet = ctx.workbook.add_worksheet(section.sheet)
    styles = ctx.styles
    heights = RowHeights()
    first_sheet = section is fmt.sections[0]
    last_col = PARAGRAPH_COL
    style = styles.get("para")
    # Column B is as wide as an A4 page allows with column A beside it (LibreOffice clips a
    # single column wider than the page instead of shrinking it), and wraps and is unlocked
    # in every row: a paragraph typed anywhere below the title wraps and grows its row.
    sheet.set_column(0, 0, _META_LABEL_WIDTH)
    sheet.set_column(PARAGRAPH_COL, PARAGRAPH_COL, PROSE_WIDTH - _META_LABEL_WIDTH, style)
    if first_sheet:
        _meta(ctx, sheet, heights)
        if ctx.template:
            _help(ctx, sheet)
    title = prose_title_position(fmt, section.id)
    title_style = styles.get("section_title", fill=title_fill(ctx, section.id))
    sheet.merge_range(title.row, 0, title.row, last_col, section.title, title_style)
    mark_title(ctx, sheet, section.id, title.row, 0)
    heights.need(title.row, 28)
    first = title.row + 1
    ref = f"={quote_sheet(sheet.name)}!${col_letter(PARAGRAPH_COL)}${first + 1}"
    ctx.workbook.define_name(f"text.{section.id}", ref)
    paragraphs = [chunk for p in ctx.report.texts.get(section.id, []) for chunk in _chunks(p)]
    if ctx.template:  # styled cells too, for programs that ignore a column's style (openpyxl)
        paragraphs += [""] * TEMPLATE_PARAGRAPH_ROWS
    width = PROSE_WIDTH - _META_LABEL_WIDTH
    for offset, text in enumerate(paragraphs or [""]):
        row = first + offset
        if text:
            sheet.write_string(row, PARAGRAPH_COL, text, style)
            heights.need(row, lines_needed(text, width) * _PARA_LINE + 6)
        else:  # no height: the row fits whatever the clerk types
            sheet.write_blank(row, PARAGRAPH_COL, None, style)
    heights.apply(sheet)
    # The title row repeats on every page: on sheet 一 it is a formula over 填报单位 and 报告年度,
    # so a printout names whatever agency and year the clerk typed.
    print_setup(ctx, sheet, landscape=False, repeat=(0, 0))
    last_row = first + max(_PRINT_ROWS, len(paragraphs)) - 1
    sheet.print_area(0, 0, last_row, last_col)  # 填表说明 (column D) stays off the paper
    if ctx.template:
        sheet.protect("", {"format_rows": True, "format_columns": True, "insert_rows": True})
    return sheet

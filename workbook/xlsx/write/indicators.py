"""The 指标 sheet: the office's indicators per unit, as live formulas with their results stored.

Each unit's line keeps the cells the indicators read (to the right, after 说明); the indicator
columns are Excel formulas over those cells, written with the exact result as the cached value,
so openpyxl (data_only), pandas and a LibreOffice that does not recalculate all see numbers, and
a clerk who corrects a cell sees the rate follow. The formula gives "" exactly where
workbook.model.indicators says blank (a blank cell, a denominator of 0 or below); the reason is
in the 说明 column. The 合计 line reads the summed report's own cells on the report sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from workbook.model.cellnames import describe
from workbook.model.format import Format
from workbook.model.indicators import (
    Indicator,
    Result,
    Term,
    available,
    evaluate_all,
    indicator_keys,
)
from workbook.model.layout import col_letter, position
from workbook.model.report import Value
from workbook.xlsx.write.common import (
    LINE_HEIGHT,
    Styles,
    lines_needed,
    list_print_setup,
    text_units,
)

RED, YELLOW, GREEN = "#F8696B", "#FFEB84", "#63BE7B"
NOTE_WIDTH = 48


@dataclass
class IndicatorLine:
    """One line: a unit's report (or the summed report, `from_report` = its cells are formulas)."""

    label: str
    year: int | None
    fmt: Format
    values: dict[str, Value]
    from_report: bool = False
    extra: list[str] = field(default_factory=list)  # further text columns (see `extra_columns`)


def _formula(ind: Indicator, refs: dict[str, str]) -> str:
    def total(terms: Sequence[Term]) -> str:
        out = ""
        for t in terms:
            out += ("+" if t.sign > 0 else "-") + refs[t.key]
        return out.removeprefix("+")

    cells = ",".join(refs[k] for k in ind.keys)
    guard = f"COUNT({cells})<{len(ind.keys)}"
    if not ind.is_rate:
        return f'=IF({guard},"",{total(ind.numerator)})'
    bottom = f"({total(ind.denominator)})"
    return f'=IF({guard},"",IF({bottom}<=0,"",({total(ind.numerator)})/{bottom}))'


def _cached(result: Result) -> int | float | str:
    """The stored result: a whole count stays a whole number (0 is 0, not 0.0)."""
    if result.value is None:
        return ""
    if isinstance(result.value, int):
        return result.value
    return float(result.value)


def _plain_formulas(sheet: Worksheet) -> None:
    """Skip xlsxwriter's preparing of each formula for Excel 365 functions (about 60 regular
    expressions per formula, most of the time of a sheet of 10,000 units): ours use IF, COUNT
    and ISBLANK only, which need none of it."""

    def prepare(formula: str, expand_future_functions: bool = False) -> str:
        return formula.removeprefix("=")

    sheet._prepare_formula = prepare


def _plain(v: int | Decimal) -> int | float:
    return v if isinstance(v, int) else float(v)


def write_indicator_sheet(
    workbook: Workbook,
    styles: Styles,
    name: str,
    lines: Sequence[IndicatorLine],
    total: IndicatorLine | None,
    *,
    first_columns: Sequence[str],
    note_column: str,
    extra_columns: Sequence[str] = (),
) -> Worksheet:
    """Header, one line per unit (filter and sort them), a blank line, then the 合计 line."""
    from workbook.model.indicators import indicators

    sheet = workbook.add_worksheet(name)
    _plain_formulas(sheet)
    inds = indicators()
    keys = indicator_keys()
    head = styles.get("header")
    text = styles.get("meta_value", locked=True)
    fixed = styles.get("meta_fixed")
    rate = styles.get("rate")
    figure = styles.get("figure")
    lead = [*first_columns, *extra_columns]
    first_ind = len(lead)
    note_col = first_ind + len(inds)
    first_key = note_col + 1
    key_col = {k: first_key + i for i, k in enumerate(keys)}
    labels = [*lead, *(i.name for i in inds), note_column]
    fmt_for_labels = total.fmt if total is not None else (lines[0].fmt if lines else None)
    labels += [describe(fmt_for_labels, k) if fmt_for_labels else k for k in keys]
    for col, label in enumerate(labels):
        sheet.write_string(0, col, label, head)
    widths = [text_units(x) + 2 for x in lead]
    # Each indicator's formula once, its row filled in per line.
    refs = {key: f"{col_letter(col)}{{r}}" for key, col in key_col.items()}
    templates = [_formula(ind, refs) for ind in inds]

    def write_line(row: int, line: IndicatorLine) -> None:
        sheet.write_string(row, 0, line.label, fixed if line.from_report else text)
        widths[0] = max(widths[0], min(text_units(line.label) + 2, 44))
        if line.year is not None:
            sheet.write_number(row, 1, line.year, text)
        else:
            sheet.write_blank(row, 1, None, text)
        for offset, value in enumerate(line.extra, start=len(first_columns)):
            sheet.write_string(row, offset, value, text)
        for key, col in key_col.items():
            v = line.values.get(key)
            if line.from_report and line.fmt.has_cell(key):
                cell = position(line.fmt, key).absolute_ref
                sheet.write_formula(
                    row,
                    col,
                    f'=IF(ISBLANK({cell}),"",{cell})',
                    figure,
                    "" if v is None else _plain(v),
                )
            elif v is None:
                sheet.write_blank(row, col, None, figure)
            else:
                sheet.write_number(row, col, _plain(v), figure)
        results = evaluate_all(line.fmt, line.values)
        for i, (ind, result) in enumerate(zip(inds, results, strict=True)):
            style = rate if ind.is_rate else figure
            if not available(ind, line.fmt):
                sheet.write_blank(row, first_ind + i, None, style)
                continue
            formula = templates[i].format(r=row + 1)
            sheet.write_formula(row, first_ind + i, formula, style, _cached(result))
        why = "；".join(f"{r.indicator.name}：{r.reason}" for r in results if r.reason)
        if why:
            sheet.write_string(row, note_col, why, text)
            lines = lines_needed(why, NOTE_WIDTH)
            if lines > 1:  # neither Excel nor LibreOffice grows a row for wrapped text
                sheet.set_row(row, lines * LINE_HEIGHT)
        else:
            sheet.write_blank(row, note_col, None, text)

    row = 0
    for line in lines:
        row += 1
        write_line(row, line)
    last_unit = row
    if total is not None:
        row += 2
        write_line(row, total)
    if last_unit >= 1:
        for i, ind in enumerate(inds):
            col = first_ind + i
            if ind.is_rate and ind.better:
                high = ind.better == "high"
                sheet.conditional_format(
                    1,
                    col,
                    last_unit,
                    col,
                    {
                        "type": "3_color_scale",
                        "min_color": RED if high else GREEN,
                        "mid_color": YELLOW,
                        "max_color": GREEN if high else RED,
                    },
                )
            elif not ind.is_rate:
                sheet.conditional_format(
                    1,
                    col,
                    last_unit,
                    col,
                    {"type": "data_bar", "bar_color": "#638EC6", "data_bar_2010": False},
                )
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.set_column(first_ind, note_col - 1, 11)
    sheet.set_column(note_col, note_col, NOTE_WIDTH)
    sheet.set_column(first_key, first_key + len(keys) - 1, 12, None, {"level": 1})
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(last_unit, 1), len(labels) - 1)
    list_print_setup(sheet, 0)
    sheet.print_area(0, 0, row, note_col)
    return sheet

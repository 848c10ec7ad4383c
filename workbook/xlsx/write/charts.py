"""A sheet of native charts (Excel, WPS and LibreOffice draw them), each beside its own data.

Every chart's numbers are written as a small table on the same sheet, left of the chart, so the
chart stays a plain Excel chart the office can restyle or copy into its own documents, and the
numbers are there to read when a viewer cannot draw charts.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from workbook.model.charts import PALETTE, ChartSpec, number
from workbook.xlsx.write.common import FONT, Styles, text_units

ROW_POINTS = 20  # xlsxwriter's default row height in pixels
__all__ = ["ChartSpec", "add_chart", "write_chart_sheet"]


def _font(size: int = 10, bold: bool = False) -> dict:
    return {"name": FONT, "size": size, "bold": bold}


def add_chart(workbook: Workbook, sheet: Worksheet, spec: ChartSpec, top: int, col: int) -> int:
    """Write the data table at (top, col) and the chart right of it; returns the rows used."""
    header = workbook.add_format({"font_name": FONT, "bold": True, "border": 1})
    cell = workbook.add_format({"font_name": FONT, "border": 1})
    pct = workbook.add_format({"font_name": FONT, "border": 1, "num_format": "0.0%"})
    sheet.write_string(top, col, spec.title, workbook.add_format({"font_name": FONT, "bold": True}))
    head = top + 1
    sheet.write_string(head, col, spec.category_label, header)
    for j, (name, _) in enumerate(spec.series, start=1):
        sheet.write_string(head, col + j, name, header)
    for i, category in enumerate(spec.categories, start=1):
        sheet.write_string(head + i, col, category, cell)
        for j, (_, values) in enumerate(spec.series, start=1):
            v = number(values[i - 1])
            if v is None:
                sheet.write_blank(head + i, col + j, None, cell)
            else:
                sheet.write_number(head + i, col + j, v, pct if spec.percent else cell)
    last = head + len(spec.categories)
    for offset, note in enumerate(spec.notes, start=1):
        sheet.write_string(last + offset, col, note)
    if not spec.categories:
        return last - top + 2 + len(spec.notes)
    subtype = {"subtype": "stacked"} if spec.stacked else {}
    chart = workbook.add_chart({"type": spec.kind, **subtype})
    name = sheet.get_name()
    for j in range(1, len(spec.series) + 1):
        series: dict = {
            "name": [name, head, col + j],
            "categories": [name, head + 1, col, last, col],
            "values": [name, head + 1, col + j, last, col + j],
        }
        if spec.kind == "pie":
            series["points"] = [{"fill": {"color": c}} for c in PALETTE]
            series["data_labels"] = {"percentage": True, "font": _font(9)}
        elif spec.kind == "line":
            series["marker"] = {"type": "circle", "size": 6}
            series["line"] = {"color": PALETTE[(j - 1) % len(PALETTE)], "width": 2}
        else:
            series["fill"] = {"color": PALETTE[(j - 1) % len(PALETTE)]}
            series["gap"] = 60
        chart.add_series(series)
    chart.set_title({"name": spec.title, "name_font": _font(12, True)})
    chart.set_legend(
        {"position": "bottom", "font": _font(9)}
        if len(spec.series) > 1 or spec.kind == "pie"
        else {"none": True}
    )
    if spec.kind != "pie":
        value_axis: dict = {"num_font": _font(9), "major_gridlines": {"visible": True}}
        if spec.percent:
            value_axis["num_format"] = "0%"
        category_axis: dict = {"num_font": _font(9)}
        if spec.kind == "bar":
            category_axis["reverse"] = True  # the first unit on top, as in the table
            chart.set_x_axis(value_axis)
            chart.set_y_axis(category_axis)
        else:
            chart.set_x_axis(category_axis)
            chart.set_y_axis(value_axis)
    rows = len(spec.categories)
    height = max(288, 22 * rows + 90) if spec.kind == "bar" else 300
    chart.set_size({"width": 620, "height": height})
    chart_col = col + len(spec.series) + 2
    sheet.insert_chart(top, chart_col, chart, {"x_offset": 8, "y_offset": 4})
    used = max(rows + 3 + len(spec.notes), height // ROW_POINTS + 2)
    return used


def write_chart_sheet(
    workbook: Workbook, styles: Styles, name: str, specs: Sequence[ChartSpec], intro: str = ""
) -> Worksheet:
    """One sheet, the charts one under another, each with its data table on the left."""
    sheet = workbook.add_worksheet(name)
    row = 0
    if intro:
        sheet.write_string(0, 0, intro, styles.get("line"))
        row = 2
    width = 12
    breaks = []
    for index, spec in enumerate(specs):
        if index:
            breaks.append(row)  # printed, each chart and its table on a page of its own
        width = max(width, *(text_units(c) + 2 for c in spec.categories), 12)
        row += add_chart(workbook, sheet, spec, row, 0) + 1
    sheet.set_h_pagebreaks(breaks)
    sheet.set_column(0, 0, min(width, 36))
    sheet.set_column(1, 3, 11)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    return sheet

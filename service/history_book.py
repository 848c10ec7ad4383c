"""The 历年 workbook of `nianbao history`: one line per unit and year, and line charts.

Marked as ours (custom property nianbao_kind = history) so that check, summarize and folder
scans never take it for a unit's report.
"""

from __future__ import annotations

import io
import os
from fractions import Fraction
from pathlib import Path

import xlsxwriter

from service.history import History, YearLine, items
from workbook.model.indicators import Number, history_data, words
from workbook.savefile import atomic_write
from workbook.xlsx.write.charts import ChartSpec, write_chart_sheet
from workbook.xlsx.write.common import (
    LINE_HEIGHT,
    Styles,
    lines_needed,
    list_print_setup,
    text_units,
)
from workbook.xlsx.write.listing import Listing, write_listing

KIND = "history"
MAX_CHARTED_UNITS = 20
MARK_FILL = "#FFF2CC"
NOTE_WIDTH = 48


def _number(v: Number) -> int | float:
    if isinstance(v, int):
        return v
    return float(Fraction(v))


def _write_table(workbook: xlsxwriter.Workbook, styles: Styles, history: History) -> None:
    w = words()
    sheet = workbook.add_worksheet(w["history_sheet"])
    cols = items()
    head = [w["unit"], w["year"], w["format"], w["file"], *(i.name for i in cols), w["note"]]
    sheet.write_string(0, 0, w["history_intro"], styles.get("line"))
    for c, name in enumerate(head):
        sheet.write_string(1, c, name, styles.get("header"))
    text = styles.get("meta_value", locked=True)
    widths = [text_units(h) + 2 for h in head]
    row = 1
    for lines in history.units.values():
        for line in lines:
            row += 1
            first = [line.agency, line.year, line.format_id, Path(line.file).name]
            for c, v in enumerate(first):
                if isinstance(v, int):
                    sheet.write_number(row, c, v, text)
                else:
                    sheet.write_string(row, c, v or "", text)
                    widths[c] = max(widths[c], min(text_units(v or "") + 2, 40))
            for c, item in enumerate(cols, start=len(first)):
                role = "rate" if item.rate else "figure"
                style = styles.get(role, fill=MARK_FILL if item.id in line.marks else None)
                value = line.values.get(item.id)
                if value is None:
                    sheet.write_blank(row, c, None, style)
                else:
                    sheet.write_number(row, c, _number(value), style)
            note = line.note()
            sheet.write_string(row, len(head) - 1, note, text)
            if note and lines_needed(note, NOTE_WIDTH) > 1:  # rows do not grow by themselves
                sheet.set_row(row, lines_needed(note, NOTE_WIDTH) * LINE_HEIGHT)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width if c < 4 else 11)
    sheet.set_column(len(head) - 1, len(head) - 1, NOTE_WIDTH)
    sheet.freeze_panes(2, 2)
    sheet.autofilter(1, 0, max(row, 2), len(head) - 1)
    list_print_setup(sheet, 1)


def history_charts(history: History) -> list[ChartSpec]:
    """Per unit (the first MAX_CHARTED_UNITS), one line chart per group of resources."""
    w = words()
    by_id = {i.id: i for i in items()}
    specs: list[ChartSpec] = []
    for lines in list(history.units.values())[:MAX_CHARTED_UNITS]:
        years = [str(line.year) if line.year else "—" for line in lines]
        for group in history_data().get("groups", ()):
            members = [by_id[i] for i in group["items"] if i in by_id]
            specs.append(
                ChartSpec(
                    w["history_chart"].format(unit=lines[0].agency, group=group["title"]),
                    "line",
                    w["year"],
                    years,
                    [(m.name, [_value(line, m.id) for line in lines]) for m in members],
                    percent=all(m.rate for m in members),
                )
            )
    return specs


def _value(line: YearLine, item_id: str) -> float | None:
    v = line.values.get(item_id)
    return None if v is None else float(Fraction(v))


def history_bytes(history: History) -> bytes:
    w = words()
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    workbook.set_custom_property("nianbao_kind", KIND)
    styles = Styles(workbook)
    _write_table(workbook, styles, history)
    intro = w["history_charts_intro"]
    if len(history.units) > MAX_CHARTED_UNITS:
        intro += w["history_too_many"].format(n=MAX_CHARTED_UNITS, total=len(history.units))
    write_chart_sheet(workbook, styles, w["history_chart_sheet"], history_charts(history), intro)
    notes = []
    if history.duplicates:
        files = "、".join(Path(f).name for f in history.duplicates)
        notes.append(w["history_duplicate"].format(files=files))
    if history.unreadable or notes:
        listing = Listing(
            w["history_unreadable"], [w["file"], w["reason"]], history.unreadable, notes=notes
        )
        write_listing(workbook, styles, listing)
    workbook.close()
    return buffer.getvalue()


def write_history(history: History, out: str | os.PathLike[str]) -> None:
    """Write atomically: a failure leaves the file at `out` as it was."""
    data = history_bytes(history)
    with atomic_write(out) as handle:
        handle.write(data)

"""Plain list sheets (a header row and data rows) that travel with a report or stand alone.

The 汇总 workbook adds its per-unit overview and lists after the summed report's own sheets, and
`nianbao compare -o X.xlsx` writes one list: the same look (frozen header, autofilter, widths
from the text, A4 landscape fit to width) from one place.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from workbook.model.kinds import PROPERTY
from workbook.savefile import atomic_write
from workbook.xlsx.write.common import (
    LINE_HEIGHT,
    Styles,
    lines_needed,
    list_print_setup,
    text_units,
)

CellValue = str | int | float | Decimal | None
MAX_WIDTH = 44  # Excel units: a longer text wraps rather than making the sheet unreadable


@dataclass
class Listing:
    """A sheet of rows under one header row; `rows` may be any iterable (consumed once)."""

    name: str
    columns: Sequence[str]
    rows: Iterable[Sequence[CellValue]]
    title: str = ""
    notes: Sequence[str] = field(default_factory=tuple)  # lines under the table
    # A sheet that is not a plain list (the 指标 and 图表 sheets) draws itself instead.
    draw: Callable[[Workbook, Styles], Worksheet] | None = None


def write_listing(workbook: Workbook, styles: Styles, listing: Listing) -> Worksheet:
    """Title line (optional), header row frozen and filtered, data rows, notes below."""
    if listing.draw is not None:
        return listing.draw(workbook, styles)
    sheet = workbook.add_worksheet(listing.name)
    head = styles.get("header")
    text = styles.get("meta_value", locked=True)
    number = styles.get("count", locked=True)
    rows = [list(values) for values in listing.rows]  # small lines; widths need them all
    widths = [text_units(c) + 2 for c in listing.columns]
    units: dict[str, int] = {}  # text -> width units, measured once (many texts repeat)
    for values in rows:
        for col, value in enumerate(values):
            if isinstance(value, str) and col < len(widths):
                u = units.get(value)
                if u is None:
                    u = units[value] = text_units(value)
                widths[col] = max(widths[col], min(u + 2, MAX_WIDTH))
            elif value is not None and col < len(widths):
                widths[col] = max(widths[col], len(str(value)) + 2)
    row = 0
    if listing.title:
        sheet.write_string(0, 0, listing.title, styles.get("section_title"))
        row = 1
    header_row = row
    for col, name in enumerate(listing.columns):
        sheet.write_string(row, col, name, head)
    for values in rows:
        row += 1
        lines = 1
        for col, value in enumerate(values):
            if value is None or value == "":
                sheet.write_blank(row, col, None, text)
            elif isinstance(value, str):
                sheet.write_string(row, col, value, text)
                if units[value] + 2 > widths[col] or "\n" in value:
                    lines = max(lines, lines_needed(value, widths[col]))
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                sheet.write_number(row, col, float(value), number)
            else:
                sheet.write_string(row, col, str(value), text)
        if lines > 1:  # neither Excel nor LibreOffice grows a row for wrapped text on opening
            sheet.set_row(row, lines * LINE_HEIGHT)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(header_row + 1, 0)
    if listing.columns:
        sheet.autofilter(header_row, 0, max(row, header_row), len(listing.columns) - 1)
    for offset, note in enumerate(listing.notes, start=2):
        sheet.write_string(row + offset, 0, note)
    list_print_setup(sheet, header_row)
    return sheet


def listings_bytes(listings: Sequence[Listing], kind: str | None = None) -> bytes:
    """A workbook of list sheets only (not a report); `kind` as in workbook.xlsx.kind."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    if kind is not None:
        workbook.set_custom_property(PROPERTY, kind)
    styles = Styles(workbook)
    for listing in listings:
        write_listing(workbook, styles, listing)
    workbook.close()
    return buffer.getvalue()


def write_listings(
    listings: Sequence[Listing], path: str | os.PathLike[str], kind: str | None = None
) -> None:
    """Write atomically: a failure leaves the file at `path` as it was."""
    data = listings_bytes(listings, kind)
    with atomic_write(path) as handle:
        handle.write(data)

"""Our workbook after Excel, WPS or LibreOffice saved it as .xls, .ods or .et.

openpyxl reads only .xlsx, so these files come in as calamine's cell grids
(workbook.importers.sources.calamine, behind the guards), made here into the same Book the .xlsx reader
uses: the same sheet names, hidden sheet, metadata lines, prose and acknowledgements are then
read by the same code (workbook.xlsx.read.reader.read_book). What is lost on the way is only
what calamine does not expose: the defined names (cells are then found by the layout and by
labels, which our own sheets always carry) and the formulas (the cached results, which every
one of those programs saves, are read instead).
"""

from __future__ import annotations

from typing import Any

from workbook.xlsx.read.book import MAX_ROWS, Book, Sheet


def book_from_grids(sheets: list[tuple[str, list[list[Any]]]]) -> Book:
    """A Book without defined names: the reader finds cells by layout and labels."""
    result: dict[str, Sheet] = {}
    for title, rows in sheets:
        values = [tuple(r) for r in rows]
        while values and all(v is None for v in values[-1]):
            values.pop()
        result[title] = Sheet(title, values, truncated=len(rows) >= MAX_ROWS)
    return Book(result, {}, names_known=False)

"""The official grid on screen: the core's grid (workbook.model.grid) in pixels.

Spans, headings, labels and value positions are workbook.model.grid's, the same the saved sheet
and the print use; this module only turns its widths into pixels for the table views.
"""

from __future__ import annotations

from workbook.model.format import Format
from workbook.model.grid import table_grid


def column_widths(fmt: Format, table_id: str) -> list[int]:
    """Screen widths (pixels at the default font) of a table's columns, as Excel shows them."""
    return table_grid(fmt, table_id).pixels()

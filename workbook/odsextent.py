"""How many cells calamine will lay out for each table of an OpenDocument spreadsheet.

OpenDocument tables say how often a row or cell repeats instead of repeating it; calamine expands
the repeats, so a 1 KB content.xml can ask for billions of cells (measured: a 300,000 × 100
repeat aborts the process). workbook.zipscan feeds content.xml through OdsTables while inflating
it, and the guards keep files whose tables are too large away from calamine. Only repeats up to
a non-empty cell count: files saved by LibreOffice end every table with a million empty repeated
rows, which calamine skips.
"""

from __future__ import annotations

import re

_ODS_TAG = re.compile(
    rb"<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_ROWS = re.compile(rb"number-rows-repeated\s*=\s*[\"'](\d{1,12})[\"']")
_ODS_COLS = re.compile(rb"number-columns-repeated\s*=\s*[\"'](\d{1,12})[\"']")


class OdsTables:
    """The rows × columns calamine will lay out for each table of an OpenDocument content.xml."""

    def __init__(self) -> None:
        self.extents: list[tuple[int, int]] = []
        self.open: list[list[int]] = []  # per open table: row cursor, last row used, widest row
        self.row_repeat = 1
        self.row_used = False
        self.col = 0

    def feed(self, text: bytes) -> None:
        for close, tag, attrs, empty in _ODS_TAG.findall(text):
            if tag == b"table":
                if not close and not empty:
                    self.open.append([0, 0, 0])
                elif close and self.open:
                    _, last, widest = self.open.pop()
                    self.extents.append((last, widest))
            elif not self.open:
                continue
            elif tag == b"table-row":
                table = self.open[-1]
                if not close:
                    found = _ODS_ROWS.search(attrs)
                    self.row_repeat, self.row_used, self.col = (
                        int(found.group(1)) if found else 1,
                        False,
                        0,
                    )
                if close or empty:
                    if self.row_used:
                        table[1] = table[0] + self.row_repeat
                    table[0] += self.row_repeat
            elif not close:  # a cell, covered or not
                found = _ODS_COLS.search(attrs)
                repeat = int(found.group(1)) if found else 1
                if not empty or b"value-type" in attrs:
                    self.row_used = True
                    self.open[-1][2] = max(self.open[-1][2], self.col + repeat)
                self.col += repeat

    def finish(self) -> list[tuple[int, int]]:
        """Tables still open at the end (a cut file) count with what was seen."""
        return self.extents + [(last, widest) for _, last, widest in self.open]

"""Shared pieces of the workbook writer: cell styles, text measuring, row heights, print setup.

Styles are made once per combination and cached, because xlsxwriter formats are objects that
bloat the file when created per cell. Row heights are computed from text length because neither
Excel nor LibreOffice grows a row for text in merged cells, and clipped text is lost on paper.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.format import Format as XFormat
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from workbook.model.format import Format
from workbook.model.marks import FindingLike
from workbook.model.report import Report

FONT = "宋体"
BODY_SIZE = 11
TITLE_SIZE = 16
LINE_HEIGHT = 15.0  # points per wrapped line of 11-point text (Excel 宋体 14.25, LibreOffice more)
MIN_ROW = 18.0  # points: a comfortable table row

TOTAL_FILL = "#F2F2F2"  # totals computed by formula: "no need to type here"
NOTE_FILL = "#FFF8E1"  # the 填表说明 box of the template

APP_NAME = "年报工作台"

_BORDERED = {"border": 1, "text_wrap": True, "valign": "vcenter"}
_ROLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": TITLE_SIZE, "align": "center", "valign": "vcenter"},
    "section_title": {"bold": True, "font_size": 14, "valign": "vcenter"},
    "line": {"valign": "vcenter"},
    "unit": {"align": "right", "valign": "vcenter"},
    "header": {**_BORDERED, "align": "center", "bold": True},
    "block_title": {**_BORDERED, "align": "center", "bold": True},
    "group": {**_BORDERED, "align": "center"},
    "label": {**_BORDERED, "align": "left", "indent": 1},
    "note": {**_BORDERED, "align": "center", "font_size": 10},
    "count": {**_BORDERED, "align": "center", "locked": False},
    "delta": {**_BORDERED, "align": "center", "locked": False},
    "amount": {**_BORDERED, "align": "center", "locked": False},
    "total": {**_BORDERED, "align": "center", "bg_color": TOTAL_FILL},
    "para": {"text_wrap": True, "valign": "top", "locked": False},
    "meta_label": {**_BORDERED, "bold": True, "align": "left"},
    "meta_value": {**_BORDERED, "align": "left", "locked": False},
    "meta_year": {**_BORDERED, "align": "left", "locked": False, "num_format": "0"},
    "meta_date": {**_BORDERED, "align": "left", "locked": False, "num_format": "yyyy-mm-dd"},
    "meta_fixed": {**_BORDERED, "align": "left"},
    "help_title": {"bold": True, "bg_color": NOTE_FILL, "border": 1, "valign": "vcenter"},
    "help": {"text_wrap": True, "bg_color": NOTE_FILL, "border": 1, "valign": "top"},
    "rate": {**_BORDERED, "align": "center", "num_format": "0.0%"},
    "figure": {**_BORDERED, "align": "center", "num_format": "#,##0"},
    "link": {**_BORDERED, "font_color": "blue", "underline": 1, "align": "left", "text_wrap": True},
}


class Styles:
    """Cached xlsxwriter formats by role, with optional fill and lock overrides."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[str, str | None, bool | None], XFormat] = {}

    def get(self, role: str, *, fill: str | None = None, locked: bool | None = None) -> XFormat:
        key = (role, fill, locked)
        found = self._cache.get(key)
        if found is None:
            props = {"font_name": FONT, "font_size": BODY_SIZE, **_ROLES[role]}
            if fill:
                props["bg_color"] = fill
                props["pattern"] = 1
            if locked is not None:
                props["locked"] = locked
            found = self._workbook.add_format(props)
            self._cache[key] = found
        return found


def text_units(text: str) -> int:
    """Width of text in Excel column units: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Wrapped lines of `text` in a cell `width` column units wide (a little slack for fonts)."""
    usable = max(2.0, (width - 1.0) * 0.92)
    return sum(max(1, math.ceil(text_units(line) / usable)) for line in text.split("\n"))


@dataclass
class RowHeights:
    """Collects the height every row needs; applied once per sheet at the end."""

    needs: dict[int, float] = field(default_factory=dict)
    spans: list[tuple[int, int, float]] = field(default_factory=list)

    def need(self, row: int, height: float) -> None:
        self.needs[row] = max(self.needs.get(row, 0.0), height)

    def need_text(
        self, first: int, last: int, text: str, width: float, *, size: float = BODY_SIZE
    ) -> None:
        """Rows first..last together must show `text` wrapped in `width` units."""
        height = lines_needed(text, width) * LINE_HEIGHT * size / BODY_SIZE + 4
        if first == last:
            self.need(first, height)
        else:
            self.spans.append((first, last, height))

    def apply(self, sheet: Worksheet, default: float = MIN_ROW) -> None:
        for first, last, height in self.spans:
            have = sum(self.needs.get(r, default) for r in range(first, last + 1))
            if have < height:
                self.need(last, self.needs.get(last, default) + height - have)
        for row, height in sorted(self.needs.items()):
            sheet.set_row(row, round(height, 1))


@dataclass
class Context:
    """Everything the sheet writers share for one workbook."""

    workbook: Workbook
    styles: Styles
    fmt: Format
    report: Report
    mode: str  # "report" | "checked" | "template"
    cell_marks: dict[str, list[FindingLike]]
    text_marks: dict[str, list[FindingLike]]

    @property
    def template(self) -> bool:
        return self.mode == "template"


def write_span(
    sheet: Worksheet,
    first_row: int,
    first_col: int,
    last_row: int,
    last_col: int,
    text: str,
    style: XFormat,
) -> None:
    """Write text into a cell or a merged range (xlsxwriter refuses to merge a single cell)."""
    if first_row == last_row and first_col == last_col:
        sheet.write_string(first_row, first_col, text, style)
    else:
        sheet.merge_range(first_row, first_col, last_row, last_col, text, style)


def print_setup(
    ctx: Context,
    sheet: Worksheet,
    *,
    landscape: bool,
    repeat: tuple[int, int] | None = None,
    one_page: bool = False,
) -> None:
    """A4, orientation, one page wide (tables: one page), page numbers in the footer.

    No agency or year in the page header: a fixed header text keeps the name the file was made
    with whatever the clerk types in 填报单位. The sheets' own title rows (formulas over 填报单位
    and 报告年度) repeat on every page instead (`repeat`, Excel's print titles)."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 1 if one_page else 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    if repeat is not None:
        sheet.repeat_rows(*repeat)
    font = f'&"{FONT},常规"'  # no "&9" size code: digits after it would be read as the size
    sheet.set_footer(f"&C{font}第&P页 共&N页", {"margin": 0.3})


def list_print_setup(sheet: Worksheet, header_row: int) -> None:
    """A list sheet on paper: A4 landscape, one page wide, its header row on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)

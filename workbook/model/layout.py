"""Where each value cell sits in the saved workbook, derived from the format file.

Writer, reader (as a fallback to defined names), checker (Excel references in findings) and the
checked workbook all ask this module, so the answer is the same everywhere.

Every table sheet: rows 1–4 are the title, 填报单位, 报告年度 and 单位 lines; the table header starts
at row 5 (HEADER_ROW, 0-based 4). Coordinates here are 0-based (xlsxwriter's convention);
`Position.a1` gives the Excel form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import resources
from workbook.model.format import Format, Table, cell_key

HEADER_ROW = 4  # 0-based: Excel row 5


def col_letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True)
class Position:
    """Where a value cell is in the saved workbook."""

    sheet: str
    row: int  # 0-based
    col: int  # 0-based

    @property
    def a1(self) -> str:
        return f"{col_letter(self.col)}{self.row + 1}"

    @property
    def ref(self) -> str:
        """The reference as Excel writes it, e.g. '三、依申请公开'!J8."""
        return f"{quote_sheet(self.sheet)}!{self.a1}"

    @property
    def absolute_ref(self) -> str:
        return f"{quote_sheet(self.sheet)}!${col_letter(self.col)}${self.row + 1}"


@dataclass(frozen=True)
class TableLayout:
    """Positions of a table's value cells, plus what the writer needs to draw headers."""

    table: Table
    sheet: str
    shape: str  # "blocks" (section 二) | "grid" (section 三) | "strip" (section 四)
    label_cols: int  # columns before the first value column
    width: int  # total columns used
    header_rows: int  # rows of column header above the first data row (grid/strip)
    positions: dict[str, tuple[int, int]]  # key -> (row, col), 0-based
    block_rows: tuple[int, ...]  # blocks shape: the 0-based row of each block's title line

    @property
    def last_row(self) -> int:
        return max(r for r, _ in self.positions.values())


@cache
def table_layout(fmt: Format, table_id: str) -> TableLayout:
    table = fmt.tables[table_id]
    sheet = fmt.section(table_id).sheet
    shape = table.shape
    positions: dict[str, tuple[int, int]] = {}
    block_rows: list[int] = []
    if shape == "blocks":
        # Each block: a title line, a header line (信息内容 | columns), one line per row.
        width = 1 + max(len(b.columns) for b in table.blocks)
        row = HEADER_ROW
        for block in table.blocks:
            block_rows.append(row)
            row += 2
            for r in block.rows:
                for c_index, c in enumerate(block.columns):
                    positions[cell_key(table.id, r.id, c.id)] = (row, 1 + c_index)
                row += 1
        return TableLayout(table, sheet, shape, 1, width, 0, positions, tuple(block_rows))
    columns = table.blocks[0].columns
    if shape == "grid":
        # Label columns: group (三、本年度办理结果), subgroup (（三）不予公开), row label.
        label_cols = 3 if any(r.subgroup for r in table.rows) else 2
        header_rows = 3 if any(c.group for c in columns) else 2
        first = HEADER_ROW + header_rows
        for r_index, r in enumerate(table.rows):
            for c_index, c in enumerate(columns):
                positions[cell_key(table.id, r.id, c.id)] = (first + r_index, label_cols + c_index)
        return TableLayout(
            table, sheet, shape, label_cols, label_cols + len(columns), header_rows, positions, ()
        )
    # strip: one data row under group / subgroup / label header lines.
    header_rows = 1 + (1 if any(c.group for c in columns) else 0)
    header_rows += 1 if any(c.subgroup for c in columns) else 0
    data_row = HEADER_ROW + header_rows
    r = table.rows[0]
    for c_index, c in enumerate(columns):
        positions[cell_key(table.id, r.id, c.id)] = (data_row, c_index)
    return TableLayout(table, sheet, shape, 0, len(columns), header_rows, positions, ())


def describe_places(places: Iterable[Position]) -> str:
    """Where cells are, for people: 三、依申请公开!D8:D28、D29；四、复议诉讼!A8:E8.

    A full rectangle or a run along a column or row becomes one range; sheets are separated
    by "；". Used in finding messages and in the checked workbook's 校验结果 sheet alike.
    """
    places = list(places)
    if len(places) == 1:  # most often (every value cell's own rules): no runs to find
        return f"{places[0].sheet}!{_a1(places[0].col, places[0].row)}"
    by_sheet: dict[str, list[tuple[int, int]]] = {}
    for p in places:
        by_sheet.setdefault(p.sheet, []).append((p.col, p.row))
    return "；".join(f"{sheet}!{'、'.join(_runs(cells))}" for sheet, cells in by_sheet.items())


def _a1(col: int, row: int) -> str:
    return f"{col_letter(col)}{row + 1}"


def _runs(cells: list[tuple[int, int]]) -> list[str]:
    """Consecutive cells of one column (or, failing that, of one row) as A1:B2 ranges."""
    cells = sorted(set(cells))
    cols = sorted({c for c, _ in cells})
    rows = sorted({r for _, r in cells})
    if (
        len(cells) > 1
        and len(cells) == len(cols) * len(rows)
        and cols == list(range(cols[0], cols[-1] + 1))
        and rows == list(range(rows[0], rows[-1] + 1))
    ):  # a full rectangle
        return [f"{_a1(cols[0], rows[0])}:{_a1(cols[-1], rows[-1])}"]
    if len(rows) == 1 and len(cells) > 1:
        line = [c for c, _ in cells]
        if line == list(range(line[0], line[0] + len(line))):
            return [f"{_a1(line[0], rows[0])}:{_a1(line[-1], rows[0])}"]
    runs: list[list[tuple[int, int]]] = []
    for c, r in cells:
        if runs and runs[-1][-1][0] == c and runs[-1][-1][1] == r - 1:
            runs[-1].append((c, r))
        else:
            runs.append([(c, r)])
    return [_a1(*run[0]) if len(run) == 1 else f"{_a1(*run[0])}:{_a1(*run[-1])}" for run in runs]


def position(fmt: Format, key: str) -> Position:
    """Where the value cell `key` is in the saved workbook."""
    cell = fmt.cell(key)
    layout = table_layout(fmt, cell.table)
    row, col = layout.positions[key]
    return Position(layout.sheet, row, col)


# ---------------------------------------------------------------- the workbook's own lines


@dataclass(frozen=True)
class MetaField:
    """A metadata line of sheet 一: label in column A, value in column B named `name`."""

    id: str
    label: str
    row: int  # 0-based

    @property
    def name(self) -> str:
        return f"meta.{self.id}"


@cache
def _workbook_data() -> dict:
    return resources.read_toml("workbook.toml")


HIDDEN_SHEET: str = _workbook_data()["hidden_sheet"]
FINDINGS_SHEET: str = _workbook_data()["findings_sheet"]
SUMMARY_SHEETS: dict[str, str] = dict(_workbook_data().get("summary_sheets", {}))
KIND_WORDS: dict[str, str] = dict(_workbook_data().get("kinds", {}))  # workbook.xlsx.kind
META_FIELDS: tuple[MetaField, ...] = tuple(
    MetaField(m["id"], m["label"], row) for row, m in enumerate(_workbook_data()["meta"], start=1)
)
META_LABELS: dict[str, str] = {f.id: f.label for f in META_FIELDS}  # "agency" -> 填报单位 …
# Sheet 一: title, the metadata lines, a spacer, then the section title; other prose sheets
# start with their section title. Paragraphs follow the title, one per row.
OVERVIEW_TITLE_ROW = len(META_FIELDS) + 2
PROSE_TITLE_ROW = 0


def prose_title_position(fmt: Format, section_id: str) -> Position:
    """Where a prose section's title is: below the metadata on the first sheet, else A1."""
    section = fmt.section(section_id)
    row = OVERVIEW_TITLE_ROW if section is fmt.sections[0] else PROSE_TITLE_ROW
    return Position(section.sheet, row, 0)


def meta_position(fmt: Format, name: str) -> Position | None:
    """Where a metadata cell (meta.agency …) is, or None for another name."""
    for f in META_FIELDS:
        if f.name == name:
            return Position(fmt.sections[0].sheet, f.row, 1)
    return None

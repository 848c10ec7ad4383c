"""Find the three report tables in a 2-D grid of cell texts, by their labels — not positions.

Every importer ends here: the pipe/Markdown and flattened text, web pages, foreign spreadsheets,
and the workbook reader's last fallback. A grid is a list of rows, each a list of cell texts
(str or None); merged cells may be repeated or left blank; rows may be ragged.

Tables are located by label matching (normalized, with aliases, prefixes for cut labels and
a fuzzy match for typos). In section 三 the rows come in official order, so a row whose label
was lost (PDF text where numbers drift off their wrapped labels) takes the next row after the
last one identified — always with a note. Nothing is guessed silently: a cell that cannot be
read stays None and a Note says which cell and why.
"""

from __future__ import annotations

from workbook.importers.labels.formatwords import appeals_header_words, format_2019_markers
from workbook.importers.labels.match import match_row
from workbook.importers.layout.cells import (
    Grid,
    GridResult,
    Line,
    cell_text,
    is_value_cell,
    split_row,
    store_value,
    trim_values,
    unplaced_row,
)
from workbook.importers.layout.grid_requests import read_requests, requests_region
from workbook.model.format import Format, cell_key, load_format
from workbook.model.labels import normalize_label

__all__ = ["Grid", "GridResult", "cell_text", "detect_format", "find_tables", "is_value_cell"]


def detect_format(grid: Grid, year: int | None = None) -> str:
    """ "2019" when section 二 carries the trial format's column words, else "2021"."""
    for row in grid:
        for c in row:
            t = normalize_label(cell_text(c))
            if t and any(m in t for m in format_2019_markers()):
                return "2019"
    return "2021"


def find_tables(
    grid: Grid,
    fmt: Format | None = None,
    *,
    year: int | None = None,
    aligned: bool = True,
) -> GridResult:
    """Locate sections 二, 三 and 四 in `grid` and read their values.

    fmt: the format to read into; None = decide (2019 column words, or a single （六）其他处理
    row in a report for 2020 or earlier, mean the 2019 trial format).
    year: the report year when known (only used to decide the format).
    aligned: the grid's columns line up (spreadsheets, HTML with spans expanded); then the
    header row decides the column order of 三. False for text, where rows are ragged.
    """
    lines = [split_row(i, list(row)) for i, row in enumerate(grid)]
    if fmt is None:
        fmt = load_format(detect_format(grid, year))
        result = _read(lines, fmt, aligned)
        if fmt.id == "2021" and result.collapsed and year is not None and year <= 2020:
            return _read(lines, load_format("2019"), aligned)
        return result
    return _read(lines, fmt, aligned)


def _read(lines: list[Line], fmt: Format, aligned: bool) -> GridResult:
    result = GridResult(format_id=fmt.id)
    start, end = requests_region(lines, fmt)
    _read_active(lines[:start] if start is not None else lines, fmt, result)
    if start is not None:
        read_requests(lines[start:end], fmt, result, aligned)
    _read_appeals(lines[end if end is not None else (start or 0) :], fmt, result)
    return result


# ---------------------------------------------------------------- 二
def _read_active(lines: list[Line], fmt: Format, result: GridResult) -> None:
    table = fmt.tables["active"]
    rows = table.rows
    done: set[int] = set()
    for line in lines:
        if not line.label or len(line.values) == 0:
            continue
        matches = match_row(line.raw_label, rows, strict=True)
        if len(matches) != 1:
            continue
        index = matches[0].index
        if index in done:
            continue
        row = rows[index]
        block = next(b for b in table.blocks if row in b.rows)
        n = len(block.columns)
        values = trim_values(line.values, n)
        keys = [cell_key("active", row.id, c.id) for c in block.columns]
        if not any(values):
            continue
        done.add(index)
        result.found.add("active")
        if len(values) != n:
            unplaced_row(result, fmt, keys, values, n)
            continue
        for key, raw in zip(keys, values, strict=True):
            store_value(result, fmt, key, raw)


# ---------------------------------------------------------------- 四
def _read_appeals(lines: list[Line], fmt: Format, result: GridResult) -> None:
    table = fmt.tables["appeals"]
    keys = table.keys(table.rows[0])
    n = len(keys)
    header_words = appeals_header_words(fmt)
    seen_header = False
    for line in lines:
        if any(w in line.label for w in header_words):
            seen_header = True
        if not seen_header:
            continue
        values = trim_values(line.values, n)
        if len(values) != n or not any(values):
            continue
        for key, raw in zip(keys, values, strict=True):
            store_value(result, fmt, key, raw)
        result.found.add("appeals")
        return

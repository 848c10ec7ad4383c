"""Turning the table part of a published text back into rows of cells.

Four shapes occur, often mixed in one file:
- one cell per line (tab-indented), rows separated by empty lines, merged cells as empty cells;
- one cell per line with nothing between rows (a web page pasted into Notepad, scraped text):
  a row ends where a number is followed by a label;
- `|`-separated rows (Markdown tables included; "|---|" rules are skipped);
- PDF text: one printed line per row, cells separated by spaces ("规章 0 0 0").
"""

from __future__ import annotations

import re
from functools import cache

from workbook.importers.layout.grid import Grid, is_value_cell
from workbook.model.format import available_formats, load_format
from workbook.model.labels import normalize_label

_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def is_pipe_row(line: str) -> bool:
    return line.replace("｜", "|").count("|") >= 2


def pipe_cells(line: str) -> list[str | None]:
    s = line.replace("｜", "|").strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def is_cell_per_line(lines: list[str]) -> bool:
    """Tab-indented cells, or bare one-cell lines grouped by empty lines."""
    content = [ln for ln in lines if ln.strip() and "|" not in ln]
    if not content:
        return False
    tabbed = sum(1 for ln in content if ln.startswith("\t"))
    if tabbed >= len(content) * 0.5:
        return True
    multi = sum(
        1 for ln in content if sum(is_value_cell(t) for t in _SPACES.split(ln.strip())) >= 3
    )
    single_numbers = sum(1 for ln in content if is_value_cell(ln.strip()))
    has_gaps = any(not ln.strip() for ln in lines)
    return multi == 0 and has_gaps and single_numbers >= 5


def is_dense_cells(lines: list[str]) -> bool:
    """One cell per line and no empty lines between rows: many lines are a lone number and
    no line holds several numbers."""
    content = [ln.strip() for ln in lines if ln.strip()]
    if len(content) < 8 or any(is_pipe_row(ln) for ln in content):
        return False
    if any(sum(is_value_cell(t) for t in _SPACES.split(ln)) >= 2 for ln in content):
        return False
    return sum(1 for ln in content if is_value_cell(ln)) >= max(5, len(content) // 4)


@cache
def _header_words() -> frozenset[str]:
    """Texts that only occur in table headers: column labels and groups, block titles, notes."""
    words: set[str] = set()
    for format_id in available_formats():
        for table in load_format(format_id).tables.values():
            words.update((table.note, table.column_header, table.row_header))
            for block in table.blocks:
                words.add(block.title)
                for c in block.columns:
                    words.update((c.label, c.group, c.subgroup))
    return frozenset(normalize_label(w) for w in words if w)


def _dense_rows(lines: list[str]) -> Grid:
    rows: Grid = []
    current: list[str | None] = []

    def close() -> None:
        # Header cells run straight into the first row label: split after the last of them.
        headers = [i for i, c in enumerate(current) if normalize_label(c or "") in _header_words()]
        if headers and headers[-1] + 1 < len(current):
            rows.append(current[: headers[-1] + 1])
            rows.append(current[headers[-1] + 1 :])
        else:
            rows.append(list(current))
        current.clear()

    for line in (ln.strip() for ln in lines):
        if not line or _RULE.match(line):
            continue
        if current and not is_value_cell(line) and is_value_cell(current[-1] or ""):
            close()
        current.append(line)
    if current:
        close()
    return rows


def text_rows(lines: list[str]) -> Grid:
    """The rows of a table region, in order."""
    if is_cell_per_line(lines):
        return _cell_per_line(lines)
    if is_dense_cells(lines):
        return _dense_rows(lines)
    rows: Grid = []
    for line in lines:
        if not line.strip() or _RULE.match(line):
            continue
        if is_pipe_row(line):
            rows.append(pipe_cells(line))
        else:
            rows.append(list(_SPACES.split(line.strip())))
    return rows


def _cell_per_line(lines: list[str]) -> Grid:
    rows: Grid = []
    current: list[str | None] = []
    for line in lines:
        if _RULE.match(line) and line.strip():
            continue
        if is_pipe_row(line):
            if current:
                rows.append(current)
                current = []
            rows.append(pipe_cells(line))
            continue
        if not line.strip() and not line.startswith("\t"):
            if current:
                rows.append(current)
                current = []
            continue
        current.append(line.strip())
    if current:
        rows.append(current)
    return rows

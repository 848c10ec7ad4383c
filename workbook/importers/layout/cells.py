"""The cell model shared by the grid readers: a row split into its label and its values,
how one cell is read, and how values and notes are stored in a GridResult."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from workbook.model.cellnames import describe
from workbook.model.format import Format
from workbook.model.labels import normalize_label
from workbook.model.report import Value
from workbook.model.values import ZERO_MARKS, Note, looks_numeric, parse_value

Grid = list[list[str | None]]

_ITEM = re.compile(r"^\d+[.．、]\D")
_NUMERIC_START = re.compile(r"^[+\-]?[\d０-９][\d０-９,，.．]*")
_ANNOTATED = re.compile(r"^([+\-]?[\d,.]+\s*(?:万元|元|件|项|个|条)?)\s*[（(].*[)）]$")


@dataclass
class GridResult:
    """What find_tables read.

    values: cell key -> value for every cell it could place (None = printed blank).
    notes: every interpretation and every cell it could not read, in Chinese.
    format_id: "2021" or "2019".
    found: table ids ("active", "requests", "appeals") located in the grid.
    collapsed: subgroup label printed as one row (e.g. "(六)其他处理" in a 2021 report, normalized)
        -> the numbers printed on that row; those cells stay blank, they cannot be split.
    subtotal_column: an extra 法人或其他组织 subtotal column was present (and skipped).
    decided: tables laid out other than the form (四 as rows by group, transposed …) whose
        layout this reading recognised — or refused; another reading does not override it.
    refused: cells read as text that is no number, with that text.
    """

    values: dict[str, Value] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    format_id: str = "2021"
    found: set[str] = field(default_factory=set)
    collapsed: dict[str, list[str]] = field(default_factory=dict)
    subtotal_column: bool = False
    decided: set[str] = field(default_factory=set)  # tables whose layout this reading knows
    # Cells this reading found holding text that is no number ("不详", "l5"): key -> the text.
    # Where the other reading placed a number there instead, neither is trusted (combine).
    refused: dict[str, str] = field(default_factory=dict)


@dataclass
class Line:
    pos: int
    cells: list[str]
    label: str  # normalized text of the label cells
    raw_label: str
    first_value: int  # index in cells of the first value cell (len(cells) when none)

    @property
    def values(self) -> list[str]:
        return self.cells[self.first_value :]


def cell_text(raw: object) -> str:
    return "" if raw is None else str(raw).strip()


def is_value_cell(text: str) -> bool:
    """Blank, a zero mark or something starting with a digit — but not an item label "1.属于…" —
    or a number garbled by look-alikes ("l5", "−5", "‮51"), which is no label either."""
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not t or t in ZERO_MARKS:
        return True
    if _ITEM.match(t):
        return False
    return bool(_NUMERIC_START.match(t)) or looks_numeric(text)


def label_of(cells: list[str]) -> tuple[str, str]:
    raw = " ".join(c for c in cells if c)
    return normalize_label(raw), raw


def split_row(pos: int, row: list[str | None]) -> Line:
    cells = [cell_text(c) for c in row]
    last_label = -1
    for i, c in enumerate(cells):
        if c and not is_value_cell(c):
            last_label = i
    label_cells = [c for c in cells[: last_label + 1] if c]
    raw = " ".join(label_cells)
    return Line(pos, cells, normalize_label(raw), raw, last_label + 1)


def trim_values(values: list[str], n: int) -> list[str]:
    """Drop blank cells beyond n (merged-cell debris, empty trailing columns)."""
    v = list(values)
    while len(v) > n and not v[-1]:
        v.pop()
    while len(v) > n and not v[0]:
        v.pop(0)
    return v


def read_cell(raw: str, whole: bool) -> tuple[Value, str | None]:
    """parse_value, plus a number followed by a bracketed remark ("55（含自然失效29件）")."""
    parsed = parse_value(raw, whole)
    if parsed.value is None and parsed.note:
        m = _ANNOTATED.match(unicodedata.normalize("NFKC", raw).strip())
        if m:
            again = parse_value(m.group(1), whole)
            if again.value is not None:
                return again.value, f"“{raw}”读作{again.value}（括号内是说明文字）"
    return parsed.value, parsed.note


def unplaced_row(
    result: GridResult, fmt: Format, keys: list[str], values: list[str], n: int
) -> None:
    shown = "、".join(v or "空" for v in values)
    for key in keys:
        result.values.setdefault(key, None)
    result.notes.append(
        Note(
            keys[0],
            f"{describe(fmt, keys[0]).split('／')[0]}：这一行读到{len(values)}个数（{shown}），"
            f"应有{n}个，无法确定各数所在的列，整行留空，请对照原文填写",
            shown,
        )
    )


def store_value(result: GridResult, fmt: Format, key: str, raw: str) -> None:
    cell = fmt.cell(key)
    value, note = read_cell(raw, cell.whole)
    result.values[key] = value
    if note:
        result.notes.append(Note(key, f"{describe(fmt, key)}：{note}", raw))
        if value is None:
            result.refused[key] = raw

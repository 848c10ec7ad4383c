"""Table 二 in a PDF text layer where rows' numbers sit on a line of their own, off their label.

A row label that wraps in its narrow column ("行政规范性" / "文件") makes the row taller and
its numbers land on a line above, between or below the label's lines; read forward, each label
would take the next row's numbers. Table 二 has no sums to check a guess against, so numbers
are moved only where there is no choice: between two rows that kept their numbers on their own
line, as many lines of bare numbers as rows whose labels stand alone, each line holding as many
numbers as its row has columns. The label line then gets its numbers; anything else is left as
it was (the readers after this note what they cannot place).
"""

from __future__ import annotations

from itertools import pairwise

from workbook.importers.labels.match import match_row
from workbook.importers.layout.cells import is_value_cell, split_row
from workbook.importers.layout.textrows import is_cell_per_line, is_dense_cells, is_pipe_row
from workbook.importers.layout.tokens import TABLE_MARK
from workbook.importers.repair.drift_place import SPACES
from workbook.model.format import Format, cell_key
from workbook.model.values import Note

STRAY = 2  # characters in front of bare numbers that are no label


def settle_active(lines: list[str], fmt: Format) -> tuple[list[str], list[Note]]:
    """Section 二's lines with numbers printed off their label moved onto the label's line,
    and notes for rows left blank; `lines` itself when nothing moved. (A table re-flowed onto
    one line is left to the stream reader: its header words run into the first label.)"""
    if any(ln.startswith(TABLE_MARK) or is_pipe_row(ln) for ln in lines):
        return lines, []
    if is_cell_per_line(lines) or is_dense_cells(lines):
        return lines, []
    table = fmt.tables["active"]
    rows = table.rows
    width = {i: len(b.columns) for b in table.blocks for i, r in enumerate(rows) if r in b.rows}
    given = lines
    bare: list[int] = []
    labels: dict[int, list[int]] = {}  # row -> its label-only lines
    anchors: list[tuple[int, int]] = []  # (line, row) of rows with their numbers beside them
    last = -1
    for i, ln in enumerate(lines):
        line = split_row(i, list(SPACES.split(ln.strip())) if ln.strip() else [])
        values = [v for v in line.values if v]
        if values and not all(is_value_cell(v) for v in values):
            return given, []
        row = _row(line.raw_label, rows, last) if line.label else None
        if values and row is None:
            if len(line.label) > STRAY:
                continue  # a header or title line with figures in it: no row
            bare.append(i)
        elif row is not None:
            last = row
            if values:
                anchors.append((i, row))
            else:
                labels.setdefault(row, []).append(i)
    if not bare:
        return given, []
    out = list(lines)
    notes: list[Note] = []
    bounds = [(-1, -1), *anchors, (len(lines), len(rows))]
    for (start, first), (end, after) in pairwise(bounds):
        stretch = [i for i in bare if start < i < end]
        free = [r for r in range(first + 1, after) if r in labels]
        if not stretch or not free:
            continue
        counts = [
            len([v for v in split_row(0, SPACES.split(lines[i].strip())).values if v])
            for i in stretch
        ]
        if (
            len(stretch) != len(free)
            or any(len(labels[r]) != 1 or not start < labels[r][0] < end for r in free)
            or counts != [width[r] for r in free]
        ):
            # labels without numbers and numbers without labels that do not pair up: none of
            # these numbers is placed (a guess would give a row its neighbour's numbers)
            for i in stretch:
                out[i] = ""
            notes.append(_note(fmt, free))
            continue
        for i, r in zip(stretch, free, strict=True):
            numbers = " ".join(split_row(0, SPACES.split(lines[i].strip())).values)
            out[labels[r][0]] = f"{lines[labels[r][0]].strip()} {numbers}"
            out[i] = ""
    return out, notes


def _note(fmt: Format, free: list[int]) -> Note:
    rows = fmt.tables["active"].rows
    block = next(b for b in fmt.tables["active"].blocks if rows[free[0]] in b.rows)
    names = "、".join(f"“{rows[r].label}”" for r in free)
    return Note(
        cell_key("active", rows[free[0]].id, block.columns[0].id),
        f"二：原文中{names}的数字与行标签错开，且数字组数与行数对不上，无法确定各组数字属于哪一行，"
        "这几行留空，请对照原文填写",
    )


def _row(text: str, rows: tuple, last: int) -> int | None:
    """The row a label names (the first one after `last` when several fit)."""
    found = [m.index for m in match_row(text, rows, strict=True) if m.score >= 0.9]
    later = [i for i in found if i > last]
    return min(later) if later else (min(found) if found else None)

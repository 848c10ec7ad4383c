"""Placing table 三's lines of bare numbers on rows, for drift.settle.

Between two rows that kept their numbers on their label's line, the lines of bare numbers go,
in order, to the rows between. With as many lines as rows that is the only placement; with
fewer, the labels printed right above and below each line narrow where it may go, and then the
form's sums and balances: the placements under which the most of them can be checked, and
hold. A line goes to a row only where every remaining placement agrees; the other rows of the
stretch stay blank (the caller notes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from math import comb

from workbook.importers.layout.cells import is_value_cell, read_cell, split_row
from workbook.importers.layout.tokens import without_page_marks
from workbook.model.format import Format, cell_key

SPACES = re.compile(r"[ \t\u3000\u00a0]+")
MAX_TRIED = 2000  # placements tried for one stretch of rows (a real table needs a handful)


@dataclass
class Shape:
    kinds: list[str]  # per line: bare (numbers only), anchor (label and numbers), label, other
    anchors: dict[int, tuple[int, int]]  # anchor line -> first and last row it stands for
    named: dict[int, frozenset[int]]  # label line -> rows its text may be (part of) the label of


def numbers(line: str) -> list[str]:
    return split_row(0, SPACES.split(line.strip())).values


def _neighbours(line: int, shape: Shape) -> frozenset[int] | None:
    """Rows whose label is printed right above or right below a line of bare numbers (lines
    naming no row in between are passed over); None when a neighbour names no row."""
    out: set[int] = set()
    for step in (-1, 1):
        j = line + step
        while 0 <= j < len(shape.kinds):
            kind = shape.kinds[j]
            if kind == "label" and shape.named[j]:
                out |= shape.named[j]
                break
            if kind in ("bare", "anchor"):
                break
            j += step
    return frozenset(out) if out else None


def _allowed(near: frozenset[int] | None, row: int) -> bool:
    return near is None or row in near


def place_stretch(
    pending: list[int],
    free: list[int],
    lines: list[str],
    fmt: Format,
    shape: Shape,
    assigned: dict[int, int],
    blank: list[list[int]],
) -> None:
    """Give the bare lines of one stretch to the free rows between two anchors, in order."""
    if not pending or not free:
        return
    if len(pending) > len(free):
        blank.append(free)
        return
    near = {i: _neighbours(i, shape) for i in pending}
    possible = _possible(pending, free, near)
    if not all(possible):  # the labels beside the numbers allow no placement: order alone
        near = dict.fromkeys(pending)
        possible = _possible(pending, free, near)
    if all(len(rows) == 1 for rows in possible) or comb(len(free), len(pending)) > MAX_TRIED:
        for line, rows in zip(pending, possible, strict=True):
            if len(rows) == 1:
                assigned[line] = next(iter(rows))
        left = [r for r in free if r not in assigned.values()]
        if left:
            blank.append(left)
        return
    by_labels = [
        p
        for p in combinations(free, len(pending))
        if all(_allowed(near[i], row) for i, row in zip(pending, p, strict=True))
    ]
    known = _known(lines, fmt, shape, assigned)
    fits = []
    for chosen in by_labels:
        values = dict(known)
        for line, row in zip(pending, chosen, strict=True):
            values.update(_row_values(fmt, row, numbers(lines[line])))
        checked = _checked(fmt, values)
        if checked:
            fits.append((checked, chosen))
    best = max((c for c, _ in fits), default=0)
    # The placements under which the most sums can be checked, and hold; with none, those the
    # labels allow. A line goes to a row only where all of them agree.
    top = [chosen for c, chosen in fits if c == best] or by_labels
    rows_taken: set[int] = set()
    for k, line in enumerate(pending):
        rows = {chosen[k] for chosen in top}
        if len(rows) == 1:
            assigned[line] = rows.pop()
            rows_taken.add(assigned[line])
    left = [r for r in free if r not in rows_taken]
    if left:
        blank.append(left)


def _possible(
    pending: list[int], free: list[int], near: dict[int, frozenset[int] | None]
) -> list[set[int]]:
    """For each bare line, the rows it takes in some placement in order that the labels
    allow (lines before it fit in the rows before, lines after it in the rows after)."""
    k, m = len(pending), len(free)
    ok = [[_allowed(near[p], r) for r in free] for p in pending]
    before = [[j == 0] * (m + 1) for j in range(k + 1)]  # lines < j fit in rows < r
    for j in range(k):
        for r in range(m):
            before[j + 1][r + 1] = before[j + 1][r] or (ok[j][r] and before[j][r])
    after = [[j == k] * (m + 1) for j in range(k + 1)]  # lines >= j fit in rows >= r
    for j in range(k - 1, -1, -1):
        for r in range(m - 1, -1, -1):
            after[j][r] = after[j][r + 1] or (ok[j][r] and after[j + 1][r + 1])
    return [
        {free[r] for r in range(m) if ok[j][r] and before[j][r] and after[j + 1][r + 1]}
        for j in range(k)
    ]


def _row_values(fmt: Format, row: int, raws: list[str]) -> dict[str, int]:
    table = fmt.tables["requests"]
    out: dict[str, int] = {}
    if len(raws) != len(table.blocks[0].columns):
        return out  # a row printed with a cell missing: its numbers prove nothing
    for col, raw in zip(table.blocks[0].columns, raws, strict=True):
        v, _ = read_cell(raw, True)
        if isinstance(v, int):
            out[cell_key("requests", table.rows[row].id, col.id)] = v
    return out


def _known(lines: list[str], fmt: Format, shape: Shape, assigned: dict[int, int]) -> dict[str, int]:
    values: dict[str, int] = {}
    for i, (first, end) in shape.anchors.items():
        if first == end:
            values.update(_row_values(fmt, first, numbers(lines[i])))
    for i, row in assigned.items():
        values.update(_row_values(fmt, row, numbers(lines[i])))
    return values


def _checked(fmt: Format, values: dict[str, int]) -> int:
    """How many sums and balances of 三 have all their cells known; 0 when one of them fails."""
    checked = 0
    for eq in fmt.equations("requests"):
        if all(k in values for k in eq):
            checked += 1
            if sum(c * values[k] for k, c in eq.items()) != 0:
                return 0
    return checked


def split_runs(lines: list[str], n: int, *, chunk: bool) -> list[str]:
    """Lines with more numbers than one row has (`n`), cut where labels and numbers
    alternate; with `chunk`, a run of k·n numbers is k rows' (every row has n columns)."""
    out: list[str] = []
    for ln in lines:
        words = SPACES.split(ln.strip())
        if sum(is_value_cell(w) for w in words if w) <= n:
            out.append(ln)
            continue
        words = SPACES.split(without_page_marks(ln).strip())
        pieces: list[list[str]] = []
        for w in words:
            if not pieces or is_value_cell(w) != is_value_cell(pieces[-1][-1]):
                pieces.append([])
            pieces[-1].append(w)
        for piece in pieces:
            # two rows' numbers with no label between them (one printed above its label)
            step = n if chunk and is_value_cell(piece[0]) and len(piece) % n == 0 else len(piece)
            out.extend(" ".join(piece[i : i + step]) for i in range(0, len(piece), step))
    return out

"""Rows of table 三 whose labels and numbers came apart: several labels printed together and
their numbers after them in one run, or a row's numbers printed under the next row's label
(a PDF's columns read in the wrong order, a page re-flowed onto one line).

A window is a stretch of consecutive label groups of 三 in the stream whose number runs do not
match their labels one for one, but whose numbers together are exactly as many as the window's
rows need (k × 7), with every row of the form inside it named and the rows either side read
one for one (so no row outside can own some of its numbers). The runs are cut into whole rows,
read in two ways — in the order of the form's rows, and in the order the labels were printed —
and a reading is kept only when it satisfies the form's arithmetic where it can be checked
(row total = its parts, （七）总计 = the results, 一+二 = （七）+四) and every reading that
does gives the same numbers (rows of zeros swap freely). Otherwise the window is left to the
caller (blank + note). Bounded: at most MAX_ROWS rows per window, two readings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workbook.importers.labels.match import RowMatcher
from workbook.importers.layout.cells import GridResult, store_value
from workbook.importers.layout.tokens import NUMBER, ZERO, Token
from workbook.model.format import Format
from workbook.model.report import Value
from workbook.model.values import Note, parse_value

MAX_ROWS = 12  # a window wider than this is not one displaced label: left to the caller


@dataclass
class Window:
    items: list[int]  # the stream's label groups (batch index), in stream order
    rows: list[int]  # the slots whose numbers are looked for, in form order
    printed: list[int]  # the same slots in the order their labels were printed
    chunks: list[tuple[str, ...]]  # the numbers, cut into whole rows, in stream order


def windows(
    order: list[int],
    batches: dict[int, list[Token]],
    displaced: dict[int, list[int]],
    matcher: RowMatcher,
) -> list[Window]:
    """Stretches of label groups of 三 whose numbers add up to whole rows only together: from
    a group with too many or too few numbers, over the groups after it, until the count of
    numbers is again exactly what the rows need."""
    out: list[Window] = []
    current: list[int] = []
    balance = 0  # numbers read minus numbers the window's rows need
    for index in order:
        rows = [*displaced.get(index, []), index]
        slots = [matcher.slots[j] for j in rows]
        values = batches[index]
        n = len(slots[0].keys)
        fits = (
            all(s.table == "requests" and len(s.keys) == n for s in slots)
            and all(t.kind in (NUMBER, ZERO) for t in values)
            and len(values) % n == 0
        )
        if not fits:
            current, balance = [], 0
            continue
        surplus = len(values) - len(rows) * n
        if not current and surplus == 0 and index not in displaced:
            continue  # a row read one for one
        current.append(index)
        balance += surplus
        if balance == 0:
            w = _window(current, batches, displaced, matcher)
            if w is not None:
                out.append(w)
            current = []
    return out


def _window(
    items: list[int],
    batches: dict[int, list[Token]],
    displaced: dict[int, list[int]],
    matcher: RowMatcher,
) -> Window | None:
    printed = [j for i in items for j in [*displaced.get(i, []), i]]
    rows = sorted(set(printed))
    n = len(matcher.slots[rows[0]].keys)
    numbers = [t.text for i in items for t in batches[i] if t.kind in (NUMBER, ZERO)]
    if len(numbers) != len(rows) * n or not 1 < len(rows) <= MAX_ROWS:
        return None
    # Every row of the form between the window's first and last row was named in the stream:
    # a row never found could own some of these numbers.
    if any(j not in batches and not _inside(j, displaced) for j in range(rows[0], rows[-1] + 1)):
        return None
    # The rows either side were read one for one (or the table ends there): the window is
    # closed, no row outside it can own some of its numbers.
    table = [j for j, s in enumerate(matcher.slots) if s.table == "requests"]
    for j in (rows[0] - 1, rows[-1] + 1):
        if j in table and not _one_for_one(j, batches, displaced, n):
            return None
    chunks = [tuple(numbers[k : k + n]) for k in range(0, len(numbers), n)]
    return Window(items, rows, printed, chunks)


def _one_for_one(
    j: int, batches: dict[int, list[Token]], displaced: dict[int, list[int]], n: int
) -> bool:
    return (
        j in batches
        and j not in displaced
        and not _inside(j, displaced)
        and len(batches[j]) == n
        and all(t.kind in (NUMBER, ZERO) for t in batches[j])
    )


def _inside(j: int, displaced: dict[int, list[int]]) -> bool:
    return any(j in others for others in displaced.values())


def assign(
    window: Window, fmt: Format, matcher: RowMatcher, known: dict[str, Value]
) -> dict[str, str] | None:
    """The printed text of each cell in the one assignment of the window's rows of numbers
    that the arithmetic allows, or None."""
    parsed: list[tuple[Value, ...]] = []
    for chunk in window.chunks:
        row = tuple(parse_value(x).value for x in chunk)
        if any(v is None for v in row):
            return None
        parsed.append(row)
    keys = [matcher.slots[j].keys for j in window.rows]
    equations = [eq for eq in fmt.equations("requests") if any(k in eq for ks in keys for k in ks)]
    found: dict[str, Value] | None = None
    printed: dict[str, str] = {}
    seen: set[tuple[tuple[Value, ...], ...]] = set()
    # The numbers of a table come in the order of its rows, or of its labels as printed.
    position = {j: k for k, j in enumerate(window.rows)}
    readings = [list(range(len(parsed))), [position[j] for j in window.printed]]
    for reading in readings:
        # reading[k]: the row (index in window.rows) the k-th printed chunk belongs to
        order = [0] * len(parsed)
        for k, r in enumerate(reading):
            order[r] = k
        rows = tuple(parsed[i] for i in order)
        if rows in seen:
            continue
        seen.add(rows)
        values = dict(known)
        for ks, row in zip(keys, rows, strict=True):
            values.update(zip(ks, row, strict=True))
        if not all(_holds(eq, values) for eq in equations):
            continue
        candidate = {k: values[k] for ks in keys for k in ks}
        if found is not None and candidate != found:
            return None  # two readings fit the sums: which is right cannot be told
        if found is None:
            printed = {
                k: raw
                for ks, i in zip(keys, order, strict=True)
                for k, raw in zip(ks, window.chunks[i], strict=True)
            }
        found = candidate
    return printed if found is not None else None


def _holds(eq: dict[str, int], values: dict[str, Value]) -> bool:
    """An equation holds, or cannot be checked (a cell of it not read)."""
    total: int | Decimal = 0
    for key, coef in eq.items():
        v = values.get(key)
        if v is None:
            return True
        total += coef * v
    return total == 0


def regroup(window: Window, fmt: Format, matcher: RowMatcher, result: GridResult) -> bool:
    """Store the window's numbers when only one assignment fits, with a note; False if none."""
    printed = assign(window, fmt, matcher, result.values)
    if printed is None:
        return False
    for key, raw in printed.items():
        store_value(result, fmt, key, raw)
    result.found.add("requests")
    first = matcher.slots[window.rows[0]]
    names = "、".join(f"“{matcher.slots[j].label}”" for j in window.rows)
    shown = " ".join(x for chunk in window.chunks for x in chunk)
    how = (
        "按行的顺序读取，与表内勾稽关系相符" if len(set(window.chunks)) > 1 else "这几行的数字相同"
    )
    result.notes.append(
        Note(
            first.keys[0],
            f"三：原文中{names}的行标签和数字没有一一对应（{shown}），{how}，已读取，请核对",
            shown,
        )
    )
    return True

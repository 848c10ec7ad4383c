"""Cells that ran together ("77132470"), split by the format's own arithmetic — uniquely or not.

A row whose printed pieces are fewer than its columns is cut into every sequence of valid
numbers (no leading zeros, a sign only in a 本年增/减 column); the sums of the format (row
totals, （七）总计 = its parts, 一+二 = （七）+四 per column, 四's group totals) then keep only
the cuts that fit. A cut is accepted only when it is the only one that fits; otherwise the
row stays blank and the note says which cuts were possible. The search is bounded (a node
budget), so a hostile page cannot make it slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from workbook.model.format import Format

Value = int | Decimal
_COUNT = re.compile(r"^(0|[1-9]\d*)$")
_DELTA = re.compile(r"^[+\-]?(0|[1-9]\d*)$")
_AMOUNT = re.compile(r"^(0|[1-9]\d*)(\.\d+)?$")
ROW_BUDGET = 60_000  # DFS steps per row
JOINT_BUDGET = 60_000  # combinations tried across rows


class TooMany(Exception):
    """The search budget ran out: the row is left blank."""


@dataclass
class Pending:
    """A row whose pieces must be cut: keys in column order, the printed pieces."""

    keys: list[str]
    kinds: list[str]
    pieces: list[str]
    candidates: list[tuple[Value, ...]] = field(default_factory=list)
    exhausted: bool = False


def _valid(piece: str, kind: str) -> Value | None:
    if kind == "amount":
        return Decimal(piece) if _AMOUNT.match(piece) else None
    if kind == "delta":
        return int(piece) if _DELTA.match(piece) else None
    return int(piece) if _COUNT.match(piece) else None


def row_equations(fmt: Format, keys: list[str]) -> list[tuple[int, tuple[int, ...]]]:
    """(total index, part indexes) for the format's sums that lie within one row."""
    where = {k: i for i, k in enumerate(keys)}
    out = []
    for s in fmt.sums:
        if s.total in where and all(p in where for p in s.parts):
            out.append((where[s.total], tuple(where[p] for p in s.parts)))
    return out


def cuts(
    pieces: list[str],
    kinds: list[str],
    equations: list[tuple[int, tuple[int, ...]]],
    budget: int = ROW_BUDGET,
) -> list[tuple[Value, ...]]:
    """Every way to cut `pieces` into len(kinds) valid numbers that satisfies `equations`."""
    n = len(kinds)
    out: list[tuple[Value, ...]] = []
    values: list[Value] = []
    steps = 0
    by_total = {t: parts for t, parts in equations}
    # An equation is checked when its last cell is placed.
    check_at: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
    for t, parts in equations:
        check_at.setdefault(max(t, *parts), []).append((t, parts))
    remaining = [sum(len(p) for p in pieces[i:]) for i in range(len(pieces) + 1)]

    def fits(col: int) -> bool:
        return all(values[t] == sum(values[p] for p in parts) for t, parts in check_at.get(col, ()))

    def dfs(pi: int, off: int, col: int) -> None:
        nonlocal steps
        steps += 1
        if steps > budget:
            raise TooMany
        if col == n:
            if pi == len(pieces):
                out.append(tuple(values))
            return
        if pi == len(pieces):
            return
        s = pieces[pi]
        cols_left = n - col
        chars_left = remaining[pi] - off
        if cols_left > chars_left or len(pieces) - pi > cols_left:
            return
        last_piece = pi == len(pieces) - 1
        # The total of a sum whose parts are all placed is known: only its own digits fit.
        if col in by_total and all(p < col for p in by_total[col]):
            want = str(sum(values[p] for p in by_total[col]))
            ends = [off + len(want)] if s.startswith(want, off) else []
        else:
            ends = range(off + 1, len(s) + 1)
        for end in ends:
            if end > len(s):
                break
            if last_piece and len(s) - end < cols_left - 1:
                break
            v = _valid(s[off:end], kinds[col])
            if v is None:
                if s[off] == "0" and kinds[col] != "amount":
                    break  # a leading zero: longer pieces are no better
                continue
            values.append(v)
            if fits(col):
                if end == len(s):
                    dfs(pi + 1, 0, col + 1)
                else:
                    dfs(pi, end, col + 1)
            values.pop()

    dfs(0, 0, 0)
    return out


def solve(
    pending: list[Pending],
    fixed: dict[str, Value | None],
    equations: list[dict[str, int]],
    budget: int = JOINT_BUDGET,
) -> dict[int, tuple[Value, ...]]:
    """Index in `pending` -> the one cut all solutions agree on (rows with several stay out).

    `equations` are linear: key -> coefficient, sum == 0. One that names a blank or unknown
    cell is not used. With no solution at all (the report's own arithmetic is wrong elsewhere)
    only rows with a single cut of their own are accepted.
    """
    owner: dict[str, int] = {}
    for i, p in enumerate(pending):
        for k in p.keys:
            owner[k] = i
    usable = []
    for eq in equations:
        if all(k in owner or fixed.get(k) is not None for k in eq):
            rows = {owner[k] for k in eq if k in owner}
            if rows:
                usable.append((eq, rows))
    active = [i for i, p in enumerate(pending) if p.candidates and not p.exhausted]
    active.sort(key=lambda i: len(pending[i].candidates))
    position = {i: n for n, i in enumerate(active)}
    check_at: dict[int, list[dict[str, int]]] = {}
    for eq, rows in usable:
        if rows <= set(active):
            check_at.setdefault(max(position[r] for r in rows), []).append(eq)
    chosen: dict[int, tuple[Value, ...]] = {}
    seen: dict[int, set[tuple[Value, ...]]] = {i: set() for i in active}
    steps = 0
    solutions = 0

    def value(k: str) -> Value:
        if k in owner and owner[k] in chosen:
            p = pending[owner[k]]
            return chosen[owner[k]][p.keys.index(k)]
        return fixed[k]  # type: ignore[return-value]

    def dfs(n: int) -> None:
        nonlocal steps, solutions
        if n == len(active):
            solutions += 1
            for i in active:
                seen[i].add(chosen[i])
            return
        i = active[n]
        for cand in pending[i].candidates:
            steps += 1
            if steps > budget:
                raise TooMany
            chosen[i] = cand
            if all(sum(c * value(k) for k, c in eq.items()) == 0 for eq in check_at.get(n, ())):
                dfs(n + 1)
            del chosen[i]

    try:
        dfs(0)
    except TooMany:
        solutions = 0
    if solutions:
        return {i: next(iter(s)) for i, s in seen.items() if len(s) == 1}
    return {i: pending[i].candidates[0] for i in active if len(pending[i].candidates) == 1}


def format_equations(fmt: Format, table: str) -> list[dict[str, int]]:
    """The format's sums and balances of one table as linear equations over cell keys."""
    prefix = table + "."
    out: list[dict[str, int]] = []
    for s in fmt.sums:
        if s.total.startswith(prefix):
            eq = {s.total: -1}
            for p in s.parts:
                eq[p] = eq.get(p, 0) + 1
            out.append(eq)
    for b in fmt.balances:
        if b.left and b.left[0].startswith(prefix):
            eq: dict[str, int] = {}
            for k in b.left:
                eq[k] = eq.get(k, 0) + 1
            for k in b.right:
                eq[k] = eq.get(k, 0) - 1
            out.append(eq)
    return out

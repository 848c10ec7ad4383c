"""Cells that ran together ("77132470"), split by the format's own arithmetic — uniquely or not.

A row whose printed pieces are fewer than its columns is cut into every sequence of valid
numbers (no leading zeros, a sign only in a 本年增/减 column — so a printed sign marks where
that column starts); the equations of the form (Format.equations: row totals, （七）总计 = its
parts, 一+二 = （七）+四 per column, 四's group totals, in either format) then keep only the
cuts that fit. A cut is accepted only when it is the only one that fits; otherwise the row
stays blank except the cells every possible cut agrees on, and the note lists the cuts. The
search is bounded (a node budget), so a hostile page cannot make it slow.

Contract of `settle_runs`: every pending row's keys end up in the result — a number only
where the arithmetic admits one reading of that cell, else blank with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from workbook.importers.layout.cells import GridResult
from workbook.model.cellnames import describe
from workbook.model.format import Format
from workbook.model.values import Note

Value = int | Decimal
_COUNT = re.compile(r"^(0|[1-9]\d*)$", re.ASCII)  # other scripts' digits: never silently
_DELTA = re.compile(r"^[+\-]?(0|[1-9]\d*)$", re.ASCII)
_AMOUNT = re.compile(r"^(0|[1-9]\d*)(\.\d+)?$", re.ASCII)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
REPORT_BUDGET = 20_000  # search steps for all the run-together rows of one report (~100 ms)
JOINT_BUDGET = 20_000  # combinations tried across rows
MAX_CUTS = 60  # a row with more cuts that fit its own sums is left blank outright


class TooMany(Exception):
    """The search budget ran out: the row is left blank."""


class Settled(Exception):
    """Every row already has two different cuts that fit: searching on changes nothing."""


@dataclass
class Pending:
    """A row whose pieces must be cut: keys in column order, the printed pieces."""

    keys: list[str]
    kinds: list[str]
    pieces: list[str]
    candidates: list[tuple[Value, ...]] = field(default_factory=list)
    exhausted: bool = False
    blank_or_run: bool = False  # pieces printed apart and no sum to decide: not cut


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


def _plan(n: int, equations: list[tuple[int, tuple[int, ...]]]) -> list[tuple[int, int]]:
    """Columns as segments (first, last): a sum block "parts… then their total" is one
    segment (its total is the last column), every other column a segment of its own."""
    blocks = {}
    for total, parts in equations:
        first = min(parts)
        if sorted(parts) == list(range(first, total)):
            blocks[first] = total
    plan = []
    col = 0
    while col < n:
        last = blocks.get(col, col)
        plan.append((col, last))
        col = last + 1
    return plan


def cuts(
    pieces: list[str],
    kinds: list[str],
    equations: list[tuple[int, tuple[int, ...]]],
    limit: int = MAX_CUTS,
    budget: list[int] | None = None,
) -> list[tuple[Value, ...]]:
    """Every way (up to `limit`, else TooMany) to cut `pieces` into len(kinds) valid numbers
    that satisfies `equations` (sums within the row). A cut never crosses a printed gap.

    A sum block is solved total first: the total's digits are chosen, then its parts are cut
    from the digits before it with their sum known (memoized), so the search stays small.
    `budget` ([steps left]) is shared by the rows of one report: the whole search is bounded
    however hostile the page.
    """
    steps_left = budget if budget is not None else [REPORT_BUDGET]
    text = "".join(pieces)
    size = len(text)
    gaps = set()
    at = 0
    for p in pieces[:-1]:
        at += len(p)
        gaps.add(at)
    plan = _plan(len(kinds), equations)
    out: list[tuple[Value, ...]] = []

    def tick() -> None:
        steps_left[0] -= 1
        if steps_left[0] < 0:
            raise TooMany

    # next_gap[i]: the first printed gap after position i (a cut may end there, not beyond).
    next_gap = [size] * (size + 1)
    upcoming = size
    for i in range(size, -1, -1):
        next_gap[i] = upcoming
        if i in gaps:
            upcoming = i

    def ends(i: int, kind: str, stop: int):
        for j in range(i + 1, min(stop, next_gap[i]) + 1):
            tick()
            v = _valid(text[i:j], kind)
            if v is None:
                if text[i] == "0" and kind != "amount":
                    return
                continue
            yield j, v

    memo: dict[tuple[int, int, int, int], list[tuple[Value, ...]]] = {}

    def parts_summing(i: int, end: int, col: int, last: int, rem: int) -> list[tuple[Value, ...]]:
        """Cuts of text[i:end] into columns col..last (count columns) summing to rem."""
        key = (i, end, col, rem)
        if key in memo:
            return memo[key]
        k = last - col + 1
        found: list[tuple[Value, ...]] = []
        n = end - i
        if k and (
            n > k * len(str(rem))
            or n < k
            or rem > 10 ** (n - k + 1) + 9 * k
            or (n > k and rem < 10 ** (-(-n // k) - 1))
        ):
            pass  # more digits than k parts no larger than rem can hold, or too few
        elif k == 0:
            found = [()] if i == end and rem == 0 else []
        elif end - i >= k:
            for j, v in ends(i, kinds[col], end - (k - 1)):
                if v > rem:
                    break
                left = int(rem - v)
                if end - j > (k - 1) * len(str(left)):
                    continue
                for rest in parts_summing(j, end, col + 1, last, left):
                    found.append((v, *rest))
                    if len(found) > limit:
                        break
        memo[key] = found
        return found

    def go(pos: int, seg: int, acc: tuple[Value, ...]) -> None:
        if len(out) > limit:
            raise TooMany
        if seg == len(plan):
            if pos == size:
                out.append(acc)
            return
        first, last = plan[seg]
        cols_after = len(kinds) - last - 1
        if first == last:
            for j, v in ends(pos, kinds[first], size - cols_after):
                go(j, seg + 1, (*acc, v))
            return
        k = last - first  # parts before the total
        for t0 in range(pos + k, size - cols_after):
            for e, total in ends(t0, kinds[last], size - cols_after):
                if isinstance(total, Decimal) or (cols_after == 0 and e != size):
                    continue  # the row's last total runs to the end of its digits
                for parts in parts_summing(pos, t0, first, last - 1, total):
                    go(e, seg + 1, (*acc, *parts, total))

    go(0, 0, ())
    if len(out) > limit:
        raise TooMany
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
    possible = {i for i, p in enumerate(pending) if p.candidates and not p.exhausted}
    usable = [(eq, rows) for eq, rows in usable if rows <= possible]
    # Only rows that some sum links to the others are searched together; a row no sum
    # reaches is decided by its own cuts alone.
    linked: set[int] = set()
    for _, rows in usable:
        linked |= rows
    own = {
        i: pending[i].candidates[0] for i in possible - linked if len(pending[i].candidates) == 1
    }
    active = sorted(linked, key=lambda i: len(pending[i].candidates))
    position = {i: n for n, i in enumerate(active)}
    check_at: dict[int, list[dict[str, int]]] = {}
    for eq, rows in usable:
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
            if all(len(seen[i]) > 1 for i in active):
                raise Settled  # no row can become unique any more
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
    except Settled:
        pass
    if solutions:
        return own | {i: next(iter(s)) for i, s in seen.items() if len(s) == 1}
    return own | {i: pending[i].candidates[0] for i in active if len(pending[i].candidates) == 1}


def _shown(cut: tuple) -> str:
    return "、".join(str(v) for v in cut)


def respaced_zeros(pieces: list[str], n: int) -> list[str] | None:
    """A row of zeros the page re-spaced ("00 00000", "0 00 0 0 00") as one run, when it
    holds exactly one 0 per cell: a 0 cannot start a longer number, so it is the only cut."""
    if len(pieces) > 1 and all(set(p) == {"0"} for p in pieces) and len("".join(pieces)) == n:
        return ["".join(pieces)]
    return None


def _agreed(candidates: list[tuple[Value, ...]]) -> list[int]:
    """Columns on which every possible cut agrees (a printed sign fixes where 增/减 starts)."""
    if len(candidates) < 2:
        return []
    return [j for j in range(len(candidates[0])) if len({c[j] for c in candidates}) == 1]


def settle_runs(pending: list[Pending], fmt: Format, result: GridResult) -> None:
    """Cut the rows whose numbers ran together; keep only cuts that are the only fit."""
    if not pending:
        return
    budget = [REPORT_BUDGET]  # shared: short rows first, so a hostile row cannot starve them
    for p in pending:  # full-width digits are the digits they show; other scripts are not cut
        p.pieces = [x.translate(_FULL_WIDTH) for x in p.pieces]
    for p in sorted(pending, key=lambda p: sum(len(x) for x in p.pieces)):
        zeros = respaced_zeros(p.pieces, len(p.keys))
        if zeros:
            p.pieces = zeros
        elif len(p.pieces) > 1:
            # Printed apart and too few: a cell printed empty is as likely as two that ran
            # together ("12 3" may be 12, blank, 3), and no sum can tell them apart.
            p.blank_or_run = True
            continue
        try:
            p.candidates = cuts(p.pieces, p.kinds, row_equations(fmt, p.keys), budget=budget)
        except TooMany:
            p.exhausted = True
    fixed = dict(result.values)
    equations = [eq for t in ("requests", "appeals") for eq in fmt.equations(t)]
    try:
        chosen = solve(pending, fixed, equations)
    except TooMany:
        chosen = {}
    for i, p in enumerate(pending):
        raw = " ".join(p.pieces)
        where = describe(fmt, p.keys[0]).split("／")[0]
        if i in chosen:
            for key, v in zip(p.keys, chosen[i], strict=True):
                result.values[key] = v
            if not any(c in "123456789" for c in raw):
                continue  # zeros only ("0000000"): nothing else they could be
            result.notes.append(
                Note(
                    p.keys[0],
                    f"{where}：原文数字连在一起（{raw}），按表内勾稽关系只有一种拆法：{_shown(chosen[i])}，请核对",
                    raw,
                )
            )
            continue
        for key in p.keys:
            result.values.setdefault(key, None)
        head = f"原文数字连在一起（{raw}）"
        if p.blank_or_run:
            head = f"这一行读到{len(p.pieces)}个数（{raw}），应有{len(p.keys)}个"
            why = "可能有空格也可能有数字连在一起，无法确定"
        elif p.exhausted:
            why = "可能的拆法太多"
        elif not p.candidates:
            why = "没有一种拆法符合表内的勾稽关系"
        else:
            shown = "；".join(_shown(c) for c in p.candidates[:3])
            more = "等" if len(p.candidates) > 3 else ""
            why = f"有{len(p.candidates)}种拆法都说得通（{shown}{more}）"
        agreed = [] if p.blank_or_run or p.exhausted else _agreed(p.candidates)
        tail = "这一行留空"
        if agreed:
            for j in agreed:
                result.values[p.keys[j]] = p.candidates[0][j]
            names = "、".join(
                f"{fmt.cell(p.keys[j]).col_label}（{p.candidates[0][j]}）" for j in agreed
            )
            tail = f"各种拆法中{names}都相同，已读取，其余留空"
        result.notes.append(
            Note(
                p.keys[0],
                f"{where}：{head}，{why}，{tail}，请对照原文填写",
                raw,
            )
        )

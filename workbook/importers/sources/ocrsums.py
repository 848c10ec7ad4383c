"""The form's arithmetic decides what OCR read: a number stands only where the sums confirm it.

OCR misreads and drops digits; it cannot say which of its readings are wrong. The form can: every
row of table 三 adds up to its 总计, every column to （七）总计, 新收 + 上年结转 = 办理结果 +
结转下年度, and so on (Format.equations). What the equations imply from a set of readings is their
*closure*: the one unknown of an equation is the difference; several unknowns on one side of an
equation that already balances are all 0 (counts are never negative); an equation with every cell
known that does not add up — or that would need a negative or fractional count — is *broken*.

The rule, in three steps (never a guessed number):

1. **A consistent base.** The readings of cells in equations are the base, sure or not (the rule
   below holds whichever reading is wrong). While the closure of the base breaks an equation, the readings it rests on are suspects: if dropping one suspect
   alone mends everything, the suspects that can do so are doubted; otherwise all of them are.
   Doubted readings leave the base (they may come back in step 3).
2. **Confirmed readings.** A reading is confirmed when the other readings of the base imply the
   same value (it lies in an equation that holds without it). A doubted reading is confirmed
   when the base implies its value: two independent sources agree. A reading the base
   contradicts is left blank with both numbers in the note; an unsure one nothing confirms, too.
3. **Derived values are confirmed independently.** A cell not read gets a value only when the base
   implies it *and still implies the same value with any one reading of the base taken away*. So
   one confident misread cannot produce a wrong derived number: a misread and a missing cell in
   the same equation make the equation absorb the error, and the derivation must then be found
   again through another equation that does not contain the misread. In table 三 every cell lies in
   a row and a column; in table 四 each cell lies in one equation only, so a missing cell there is
   never filled: the value the sums suggest is put in the note for the clerk.

Two misreads that cancel in one equation of table 三 break the crossing equations: neither can be
dropped alone, so every reading of the broken equations is doubted and each comes back only where
its other equation confirms it. Two misreads cancelling in a row of table 四 cannot be seen by any
arithmetic (no other equation holds those cells); such a row is confirmed by its own sum only.

What the arithmetic does not settle stays as read — marked for the clerk — when the reader was
sure and no equation contradicts it, and blank with a note otherwise (workbook.importers.sources.ocr).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from workbook.model.format import Format
from workbook.model.report import Value

Equation = tuple[tuple[str, ...], tuple[str, ...]]  # sum(left) == sum(right)
_MOST_PAIRS = 600  # pairs of readings tried as the two misreads (a millisecond or two each)


def equations(fmt: Format) -> list[Equation]:
    """Every equation of the form (Format.equations), as the two sides that must be equal."""
    out: list[Equation] = []
    for table in fmt.tables:
        for eq in fmt.equations(table):
            if any(abs(c) != 1 for c in eq.values()):
                continue  # a cell counted twice: not a plain sum, left to the rules
            out.append(
                (tuple(k for k, c in eq.items() if c < 0), tuple(k for k, c in eq.items() if c > 0))
            )
    return out


@dataclass
class Settled:
    """What the arithmetic made of the readings."""

    values: dict[str, Value] = field(default_factory=dict)  # confirmed or derived
    derived: set[str] = field(default_factory=set)  # not read, computed and confirmed
    expected: dict[str, Value] = field(default_factory=dict)  # read; the sums want this instead
    contradicted: set[str] = field(default_factory=set)  # read, but an equation says no
    wanted: dict[str, Value] = field(default_factory=dict)  # not read; the sums suggest this,
    # but not independently: left blank, the value in the note


@dataclass
class _Closure:
    values: dict[str, Value]
    support: dict[str, frozenset[str]]  # the readings each value rests on
    broken: list[int]  # equations that cannot hold


class _System:
    """The form's equations over the cells they hold, and what they imply from readings."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.eqs = [e for e in equations(fmt) if all(fmt.has_cell(k) for k in (*e[0], *e[1]))]
        self.of: dict[str, list[int]] = defaultdict(list)
        for i, (left, right) in enumerate(self.eqs):
            for k in (*left, *right):
                self.of[k].append(i)

    def closure(self, given: dict[str, Value]) -> _Closure:
        known: dict[str, Value] = dict(given)
        support = {k: frozenset((k,)) for k in given}
        broken: list[int] = []
        queue = list(range(len(self.eqs)))
        waiting = set(queue)
        while queue:
            i = queue.pop()
            waiting.discard(i)
            if i in broken:
                continue
            found = self._imply(i, known)
            if found is None:
                broken.append(i)
                continue
            if not found:
                continue
            left, right = self.eqs[i]
            basis = frozenset().union(*(support[k] for k in (*left, *right) if k in known))
            for key, value in found:
                known[key] = value
                support[key] = basis
                for j in self.of[key]:
                    if j not in waiting:
                        waiting.add(j)
                        queue.append(j)
        return _Closure(known, support, broken)

    def _imply(self, i: int, known: dict[str, Value]) -> list[tuple[str, Value]] | None:
        """What equation `i` settles from `known`: new values, or None when it cannot hold."""
        left, right = self.eqs[i]
        unknown = [k for k in (*left, *right) if k not in known]
        gap = _total([known[k] for k in right if k in known]) - _total(
            [known[k] for k in left if k in known]
        )  # what the unknowns on the left must add (minus those on the right)
        if not unknown:
            return None if gap != 0 else []
        if len(unknown) == 1:
            key = unknown[0]
            value = gap if key in left else -gap
            typed: Value = int(value) if self.fmt.cell(key).whole else value
            return [(key, typed)] if _fits(self.fmt, key, value) else None
        sides = {k in left for k in unknown}
        if len(sides) > 1 or any(self.fmt.cell(k).may_be_negative for k in unknown):
            return []
        need = gap if unknown[0] in left else -gap  # what the unknowns add up to
        if need < 0:
            return None  # counts that would have to be negative
        if need > 0:
            return []
        return [(k, 0 if self.fmt.cell(k).whole else Decimal(0)) for k in unknown]

    def direct(self, key: str, base: dict[str, Value]) -> bool:
        """`key` lies in an equation whose every cell is in `base` (so the others imply it)."""
        return any(all(k in base for k in self.cells(i)) for i in self.of[key])

    def table(self, i: int) -> str:
        return self.fmt.cell(self.eqs[i][0][0] if self.eqs[i][0] else self.eqs[i][1][0]).table

    def cells(self, i: int) -> tuple[str, ...]:
        left, right = self.eqs[i]
        return (*left, *right)


def _fits(fmt: Format, key: str, value: Decimal) -> bool:
    cell = fmt.cell(key)
    if value < 0 and not cell.may_be_negative:
        return False
    return not cell.whole or value == int(value)


def _total(values: list[Value]) -> Decimal:
    return sum((Decimal(v) for v in values if v is not None), Decimal(0))


def settle(fmt: Format, read: dict[str, Value], sure: set[str]) -> Settled:
    """Readings (`sure`: those the reader was confident of) checked against the equations, by the
    rule of the module docstring. A reading is never overwritten: a printed report can be wrong
    in itself, and the sums must not "correct" what the clerk printed."""
    system = _System(fmt)
    held = set(system.of)
    base: dict[str, Value] = {k: v for k, v in read.items() if v is not None and k in held}
    base = _consistent(system, base)
    implied = system.closure(base).values
    out = Settled()
    # Step 2: readings of the base confirmed by the others; step 3: derived values that survive
    # the loss of any one reading.
    steady = {k: v for k, v in implied.items() if k not in base}
    for m in base:
        if system.direct(m, base):
            out.values[m] = base[m]  # the others imply it; without it nothing changes
            continue
        without = dict(base)
        del without[m]
        others = system.closure(without).values
        if others.get(m) == base[m]:
            out.values[m] = base[m]
        steady = {k: v for k, v in steady.items() if others.get(k) == v}
    for key, value in implied.items():
        got = read.get(key)
        if key in base:
            continue
        if got is None:
            if key in steady:
                out.values[key] = value
                out.derived.add(key)
            else:
                out.wanted[key] = value
        elif got == value:
            out.values[key] = got  # an unsure or doubted reading the others confirm
        else:
            out.expected[key] = value
    # Doubted readings the base says nothing about, and unsure ones nothing confirmed (a cell
    # in no equation, such as table 二's, is the reader's word alone: kept if sure, and marked).
    out.contradicted.update(
        k
        for k, v in read.items()
        if v is not None and ((k in held and k not in base) or k not in sure)
    )
    out.contradicted -= set(out.values)
    out.contradicted -= set(out.expected)
    return out


def _consistent(system: _System, base: dict[str, Value]) -> dict[str, Value]:
    """Step 1: the base without the readings that break an equation, table by table (a table's
    equations share no cell with another's, so each table's misreads are explained alone)."""
    while True:
        closure = system.closure(base)
        if not closure.broken:
            return base
        doubted: set[str] = set()
        for table in {system.table(i) for i in closure.broken}:
            doubted |= _explain(system, base, closure, table)
        base = {k: v for k, v in base.items() if k not in doubted}


def _explain(system: _System, base: dict[str, Value], closure: _Closure, table: str) -> set[str]:
    """The readings to doubt for the broken equations of one table: every reading of the
    smallest sets (one reading, else two) whose removal mends them all — several such sets
    are equally good explanations, so all their readings are doubted; with more misreads than
    that, every reading whose removal mends some of them; failing that, every suspect."""
    broken = [i for i in closure.broken if system.table(i) == table]
    # Each broken equation rests on these readings; an explanation must take one of each.
    rests = [
        frozenset().union(*(closure.support.get(k, frozenset()) for k in system.cells(i)))
        & set(base)
        for i in broken
    ]
    suspects = frozenset().union(*rests)

    def left(gone: set[str]) -> int:
        again = system.closure({k: v for k, v in base.items() if k not in gone}).broken
        return sum(system.table(i) == table for i in again)

    fewer = {m: left({m}) for m in suspects}
    single = {m for m, n in fewer.items() if n == 0}
    if single:
        return single
    pairs = {frozenset((a, b)) for a in rests[0] for b in suspects if a != b}
    pairs = {p for p in pairs if all(r & p for r in rests)}  # one misread per equation at least
    if len(pairs) <= _MOST_PAIRS:
        mending = [p for p in pairs if left(set(p)) == 0]
        if mending:
            return set().union(*mending)
    some = {m for m, n in fewer.items() if n < len(broken)}
    return some or set(suspects)

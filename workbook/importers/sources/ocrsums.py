"""The form's arithmetic decides what OCR read: a number stands only where the sums confirm it.

OCR misreads and drops digits; it cannot say which of its readings are wrong. The form can: every
row of table 三 adds up to its 总计, every column to （七）总计, 新收 + 上年结转 = 办理结果 +
结转下年度, and so on (Format.sums and Format.balances). A reading is confirmed when an equation
whose every cell was read holds. A cell not read is settled only
where the equations leave exactly one value for it: the one unknown of an equation, or zeros when
an equation already balances without the unknowns (counts are never negative). Nothing is
guessed: what the arithmetic does not settle stays as read — marked for the clerk — when the
reader was sure and no equation contradicts it, and blank with a note otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from workbook.model.format import Format
from workbook.model.report import Value

Equation = tuple[tuple[str, ...], tuple[str, ...]]  # sum(left) == sum(right)


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
    derived: set[str] = field(default_factory=set)  # not read, computed
    expected: dict[str, Value] = field(default_factory=dict)  # read unsure; the sums want this
    contradicted: set[str] = field(default_factory=set)  # read, but an equation says no


def _fits(fmt: Format, key: str, value: Value) -> bool:
    cell = fmt.cell(key)
    if value is None:
        return False
    if value < 0 and not cell.may_be_negative:
        return False
    return not cell.whole or value == int(value)


def _total(values: list[Value]) -> Decimal:
    return sum((Decimal(v) for v in values if v is not None), Decimal(0))


def settle(fmt: Format, read: dict[str, Value], sure: set[str]) -> Settled:
    """Readings (`sure`: those the reader was confident of) checked against the equations.

    A reading is never overwritten: a printed report can be wrong in itself, and the sums must
    not "correct" what the clerk printed. A value is derived only for a cell not read, and only
    when no other equation, complete with the derived value, says no; an unsure reading the
    sums would have otherwise is dropped (blank, with both numbers in the note)."""
    eqs = [e for e in equations(fmt) if all(fmt.has_cell(k) for k in (*e[0], *e[1]))]
    out = Settled()
    known = out.values
    changed = True
    while changed:
        changed = False
        for left, right in eqs:
            keys = (*left, *right)
            got = [known.get(k, read.get(k)) for k in keys]
            if _holds(left, got):
                for k, v in zip(keys, got, strict=True):
                    if k not in known:
                        known[k] = v
                        changed = True
                continue
            trusted = {k: known.get(k, read.get(k)) for k in keys if k in known or k in sure}
            for key, value in _solve(fmt, left, right, trusted):
                if read.get(key) is not None:
                    out.expected[key] = value  # an unsure reading the sums do not confirm
                elif _agrees(eqs, key, value, known, read):
                    known[key] = value
                    out.derived.add(key)
                    changed = True
    for left, right in eqs:  # readings in an equation that does not hold, all read
        keys = (*left, *right)
        got = [known.get(k, read.get(k)) for k in keys]
        if all(v is not None for v in got) and not _holds(left, got):
            out.contradicted.update(k for k in keys if k not in known)
    # A low-confidence reading that no equation confirmed is no reading.
    out.contradicted.update(k for k, v in read.items() if v is not None and k not in sure)
    out.contradicted -= set(known)
    return out


def _holds(left: tuple[str, ...], got: list[Value]) -> bool:
    if any(v is None for v in got):
        return False
    return _total(got[: len(left)]) == _total(got[len(left) :])


def _agrees(
    eqs: list[Equation],
    key: str,
    value: Value,
    known: dict[str, Value],
    read: dict[str, Value],
) -> bool:
    """Every other equation with `key` that is complete (known or read) still holds."""
    for left, right in eqs:
        keys = (*left, *right)
        if key not in keys:
            continue
        got = [value if k == key else known.get(k, read.get(k)) for k in keys]
        if all(v is not None for v in got) and not _holds(left, got):
            return False
    return True


def _solve(
    fmt: Format, left: tuple[str, ...], right: tuple[str, ...], known: dict[str, Value]
) -> list[tuple[str, Value]]:
    """Unknowns of one equation settled from the cells confirmed or read surely (`known`),
    when only one answer exists. A sure reading is never an unknown: it is not overruled."""
    unknown = [k for k in (*left, *right) if k not in known or known[k] is None]
    if not unknown:
        return []
    gap = _total([known[k] for k in right if k in known]) - _total(
        [known[k] for k in left if k in known]
    )  # what the unknowns on the left must add (minus those on the right)
    if len(unknown) == 1:
        key = unknown[0]
        value = gap if key in left else -gap
        typed: Value = int(value) if fmt.cell(key).whole else value
        return [(key, typed)] if _fits(fmt, key, typed) else []
    # Several unknowns on one side of an equation that already balances: all zero.
    same_side = all(k in left for k in unknown) or all(k in right for k in unknown)
    if gap != 0 or not same_side or any(fmt.cell(k).may_be_negative for k in unknown):
        return []
    return [(k, 0 if fmt.cell(k).whole else Decimal(0)) for k in unknown]

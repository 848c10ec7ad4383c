"""A1–A5: the arithmetic of the tables and the kind of each number, driven by the format file.

Everything about a format (which cells, their names, where they sit) is worked out once per
format in `plan()`, so checking a report is a tight loop over prepared tuples.

Blanks: a blank cell counts as 0 in a sum and the message says so (含空白单元格); a sum whose cells
are all blank is left to A6. A blank never hides or invents a difference.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import repeat

from rules.base import item_name, make_finding, refs, short_row_label, show
from rules.catalogue import code_for
from rules.finding import Finding
from workbook.model.format import Cell, Column, Format, Row
from workbook.model.report import Value

BLANK_NOTE = "（含空白单元格，按0计算）"
# A total that disagrees is a number someone typed: the saved workbook keeps it as typed (never
# recomputed) and says so in the cell; the message says it too, so nobody looks for a formula.
TYPED_NOTE = "（是填写的数字，不是由分项计算得出的）"


@dataclass(frozen=True)
class SumPlan:
    code: str
    total: str
    parts: tuple[str, ...]
    keys: tuple[str, ...]  # total first, then parts
    unit: str
    where_label: str
    total_name: str
    parts_name: str
    refs: str


@dataclass(frozen=True)
class BalancePlan:
    code: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    keys: tuple[str, ...]
    unit: str
    where_label: str
    left_name: str
    right_name: str
    refs: str


@dataclass(frozen=True)
class ValuePlan:
    key: str
    kind: str
    unit: str
    name: str
    refs: str


@dataclass(frozen=True)
class Plan:
    sums: tuple[SumPlan, ...]
    balances: tuple[BalancePlan, ...]
    values: tuple[ValuePlan, ...]
    value_keys: tuple[str, ...]  # the values' keys, in their order


def _rows(fmt: Format) -> dict[tuple[str, str], Row]:
    return {(t.id, r.id): r for t in fmt.tables.values() for r in t.rows}


def cell_name(fmt: Format, cell: Cell) -> str:
    """A cell as people name it: 行政复议总计, 自然人·一、本年新收…, 规章·本年制发件数."""
    row = _rows(fmt)[(cell.table, cell.row_id)]
    col = _column(fmt, cell)
    if not row.label:  # a one-row table (四): the column's groups name it
        sub = f"（{col.subgroup}）" if col.subgroup else ""
        return f"{col.group}{sub}{col.label}"
    return f"{short_row_label(row)}·{col.label}"


def _describe_sum(fmt: Format, total: Cell, parts: list[Cell]) -> tuple[str, str, str]:
    rows = _rows(fmt)
    if all(p.row_id == total.row_id for p in parts):  # parts are columns of one row
        row = rows[(total.table, total.row_id)]
        if row.label:
            where = short_row_label(row)
        else:
            col = _column(fmt, total)
            where = col.group + (f"（{col.subgroup}）" if col.subgroup else "")
        total_name = f"{total.col_label}栏" if row.label else total.col_label
        noun = "栏" if row.label else "项"
        parts_name = f"{parts[0].col_label}至{parts[-1].col_label}{len(parts)}{noun}"
        return where, total_name, parts_name
    total_row = rows[(total.table, total.row_id)]
    groups = {rows[(p.table, p.row_id)].group for p in parts}
    group = groups.pop() if len(groups) == 1 else ""
    where = f"{total.col_label}栏"
    parts_name = f"{group}各项（{len(parts)}项）" if group else f"各分项（{len(parts)}项）"
    return where, short_row_label(total_row), parts_name


def _column(fmt: Format, cell: Cell) -> Column:
    return next(c for b in fmt.tables[cell.table].blocks for c in b.columns if c.id == cell.col_id)


@cache
def plan(fmt: Format) -> Plan:
    """Everything the A-rules need from a format, computed once."""
    rows = _rows(fmt)
    sums = []
    for s in fmt.sums:
        total = fmt.cell(s.total)
        parts = [fmt.cell(k) for k in s.parts]
        where, total_name, parts_name = _describe_sum(fmt, total, parts)
        keys = (s.total, *s.parts)
        sums.append(
            SumPlan(
                code=code_for("sum", s.rule),
                total=s.total,
                parts=s.parts,
                keys=keys,
                unit=total.unit,
                where_label=where,
                total_name=total_name,
                parts_name=parts_name,
                refs=refs(fmt, keys),
            )
        )
    balances = []
    for b in fmt.balances:
        left = [fmt.cell(k) for k in b.left]
        right = [fmt.cell(k) for k in b.right]
        keys = (*b.left, *b.right)
        balances.append(
            BalancePlan(
                code=code_for("balance", b.rule),
                left=b.left,
                right=b.right,
                keys=keys,
                unit=left[0].unit,
                where_label=f"{left[0].col_label}栏",
                left_name="加".join(item_name(rows[(c.table, c.row_id)]) for c in left),
                right_name="加".join(item_name(rows[(c.table, c.row_id)]) for c in right),
                refs=refs(fmt, keys),
            )
        )
    values = tuple(
        ValuePlan(c.key, c.kind, c.unit, cell_name(fmt, c), refs(fmt, (c.key,))) for c in fmt.cells
    )
    return Plan(tuple(sums), tuple(balances), values, tuple(v.key for v in values))


def _add(values: Mapping[str, Value], keys: tuple[str, ...]) -> tuple[int | Decimal, bool, bool]:
    """(sum with blanks as 0, any blank, any value)."""
    total: int | Decimal = 0
    blank = False
    filled = False
    for k in keys:
        v = values.get(k)
        if v is None:
            blank = True
        else:
            total += v
            filled = True
    return total, blank, filled


def check_arithmetic(fmt: Format, values: Mapping[str, Value], out: list[Finding]) -> None:
    """A1 (balances), A2/A3/A5 (sums), A4 (negative, fractional) into `out`."""
    p = plan(fmt)
    for b in p.balances:
        left, lb, lf = _add(values, b.left)
        right, rb, rf = _add(values, b.right)
        if left != right and (lf or rf):
            out.append(
                make_finding(
                    b.code,
                    values,
                    keys=b.keys,
                    expected=left,
                    actual=right,
                    where_label=b.where_label,
                    left_name=b.left_name,
                    right_name=b.right_name,
                    left=left,
                    right=right,
                    diff=abs(left - right),
                    unit=b.unit,
                    blank_note=BLANK_NOTE if lb or rb else "",
                    refs=b.refs,
                )
            )
    get = values.get
    blank_free = not any(map(operator.is_, values.values(), repeat(None)))
    for s in p.sums:
        total = get(s.total)
        if blank_free and total is not None:  # the usual case, decided in C
            try:
                if total == sum(map(get, s.parts)):  # type: ignore[arg-type]
                    continue
            except TypeError:  # a part with no value at all: the general way below
                pass
        parts, pb, pf = _add(values, s.parts)
        t = 0 if total is None else total
        if t != parts and (pf or total is not None):
            out.append(
                make_finding(
                    s.code,
                    values,
                    keys=s.keys,
                    expected=parts,
                    actual=total,
                    where_label=s.where_label,
                    total_name=s.total_name,
                    parts_name=s.parts_name,
                    total="空白" if total is None else f"{show(total)}{s.unit}",
                    typed="" if total is None else TYPED_NOTE,
                    sum=parts,
                    diff=abs(t - parts),
                    unit=s.unit,
                    blank_note=BLANK_NOTE if pb or total is None else "",
                    refs=s.refs,
                )
            )
    for v, value in zip(p.values, map(values.get, p.value_keys), strict=True):
        if value is None or (type(value) is int and value >= 0):
            continue  # blank, or a count or amount that is neither negative nor a fraction
        if value < 0 and v.kind != "delta":
            check = "negative_amount" if v.kind == "amount" else "negative"
            out.append(
                make_finding(
                    code_for(check),
                    values,
                    keys=(v.key,),
                    actual=value,
                    name=v.name,
                    value=value,
                    unit=v.unit,
                    refs=v.refs,
                )
            )
        if v.kind != "amount" and isinstance(value, Decimal) and value != value.to_integral_value():
            out.append(
                make_finding(
                    code_for("fraction"),
                    values,
                    keys=(v.key,),
                    actual=value,
                    name=v.name,
                    value=value,
                    refs=v.refs,
                )
            )

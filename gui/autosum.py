"""自动合计: what each total cell would be from its parts (Format.sums), blank parts kept blank.

A total whose parts are all blank stays as it is (blank is not 0). The caller decides whether a
total the clerk typed may be overwritten; this module only says which ones differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from workbook.model.report import Report, Value


@dataclass
class AutoSum:
    fill_blank: dict[str, Value] = field(default_factory=dict)  # blank totals that get a value
    differ: dict[str, Value] = field(default_factory=dict)  # typed totals that disagree

    @property
    def empty(self) -> bool:
        return not self.fill_blank and not self.differ


def plan_autosum(report: Report, *, keep_typed: bool = False) -> AutoSum:
    """Totals computed as the saved workbook's formulas would (=IF(COUNT(parts)=0,"",SUM(parts))).

    `keep_typed`: totals the clerk typed stay as typed, also as parts of other totals.
    """
    fmt = report.format
    values = dict(report.values)
    totals = [fmt.formula_sum(k) for k in sorted(fmt.total_keys)]
    computed: dict[str, int | Decimal] = {}  # a sum of filled parts is never blank
    # Totals may be parts of other totals (row and column sums meet in the corner): settle.
    for _ in range(len(totals) + 1):
        changed = False
        for s in totals:
            assert s is not None
            parts = [values.get(p) for p in s.parts]
            filled = [p for p in parts if p is not None]
            if not filled:
                continue
            total = sum(filled[1:], filled[0])
            if keep_typed and report.value(s.total) is not None:
                continue
            if computed.get(s.total, object()) != total:
                computed[s.total] = total
                values[s.total] = total
                changed = True
        if not changed:
            break
    plan = AutoSum()
    for key, total in computed.items():
        current = report.value(key)
        if current is None:
            plan.fill_blank[key] = total
        elif current != total:
            plan.differ[key] = total
    return plan

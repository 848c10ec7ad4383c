"""Our total formulas read back: which cells a total adds up.

The writer writes each total as IF(COUNT(R)=0,"",SUM(R)) (older files: SUM(R)). Two readers need
to know what such a formula adds up: the full reader, which computes a total saved without its
result (workbook.xlsx.read.cells), and the guard, which accepts a total saved with an empty
result when nothing in R holds a value (workbook.blanktotals). One parser for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

Pos = tuple[str, int, int]  # sheet title ("" for the formula's own sheet), row, col (0-based)

_ARGS = r"([^()]*)"
_OUR_TOTAL = re.compile(
    rf'^=\s*IF\(\s*COUNT\({_ARGS}\)\s*=\s*0\s*,\s*""\s*,\s*SUM\({_ARGS}\)\s*\)\s*$', re.I
)
_PLAIN_SUM = re.compile(rf"^=\s*SUM\({_ARGS}\)\s*$", re.I)
_RANGE = re.compile(
    r"^(?:(?:'((?:[^']|'')+)'|([^'!:]+))!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$",
    re.I,
)
MAX_CELLS = 1000  # one range of a total: a row or a column of the form, never more


@dataclass(frozen=True)
class Total:
    """The cells a total adds up, and whether it is blank (not 0) when none holds a number."""

    cells: tuple[Pos, ...]
    blank_when_empty: bool


def col_index(letters: str) -> int:
    """Excel column letters -> 0-based index (A -> 0, AA -> 26)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


@lru_cache(maxsize=4096)  # the same totals in every report of a batch
def read_total(formula: str, sheet: str = "") -> Total | None:
    """What one of our total formulas ("=IF(COUNT(D8:I8)=0,"",SUM(D8:I8))") adds up, its cells
    on `sheet` unless named otherwise; None when it is not such a formula."""
    m = _OUR_TOTAL.match(formula)
    if m:
        if m.group(1).replace(" ", "").upper() != m.group(2).replace(" ", "").upper():
            return None
        args, blank = m.group(2), True
    else:
        m = _PLAIN_SUM.match(formula)
        if not m:
            return None
        args, blank = m.group(1), False
    cells: list[Pos] = []
    for part in args.split(","):
        r = _RANGE.match(part.strip())
        if not r:
            return None
        ref_sheet = r.group(1).replace("''", "'") if r.group(1) else r.group(2) or sheet
        c1, r1 = col_index(r.group(3)), int(r.group(4)) - 1
        c2 = col_index(r.group(5)) if r.group(5) else c1
        r2 = int(r.group(6)) - 1 if r.group(6) else r1
        if (r2 - r1 + 1) * (c2 - c1 + 1) > MAX_CELLS:
            return None
        for row in range(min(r1, r2), max(r1, r2) + 1):
            for col in range(min(c1, c2), max(c1, c2) + 1):
                cells.append((ref_sheet, row, col))
    return Total(tuple(cells), blank)

"""A total saved with an empty result is right when every cell it adds up is empty.

Our writer's totals are `IF(COUNT(R)=0,"",SUM(R))`, and a total whose parts are all blank is
saved with its result "" — which xlsxwriter writes as an empty <v></v>, the very spelling of a
formula whose result a script (openpyxl) never computed. So a report with one blank row looked
"uncached" and took the slower reader (~4× the fast one), and a batch of reports with blank
cells — most published reports have some — ran several times slower. When no cell of R holds
anything, "" is the formula's own result, and the sheet is as good as calculated. Anything this
module cannot be sure of (another formula, another spelling, a value in R) says no, and the
file stays "uncached" as before.
"""

from __future__ import annotations

import functools
import html
import re

from workbook.model.totalformula import col_index, read_total

# A formula element with no result (no <v>, <v/> or an empty <v></v>), in our writer's spelling;
# _ANY_NO_RESULT is zipscan's test for any such formula, to be sure every one was looked at.
_NO_RESULT_FORMULA = re.compile(rb"<f>([^<]*)</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</")
_ANY_NO_RESULT = re.compile(rb"</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</")
# A cell holding a value, as office programs spell it (the reference first; a formula may come
# before its result). Only spellings matter here, not hostile files: a crafted file can claim any
# saved result anyway, and every saved result is trusted as the file's.
_FILLED = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*(?:<f\b[^>]*>[^<]*</f>\s*|<f\b[^>]*/>\s*)?'
    rb"(?:<v>\s*[^<\s]|<is>)"
)
_ANY_CELL = re.compile(rb"<c[\s/>]")  # every cell element, however spelled
_REFERENCED = b'<c r="'
_REF_PARTS = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")


def empty_results_are_right(xml: bytes, first: int, last: int) -> bool:
    """True when every formula between `first` and `last` saved without a result is one of our
    totals whose range holds no value (so "" is its result); False when unsure."""
    formulas = _NO_RESULT_FORMULA.findall(xml, first, last)
    if not formulas or len(formulas) != len(_ANY_NO_RESULT.findall(xml, first, last)):
        return False
    filled = _filled_cells(xml, first, last)
    if filled is None:
        return False
    for formula in formulas:
        cells = _adds_up(formula)
        if cells is None or not filled.isdisjoint(cells):
            return False
    return True


@functools.lru_cache(maxsize=1024)
def _adds_up(formula: bytes) -> frozenset[tuple[int, int]] | None:
    """The cells (row, col) of this sheet our IF(COUNT…) total adds up; None for any other
    formula (a plain SUM is 0, not "", when its cells are empty; another sheet's cells are
    not looked at here). A batch repeats the same few hundred formulas; long ones are not
    remembered (see zipscan._is_ours)."""
    if len(formula) > 300:
        return None
    total = read_total("=" + html.unescape(formula.decode("utf-8", "replace")))
    if total is None or not total.blank_when_empty:
        return None
    if any(sheet for sheet, _, _ in total.cells):
        return None
    return frozenset((row, col) for _, row, col in total.cells)


def _position(ref: bytes) -> tuple[int, int]:
    found = _REF_PARTS.fullmatch(ref)
    assert found is not None  # _FILLED only lets references through
    return int(found.group(2)) - 1, col_index(found.group(1).decode("ascii"))


def _filled_cells(xml: bytes, first: int, last: int) -> set[tuple[int, int]] | None:
    """The cells (row, col) that hold a value (a <v> with text, or inline text); None when a
    cell is spelled otherwise (without its reference first)."""
    if xml.count(_REFERENCED, first, last) != len(_ANY_CELL.findall(xml, first, last)):
        return None
    return {_position(ref) for ref in _FILLED.findall(xml, first, last)}

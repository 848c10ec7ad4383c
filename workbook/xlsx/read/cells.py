"""The value of each located cell: cached results, our own totals evaluated, every reading noted.

A formula's cached result is what Excel, WPS or LibreOffice computed; openpyxl and some other
programs save formulas without one. Only our own totals — SUM or IF(COUNT(…)=0,"",SUM(…)) over
cells of the report — are then computed here (from the values as read, with a note); any other
formula without a result stays blank, also with a note. Nothing is corrected silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workbook.model.format import Format
from workbook.model.report import Value
from workbook.model.totalformula import read_total
from workbook.model.values import Note, is_error_value, parse_value
from workbook.xlsx.read.book import Book
from workbook.xlsx.read.locate import Pos


def sum_refs(formula: str, sheet: str) -> tuple[Pos, ...] | None:
    """The cells one of our total formulas adds up, or None when it is not such a formula."""
    total = read_total(formula, sheet)
    return None if total is None else total.cells


class CellReader:
    """Reads located cells into values, evaluating our totals when no result was saved."""

    def __init__(self, book: Book, fmt: Format, positions: dict[str, Pos]) -> None:
        self.book = book
        self.fmt = fmt
        self.positions = positions
        self.key_at = {pos: key for key, pos in positions.items()}
        self.values: dict[str, Value] = {}
        self.notes: list[Note] = []
        self._busy: set[str] = set()

    def read_all(self) -> dict[str, Value]:
        for cell in self.fmt.cells:
            self.read(cell.key)
        return {c.key: self.values.get(c.key) for c in self.fmt.cells}

    def read(self, key: str) -> Value:
        if key in self.values:
            return self.values[key]
        if key in self._busy:  # a formula that (indirectly) adds itself up
            self.notes.append(Note(key, "公式循环引用自身，按空白处理"))
            self.values[key] = None
            return None
        self._busy.add(key)
        try:
            value = self._read(key)
        finally:
            self._busy.discard(key)
        self.values[key] = value
        return value

    def _empty(self, pos: Pos) -> bool:
        sheet = self.book.sheets.get(pos[0])
        if sheet is None:
            return False
        value = sheet.value(pos[1], pos[2])
        blank = value is None or (isinstance(value, str) and not value.strip())
        return blank and sheet.formula(pos[1], pos[2]) is None

    def _note(self, key: str, message: str, raw: object, kind: str = "") -> None:
        self.notes.append(Note(key, message, "" if raw is None else str(raw), kind))

    def _read(self, key: str) -> Value:
        pos = self.positions.get(key)
        if pos is None:
            return None
        sheet = self.book.sheets[pos[0]]
        cached = sheet.value(pos[1], pos[2])
        formula = sheet.formula(pos[1], pos[2])
        whole = self.fmt.cell(key).whole
        if formula is None:
            return self._plain(key, cached, whole)
        if isinstance(cached, str) and is_error_value(cached):
            self._note(key, f"公式计算出错（{cached.strip()}），按空白处理", formula)
            return None
        refs = sum_refs(formula, pos[0])
        if refs is not None:  # empty cells in the range (a row a clerk inserted) add nothing
            refs = tuple(p for p in refs if p in self.key_at or not self._empty(p))
        ours = refs is not None and all(p in self.key_at for p in refs)
        if cached is None or cached == "":
            if not ours:
                self._note(key, "是公式，但文件中没有保存计算结果，按空白处理", formula)
                return None
            assert refs is not None
            parts = [self.read(self.key_at[p]) for p in refs]
            numbers = [v for v in parts if v is not None]
            if not numbers:
                return None
            total = sum(numbers, start=0)
            value = parse_value(total, whole).value
            message = f"合计公式没有保存计算结果，按公式用各格读取的值算出{value}"
            self._note(key, message, formula, "uncached_total")
            return value
        parsed = parse_value(cached, whole)
        if parsed.note:
            self._note(key, f"公式结果{parsed.note}", formula)
        elif not (ours and self.fmt.formula_sum(key) is not None):
            message = f"是公式（{formula}），按其计算结果{parsed.value}读取"
            self._note(key, message, formula, "formula_result")
        return parsed.value

    def _plain(self, key: str, raw: Any, whole: bool) -> Value:
        if isinstance(raw, date):  # "1-2" or "3/4" typed into a cell: Excel made it a date
            shown = f"{raw:%Y-%m-%d}"
            self._note(key, f"内容是日期（{shown}），不是数字，按空白处理", shown)
            return None
        parsed = parse_value(raw, whole)
        if parsed.note:
            self._note(key, parsed.note, raw)
        elif isinstance(raw, str) and parsed.value is not None:
            message = f"“{raw.strip()}”是文本格式的数字，按{parsed.value}读取"
            self._note(key, message, raw, "text_number")
        return parsed.value

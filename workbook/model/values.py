"""Reading one cell's worth of text or number the way clerks write it — and saying so.

Zero is written 0, "/", "-", "—" or "无"; numbers carry units ("3件", "52.15万元"), full-width
digits or thousands separators. Every such reading is returned with a note, so nothing is
interpreted silently. A blank stays None (blank is not zero); unreadable text stays None too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from workbook.model.report import Value

ZERO_MARKS = frozenset({"/", "-", "--", "—", "——", "－", "–", "无", "／", "\\", "0件", "零"})
_UNITS = re.compile(r"(万元|元|件|项|个|条|次|人次|份)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class Note:
    """Something an import or read had to interpret or could not read.

    `key` is the cell key (or "" for notes about the file, "text:<section>" for prose). `kind`
    names what the note says when many cells may say it (workbook.model.notes folds them).
    """

    key: str
    message: str
    raw: str = ""
    kind: str = ""


@dataclass
class Parsed:
    value: Value
    note: str | None = None  # Chinese: how the raw content was read, when not plainly


def parse_value(raw: object, whole: bool = True) -> Parsed:
    """Interpret one cell. `whole`: a count column (ints), else an amount (Decimal, 万元)."""
    if raw is None:
        return Parsed(None)
    if isinstance(raw, bool):
        return Parsed(None, f"“{raw}”不是数字，按空白处理")
    if isinstance(raw, int):
        return Parsed(raw if whole else Decimal(raw))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Parsed(None, "不是有效数字，按空白处理")
        d = Decimal(repr(raw))
        if whole and d == d.to_integral_value():
            return Parsed(int(d))
        return Parsed(plain_amount(d))
    if isinstance(raw, Decimal):
        if whole and raw == raw.to_integral_value():
            return Parsed(int(raw))
        return Parsed(plain_amount(raw))
    text = str(raw)
    stripped = text.strip()
    if not stripped:
        return Parsed(None)
    t = unicodedata.normalize("NFKC", stripped).replace(" ", "")
    if t in ZERO_MARKS or stripped in ZERO_MARKS:
        return Parsed(0 if whole else Decimal(0), f"“{stripped}”按0读取")
    notes = []
    if t != stripped.replace(" ", ""):
        notes.append("全角字符按半角读取")
    unit = _UNITS.search(t)
    in_yuan = False
    if unit:
        t = t[: unit.start()]
        in_yuan = unit.group(1) == "元" and not whole
        if not in_yuan:
            notes.append(f"去掉单位“{unit.group(1)}”")
    if _THOUSANDS.match(t):
        t = t.replace(",", "")
        notes.append("去掉千位分隔符")
    if not _NUMBER.match(t):
        return Parsed(None, f"“{stripped}”不是数字，按空白处理")
    try:
        d = Decimal(t)
    except InvalidOperation:
        return Parsed(None, f"“{stripped}”不是数字，按空白处理")
    if in_yuan:
        wan = plain_amount(d.scaleb(-4))
        notes.append(f"以元为单位，除以10000按{format_value(wan)}万元读取")
        return Parsed(wan, f"“{stripped}”{'，'.join(notes)}")
    value: Value = int(d) if whole and d == d.to_integral_value() else plain_amount(d)
    if notes:
        return Parsed(value, f"“{stripped}”读作{value}（{'，'.join(notes)}）")
    return Parsed(value)


def plain_amount(d: Decimal) -> Decimal:
    """One spelling per amount, whatever the file held: 0.0 → 0, 12.00 → 12, 1.50 → 1.5.

    Spreadsheets store every number as a float, so a fee typed as 0 came back as 0.0 and
    printed "0.0"; the value is the same, its form now is too in every output."""
    if not d.is_finite():
        return d
    if d == d.to_integral_value():
        return Decimal(int(d))
    return d.normalize()


def format_value(v: Value) -> str:
    """A number as printed: blank stays empty, 万元 without trailing zeros (1.5, 0, 52.15)."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(plain_amount(v), "f")
    return str(v)

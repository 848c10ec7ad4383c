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
# Characters that change what a number looks like without changing what it is read as — or the
# reverse. A viewer shows "‮51" as 15; "10²" would become 102; "1 5" could be 15 or 1 and 5.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
_MINUS = "\u2212"  # MINUS SIGN: certainly a minus (other dashes are not read)
_SPACED_DIGITS = re.compile(r"\d\s+\d")


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
    if _BIDI.intersection(stripped):
        shown = "".join(ch for ch in stripped if ch not in _BIDI)
        return Parsed(
            None, f"“{shown}”含有改变文字显示顺序的控制字符，看到的数字可能与实际不同，按空白处理"
        )
    notes = []
    foreign = _foreign_digits(stripped)
    if foreign is None:
        return Parsed(None, f"“{stripped}”不是数字，按空白处理")
    if foreign != stripped:
        notes.append("其他文字的数字按阿拉伯数字读取")
    spaced = unicodedata.normalize("NFKC", foreign)
    if _SPACED_DIGITS.search(spaced):
        return Parsed(None, f"“{stripped}”的数字之间有空格，不能确定是一个数还是几个数，按空白处理")
    t = spaced.replace(" ", "")
    if t in ZERO_MARKS or stripped in ZERO_MARKS:
        return Parsed(0 if whole else Decimal(0), f"“{stripped}”按0读取")
    if t.startswith(_MINUS):
        t = "-" + t[1:]
        notes.append("“−”按负号读取")
    elif t != foreign.replace(" ", ""):
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


def _foreign_digits(text: str) -> str | None:
    """Digits of other scripts (Arabic-Indic, Devanagari …) as ASCII digits; None when the text
    holds superscript, subscript or circled digits, which NFKC would silently make ordinary."""
    out = []
    for ch in text:
        if ch.isascii() or "\uff00" <= ch <= "\uffef" or ch == "\u3000":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Nd":
            out.append(str(unicodedata.decimal(ch)))
        elif category == "No":
            return None
        else:
            out.append(ch)
    return "".join(out)


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

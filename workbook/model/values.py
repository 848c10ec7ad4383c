"""Reading one cell's worth of text or number the way clerks write it — and saying so.

Zero is written 0, "/", "-", "—" or "无"; numbers carry units ("3件", "52.15万元"), full-width
digits or thousands separators. Every such reading is returned with a note, so nothing is
interpreted silently. A blank stays None (blank is not zero); unreadable text stays None too.

This is the one place where a cell's content becomes a number: the workbook readers (openpyxl,
calamine, the fast path), the importers' grid and stream readers, JSON and the app's editing all
call parse_value (the fast path calls quick_value and leaves anything else to it). Characters
that look like digits or signs — a letter l or O among digits, a dash or minus sign, a bidi
control that reverses how the digits show, superscripts — are never dropped silently: the cell
is read with a note where the reading is certain, else blank with a note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from workbook.model.report import Value

ZERO_MARKS = frozenset({"/", "-", "--", "—", "——", "－", "–", "无", "／", "\\", "0件", "零"})
UNITS = r"万元|元|件|项|个|条|次|人次|份"
_UNITS = re.compile(rf"({UNITS})$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")

# Characters that change what a number looks like without changing what it is read as — or the
# reverse. A viewer shows "‮51" as 15; "10²" would become 102; "1 5" could be 15 or 1 and 5;
# "l5" and "O5" are a letter and a digit. Kept as strings: the tokenizer builds its patterns
# from them (workbook.importers.layout.tokens), so a cell and free text see the same set.
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # shown as nothing: dropped, with a note
MINUS = "\u2212"  # MINUS SIGN: certainly a minus (NFKC leaves it alone)
# Hyphens and dashes that are no zero mark of ours: before digits, a sign or not? Not certain.
DASHES = "\u2010\u2011\u2012\u2015\ufe58\u2796\u02d7"
# Letters (Latin, Cyrillic, Greek) that pass for 0, 1, 2, 3, 5, 6, 8, 9 beside digits.
LETTERS = "OolIiZzSsBbGgq\u041e\u043e\u0417\u0437\u0431\u0406\u0456\u039f\u03bf\u0399"
# Superscript, subscript, circled and fraction digits (NFKC would make "10²" into 102): a
# regular-expression class body of ranges.
SCRIPTS = "\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218b\u2460-\u24ff\u2776-\u2793"
SPOILERS = BIDI + INVISIBLE + MINUS + DASHES + LETTERS + SCRIPTS  # a class body
_BIDI = frozenset(BIDI)
_INVISIBLE = frozenset(INVISIBLE)
_SPACED_DIGITS = re.compile(r"\d\s+\d")
_SCRIPT = re.compile(f"[{SCRIPTS}]")
_LETTER_BY_DIGIT = re.compile(rf"[{LETTERS}]\d|\d[{LETTERS}]")
_DASH_BEFORE_DIGIT = re.compile(rf"[{DASHES}–—―]\s*\d")
# A number garbled by look-alikes, as a whole cell: digits with at least one character above
# among them, perhaps a sign, separators and a unit — "l5", "−5", "‮51", "5¹件", "–5".
_GARBLED = re.compile(rf"^[+\-]?(?=\S*[{SPOILERS}–—])(?=\S*\d)[\d.,，．–—{SPOILERS}]+(?:{UNITS})?$")
# What a spreadsheet may store as a number cell's text (xsd:double, as Excel and LibreOffice
# write it): anything else — "0x10", "NaN", "INF", "１２", "1_000" — is no number they wrote.
_STORED = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$", re.ASCII)
# What a spreadsheet shows in a value cell that is no number: an error value (#REF!, #N/A,
# LibreOffice's Err:502) or NaN / INF. A value cell all the same (never part of a label).
ERROR_VALUES = r"#[A-Za-z0-9_/]+[!?]|#N/A|Err:\d{3}"
NOT_NUMBERS = rf"{ERROR_VALUES}|(?i:[+-]?(?:nan|inf(?:inity)?))"
_ERROR_VALUE = re.compile(rf"^(?:{ERROR_VALUES})$", re.IGNORECASE)
_NOT_NUMBER = re.compile(rf"^(?:{NOT_NUMBERS})$")


class StoredText(str):
    """The text of a number cell that is no number (NaN, INF, 0x10): kept as text so the
    reader can name the cell, instead of the whole workbook being refused."""


def stored_number(text: str) -> int | float | StoredText:
    """A number cell's stored text as the spreadsheet meant it; StoredText when it is none."""
    if not _STORED.match(text):
        return StoredText(text)
    if "." in text or "e" in text or "E" in text:
        number = float(text)
        return number if number == number and abs(number) != float("inf") else StoredText(text)
    return int(text)


def is_error_value(text: str) -> bool:
    """A spreadsheet's error value (#REF!, #DIV/0!, #N/A, LibreOffice's Err:502)."""
    return bool(_ERROR_VALUE.match(text.strip()))


def looks_numeric(text: str) -> bool:
    """A whole cell meant as a number but garbled by look-alikes ("l5", "−5", "‮51", "10²"), or
    what a spreadsheet shows instead of one (#REF!, NaN): a value cell, which parse_value reads
    or refuses with a note — never part of a label, which would shift the row's numbers."""
    t = text.strip()
    return bool(_GARBLED.match(t) or _NOT_NUMBER.match(t))


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


class NeedsNote:
    """quick_value's answer for a cell parse_value has something to say about."""


NEEDS_NOTE = NeedsNote()
_INFINITIES = (float("inf"), float("-inf"))


def quick_value(raw: object, whole: bool) -> Value | NeedsNote:
    """A number cell that needs no note (an int, a finite float, empty), read exactly as
    parse_value reads it; NEEDS_NOTE for anything else (text, NaN, dates, booleans). For the
    fast path, which leaves every such workbook to the full reader."""
    kind = type(raw)
    if kind is float:
        assert isinstance(raw, float)
        if raw - raw != 0.0:  # NaN or an infinity (one test: this runs for every cell)
            return NEEDS_NOTE
        return int(raw) if whole and raw.is_integer() else plain_amount(Decimal(repr(raw)))
    if kind is int:
        assert isinstance(raw, int)
        return raw if whole else Decimal(raw)
    if raw == "" or raw is None:
        return None
    return NEEDS_NOTE


def parse_value(raw: object, whole: bool = True) -> Parsed:
    """Interpret one cell. `whole`: a count column (ints), else an amount (Decimal, 万元)."""
    if raw is None:
        return Parsed(None)
    if isinstance(raw, StoredText):
        return Parsed(None, f"“{raw.strip()}”不是有效的数值，按空白处理")
    if isinstance(raw, bool):
        return Parsed(None, f"“{raw}”不是数字，按空白处理")
    if isinstance(raw, int):
        return Parsed(raw if whole else Decimal(raw))
    if isinstance(raw, float):
        if raw != raw or raw in _INFINITIES:
            shown = "NaN" if raw != raw else str(raw)
            return Parsed(None, f"“{shown}”不是有效数字，按空白处理")
        d = Decimal(repr(raw))
        if whole and d == d.to_integral_value():
            return Parsed(int(d))
        return Parsed(plain_amount(d))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            return Parsed(None, f"“{raw}”不是有效数字，按空白处理")
        if whole and raw == raw.to_integral_value():
            return Parsed(int(raw))
        return Parsed(plain_amount(raw))
    text = str(raw)
    stripped = text.strip()
    if not stripped:
        return Parsed(None)
    if is_error_value(stripped):
        return Parsed(None, f"单元格显示错误值（{stripped}），按空白处理")
    if _BIDI.intersection(stripped):
        shown = "".join(ch for ch in stripped if ch not in _BIDI)
        return Parsed(
            None, f"“{shown}”含有改变文字显示顺序的控制字符，看到的数字可能与实际不同，按空白处理"
        )
    notes = []
    if _INVISIBLE.intersection(stripped):
        stripped = "".join(ch for ch in stripped if ch not in _INVISIBLE).strip()
        notes.append("去掉不可见的字符")
        if not stripped:
            return Parsed(None, "单元格中只有不可见的字符，按空白处理")
    foreign = _foreign_digits(stripped)
    if foreign is None:
        return Parsed(None, _not_a_number(stripped))
    if foreign != stripped:
        notes.append("其他文字的数字按阿拉伯数字读取")
    spaced = unicodedata.normalize("NFKC", foreign)
    if _SPACED_DIGITS.search(spaced):
        return Parsed(None, f"“{stripped}”的数字之间有空格，不能确定是一个数还是几个数，按空白处理")
    t = spaced.replace(" ", "")
    if t in ZERO_MARKS or stripped in ZERO_MARKS:
        return Parsed(0 if whole else Decimal(0), f"“{stripped}”按0读取")
    if t.startswith(MINUS):
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
        return Parsed(None, _not_a_number(stripped))
    try:
        d = Decimal(t)
    except InvalidOperation:
        return Parsed(None, _not_a_number(stripped))
    if in_yuan:
        wan = plain_amount(d.scaleb(-4))
        notes.append(f"以元为单位，除以10000按{format_value(wan)}万元读取")
        return Parsed(wan, f"“{stripped}”{'，'.join(notes)}")
    value: Value = int(d) if whole and d == d.to_integral_value() else plain_amount(d)
    if notes:
        return Parsed(value, f"“{stripped}”读作{value}（{'，'.join(notes)}）")
    return Parsed(value)


def _not_a_number(text: str) -> str:
    """Why a cell is blank, in the clerk's words: the look-alike named where there is one."""
    if _LETTER_BY_DIGIT.search(text):
        return f"“{text}”中有形似数字的字母，不能确定是什么数，按空白处理"
    if _DASH_BEFORE_DIGIT.search(text):
        return f"“{text}”中数字前的横线不能确定是不是负号，按空白处理"
    if _SCRIPT.search(text):
        return f"“{text}”含有上标、下标或带圈的数字，按空白处理"
    return f"“{text}”不是数字，按空白处理"


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

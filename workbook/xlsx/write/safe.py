"""What reaches a cell is XML-safe and fits in Excel, or the clerk is told what changed.

XML 1.0 cannot hold most control characters (U+0000–001F except tab and newline), U+FFFE/FFFF
or lone surrogates; a file holding them is rejected by Excel and by our own reader. They are
removed before writing, each removal reported as a Note. What Excel cannot hold — more than
32,767 characters in a cell, numbers with more than 15 significant digits, dates before 1900 —
is reported too, never changed silently.

Literal `_xHHHH_` in text is Excel's escape syntax: every underscore that starts such a pattern
is itself escaped (`_x005F_`), overlapping patterns included, so the text reads back exactly.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal

import xlsxwriter.xmlwriter

from workbook.model.cellnames import describe
from workbook.model.format import load_format
from workbook.model.report import Report
from workbook.model.values import Note

EXCEL_CELL_LIMIT = 32_767
EXCEL_DIGITS = 15
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PATTERN_START = re.compile("_(?=x[0-9A-Fa-f]{4}_)")

# xlsxwriter escapes `_xHHHH_` matches without overlap, so "_x005F_x0041_" came back altered.
# A lookahead escapes every pattern-starting underscore (the form Excel itself writes).
xlsxwriter.xmlwriter.re_control_chars_1 = re.compile("(_)(?=x[0-9a-fA-F]{4}_)")


def xml_safe(text: str) -> tuple[str, int]:
    """Text without characters XML cannot hold (CR LF and lone CR become LF), and how many
    characters were removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    clean, removed = _UNSAFE.subn("", text)
    return clean, removed


def escape_cached(text: str) -> str:
    """A formula's cached string: xlsxwriter writes it unescaped, so escape `_xHHHH_` here."""
    return _PATTERN_START.sub("_x005F_", text)


def _removed_note(key: str, where: str, count: int) -> Note:
    return Note(key, f"{where}含有{count}个无法写入Excel的控制字符，已删除")


def safe_report(report: Report) -> tuple[Report, list[Note]]:
    """A copy of the report that can be written as valid XML, and a note for each change."""
    notes: list[Note] = []
    safe = copy.deepcopy(report)

    def clean(text: str, key: str, where: str) -> str:
        out, removed = xml_safe(text)
        if removed:
            notes.append(_removed_note(key, where, removed))
        return out

    safe.agency = clean(report.agency, "meta.agency", "填报单位")
    if len(safe.agency) > EXCEL_CELL_LIMIT:
        notes.append(
            Note(
                "meta.agency",
                f"填报单位超过{EXCEL_CELL_LIMIT}字，Excel一格放不下，只保存了前面部分",
            )
        )
    fmt = load_format(report.format_id)
    titles = {s.id: s.title for s in fmt.sections}
    for section, paragraphs in report.texts.items():
        where = f"“{titles.get(section, section)}”"
        safe.texts[section] = [clean(p, f"text:{section}", where) for p in paragraphs]
        for p in safe.texts[section]:
            if len(p) > EXCEL_CELL_LIMIT:
                notes.append(
                    Note(
                        f"text:{section}",
                        f"{where}有一段超过{EXCEL_CELL_LIMIT}字，Excel一格放不下，已分成几格保存",
                    )
                )
    for ack in safe.acknowledgements:
        ack.reason = clean(ack.reason, "", "确认说明")
        ack.code, _ = xml_safe(ack.code)
        ack.fingerprint, _ = xml_safe(ack.fingerprint)
    for key, value in report.values.items():
        name = describe(fmt, key) if fmt.has_cell(key) else key
        if isinstance(value, str):
            safe.values[key] = clean(value, key, name)
        elif isinstance(value, int | Decimal) and not isinstance(value, bool):
            digits = len(str(abs(int(value)))) if isinstance(value, int) else _digits(value)
            if digits > EXCEL_DIGITS:
                notes.append(
                    Note(key, f"{name}：{value}超过{EXCEL_DIGITS}位有效数字，Excel无法精确保存")
                )
    if report.issued is not None and report.issued < dt.date(1900, 1, 1):
        notes.append(Note("meta.issued", f"发布日期{report.issued}早于1900年，Excel无法保存为日期"))
    return safe, notes


def _digits(value: Decimal) -> int:
    digits = value.normalize().as_tuple().digits
    return len(digits)


def writing_notes(report: Report) -> list[Note]:
    """What writing this report as a workbook would have to remove or could not keep exactly."""
    return safe_report(report)[1]

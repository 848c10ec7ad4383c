"""Metadata, prose and acknowledgements of a Nianbao workbook, as clerks leave them.

Metadata sits on sheet 一 (B2..B6, named meta.*); a clerk may retype the year as "2024年" or the
date as text ("2025年1月14日", "2025.1.14"), or Excel may keep a date as a serial number: each is
read and the reading noted. Prose is every non-empty cell of columns A and B (in that order)
from the section's first paragraph row (name text.<id>) down to the end of its sheet, so
paragraphs a clerk adds are kept: files of today's layout keep one paragraph per row in column B,
older ones in column A (merged across A:B).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from workbook.model.format import Format, available_formats
from workbook.model.labels import normalize_label
from workbook.model.layout import HIDDEN_SHEET, META_LABELS
from workbook.model.report import Acknowledgement, agency_kind, agency_kinds, split_paragraphs
from workbook.model.values import Note
from workbook.xlsx.read.book import MAX_ROWS, Book, Sheet, parse_ref
from workbook.xlsx.read.locate import find_sheet

META_SHEET = HIDDEN_SHEET  # the hidden sheet: format id, acknowledgements
# The writer's labels for the metadata lines of sheet 一, used when names are lost.
_DATE = re.compile(r"^\s*(\d{4})\s*[年\-./／]\s*(\d{1,2})\s*[月\-./／]\s*(\d{1,2})\s*日?\s*$")
PROSE_COLUMNS = (0, 1)  # A (older files), B (one wide wrapped cell per paragraph)
_YEAR = re.compile(r"^\s*(\d{4})\s*(年度|年)?\s*$")


def meta_cell(book: Book, fmt: Format | None, field: str, notes: list[Note]) -> tuple[bool, Any]:
    """(found, raw value) of a metadata field: by its name, else by its label on sheet 一."""
    name = f"meta.{field}"
    ref = book.names.get(name)
    if ref is not None:
        pos = parse_ref(ref)
        if pos is not None and pos[0] in book.sheets:
            return True, book.sheets[pos[0]].value(pos[1], pos[2])
        notes.append(Note(name, f"“{META_LABELS[field]}”的单元格名称已失效，改按标签查找", ref))
    sheets = [book.sheets.get(fmt.sections[0].sheet)] if fmt else []
    sheets += [s for s in book.sheets.values() if s.title.startswith("一")]
    label = normalize_label(META_LABELS[field])
    for sheet in sheets:
        if sheet is None:
            continue
        for r in range(min(sheet.rows, 40)):
            for c, text in sheet.texts(r):
                if text.rstrip(":") == label:
                    return True, sheet.value(r, c + 1)
    return False, None


def read_format_id(book: Book, notes: list[Note]) -> str | None:
    """The format id from meta.format, else from the hidden sheet; None when neither says."""
    known = available_formats()
    found, raw = meta_cell(book, None, "format", notes)
    sources = (("“报告格式”一栏", raw if found else None), ("隐藏工作表", _hidden_format(book)))
    for source, value in sources:
        if value is None or str(value).strip() == "":
            continue
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        m = re.search(r"\d{4}", text)
        if m and m.group(0) in known:
            return m.group(0)
        notes.append(Note("meta.format", f"{source}写的报告格式“{text}”无法识别", text))
    return None


def _hidden_format(book: Book) -> Any:
    sheet = book.sheets.get(META_SHEET)
    if sheet is None or sheet.text_at(0, 0) != "format":
        return None
    return sheet.value(0, 1)


def read_year(raw: Any, notes: list[Note]) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    year: int | None = None
    number = isinstance(raw, int | float | Decimal) and not isinstance(raw, bool)
    if number and math.isfinite(raw) and raw == int(raw):  # NaN from a .ods/.xls: no year
        year = int(raw)
    elif isinstance(raw, str):
        m = _YEAR.match(raw.replace("\u3000", " "))
        if m:
            year = int(m.group(1))
            notes.append(Note("meta.year", f"报告年度“{raw.strip()}”是文本，读作{year}", raw))
    if year is None or not 1990 <= year <= 2200:
        notes.append(Note("meta.year", f"报告年度“{raw}”无法识别，按空白处理", str(raw)))
        return None
    return year


def read_issued(raw: Any, notes: list[Note]) -> date | None:
    """A date cell, an Excel serial number, or a date typed as text."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    result: date | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 20_000 < raw < 100_000:
        result = date(1899, 12, 30) + timedelta(days=int(raw))
        notes.append(Note("meta.issued", f"发布日期是数字{raw}，按Excel日期读作{result}", str(raw)))
        return result
    if isinstance(raw, str):
        text = raw.strip()
        m = _DATE.match(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        if m:
            try:
                result = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                result = None
        if result is not None:
            notes.append(Note("meta.issued", f"发布日期“{text}”是文本，读作{result}", text))
            return result
    notes.append(Note("meta.issued", f"发布日期“{raw}”无法识别，按空白处理", str(raw)))
    return None


def read_agency_kind(raw: Any, notes: list[Note]) -> str | None:
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    kind = agency_kind(text)
    if kind is None:  # retyped: "乡镇街道", "县级部门 " …
        loose = _loose(text)
        kind = next((k for k in agency_kinds() if _loose(k.label) == loose), None)
        if kind is not None:
            notes.append(Note("meta.agency_kind", f"单位类型“{text}”读作“{kind.label}”", text))
    if kind is None:
        notes.append(Note("meta.agency_kind", f"单位类型“{raw}”无法识别，按未填写处理", str(raw)))
        return None
    return kind.id


def _loose(label: str) -> str:
    return normalize_label(label).replace("/", "").replace(",", "")


def read_texts(book: Book, fmt: Format, notes: list[Note]) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for section in fmt.text_sections:
        texts[section.id] = _section_text(book, fmt, section.id, notes)
    return texts


def _section_text(book: Book, fmt: Format, section_id: str, notes: list[Note]) -> list[str]:
    start = _text_start(book, fmt, section_id, notes)
    if start is None:
        notes.append(Note(f"text:{section_id}", "找不到这一部分的文字，按空白处理"))
        return []
    sheet, row = start
    paragraphs: list[str] = []
    for r in range(row, sheet.rows):
        for c in PROSE_COLUMNS:
            v = sheet.value(r, c)
            if v is None:
                continue
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            text = v.isoformat() if isinstance(v, date) else str(v)
            paragraphs.extend(split_paragraphs(text))
    if sheet.truncated:
        notes.append(
            Note(f"text:{section_id}", f"工作表“{sheet.title}”过长，只读取了前{MAX_ROWS}行")
        )
    return paragraphs


def _text_start(
    book: Book, fmt: Format, section_id: str, notes: list[Note]
) -> tuple[Sheet, int] | None:
    """The first paragraph cell: by name text.<id>, else the row below the section title."""
    name = f"text.{section_id}"
    ref = book.names.get(name)
    if ref is not None:
        pos = parse_ref(ref)
        if pos is not None and pos[0] in book.sheets and pos[2] in PROSE_COLUMNS:
            return book.sheets[pos[0]], pos[1]
        title = fmt.section(section_id).title
        notes.append(Note(f"text:{section_id}", f"“{title}”的单元格名称已失效，改按标题查找", ref))
    sheet = find_sheet(book, fmt, section_id)
    if sheet is None:
        return None
    title = normalize_label(fmt.section(section_id).title)
    for r in range(sheet.rows):
        if sheet.text_at(r, 0) == title:
            return sheet, r + 1
    return None


def read_acknowledgements(book: Book) -> list[Acknowledgement]:
    """Rows 3+ of the hidden sheet: code | fingerprint | reason."""
    sheet = book.sheets.get(META_SHEET)
    if sheet is None:
        return []
    result = []
    for r in range(2, sheet.rows):
        code, fingerprint, reason = (sheet.value(r, c) for c in range(3))
        if code is None or not str(code).strip():
            continue
        result.append(
            Acknowledgement(
                str(code).strip(),
                "" if fingerprint is None else str(fingerprint).strip(),
                "" if reason is None else str(reason),
            )
        )
    return result

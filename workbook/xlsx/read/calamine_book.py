"""Our workbook after Excel, WPS or LibreOffice saved it as .xls, .ods or .et, read by python-calamine.

openpyxl reads only .xlsx, so these files come in through calamine's cell grids, made into the
same Book the .xlsx reader uses: the same sheet names, hidden sheet, metadata lines, prose and
acknowledgements are then read by the same code (workbook.xlsx.read.reader.read_book). What is
lost on the way is only what calamine does not expose: the defined names (cells are then found
by the layout and by labels, which our own sheets always carry) and the formulas (the cached
results, which every one of those programs saves, are read instead).

calamine is native code: it is called only after workbook.guards let the bytes through, and any
panic it raises (a BaseException) becomes a plain Chinese message.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time
from typing import Any

from workbook.guards import (
    ENCRYPTED,
    ENCRYPTION_STREAMS,
    MAX_UNPACKED,
    OLE2_MAGIC,
    ole2_stream_names,
)
from workbook.model.errors import EncryptedFile, FileTooLarge, ReportError, UnreadableFile
from workbook.xlsx.read.book import MAX_COLS, MAX_ROWS, Book, Sheet

CALAMINE_EXTENSIONS = (".xls", ".ods", ".et")
DAMAGED = "无法打开“{name}”：文件已损坏，或不是Excel/WPS/LibreOffice表格。"


def check_calamine_input(data: bytes, name: str) -> None:
    """What must hold before calamine sees the bytes: a known container, not encrypted, not a
    zip bomb. Raises a ReportError with the reason in Chinese."""
    if data.startswith(OLE2_MAGIC):
        if ole2_stream_names(data) >= ENCRYPTION_STREAMS:
            raise EncryptedFile(ENCRYPTED.format(name=name))
        return
    if not data.startswith(b"PK"):
        raise UnreadableFile(DAMAGED.format(name=name))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
        parts = {i.filename for i in infos}
        if "word/document.xml" in parts:
            raise UnreadableFile(f"“{name}”是Word文档，不是表格。")
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise FileTooLarge(f"“{name}”解压后过大，不像是年度报告。")
        manifest = next((i for i in infos if i.filename == "META-INF/manifest.xml"), None)
        # An OpenDocument file saved with a password lists how each part is encrypted.
        if manifest is not None and manifest.file_size < 1_000_000:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if b"encryption-data" in archive.read(manifest):
                    raise EncryptedFile(ENCRYPTED.format(name=name))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UnreadableFile(DAMAGED.format(name=name)) from None


def calamine_grids(data: bytes, name: str) -> list[tuple[str, list[list[Any]]]]:
    """(sheet name, rows of cell values) of every worksheet; blank cells are None.

    Dates come back as date/datetime, numbers as int or float, text as str — as openpyxl gives
    them, so the .xlsx reader's code reads them the same way.
    """
    check_calamine_input(data, name)
    try:
        from python_calamine import CalamineWorkbook, PasswordError
    except ImportError:  # pragma: no cover - a dependency of the package
        raise UnreadableFile("缺少读取旧版表格所需的组件（python-calamine）。") from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise EncryptedFile(ENCRYPTED.format(name=name)) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's errors and Rust panics alike
        raise UnreadableFile(DAMAGED.format(name=name)) from None
    sheets: list[tuple[str, list[list[Any]]]] = []
    try:
        for sheet_name in book.sheet_names:
            try:
                rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:
                rows = []  # a chart sheet or a damaged one: nothing to read there
            sheets.append((sheet_name, [_row(r) for r in rows[:MAX_ROWS]]))
    finally:
        book.close()
    return sheets


def _row(values: list[Any]) -> list[Any]:
    row = [_cell(v) for v in values[:MAX_COLS]]
    while row and row[-1] is None:
        row.pop()
    return row


def _cell(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, time):  # a time-only cell is no report value; keep its text
        return value.isoformat()
    if isinstance(value, datetime) and value.time() == time(0):
        return value  # the reader takes .date() of it, as of openpyxl's datetimes
    return value


def book_from_grids(sheets: list[tuple[str, list[list[Any]]]]) -> Book:
    """A Book without defined names: the reader finds cells by layout and labels."""
    result: dict[str, Sheet] = {}
    for title, rows in sheets:
        values = [tuple(r) for r in rows]
        while values and all(v is None for v in values[-1]):
            values.pop()
        result[title] = Sheet(title, values, truncated=len(rows) >= MAX_ROWS)
    return Book(result, {}, names_known=False)


def read_calamine_workbook(
    data: bytes, name: str
) -> tuple[Book, list[tuple[str, list[list[Any]]]]]:
    """The Book for our reader and the raw grids for the spreadsheet importer (read once)."""
    try:
        sheets = calamine_grids(data, name)
    except ReportError:
        raise
    except MemoryError:
        raise UnreadableFile(f"“{name}”过大，内存不足，无法打开。") from None
    return book_from_grids(sheets), sheets

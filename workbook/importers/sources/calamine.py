"""The raw cells of .xls, .ods and .et workbooks, read by python-calamine behind the guards.

calamine is native code: it sees the bytes only after the checks below (a known container, no
password, no zip bomb) and those of workbook.guards, and any panic it raises (a BaseException,
not an Exception) becomes a plain Chinese message. Used by the spreadsheet importer and, for our
own workbook saved in these formats, by workbook.files for the workbook reader.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time
from typing import Any

from workbook.guards import (
    ENCRYPTED,
    MAX_UNPACKED,
    OLE2_MAGIC,
    check_xls,
    native_stderr_quiet,
    scan_zip,
)
from workbook.importers.sources.errorcells import error_cells, text_for_bad_numbers
from workbook.model.errors import EncryptedFile, FileTooLarge, UnreadableFile

DAMAGED = (
    "无法打开“{name}”：文件已损坏，或不是Excel/WPS/LibreOffice表格。"
    "如果它能在Excel或WPS中打开，请“另存为”Excel工作簿（.xlsx）后再打开。"
)
MAX_ROWS = 5000  # rows read per sheet: a report sheet has well under 100
MAX_COLS = 64


def check_calamine_input(data: bytes, name: str) -> None:
    """What must hold before calamine sees the bytes: a known container, not encrypted, not a
    zip bomb. Raises a ReportError with the reason in Chinese."""
    if data.startswith(OLE2_MAGIC):
        check_xls(data, name)  # encryption, a followable structure, a sane range (guards)
        return
    if not data.startswith(b"PK"):
        raise UnreadableFile(DAMAGED.format(name=name))
    facts = scan_zip(data, name)  # real unpacked size, CRC-32s, sheet extents
    if not facts.calamine_safe:
        raise FileTooLarge(f"“{name}”中的工作表范围过大，不像是年度报告。")
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


def calamine_grids(
    data: bytes, name: str, *, measured: bool = False
) -> list[tuple[str, list[list[Any]]]]:
    """(sheet name, rows of cell values) of every worksheet; blank cells are None.

    Dates come back as date/datetime, numbers as int or float, text as str — as openpyxl gives
    them, so the .xlsx reader's code reads them the same way. `measured`: the caller has passed
    these bytes through workbook.guards and found them calamine_safe (not measured twice).
    """
    if not measured:
        check_calamine_input(data, name)
    try:
        with native_stderr_quiet():  # a caught Rust panic still prints its English backtrace
            return _read(data, name)
    except MemoryError:
        raise UnreadableFile(f"“{name}”过大，内存不足，无法打开。") from None


def _read(data: bytes, name: str) -> list[tuple[str, list[list[Any]]]]:
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
        # An .ods number cell holding "NaN" or "0x10" refuses the whole workbook: once more
        # with such cells as text, which the reader then names, one by one.
        repaired = text_for_bad_numbers(data)
        if repaired is None:
            raise UnreadableFile(DAMAGED.format(name=name)) from None
        return _read(repaired, name)
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
    errors = error_cells(data)  # calamine gives #REF! as an empty cell: put the error back
    for sheet_name, grid in sheets:
        for (r, c), text in errors.get(sheet_name, {}).items():
            if r < MAX_ROWS and c < MAX_COLS:
                while len(grid) <= r:
                    grid.append([])
                line = grid[r]
                line.extend([None] * (c + 1 - len(line)))
                if line[c] is None:
                    line[c] = text
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

"""Opening a workbook file for the reader: refuse what is not an .xlsx, load what is.

The file is checked before openpyxl sees it, so each kind of wrong file gets its own plain
message: empty, too large, password-protected (an OLE2 container with EncryptionInfo /
EncryptedPackage streams), legacy .xls (another OLE2 file: not ours, the spreadsheet importer
takes it), not a zip, or a zip holding another kind of document.

Loading reads the workbook twice in openpyxl's read-only mode — cached results of every sheet,
then the formulas of the sheets that hold value cells — into plain grids. Two read-only passes
each take under half the time of one full (non-read-only) load, and read-only mode parses the
defined names too (workbook- and sheet-level), so the full object model is never needed.
Macros in .xlsm are never run nor kept (openpyxl runs nothing; keep_vba stays off).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from workbook.errors import EncryptedFile, FileTooLarge, NotAReport, UnreadableFile
from workbook.format import available_formats, load_format
from workbook.labels import normalize_label
from workbook.layout import FINDINGS_SHEET, HIDDEN_SHEET

MAX_BYTES = 50 * 1024 * 1024  # same limit as workbook.files: far above any real report
MAX_UNPACKED = 400 * 1024 * 1024  # a zip that inflates past this is not a report (zip bomb)
MAX_ROWS = 5000  # rows read per sheet: a report sheet has well under 100
MAX_COLS = 64

EXTRA_SHEETS = frozenset({HIDDEN_SHEET, FINDINGS_SHEET})  # not sections


@cache
def no_value_sheets() -> frozenset[str]:
    """Sheets that hold no value cells (prose, hidden, findings): no formula pass for them."""
    prose = {s.sheet for fid in available_formats() for s in load_format(fid).text_sections}
    return frozenset(prose) | EXTRA_SHEETS


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAMS = frozenset({"EncryptionInfo", "EncryptedPackage"})

DAMAGED = "无法打开“{name}”：文件已损坏或不是Excel工作簿。"
ENCRYPTED = "“{name}”设有打开密码，本软件无法读取。请在Excel/WPS中取消密码后再打开。"


@dataclass
class Sheet:
    """One worksheet as plain grids: cached values and, where a cell holds one, its formula."""

    title: str
    values: list[tuple[Any, ...]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "=…"
    truncated: bool = False
    _texts: list[list[tuple[int, str]]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return len(self.values)

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.values):
            line = self.values[row]
            if 0 <= col < len(line):
                return line[col]
        return None

    def formula(self, row: int, col: int) -> str | None:
        return self.formulas.get((row, col))

    def texts(self, row: int) -> list[tuple[int, str]]:
        """(col, normalized text) of the text cells of a row, for label matching."""
        if self._texts is None:
            self._texts = [
                [(c, normalize_label(v)) for c, v in enumerate(line) if isinstance(v, str) and v]
                for line in self.values
            ]
        return self._texts[row] if 0 <= row < len(self._texts) else []

    def text_at(self, row: int, col: int) -> str:
        v = self.value(row, col)
        return normalize_label(v) if isinstance(v, str) else ""


@dataclass
class Book:
    sheets: dict[str, Sheet]  # by title, in workbook order
    names: dict[str, str]  # defined name -> its reference text (workbook-level first)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing missing, empty and oversized files with a clear message."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(f"找不到文件：{path}") from None
    except OSError as e:
        raise UnreadableFile(f"无法读取文件“{path.name}”（{e.strerror or e}）。") from None
    if path.is_dir():
        raise UnreadableFile(f"这是一个文件夹，不是报告文件：{path}")
    if size > MAX_BYTES:
        raise FileTooLarge(f"文件过大（{size // (1024 * 1024)} MB），不像是年度报告：{path.name}")
    if size == 0:
        raise UnreadableFile(f"文件是空的：{path.name}")
    try:
        return path.read_bytes()
    except PermissionError:
        raise UnreadableFile(f"没有权限读取“{path.name}”，或文件正被其他程序占用。") from None
    except OSError as e:
        raise UnreadableFile(f"无法读取文件“{path.name}”（{e.strerror or e}）。") from None


def check_container(data: bytes, name: str) -> None:
    """Refuse anything that is not a zip holding a workbook, each kind with its own message."""
    if data.startswith(OLE2_MAGIC):
        if ole2_stream_names(data) >= ENCRYPTION_STREAMS:
            raise EncryptedFile(ENCRYPTED.format(name=name))
        # A legacy .xls (or another OLE2 document): not our workbook; the importer decides.
        raise NotAReport(f"“{name}”是旧版Excel（.xls）或其他格式的文件，不是本软件的工作簿。")
    if not data.startswith(b"PK"):
        raise UnreadableFile(DAMAGED.format(name=name))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UnreadableFile(DAMAGED.format(name=name)) from None
    parts = {i.filename for i in infos}
    if "xl/workbook.xml" not in parts and not any(p.startswith("xl/workbook") for p in parts):
        if "word/document.xml" in parts:
            raise UnreadableFile(f"“{name}”是Word文档，不是Excel工作簿。")
        if "content.xml" in parts:
            raise UnreadableFile(
                f"“{name}”是OpenDocument（WPS/LibreOffice）文件，请先另存为Excel工作簿（.xlsx）。"
            )
        raise UnreadableFile(DAMAGED.format(name=name))
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise FileTooLarge(f"“{name}”解压后过大，不像是年度报告。")


def ole2_stream_names(data: bytes) -> set[str]:
    """Names of the entries in an OLE2 compound file's directory (MS-CFB), best effort.

    Follows the directory's sector chain through the FAT named in the header's DIFAT. If the
    structure cannot be followed, falls back to looking for the UTF-16 names of the encryption
    streams in the raw bytes — directory entries store names exactly that way.
    """
    try:
        return _cfb_directory(data)
    except (struct.error, IndexError, ValueError):
        return {n for n in ENCRYPTION_STREAMS if n.encode("utf-16-le") in data}


def _cfb_directory(data: bytes) -> set[str]:
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if not 7 <= shift <= 16:
        raise ValueError("sector size")
    size = 1 << shift
    fat_count = struct.unpack_from("<I", data, 0x2C)[0]
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
    fat: list[int] = []
    for sector in difat[:fat_count]:
        offset = (sector + 1) * size
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, offset))
    names: set[str] = set()
    sector, seen = first_dir, set()
    while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 10_000:
        seen.add(sector)
        offset = (sector + 1) * size
        for entry in range(offset, offset + size, 128):
            length = struct.unpack_from("<H", data, entry + 64)[0]
            if 2 <= length <= 64:
                names.add(data[entry : entry + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector]
    return names


def load_book(data: bytes) -> Book:
    """Both views of every worksheet, and the workbook-level defined names."""
    import openpyxl  # imported here: ~110 ms, only when a workbook is actually read

    with warnings.catch_warnings():
        # openpyxl warns about extensions it drops (validation lists, slicers): irrelevant here.
        warnings.simplefilter("ignore")
        cached = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        try:
            formulas = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
            try:
                return _grids(cached, formulas)
            finally:
                formulas.close()
        finally:
            cached.close()


def _grids(cached: Any, formulas: Any) -> Book:
    sheets: dict[str, Sheet] = {}
    for ws in cached.worksheets:
        values = [
            tuple(line)
            for line in ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True)
        ]
        cut = len(values) >= MAX_ROWS and (ws.max_row or 0) > MAX_ROWS
        while values and all(v is None for v in values[-1]):
            values.pop()
        sheet = Sheet(ws.title, values)
        sheet.truncated = cut
        sheets[ws.title] = sheet
    for ws in formulas.worksheets:
        sheet = sheets.get(ws.title)
        if sheet is None or ws.title in no_value_sheets():
            continue  # formulas matter only where value cells are
        for r, line in enumerate(
            ws.iter_rows(max_row=max(sheet.rows, 1), max_col=MAX_COLS, values_only=True)
        ):
            for c, v in enumerate(line):
                if isinstance(v, str) and v.startswith("=") and len(v) > 1:
                    sheet.formulas[(r, c)] = v
                elif v is not None and not isinstance(v, str | int | float | bool):
                    # Array / data-table formulas come back as objects carrying their text.
                    text = getattr(v, "text", None)
                    if isinstance(text, str):
                        sheet.formulas[(r, c)] = text if text.startswith("=") else "=" + text
    names = {}
    for name, defined in cached.defined_names.items():
        if isinstance(defined.attr_text, str):
            names[name] = defined.attr_text
    # Sheet-level names (Excel makes them when a sheet is copied): used where no workbook-level
    # name of that key exists.
    for ws in cached.worksheets:
        for name, defined in (getattr(ws, "defined_names", None) or {}).items():
            if name not in names and isinstance(defined.attr_text, str):
                names[name] = defined.attr_text
    return Book(sheets, names)


_REF = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def parse_ref(text: str) -> tuple[str, int, int] | None:
    """A defined name's single-cell reference -> (sheet, row, col) 0-based; else None."""
    m = _REF.match(text.strip())
    if not m:
        return None
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    col = 0
    for ch in m.group(3).upper():
        col = col * 26 + ord(ch) - 64
    return sheet, int(m.group(4)) - 1, col - 1

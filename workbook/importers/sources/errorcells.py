"""What python-calamine cannot give of an .xls, .et or .ods value cell, given back.

Error values (#REF!, #DIV/0!, #N/A): calamine gives an error cell as an empty one, so a #REF!
in a value cell would be read as a blank without a word. The errors are found here in the file
itself — the BIFF8 records of .xls/.et (workbook.cfb), the cells LibreOffice marks as errors in
.ods — and put back into calamine's grids as the text a spreadsheet shows, which the cell reader
then reports by the cell's name ("单元格显示错误值（#REF!），按空白处理"), as for .xlsx. Only
positions within the rows and columns the readers read are kept.

A number cell of an .ods holding no number (office:value="NaN", "0x10"): calamine refuses the
whole workbook. `text_for_bad_numbers` gives the same file with those cells as text, which the
cell reader reports by name, as it does for .xlsx (workbook.model.values.stored_number).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from workbook.cfb import CfbError, CompoundFile, biff_errors
from workbook.guards import MAX_UNPACKED, MAX_XLS_STREAM, OLE2_MAGIC
from workbook.model.values import StoredText, stored_number

Errors = dict[str, dict[tuple[int, int], str]]  # sheet name -> (row, col) -> "#REF!"

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
_MARK = b'value-type="error"'


def error_cells(data: bytes) -> Errors:
    """Where the workbook's error values are; {} when it has none or cannot be followed (the
    reader itself then says what is wrong with the file)."""
    try:
        if data.startswith(OLE2_MAGIC):
            cfb = CompoundFile(data)
            streams = {n.lower() for n in cfb.names()}
            return biff_errors(
                cfb.stream("workbook" if "workbook" in streams else "book", MAX_XLS_STREAM)
            )
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > MAX_UNPACKED:
                return {}
            content = archive.read(info)
    except (CfbError, struct.error, IndexError, KeyError, zipfile.BadZipFile, ValueError, OSError):
        return {}
    if _MARK not in content:  # the usual case: no parse at all
        return {}
    try:
        return _ods_errors(content)
    except ParseError:
        return {}


def _count(element: Any, name: str) -> int:
    try:
        return max(1, int(element.get(f"{_TABLE}{name}") or 1))
    except ValueError:
        return 1


def _ods_errors(content: bytes, max_rows: int = 5000, max_cols: int = 64) -> Errors:
    found: Errors = {}
    sheet: str | None = None
    depth = row = col = 0
    for event, element in iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if tag == f"{_TABLE}table":
            depth += 1 if event == "start" else -1
            if event == "start" and depth == 1:
                sheet, row = element.get(f"{_TABLE}name", ""), 0
            continue
        if depth != 1 or event != "end" or sheet is None:
            continue
        if tag in _CELLS:
            if (
                element.get(f"{_CALCEXT}value-type") == "error"
                and row < max_rows
                and col < max_cols
            ):
                text = "".join(element.itertext()).strip() or "#VALUE!"
                found.setdefault(sheet, {})[(row, col)] = text
            col += _count(element, "number-columns-repeated")
            element.clear()
        elif tag == f"{_TABLE}table-row":
            row += _count(element, "number-rows-repeated")
            col = 0
            element.clear()
    return found


_CELL_TAG = re.compile(rb"<table:table-cell\b[^<>]*>")  # up to the next "<": linear
_VALUE = re.compile(rb'\boffice:value="([^"]*)"')
_KIND = re.compile(rb'\boffice:value-type="(float|percentage|currency)"')


def text_for_bad_numbers(data: bytes) -> bytes | None:
    """The .ods with every number cell that holds no number made a text cell of that text;
    None when there is none (or the file is no .ods that can be rewritten)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            content_info = archive.getinfo("content.xml")
            if content_info.file_size > MAX_UNPACKED:
                return None
            content = archive.read(content_info)
            changed = _CELL_TAG.sub(_as_text, content)
            if changed == content:
                return None
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as rewritten:
                for info in infos:
                    body = changed if info.filename == "content.xml" else archive.read(info)
                    rewritten.writestr(info, body)
            return out.getvalue()
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def _as_text(match: re.Match[bytes]) -> bytes:
    tag = match.group(0)
    value = _VALUE.search(tag)
    if value is None or _KIND.search(tag) is None:
        return tag
    text = value.group(1).decode("utf-8", "replace")
    if not isinstance(stored_number(text), StoredText):
        return tag  # a number as LibreOffice writes it
    tag = _KIND.sub(b'office:value-type="string"', tag, count=1)
    return _VALUE.sub(lambda m: b'office:string-value="' + m.group(1) + b'"', tag, count=1)

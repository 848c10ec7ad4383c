"""Reading the kind mark (workbook.model.kinds) of a workbook, cheaply, before any reader.

The mark is the custom document property `nianbao_kind` (docProps/custom.xml; LibreOffice keeps
it in .xlsx and moves it to meta.xml in .ods). One zip member of a few hundred bytes and no
openpyxl, so a folder scan of 10,000 files can afford to look at every one.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile

from workbook.model.kinds import KINDS, PROPERTY

MAX_PART = 64 * 1024  # a property part larger than this is not ours: read no further
TAIL = 4096  # the end of a zip read at once: our workbooks' central directory fits in it
MAX_DIRECTORY = 16 * 1024 * 1024

# Where each zip container keeps user-defined properties.
_PARTS = {
    ".xlsx": "docProps/custom.xml",
    ".xlsm": "docProps/custom.xml",
    ".ods": "meta.xml",
    ".docx": "docProps/custom.xml",  # the analysis report (Word keeps it like Excel does)
}
_HTML = re.compile(rb'<meta name="' + PROPERTY.encode() + rb'" content="([a-z]+)"')
HTML_HEAD = 4096  # our pages put the mark in the first lines
_OOXML = re.compile(
    rb'name="' + PROPERTY.encode() + rb'"[^>]*>\s*<vt:lpwstr>\s*([a-z]+)\s*</vt:lpwstr>'
)
_ODF = re.compile(rb'meta:name="' + PROPERTY.encode() + rb'"[^>]*>\s*([a-z]+)\s*<')


def _lists(path: str | os.PathLike[str], part: str) -> bool:
    """Whether the zip's central directory may name `part`: the end of the file, read without
    zipfile (a report we wrote has no custom.xml, and this answers for it in a few µs: four
    system calls, no file object — a folder scan asks this of every file before any reader)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        start = max(0, size - TAIL)
        tail = _read_at(fd, TAIL, start)
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or len(tail) - end < 22:
            return True  # a long comment, zip64 or damage: let zipfile decide
        cd_size, cd_offset = struct.unpack_from("<II", tail, end + 12)
        if cd_offset >= start:
            directory = tail[cd_offset - start : cd_offset - start + cd_size]
        else:
            directory = _read_at(fd, min(cd_size, MAX_DIRECTORY), cd_offset)
    finally:
        os.close(fd)
    return part.encode() in directory


def _read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to `size` bytes at `offset`, fewer only at the end of the file (os.pread where the
    system has it; Windows has not)."""
    chunks: list[bytes] = []
    while size > 0:
        if hasattr(os, "pread"):
            chunk = os.pread(fd, size, offset)
        else:
            os.lseek(fd, offset, os.SEEK_SET)
            chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def workbook_kind(path: str | os.PathLike[str]) -> str | None:
    """The `nianbao_kind` of a workbook we wrote, or None (a report, not ours, or unreadable:
    reading the file properly is the reader's job, with its own messages)."""
    suffix = os.path.splitext(path)[1].lower()  # as Path.suffix, without a Path per file
    if suffix in (".html", ".htm"):
        return _html_kind(path)
    part = _PARTS.get(suffix)
    if part is None:
        return None
    try:
        if not _lists(path, part):
            return None
        with zipfile.ZipFile(path) as z:
            info = z.getinfo(part)
            if info.file_size > MAX_PART:
                return None
            with z.open(info) as f:
                data = f.read(MAX_PART)
    except (OSError, KeyError, ValueError, RuntimeError, zipfile.BadZipFile, EOFError):
        return None
    found = (_ODF if part == "meta.xml" else _OOXML).search(data)
    if found is None:
        return None
    kind = found.group(1).decode("ascii")
    return kind if kind in KINDS else None


def _html_kind(path: str | os.PathLike[str]) -> str | None:
    """A page we wrote says its kind in a <meta> of its head (the analysis report's web page)."""
    try:
        with open(path, "rb") as f:
            head = f.read(HTML_HEAD)
    except OSError:
        return None
    found = _HTML.search(head)
    kind = found.group(1).decode("ascii") if found else None
    return kind if kind in KINDS else None

"""Measuring a zip before a parser sees it: entry count, real unpacked size, CRC-32s, and —
for the worksheets — the kinds of formula (workbook.guards uses this).

Only what is cheap and certain: every member is inflated in bounded chunks, its real size
counted and its CRC-32 compared (no zip header is trusted), and sheet XML is looked at for
formulas, which decide how our workbook is read and which notes it gets. What a native reader
would do with a far cell or a repeat count is not predicted here: the reading sandbox
(workbook.sandbox) limits its memory and time instead.
"""

from __future__ import annotations

import functools
import html
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, cast

from zlib_ng import zlib_ng  # zlib's interface and results, inflates ~1.6x faster

from workbook.blanktotals import empty_results_are_right
from workbook.model.errors import FileTooLarge, UnreadableFile
from workbook.zipdir import plain_directory

MAX_UNPACKED = 100 * 1024 * 1024  # a zip that inflates past this is not a report (zip bomb)
MAX_PART = 20 * 1024 * 1024  # one non-sheet part (shared strings, styles) parsed whole
MAX_MEMBERS = 1000  # a workbook has a few dozen parts
MAX_SCANNED = 8 * 1024 * 1024  # sheet XML looked at for formulas (ours: ~200 KB in all)
KEEP_UNPACKED = 16 * 1024 * 1024  # inflated parts kept for a stored copy (ours: ~170 KB)
# Members calamine does not read (lower case): the quick readers leave them packed.
_UNREAD = (
    "[content_types].xml",
    "docprops/",
    "customxml/",
    "xl/theme/",
    "xl/media/",
    "xl/printersettings/",
    "xl/drawings/",
    "xl/charts/",
    "xl/embeddings/",
)
_EXTERNAL = "xl/externallinks/"  # (lower case) cached values from another workbook
_CHUNK = 1 << 20
# Damaged deflate data (zlib_ng's stub calls its error class an instance).
_BAD_DEFLATE: tuple[type[Exception], ...] = (zlib.error, cast(type[Exception], zlib_ng.error))
_LOCAL = b"PK\x03\x04"
_LOCAL_NAME_EXTRA = struct.Struct("<HH")  # at 26 in a local header: name and extra lengths

DAMAGED = "无法打开“{name}”：文件已损坏或不是Excel工作簿。"
BOMB = "“{name}”解压后过大，不像是年度报告（可能是恶意构造的压缩文件）。"
CRC = "“{name}”已损坏：其中的“{part}”校验不符，内容可能已被改动。请使用原文件或备份。"


@dataclass
class ZipFacts:
    """What the guard measured while inflating a workbook: sizes and formulas."""

    members: int = 0
    unpacked: int = 0
    foreign_formulas: bool = False  # a formula not of the kinds our writer writes, or damage
    external: bool = False  # external links, data connections: cached values from elsewhere
    scanned: int = 0  # bytes of sheet XML looked at for formulas
    unscanned: bool = False  # more sheet XML than MAX_SCANNED: formulas unknown
    # A formula saved without its result (openpyxl and other scripts); not our blank totals,
    # whose "" is their result (workbook.blanktotals).
    uncached: bool = False
    # The members as inflated (measure(keep=True), a small zip): stored_copy hands them on.
    parts: list[tuple[zipfile.ZipInfo, bytes]] | None = field(default=None, repr=False)

    @property
    def calamine_safe(self) -> bool:
        """Every sheet was looked at (no more XML than a report has): the quick readers may
        take it. Whatever calamine then does is contained by the reading sandbox."""
        return not self.unscanned


def scan_zip(data: bytes, name: str, damaged: str = DAMAGED) -> ZipFacts:
    """Any zip container (workbook, OpenDocument): entry count, real unpacked size and CRC-32s,
    measured while inflating, and the kinds of formula in the sheets."""
    return measure(data, zip_members(data, name, damaged), name, damaged)


def zip_members(data: bytes, name: str, damaged: str = DAMAGED) -> list[zipfile.ZipInfo]:
    """The members of a zip, refused before zipfile builds them when there are too many. A
    plain directory (every office program's) is read by workbook.zipdir, any other by zipfile,
    which refuses what it cannot read."""
    if not data.startswith(b"PK"):
        raise UnreadableFile(damaged.format(name=name))
    check_directory_size(data, name, damaged)
    infos = plain_directory(data)
    if infos is None:
        try:
            with zipfile.ZipFile(ZipBytes(data)) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise UnreadableFile(damaged.format(name=name)) from None
    if len(infos) > MAX_MEMBERS:
        raise FileTooLarge(BOMB.format(name=name))
    return infos


def measure(
    data: bytes,
    infos: list[zipfile.ZipInfo],
    name: str,
    damaged: str = DAMAGED,
    keep: bool = False,
) -> ZipFacts:
    """Every member inflated once: real size and CRC-32 checked, sheets scanned for formulas.
    With `keep` (the quick readers), only the members calamine reads are inflated and, for a
    small zip, kept in facts.parts for stored_copy; the rest (properties, theme, pictures) is
    never read on that path. Declared sizes count for all."""
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNPACKED:  # declared: refuse early, cheaply
        raise FileTooLarge(BOMB.format(name=name))
    facts = ZipFacts(members=len(infos))
    kept: list[tuple[zipfile.ZipInfo, bytes]] | None = None
    if keep and declared <= KEEP_UNPACKED:
        kept = []
    view = memoryview(data)
    for info in infos:
        lowered = info.filename.lower()
        if lowered.startswith(_EXTERNAL) or lowered == "xl/connections.xml":
            facts.external = True
        if keep and lowered.startswith(_UNREAD):
            continue
        sheet = _is_sheet(lowered)
        # Parts parsed whole (relationships, shared strings, styles) have a smaller budget.
        whole = not sheet and lowered.endswith((".xml", ".rels"))
        content = _inflate(data, view, info, whole, name, facts, damaged)
        if sheet:
            _scan_sheet(content, facts)
        if kept is not None:
            kept.append((info, content))
    facts.parts = kept
    return facts


# Local header and directory entry of a stored member: their fixed fields (signature, version
# 2.0, flag 0x800: a UTF-8 name, stored, 1980-01-01 00:00), then CRC-32, sizes, name length, the
# extra field's (and the entry's comment, disk, attributes and member offset).
_STORED_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_FIXED = (b"PK\x03\x04", 20, 0x800, 0, 0, 0x21)
_STORED_ENTRY = struct.Struct("<4sHHHHHHIIIHHHHHII")
_ENTRY_FIXED = (b"PK\x01\x02", 20, 20, 0x800, 0, 0, 0x21)


def stored_copy(parts: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """The same members in a zip that stores them uncompressed: calamine then reads what the
    guard has already inflated (and checked) instead of inflating every member again."""
    body: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    local, entry = _STORED_LOCAL.pack, _STORED_ENTRY.pack
    for info, content in parts:
        name = info.filename.encode("utf-8")
        size, crc, length = len(content), info.CRC, len(name)
        body += (local(*_LOCAL_FIXED, crc, size, size, length, 0), name, content)
        directory += (entry(*_ENTRY_FIXED, crc, size, size, length, 0, 0, 0, 0, 0, offset), name)
        offset += _STORED_LOCAL.size + length + size
    listing = b"".join(directory)
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, len(parts), len(parts), len(listing), offset, 0
    )
    body += (listing, end)
    return b"".join(body)  # one copy of the contents


class ZipBytes:
    """A read-only file over bytes without copying them (zipfile wants seek/tell/read)."""

    def __init__(self, data: bytes) -> None:
        self.view = memoryview(data)
        self.pos = 0

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.pos, len(self.view))[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def read(self, n: int = -1) -> bytes:
        end = len(self.view) if n is None or n < 0 else self.pos + n
        out = bytes(self.view[self.pos : end])
        self.pos += len(out)
        return out

    def seekable(self) -> bool:
        return True


def check_directory_size(data: bytes, name: str, damaged: str = DAMAGED) -> None:
    """Read the entry count from the end record before zipfile builds an object per entry."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 70_000))
    if at < 0 or at + 22 > len(data):
        raise UnreadableFile(damaged.format(name=name))
    entries, dir_size = struct.unpack_from("<HI", data, at + 10)
    if (entries > MAX_MEMBERS and entries != 0xFFFF) or dir_size > 4 * 1024 * 1024:
        raise FileTooLarge(BOMB.format(name=name))


# Each part is scanned for every r="B7" (a cell or row) and ref="A1:XFD9" (<dimension>, merges …)
# attribute, and — in a sheet — every formula's text. Python's re is fast only where a pattern
# starts with a literal, so the part is first flattened (whitespace to spaces, ' to ") and, when
# no attribute is spelled with spaces around "=", matched by _QUICK_REFS; the general _REFS is the
# fallback for such unusual spellings (bench/bench_summarize.py: ~0.4 ms a workbook instead of ~3).
# One value per line: its row number and column letters (of the range's end for a ref="A1:C9").
_FORMULAS = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]*)")
_PLAIN_FORMULAS = re.compile(rb"<f\b[^>]*>([^<]*)")  # the same where no prefixed tag exists
_NO_RESULT = re.compile(rb"</(?:\w+:)?f>\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</")
_PLAIN_NO_RESULT = re.compile(rb"</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</")  # a literal start: fast
_RANGE = r"\$?[A-Z]{1,3}\$?\d{1,7}(?::\$?[A-Z]{1,3}\$?\d{1,7})?"
_RANGES = rf"{_RANGE}(?:,{_RANGE})*"
_YEAR_PART = 'IF(meta.year="","",meta.year&"年")'
# The formulas our writer writes (totals over same-sheet ranges, the title lines over meta.*).
_OURS = re.compile(
    "^(?:"
    + "|".join(
        (
            rf'IF\(COUNT\({_RANGES}\)=0,"",SUM\({_RANGES}\)\)',
            rf"SUM\({_RANGES}\)",
            r'"[^"]*"&meta\.agency',
            '"[^"]*"&' + re.escape(_YEAR_PART),
            r"meta\.agency&" + re.escape(_YEAR_PART) + r'&"[^"]*"',
        )
    )
    + ")$"
)


# A reference no sheet can hold (a row past 1,048,576 has 8 digits, a column past XFD 4 letters):
# damage, on which the quick readers and openpyxl would disagree, so the full reader reads it.
# Not a safety guard — whatever a reader does with it is contained by workbook.sandbox.
# An error value (#REF!, #DIV/0!): calamine gives it as an empty cell, which would be read as a
# blank without a word; the full reader reads the error and says so.
_ERROR_CELLS = re.compile(rb"""t=["']e""")
# A literal start (fast), and up to three letters taken once (a fourth, or eight digits, after).
_IMPOSSIBLE_REF = re.compile(rb' r="[A-Za-z]{0,3}+(?:[A-Za-z]|\d{8})')


def _scan_sheet(xml: bytes, facts: ZipFacts) -> None:
    """The kinds of formula in one whole sheet part: C-speed finds over its cells only (between
    the first and last "sheetData"; the data validations after them are most of our XML),
    searched in place (no copy of the cells)."""
    facts.scanned += len(xml)
    if facts.scanned > MAX_SCANNED:
        facts.unscanned = True  # too much to look at: the full reader reads it
        return
    if facts.foreign_formulas:
        return  # decided: the full reader reads it
    first, last = xml.find(b"sheetData"), xml.rfind(b"sheetData")
    if not 0 <= first < last:
        first, last = 0, len(xml)
    if _ERROR_CELLS.search(xml, first, last) or _IMPOSSIBLE_REF.search(xml, first, last):
        facts.foreign_formulas = True
        return
    prefixed = xml.find(b":f", first, last) >= 0
    if not prefixed and xml.find(b"<f", first, last) < 0:
        return  # no formula (a quick look; the findall below would find none)
    found = set((_FORMULAS if prefixed else _PLAIN_FORMULAS).findall(xml, first, last))
    if not found:
        return
    if not found <= _SEEN_OURS and not all(_is_ours(f) for f in found):
        facts.foreign_formulas = True
    elif not facts.uncached:
        no_result = _NO_RESULT if prefixed else _PLAIN_NO_RESULT
        if no_result.search(xml, first, last) is not None:
            # Our blank totals are saved so too: their "" is right when their range is empty.
            facts.uncached = prefixed or not empty_results_are_right(xml, first, last)


# Short formulas already found ours: one set comparison for a sheet whose formulas all are.
_SEEN_OURS: set[bytes] = set()
_SEEN_MAX = 4096


def _is_ours(formula: bytes) -> bool:
    """A formula our writer writes. Thousands of reports repeat the same few hundred, so short
    ones are remembered (long ones are not: a hostile file must not fill the memory)."""
    if len(formula) > 300:
        return _matches_ours(formula)
    ours = _is_ours_short(formula)
    if ours and len(_SEEN_OURS) < _SEEN_MAX:
        _SEEN_OURS.add(formula)
    return ours


@functools.lru_cache(maxsize=4096)
def _is_ours_short(formula: bytes) -> bool:
    return _matches_ours(formula)


def _matches_ours(formula: bytes) -> bool:
    body = html.unescape(formula.decode("utf-8", "replace")).strip().lstrip("=")
    return not body or bool(_OURS.match(body.replace(" ", "")))


def _inflate(
    data: bytes,
    view: memoryview,
    info: zipfile.ZipInfo,
    whole: bool,
    name: str,
    facts: ZipFacts,
    damaged: str,
) -> bytes:
    """One member, inflated in one call bounded by its declared size (itself bounded by
    MAX_UNPACKED in all, MAX_PART for a part parsed `whole`): its real size and CRC-32 checked,
    its content returned. `view`: the data's memoryview, sliced without copying."""
    at = info.header_offset
    if info.flag_bits & 0x1 or at + 30 > len(data) or not data.startswith(_LOCAL, at):
        raise UnreadableFile(damaged.format(name=name))
    name_len, extra_len = _LOCAL_NAME_EXTRA.unpack_from(data, at + 26)
    start = at + 30 + name_len + extra_len
    raw = view[start : start + info.compress_size]
    declared = info.file_size
    budget = MAX_UNPACKED - facts.unpacked
    if whole and budget > MAX_PART:
        budget = MAX_PART
    if declared > budget:
        raise FileTooLarge(BOMB.format(name=name))
    method = info.compress_type
    if method == zipfile.ZIP_DEFLATED:
        inflater = zlib_ng.decompressobj(-15)
        try:
            content = inflater.decompress(raw, declared + 1)
            if len(content) > declared:  # more than its header says
                _count_on(inflater, len(content), budget, name, damaged)
        except _BAD_DEFLATE:
            raise UnreadableFile(damaged.format(name=name)) from None
        if not inflater.eof or len(content) != declared:
            raise UnreadableFile(damaged.format(name=name))
    elif method == zipfile.ZIP_STORED:
        if len(raw) != info.compress_size or declared != len(raw):
            raise UnreadableFile(damaged.format(name=name))
        content = bytes(raw)
    else:
        raise UnreadableFile(damaged.format(name=name))
    if zlib_ng.crc32(content) != info.CRC:
        raise UnreadableFile(CRC.format(name=name, part=info.filename))
    facts.unpacked += declared
    return content


def _is_sheet(lowered: str) -> bool:
    """Any name a workbook's relationships may give a sheet part (sheet1.bin included)."""
    return "worksheets/" in lowered or "sheet" in lowered.rsplit("/", 1)[-1]


def _count_on(inflater: Any, size: int, budget: int, name: str, damaged: str) -> None:
    """A member that inflates past its declared size: inflated on in bounded chunks (nothing
    kept) to tell a bomb, past the budget, from damage; raises either way."""
    pending = inflater.unconsumed_tail
    while True:
        out = inflater.decompress(pending, _CHUNK)
        size += len(out)
        if size > budget:
            raise FileTooLarge(BOMB.format(name=name))
        pending = inflater.unconsumed_tail
        if inflater.eof or (not out and not pending):
            raise UnreadableFile(damaged.format(name=name))

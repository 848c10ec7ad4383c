"""A small, bounded reader of OLE2 compound files (MS-CFB): directory names and one stream.

Only what the guards need before a legacy .xls reaches python-calamine (whose Rust code panics
or aborts on some damaged files): the names of the entries (an encrypted workbook has
EncryptionInfo/EncryptedPackage) and the bytes of the Workbook stream, to find its furthest cell.
Every chain is followed with a bound, so a looping or hostile structure ends in CfbError.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFA  # ≥ this: end of chain, free, FAT or DIFAT sector markers


class CfbError(ValueError):
    """The compound file's structure cannot be followed."""


class Entry(NamedTuple):  # not a dataclass: the guards import this module before every read
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


class CompoundFile:
    """Directory and streams of a compound file held in memory."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC) or len(data) < 512:
            raise CfbError("not a compound file")
        self.data = data
        shift = _u16(data, 0x1E)
        if not 7 <= shift <= 16:
            raise CfbError("sector size")
        self.size = 1 << shift
        mini_shift = _u16(data, 0x20)
        self.mini_size = 1 << mini_shift if 2 <= mini_shift <= 12 else 64
        self.cutoff = _u32(data, 0x38) or 4096
        # calamine reserves memory by these counts before reading: absurd ones abort it.
        sectors = len(data) // self.size + 1
        for at in (0x28, 0x2C, 0x40, 0x48):  # directory, FAT, mini FAT, DIFAT sector counts
            if _u32(data, at) > sectors:
                raise CfbError("sector count")
        self.fat = self._fat()
        self.entries = self._directory(_u32(data, 0x30))
        self._mini: bytes | None = None

    def _sector(self, index: int) -> bytes:
        offset = (index + 1) * self.size
        if index >= _END or offset + self.size > len(self.data):
            raise CfbError("sector out of range")  # a truncated file: calamine would panic
        return self.data[offset : offset + self.size]

    def _fat(self) -> list[int]:
        count = _u32(self.data, 0x2C)
        if count > len(self.data) // self.size + 1:
            raise CfbError("FAT count")
        sectors = [s for s in struct.unpack_from("<109I", self.data, 0x4C) if s < _END]
        difat, seen = _u32(self.data, 0x44), set()
        while difat < _END and len(sectors) < count:
            if difat in seen:
                raise CfbError("DIFAT loop")
            seen.add(difat)
            block = self._sector(difat)
            values = struct.unpack_from(f"<{self.size // 4}I", block)
            sectors.extend(s for s in values[:-1] if s < _END)
            difat = values[-1]
        fat: list[int] = []
        for sector in sectors[:count]:
            block = self._sector(sector)
            fat.extend(struct.unpack_from(f"<{len(block) // 4}I", block))
        return fat

    def chain(self, start: int, table: list[int] | None = None) -> list[int]:
        table = self.fat if table is None else table
        found: list[int] = []
        seen: set[int] = set()
        sector = start
        while sector < _END:
            if sector in seen or sector >= len(table):
                raise CfbError("broken chain")
            seen.add(sector)
            found.append(sector)
            sector = table[sector]
        return found

    def _directory(self, first: int) -> list[Entry]:
        entries = []
        for sector in self.chain(first):
            block = self._sector(sector)
            for at in range(0, len(block) - 127, 128):
                length = _u16(block, at + 64)
                if not 2 <= length <= 64:
                    continue
                name = block[at : at + length - 2].decode("utf-16-le", "replace")
                kind = block[at + 66]
                start = _u32(block, at + 116)
                size = struct.unpack_from("<Q", block, at + 120)[0]  # 64 bits, as calamine reads
                if kind in (1, 2, 5) and size > len(self.data):
                    raise CfbError("entry larger than the file")  # calamine would reserve it
                entries.append(Entry(name, kind, start, size))
        return entries

    def names(self) -> set[str]:
        return {e.name for e in self.entries}

    def stream(self, name: str, limit: int) -> bytes:
        """The named stream's bytes (case-insensitive name), at most `limit` bytes long."""
        entry = next((e for e in self.entries if e.kind == 2 and e.name.lower() == name), None)
        if entry is None:
            raise CfbError("no such stream")
        if entry.size > limit:
            raise CfbError("stream too large")
        if entry.size < self.cutoff:
            return self._mini_stream(entry)
        parts = [self._sector(s) for s in self.chain(entry.start)]
        data = b"".join(parts)
        if len(data) < entry.size:
            raise CfbError("stream shorter than declared")
        return data[: entry.size]

    def _mini_stream(self, entry: Entry) -> bytes:
        if self._mini is None:
            root = next((e for e in self.entries if e.kind == 5), None)
            if root is None:
                raise CfbError("no root")
            self._mini = b"".join(self._sector(s) for s in self.chain(root.start))
        minifat: list[int] = []
        for sector in self.chain(_u32(self.data, 0x3C)) if _u32(self.data, 0x3C) < _END else []:
            block = self._sector(sector)
            minifat.extend(struct.unpack_from(f"<{len(block) // 4}I", block))
        parts = []
        for s in self.chain(entry.start, minifat):
            offset = s * self.mini_size
            if offset + self.mini_size > len(self._mini):
                raise CfbError("mini sector out of range")
            parts.append(self._mini[offset : offset + self.mini_size])
        data = b"".join(parts)
        if len(data) < entry.size:
            raise CfbError("stream shorter than declared")
        return data[: entry.size]


def _u16(data: bytes, at: int) -> int:
    try:
        return struct.unpack_from("<H", data, at)[0]
    except struct.error:
        raise CfbError("truncated") from None


def _u32(data: bytes, at: int) -> int:
    try:
        return struct.unpack_from("<I", data, at)[0]
    except struct.error:
        raise CfbError("truncated") from None


# BIFF8 cell records: (row, col) in the first four bytes of their body.
_CELLS = frozenset({0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x0406, 0x00D6})
_MULTI = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first col, …, last col
_DIMENSIONS = 0x0200
_SST = 0x00FC


def biff_extent(stream: bytes) -> tuple[int, int]:
    """(rows, cols) of the largest area any sheet of a BIFF8 Workbook stream declares or uses."""
    rows = cols = 0
    at, end = 0, len(stream)
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        body = at + 4
        if body + length > end:
            break  # a truncated last record: what came before is all there is
        if kind in _CELLS and length >= 4:
            r, c = struct.unpack_from("<HH", stream, body)
            rows, cols = max(rows, r + 1), max(cols, c + 1)
        elif kind in _MULTI and length >= 6:
            r = struct.unpack_from("<H", stream, body)[0]
            last = struct.unpack_from("<H", stream, body + length - 2)[0]
            rows, cols = max(rows, r + 1), max(cols, last + 1)
        elif kind == _SST and length >= 8:
            unique = struct.unpack_from("<I", stream, body + 4)[0]
            if unique > end // 3:  # each string takes at least 3 bytes: calamine reserves this
                raise CfbError("string count")
        elif kind == _DIMENSIONS and length >= 12:
            r_first, r_end, c_first, c_end = struct.unpack_from("<IIHH", stream, body)
            if r_first > r_end or c_first > c_end:  # calamine subtracts: it would underflow
                raise CfbError("dimensions")
            rows, cols = max(rows, r_end), max(cols, c_end)
        at = body + length
    return rows, cols


_BOF, _EOF, _BOUNDSHEET, _FORMULA, _BOOLERR = 0x0809, 0x000A, 0x0085, 0x0006, 0x0205
# BIFF8 error codes (MS-XLS 2.5.97.2 BErr) and the text Excel shows for each.
_ERROR_TEXT = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}


def biff_errors(stream: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Error values (#REF!, #DIV/0!) of a BIFF8 Workbook stream: sheet name -> (row, col) ->
    the text Excel shows. calamine gives such cells as empty; the readers put these back."""
    names: dict[int, str] = {}  # a sheet's BOF offset -> its name (BOUNDSHEET8)
    found: dict[str, dict[tuple[int, int], str]] = {}
    sheet: str | None = None
    at, end = 0, len(stream)
    while at + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, at)
        body = at + 4
        if body + length > end:
            break
        if kind == _BOUNDSHEET and length >= 8:
            names[_u32(stream, body)] = _short_string(stream[body + 6 : body + length])
        elif kind == _BOF:
            sheet = names.get(at)
        elif kind == _EOF:
            sheet = None
        elif sheet is not None and kind == _FORMULA and length >= 14:
            result = stream[body + 6 : body + 14]
            if (
                result[6:8] == b"\xff\xff" and result[0] == 0x02
            ):  # a formula whose result is an error
                row, col = struct.unpack_from("<HH", stream, body)
                found.setdefault(sheet, {})[(row, col)] = _ERROR_TEXT.get(result[2], "#VALUE!")
        elif sheet is not None and kind == _BOOLERR and length >= 8 and stream[body + 7] == 1:
            row, col = struct.unpack_from("<HH", stream, body)
            found.setdefault(sheet, {})[(row, col)] = _ERROR_TEXT.get(stream[body + 6], "#VALUE!")
        at = body + length
    return found


def _short_string(raw: bytes) -> str:
    """A ShortXLUnicodeString: a length in characters, a flag byte, then Latin-1 or UTF-16."""
    if len(raw) < 2:
        return ""
    count, wide = raw[0], raw[1] & 1
    if wide:
        return raw[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    return raw[2 : 2 + count].decode("latin-1")

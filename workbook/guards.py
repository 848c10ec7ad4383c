"""Guards every file passes before a parser sees it: size, kind of container, zip bombs.

One place for all readers (our workbook reader, the fast reader, the importers), so that each
kind of wrong file gets the same plain Chinese message whichever door it came through — and so
that no native parser (python-calamine aborts the whole process when a sheet's range is absurd)
ever sees a file we have not measured ourselves. Nothing here trusts a zip header: every member
is inflated in bounded chunks, its real size counted and its CRC-32 compared.
"""

from __future__ import annotations

import contextlib
import contextvars
import html
import os
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbook.cfb import MAGIC as OLE2_MAGIC
from workbook.cfb import CfbError, CompoundFile, biff_extent
from workbook.model.errors import (
    EncryptedFile,
    FileTooLarge,
    NotAReport,
    UnreadableFile,
    os_reason,
)

MAX_BYTES = 50 * 1024 * 1024  # far above any real report; protects against a wrong file
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a published report's text or page is well under 1 MB
MAX_TEXT_CHARS = 1_000_000  # characters of text an importer reads: a report has ~20,000
MAX_UNPACKED = 100 * 1024 * 1024  # a zip that inflates past this is not a report (zip bomb)
MAX_PART = 20 * 1024 * 1024  # one non-sheet part (shared strings, styles) parsed whole
MAX_MEMBERS = 1000  # a workbook has a few dozen parts
MAX_CALAMINE_CELLS = 1_000_000  # rows × columns calamine may allocate for one sheet
MAX_SCANNED = 8 * 1024 * 1024  # sheet XML scanned for cell references (ours: ~200 KB in all)
MAX_XLS_STREAM = 40 * 1024 * 1024
TIME_BUDGET = 10.0  # seconds an importer may spend on one file
_CHUNK = 1 << 20

ENCRYPTION_STREAMS = frozenset({"EncryptionInfo", "EncryptedPackage"})

DAMAGED = "无法打开“{name}”：文件已损坏或不是Excel工作簿。"
ENCRYPTED = "“{name}”设有打开密码，本软件无法读取。请在Excel/WPS中取消密码后再打开。"
BOMB = "“{name}”解压后过大，不像是年度报告（可能是恶意构造的压缩文件）。"
CRC = "“{name}”已损坏：其中的“{part}”校验不符，内容可能已被改动。请使用原文件或备份。"
XLS_DAMAGED = (
    "无法读取“{name}”：这个 .xls 工作簿已损坏或不是 Excel 文件，"
    "请在 Excel/WPS 中打开后另存为 .xlsx 再试。"
)
TOO_WIDE = "“{name}”中的工作表范围过大（最远的单元格在第{rows}行第{cols}列），不像是年度报告。"


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing missing, empty and oversized files with a clear message."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(f"找不到文件：{path}") from None
    except OSError as e:
        raise UnreadableFile(f"无法读取文件“{path.name}”（{os_reason(e)}）。") from None
    if path.is_dir():
        raise UnreadableFile(f"这是一个文件夹，不是报告文件：{path}")
    if size > limit:
        raise FileTooLarge(f"文件过大（{size // (1024 * 1024)} MB），不像是年度报告：{path.name}")
    if size == 0:
        raise UnreadableFile(f"文件是空的：{path.name}")
    try:
        return path.read_bytes()
    except PermissionError:
        raise UnreadableFile(f"没有权限读取“{path.name}”，或文件正被其他程序占用。") from None
    except OSError as e:
        raise UnreadableFile(f"无法读取文件“{path.name}”（{os_reason(e)}）。") from None


# ----------------------------------------------------------------------------- zip workbooks


@dataclass
class ZipFacts:
    """What the guard measured while inflating a workbook: sizes, sheet extents, formulas."""

    members: int = 0
    unpacked: int = 0
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # part -> (rows, cols)
    foreign_formulas: bool = False  # any formula not of the kinds our writer writes
    external: bool = False  # external links, data connections: cached values from elsewhere
    scanned: int = 0  # bytes of XML scanned for cell references
    unscanned: bool = False  # more XML than MAX_SCANNED: extents unknown

    @property
    def calamine_safe(self) -> bool:
        """python-calamine allocates each sheet's whole range: only small, fully measured
        ranges may go there (the fast reader is for our own small workbooks anyway)."""
        if self.unscanned:
            return False
        return all(r * c <= MAX_CALAMINE_CELLS for r, c in self.extents.values())


def check_container(data: bytes, name: str) -> ZipFacts:
    """Refuse anything that is not a zip holding a workbook, each kind with its own message."""
    if data.startswith(OLE2_MAGIC):
        if ole2_stream_names(data) >= ENCRYPTION_STREAMS:
            raise EncryptedFile(ENCRYPTED.format(name=name))
        # A legacy .xls (or another OLE2 document): not our workbook; the importer decides.
        raise NotAReport(f"“{name}”是旧版Excel（.xls）或其他格式的文件，不是本软件的工作簿。")
    if not data.startswith(b"PK"):
        raise UnreadableFile(DAMAGED.format(name=name))
    _check_directory_size(data, name)
    try:
        with zipfile.ZipFile(_Bytes(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise UnreadableFile(DAMAGED.format(name=name)) from None
    if len(infos) > MAX_MEMBERS:
        raise FileTooLarge(BOMB.format(name=name))
    parts = {i.filename for i in infos}
    if "xl/workbook.xml" not in parts and not any(p.startswith("xl/workbook") for p in parts):
        if "word/document.xml" in parts:
            raise UnreadableFile(f"“{name}”是Word文档，不是Excel工作簿。")
        if "content.xml" in parts:
            raise UnreadableFile(
                f"“{name}”是OpenDocument（WPS/LibreOffice）文件，请先另存为Excel工作簿（.xlsx）。"
            )
        raise UnreadableFile(DAMAGED.format(name=name))
    return _measure(data, infos, name)


def scan_zip(data: bytes, name: str) -> ZipFacts:
    """Any zip container (workbook, OpenDocument): entry count, real unpacked size, CRC-32s and
    sheet extents, measured while inflating — before a native reader sees it."""
    if not data.startswith(b"PK"):
        raise UnreadableFile(DAMAGED.format(name=name))
    _check_directory_size(data, name)
    try:
        with zipfile.ZipFile(_Bytes(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise UnreadableFile(DAMAGED.format(name=name)) from None
    if len(infos) > MAX_MEMBERS:
        raise FileTooLarge(BOMB.format(name=name))
    return _measure(data, infos, name)


def _measure(data: bytes, infos: list[zipfile.ZipInfo], name: str) -> ZipFacts:
    if sum(i.file_size for i in infos) > MAX_UNPACKED:  # declared: refuse early, cheaply
        raise FileTooLarge(BOMB.format(name=name))
    facts = ZipFacts(members=len(infos))
    lowered = {i.filename.lower() for i in infos}
    facts.external = any(
        p.startswith("xl/externallinks/") or p == "xl/connections.xml" for p in lowered
    )
    for info in infos:
        _inflate(data, info, name, facts)
    return facts


class _Bytes:
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


def _check_directory_size(data: bytes, name: str) -> None:
    """Read the entry count from the end record before zipfile builds an object per entry."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 70_000))
    if at < 0 or at + 22 > len(data):
        raise UnreadableFile(DAMAGED.format(name=name))
    entries, dir_size = struct.unpack_from("<HI", data, at + 10)
    if (entries > MAX_MEMBERS and entries != 0xFFFF) or dir_size > 4 * 1024 * 1024:
        raise FileTooLarge(BOMB.format(name=name))


_DIM = re.compile(rb"\sref\s*=\s*[\"']([^\"']{1,40})[\"']")  # <dimension ref>, merges …
_ROW_OF = re.compile(rb"\sr\s*=\s*[\"']\$?[A-Za-z]{0,3}\$?(\d{1,10})[\"']")
_COL_OF = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?\d")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]*)")
_SST_COUNTS = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_COUNT = re.compile(rb"\buniqueCount\s*=\s*[\"'](\d+)[\"']")  # what calamine reserves
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,10})$")
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


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class _SheetScan:
    """Furthest cell (declared by <dimension> and actually used) and formula kinds of one part."""

    def __init__(self, sheet: bool) -> None:
        self.sheet = sheet
        self.rows = self.cols = 0
        self.carry = b""
        self.foreign = False
        self.declared_count = 0  # <sst uniqueCount>: calamine reserves that many strings

    def feed(self, chunk: bytes, last: bool = False) -> None:
        if not last and b"<" not in chunk and len(self.carry) < 4096:
            self.carry += chunk[-4096:]
            return
        buffer = self.carry + chunk
        cut = len(buffer) if last else buffer.rfind(b"<")
        if cut < 0:  # no tag at all in a megabyte: keep a bounded tail only
            cut = max(0, len(buffer) - 4096)
            self.foreign = self.foreign or self.sheet
        text, self.carry = buffer[:cut], buffer[cut:]
        if not self.sheet and not self.declared_count:
            head = _SST_COUNTS.search(text)
            if head:
                counts = [int(c) for c in _COUNT.findall(head.group(0))]
                self.declared_count = max(counts, default=0) or -1
        for ref in _DIM.findall(text):
            self._dimension(ref.decode("latin-1"))
        rows = set(_ROW_OF.findall(text))
        if rows:
            self.rows = max(self.rows, max(map(int, rows)))
        cols = set(_COL_OF.findall(text))
        if cols:
            self.cols = max(self.cols, max(col_number(c.decode("latin-1")) for c in cols))
        if self.sheet and not self.foreign:
            for formula in _FORMULA.findall(text):
                body = html.unescape(formula.decode("utf-8", "replace")).strip().lstrip("=")
                if body and not _OURS.match(body.replace(" ", "")):
                    self.foreign = True
                    break

    def _dimension(self, ref: str) -> None:
        for part in ref.split(":")[-1:]:
            m = _CELL.match(part.strip())
            if m:
                self.rows = max(self.rows, int(m.group(2)))
                self.cols = max(self.cols, col_number(m.group(1)))


def _inflate(data: bytes, info: zipfile.ZipInfo, name: str, facts: ZipFacts) -> None:
    """Inflate one member in bounded chunks: count its real size, compare its CRC-32."""
    if info.flag_bits & 0x1:
        raise UnreadableFile(DAMAGED.format(name=name))
    at = info.header_offset
    if at + 30 > len(data) or data[at : at + 4] != b"PK\x03\x04":
        raise UnreadableFile(DAMAGED.format(name=name))
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    start = at + 30 + name_len + extra_len
    raw = memoryview(data)[start : start + info.compress_size]
    part = info.filename
    lowered = part.lower()
    xml = lowered.endswith(".xml") or lowered.endswith(".rels")
    sheet = "worksheets/" in lowered or "sheet" in lowered.rsplit("/", 1)[-1]
    scan = _SheetScan(sheet) if xml else None
    budget = MAX_UNPACKED - facts.unpacked
    if xml and not sheet:
        budget = min(budget, MAX_PART)
    size, crc = 0, 0
    chunks: Iterator[bytes]
    state = {"eof": False}
    if info.compress_type == zipfile.ZIP_STORED:
        chunks = (bytes(raw[i : i + _CHUNK]) for i in range(0, len(raw), _CHUNK))
        complete = len(raw) == info.compress_size
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        chunks, state = _deflate_chunks(raw)
        complete = False
    else:
        raise UnreadableFile(DAMAGED.format(name=name))
    for chunk in chunks:
        size += len(chunk)
        if size > budget:
            raise FileTooLarge(BOMB.format(name=name))
        crc = zlib.crc32(chunk, crc)
        if scan is not None:
            facts.scanned += len(chunk)
            if facts.scanned > MAX_SCANNED:
                facts.unscanned, scan = True, None  # too much to measure: calamine never sees it
            else:
                scan.feed(chunk)
    if info.compress_type == zipfile.ZIP_DEFLATED:
        complete = state["eof"]
    if not complete or size != info.file_size:
        raise UnreadableFile(DAMAGED.format(name=name))
    if crc != info.CRC:
        raise UnreadableFile(CRC.format(name=name, part=part))
    facts.unpacked += size
    if scan is not None and scan.declared_count > size // 8 + 16:
        facts.unscanned = True  # counts the part cannot hold: keep it away from calamine
    if scan is not None:
        scan.feed(b"", last=True)
        if scan.rows or scan.cols:
            facts.extents[part] = (max(scan.rows, 1), max(scan.cols, 1))
        facts.foreign_formulas = facts.foreign_formulas or scan.foreign


def _deflate_chunks(raw: memoryview) -> tuple[Iterator[bytes], dict[str, bool]]:
    """Inflated output in chunks of at most _CHUNK bytes; state["eof"] once the stream ended."""
    state = {"eof": False}

    def chunks() -> Iterator[bytes]:
        inflater = zlib.decompressobj(-15)
        pending: bytes | memoryview = raw
        try:
            while True:
                out = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
                if inflater.eof:
                    state["eof"] = True
                    return
                if not out and not pending:
                    return
        except zlib.error:
            return

    return chunks(), state


# ----------------------------------------------------------------------------- legacy .xls


def ole2_stream_names(data: bytes) -> set[str]:
    """Names of the entries in an OLE2 compound file's directory (MS-CFB), best effort.

    If the structure cannot be followed, falls back to looking for the UTF-16 names of the
    encryption streams in the raw bytes — directory entries store names exactly that way.
    """
    try:
        return CompoundFile(data).names()
    except (CfbError, struct.error, IndexError):
        return {n for n in ENCRYPTION_STREAMS if n.encode("utf-16-le") in data}


def check_xls(data: bytes, name: str) -> None:
    """A legacy workbook calamine may read: a followable compound file with a Workbook stream
    whose furthest cell is within reason (calamine allocates the whole range, and panics or
    aborts on structures it cannot follow)."""
    try:
        cfb = CompoundFile(data)
        names = cfb.names()
        if names >= ENCRYPTION_STREAMS:
            raise EncryptedFile(ENCRYPTED.format(name=name))
        streams = {n.lower() for n in names}
        stream_name = "workbook" if "workbook" in streams else "book"
        stream = cfb.stream(stream_name, MAX_XLS_STREAM)
    except (CfbError, struct.error, IndexError):
        raise UnreadableFile(XLS_DAMAGED.format(name=name)) from None
    if len(stream) < 8 or struct.unpack_from("<H", stream, 0)[0] not in (0x0809, 0x0409, 0x0209):
        raise UnreadableFile(XLS_DAMAGED.format(name=name))
    try:
        rows, cols = biff_extent(stream)
    except (CfbError, struct.error):
        raise UnreadableFile(XLS_DAMAGED.format(name=name)) from None
    if rows > 65536 or cols > 256:  # beyond what the .xls format can hold: damaged
        raise UnreadableFile(XLS_DAMAGED.format(name=name))
    if rows * cols > MAX_CALAMINE_CELLS:
        raise FileTooLarge(TOO_WIDE.format(name=name, rows=rows, cols=cols))


@contextlib.contextmanager
def native_stderr_quiet() -> Iterator[None]:
    """Rust's panic hook prints an English backtrace on stderr even when the PanicException is
    caught: while calamine runs, stderr (fd 2) goes to the null device."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# ----------------------------------------------------------------------------- time


def check_text_amount(chars: int) -> None:
    """Text and page importers take time in proportion to the text: a published report has
    about 20,000 characters, so fifty times that is refused before the work starts."""
    if chars > MAX_TEXT_CHARS:
        raise FileTooLarge(
            f"文件中的文字过多（约{chars // 10_000}万字），不像是一份年度报告（通常约2万字）。"
        )


class Deadline:
    """A time budget for one file: importers call tick() in their loops."""

    def __init__(self, name: str, seconds: float = TIME_BUDGET) -> None:
        self.name = name
        self.until = time.monotonic() + seconds
        self.count = 0

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise FileTooLarge(f"“{self.name}”处理时间过长，不像是一份年度报告，已停止读取。")


_DEADLINE: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "nianbao_deadline", default=None
)


@contextlib.contextmanager
def time_budget(name: str, seconds: float = TIME_BUDGET) -> Iterator[Deadline]:
    """Within the block, tick() raises FileTooLarge once `seconds` have passed (per thread)."""
    deadline = Deadline(name, seconds)
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def tick() -> None:
    """Cheap enough for inner loops: looks at the clock every 256 calls."""
    deadline = _DEADLINE.get()
    if deadline is not None:
        deadline.count += 1
        if deadline.count & 0xFF == 0:
            deadline.check()

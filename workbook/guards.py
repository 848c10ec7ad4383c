"""Guards every file passes before a parser sees it: size, kind of container, zip bombs.

One place for all readers (our workbook reader, the fast reader, the importers), so that each
kind of wrong file gets the same plain Chinese message whichever door it came through. Only what
is cheap and certain: sizes, encryption, the container's structure, real unpacked sizes and
CRC-32s (no zip header is trusted). What a native parser would do with the rest is not
predicted: every file is read in the reading sandbox (workbook.sandbox), whose limits on memory
and time catch it.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import signal
import struct
import subprocess
import time
import zipfile
from collections.abc import Iterator
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
from workbook.zipscan import (
    DAMAGED,
    ZipFacts,
    measure,
)
from workbook.zipscan import MAX_UNPACKED as MAX_UNPACKED  # re-exported for the importers
from workbook.zipscan import scan_zip as scan_zip
from workbook.zipscan import stored_copy as stored_copy  # for the quick readers
from workbook.zipscan import zip_members as zip_members

MAX_BYTES = 50 * 1024 * 1024  # far above any real report; protects against a wrong file
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a published report's text or page is well under 1 MB
MAX_TEXT_CHARS = 1_000_000  # characters of text an importer reads: a report has ~20,000
MAX_XLS_STREAM = 40 * 1024 * 1024
MAX_CALAMINE_CELLS = 1_000_000  # rows × columns of a legacy sheet, read from its BIFF records
TIME_BUDGET = 10.0  # seconds an importer may spend on one file

ENCRYPTION_STREAMS = frozenset({"EncryptionInfo", "EncryptedPackage"})

ENCRYPTED = "“{name}”设有打开密码，本软件无法读取。请在Excel/WPS中取消密码后再打开。"
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


def check_container(
    data: bytes, name: str, infos: list[zipfile.ZipInfo] | None = None, keep: bool = False
) -> ZipFacts:
    """Refuse anything that is not a zip holding a workbook, each kind with its own message.
    `infos`: the zip's members when the caller has them already; `keep`: see zipscan.measure."""
    if data.startswith(OLE2_MAGIC):
        if ole2_stream_names(data) >= ENCRYPTION_STREAMS:
            raise EncryptedFile(ENCRYPTED.format(name=name))
        # A legacy .xls (or another OLE2 document): not our workbook; the importer decides.
        raise NotAReport(f"“{name}”是旧版Excel（.xls）或其他格式的文件，不是本软件的工作簿。")
    if infos is None:
        infos = zip_members(data, name)
    parts = {i.filename for i in infos}
    if "xl/workbook.xml" not in parts and not any(p.startswith("xl/workbook") for p in parts):
        if "word/document.xml" in parts:
            raise UnreadableFile(f"“{name}”是Word文档，不是Excel工作簿。")
        if "content.xml" in parts:
            raise UnreadableFile(
                f"“{name}”是OpenDocument（WPS/LibreOffice）文件，请先另存为Excel工作簿（.xlsx）。"
            )
        raise UnreadableFile(DAMAGED.format(name=name))
    return measure(data, infos, name, keep=keep)


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


# The reading sandbox's child sends fd 2 to a log of its own, which tells the parent why the
# child died ("memory allocation of … failed"): there it stays open (workbook.sandbox).
QUIET_NATIVE = True


@contextlib.contextmanager
def native_stderr_quiet() -> Iterator[None]:
    """Rust's panic hook prints an English backtrace on stderr even when the PanicException is
    caught: while calamine runs, stderr (fd 2) goes to the null device."""
    if not QUIET_NATIVE:
        yield
        return
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


# ----------------------------------------------------------------------------- other programs


def run_program(
    args: list[str], timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run another program (LibreOffice) in a process group of its own; at the timeout the
    whole group is killed — soffice.bin, which the soffice launcher starts, included — and
    subprocess.TimeoutExpired raised. Nothing is left running at 100 % CPU."""
    windows = os.name == "nt"
    with subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=not windows,
        creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if windows else 0,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise
        except BaseException:
            _kill_group(proc)
            raise
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        import psutil

        family = psutil.Process(proc.pid).children(recursive=True)
    except Exception:
        family = []
    if os.name != "nt":
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    for p in family:  # on Windows, and anything that left the group
        with contextlib.suppress(Exception):
            p.kill()
    with contextlib.suppress(OSError):
        proc.kill()

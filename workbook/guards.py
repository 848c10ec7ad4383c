"""Guards every file passes before a parser sees it: size, kind of container, zip bombs.

One place for all readers (our workbook reader, the fast reader, the importers), so that each
kind of wrong file gets the same plain Chinese message whichever door it came through.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from workbook.model.errors import EncryptedFile, FileTooLarge, NotAReport, UnreadableFile

MAX_BYTES = 50 * 1024 * 1024  # far above any real report; protects against a wrong file
MAX_UNPACKED = 400 * 1024 * 1024  # a zip that inflates past this is not a report (zip bomb)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAMS = frozenset({"EncryptionInfo", "EncryptedPackage"})

DAMAGED = "无法打开“{name}”：文件已损坏或不是Excel工作簿。"
ENCRYPTED = "“{name}”设有打开密码，本软件无法读取。请在Excel/WPS中取消密码后再打开。"


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
    sector, seen = first_dir, set[int]()
    while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 10_000:
        seen.add(sector)
        offset = (sector + 1) * size
        for entry in range(offset, offset + size, 128):
            length = struct.unpack_from("<H", data, entry + 64)[0]
            if 2 <= length <= 64:
                names.add(data[entry : entry + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector]
    return names

"""Our reading of a zip's central directory (workbook.zipdir) gives what zipfile gives, and
zip_members refuses exactly what it refused when zipfile read every directory."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import pytest

from tests.fuzz import hostile
from workbook.model.errors import ReportError
from workbook.zipdir import plain_directory
from workbook.zipscan import MAX_MEMBERS, ZipBytes, check_directory_size, zip_members

SLOTS = sorted(
    {s for c in zipfile.ZipInfo.__mro__ for s in getattr(c, "__slots__", ())} - {"_end_offset"}
)


def fields(infos: list[zipfile.ZipInfo]) -> list[dict[str, object]]:
    """Everything zipfile sets on a member (the order of the members included)."""
    return [{s: getattr(i, s, None) for s in SLOTS} for i in infos]


def by_zipfile(data: bytes, name: str = "f.xlsx") -> object:
    """zip_members as it was before workbook.zipdir: zipfile reads every directory. The
    members' fields, or the refusal (its kind and sentence)."""
    try:
        if not data.startswith(b"PK"):
            return ("UnreadableFile", "")
        check_directory_size(data, name)
        try:
            with zipfile.ZipFile(ZipBytes(data)) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            return ("UnreadableFile", "")
        if len(infos) > MAX_MEMBERS:
            return ("FileTooLarge", "")
        return fields(infos)
    except ReportError as e:
        return (type(e).__name__, "")


def by_us(data: bytes, name: str = "f.xlsx") -> object:
    try:
        return fields(zip_members(data, name))
    except ReportError as e:
        return (type(e).__name__, "")


def zipped(names: list[str], **kwargs: object) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, **kwargs) as z:  # type: ignore[arg-type]
        for n in names:
            z.writestr(n, f"<x>{n}</x>" * 20)
    return out.getvalue()


def directory_at(data: bytes) -> tuple[int, int]:
    """(offset, size) of the central directory, from the end record at the file's end."""
    size, offset = struct.unpack_from("<II", data, len(data) - 22 + 12)
    return offset, size


def test_our_workbooks_are_read_by_us_exactly_as_zipfile_reads_them() -> None:
    data = hostile.our_workbook()
    ours = plain_directory(data)
    assert ours is not None  # the plain case: no fallback
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert fields(ours) == fields(z.infolist())
    assert {i.filename for i in ours} >= {"xl/workbook.xml", "xl/worksheets/sheet1.xml"}


def test_utf8_and_cp437_names_come_out_as_zipfile_decodes_them() -> None:
    data = zipped(["xl/工作表.xml", "docProps/app.xml"])  # zipfile marks the UTF-8 name
    assert plain_directory(data) is not None
    assert by_us(data) == by_zipfile(data)
    # An old archiver's name in code page 437, without the UTF-8 flag.
    old = _retitle(data, "xl/工作表.xml", "xl/über.xml".encode("cp437"), utf8=False)
    assert plain_directory(old) is not None
    assert by_us(old) == by_zipfile(old)
    assert "xl/über.xml_____" in [i.filename for i in zip_members(old, "f.xlsx")]


def _retitle(data: bytes, old: str, new: bytes, *, utf8: bool) -> bytes:
    """The same zip with one member's name replaced (same length) in both headers, its UTF-8
    flag set or cleared."""
    raw = old.encode()
    assert len(new) <= len(raw)
    new = new + b"_" * (len(raw) - len(new))
    out = bytearray(data.replace(raw, new))
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + name_len]) == new:
            flags = struct.unpack_from("<H", out, at + 8)[0]
            struct.pack_into("<H", out, at + 8, flags | 0x800 if utf8 else flags & ~0x800)
        at += 4
    return bytes(out)


@pytest.mark.parametrize(
    "kind",
    ["comment", "extra field", "zip64", "data before", "nul in a name", "version 6.4"],
)
def test_unusual_directories_are_left_to_zipfile_and_read_alike(kind: str) -> None:
    data = zipped(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"])
    if kind == "comment":
        data = data[:-2] + struct.pack("<H", 5) + b"hello"
    elif kind == "extra field":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            info = zipfile.ZipInfo("xl/workbook.xml")
            info.extra = struct.pack("<HHBI", 0x5455, 5, 1, 1_700_000_000)  # a timestamp
            z.writestr(info, b"<workbook/>")
        data = out.getvalue()
    elif kind == "zip64":
        data = _as_zip64(data)
    elif kind == "data before":
        data = b"MZ" + b"\0" * 98 + data  # a self-extractor's stub: zipfile shifts the offsets
    elif kind == "nul in a name":
        data = _retitle(data, "xl/workbook.xml", b"xl/work\0ook.xml", utf8=False)
    else:
        offset, _ = directory_at(data)
        data = data[: offset + 6] + struct.pack("<H", 64) + data[offset + 8 :]
    assert plain_directory(data) is None
    assert by_us(data) == by_zipfile(data)


def _as_zip64(data: bytes, *, all_marked: bool = False) -> bytes:
    """The same zip ended by a zip64 end record and locator; the old record marks its counts
    as in the zip64 record (and, `all_marked`, its size and offset too)."""
    offset, size = directory_at(data)
    count = struct.unpack_from("<H", data, len(data) - 22 + 10)[0]
    body = data[: len(data) - 22]
    end64_at = len(body)
    end64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end64_at, 1)
    marked = (0xFFFFFFFF, 0xFFFFFFFF) if all_marked else (size, offset)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, *marked, 0)
    return body + end64 + locator + end


def test_a_zip64_workbook_is_read_or_refused_as_before() -> None:
    data = _as_zip64(hostile.our_workbook())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
    assert plain_directory(data) is None
    assert isinstance(by_us(data), list) and by_us(data) == by_zipfile(data)
    # Size and offset only in the zip64 record: the end record's 4 GB directory is refused
    # before zipfile reads it (check_directory_size), today as before.
    marked = _as_zip64(hostile.our_workbook(), all_marked=True)
    assert by_us(marked) == by_zipfile(marked) == ("FileTooLarge", "")


def test_more_members_than_allowed_are_refused_as_before() -> None:
    many = hostile.many_members(MAX_MEMBERS + 1)
    assert by_us(many) == by_zipfile(many) == ("FileTooLarge", "")
    # An end record that understates the count: the directory itself is counted.
    lying = bytearray(many)
    struct.pack_into("<HH", lying, len(many) - 22 + 8, 10, 10)
    assert plain_directory(bytes(lying)) is not None
    assert by_us(bytes(lying)) == by_zipfile(bytes(lying)) == ("FileTooLarge", "")
    exact = hostile.many_members(MAX_MEMBERS - len(hostile.members_of(hostile.our_workbook())))
    assert isinstance(by_us(exact), list) and by_us(exact) == by_zipfile(exact)


def test_damaged_directories_are_refused_or_read_exactly_as_zipfile_does() -> None:
    """Thousands of damaged copies of a workbook's directory and end record: bytes flipped,
    set to 0 or 0xFF, cut short. Each gives the same members or the same refusal as before."""
    data = hostile.our_workbook()
    offset, _ = directory_at(data)
    rng = random.Random(19)
    plain = 0
    for _ in range(3000):
        damaged = bytearray(data)
        for _ in range(rng.choice((1, 1, 2, 4))):
            at = rng.randrange(offset - 40, len(data))
            damaged[at] = rng.choice((0, 0xFF, rng.randrange(256), damaged[at] ^ 1))
        if rng.random() < 0.1:
            damaged = damaged[: rng.randrange(offset, len(data))]
        got = bytes(damaged)
        plain += plain_directory(got) is not None
        assert by_us(got) == by_zipfile(got)
    assert plain > 500  # most damage to sizes, CRCs and times is read by us, not zipfile


def test_the_directory_of_any_hostile_shape_is_listed_as_before() -> None:
    shapes = [
        hostile.zip_bomb(64, honest=True),
        hostile.zip_bomb(64, honest=False),
        hostile.bad_crc(),
        hostile.sparse_monster(),
        hostile.ods_repeats(10, 10),
        b"PK\x05\x06" + b"\0" * 18,  # an empty zip
        b"PK\x03\x04" + b"\0" * 40,
        b"PK",
    ]
    for data in shapes:
        assert by_us(data) == by_zipfile(data)

"""Hostile files built at runtime (never committed): zip bombs, sparse monsters, CRC damage.

Shared by the regression tests, the fuzz harness and bench/bench_hostile.py.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from workbook.model.report import Report
from workbook.xlsx.write.writer import workbook_bytes


@dataclass
class Member:
    name: str
    payload: bytes  # compressed (deflate) or stored bytes as they go in the file
    crc: int
    size: int  # the size the headers declare
    method: int = zipfile.ZIP_DEFLATED


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def members_of(data: bytes) -> list[Member]:
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            raw = z.read(info.filename)
            out.append(Member(info.filename, deflate(raw), zlib.crc32(raw), len(raw)))
    return out


def build_zip(members: list[Member]) -> bytes:
    """A zip written by hand, so that headers can say whatever a test wants them to."""
    body = io.BytesIO()
    central = io.BytesIO()
    for m in members:
        name = m.name.encode()
        offset = body.tell()
        header = struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            0x800,
            m.method,
            0,
            0x21,
            m.crc,
            len(m.payload),
            m.size,
            len(name),
            0,
        )
        body.write(header + name + m.payload)
        central.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0x800,
                m.method,
                0,
                0x21,
                m.crc,
                len(m.payload),
                m.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = body.tell()
    directory = central.getvalue()
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0
    )
    return body.getvalue() + directory + end


def our_workbook(report: Report | None = None) -> bytes:
    return workbook_bytes(report or Report.blank("2021", agency="某镇人民政府", year=2024))


def replace_member(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    members = members_of(data)
    for m in members:
        if m.name == part:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                raw = change(z.read(part))
            m.payload, m.crc, m.size = deflate(raw), zlib.crc32(raw), len(raw)
    return build_zip(members)


def sparse_monster(cell: str = "XFD1048576", part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """Our own workbook with one more cell far away (calamine allocates the whole range)."""
    row = re.match(r"[A-Z]+(\d+)", cell).group(1)  # type: ignore[union-attr]

    def add(xml: bytes) -> bytes:
        extra = f'<row r="{row}"><c r="{cell}"><v>1</v></c></row>'.encode()
        xml = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="A1:{cell}"'.encode(), xml)
        return xml.replace(b"</sheetData>", extra + b"</sheetData>")

    return replace_member(our_workbook(), part, add)


def zip_bomb(
    unpacked_mb: int = 1024,
    *,
    honest: bool = False,
    source: bytes | None = None,
    part: str = "xl/worksheets/sheet1.xml",
    after: bytes = b"<sheetData>",
) -> bytes:
    """Our workbook (or `source`) whose `part` inflates to `unpacked_mb` MB of blanks placed
    after the tag `after`.

    Built from one compressed megabyte repeated (full flushes make the blocks identical), so a
    1 GB bomb costs about a megabyte and a second to make. `honest` declares the real size in
    the headers; otherwise they claim the original small size (never trust zip headers)."""
    source = source if source is not None else our_workbook()
    members = members_of(source)
    target = next(m for m in members if m.name == part)
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        xml = z.read(part)
    at = xml.index(after) + len(after)
    head, tail = xml[:at], xml[at:]
    block_raw = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(block_raw) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(unpacked_mb):
        crc = zlib.crc32(block_raw, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(tail) + unpacked_mb * len(block_raw)
    target.payload = first + block * unpacked_mb + last
    target.crc = crc
    target.size = size if honest else len(xml)
    return build_zip(members)


def bad_crc(part: str = "xl/sharedStrings.xml") -> bytes:
    """Our workbook with one member's content changed but its recorded CRC-32 kept."""
    members = members_of(our_workbook(Report.blank("2021", agency="某局", year=2024)))
    for m in members:
        if m.name == part:
            with zipfile.ZipFile(io.BytesIO(our_workbook())) as z:
                raw = z.read(part) if part in z.namelist() else b""
            changed = raw.replace("某".encode(), "甲".encode()) if raw else b"x"
            m.payload, m.size = deflate(changed), len(changed)
    return build_zip(members)


def many_members(count: int = 5000) -> bytes:
    members = members_of(our_workbook())
    empty = deflate(b"")
    members += [Member(f"xl/junk/{i}.bin", empty, 0, 0) for i in range(count)]
    return build_zip(members)


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_repeats(rows: int, cols: int, *, gap: int = 0) -> bytes:
    """A tiny OpenDocument spreadsheet whose one non-empty cell repeats `rows` × `cols` times
    (after `gap` empty repeated rows): calamine expands repeats into real cells."""
    empty_rows = (
        f'<table:table-row table:number-rows-repeated="{gap}"><table:table-cell/></table:table-row>'
        if gap
        else ""
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="表">'
        f"{empty_rows}"
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    return ods_file(content)


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    'spreadsheet"/></manifest:manifest>'
)


def ods_file(content: str) -> bytes:
    """An OpenDocument spreadsheet around the given content.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()

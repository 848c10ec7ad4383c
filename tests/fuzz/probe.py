"""The held-out probe's shapes (issue 19), built at runtime: files the pattern guards did not
foresee. Each must end in one Chinese sentence within the sandbox's limits (workbook.sandbox).

Shared by tests/test_contained.py and bench/bench_hostile.py. Small ones are built in memory;
`huge` ones (tens of MB on disk or gigabytes inflated) are written straight to a path.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.fuzz import hostile

FAR = "XFD" + "0" * 40 + "1048576"  # a cell reference longer than any pattern allowed


def long_reference() -> bytes:
    """XFD + 40 zeros + 1048576: calamine allocates the whole sheet range and aborts."""
    return hostile.sparse_monster(FAR)


def renamed_sheet() -> bytes:
    """The far cell in a sheet part named sheet1.bin (the relationship says where it is)."""
    data = hostile.sparse_monster("XFD1048576")
    members = hostile.members_of(data)
    for m in members:
        if m.name == "xl/worksheets/sheet1.xml":
            m.name = "xl/worksheets/sheet1.bin"
    out = hostile.build_zip(members)
    return hostile.replace_member(
        out, "xl/_rels/workbook.xml.rels", lambda x: x.replace(b"sheet1.xml", b"sheet1.bin")
    )


def _ods(row_attrs: str, cell_attrs: str, text: str = "1") -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {hostile.ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="表">'
        f"<table:table-row {row_attrs}>"
        f'<table:table-cell {cell_attrs} office:value-type="float" office:value="1">'
        f"<text:p>{text}</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    return hostile.ods_file(content)


def ods_padded() -> bytes:
    """Repeat counts with leading zeros: 1,048,576 rows × 16,384 columns."""
    return _ods(
        'table:number-rows-repeated="0001048576"', 'table:number-columns-repeated="00016384"'
    )


def ods_signed() -> bytes:
    """Repeat counts with a plus sign."""
    return _ods('table:number-rows-repeated="+1048576"', 'table:number-columns-repeated="+16384"')


def ods_after_gt() -> bytes:
    """The repeat count after an attribute value holding '>' (a tag-matching pattern stops)."""
    return _ods(
        'table:style-name="a>b" table:number-rows-repeated="1048576"',
        'table:style-name="c>d" table:number-columns-repeated="16384"',
    )


def ods_spaces() -> bytes:
    """A 1 KB file whose one cell holds a billion spaces (<text:s text:c=…/>)."""
    return _ods("", "", '1<text:s text:c="1000000000"/>')


def ods_extent(rows: int = 1_000_000, cols: int = 64) -> bytes:
    """A moderate extent every cell of which is filled: 64 M cells."""
    return hostile.ods_repeats(rows, cols)


def many_attributes(path: Path, count: int = 8_000_000) -> None:
    """A cell with millions of attributes (expat under openpyxl runs for many minutes)."""

    def add(xml: bytes) -> bytes:
        attrs = b"".join(b' a%x=""' % i for i in range(count))
        return re.sub(rb"<c ", b"<c" + attrs + b" ", xml, count=1)

    path.write_bytes(
        hostile.replace_member(hostile.our_workbook(), "xl/worksheets/sheet1.xml", add)
    )


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table; objects are numbered from 1."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def _page(contents: bytes, resources: bytes = b"<< >>") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources " + resources + b" >>",
        contents,
    ]


def pdf_self_drawing() -> bytes:
    """A form XObject that draws itself (and twice, so the work doubles at each level)."""
    form = _stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
        b"/X Do /X Do",
    )
    return _pdf([*_page(_stream(b"", b"/X Do"), b"<< /XObject << /X 5 0 R >> >>"), form])


def pdf_huge_stream(path: Path, megabytes: int = 3072) -> None:
    """A page whose content stream inflates to gigabytes (one compressed block repeated)."""
    block_raw = b"0 0 m\n" * ((1 << 20) // 6)
    c = zlib.compressobj(9)
    block = c.compress(block_raw) + c.flush(zlib.Z_FULL_FLUSH)
    data = block * megabytes + c.flush()
    path.write_bytes(_pdf(_page(_stream(b"/Filter /FlateDecode", data))))


def pdf_many_texts(count: int = 1_000_000) -> bytes:
    """One page of a million text objects."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    ops = b"BT /F1 1 Tf 10 10 Td (a) Tj ET\n" * count
    c = zlib.compressobj(9)
    stream = _stream(b"/Filter /FlateDecode", c.compress(ops) + c.flush())
    return _pdf([*_page(stream, b"<< /Font << /F1 5 0 R >> >>"), font])


# name -> (extension, builder writing the file at the path)
def _small(make: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(make())


SMALL: dict[str, tuple[str, Callable[[Path], None]]] = {
    "reference XFD+40 zeros+1048576": (".xlsx", _small(long_reference)),
    "far cell in sheet1.bin": (".xlsx", _small(renamed_sheet)),
    ".ods repeats zero-padded": (".ods", _small(ods_padded)),
    ".ods repeats signed +": (".ods", _small(ods_signed)),
    ".ods repeats after '>' in a value": (".ods", _small(ods_after_gt)),
    ".ods <text:s c=1e9/>": (".ods", _small(ods_spaces)),
    "PDF form XObject draws itself": (".pdf", _small(pdf_self_drawing)),
}
HUGE: dict[str, tuple[str, Callable[[Path], None]]] = {
    ".ods extent 1M × 64": (".ods", _small(ods_extent)),
    "<c> with 8 M attributes": (".xlsx", many_attributes),
    "PDF stream inflating to 3 GB": (".pdf", pdf_huge_stream),
    "PDF page of 1 M text objects": (".pdf", _small(pdf_many_texts)),
}

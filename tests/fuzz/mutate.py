"""Seeded mutations of the corpus: bytes, zip members, JSON structure, text and markup.

Every mutator takes a random.Random and the seed file's bytes and returns new bytes; the same
seed always gives the same input, so a failure is reproduced by its seed alone.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.fuzz.hostile import Member, build_zip, deflate, members_of

CORPUS = Path(__file__).parent / "corpus"
NASTY = [
    "\x00",
    "\x04",
    "\x1f",
    "\ufffe",
    "\uffff",
    "_x0004_",
    "_x005F_x0041_",
    "\u202e",
    "𠀀",
    "<",
    "&amp;",
    "]]>",
    "\r",
    "1e400",
    "NaN",
    "-0",
    "９９",
    "\t",
]


def flip_bytes(rnd: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 24)):
        b[rnd.randrange(len(b))] = rnd.randrange(256)
    return bytes(b)


def truncate(rnd: random.Random, data: bytes) -> bytes:
    return data[: rnd.randrange(1, len(data))]


def splice(rnd: random.Random, data: bytes) -> bytes:
    i, j = sorted(rnd.randrange(len(data)) for _ in range(2))
    k = rnd.randrange(len(data))
    return data[:k] + data[i:j] * rnd.randint(1, 4) + data[k:]


def _zip_members(data: bytes) -> list[Member] | None:
    try:
        return members_of(data)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None


def _member_xml(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def mutate_member(rnd: random.Random, data: bytes) -> bytes:
    """Change one part's XML (CRC kept right), so the parsers themselves are exercised."""
    members = _zip_members(data)
    if not members:
        return flip_bytes(rnd, data)
    m = rnd.choice(members)
    raw = _member_xml(data, m.name)
    choice = rnd.random()
    if choice < 0.4 and raw:
        raw = flip_bytes(rnd, raw)
    elif choice < 0.6 and raw:
        at = rnd.randrange(len(raw))
        raw = raw[:at] + rnd.choice(NASTY).encode("utf-8", "surrogatepass") + raw[at:]
    elif choice < 0.8 and raw:
        raw = truncate(rnd, raw)
    else:
        raw = raw.replace(b'r="A', f'r="{rnd.choice(["XFD", "CV", "ZZ", "A"])}'.encode(), 1)
    m.payload, m.crc, m.size = deflate(raw), zlib.crc32(raw), len(raw)
    return build_zip(members)


def huge_numbers(rnd: random.Random, data: bytes) -> bytes:
    """A numeric attribute (count=, r=, ref=, s=, …) set to an absurd value: native readers
    reserve memory by such counts before reading."""
    members = _zip_members(data)
    if not members:
        return flip_bytes(rnd, data)
    m = rnd.choice(members)
    raw = _member_xml(data, m.name)
    spots = [x.span(1) for x in re.finditer(rb'\s[\w:]+="(\d+)"', raw)]
    if not spots:
        return flip_bytes(rnd, data)
    for _ in range(rnd.randint(1, 3)):
        a, b = rnd.choice(spots)
        value = rnd.choice(
            [b"4000000000", b"2147483647", b"1048577", b"99999999999999999999", b"0"]
        )
        raw = raw[:a] + value + raw[b:]
        spots = [x.span(1) for x in re.finditer(rb'\s[\w:]+="(\d+)"', raw)]
    m.payload, m.crc, m.size = deflate(raw), zlib.crc32(raw), len(raw)
    return build_zip(members)


def zip_headers(rnd: random.Random, data: bytes) -> bytes:
    """Lie in the headers: CRC, declared size, compression method."""
    members = _zip_members(data)
    if not members:
        return flip_bytes(rnd, data)
    m = rnd.choice(members)
    kind = rnd.randrange(3)
    if kind == 0:
        m.crc ^= 1 << rnd.randrange(32)
    elif kind == 1:
        m.size = rnd.choice([0, 1, m.size // 2, m.size * 1000, 2**32 - 1])
    else:
        m.method = rnd.choice([0, 12, 14, 99])
    return build_zip(members)


def sparse_cell(rnd: random.Random, data: bytes) -> bytes:
    members = _zip_members(data)
    if not members:
        return flip_bytes(rnd, data)
    sheets = [m for m in members if m.name.startswith("xl/worksheets/")] or members
    m = rnd.choice(sheets)
    col = rnd.choice(["XFD", "AAA", "CV", "Z"])
    row = rnd.choice([1048576, 100000, 5001, 70000])
    raw = _member_xml(data, m.name)
    extra = f'<row r="{row}"><c r="{col}{row}"><v>1</v></c></row>'.encode()
    raw = raw.replace(b"</sheetData>", extra + b"</sheetData>")
    if rnd.random() < 0.5:
        raw = raw.replace(b'<dimension ref="', f'<dimension ref="A1:{col}{row}" x="'.encode(), 1)
    m.payload, m.crc, m.size = deflate(raw), zlib.crc32(raw), len(raw)
    return build_zip(members)


def json_shape(rnd: random.Random, data: bytes) -> bytes:
    """Replace one value anywhere in the report JSON by a value of another kind."""
    doc = json.loads(data)
    paths: list[tuple[object, object]] = []
    stack: list[object] = [doc]
    while stack:
        item = stack.pop()
        keys = item.keys() if isinstance(item, dict) else range(len(item))  # type: ignore[union-attr]
        for k in keys:
            paths.append((item, k))
            v = item[k]  # type: ignore[index]
            if isinstance(v, dict | list):
                stack.append(v)
    parent, key = rnd.choice(paths)
    replacement = rnd.choice(
        [5, -1, 1.5, 10**17, "x", "\ud800", ["a", "b"], {}, None, True, "1800-01-01", 1e308]
    )
    parent[key] = replacement  # type: ignore[index]
    text = json.dumps(doc, ensure_ascii=rnd.random() < 0.5)
    if rnd.random() < 0.3:
        text = text.replace("1e+308", rnd.choice(["1e400", "1E+400", "NaN", "Infinity"]))
    return text.encode("utf-8", "surrogatepass")


def markup(rnd: random.Random, data: bytes) -> bytes:
    """Text and pages: nasty characters, unbalanced tags, repeated lines."""
    text = data.decode("utf-8", "replace")
    for _ in range(rnd.randint(1, 10)):
        at = rnd.randrange(len(text) + 1)
        piece = rnd.choice(
            [*NASTY, "<div>" * 50, "</span>" * 50, "<table><tr><td>", "一、总体情况\n", "\n" * 20]
        )
        text = text[:at] + piece + text[at:]
    return text.encode("utf-8", "surrogatepass")


def pdf_numbers(rnd: random.Random, data: bytes) -> bytes:
    """A number in a PDF's object syntax (/Count, /Length, xref offsets, object numbers …) set to
    an absurd value, outside the compressed streams: pdfium trusts such counts natively."""
    spots = [x.span(1) for x in re.finditer(rb"[ /\[\n\r](\d{1,10})[ \]/\n\r>]", data)]
    streams = [x.span() for x in re.finditer(rb"stream\r?\n.*?endstream", data, re.DOTALL)]
    spots = [s for s in spots if not any(a <= s[0] < b for a, b in streams)]
    if not spots:
        return flip_bytes(rnd, data)
    for _ in range(rnd.randint(1, 3)):
        a, b = rnd.choice(spots)
        value = rnd.choice([b"4000000000", b"2147483647", b"65536", b"99999999999999999999", b"0"])
        data = data[:a] + value + data[b:]
        spots = [x.span(1) for x in re.finditer(rb"[ /\[\n\r](\d{1,10})[ \]/\n\r>]", data)]
        spots = [s for s in spots if not any(a <= s[0] < b for a, b in streams)]
    return data


MUTATORS: dict[str, list[Callable[[random.Random, bytes], bytes]]] = {
    ".xlsx": [
        flip_bytes,
        truncate,
        mutate_member,
        mutate_member,
        zip_headers,
        sparse_cell,
        huge_numbers,
    ],
    ".xls": [flip_bytes, flip_bytes, truncate, splice],
    # Our workbook saved by LibreOffice as .ods (repeat counts go through huge_numbers) and our
    # Word export: zip containers read by calamine and python-docx.
    ".ods": [flip_bytes, truncate, mutate_member, zip_headers, huge_numbers, huge_numbers],
    ".docx": [flip_bytes, truncate, mutate_member, zip_headers, huge_numbers],
    ".pdf": [flip_bytes, truncate, splice, pdf_numbers, pdf_numbers],  # read by pdfium
    ".json": [json_shape, json_shape, flip_bytes, truncate],
    ".txt": [markup, flip_bytes, splice],
    ".html": [markup, markup, flip_bytes, splice],
}


def corpus() -> list[Path]:
    """The seed files; FUZZ_KINDS (e.g. ".xls,.xlsx") narrows a run to some kinds."""
    kinds = [k for k in os.environ.get("FUZZ_KINDS", "").split(",") if k] or list(MUTATORS)
    return sorted(p for p in CORPUS.iterdir() if p.suffix in MUTATORS and p.suffix in kinds)


def make_input(seed: int) -> tuple[str, bytes]:
    """(extension, bytes) of fuzz input number `seed`."""
    rnd = random.Random(seed)
    source = rnd.choice(corpus())
    data = source.read_bytes()
    for _ in range(rnd.choice([1, 1, 1, 2])):
        mutator = rnd.choice(MUTATORS[source.suffix])
        try:
            data = mutator(rnd, data) or b"x"
        except Exception:  # the input is already too broken for this mutator
            data = flip_bytes(rnd, data) if data else b"x"
    ext = source.suffix
    if rnd.random() < 0.05:  # renamed files are read by content
        ext = rnd.choice([".xlsx", ".xls"]) if ext in (".xlsx", ".xls") else ext
    return ext, data

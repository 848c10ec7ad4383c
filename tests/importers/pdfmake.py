"""A tiny PDF writer for tests: Chinese text placed at given positions, in any drawing order.

Uses the standard CJK font STSong-Light (not embedded, UniGB-UCS2-H encoding), which every PDF
reader knows; so a test can lay out a page exactly — labels drawn after their numbers, no ruling
lines, words scattered in the content stream — without LibreOffice. `lines` draws ruling lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

A4 = (595.0, 842.0)


@dataclass
class Page:
    texts: list[tuple[float, float, str, float]] = field(default_factory=list)  # x, top, text, size
    lines: list[tuple[float, float, float, float]] = field(
        default_factory=list
    )  # x0, top0, x1, top1

    def text(self, x: float, top: float, text: str, size: float = 10.5) -> None:
        self.texts.append((x, top, text, size))

    def line(self, x0: float, top0: float, x1: float, top1: float) -> None:
        self.lines.append((x0, top0, x1, top1))


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def _stream(page: Page) -> bytes:
    height = A4[1]
    ops = []
    for x0, t0, x1, t1 in page.lines:
        ops.append(f"0.5 w {x0:.2f} {height - t0:.2f} m {x1:.2f} {height - t1:.2f} l S")
    for x, top, text, size in page.texts:
        # A PDF places text by its baseline; `top` is the top of the glyphs as readers report it.
        base = height - top - size * 0.88
        ops.append(f"BT /F1 {size:g} Tf {x:.2f} {base:.2f} Td {_hex(text)} Tj ET")
    return "\n".join(ops).encode("ascii")


def pdf_bytes(pages: list[Page], *, title: str = "") -> bytes:
    """A PDF of the pages; each text item keeps its own place in the content stream order."""
    objects: list[bytes] = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 descendant font, 5 descriptor, then page + content pairs.
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>"
    )
    objects.append(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
    )
    for i, page in enumerate(pages):
        content = _stream(page)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]:g} {A4[1]:g}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {7 + 2 * i} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    info = f" /Info << /Title {_hex(title)} >>" if title else ""
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` ems, as a word processor wraps (ASCII is half an em)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        w = 0.5 if ord(ch) < 128 else 1.0
        if used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return [*lines, line] if line or not lines else lines


def report_pages(report: Any, *, numbers_first: bool = True, label_width: int = 12) -> list[Page]:
    """A published report laid out with no ruling lines, labels wrapped over several lines with
    their numbers on the middle one — and, with `numbers_first`, every number drawn before any
    label, as PDFs whose text comes out "labels after their numbers" are made."""
    fmt = report.format
    pages = [Page()]
    top = 60.0
    size, step = 10.5, 16.0
    numbers: list[tuple[Page, float, float, str]] = []

    def room(lines: int) -> None:
        nonlocal top
        if top + lines * step > A4[1] - 60:
            pages.append(Page())
            top = 60.0

    def text(x: float, words: str) -> None:
        nonlocal top
        room(1)
        pages[-1].text(x, top, words, size)
        top += step

    def prose(paragraph: str) -> None:
        for part in _wrap(paragraph, 40):
            text(72, part)

    def row(label: str, values: list[str], x0: float = 260, dx: float = 44) -> None:
        nonlocal top
        parts = _wrap(label, label_width)
        room(len(parts))
        middle = top + (len(parts) - 1) * step / 2
        for k, part in enumerate(parts):
            pages[-1].text(40, top + k * step, part, size)
        for j, v in enumerate(values):
            numbers.append((pages[-1], x0 + j * dx, middle, v))
        top += len(parts) * step + 4

    def value(key: str) -> str:
        v = report.values[key]
        return "" if v is None else str(v)

    text(150, f"{report.agency}{report.year}年政府信息公开工作年度报告")
    for section in fmt.sections:
        text(40, section.title)
        if section.kind == "text":
            for paragraph in report.texts.get(section.id, []):
                prose(paragraph)
            continue
        table = fmt.tables[section.id]
        if section.id == "appeals":
            cols = table.blocks[0].columns
            text(40, "行政复议                    行政诉讼")
            row("", [value(f"appeals.{table.rows[0].id}.{c.id}") for c in cols], 40, 35)
            continue
        for block in table.blocks:
            if block.title:
                text(40, block.title)
            for r in block.rows:
                label = (
                    f"{r.subgroup}{r.label}" if r.subgroup and r is _first(block, r) else r.label
                )
                row(label, [value(f"{section.id}.{r.id}.{c.id}") for c in block.columns])
    text(400, report.agency)
    if report.issued:
        d = report.issued
        text(400, f"{d.year}年{d.month}月{d.day}日")
    if numbers_first:
        for page in pages:
            page.texts[:0] = [(x, t, v, size) for p, x, t, v in numbers if p is page and v]
    else:
        for page, x, t, v in numbers:
            if v:
                page.text(x, t, v, size)
    return pages


def _first(block: Any, row: Any) -> Any:
    return next(r for r in block.rows if r.subgroup == row.subgroup)


def encrypted_pdf() -> bytes:
    """A PDF that asks for a user password (the standard security handler, a wrong-for-empty
    password check value), as a report saved "with an open password" is."""
    page = Page()
    page.text(72, 72, "二、主动公开政府信息情况")
    data = pdf_bytes([page])
    encrypt = (
        b" /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
        b"/O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >> /ID [<"
        + b"33" * 16
        + b"> <"
        + b"33" * 16
        + b">]"
    )
    return data.replace(b"/Root 1 0 R", b"/Root 1 0 R" + encrypt)

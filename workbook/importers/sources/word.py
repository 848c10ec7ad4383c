"""Import a report from a Word document: the clerk's own report of last year, or a template filled in.

python-docx gives the body in order — paragraphs and tables. Paragraphs are the lines the text
importer reads (title, section headings, prose, signature); each table becomes a grid standing
in the lines, found by its labels like a web page's tables. python-docx repeats a merged cell's
text in every grid cell it covers, so a cell already seen (the same <w:tc>, or the cell above
continuing a vertical merge) is blank in the grid, as a merged cell is in a spreadsheet. A table
split over pages is several Word tables in sequence, read one after another; a blank cell stays
blank (never 0).

Legacy .doc and WPS .wps files are converted to .docx by LibreOffice where it is installed
(its own temporary profile, a time limit); otherwise the clerk is asked to save as .docx.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from bisect import bisect_right
from pathlib import Path
from typing import Any

from workbook.guards import (
    ENCRYPTION_STREAMS,
    OLE2_MAGIC,
    ole2_stream_names,
    read_bytes,
    run_program,
    scan_zip,
)
from workbook.importers.assemble.meta import fill_labelled_meta
from workbook.importers.layout.grid import Grid, is_value_cell
from workbook.importers.layout.tokens import TABLE_MARK
from workbook.importers.pipeline import read_report
from workbook.importers.sources.orient import orient_tables
from workbook.importers.sources.text import clean_lines
from workbook.model.errors import EncryptedFile, UnreadableFile
from workbook.model.imported import Imported

SOURCE_KIND = "Word文档"
CONVERT_TIMEOUT = 120  # seconds for LibreOffice to turn a .doc into .docx
MAX_TABLE_CELLS = 20_000  # a report's tables have a few hundred cells

ENCRYPTED = "“{name}”设有打开密码，本软件无法读取。请在Word/WPS中取消密码后另存一份再打开。"
DAMAGED = "无法打开“{name}”：文件已损坏或不是Word文档。"
SAVE_AS_DOCX = (
    "“{name}”是旧版Word/WPS文档（{ext}），本机没有安装LibreOffice，无法直接读取。"
    "请在Word或WPS中打开它，“另存为”Word文档（.docx）后再打开。"
)


def import_word(path: str | Path) -> Imported:
    """Read a report from .docx (or .doc/.wps through LibreOffice); ReportError otherwise."""
    p = Path(path)
    data = read_bytes(p)
    if data.startswith(OLE2_MAGIC):
        if ole2_stream_names(data) >= ENCRYPTION_STREAMS:
            raise EncryptedFile(ENCRYPTED.format(name=p.name))
        data = convert_legacy(p)
    return import_docx_bytes(data, p.name)


def import_docx_bytes(data: bytes, name: str) -> Imported:
    _check_docx(data, name)
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx / lxml raise many kinds on damaged parts
        raise UnreadableFile(DAMAGED.format(name=name)) from None
    lines, tables = document_lines(document)
    tables, notes = orient_tables(tables)
    imported = read_report(lines, tables, SOURCE_KIND)
    imported.notes[:0] = notes
    return fill_labelled_meta(imported, [row for grid in tables.values() for row in grid])


def _check_docx(data: bytes, name: str) -> None:
    """The guards for a .docx: a zip with a Word body, not a zip bomb."""
    if not data.startswith(b"PK"):
        raise UnreadableFile(DAMAGED.format(name=name))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UnreadableFile(DAMAGED.format(name=name)) from None
    parts = {i.filename for i in infos}
    if "word/document.xml" not in parts:
        if any(p.startswith("xl/") for p in parts):
            raise UnreadableFile(f"“{name}”是Excel工作簿，不是Word文档，请改用.xlsx扩展名。")
        raise UnreadableFile(DAMAGED.format(name=name))
    scan_zip(data, name, DAMAGED)  # real sizes and CRC-32s, inflated in bounded chunks


# ---------------------------------------------------------------- the body in order
def document_lines(document: Any) -> tuple[list[str], dict[int, Grid]]:
    """Paragraphs as lines and tables as grids standing in the lines as markers."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    tables: dict[int, Grid] = {}
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            lines.extend(text.split("\n") if text.strip() else [""])
        elif tag == "tbl":
            grid = table_grid(Table(child, document))
            if grid:
                tables[len(tables)] = grid
                lines.append(f"{TABLE_MARK}{len(tables) - 1}")
        elif tag == "sdt":  # content controls of a template: their paragraphs are body text
            for p in child.iter():
                if p.tag.rsplit("}", 1)[-1] == "p":
                    lines.append(Paragraph(p, document).text)
    return clean_lines("\n".join(lines)), tables


def table_grid(table: Any) -> Grid:
    """The table's cells, each merged cell's text once (at its top-left), the rest blank.

    Word (and LibreOffice saving .doc) may lay a table on an irregular grid, where a number's
    cell spans two grid columns in some rows only. Only then, and when every row of numbers
    has its cells starting at the same grid columns, those starts are the table's columns: each
    row is laid on them, so a wide cell is one cell, never a number followed by a blank.
    """
    rows = _row_cells(table)
    width = max((start + span for cells in rows for start, span, _ in cells), default=0)
    columns = list(range(width))
    wide = any(span > 1 and t and is_value_cell(t) for cells in rows for _, span, t in cells)
    if wide:
        value_rows = [cells for cells in rows if any(t and is_value_cell(t) for _, _, t in cells)]
        starts = {tuple(start for start, _, _ in cells) for cells in value_rows}
        if len(starts) == 1:
            columns = list(starts.pop())
    grid: Grid = []
    for cells in rows:
        line: list[str | None] = [None] * len(columns)
        for start, _, text in cells:
            slot = bisect_right(columns, start) - 1
            if text and slot >= 0:
                line[slot] = text if line[slot] is None else f"{line[slot]}{text}"
        if any(line):
            grid.append(line)
    return grid


def _row_cells(table: Any) -> list[list[tuple[int, int, str | None]]]:
    """Per row, (first grid column, columns spanned, text) of each cell; a merged cell's text
    only where it starts (python-docx repeats it in every grid cell it covers, across and down)."""
    rows: list[list[tuple[int, int, str | None]]] = []
    seen: dict[int, Any] = {}  # id -> the <w:tc> itself, kept alive so ids stay unique
    count = 0
    for row in table.rows:
        try:
            row_cells = row.cells
        except Exception:  # a malformed row (python-docx cannot lay out its grid): skip it
            continue
        cells: list[tuple[int, int, str | None]] = []
        previous = None
        for col, cell in enumerate(row_cells):
            count += 1
            if count > MAX_TABLE_CELLS:
                return rows
            tc = cell._tc
            if tc is previous:  # the same cell spanning this grid column too
                start, span, text = cells[-1]
                cells[-1] = (start, span + 1, text)
                continue
            previous = tc
            if seen.get(id(tc)) is tc:
                cells.append((col, 1, None))  # continuing a merge from the row above
                continue
            seen[id(tc)] = tc
            text = "".join(line.strip() for line in cell.text.split("\n"))
            cells.append((col, 1, text or None))
        rows.append(cells)
    return rows


# ---------------------------------------------------------------- .doc / .wps
# Where LibreOffice installs itself on Windows, which does not put it on PATH.
_WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """LibreOffice's soffice: on PATH, else in its usual place on Windows."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.name == "nt":
        found = next((p for p in _WINDOWS_SOFFICE if Path(p).is_file()), None)
    return found


def convert_legacy(path: Path) -> bytes:
    """A .doc/.wps as .docx bytes, through LibreOffice; a clear message when it is missing."""
    ext = path.suffix.lower() or ".doc"
    soffice = find_soffice()
    if soffice is None:
        raise UnreadableFile(SAVE_AS_DOCX.format(name=path.name, ext=ext))
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        folder = Path(tmp)
        source = folder / f"source{ext if ext in ('.doc', '.wps') else '.doc'}"
        source.write_bytes(path.read_bytes())
        profile = (folder / "profile").resolve().as_uri()
        try:
            run_program(  # its own process group, killed whole at the timeout
                [
                    soffice,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation={profile}",
                    *("--convert-to", "docx", "--outdir", str(folder), str(source)),
                ],
                timeout=CONVERT_TIMEOUT,
                env={**os.environ, "HOME": str(folder)},
            )
        except subprocess.TimeoutExpired:
            raise UnreadableFile(
                f"转换“{path.name}”超时。请在Word或WPS中将它另存为.docx后再打开。"
            ) from None
        except OSError:
            raise UnreadableFile(SAVE_AS_DOCX.format(name=path.name, ext=ext)) from None
        result = folder / "source.docx"
        if not result.exists():
            raise UnreadableFile(
                f"无法转换“{path.name}”：文件可能已损坏。请在Word或WPS中将它另存为.docx后再打开。"
            )
        return result.read_bytes()

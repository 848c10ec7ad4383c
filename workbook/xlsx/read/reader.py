"""Reading a Nianbao workbook (.xlsx/.xlsm) back into a Report, after a clerk edited it.

Cells are found by their defined names first, then by layout position, then by labels
(workbook.xlsx.read.locate); values come from the cached results, with our own totals computed when
no result was saved (workbook.xlsx.read.cells); metadata, prose and acknowledgements from sheet 一,
the prose sheets and the hidden sheet (workbook.xlsx.read.meta). Every interpretation is a Note.

A workbook that is not ours raises NotAReport, so workbook.files can hand it to the spreadsheet
importer; every other failure is a ReportError with a Chinese message — never a traceback.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from workbook.guards import DAMAGED, check_container, read_bytes
from workbook.model.errors import NotAReport, ReportError, UnreadableFile
from workbook.model.format import Format, available_formats, format_for_year, load_format
from workbook.model.imported import OUR_WORKBOOK, Imported
from workbook.model.notes import note_text
from workbook.model.report import Report, Value
from workbook.model.values import Note
from workbook.xlsx.read.book import MAX_ROWS, Book, load_book
from workbook.xlsx.read.cells import CellReader
from workbook.xlsx.read.locate import find_sheet, locate_cells
from workbook.xlsx.read.meta import (
    META_SHEET,
    meta_cell,
    read_acknowledgements,
    read_agency_kind,
    read_format_id,
    read_issued,
    read_texts,
    read_year,
)

SOURCE_KIND = OUR_WORKBOOK


def read_workbook(path: str | Path, data: bytes | None = None) -> Imported:
    """The report in a Nianbao workbook, with notes on everything that had to be interpreted.

    `data` is the file's bytes when the caller has already passed them through the guards."""
    p = Path(path)
    try:
        if data is None:
            data = read_bytes(p)
            check_container(data, p.name)
        try:
            book = load_book(data, wants_formulas=is_ours)
        except MemoryError:
            raise UnreadableFile(f"“{p.name}”过大，内存不足，无法打开。") from None
        except ReportError:
            raise
        except Exception as e:  # openpyxl raises many kinds of error on damaged parts
            raise UnreadableFile(DAMAGED.format(name=p.name)) from e
        try:
            return read_book(book, p.name)
        except NotAReport as e:  # the importer reads these grids, not the file once more
            sheets = [(s.title, s.values) for s in book.sheets.values()]
            raise NotAReport(str(e), grids=sheets) from None
    except ReportError:
        raise
    except Exception as e:  # a bug here must still reach the user as one plain sentence
        raise UnreadableFile(f"无法读取“{p.name}”的内容，文件可能已损坏。") from e


def is_ours(book: Book) -> bool:
    """Our workbook has our names (keys, meta.*, text.*) or our sheets."""
    keys = {c.key for fid in available_formats() for c in load_format(fid).cells}
    if any(n in keys or n.startswith(("meta.", "text.")) for n in book.names):
        return True
    if META_SHEET in book.sheets:
        return True
    sheet_names = {s.sheet for fid in available_formats() for s in load_format(fid).table_sections}
    return len(sheet_names & set(book.sheets)) >= 2


def _choose_format(book: Book, year: int | None, notes: list[Note]) -> Format:
    """The structure the names show, else meta.format / the hidden sheet, else the year.

    Names unique to one format (e.g. the 2019 block 政府集中采购) are the workbook's structure;
    the format cell is text a clerk can retype, so it loses when the two disagree.
    """
    stated = read_format_id(book, notes)
    structure = None
    for fid in available_formats():
        others = {c.key for f in available_formats() if f != fid for c in load_format(f).cells}
        if any(c.key in book.names and c.key not in others for c in load_format(fid).cells):
            structure = fid
            break
    if structure is not None:
        if stated is None:
            notes.append(
                Note("meta.format", f"未注明报告格式，按单元格名称判断为{structure}年版格式")
            )
        elif stated != structure:
            notes.append(
                Note(
                    "meta.format",
                    f"报告格式填的是{stated}，但表格是{structure}年版的，按{structure}年版读取",
                    stated,
                )
            )
        return load_format(structure)
    if stated is not None:
        return load_format(stated)
    fmt = format_for_year(year)
    notes.append(Note("meta.format", f"未注明报告格式，按报告年度采用{fmt.id}年版格式"))
    return fmt


def _by_grid(book: Book, fmt: Format, missing: list[str], notes: list[Note]) -> dict[str, Value]:
    """Last resort for cells neither names, layout nor our own labels placed: the importers'
    label finder over the table sheets' texts (tolerant of typos and cut labels)."""
    found: dict[str, Value] = {}
    grid_notes: list[Note] = []
    try:
        from workbook.importers.layout.grid import find_tables

        grid: list[list[str | None]] = []
        for section in fmt.table_sections:
            sheet = find_sheet(book, fmt, section.id)
            if sheet is not None:
                grid.extend([None if v is None else str(v) for v in line] for line in sheet.values)
        result = find_tables(grid, fmt)
        for key in missing:
            if result.values.get(key) is not None:
                found[key] = result.values[key]
                grid_notes.append(Note(key, "按表格标签近似匹配找到并读取，请核对"))
        grid_notes.extend(n for n in result.notes if n.key in found)
    except Exception:  # the importer is a help here, never a reason to fail
        found, grid_notes = {}, []
    notes.extend(grid_notes)
    for key in missing:
        if key not in found:
            notes.append(Note(key, "在工作簿中找不到这一格，按空白处理"))
    return found


def _named(fmt: Format, note: Note) -> Note:
    """A cell's note starts with the cell as the clerk reads it (row label／column label)."""
    return replace(note, message=note_text(fmt, note))


def read_book(book: Book, name: str = "") -> Imported:
    """The report in an already loaded workbook."""
    if not is_ours(book):
        raise NotAReport(f"“{name}”不是本软件生成的年度报告工作簿。")
    notes: list[Note] = []
    year = read_year(meta_cell(book, None, "year", notes)[1], notes)
    fmt = _choose_format(book, year, notes)
    located = locate_cells(book, fmt)
    if not located.positions:
        raise NotAReport(f"“{name}”中找不到年度报告的表格。")
    notes.extend(located.notes)
    reader = CellReader(book, fmt, located.positions)
    values = reader.read_all()
    notes.extend(reader.notes)
    missing = [c.key for c in fmt.cells if c.key not in located.positions]
    if missing:
        values.update(_by_grid(book, fmt, missing, notes))
    _, agency = meta_cell(book, fmt, "agency", notes)
    report = Report(
        format_id=fmt.id,
        agency="" if agency is None else str(agency).strip(),
        agency_kind=read_agency_kind(meta_cell(book, fmt, "agency_kind", notes)[1], notes),
        year=year,
        issued=read_issued(meta_cell(book, fmt, "issued", notes)[1], notes),
        values=values,
        texts=read_texts(book, fmt, notes),
        acknowledgements=read_acknowledgements(book),
    )
    notes = [_named(fmt, n) for n in notes]
    for section in fmt.table_sections:
        sheet = find_sheet(book, fmt, section.id)
        if sheet is not None and sheet.truncated:
            notes.append(Note("", f"工作表“{sheet.title}”过长，只读取了前{MAX_ROWS}行"))
    return Imported(report, notes, SOURCE_KIND)

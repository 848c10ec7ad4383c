"""Import a clerk's own workbook (.xlsx/.xlsm via openpyxl; .xls, .ods, .et via python-calamine).

Such workbooks carry the tables in their own layout — all on one sheet or split over several,
an extra 法人或其他组织 subtotal column, blank rows, merged cells, numbers stored as text, table
四 as three rows × five columns, a whole table transposed — so the tables are found by their
labels (workbook.importers.sources.orient, then grid.find_tables), never by position. Macros are never run (openpyxl does not run
them; cached values only, data_only=True).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

from workbook.guards import OLE2_MAGIC, check_container, read_bytes
from workbook.importers.layout.grid import Grid, is_value_cell
from workbook.importers.layout.tokens import TABLE_MARK
from workbook.importers.pipeline import read_report
from workbook.importers.sources.orient import orient_sheet
from workbook.model.errors import UnreadableFile
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.values import Note, stored_number

MAX_CELLS = 200_000  # rows × columns read per sheet; a report has a few hundred
MAX_ROWS = 5000  # rows read per sheet
MAX_COLS = 64


def cell_str(value: object) -> str | None:
    """A cell as text the grid reads: 3.0 -> "3", 52.15 -> "52.15", dates as 2025年1月14日."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value)))
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def _xlsx_sheets(data: bytes) -> list[tuple[str, Grid]]:
    from openpyxl import load_workbook
    from openpyxl.worksheet import _reader

    # A number cell holding "NaN" or "0x10" must not refuse the workbook: kept as its text
    # (workbook.model.values.stored_number, as workbook.xlsx.read.book does), read with a note.
    _reader._cast_number = stored_number

    try:
        # From bytes: openpyxl refuses a file by its extension alone (an .xlsx renamed .xls).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" etc.: English, irrelevant
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False)
    except zipfile.BadZipFile:
        raise UnreadableFile("文件已损坏或不是 Excel 工作簿，无法打开。") from None
    except Exception:  # openpyxl raises many kinds on damaged files
        raise UnreadableFile(
            "无法读取这个工作簿：文件可能已损坏，请在 Excel/WPS 中打开后另存一份再试。"
        ) from None
    sheets = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for ws in wb.worksheets:
                # Bounded: a sparse cell at XFD1048576 must not make a million empty rows.
                rows = ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True)
                grid = _as_grid(list(rows))
                while grid and all(v is None for v in grid[-1]):
                    grid.pop()
                sheets.append((ws.title, grid))
    finally:
        wb.close()
    return sheets


def _as_grid(rows: list[tuple[object, ...]]) -> Grid:
    grid: Grid = []
    count = 0
    for row in rows[:MAX_ROWS]:
        count += len(row)
        if count > MAX_CELLS:
            break
        grid.append([cell_str(v) for v in row[:MAX_COLS]])
    return grid


def _legacy_sheets(path: Path) -> list[tuple[str, Grid]]:
    """.xls/.ods/.et through calamine, behind the guards (workbook.importers.sources.calamine)."""
    from workbook.importers.sources.calamine import calamine_grids

    return text_grids(calamine_grids(read_bytes(path), path.name))


def text_grids(sheets: list[tuple[str, list[list[object]]]]) -> list[tuple[str, Grid]]:
    """Cell values as the texts the grid reader reads."""
    return [(name, [[cell_str(v) for v in row] for row in rows]) for name, rows in sheets]


def sheets_to_lines(sheets: list[tuple[str, Grid]]) -> tuple[list[str], dict[int, Grid]]:
    """Prose-like single-cell rows become lines (titles, headings, paragraphs); runs of other
    rows become table grids standing in the lines as markers."""
    lines: list[str] = []
    tables: dict[int, Grid] = {}
    for _, grid in sheets:
        run: Grid = []

        def close_run() -> None:
            nonlocal run
            if run:
                n = len(tables)
                tables[n] = run
                lines.append(f"{TABLE_MARK}{n}")
                run = []

        for row in grid:
            filled = [c for c in row if c and c.strip()]
            if not filled:
                continue
            if len(filled) == 1 and not is_value_cell(filled[0]) and _prose_like(filled[0]):
                close_run()
                lines.extend(x for x in filled[0].splitlines() if x.strip())
            else:
                run.append(list(row))
        close_run()
    return lines, tables


def _prose_like(text: str) -> bool:
    """A title, a section heading or a paragraph — not a table label such as 第二十条第（一）项."""
    t = text.strip()
    return len(t) >= 15 or (
        t[:2] in ("一、", "二、", "三、", "四、", "五、", "六、") and "本年" not in t
    )


def import_spreadsheet(
    path: str | Path,
    data: bytes | None = None,
    grids: list[tuple[str, list[tuple[object, ...]]]] | None = None,
) -> Imported:
    """Read a report from a foreign workbook; raises UnreadableFile/EncryptedFile/FileTooLarge.

    `grids` are the sheets' cached values when workbook.xlsx.read has loaded them already.
    Every file passes workbook.guards first (zip bombs, CRC errors, absurd sheet ranges, a
    damaged .xls that would make calamine panic or abort)."""
    p = Path(path)
    if grids is not None:  # already loaded (by our reader, with the same bounds)
        return import_sheets([(title, _as_grid(rows)) for title, rows in grids])
    if data is None:
        data = read_bytes(p)
    # By content, not by name: clerks rename .xls files to .xlsx and back.
    legacy = data.startswith(OLE2_MAGIC) or not _is_zip_workbook(p)
    if legacy:
        return import_sheets(_legacy_sheets(p))
    check_container(data, p.name)
    return import_sheets(_xlsx_sheets(data))


def _is_zip_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.startswith("xl/") for n in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # let openpyxl's path say it is damaged


def import_sheets(sheets: list[tuple[str, Grid]], source_kind: str = "其他表格") -> Imported:
    """A report from the sheets of a workbook that is not ours, found by its labels.

    Each sheet is first turned to the official orientation (workbook.importers.sources.orient): a
    transposed sheet, table 四 as 3×5 or 5×3.
    """
    fmt = load_format("2021")  # the labels orient looks for are the same in every format
    oriented: list[tuple[str, Grid]] = []
    notes: list[Note] = []
    for name, grid in sheets:
        grid, said = orient_sheet(grid, fmt)
        oriented.append((name, grid))
        notes.extend(said)
    lines, tables = sheets_to_lines(oriented)
    imported = read_report(lines, tables, source_kind)
    imported.notes[:0] = notes
    return imported

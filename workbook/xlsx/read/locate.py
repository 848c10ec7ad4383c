"""Where each value cell of a Nianbao workbook is, after whatever a clerk did to the file.

Three ways, in order of trust:
1. the workbook-level defined name equal to the key (Excel, WPS and LibreOffice move names with
   their cells when rows are inserted); a name that became #REF!, points to a missing sheet or to
   a row labelled for another row is reported and not used;
2. the position workbook.model.layout gives, when the table's headings and labels are still where
   the official grid (workbook.model.grid) puts them (names lost, nothing moved);
3. the labels: each row found by its label (or an alias), each column by its header above.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from workbook.model.format import Column, Format, Row, Table, cell_key
from workbook.model.grid import VALUE, Grid, table_grid
from workbook.model.labels import normalize_label
from workbook.model.layout import HEADER_ROW, table_layout
from workbook.model.values import Note
from workbook.xlsx.read.book import Book, Sheet, parse_ref

Pos = tuple[str, int, int]  # sheet title, row, col (0-based)
Pos2 = tuple[int, int]  # row, col on a known sheet


@cache
def row_labels(row: Row) -> frozenset[str]:
    return frozenset(normalize_label(t) for t in (row.label, *row.aliases) if t)


@cache
def _labels_by_row(table: Table) -> dict[str, frozenset[str]]:
    return {r.id: row_labels(r) for r in table.rows}


def find_sheet(book: Book, fmt: Format, section_id: str) -> Sheet | None:
    """The section's sheet by name; else a sheet whose title line is the section title."""
    section = fmt.section(section_id)
    sheet = book.sheets.get(section.sheet)
    if sheet is not None:
        return sheet
    wanted = normalize_label(section.title)
    for candidate in book.sheets.values():
        if any(
            text == wanted for r in range(min(candidate.rows, 3)) for _, text in candidate.texts(r)
        ):
            return candidate
    return None


@dataclass
class Located:
    positions: dict[str, Pos]
    notes: list[Note]


def locate_cells(book: Book, fmt: Format) -> Located:
    """Positions of every value cell that can be found, with notes on how they were found."""
    positions: dict[str, Pos] = {}
    notes: list[Note] = []
    missing: dict[str, list[str]] = {}
    for cell in fmt.cells:
        table = fmt.tables[cell.table]
        ref = book.names.get(cell.key)
        if ref is None:
            missing.setdefault(cell.table, []).append(cell.key)
            continue
        pos = parse_ref(ref)
        problem = _name_problem(book, fmt, table, cell.row_id, pos)
        if problem:
            notes.append(Note(cell.key, f"单元格名称{problem}，改按表格的位置和标签查找", ref))
            missing.setdefault(cell.table, []).append(cell.key)
            continue
        assert pos is not None
        positions[cell.key] = pos
    for table_id, keys in missing.items():
        found, how = _fallback(book, fmt, table_id, notes)
        title = fmt.section(table_id).title
        located = [k for k in keys if k in found]
        for key in located:
            positions[key] = found[key]
        if not book.names_known:
            continue  # names cannot be seen in this kind of file: nothing to say
        if located and len(keys) > 1:
            notes.append(Note("", f"{title}：{len(located)}个单元格没有有效名称，{how}"))
        elif located:
            notes.append(Note(keys[0], f"没有有效的单元格名称，{how}"))
    return Located(positions, notes)


def _name_problem(book: Book, fmt: Format, table: Table, row_id: str, pos: Pos | None) -> str:
    """Why a defined name cannot be trusted ("" when it can)."""
    if pos is None:
        return "已失效（#REF!或不是单个单元格）"
    sheet = book.sheets.get(pos[0])
    if sheet is None:
        return f"指向不存在的工作表“{pos[0]}”"
    expected = find_sheet(book, fmt, table.id)
    if expected is not None and sheet is not expected:
        return f"指向了其他工作表“{pos[0]}”"
    if table.shape == "strip":
        return ""
    labels = {text for c, text in sheet.texts(pos[1]) if c < pos[2]}
    by_row = _labels_by_row(table)
    if labels & by_row[row_id]:
        return ""
    if any(labels & other for rid, other in by_row.items() if rid != row_id):
        return "指向了其他行"
    if not labels:
        return ""  # label cells cleared: nothing says the name is wrong
    return "所在行的标签与该格不符"


def _fallback(
    book: Book, fmt: Format, table_id: str, notes: list[Note]
) -> tuple[dict[str, Pos], str]:
    """Positions from the layout when its labels are in place, else from the labels."""
    sheet = find_sheet(book, fmt, table_id)
    if sheet is None:
        return {}, ""
    layout = table_layout(fmt, table_id)
    if layout_in_place(sheet, table_grid(fmt, table_id), fmt):
        return (
            {k: (sheet.title, r, c) for k, (r, c) in layout.positions.items()},
            "按标准位置读取",
        )
    found = find_by_labels(sheet, layout.table, notes)
    return {k: (sheet.title, r, c) for k, (r, c) in found.items()}, "已按行列标签找到"


def layout_in_place(sheet: Sheet, grid: Grid, fmt: Format) -> bool:
    """True when every column heading is where the official grid puts it and every row's
    label (or an alias) is on its line, left of its values."""
    for cell in grid.cells:
        if cell.kind != VALUE:
            continue
        official = fmt.cell(cell.key)
        r, c = HEADER_ROW + cell.row, cell.col
        heading = grid.heading_of(cell.row, cell.col)
        column = grid.table.blocks[official.block].columns[official.col - 1]
        if heading is None or not column_matches(
            sheet.text_at(HEADER_ROW + heading.row, c), column
        ):
            return False
        if grid.shape == "strip":
            continue
        row = grid.table.rows[official.row - 1]
        if not {t for cc, t in sheet.texts(r) if cc < c} & row_labels(row):
            return False
    return True


def find_by_labels(sheet: Sheet, table: Table, notes: list[Note]) -> dict[str, Pos2]:
    """Value positions found by row labels and column headers, wherever the table moved."""
    found: dict[str, Pos2] = {}
    if table.shape == "strip":
        row = table.rows[0]
        cols = _strip_columns(sheet, table.blocks[0].columns)
        if cols is None:
            return found
        data_row = max(r for r, _ in cols) + 1
        for col, (_, c) in zip(table.blocks[0].columns, cols, strict=True):
            found[cell_key(table.id, row.id, col.id)] = (data_row, c)
        return found
    after = 0
    for block in table.blocks:
        rows: list[tuple[Row, int | None]] = []
        for row in block.rows:
            r = _find_row(sheet, row, after)
            rows.append((row, r))
            if r is not None:
                after = r + 1
        first = next((r for _, r in rows if r is not None), None)
        if first is None:
            continue
        cols = _header_columns(sheet, block.columns, first)
        if cols is None:
            continue
        header_bottom = max(r for r, _ in cols)
        for row, r in _fill_gaps(rows, header_bottom):
            if r is None:
                continue
            keys = [cell_key(table.id, row.id, col.id) for col in block.columns]
            for key, (_, c) in zip(keys, cols, strict=True):
                found[key] = (r, c)
            if (row, r) not in rows:
                left = [c for c, _ in sheet.texts(r) if c < cols[0][1]]
                label = str(sheet.value(r, left[-1])) if left else ""
                message = f"所在行的标签“{label}”与“{row.label}”不符，按前后两行之间的位置读取"
                notes.extend(Note(key, message, label) for key in keys)
    return found


def _fill_gaps(
    rows: list[tuple[Row, int | None]], header_bottom: int
) -> list[tuple[Row, int | None]]:
    """Rows whose label was retyped take the lines between their found neighbours (or the
    header and the first found row), when exactly that many lines lie between them."""
    result = list(rows)
    i = 0
    while i < len(result):
        if result[i][1] is not None:
            i += 1
            continue
        j = i
        while j < len(result) and result[j][1] is None:
            j += 1
        before = result[i - 1][1] if i > 0 else header_bottom
        after = result[j][1] if j < len(result) else None
        if before is not None and after is not None and after - before - 1 == j - i:
            for k in range(i, j):
                result[k] = (result[k][0], before + 1 + k - i)
        i = j
    return result


def _find_row(sheet: Sheet, row: Row, start: int) -> int | None:
    labels = row_labels(row)
    for r in range(start, sheet.rows):
        if any(t in labels for _, t in sheet.texts(r)):
            return r
    return None


def column_matches(text: str, column: Column) -> bool:
    """A header cell names the column: its label, possibly followed by its unit."""
    label = normalize_label(column.label)
    return text == label or (text.startswith(label) and text[len(label) :].startswith("(单位"))


def _header_columns(sheet: Sheet, columns: tuple[Column, ...], below: int) -> list[Pos2] | None:
    """(row, col) of each column's header: the nearest one above the block's first row."""
    result: list[Pos2] = []
    for col in columns:
        hit = None
        for r in range(below - 1, -1, -1):
            cells = [c for c, t in sheet.texts(r) if column_matches(t, col)]
            if cells:
                hit = (r, cells[0])
                break
        if hit is None:
            return None
        result.append(hit)
    return result


def _strip_columns(sheet: Sheet, columns: tuple[Column, ...]) -> list[Pos2] | None:
    """Headers of a one-row table whose labels repeat per group (四: 结果维持 three times):
    the k-th column with a label takes the k-th header with it, left to right."""
    result: list[Pos2] = []
    used: set[Pos2] = set()
    for col in columns:
        hits = sorted(
            (
                (c, r)
                for r in range(sheet.rows)
                for c, t in sheet.texts(r)
                if column_matches(t, col)
            ),
        )
        free = [(r, c) for c, r in hits if (r, c) not in used and all(c > u[1] for u in result)]
        if not free:
            return None
        used.add(free[0])
        result.append(free[0])
    return result

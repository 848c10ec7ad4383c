"""A clerk's sheet or table laid out its own way, turned to the official orientation first.

Two layouts are recognised by their labels only:
- table 四 as three rows (行政复议 / 未经复议直接起诉 / 复议后起诉) × five result columns
  (维持 / 纠正 / 其他 / 尚未审结 / 总计), or the same transposed: it is rewritten as the official
  one-row strip of fifteen cells, each value taken where its row and column labels cross;
- a whole sheet transposed (the row labels of 二 or 三 across a row, not down a column): the
  sheet is transposed back.
Everything else is left exactly as it is; every rewrite is said in a Note.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbook.importers.layout.grid import Grid
from workbook.model.format import Format, available_formats, load_format
from workbook.model.labels import normalize_label
from workbook.model.values import Note

# Result columns of each group of 四: official label, and the short forms clerks print.
_TOTAL_WORDS = ("总计", "合计", "小计")


@dataclass
class _Cell:
    row: int
    col: int


def _text(grid: Grid, r: int, c: int) -> str:
    if r < len(grid) and c < len(grid[r]):
        v = grid[r][c]
        return normalize_label(v) if v else ""
    return ""


def _group_of(text: str, fmt: Format) -> int | None:
    """0 行政复议, 1 未经复议直接起诉, 2 复议后起诉 — for a short label cell only."""
    columns = fmt.tables["appeals"].blocks[0].columns
    direct, after = (normalize_label(columns[k].subgroup) for k in (5, 10))
    review = normalize_label(columns[0].group)
    if not text or len(text) > 12:
        return None
    if after and after in text:
        return 2
    if direct and (direct in text or text.endswith(direct[-4:])):
        return 1
    if text == review or (text.startswith(review) and "诉讼" not in text and "起诉" not in text):
        return 0
    return None


def _result_of(text: str, fmt: Format) -> int | None:
    """Index 0–4 of a result column label (结果维持 / 维持 …, 总计 / 合计)."""
    columns = fmt.tables["appeals"].blocks[0].columns[:5]
    for k, col in enumerate(columns):
        label = normalize_label(col.label)
        short = label.replace("结果", "")
        if text in (label, short) or (k == 4 and text in _TOTAL_WORDS):
            return k
    return None


def _find(grid: Grid, fmt: Format, which: str) -> dict[int, list[_Cell]]:
    found: dict[int, list[_Cell]] = {}
    for r, row in enumerate(grid):
        for c in range(len(row)):
            t = _text(grid, r, c)
            k = _group_of(t, fmt) if which == "group" else _result_of(t, fmt)
            if k is not None:
                found.setdefault(k, []).append(_Cell(r, c))
    return found


def _appeals_block(grid: Grid, fmt: Format) -> tuple[list[str | None], int, int, str] | None:
    """The fifteen cell texts of a 3×5 or 5×3 table 四, its first and last row, and its shape."""
    groups = _find(grid, fmt, "group")
    results = _find(grid, fmt, "result")
    if len(groups) < 3 or len(results) < 5:
        return None
    for g0 in groups[0]:
        for g1 in groups[1]:
            for g2 in groups[2]:
                cells = (g0, g1, g2)
                rows = [g.row for g in cells]
                cols = [g.col for g in cells]
                if rows[0] < rows[1] < rows[2] and rows[2] - rows[0] <= 4:
                    # Three rows: the result labels across one header row above, right of them.
                    block = _crossing(grid, results, rows, max(cols), "rows")
                    if block is not None:
                        return block
                if cols[0] < cols[1] < cols[2] and cols[2] - cols[0] <= 4:
                    block = _crossing(grid, results, cols, max(rows), "cols")
                    if block is not None:
                        values, _, bottom, shape = block
                        return values, min(rows), bottom, shape
    return None


def _crossing(
    grid: Grid, results: dict[int, list[_Cell]], lines: list[int], beyond: int, shape: str
) -> tuple[list[str | None], int, int, str] | None:
    """Values where each group's line crosses each result label's line.

    shape "rows": the groups are rows, the result labels share one header row above them,
    right of the group labels; "cols": the same turned by a quarter.
    """
    across = shape == "rows"
    for header in range(lines[0] - 1, max(lines[0] - 4, -1), -1):
        at: list[int] = []
        for k in range(5):
            hit = next(
                (
                    (c.col if across else c.row)
                    for c in results[k]
                    if (c.row if across else c.col) == header
                    and (c.col if across else c.row) > beyond
                ),
                None,
            )
            if hit is None:
                break
            at.append(hit)
        if len(at) < 5 or len(set(at)) < 5:
            continue
        if across:
            values = [_raw(grid, r, c) for r in lines for c in at]
            return values, header, lines[-1], "三行五列"
        values = [_raw(grid, r, c) for c in lines for r in at]
        return values, header, max(at), "五行三列"
    return None


def _raw(grid: Grid, r: int, c: int) -> str | None:
    if r < len(grid) and c < len(grid[r]):
        v = grid[r][c]
        return v if v is None or v.strip() else None
    return None


def _strip_rows(fmt: Format, values: list[str | None]) -> Grid:
    columns = fmt.tables["appeals"].blocks[0].columns
    return [
        [c.group for c in columns],
        [c.subgroup or None for c in columns],
        [c.label for c in columns],
        list(values),
    ]


def orient_appeals(grid: Grid, fmt: Format) -> tuple[Grid, list[Note]]:
    """Table 四 printed 3×5 or 5×3 becomes the official strip of fifteen cells."""
    found = _appeals_block(grid, fmt)
    if found is None:
        return grid, []
    values, top, bottom, shape = found
    title = fmt.section("appeals").title
    note = Note("", f"表格“{title}”是{shape}排列的，已按行、列标签逐格读取")
    return [*grid[:top], *_strip_rows(fmt, values), *grid[bottom + 1 :]], [note]


def _row_labels() -> frozenset[str]:
    labels: set[str] = set()
    for fid in available_formats():
        fmt = load_format(fid)
        for table_id in ("active", "requests"):
            for row in fmt.tables[table_id].rows:
                labels.update(normalize_label(t) for t in (row.label, *row.aliases) if t)
    return frozenset(labels)


_LABELS: frozenset[str] | None = None


def is_transposed(grid: Grid) -> bool:
    """Row labels of 二 and 三 running across rows rather than down columns."""
    global _LABELS
    if _LABELS is None:
        _LABELS = _row_labels()
    hits = [
        (r, c)
        for r, row in enumerate(grid)
        for c, v in enumerate(row)
        if v and normalize_label(v) in _LABELS
    ]
    if len(hits) < 3:
        return False
    rows = len({r for r, _ in hits})
    cols = len({c for _, c in hits})
    return cols >= 3 and cols > 2 * rows


def transpose(grid: Grid) -> Grid:
    width = max((len(r) for r in grid), default=0)
    return [[row[c] if c < len(row) else None for row in grid] for c in range(width)]


def orient_sheet(grid: Grid, fmt: Format) -> tuple[Grid, list[Note]]:
    """The sheet in the official orientation, and what was turned."""
    notes: list[Note] = []
    if is_transposed(grid):
        # Titles above the table (one filled cell per row) stay where they are.
        top = 0
        while top < len(grid) and sum(1 for v in grid[top] if v and v.strip()) <= 1:
            top += 1
        grid = grid[:top] + transpose(grid[top:])
        notes.append(Note("", "有一张表格是横向排列的（行标签在同一行），已转置后读取"))
    grid, more = orient_appeals(grid, fmt)
    return grid, notes + more


def orient_tables(tables: dict[int, Grid]) -> tuple[dict[int, Grid], list[Note]]:
    """Each table of a document (Word, PDF) in the official orientation, and what was turned."""
    fmt = load_format("2021")  # the labels looked for are the same in every format
    out: dict[int, Grid] = {}
    notes: list[Note] = []
    for key, grid in tables.items():
        out[key], said = orient_sheet(grid, fmt)
        notes.extend(said)
    return out, notes

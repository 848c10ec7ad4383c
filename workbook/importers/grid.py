"""Find the three report tables in a 2-D grid of cell texts, by their labels — not positions.

Every importer ends here: the pipe/Markdown and flattened text, web pages, foreign spreadsheets,
and the workbook reader's last fallback. A grid is a list of rows, each a list of cell texts
(str or None); merged cells may be repeated or left blank; rows may be ragged.

Tables are located by label matching (normalized, with aliases, prefixes for cut labels and
a fuzzy match for typos). In section 三 the rows come in official order, so a row whose label
was lost (PDF text where numbers drift off their wrapped labels) takes the next row after the
last one identified — always with a note. Nothing is guessed silently: a cell that cannot be
read stays None and a Note says which cell and why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from workbook.format import Format, load_format
from workbook.importers.cellnames import describe
from workbook.importers.labelmatch import find_subgroup, match_row, subgroup_labels
from workbook.labels import normalize_label
from workbook.report import Value
from workbook.values import ZERO_MARKS, Note, parse_value

Grid = list[list[str | None]]

# Section 二 words that only the 2019 trial format prints.
FORMAT_2019_MARKERS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "政府集中采购",
)
SUBTOTAL_LABELS = ("法人或其他组织", "小计", "合计", "法人或其他组织小计")
_ITEM = re.compile(r"^\d+[.．、]\D")
_NUMERIC_START = re.compile(r"^[+\-]?[\d０-９][\d０-９,，.．]*")
_ANNOTATED = re.compile(r"^([+\-]?[\d,.]+\s*(?:万元|元|件|项|个|条)?)\s*[（(].*[)）]$")


@dataclass
class GridResult:
    """What find_tables read.

    values: cell key -> value for every cell it could place (None = printed blank).
    notes: every interpretation and every cell it could not read, in Chinese.
    format_id: "2021" or "2019".
    found: table ids ("active", "requests", "appeals") located in the grid.
    collapsed: subgroup label printed as one row (e.g. "(六)其他处理" in a 2021 report, normalized)
        -> the numbers printed on that row; those cells stay blank, they cannot be split.
    subtotal_column: an extra 法人或其他组织 subtotal column was present (and skipped).
    """

    values: dict[str, Value] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    format_id: str = "2021"
    found: set[str] = field(default_factory=set)
    collapsed: dict[str, list[str]] = field(default_factory=dict)
    subtotal_column: bool = False


@dataclass
class _Line:
    pos: int
    cells: list[str]
    label: str  # normalized text of the label cells
    raw_label: str
    first_value: int  # index in cells of the first value cell (len(cells) when none)

    @property
    def values(self) -> list[str]:
        return self.cells[self.first_value :]


def cell_text(raw: object) -> str:
    return "" if raw is None else str(raw).strip()


def is_value_cell(text: str) -> bool:
    """Blank, a zero mark or something starting with a digit — but not an item label "1.属于…"."""
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not t or t in ZERO_MARKS:
        return True
    if _ITEM.match(t):
        return False
    return bool(_NUMERIC_START.match(t))


def _label_of(cells: list[str]) -> tuple[str, str]:
    raw = " ".join(c for c in cells if c)
    return normalize_label(raw), raw


def _split(pos: int, row: list[str | None]) -> _Line:
    cells = [cell_text(c) for c in row]
    last_label = -1
    for i, c in enumerate(cells):
        if c and not is_value_cell(c):
            last_label = i
    label_cells = [c for c in cells[: last_label + 1] if c]
    raw = " ".join(label_cells)
    return _Line(pos, cells, normalize_label(raw), raw, last_label + 1)


def _trim(values: list[str], n: int) -> list[str]:
    """Drop blank cells beyond n (merged-cell debris, empty trailing columns)."""
    v = list(values)
    while len(v) > n and not v[-1]:
        v.pop()
    while len(v) > n and not v[0]:
        v.pop(0)
    return v


def read_cell(raw: str, whole: bool) -> tuple[Value, str | None]:
    """parse_value, plus a number followed by a bracketed remark ("55（含自然失效29件）")."""
    parsed = parse_value(raw, whole)
    if parsed.value is None and parsed.note:
        m = _ANNOTATED.match(unicodedata.normalize("NFKC", raw).strip())
        if m:
            again = parse_value(m.group(1), whole)
            if again.value is not None:
                return again.value, f"“{raw}”读作{again.value}（括号内是说明文字）"
    return parsed.value, parsed.note


def detect_format(grid: Grid, year: int | None = None) -> str:
    """ "2019" when section 二 carries the trial format's column words, else "2021"."""
    for row in grid:
        for c in row:
            t = normalize_label(cell_text(c))
            if t and any(m in t for m in FORMAT_2019_MARKERS):
                return "2019"
    return "2021"


def find_tables(
    grid: Grid,
    fmt: Format | None = None,
    *,
    year: int | None = None,
    aligned: bool = True,
) -> GridResult:
    """Locate sections 二, 三 and 四 in `grid` and read their values.

    fmt: the format to read into; None = decide (2019 column words, or a single （六）其他处理
    row in a report for 2020 or earlier, mean the 2019 trial format).
    year: the report year when known (only used to decide the format).
    aligned: the grid's columns line up (spreadsheets, HTML with spans expanded); then the
    header row decides the column order of 三. False for text, where rows are ragged.
    """
    lines = [_split(i, list(row)) for i, row in enumerate(grid)]
    if fmt is None:
        fmt = load_format(detect_format(grid, year))
        result = _read(lines, fmt, aligned)
        if fmt.id == "2021" and result.collapsed and year is not None and year <= 2020:
            return _read(lines, load_format("2019"), aligned)
        return result
    return _read(lines, fmt, aligned)


def _read(lines: list[_Line], fmt: Format, aligned: bool) -> GridResult:
    result = GridResult(format_id=fmt.id)
    start, end = _requests_region(lines, fmt)
    _read_active(lines[:start] if start is not None else lines, fmt, result)
    if start is not None:
        _read_requests(lines[start:end], fmt, result, aligned)
    _read_appeals(lines[end if end is not None else (start or 0) :], fmt, result)
    return result


# ---------------------------------------------------------------- 二
def _read_active(lines: list[_Line], fmt: Format, result: GridResult) -> None:
    table = fmt.tables["active"]
    rows = table.rows
    done: set[int] = set()
    for line in lines:
        if not line.label or len(line.values) == 0:
            continue
        matches = match_row(line.raw_label, rows, strict=True)
        if len(matches) != 1:
            continue
        index = matches[0].index
        if index in done:
            continue
        row = rows[index]
        block = next(b for b in table.blocks if row in b.rows)
        n = len(block.columns)
        values = _trim(line.values, n)
        keys = [f"active.{row.id}.{c.id}" for c in block.columns]
        if not any(values):
            continue
        done.add(index)
        result.found.add("active")
        if len(values) != n:
            _unplaced(result, fmt, keys, values, n)
            continue
        for key, raw in zip(keys, values, strict=True):
            _store(result, fmt, key, raw)


def _unplaced(result: GridResult, fmt: Format, keys: list[str], values: list[str], n: int) -> None:
    shown = "、".join(v or "空" for v in values)
    for key in keys:
        result.values.setdefault(key, None)
    result.notes.append(
        Note(
            keys[0],
            f"{describe(fmt, keys[0]).split('／')[0]}：这一行读到{len(values)}个数（{shown}），"
            f"应有{n}个，无法确定各数所在的列，整行留空，请对照原文填写",
            shown,
        )
    )


def _store(result: GridResult, fmt: Format, key: str, raw: str) -> None:
    cell = fmt.cell(key)
    value, note = read_cell(raw, cell.whole)
    result.values[key] = value
    if note:
        result.notes.append(Note(key, f"{describe(fmt, key)}：{note}", raw))


# ---------------------------------------------------------------- 三
def _requests_region(lines: list[_Line], fmt: Format) -> tuple[int | None, int | None]:
    """First and past-the-end line of section 三 (header or first labelled row ... 四's header)."""
    rows = fmt.tables["requests"].rows
    note = normalize_label(fmt.tables["requests"].note)[:8]
    columns = fmt.tables["requests"].blocks[0].columns
    first_col = normalize_label(columns[0].label)
    start = None
    for line in lines:
        t = line.label
        if not t:
            continue
        header = (note and note in t) or t.startswith(first_col) or "申请人情况" in t
        header = header or sum(normalize_label(c.label) in t for c in columns) >= 3
        labelled = len(line.values) >= 6 and any(m.score >= 0.9 for m in match_row(t, rows))
        if header or labelled:
            start = line.pos
            break
    if start is None:
        return None, None
    last_row = normalize_label(rows[-1].label)
    seen_last = False
    for line in lines[start + 1 :]:
        t = line.label
        if last_row in t:
            seen_last = True
        if seen_last and not line.values and ("行政复议" in t or "结果维持" in t):
            return start, line.pos
        if ("行政复议" in t and "行政诉讼" in t) or t.startswith("结果维持"):
            return start, line.pos
    return start, None


def _column_order(lines: list[_Line], fmt: Format, aligned: bool) -> dict[str, int] | None:
    """Column id -> absolute cell index, from the header rows of an aligned grid."""
    if not aligned:
        return None
    columns = fmt.tables["requests"].blocks[0].columns
    wanted = {normalize_label(c.label): c.id for c in columns}
    subtotal = {normalize_label(x) for x in SUBTOTAL_LABELS}
    leaf: dict[int, str] = {}
    for line in lines:
        if any(line.values) and line.first_value < len(line.cells):
            break  # header rows come before the first row with numbers
        for i, c in enumerate(line.cells):
            t = normalize_label(c)
            if t in wanted:
                leaf[i] = wanted[t]
            elif t in subtotal:
                leaf[i] = "_subtotal"
    order = {cid: i for i, cid in leaf.items()}
    if all(c.id in order for c in columns):
        return order
    return None


def _read_requests(lines: list[_Line], fmt: Format, result: GridResult, aligned: bool) -> None:
    table = fmt.tables["requests"]
    rows = table.rows
    columns = table.blocks[0].columns
    n = len(columns)
    groups = subgroup_labels(fmt, "requests")
    order = _column_order(lines, fmt, aligned)
    if order and "_subtotal" in order:
        result.subtotal_column = True
        result.notes.append(
            Note("", "三：表中多了一列“法人或其他组织”小计，标准表格没有这一列，已略过", "")
        )
    eights: list[tuple[int, list[str]]] = []
    placed: dict[int, list[str]] = {}
    last = -1
    current_group: str | None = None
    for line in lines:
        if order is not None:
            # Aligned grid: the label is what stands left of the first value column.
            cut = min(i for cid, i in order.items() if cid != "_subtotal")
            if len(line.cells) > cut:
                line = _Line(line.pos, line.cells, *_label_of(line.cells[:cut]), cut)
        group = find_subgroup(line.raw_label, groups) if line.label else None
        if group:
            current_group = group
        values = _row_values(line, order, columns)
        if values is None:
            continue
        if not any(v and is_value_cell(v) for v in values):
            continue  # blank, or a (repeated) header row
        labelled = bool(line.label) and bool(match_row(line.raw_label, rows))
        if not labelled and not group and len(values) not in (n, n + 1):
            if last >= 0 and last + 1 < len(rows):
                result.notes.append(
                    Note(
                        "",
                        f"三：有一行数字（{' '.join(values)}）对不上任何一行，未读取",
                        " ".join(values),
                    )
                )
            continue
        index = _which_row(line, rows, groups, group, current_group, last, fmt, result)
        if index is None:
            continue
        if index < 0:  # a collapsed subgroup: skip past its rows
            last = -index - 1
            continue
        if index in placed:
            if placed[index] != values:
                result.notes.append(
                    Note(
                        f"requests.{rows[index].id}.total",
                        f"三、“{rows[index].label}”出现了两次且数字不同，只取第一次的数字",
                        " ".join(values),
                    )
                )
            continue
        if len(values) == n + 1:
            eights.append((index, values))
            placed[index] = values
            last = index
            continue
        if len(values) != n:
            keys = [f"requests.{rows[index].id}.{c.id}" for c in columns]
            _unplaced(result, fmt, keys, values, n)
            placed[index] = values
            last = index
            continue
        placed[index] = values
        last = index
        for col, raw in zip(columns, values, strict=True):
            _store(result, fmt, f"requests.{rows[index].id}.{col.id}", raw)
    if eights:
        _read_with_subtotal(eights, fmt, result)
    if placed or result.collapsed:
        result.found.add("requests")


def _row_values(line: _Line, order: dict[str, int] | None, columns: tuple) -> list[str] | None:
    """The row's value cells: by header position in an aligned grid, else as printed."""
    if line.first_value >= len(line.cells):
        return None
    if order is not None:
        positions = [order[c.id] for c in columns]
        if min(positions) == line.first_value:
            return [line.cells[i] if i < len(line.cells) else "" for i in positions]
    return _trim(line.values, len(columns))


def _which_row(
    line: _Line,
    rows: tuple,
    groups: dict[str, tuple[int, ...]],
    group: str | None,
    current_group: str | None,
    last: int,
    fmt: Format,
    result: GridResult,
) -> int | None:
    """Index of the row this line holds; -(end+1) for a collapsed group; None to skip."""
    matches = match_row(line.raw_label, rows) if line.label else []
    if group and line.label:
        # A bare group label with numbers, e.g. "（六）其他处理" printed as one row.
        members = groups[group]
        bare = normalize_label(line.raw_label)
        item_hit = any(m.score >= 0.9 and m.index in members for m in matches)
        if not item_hit and len(bare) <= len(group) + 12 and not _exact_row(bare, rows):
            result.collapsed.setdefault(group, list(line.values))
            return -(max(members) + 1)
    if matches:
        candidates = [m.index for m in matches]
        if current_group and len(candidates) > 1:
            inside = [i for i in candidates if i in groups.get(current_group, ())]
            candidates = inside or candidates
        later = [i for i in candidates if i > last]
        index = min(later) if later else min(candidates)
        if index <= last and line.label:
            return index  # a repeated row; the caller notes a conflict
        if matches[0].score < 0.9:
            result.notes.append(
                Note(
                    f"requests.{rows[index].id}.total",
                    f"三、行标签“{line.raw_label}”与标准不同，按“{rows[index].label}”读取",
                    line.raw_label,
                )
            )
        return index
    if last < 0 or last + 1 >= len(rows):
        return None
    index = last + 1
    shown = f"“{line.raw_label}”无法识别" if line.label else "没有行标签"
    result.notes.append(
        Note(
            f"requests.{rows[index].id}.total",
            f"三、一行数字{shown}，按表格顺序归入“{rows[index].label}”，请核对",
            " ".join(line.values),
        )
    )
    return index


def _exact_row(text: str, rows: tuple) -> bool:
    return any(normalize_label(r.label) == text for r in rows)


def _read_with_subtotal(
    eights: list[tuple[int, list[str]]], fmt: Format, result: GridResult
) -> None:
    """Rows with one number too many: an extra 法人或其他组织 subtotal column, found by arithmetic."""
    rows = fmt.tables["requests"].rows
    columns = fmt.tables["requests"].blocks[0].columns

    def num(raw: str) -> int | None:
        v, _ = read_cell(raw, True)
        return v if isinstance(v, int) else None

    votes = {1: 0, 6: 0}
    for _, values in eights:
        nums = [num(v) for v in values]
        if any(x is None for x in nums):
            continue
        if nums[1] == sum(nums[2:7]):  # type: ignore[arg-type]
            votes[1] += 1
        if nums[6] == sum(nums[1:6]):  # type: ignore[arg-type]
            votes[6] += 1
    position = 1 if votes[1] >= votes[6] else 6
    result.subtotal_column = True
    for index, values in eights:
        kept = values[:position] + values[position + 1 :]
        for col, raw in zip(columns, kept, strict=True):
            _store(result, fmt, f"requests.{rows[index].id}.{col.id}", raw)


# ---------------------------------------------------------------- 四
def _read_appeals(lines: list[_Line], fmt: Format, result: GridResult) -> None:
    columns = fmt.tables["appeals"].blocks[0].columns
    row_id = fmt.tables["appeals"].rows[0].id
    n = len(columns)
    seen_header = False
    for line in lines:
        if "行政复议" in line.label or "结果维持" in line.label or "行政诉讼" in line.label:
            seen_header = True
        if not seen_header:
            continue
        values = _trim(line.values, n)
        if len(values) != n or not any(values):
            continue
        for col, raw in zip(columns, values, strict=True):
            _store(result, fmt, f"appeals.{row_id}.{col.id}", raw)
        result.found.add("appeals")
        return

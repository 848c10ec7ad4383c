"""Section 三 in a grid: its region, the column order from the header, each row found by its
label (or, where the label was lost, by official order — always with a note), and an extra
法人或其他组织 subtotal column dropped with a note."""

from __future__ import annotations

from workbook.importers.labels.formatwords import appeals_header_words, subtotal_labels
from workbook.importers.labels.match import find_subgroup, match_row, subgroup_labels
from workbook.importers.layout.cells import (
    GridResult,
    Line,
    is_value_cell,
    label_of,
    read_cell,
    store_value,
    trim_values,
    unplaced_row,
)
from workbook.model.format import Format, cell_key
from workbook.model.labels import normalize_label
from workbook.model.values import Note


# ---------------------------------------------------------------- 三
def requests_region(lines: list[Line], fmt: Format) -> tuple[int | None, int | None]:
    """First and past-the-end line of section 三 (header or first labelled row ... 四's header)."""
    rows = fmt.tables["requests"].rows
    note = normalize_label(fmt.tables["requests"].note)[:8]
    columns = fmt.tables["requests"].blocks[0].columns
    first_col = normalize_label(columns[0].label)
    column_header = normalize_label(fmt.tables["requests"].column_header) or "\0"
    review, litigation, first_appeal = appeals_header_words(fmt)
    start = None
    for line in lines:
        t = line.label
        if not t:
            continue
        header = (note and note in t) or t.startswith(first_col) or (column_header in t)
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
        if seen_last and not line.values and (review in t or first_appeal in t):
            return start, line.pos
        if (review in t and litigation in t) or t.startswith(first_appeal):
            return start, line.pos
    return start, None


def _column_order(lines: list[Line], fmt: Format, aligned: bool) -> dict[str, int] | None:
    """Column id -> absolute cell index, from the header rows of an aligned grid."""
    if not aligned:
        return None
    columns = fmt.tables["requests"].blocks[0].columns
    wanted = {normalize_label(c.label): c.id for c in columns}
    subtotal = subtotal_labels(fmt)
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


def read_requests(lines: list[Line], fmt: Format, result: GridResult, aligned: bool) -> None:
    table = fmt.tables["requests"]
    rows = table.rows
    columns = table.blocks[0].columns
    n = len(columns)
    groups = subgroup_labels(fmt, "requests")
    order = _column_order(lines, fmt, aligned)
    if order and "_subtotal" in order:
        result.notes.append(_subtotal_note(fmt, result, "按表头"))
    eights: list[tuple[int, list[str]]] = []
    placed: dict[int, list[str]] = {}
    last = -1
    current_group: str | None = None
    for line in lines:
        if order is not None:
            # Aligned grid: the label is what stands left of the first value column.
            cut = min(i for cid, i in order.items() if cid != "_subtotal")
            if len(line.cells) > cut:
                line = Line(line.pos, line.cells, *label_of(line.cells[:cut]), cut)
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
                        fmt.tables["requests"].total_key(rows[index]),
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
            keys = [cell_key("requests", rows[index].id, c.id) for c in columns]
            unplaced_row(result, fmt, keys, values, n)
            placed[index] = values
            last = index
            continue
        placed[index] = values
        last = index
        for col, raw in zip(columns, values, strict=True):
            store_value(result, fmt, cell_key("requests", rows[index].id, col.id), raw)
    if eights:
        _read_with_subtotal(eights, fmt, result)
    if placed or result.collapsed:
        result.found.add("requests")


def _row_values(line: Line, order: dict[str, int] | None, columns: tuple) -> list[str] | None:
    """The row's value cells: by header position in an aligned grid, else as printed."""
    if line.first_value >= len(line.cells):
        return None
    if order is not None:
        positions = [order[c.id] for c in columns]
        if min(positions) == line.first_value:
            return [line.cells[i] if i < len(line.cells) else "" for i in positions]
    return trim_values(line.values, len(columns))


def _which_row(
    line: Line,
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
                    fmt.tables["requests"].total_key(rows[index]),
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
            fmt.tables["requests"].total_key(rows[index]),
            f"三、一行数字{shown}，按表格顺序归入“{rows[index].label}”，请核对",
            " ".join(line.values),
        )
    )
    return index


def _exact_row(text: str, rows: tuple) -> bool:
    return any(normalize_label(r.label) == text for r in rows)


def _subtotal_note(fmt: Format, result: GridResult, how: str) -> Note:
    """The one note for an extra subtotal column in 三, however it was recognised."""
    result.subtotal_column = True
    group = next((c.group for c in fmt.tables["requests"].blocks[0].columns if c.group), "")
    return Note("", f"三：表中多了一列“{group}”小计，标准表格没有这一列，{how}略去")


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
    result.subtotal_column = True
    if votes[1] == votes[6] == 0:
        # No row shows which number is the subtotal: leave these rows to the clerk.
        for index, _ in eights:
            for col in columns:
                result.values.setdefault(cell_key("requests", rows[index].id, col.id), None)
        result.notes.append(
            Note(
                "",
                f"三：有{len(eights)}行各有8个数（比标准多一个），无法判断哪一个是小计，这些行留空，请对照原文填写",
            )
        )
        return
    position = 1 if votes[1] >= votes[6] else 6
    result.notes.append(_subtotal_note(fmt, result, "按各栏之和核对后"))
    for index, values in eights:
        kept = values[:position] + values[position + 1 :]
        for col, raw in zip(columns, kept, strict=True):
            store_value(result, fmt, cell_key("requests", rows[index].id, col.id), raw)

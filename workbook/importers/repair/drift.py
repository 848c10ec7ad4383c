"""Numbers a PDF text layer printed off their labels, put back on their rows: tables 三 and 二.

三 (settle):

A row whose label wraps is printed taller than one line and its numbers sit at mid-height, so
the text layer gives them a line of their own — above the label, between its two halves or
below it — while the other rows keep "label n n n n n n n" on one line (samples/real/01-…
pdf-text.txt). Rows read the usual way give the drifted numbers to a neighbour.

The rows of 三 are printed in official order and each row once, so between two rows that kept
their numbers on their label's line ("anchors") the lines of bare numbers belong, in order, to
the rows between them (drift_place decides, by count, neighbouring labels and the form's sums;
rows it cannot decide stay blank with a note). The region is then rewritten as one "label
numbers" line per row, so every reader after this sees the same rows. Anything not of this
shape (pipes, one cell per line, a label with numbers that names no row) is left as it was.

二 (settle_active):

A row label that wraps in its narrow column ("行政规范性" / "文件") makes the row taller and
its numbers land on a line above, between or below the label's lines; read forward, each label
would take the next row's numbers. Table 二 has no sums to check a guess against, so numbers
are moved only where there is no choice: between two rows that kept their numbers on their own
line, as many lines of bare numbers as rows whose labels stand alone, each line holding as many
numbers as its row has columns. The label line then gets its numbers; anything else is left as
it was (the readers after this note what they cannot place).
"""

from __future__ import annotations

import re
from itertools import pairwise

from workbook.importers.labels.formatwords import page_format
from workbook.importers.labels.match import FRAGMENT, find_subgroup, match_row, subgroup_labels
from workbook.importers.layout.cells import is_value_cell, split_row
from workbook.importers.layout.textrows import is_cell_per_line, is_dense_cells, is_pipe_row
from workbook.importers.layout.tokens import TABLE_MARK
from workbook.importers.repair.drift_place import SPACES, Shape, place_stretch, split_runs
from workbook.model.format import Format, Row, cell_key
from workbook.model.labels import normalize_label
from workbook.model.values import Note

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ITEM = re.compile(r"\d{1,2}[.、．]")  # "3." of a label "3.其他" broken after its number
STRAY = 2  # characters in front of bare numbers that are no label (the vertical 三、本年度…)


def settle(lines: list[str], all_lines: list[str]) -> tuple[list[str], list[Note]]:
    """Section 三's lines (its heading excluded) with drifted numbers put on their rows' lines,
    and notes for rows left blank; `lines` itself when nothing drifted. A line holding several
    rows (the table re-flowed onto one line) is first cut into its labels and runs of numbers,
    all of them then placed by order. `all_lines` (the whole page) tells the format."""
    if any(ln.startswith(TABLE_MARK) or is_pipe_row(ln) for ln in lines):
        return lines, []
    if is_cell_per_line(lines) or is_dense_cells(lines):
        return lines, []
    fmt = page_format(all_lines)
    given = lines
    lines = split_runs(lines, len(fmt.tables["requests"].blocks[0].columns), chunk=True)
    shape = _parse(lines, fmt)
    if shape is None or "bare" not in shape.kinds:
        return given, []
    rows = fmt.tables["requests"].rows
    hidden = _collapsed(lines, shape, fmt)
    slots = [r for r in range(len(rows)) if r not in hidden]
    assigned: dict[int, int] = {}  # line -> row
    blank: list[list[int]] = []
    pending: list[int] = []
    last = -1
    for i, kind in enumerate(shape.kinds):
        if kind == "bare":
            pending.append(i)
        elif kind == "anchor":
            first, end = shape.anchors[i]
            free = [r for r in slots if last < r < first]
            place_stretch(pending, free, lines, fmt, shape, assigned, blank)
            pending = []
            last = end
    if pending:
        place_stretch(pending, [r for r in slots if r > last], lines, fmt, shape, assigned, blank)
    after = [_label_after(i, shape) == {row} for i, row in assigned.items()]
    if not shape.anchors and not blank and after and all(after):
        return given, []  # every row printed numbers first: the stream reads it so, 二 with it
    return _rewrite(lines, shape, assigned, fmt, hidden), _notes(blank, fmt)


def _label_after(line: int, shape: Shape) -> set[int]:
    """The rows the next label naming any row after `line` may be."""
    for j in range(line + 1, len(shape.kinds)):
        if shape.kinds[j] == "label" and shape.named[j]:
            return set(shape.named[j])
        if shape.kinds[j] != "label" and shape.kinds[j] != "other":
            return set()
    return set()


def _collapsed(lines: list[str], shape: Shape, fmt: Format) -> set[int]:
    """Rows of a group printed as one row ("（六）其他处理" and one set of numbers, none of its
    rows' own labels anywhere) but its first: the group takes one set of numbers."""
    rows = fmt.tables["requests"].rows
    named: set[int] = set().union(*(v for v in shape.named.values() if len(v) < len(rows)))
    named |= {first for first, end in shape.anchors.values() if first == end}
    text = normalize_label(" ".join(lines))
    hidden: set[int] = set()
    for group, members in subgroup_labels(fmt, "requests").items():
        seen = named & set(members) or any(
            normalize_label(rows[m].label)[:6] in text for m in members
        )
        if len(members) > 1 and group in text and not seen:
            hidden |= set(members[1:])
    return hidden


def _parse(lines: list[str], fmt: Format) -> Shape | None:
    """Each line's kind and rows; None when a line does not fit the shape (more numbers than
    columns, a label with numbers that names no row)."""
    table = fmt.tables["requests"]
    rows = table.rows
    n = len(table.blocks[0].columns)
    groups = subgroup_labels(fmt, "requests")
    shape = Shape([], {}, {})
    last = -1
    few = 0  # lines with half a row of numbers or less
    for i, ln in enumerate(lines):
        line = split_row(i, list(SPACES.split(ln.strip())) if ln.strip() else [])
        values = line.values
        if not values or not any(values) or (len(values) == 1 and _ITEM.fullmatch(values[0])):
            shape.kinds.append("label" if line.label else "other")
            if line.label:
                shape.named[i] = _rows_named(line.raw_label, rows)
            continue
        if any(len(_CJK.findall(v)) >= 3 for v in values):
            shape.kinds.append("other")  # a running page header ("2024年…年度报告"), no row
            continue
        if len(values) > n or not all(is_value_cell(v) and v for v in values):
            return None
        few += len(values) <= n // 2
        matches = match_row(line.raw_label, rows) if line.label else []
        group = find_subgroup(line.raw_label, groups) if line.label else None
        if group and not any(m.score >= 0.9 and m.index in groups[group] for m in matches):
            members = groups[group]
            if len(members) > 1:  # a group printed as one row: it stands for all its rows
                shape.anchors[i] = (min(members), max(members))
                shape.kinds.append("anchor")
                last = max(members)
                continue
        if matches:
            later = [m.index for m in matches if m.index > last]
            if not later:
                return None
            shape.anchors[i] = (min(later), min(later))
            shape.kinds.append("anchor")
            last = min(later)
        elif len(line.label) <= STRAY:
            shape.kinds.append("bare")
        else:
            return None
    if few * 2 > len(shape.anchors) + shape.kinds.count("bare"):
        return None  # mostly lone numbers: one cell a line, not rows printed apart
    return shape


def _rows_named(raw: str, rows: tuple) -> frozenset[int]:
    """Rows a label line may belong to: empty when it names none (a group label, characters of
    the vertical 三、本年度办理结果); every row when some word on it cannot be told (a piece of
    a label too short to know, two labels' pieces run together) — a line of numbers beside it
    may then be any row's."""
    groups = {normalize_label(x) for r in rows for x in (r.group, r.subgroup) if x}
    everything = frozenset(range(len(rows)))
    named: set[int] = set()
    for word in (w for w in raw.split() if len(w) > STRAY):
        text = normalize_label(word)
        rest = text
        for group in sorted(groups, key=len, reverse=True):
            rest = rest.replace(group, "")
        if not rest:
            continue
        inside = {i for i, r in enumerate(rows) if len(r.label) >= 4 and row_key(r) in rest}
        for i in inside:
            rest = rest.replace(row_key(rows[i]), "")
        found = {m.index for m in match_row(rest, rows) if m.score >= FRAGMENT} if rest else set()
        if len(rest) > STRAY and (inside or not found):
            return everything
        named |= inside | found
    return frozenset(named)


def row_key(row: Row) -> str:
    return normalize_label(row.label)


def _rewrite(
    lines: list[str], shape: Shape, assigned: dict[int, int], fmt: Format, hidden: set[int]
) -> list[str]:
    """The header lines, then one line per row in order (anchors as printed, drifted numbers
    after their row's label, a group printed as one row under the group's label); label pieces
    and bare numbers dropped. Same length as `lines`."""
    rows = fmt.tables["requests"].rows
    kinds, anchors = shape.kinds, shape.anchors
    first_row = min([*anchors, *assigned], default=len(lines))
    out = [
        ln if kinds[i] == "other" or (kinds[i] == "label" and not _names_row(ln, fmt)) else ""
        for i, ln in enumerate(lines[:first_row])
    ]
    placed = {row: i for i, row in assigned.items()}
    by_row: list[tuple[int, str]] = [(anchors[i][0], lines[i]) for i in anchors]
    for row, i in placed.items():
        label = rows[row].subgroup if row + 1 in hidden else rows[row].subgroup + rows[row].label
        by_row.append((row, f"{label} {lines[i].strip()}"))
    out += [text for _, text in sorted(by_row)]
    return out + [""] * (len(lines) - len(out))


def _names_row(line: str, fmt: Format) -> bool:
    """A label line above the first row that is a row's label (its numbers printed below)."""
    return any(m.score >= FRAGMENT for m in match_row(line, fmt.tables["requests"].rows))


def _notes(blank: list[list[int]], fmt: Format) -> list[Note]:
    rows = fmt.tables["requests"].rows
    columns = fmt.tables["requests"].blocks[0].columns
    out = []
    for free in blank:
        names = "、".join(f"“{rows[r].subgroup}{rows[r].label}”" for r in free)
        more = f"（{len(free)}行）" if len(free) > 4 else ""
        out.append(
            Note(
                cell_key("requests", rows[free[0]].id, columns[0].id),
                f"三：原文中{names}{more}的数字与行标签错开，且行数与数字组数对不上，"
                "无法确定各组数字属于哪一行，这几行留空，请对照原文填写",
            )
        )
    return out


# ---------------------------------------------------------------- 二
def settle_active(lines: list[str], fmt: Format) -> tuple[list[str], list[Note]]:
    """Section 二's lines with numbers printed off their label moved onto the label's line,
    and notes for rows left blank; `lines` itself when nothing moved. (A table re-flowed onto
    one line is left to the stream reader: its header words run into the first label.)"""
    if any(ln.startswith(TABLE_MARK) or is_pipe_row(ln) for ln in lines):
        return lines, []
    if is_cell_per_line(lines) or is_dense_cells(lines):
        return lines, []
    table = fmt.tables["active"]
    rows = table.rows
    width = {i: len(b.columns) for b in table.blocks for i, r in enumerate(rows) if r in b.rows}
    given = lines
    bare: list[int] = []
    labels: dict[int, list[int]] = {}  # row -> its label-only lines
    anchors: list[tuple[int, int]] = []  # (line, row) of rows with their numbers beside them
    last = -1
    for i, ln in enumerate(lines):
        line = split_row(i, list(SPACES.split(ln.strip())) if ln.strip() else [])
        values = [v for v in line.values if v]
        if values and not all(is_value_cell(v) for v in values):
            return given, []
        row = _row(line.raw_label, rows, last) if line.label else None
        if values and row is None:
            if len(line.label) > STRAY:
                continue  # a header or title line with figures in it: no row
            bare.append(i)
        elif row is not None:
            last = row
            if values:
                anchors.append((i, row))
            else:
                labels.setdefault(row, []).append(i)
    if not bare:
        return given, []
    out = list(lines)
    notes: list[Note] = []
    bounds = [(-1, -1), *anchors, (len(lines), len(rows))]
    for (start, first), (end, after) in pairwise(bounds):
        stretch = [i for i in bare if start < i < end]
        free = [r for r in range(first + 1, after) if r in labels]
        if not stretch or not free:
            continue
        counts = [
            len([v for v in split_row(0, SPACES.split(lines[i].strip())).values if v])
            for i in stretch
        ]
        if (
            len(stretch) != len(free)
            or any(len(labels[r]) != 1 or not start < labels[r][0] < end for r in free)
            or counts != [width[r] for r in free]
        ):
            # labels without numbers and numbers without labels that do not pair up: none of
            # these numbers is placed (a guess would give a row its neighbour's numbers)
            for i in stretch:
                out[i] = ""
            notes.append(_note(fmt, free))
            continue
        for i, r in zip(stretch, free, strict=True):
            numbers = " ".join(split_row(0, SPACES.split(lines[i].strip())).values)
            out[labels[r][0]] = f"{lines[labels[r][0]].strip()} {numbers}"
            out[i] = ""
    return out, notes


def _note(fmt: Format, free: list[int]) -> Note:
    rows = fmt.tables["active"].rows
    block = next(b for b in fmt.tables["active"].blocks if rows[free[0]] in b.rows)
    names = "、".join(f"“{rows[r].label}”" for r in free)
    return Note(
        cell_key("active", rows[free[0]].id, block.columns[0].id),
        f"二：原文中{names}的数字与行标签错开，且数字组数与行数对不上，无法确定各组数字属于哪一行，"
        "这几行留空，请对照原文填写",
    )


def _row(text: str, rows: tuple, last: int) -> int | None:
    """The row a label names (the first one after `last` when several fit)."""
    found = [m.index for m in match_row(text, rows, strict=True) if m.score >= 0.9]
    later = [i for i in found if i > last]
    return min(later) if later else (min(found) if found else None)

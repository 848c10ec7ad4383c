"""Two readings of the same tables — the row reader (grid) and the stream aligner — made one.

Per table the reading that placed more cells is kept, with its own notes. Where the two
readings disagree on a number, neither is trusted for that cell: it stays blank with a note
(a wrong number is worse than a blank one). Rows that neither reading
found in a table that was found are noted (a page cut off mid-table).
"""

from __future__ import annotations

from workbook.importers.layout.cells import GridResult
from workbook.model.cellnames import describe
from workbook.model.format import Format, cell_key, load_format
from workbook.model.labels import normalize_label
from workbook.model.values import Note

TABLES = ("active", "requests", "appeals")


def _table_of(note: Note, fmt: Format) -> str | None:
    if note.key:
        head = note.key.split(".", 1)[0]
        return head if head in TABLES else None
    for t in TABLES:
        if note.message.startswith(fmt.section(t).number):
            return t
    return None


def _count(result: GridResult, table: str) -> int:
    return sum(1 for k, v in result.values.items() if v is not None and k.startswith(table + "."))


def combine(rows: GridResult, stream: GridResult) -> GridResult:
    """One GridResult: per table the fuller reading; conflicting equal readings blanked."""
    if rows.format_id != stream.format_id:
        total = sum(_count(rows, t) for t in TABLES), sum(_count(stream, t) for t in TABLES)
        return add_missing_rows(rows if total[0] >= total[1] else stream)
    fmt = load_format(rows.format_id)
    out = GridResult(format_id=fmt.id)
    for note in rows.notes:
        if _table_of(note, fmt) is None:
            out.notes.append(note)
    for note in stream.notes:
        if _table_of(note, fmt) is None and note not in out.notes:
            out.notes.append(note)
    for table in TABLES:
        a, b = _count(rows, table), _count(stream, table)
        if table in stream.decided:
            chosen = stream
        elif a == b:
            chosen = rows if table in rows.found or table not in stream.found else stream
        else:
            chosen = rows if a > b else stream
        other = stream if chosen is rows else rows
        prefix = table + "."
        for k, v in chosen.values.items():
            if k.startswith(prefix):
                out.values[k] = v
        out.notes.extend(n for n in chosen.notes if _table_of(n, fmt) == table)
        if table in chosen.found:
            out.found.add(table)
        if table == "requests":
            out.collapsed = dict(chosen.collapsed)
            out.subtotal_column = chosen.subtotal_column
        _blank_conflicts(out, other, fmt, prefix)  # two readings that differ: neither
    return add_missing_rows(out)


def _blank_conflicts(out: GridResult, other: GridResult, fmt: Format, prefix: str) -> None:
    for k, v in list(out.values.items()):
        if not k.startswith(prefix) or v is None:
            continue
        w = other.values.get(k)
        if w is None and k in other.refused:  # one reading saw "不详" where the other saw a number
            out.values[k] = None
            text = other.refused[k]
            out.notes.append(
                Note(
                    k,
                    f"{describe(fmt, k)}：原文这一格可以读作{v}，也可能是“{text}”（不是数字），"
                    "无法确定，留空，请对照原文填写",
                    f"{v} {text}",
                )
            )
            continue
        if w is not None and w != v:
            out.values[k] = None
            out.notes.append(
                Note(
                    k,
                    f"{describe(fmt, k)}：原文这一格可以读作{v}也可以读作{w}，无法确定，留空，请对照原文填写",
                    f"{v} {w}",
                )
            )


def add_missing_rows(result: GridResult) -> GridResult:
    """Note the rows of a found table that were not read at all (once per table)."""
    fmt = load_format(result.format_id)
    collapsed_groups = set(result.collapsed)
    for table in ("active", "requests"):
        if table not in result.found:
            continue
        rows = fmt.tables[table].rows
        blocks = {r.id: b for b in fmt.tables[table].blocks for r in b.rows}
        missing = []
        for i, row in enumerate(rows):
            if row.subgroup and normalize_label(row.subgroup) in collapsed_groups:
                continue
            keys = [cell_key(table, row.id, c.id) for c in blocks[row.id].columns]
            if not any(k in result.values for k in keys):
                missing.append(i)
        if not missing:
            continue
        number = fmt.section(table).number
        read = [i for i in range(len(rows)) if i not in missing]
        names = "、".join(f"“{rows[i].subgroup}{rows[i].label}”" for i in missing[:4])
        more = f"等{len(missing)}行" if len(missing) > 4 else ""
        if read and min(missing) > max(read):
            r = rows[max(read)]
            why = f"原文表格在“{r.subgroup}{r.label}”之后中断"
        else:
            why = "原文中没有找到这些行"
        first = rows[missing[0]]
        key = cell_key(table, first.id, blocks[first.id].columns[0].id)
        for i in missing:
            for c in blocks[rows[i].id].columns:
                result.values.setdefault(cell_key(table, rows[i].id, c.id), None)
        result.notes.append(Note(key, f"{number}：{why}，{names}{more}留空"))
    return result

"""A6: a blank cell is not a zero; an empty prose section is a missing part of the report.

One finding per table row with blanks (listing every blank key), or one per table when the whole
table is blank, so a fresh template does not drown the user in 200 findings.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import repeat

from rules.arithmetic import cell_name
from rules.base import make_finding, refs, short_row_label
from rules.catalogue import code_for
from rules.finding import Finding
from workbook.model.format import Format
from workbook.model.report import Value


@dataclass(frozen=True)
class RowPlan:
    keys: tuple[str, ...]
    name: str
    col_labels: dict[str, str]


@dataclass(frozen=True)
class TablePlan:
    keys: tuple[str, ...]
    name: str
    refs: str
    rows: tuple[RowPlan, ...]


@cache
def plan(fmt: Format) -> tuple[TablePlan, ...]:
    tables = []
    for table in fmt.tables.values():
        rows = []
        for row in table.rows:
            cells = [c for c in fmt.table_cells(table.id) if c.row_id == row.id]
            if row.label:
                name = short_row_label(row)
                labels = {c.key: c.col_label for c in cells}
            else:  # one-row table: name the cells by their column groups
                name = fmt.section(table.id).title
                labels = {c.key: cell_name(fmt, c) for c in cells}
            rows.append(RowPlan(tuple(c.key for c in cells), name, labels))
        keys = tuple(c.key for c in fmt.table_cells(table.id))
        tables.append(TablePlan(keys, fmt.section(table.id).title, refs(fmt, keys), tuple(rows)))
    return tuple(tables)


def check_blanks(
    fmt: Format, values: Mapping[str, Value], texts: Mapping[str, list[str]], out: list[Finding]
) -> None:
    row_code = code_for("blank_row")
    for t in plan(fmt):
        blanks = sum(map(operator.is_, map(values.get, t.keys), repeat(None)))
        if t.keys and not blanks:
            continue  # nothing blank in the table (a finished report)
        if blanks == len(t.keys):
            out.append(
                make_finding(
                    code_for("blank_table"),
                    values,
                    keys=t.keys,
                    table_name=t.name,
                    count=len(t.keys),
                    refs=t.refs,
                )
            )
            continue
        for r in t.rows:
            blank = tuple(k for k in r.keys if values.get(k) is None)
            if blank:
                out.append(
                    make_finding(
                        row_code,
                        values,
                        keys=blank,
                        row_name=r.name,
                        count=len(blank),
                        cols="、".join(r.col_labels[k] for k in blank),
                        refs=refs(fmt, blank),
                    )
                )
    for s in fmt.text_sections:
        if not any(p.strip() for p in texts.get(s.id, ())):
            out.append(
                make_finding(code_for("blank_text"), values, texts=(s.id,), section_title=s.title)
            )

"""Table 三 as a PDF text layer prints it: in some rows, not all, the numbers drift off their label.

A row whose label wraps is taller than one line; its numbers are printed at mid-height, so the
text layer gives them on a line of their own — above the label, between the two halves of the
wrapped label, or below it — while the short rows keep "label n n n n n n n" on one line. A
group label spanning several rows (（四）无法提供) is printed at the middle of its rows, and the
vertical 三、本年度办理结果 comes one character at a time in front of the lines
(samples/real/01-…pdf-text.txt). Which rows drift is drawn at random; the rest of the page is
the ordinary layout, so only the drift is under test.
"""

from __future__ import annotations

import random

from tests.importers.layouts import cell, table_rows
from tests.importers.variants import full_text
from workbook.model.report import Report

MODES = ("inline", "above", "between", "below")


def _requests_lines(report: Report, rng: random.Random, drift: float) -> list[str]:
    table = report.format.tables["requests"]
    cols = table.blocks[0].columns
    rows = table.rows
    out = [table.note, table.column_header, " ".join(c.label for c in cols)]
    vertical = list(next(r.group for r in rows if r.group and r.subgroup))
    # subgroup -> its rows, to print a shared label at their middle
    members: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if row.subgroup and row.label:
            members.setdefault(row.group + row.subgroup, []).append(i)
    for i, row in enumerate(rows):
        numbers = " ".join(cell(report.values[f"requests.{row.id}.{c.id}"]) for c in cols)
        shared = members.get(row.group + row.subgroup, [])
        if len(shared) > 1 and i == shared[len(shared) // 2]:
            out.append(row.subgroup)  # a label spanning rows sits at their middle
        label = row.label if len(shared) > 1 else row.subgroup + row.label
        label = label or row.group
        mode = rng.choice(MODES[1:]) if rng.random() < drift else "inline"
        if mode == "between" and len(label) < 8:  # only a long label wraps
            mode = "above"
        if mode == "inline":
            lines = [f"{label} {numbers}"]
        elif mode == "above":
            lines = [numbers, label]
        elif mode == "below":
            lines = [label, numbers]
        else:
            half = len(label) // 2
            lines = [label[:half], numbers, label[half:]]
        if row.group and row.subgroup and vertical:
            lines[0] = f"{vertical.pop(0)} {lines[0]}"
        out.extend(lines)
    return out


def _active_lines(rows: list, rng: random.Random, drift: float) -> list[str]:
    """Table 二 with some rows' numbers on a line above or below their (wrapped) label."""
    out: list[str] = []
    for labels, values in rows:
        mode = rng.choice(("above", "below")) if values and rng.random() < drift else "inline"
        numbers = " ".join(values)
        if mode == "inline":
            out.append(" ".join(labels + values))
        else:
            out.extend([numbers, *labels] if mode == "above" else [*labels, numbers])
    return out


def _page_break(report: Report, rng: random.Random, lines: list[str]) -> list[str]:
    """A page break somewhere among the rows: the page number, the next page's running
    header (the report's title) and the table's column header printed again."""
    table = report.format.tables["requests"]
    at = rng.randint(4, len(lines) - 1)
    title = f"{report.year}年{report.agency}政府信息公开工作年度报告"
    columns = " ".join(c.label for c in table.blocks[0].columns)
    return [
        *lines[:at],
        f"— {rng.randint(2, 9)} —",
        title,
        table.column_header,
        columns,
        *lines[at:],
    ]


def drifting(
    report: Report,
    seed: int = 0,
    drift: float = 0.4,
    *,
    page_break: bool = False,
    active: float = 0.0,
) -> str:
    """The whole page with table 三's rows drifting as described above (share `drift`), when
    `page_break` a page break inside table 三, and a share `active` of table 二's rows with
    their numbers on a line of their own."""
    rng = random.Random(seed)
    rows = table_rows(report)
    lines: list[str] = []
    for section in report.format.table_sections:
        lines.append(section.title)
        if section.id == "requests":
            body = _requests_lines(report, rng, drift)
            lines.extend(_page_break(report, rng, body) if page_break else body)
        elif section.id == "active":
            lines.extend(_active_lines(rows["active"], rng, active))
        else:
            lines.extend(" ".join(a + b) for a, b in rows[section.id])
        lines.append("")
    return full_text(report, "\n".join(lines))

"""This year's report against last year's: every cell with its change, and how much prose repeats.

Used by `nianbao compare`, the app's 与上年比较 view and the 汇总 workbook. The prose judgement is
rule B8's own (rules.crossyear.likeness), so the view and the checker never disagree. Blank is not
zero: a change is None when either year left the cell blank.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rules.crossyear import Likeness, likeness
from service.previous import previous_warnings, previous_words
from service.wording import words
from workbook.model.cellnames import describe
from workbook.model.format import Format
from workbook.model.kinds import COMPARISON
from workbook.model.report import Report, Value
from workbook.savefile import atomic_write


@dataclass(frozen=True)
class CellChange:
    key: str  # the cell's defined name in the saved workbook
    label: str  # as the clerk reads the printed table
    table: str  # "active" | "requests" | "appeals"
    this: Value
    previous: Value
    change: Value  # None when either side is blank

    @property
    def percent(self) -> float | None:
        """Change relative to last year; None when last year was blank or 0."""
        if self.change is None or not self.previous:
            return None
        return float(Decimal(self.change) / Decimal(self.previous) * 100)


@dataclass(frozen=True)
class Comparison:
    this: Report
    previous: Report
    cells: tuple[CellChange, ...]
    texts: dict[str, Likeness]  # prose section id -> likeness with last year's section

    @property
    def warnings(self) -> list[str]:
        """Why `previous` may not be this report's 上年 (another unit, not the year before)."""
        return previous_warnings(self.this, self.previous)

    def table_title(self, table: str) -> str:
        fmt = self.this.format if table in self.this.format.tables else self.previous.format
        return fmt.section(table).title


def change(this: Value, previous: Value) -> Value:
    """this − previous, or None when either is blank (blank is not 0)."""
    if this is None or previous is None:
        return None
    return this - previous


def _keys(fmt: Format, pfmt: Format) -> list[tuple[str, Format]]:
    """This year's cells in order, then any cell only last year's format has (2019 → 2021)."""
    keys = [(c.key, fmt) for c in fmt.cells]
    keys += [(c.key, pfmt) for c in pfmt.cells if not fmt.has_cell(c.key)]
    return keys


def compare_reports(this: Report, previous: Report) -> Comparison:
    fmt, pfmt = this.format, previous.format
    cells = []
    for key, owner in _keys(fmt, pfmt):
        a = this.value(key) if fmt.has_cell(key) else None
        b = previous.value(key) if pfmt.has_cell(key) else None
        cells.append(
            CellChange(key, describe(owner, key), owner.cell(key).table, a, b, change(a, b))
        )
    texts = {s.id: likeness(this.text(s.id), previous.text(s.id)) for s in fmt.text_sections}
    return Comparison(this, previous, tuple(cells), texts)


# ---------------------------------------------------------------- output


def _json_number(v: Value) -> int | float | None:
    """Decimal 万元 as a JSON number (its shortest float form keeps the two decimals)."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def comparison_data(c: Comparison) -> dict[str, Any]:
    """The JSON of INTERFACES.md (`compare --format json`)."""
    return {
        "this": {"agency": c.this.agency, "year": c.this.year},
        "previous": {"agency": c.previous.agency, "year": c.previous.year},
        "warnings": c.warnings,
        "cells": [
            {
                "key": x.key,
                "label": x.label,
                "this": _json_number(x.this),
                "previous": _json_number(x.previous),
                "change": _json_number(x.change),
            }
            for x in c.cells
        ],
        "text": {
            sid: {
                "similarity": round(lk.similarity, 4),
                "same_paragraphs": list(lk.same_paragraphs),
            }
            for sid, lk in c.texts.items()
        },
    }


def shown(v: Value) -> str:
    """A value for people: blank stays visibly blank."""
    return "（空白）" if v is None else str(v)


def signed(v: Value) -> str:
    if v is None:
        return "—"
    return f"+{v}" if v > 0 else str(v)


def percent_text(x: CellChange) -> str:
    """A change as "+12.5%"; nothing when unchanged (no "+0.0%") or without a base to divide by.
    A change too small to show at one decimal reads "<0.1%", never as if nothing changed."""
    p = x.percent
    if p is None or x.change == 0:
        return ""
    text = f"{p:+.1f}%"
    if text in ("+0.0%", "-0.0%"):
        return f"{text[0]}<0.1%"
    return text


def _who(r: Report) -> str:
    return f"{r.agency or '（未填单位）'}{f' {r.year}年度' if r.year else ''}"


def comparison_text(c: Comparison, *, all_cells: bool = False) -> str:
    """A readable Chinese listing: the cells that changed (or all), then the prose."""
    w = words()["columns"]
    lines = [f"本年：{_who(c.this)}", f"上年：{_who(c.previous)}", ""]
    current = ""
    for x in c.cells:
        if not all_cells and x.change == 0 and x.this is not None and x.previous is not None:
            continue
        if not all_cells and x.this is None and x.previous is None:
            continue
        if x.table != current:
            current = x.table
            lines.append(f"【{c.table_title(x.table)}】")
        pct = percent_text(x)
        lines.append(
            f"  {x.label}：{w['this']} {shown(x.this)}，{w['previous']} {shown(x.previous)}，"
            f"{w['difference']} {signed(x.change)}{f'（{pct}）' if pct else ''}"
        )
    if not all_cells:
        unchanged = sum(1 for x in c.cells if x.change == 0)
        lines.append(f"  其余 {unchanged} 项与上年相同，未列出。")
    fmt = c.this.format
    lines.append("【正文】")
    for sid, lk in c.texts.items():
        lines.append(f"  {fmt.section(sid).title}：{w['similarity']} {lk.similarity:.0%}")
        for p in lk.same_paragraphs:
            lines.append(f"    与上年相同：{p}")
    return "\n".join(lines)


def comparison_rows(c: Comparison) -> list[list[Any]]:
    """One row per cell for the 逐项比较 sheet."""
    return [
        [c.table_title(x.table), x.label, x.key, x.this, x.previous, x.change, percent_text(x)]
        for x in c.cells
    ]


def comparison_columns() -> list[str]:
    w = words()["columns"]
    return [w[k] for k in ("table", "cell", "key", "this", "previous", "difference", "percent")]


def comparison_title(c: Comparison) -> str:
    return f"{_who(c.this)} 与 {_who(c.previous)} 比较"


def comparison_html(c: Comparison) -> str:
    """A standalone page (UTF-8, no scripts) for mail or the intranet."""
    esc = html.escape
    w = words()["columns"]
    head = "".join(f"<th>{esc(h)}</th>" for h in comparison_columns())
    rows = []
    for row in comparison_rows(c):
        cells = [esc("" if v is None else str(v)) for v in row]
        changed = row[5] not in (0, None)
        cls = ' class="changed"' if changed else ""
        rows.append(f"<tr{cls}>" + "".join(f"<td>{v}</td>" for v in cells) + "</tr>")
    prose = []
    for sid, lk in c.texts.items():
        same = "".join(f"<li>{esc(p)}</li>" for p in lk.same_paragraphs)
        prose.append(
            f"<h3>{esc(c.this.format.section(sid).title)}：{esc(w['similarity'])} "
            f"{lk.similarity:.0%}</h3>" + (f"<ul>{same}</ul>" if same else "")
        )
    title = comparison_title(c)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>"
        "body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 6px}tr.changed{background:#fff2cc}"
        ".warning{color:#b3261e}"
        f"</style></head><body><h1>{esc(title)}</h1>"
        + "".join(f'<p class="warning">{esc(x)}</p>' for x in c.warnings)
        + f"<table><tr>{head}</tr>"
        + "".join(rows)
        + "</table>"
        + "".join(prose)
        + "</body></html>\n"
    )


def save_comparison(c: Comparison, path: str | os.PathLike[str]) -> None:
    """.xlsx (one list sheet and the prose) or .html, written atomically."""
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        # xlsxwriter only when a workbook is written: `check` never needs it (~0.14 s of start-up)
        from workbook.xlsx.write.listing import Listing, write_listings

        w = words()["columns"]
        prose = Listing(
            w["section"],
            [w["section"], w["similarity"], w["same_paragraphs"]],
            (
                [
                    c.this.format.section(sid).title,
                    round(lk.similarity, 4),
                    "\n".join(lk.same_paragraphs),
                ]
                for sid, lk in c.texts.items()
            ),
        )
        title = comparison_title(c) + (previous_words()["title_mark"] if c.warnings else "")
        cells = Listing(
            words()["sheets"]["comparison"],
            comparison_columns(),
            comparison_rows(c),
            title,
            c.warnings,  # under the table: a long line on top would shrink the printed page
        )
        write_listings([cells, prose], p, kind=COMPARISON)
        return
    with atomic_write(p) as handle:
        handle.write(comparison_html(c).encode("utf-8"))

"""The reading of a report, stage by stage: one function names every stage in order.

Every source (sources/: text, web page, PDF, Word, spreadsheet) turns its file into lines of
text, with the tables it could already see as grids standing in the lines as TABLE_MARK<n>.
From there all sources share one reading, spelled out in `read_report`:

    layout    the page's parts: a one-line page unflattened, the six sections by their headings
    assemble  agency, year and issue date from the title and the signature
    repair    numbers that drifted off their labels (PDF text layers) put back on their rows
    layout    two readings of the tables: rows of cells (grid) and a stream of tokens aligned
              to the form's own sequence of labels (stream — it calls the repairs of the
              stream: run-together digits, regrouped rows, numbers printed before labels)
    repair    the two readings made one (combine): where they disagree, blank with a note
    layout    the prose paragraphs of sections 一, 五, 六
    assemble  the Imported report with every note, in the same words for every source

Labels are matched by labels/ at every stage that needs them. A new kind of damage is a step
in the stage it belongs to (a function with its contract in repair/), not a new stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook.importers.assemble.meta import read_meta, signature
from workbook.importers.assemble.report import build
from workbook.importers.labels.formatwords import page_format
from workbook.importers.labels.match import RowMatcher
from workbook.importers.layout.grid import Grid, find_tables, is_value_cell
from workbook.importers.layout.oneline import unflatten
from workbook.importers.layout.sections import find_headings, paragraphs, wrap_width
from workbook.importers.layout.stream import align
from workbook.importers.layout.textrows import is_pipe_row, text_rows
from workbook.importers.layout.tokens import TABLE_MARK, Token, line_tokens
from workbook.importers.repair.combine import combine
from workbook.importers.repair.drift import settle, settle_active
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.values import Note

_SPACES = re.compile(r"[ \u3000\u00a0]+")
TABLE_IDS = ("active", "requests", "appeals")


@dataclass
class Page:
    """The lines of a report and where its parts are: each section's lines [start, end), the
    first heading, and the line of the signature (prose ends there)."""

    lines: list[str]
    bounds: dict[str, tuple[int, int]]
    first_heading: int
    sign_at: int
    prose_lines: list[str]  # as printed, before any repair: their widths tell the wrapping


def read_report(lines: list[str], tables: dict[int, Grid], source_kind: str) -> Imported:
    """A report from a source's lines; `tables` are the grids the source already read (web
    page, Word or PDF tables), standing in the lines as TABLE_MARK<n> markers."""
    page = find_parts(lines)
    meta, notes = read_meta(page.prose_lines, "\n".join(page.prose_lines))
    page = settle_drifted(page, notes)
    by_rows = find_tables(table_rows(page, tables), year=meta.year, aligned=bool(tables))
    by_stream = align(table_tokens(page, tables), year=meta.year)
    found = combine(by_rows, by_stream)
    texts = prose(page, notes)
    return build(found, meta, texts, notes, source_kind)


# Layout: the page's parts.


def find_parts(lines: list[str]) -> Page:
    """Sections by their headings (a page whose whole body is one line split at them first)."""
    lines = unflatten(lines)
    fmt = load_format("2021")  # section titles are the same in every format
    headings = find_headings(lines, fmt)
    order = sorted(headings.items(), key=lambda kv: kv[1])
    bounds: dict[str, tuple[int, int]] = {}
    for k, (sid, start) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        bounds[sid] = (start + 1, end)
    first_heading = order[0][1] if order else len(lines)
    _, _, sign_at = signature(lines)
    prose_lines = [ln for ln in lines if not ln.startswith(TABLE_MARK)]
    return Page(lines, bounds, first_heading, sign_at, prose_lines)


# Repair: numbers printed off their labels.


def settle_drifted(page: Page, notes: list[Note]) -> Page:
    """Tables 二 and 三 with numbers printed off their labels (PDF text layers) put back on
    their rows; a table on one line comes back as rows, so the bounds after it move."""
    lines, bounds, sign_at = page.lines, page.bounds, page.sign_at
    fmt = page_format(lines)
    for sid in ("active", "requests"):
        if sid not in bounds:
            continue
        start, end = bounds[sid]
        if sid == "active":
            settled, found = settle_active(lines[start:end], fmt)
        else:
            settled, found = settle(lines[start:end], lines)
        notes.extend(found)
        lines = lines[:start] + settled + lines[end:]
        grown = len(settled) - (end - start)
        bounds = {
            k: (a + grown if a >= end else a, b + grown if b >= end else b)
            for k, (a, b) in bounds.items()
        }
        sign_at += grown if sign_at >= end else 0
    return Page(lines, bounds, page.first_heading, sign_at, page.prose_lines)


# Layout: the tables, as rows and as a stream.


def _table_region(page: Page) -> list[str]:
    bounds, lines = page.bounds, page.lines
    if any(t in bounds for t in TABLE_IDS):
        first = min(bounds[t][0] for t in TABLE_IDS if t in bounds) - 1
        return lines[first : max(bounds[t][1] for t in TABLE_IDS if t in bounds)]
    # No table headings: search everything after the first heading (or the whole text).
    return lines[page.first_heading if page.first_heading < len(lines) else 0 : page.sign_at]


def table_rows(page: Page, tables: dict[int, Grid]) -> Grid:
    """The tables' lines as rows of cells, each table's heading on a row of its own."""
    if not any(t in page.bounds for t in TABLE_IDS):
        return _region_rows(_table_region(page), tables)
    rows: Grid = []
    for sid in TABLE_IDS:
        if sid in page.bounds:
            start, end = page.bounds[sid]
            rows.append([page.lines[start - 1].strip()])
            rows.extend(_region_rows(page.lines[start:end], tables))
    return rows


def _region_rows(lines: list[str], tables: dict[int, Grid]) -> Grid:
    """Rows of a region: text rows, with each table marker replaced by that table's grid."""
    rows: Grid = []
    chunk: list[str] = []
    for line in lines:
        if line.startswith(TABLE_MARK):
            rows.extend(text_rows(chunk))
            chunk = []
            rows.extend(tables.get(int(line[len(TABLE_MARK) :]), []))
        else:
            chunk.append(line)
    rows.extend(text_rows(chunk))
    return rows


def table_tokens(page: Page, tables: dict[int, Grid]) -> list[Token]:
    """The tables' region as one stream of labels, numbers and zero marks."""
    return line_tokens(_table_region(page), tables, RowMatcher.for_all().suffixes)


# Layout: the prose.


def _table_like(line: str) -> bool:
    if line.startswith(TABLE_MARK) or is_pipe_row(line) or line.startswith("\t"):
        return True
    tokens = _SPACES.split(line.strip())
    return sum(1 for t in tokens if t and is_value_cell(t)) >= 3


def prose(page: Page, notes: list[Note]) -> dict[str, list[str]]:
    """Paragraphs of the prose sections, re-joined where the page wrapped them."""
    lines, bounds, sign_at = page.lines, page.bounds, page.sign_at
    texts: dict[str, list[str]] = {}
    wrap = wrap_width([ln for ln in page.prose_lines if not _table_like(ln)])
    for section in load_format("2021").text_sections:
        if section.id in bounds:
            start, end = bounds[section.id]
            region = [
                ln for ln in lines[start : min(end, sign_at)] if not ln.startswith(TABLE_MARK)
            ]
            texts[section.id] = paragraphs(region, wrap)
    if "problems" not in bounds and "appeals" in bounds:
        # Heading 五 missing: the prose after table 四 is section 五.
        start, end = bounds["appeals"]
        region = lines[start : max(start, min(end, sign_at))]
        last = max((i for i, ln in enumerate(region) if ln.strip() and _table_like(ln)), default=-1)
        if last >= 0:
            found_text = paragraphs(region[last + 1 :], wrap)
            if found_text:
                texts["problems"] = found_text
    if "overview" not in bounds and page.first_heading < len(lines):
        notes.append(Note("text:overview", "没有找到“一、总体情况”的标题"))
    return texts

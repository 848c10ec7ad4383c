"""Import a published report copied or converted to plain text.

Handles the shapes real copies take: one cell per line (merged cells as empty lines), `|` rows
and Markdown tables, and PDF text layers where lines are hard-wrapped and numbers drift off
their labels. Sections are found by their heading words; the tables go to grid.find_tables.
"""

from __future__ import annotations

import re

from workbook.importers.assemble import build
from workbook.importers.combine import combine
from workbook.importers.drift import settle
from workbook.importers.drift_active import settle_active
from workbook.importers.formatwords import page_format
from workbook.importers.grid import Grid, find_tables, is_value_cell
from workbook.importers.meta import read_meta, signature
from workbook.importers.oneline import unflatten
from workbook.importers.rowmatch import RowMatcher
from workbook.importers.sections import find_headings, paragraphs, wrap_width
from workbook.importers.stream import align
from workbook.importers.textrows import is_pipe_row, text_rows
from workbook.importers.tokens import TABLE_MARK, line_tokens
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.values import Note

_PAGE_MARK = re.compile(
    r"^\s*(=+\s*page\s*\d+\s*=+|[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(\s*[,，/／]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \u3000\u00a0]+")
TABLE_IDS = ("active", "requests", "appeals")


def clean_lines(text: str) -> list[str]:
    """Lines without BOM, page numbers and page markers (they land inside tables)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [
        _unpiped(ln.rstrip()) if ln.strip() else ln.strip(" \u3000")
        for ln in text.split("\n")
        if not _PAGE_MARK.match(ln)
    ]


def _unpiped(line: str) -> str:
    """A portal copy's one-cell line "规章 |" is the cell; a "|||" spacer is an empty line."""
    s = line.replace("｜", "|")
    if not s.strip(" |\t"):
        return ""
    if s.count("|") == 1 and s.rstrip().endswith("|"):
        return s.rstrip()[:-1].rstrip()
    return line


def _table_like(line: str) -> bool:
    if line.startswith(TABLE_MARK) or is_pipe_row(line) or line.startswith("\t"):
        return True
    tokens = _SPACES.split(line.strip())
    return sum(1 for t in tokens if t and is_value_cell(t)) >= 3


def import_text(text: str) -> Imported:
    """Read a published report from text: values, prose, agency, year and issue date."""
    return import_lines(clean_lines(text), {}, "文本")


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


def _settle_tables(
    lines: list[str], bounds: dict[str, tuple[int, int]], sign_at: int, notes: list[Note]
) -> tuple[list[str], dict[str, tuple[int, int]], int]:
    """Tables 二 and 三 with numbers printed off their labels (PDF text layers) put back on
    their rows; a table on one line comes back as rows, so the bounds after it move."""
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
    return lines, bounds, sign_at


def import_lines(lines: list[str], tables: dict[int, Grid], source_kind: str) -> Imported:
    """The text importer's core; `tables` are grids already read (web page tables) that
    stand in the lines as TABLE_MARK<n> markers."""
    lines = unflatten(lines)  # a page whose whole body is one line: split at its headings
    fmt = load_format("2021")  # section titles are the same in every format
    headings = find_headings(lines, fmt)
    order = sorted(headings.items(), key=lambda kv: kv[1])
    bounds: dict[str, tuple[int, int]] = {}
    for k, (sid, start) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        bounds[sid] = (start + 1, end)
    first_heading = order[0][1] if order else len(lines)
    prose_lines = [ln for ln in lines if not ln.startswith(TABLE_MARK)]
    meta, notes = read_meta(prose_lines, "\n".join(prose_lines))
    _, _, sign_at = signature(lines)

    lines, bounds, sign_at = _settle_tables(lines, bounds, sign_at, notes)
    rows: Grid = []
    if any(t in bounds for t in TABLE_IDS):
        for sid in TABLE_IDS:
            if sid in bounds:
                start, end = bounds[sid]
                rows.append([lines[start - 1].strip()])
                rows.extend(_region_rows(lines[start:end], tables))
        first = min(bounds[t][0] for t in TABLE_IDS if t in bounds) - 1
        region = lines[first : max(bounds[t][1] for t in TABLE_IDS if t in bounds)]
    else:
        # No table headings: search everything after the first heading (or the whole text).
        region = lines[first_heading if first_heading < len(lines) else 0 : sign_at]
        rows = _region_rows(region, tables)
    by_rows = find_tables(rows, year=meta.year, aligned=bool(tables))
    tokens = line_tokens(region, tables, RowMatcher.for_all().suffixes)
    found = combine(by_rows, align(tokens, year=meta.year))

    texts: dict[str, list[str]] = {}
    wrap = wrap_width([ln for ln in prose_lines if not _table_like(ln)])
    for section in fmt.text_sections:
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
    if "overview" not in bounds and first_heading < len(lines):
        notes.append(Note("text:overview", "没有找到“一、总体情况”的标题"))
    return build(found, meta, texts, notes, source_kind)

"""A fast value reader for workbooks exactly as workbook.xlsx.write.writer lays them out (batch checking).

python-calamine reads a workbook's cached values in about a millisecond, an order of magnitude
faster than openpyxl, but it sees no defined names. So this reader trusts the layout only after
verifying it: the sheet names, the metadata labels, the section titles and every row / column
label of the tables must be where workbook.model.layout says. Anything unexpected — a clerk's inserted
row, a value typed as text ("/", "3件"), an unknown agency kind, a total without a cached result —
and it declines (returns None), so the caller falls back to workbook.xlsx.read.reader.read_workbook, which
reads by defined names and says how it interpreted each cell.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from workbook.guards import ZipFacts, check_container, native_stderr_quiet, read_bytes, stored_copy
from workbook.model.errors import ReportError
from workbook.model.format import CURRENT_FORMAT, Format, available_formats, load_format
from workbook.model.grid import VALUE, table_grid
from workbook.model.imported import OUR_WORKBOOK, Imported
from workbook.model.labels import normalize_label
from workbook.model.layout import (
    FINDINGS_SHEET,
    HEADER_ROW,
    HIDDEN_SHEET,
    META_FIELDS,
    OVERVIEW_TITLE_ROW,
    PROSE_TITLE_ROW,
    SUMMARY_SHEETS,
    table_layout,
)
from workbook.model.report import Acknowledgement, Report, Value, agency_kind, split_paragraphs
from workbook.model.values import NeedsNote, quick_value

SOURCE_KIND = OUR_WORKBOOK  # as workbook.xlsx.read.reader says: the result is the same report
META_SHEET = HIDDEN_SHEET
# The checked workbook's findings sheet and the 汇总 workbook's listings: not part of the report.
EXTRA_SHEETS = frozenset({FINDINGS_SHEET, *SUMMARY_SHEETS.values()})


class _Decline(Exception):
    """Something this reader does not handle; the full reader will."""


Grid = list[list[Any]]


def fast_read(
    path: str | Path, data: bytes | None = None, facts: ZipFacts | None = None
) -> Imported | None:
    """The report in a workbook written by workbook.xlsx.write.writer, or None to let the full
    reader try. calamine only ever sees a file the guards measured: small sheet ranges (it
    allocates the whole range), no formulas or links whose cached values need a note."""
    p = Path(path)
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        if data is None or facts is None:
            data = read_bytes(p)
            facts = check_container(data, p.name)
    except ReportError:
        return None  # the full reader explains it
    if not facts.calamine_safe or facts.foreign_formulas or facts.external or facts.uncached:
        return None  # every formula's saved result is its result (or workbook.blanktotals')
    try:
        from python_calamine import CalamineWorkbook

        # The members the guard inflated, stored: calamine does not inflate them again.
        source = data if facts.parts is None else stored_copy(_unnamed(facts.parts))
        with native_stderr_quiet():
            book = CalamineWorkbook.from_filelike(io.BytesIO(source))
            try:
                return Imported(_read(book), [], SOURCE_KIND)
            finally:
                book.close()
    except _Decline:
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's Rust panics are BaseExceptions
        return None


# The workbook part's defined names: ours has one per value cell (~200), and calamine parses
# them all when it opens a workbook, half its opening time. This reader finds its cells by the
# layout, never by name, so the copy calamine reads leaves them out where cutting is certain.
_WORKBOOK_PART = "xl/workbook.xml"
_NAMES, _NAMES_END, _SHEETS_END = b"<definedNames>", b"</definedNames>", b"</sheets>"


def _unnamed(parts: list[tuple[zipfile.ZipInfo, bytes]]) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The parts with the workbook part's defined names left out (its CRC-32 made anew)."""
    out = []
    for info, content in parts:
        if info.filename == _WORKBOOK_PART:
            cut = _cut_names(content)
            if cut is not None:
                info = zipfile.ZipInfo(info.filename)
                info.CRC = cut[1]
                content = cut[0]
        out.append((info, content))
    return out


# The last workbook part cut, and the cut: a batch's reports of one format share it byte for
# byte (names and sheets are the format's), and comparing is ~30 times cheaper than cutting.
_last_cut: tuple[bytes, tuple[bytes, int] | None] = (b"", None)


def _cut_names(xml: bytes) -> tuple[bytes, int] | None:
    """_without_names and its CRC-32, remembered for the next file (the pair read and written
    whole: another thread's file never gets this one's cut)."""
    global _last_cut
    last = _last_cut
    if xml == last[0]:
        return last[1]
    cut = _without_names(xml)
    found = None if cut is None else (cut, zlib.crc32(cut))
    _last_cut = (xml, found)
    return found


def _without_names(xml: bytes) -> bytes | None:
    """The XML without its one <definedNames> element, or None unless that is all a cut
    removes: one such element after the sheet list, holding only <definedName> elements, no
    comment or CDATA (where a tag could be text) outside it."""
    start = xml.find(_NAMES)
    end = xml.find(_NAMES_END, start)
    if start < 0 or end < 0:
        return None
    head, tail = xml[:start], xml[end + len(_NAMES_END) :]
    if _SHEETS_END not in head or b"<!" in head or b"<!" in tail or b"definedName" in tail:
        return None
    names = xml[start + len(_NAMES) : end]
    if names.count(b"<") != names.count(b"<definedName ") + names.count(b"</definedName>"):
        return None  # another element (a comment, a CDATA …) among the names
    return head + tail


def warm() -> None:
    """Load the current format and its plan now: the reading sandbox calls this before it forks
    its children, so that none of them pays it again. An older format (2019: ~2 ms) is loaded
    by a child that meets one — most batches never do, and every batch waited for it."""
    _format_ids()
    _plan(load_format(CURRENT_FORMAT))


def _grid(book: Any, name: str) -> Grid:
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _at(grid: Grid, row: int, col: int) -> Any:
    if row < len(grid) and col < len(grid[row]):
        return grid[row][col]
    return ""


def _expect(condition: bool) -> None:
    if not condition:
        raise _Decline


@lru_cache(maxsize=4096)
def _normal(text: str) -> str:
    return normalize_label(text)


def _label_at(grid: Grid, row: int, col: int) -> str:
    v = _at(grid, row, col)
    return _normal(v) if isinstance(v, str) else ""


@cache
def _format_ids() -> tuple[str, ...]:
    return available_formats()


@dataclass(frozen=True)
class _Plan:
    """Per format: where every value is and which labels must be where (computed once)."""

    cells: tuple[tuple[str, str, int, int, bool], ...]  # key, table, row, col, whole
    labels: tuple[tuple[str, tuple[tuple[int, int], ...], str], ...]  # table, places, label


@cache
def _plan(fmt: Format) -> _Plan:
    cells = []
    for cell in fmt.cells:
        r, c = table_layout(fmt, cell.table).positions[cell.key]
        cells.append((cell.key, cell.table, r, c, cell.whole))
    labels = []
    for table_id in fmt.tables:
        labels.append((table_id, ((0, 0),), normalize_label(fmt.section(table_id).title)))
        # Each row's label (三, 二) or each column's heading (四), where the official grid has it.
        grid = table_grid(fmt, table_id)
        for spot in grid.cells:
            if spot.kind != VALUE:
                continue
            if grid.shape == "strip":
                found = grid.heading_of(spot.row, spot.col)
            elif spot.col == grid.label_cols:  # the first value of its row
                found = grid.label_of(spot.row)
            else:
                continue
            assert found is not None, spot.key
            place = ((HEADER_ROW + found.row, found.col),)
            labels.append((table_id, place, normalize_label(found.text)))
    return _Plan(tuple(cells), tuple(labels))


def _format(book: Any, meta: Grid) -> Format:
    names = list(book.sheet_names)
    _expect(_at(meta, 0, 0) == "format")
    format_id = _at(meta, 0, 1)
    if isinstance(format_id, float) and format_id.is_integer():
        format_id = str(int(format_id))
    _expect(isinstance(format_id, str) and format_id in _format_ids())
    fmt = load_format(format_id)
    sheets = [s.sheet for s in fmt.sections]
    _expect(names[: len(sheets)] == sheets)
    _expect(set(names[len(sheets) :]) <= {META_SHEET} | EXTRA_SHEETS)
    return fmt


def _read(book: Any) -> Report:
    _expect(META_SHEET in book.sheet_names)
    meta = _grid(book, META_SHEET)
    fmt = _format(book, meta)
    grids = {s.id: _grid(book, s.sheet) for s in fmt.sections}
    report = Report(format_id=fmt.id)
    _read_meta(fmt, grids[fmt.sections[0].id], report)
    _check_labels(fmt, grids)
    report.values = _read_values(fmt, grids)
    report.texts = _read_texts(fmt, grids)
    report.acknowledgements = _read_acknowledgements(meta)
    return report


def _read_meta(fmt: Format, grid: Grid, report: Report) -> None:
    for field in META_FIELDS:
        _expect(_at(grid, field.row, 0) == field.label)
    raw = {f.id: _at(grid, f.row, 1) for f in META_FIELDS}
    agency, kind, year, issued, format_id = (
        raw[k] for k in ("agency", "agency_kind", "year", "issued", "format")
    )
    _expect(format_id == fmt.id)
    _expect(isinstance(agency, str))
    report.agency = agency.strip()
    _expect(isinstance(kind, str))
    if kind.strip():
        found = agency_kind(kind.strip())
        _expect(found is not None)
        report.agency_kind = found.id  # type: ignore[union-attr]
    if year != "":
        _expect(isinstance(year, int | float) and not isinstance(year, bool))
        _expect(year == int(year) and 1990 <= year <= 2200)
        report.year = int(year)
    if isinstance(issued, datetime):
        report.issued = issued.date()
    elif isinstance(issued, date):
        report.issued = issued
    else:
        _expect(issued == "")


def _check_labels(fmt: Format, grids: dict[str, Grid]) -> None:
    """Every title, row and column label where the layout puts it (else rows were moved)."""
    for table_id, places, label in _plan(fmt).labels:  # inlined: 50 labels a report
        grid = grids[table_id]
        for r, c in places:
            v = grid[r][c] if r < len(grid) and c < len(grid[r]) else ""
            if (_normal(v) if isinstance(v, str) else "") == label:
                break
        else:
            raise _Decline


def _read_values(fmt: Format, grids: dict[str, Grid]) -> dict[str, Value]:
    """Numbers as workbook.model.values.parse_value reads them; anything else declines."""
    values: dict[str, Value] = {}
    for key, table, r, c, whole in _plan(fmt).cells:
        try:
            raw = grids[table][r][c]
        except IndexError:
            raw = ""
        if whole and type(raw) is float and raw.is_integer():  # a count: quick_value's int
            values[key] = int(raw)
            continue
        value = quick_value(raw, whole)
        if isinstance(value, NeedsNote):  # text, NaN, dates: the full reader says how it reads
            raise _Decline
        values[key] = value
    # A blank total is typed blank, or a formula whose saved "" is right (its parts are blank:
    # the guard made sure, workbook.blanktotals) — blank either way, as the full reader reads it.
    return values


def _read_texts(fmt: Format, grids: dict[str, Grid]) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    first = fmt.sections[0].id
    for section in fmt.text_sections:
        grid = grids[section.id]
        title_row = OVERVIEW_TITLE_ROW if section.id == first else PROSE_TITLE_ROW
        _expect(_label_at(grid, title_row, 0) == normalize_label(section.title))
        paragraphs: list[str] = []
        for line in grid[title_row + 1 :]:
            for v in line[:2]:  # column B (column A in files written before it)
                if v == "":
                    continue
                _expect(isinstance(v, str))
                paragraphs.extend(split_paragraphs(v))
        texts[section.id] = paragraphs
    return texts


def _read_acknowledgements(grid: Grid) -> list[Acknowledgement]:
    result = []
    for line in grid[2:]:
        code, fingerprint, reason = [*line, "", "", ""][:3]
        _expect(all(isinstance(v, str) for v in (code, fingerprint, reason)))
        if code.strip():
            result.append(Acknowledgement(code.strip(), fingerprint.strip(), reason))
    return result

"""Loading a workbook for the reader, once workbook.guards has let it through.

Loading reads the workbook twice in openpyxl's read-only mode — cached results of every sheet,
then the formulas of the sheets that hold value cells — into plain grids. Two read-only passes
each take under half the time of one full (non-read-only) load, and read-only mode parses the
defined names too (workbook- and sheet-level), so the full object model is never needed.
Macros in .xlsm are never run nor kept (openpyxl runs nothing; keep_vba stays off).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from workbook.model.format import available_formats, load_format
from workbook.model.labels import normalize_label
from workbook.model.layout import FINDINGS_SHEET, HIDDEN_SHEET
from workbook.model.totalformula import col_index
from workbook.model.values import stored_number

MAX_ROWS = 5000  # rows read per sheet: a report sheet has well under 100
MAX_COLS = 64

EXTRA_SHEETS = frozenset({HIDDEN_SHEET, FINDINGS_SHEET})  # not sections


@cache
def no_value_sheets() -> frozenset[str]:
    """Sheets that hold no value cells (prose, hidden, findings): no formula pass for them."""
    prose = {s.sheet for fid in available_formats() for s in load_format(fid).text_sections}
    return frozenset(prose) | EXTRA_SHEETS


@dataclass
class Sheet:
    """One worksheet as plain grids: cached values and, where a cell holds one, its formula."""

    title: str
    values: list[tuple[Any, ...]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "=…"
    truncated: bool = False
    _texts: list[list[tuple[int, str]]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return len(self.values)

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.values):
            line = self.values[row]
            if 0 <= col < len(line):
                return line[col]
        return None

    def formula(self, row: int, col: int) -> str | None:
        return self.formulas.get((row, col))

    def texts(self, row: int) -> list[tuple[int, str]]:
        """(col, normalized text) of the text cells of a row, for label matching."""
        if self._texts is None:
            self._texts = [
                [(c, normalize_label(v)) for c, v in enumerate(line) if isinstance(v, str) and v]
                for line in self.values
            ]
        return self._texts[row] if 0 <= row < len(self._texts) else []

    def text_at(self, row: int, col: int) -> str:
        v = self.value(row, col)
        return normalize_label(v) if isinstance(v, str) else ""


@dataclass
class Book:
    sheets: dict[str, Sheet]  # by title, in workbook order
    names: dict[str, str]  # defined name -> its reference text (workbook-level first)
    # False for .xls/.ods read through calamine, which does not expose defined names: their
    # absence then says nothing about the file, and is not reported.
    names_known: bool = True


def load_book(data: bytes, wants_formulas: Callable[[Book], bool] | None = None) -> Book:
    """Both views of every worksheet, and the workbook-level defined names.

    `wants_formulas` sees the cached values first: a workbook that is not ours needs no second
    pass (the importer then reads these same grids instead of loading the file a third time)."""
    import openpyxl  # imported here: ~110 ms, only when a workbook is actually read

    tolerate_stored_numbers()
    with warnings.catch_warnings():
        # openpyxl warns about extensions it drops (validation lists, slicers): irrelevant here.
        warnings.simplefilter("ignore")
        strings = _decoded_strings(data)
        cached = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        try:
            _use_strings(cached, strings)
            book = _values(cached)
        finally:
            cached.close()
        if wants_formulas is not None and not wants_formulas(book):
            return book
        formulas = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
        try:
            _use_strings(formulas, strings)
            _add_formulas(book, formulas)
        finally:
            formulas.close()
        return book


def tolerate_stored_numbers() -> None:
    """openpyxl turns a number cell's text into a number with int()/float(): "NaN" or "0x10"
    raise and the whole workbook is refused, "１２" and "1_000" pass silently. The one reading
    of stored numbers (workbook.model.values.stored_number) keeps such a cell as StoredText,
    which the cell reader then reports by name. Same results as openpyxl's for valid cells."""
    from openpyxl.worksheet import _reader

    _reader._cast_number = stored_number


_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    if 0xD800 <= code <= 0xDFFF:  # not a character on its own: kept as written
        return match.group(0)
    return chr(code)


def _decoded_strings(data: bytes) -> list[str] | None:
    """openpyxl deletes every "x005F_" from shared strings instead of decoding Excel's
    `_xHHHH_` escapes, so "_x005F_x0041_" typed by a clerk came back altered. Where such text
    occurs the strings are read here and decoded as the format says (left to right, each
    escape once); None when openpyxl's own reading is right."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    tag = f"{{{SHEET_MAIN_NS}}}si"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
        if part is None or not _contains(archive, part, b"x005F_"):
            return None
        strings = []
        with archive.open(part) as source:
            for _, node in iterparse(source):
                if node.tag == tag:
                    text = Text.from_tree(node).content
                    strings.append(_ESCAPE.sub(_unescape, text))
                    node.clear()
    return strings


def _use_strings(book: Any, strings: list[str] | None) -> None:
    """Put the correctly decoded strings in the table openpyxl's sheets read from."""
    if strings is None or not book.worksheets:
        return
    table = book.worksheets[0]._shared_strings
    if len(table) == len(strings):
        table[:] = strings


def _contains(archive: zipfile.ZipFile, part: str, needle: bytes) -> bool:
    tail = b""
    with archive.open(part) as source:
        while chunk := source.read(1 << 20):
            if needle in tail + chunk[: len(needle)] or needle in chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _values(cached: Any) -> Book:
    """Cached values of every sheet (bounded) and the defined names."""
    sheets: dict[str, Sheet] = {}
    for ws in cached.worksheets:
        values = [
            tuple(line)
            for line in ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True)
        ]
        cut = len(values) >= MAX_ROWS and (ws.max_row or 0) > MAX_ROWS
        while values and all(v is None for v in values[-1]):
            values.pop()
        sheet = Sheet(ws.title, values)
        sheet.truncated = cut
        sheets[ws.title] = sheet
    names = {}
    for name, defined in cached.defined_names.items():
        if isinstance(defined.attr_text, str):
            names[name] = defined.attr_text
    # Sheet-level names (Excel makes them when a sheet is copied): used where no workbook-level
    # name of that key exists.
    for ws in cached.worksheets:
        for name, defined in (getattr(ws, "defined_names", None) or {}).items():
            if name not in names and isinstance(defined.attr_text, str):
                names[name] = defined.attr_text
    return Book(sheets, names)


def _add_formulas(book: Book, formulas: Any) -> None:
    """The formula text of each cell that holds one, on the sheets with value cells."""
    sheets = book.sheets
    for ws in formulas.worksheets:
        target = sheets.get(ws.title)
        if target is None or ws.title in no_value_sheets():
            continue  # formulas matter only where value cells are
        for r, line in enumerate(
            ws.iter_rows(max_row=max(target.rows, 1), max_col=MAX_COLS, values_only=True)
        ):
            for c, v in enumerate(line):
                if isinstance(v, str) and v.startswith("=") and len(v) > 1:
                    target.formulas[(r, c)] = v
                elif v is not None and not isinstance(v, str | int | float | bool):
                    # Array / data-table formulas come back as objects carrying their text.
                    text = getattr(v, "text", None)
                    if isinstance(text, str):
                        target.formulas[(r, c)] = text if text.startswith("=") else "=" + text


_REF = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@lru_cache(maxsize=8192)  # the same few hundred names in every report of a batch
def parse_ref(text: str) -> tuple[str, int, int] | None:
    """A defined name's single-cell reference -> (sheet, row, col) 0-based; else None."""
    m = _REF.match(text.strip())
    if not m:
        return None
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    return sheet, int(m.group(4)) - 1, col_index(m.group(3))

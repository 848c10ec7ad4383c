"""Our workbook saved by a program that keeps formulas but not their results (openpyxl, scripts).

Such a file has every total without a cached value, so the fast reader declines it and the full
reader would load it twice through openpyxl (~50 ms, ten times the fast path): a supervising
office summing thousands of script-made reports waits minutes. Here the same Book the full
reader builds — cell values, formula text, defined names — comes from calamine and from the
sheet XML directly, and the full reader's own code (workbook.xlsx.read.reader.read_book)
reads it, so values and notes are those of the full reader. Anything this module does not
recognise returns None and the full reader takes the file as before.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any
from xml.parsers import expat

from workbook.guards import ZipFacts
from workbook.model.errors import ReportError
from workbook.model.imported import Imported
from workbook.xlsx.read.book import Book
from workbook.xlsx.read.calamine_book import book_from_grids
from workbook.xlsx.read.reader import read_book

# The spellings openpyxl and our writer use; any other spelling of a formula declines.
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*>\s*<f>([^<]*)</f>')
_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_TAG = {
    "sheet": re.compile(rb"<sheet\b[^>]*>"),
    "rel": re.compile(rb"<Relationship\b[^>]*>"),
    "name": re.compile(rb"<definedName\b([^>]*)>([^<]*)</definedName>"),
}
_ALSO_READ = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)>")
_ESCAPED = re.compile(rb"_x[0-9A-Fa-f]{4}_")  # openpyxl and calamine decode these differently


class _Decline(Exception):
    """Not recognised here; the full reader will read the file."""


def usable(facts: ZipFacts) -> bool:
    """Formulas without results, all of them ours, and sheets calamine may read."""
    return (
        facts.uncached and facts.calamine_safe and not facts.foreign_formulas and not facts.external
    )


def read_uncached(
    path: str | Path, data: bytes, facts: ZipFacts, grids: list[tuple[str, list[list[Any]]]]
) -> Imported | None:
    """The report as the full reader reads it, from calamine's `grids` of these bytes and the
    formulas in the sheet XML; None to let the full reader try."""
    if not usable(facts):
        return None
    name = Path(path).name
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts, names = _workbook_parts(archive)
            xml = {title: archive.read(part) for title, part in parts.items()}
            strings = _member(archive, "xl/sharedStrings.xml")
            read = [*xml.values(), strings, *(_member(archive, p) for p in _ALSO_READ)]
        if strings is not None and _ESCAPED.search(strings):
            raise _Decline
        for part in read:  # calamine reads damaged XML where openpyxl refuses it: refuse alike
            if part is not None:
                expat.ParserCreate().Parse(part, True)
        book = book_from_grids(grids)
        if set(book.sheets) != set(parts):
            raise _Decline
        for title, sheet in book.sheets.items():
            if not sheet.values and _VALUE.search(xml[title]):
                raise _Decline  # calamine could not read a sheet that has cells
            sheet.formulas = _formulas(xml[title])
        return read_book(Book(book.sheets, names), name)
    except (_Decline, ReportError, KeyError, ValueError, zipfile.BadZipFile, expat.ExpatError):
        return None


def _member(archive: zipfile.ZipFile, part: str) -> bytes | None:
    found = next((n for n in archive.namelist() if n.lower() == part.lower()), None)
    return None if found is None else archive.read(found)


_ATTR = {
    name: re.compile(rb"\s" + re.escape(name) + rb'\s*=\s*"([^"]*)"')
    for name in (b"Id", b"Target", b"name", b"r:id", b"localSheetId")
}


def _attr(tag: bytes, name: bytes) -> str | None:
    found = _ATTR[name].search(tag)
    return None if found is None else html.unescape(found.group(1).decode("utf-8"))


def _workbook_parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """Sheet title -> its part; defined names, workbook-level first, as openpyxl gives them."""
    workbook = _member(archive, "xl/workbook.xml")
    rels = _member(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise _Decline
    targets = {_attr(t, b"Id"): _attr(t, b"Target") for t in _TAG["rel"].findall(rels)}
    parts: dict[str, str] = {}
    for tag in _TAG["sheet"].findall(workbook):
        title, target = _attr(tag, b"name"), targets.get(_attr(tag, b"r:id"))
        if title is None or target is None:
            raise _Decline
        parts[title] = (
            target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        )
    names: dict[str, str] = {}
    local: list[tuple[int, str, str]] = []  # sheet index, name, reference
    for attrs, text in _TAG["name"].findall(workbook):
        key, sheet = _attr(attrs, b"name"), _attr(attrs, b"localSheetId")
        if key is None or key.startswith("_xlnm."):  # print areas and titles: not our names
            continue
        reference = html.unescape(text.decode("utf-8"))
        if sheet is None:
            names[key] = reference
        else:
            local.append((int(sheet), key, reference))
    for _, key, reference in sorted(local, key=lambda n: n[0]):  # first sheet first
        names.setdefault(key, reference)
    return parts, names


def _formulas(xml: bytes) -> dict[tuple[int, int], str]:
    """(row, col) -> "=…" of every formula cell of one sheet; declines an unusual spelling."""
    found = _FORMULA.findall(xml)
    if len(found) != len(_ANY_FORMULA.findall(xml)):
        raise _Decline
    formulas = {}
    for letters, row, text in found:
        col = 0
        for ch in letters.decode("ascii"):
            col = col * 26 + ord(ch) - 64
        formulas[(int(row) - 1, col - 1)] = "=" + html.unescape(text.decode("utf-8"))
    return formulas

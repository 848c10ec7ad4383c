"""Metadata printed as labelled cells (填报单位 | …, 报告年度 | 2024, 发布日期 | 2025-01-14).

Our own workbook prints them that way, so a PDF or Word copy of it carries them in a small table
rather than in the title and signature the text importer reads. Used after the pipeline: only
fields it did not find are filled, and its "not found" notes for them are withdrawn.
"""

from __future__ import annotations

import re
from datetime import date

from workbook.importers.assemble.meta import find_date
from workbook.importers.layout.grid import Grid
from workbook.model.imported import Imported
from workbook.model.labels import normalize_label
from workbook.model.layout import META_FIELDS

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_YEAR = re.compile(r"^(\d{4})\s*(年度|年)?$")


def _date(text: str) -> date | None:
    m = _ISO.match(text.strip())
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return find_date(text)


def labelled_values(rows: Grid) -> dict[str, str]:
    """Field id -> the text right of its label, for the labels of our metadata lines."""
    labels = {normalize_label(f.label).rstrip(":"): f.id for f in META_FIELDS}
    found: dict[str, str] = {}
    for row in rows:
        cells = [c.strip() for c in row if c and c.strip()]
        for i, cell in enumerate(cells[:-1]):
            field = labels.get(normalize_label(cell).rstrip(":"))
            if field and field not in found:
                found[field] = cells[i + 1]
        for cell in cells:  # "填报单位：慈溪市…" in one cell
            label, sep, rest = cell.replace("：", ":").partition(":")
            field = labels.get(normalize_label(label))
            if sep and field and rest.strip() and field not in found:
                found[field] = rest.strip()
    return found


def fill_labelled_meta(imported: Imported, rows: Grid) -> Imported:
    """Agency, year and issue date the title and signature did not give, from label cells."""
    found = labelled_values(rows)
    report = imported.report
    filled: set[str] = set()
    if not report.agency and found.get("agency"):
        report.agency = found["agency"]
        filled.add("meta.agency")
    m = _YEAR.match(found.get("year", "").strip())
    if report.year is None and m:
        report.year = int(m.group(1))
        filled.add("meta.year")
    issued = _date(found.get("issued", ""))
    if report.issued is None and issued is not None:
        report.issued = issued
        filled.add("meta.issued")
    if filled:
        imported.notes = [n for n in imported.notes if n.key not in filled]
    return imported

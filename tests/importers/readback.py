"""Reading back a page made from a known report: no wrong number, every blank explained."""

from __future__ import annotations

from collections.abc import Callable

from workbook.importers.sources.text import import_text
from workbook.model.imported import Imported
from workbook.model.report import Report

Noted = Callable[[Imported, str], bool]  # is the blank cell `key` explained by a note?


def read_back(report: Report, text: str, noted: Noted) -> tuple[Imported, list[str]]:
    """Import `text`; assert each cell is the report's number or a blank `noted` explains.
    Returns the import and the keys read right."""
    imported = import_text(text)
    right = []
    for key, want in report.values.items():
        got = imported.report.values.get(key)
        if got is None and want is not None:
            assert noted(imported, key), f"{key} blank without a note"
            continue
        assert got == want, f"{key}: {got!r} instead of {want!r}"
        right.append(key)
    return imported, right

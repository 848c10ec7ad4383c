"""Source: a published report copied or converted to plain text.

Real copies come as one cell per line (merged cells as empty lines), `|` rows and Markdown
tables, PDF text layers hard-wrapped with numbers drifted off their labels, or one long line.
This source only cleans the lines (BOM, page numbers, one-cell pipe rows); the reading itself
is the pipeline's (workbook.importers.pipeline), which every source feeds.
"""

from __future__ import annotations

import re

from workbook.importers.pipeline import read_report
from workbook.model.imported import Imported

_PAGE_MARK = re.compile(
    r"^\s*(=+\s*page\s*\d+\s*=+|[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(\s*[,，/／]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$",
    re.IGNORECASE,
)


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


def import_text(text: str) -> Imported:
    """Read a published report from text: values, prose, agency, year and issue date."""
    return read_report(clean_lines(text), {}, "文本")

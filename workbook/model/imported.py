"""What every reader and importer returns: the report and what it had to say about the file."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook.model.report import Report
from workbook.model.values import Note


@dataclass
class Imported:
    report: Report
    notes: list[Note] = field(default_factory=list)  # interpretations and unreadable parts
    source_kind: str = ""  # e.g. "本软件工作簿", "网页", "文本", "其他表格"
    # Cells the clerk should look at before trusting them (OCR readings the form's arithmetic
    # could not confirm): cell key -> why, in Chinese.
    review: dict[str, str] = field(default_factory=dict)

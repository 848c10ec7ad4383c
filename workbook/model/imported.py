"""What every reader and importer returns: the report and what it had to say about the file."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook.model.report import Report
from workbook.model.values import Note

OUR_WORKBOOK = "本软件工作簿"  # read by workbook/xlsx/read: our own layout, by defined names
OUR_JSON = "JSON"  # the report as INTERFACES.md's JSON


@dataclass
class Imported:
    """A report read from a file, with what the reading has to tell about it."""

    report: Report
    notes: list[Note] = field(default_factory=list)  # interpretations and unreadable parts
    source_kind: str = ""  # e.g. OUR_WORKBOOK, "网页", "文本", "其他表格"
    # A small PNG of the scan's row around each cell the clerk should confirm (≤ 40 KB each),
    # shown beside the cell. Not saved with the report: it describes the scan, not the report.
    ocr_snippets: dict[str, bytes] = field(default_factory=dict)
    # Cells the clerk should look at before trusting them (OCR readings the form's arithmetic
    # could not confirm): cell key -> why, in Chinese.
    review: dict[str, str] = field(default_factory=dict)
    # Where OCR read each cell's number: cell key -> (page index, (x0, top, x1, bottom) in
    # pixels of that page's picture as read, straightened), so the clerk can be shown the spot.
    ocr_boxes: dict[str, tuple[int, tuple[int, int, int, int]]] = field(default_factory=dict)

    @property
    def native(self) -> bool:
        """Read from a file of ours (our workbook or JSON): saving over it loses nothing of
        the clerk's own layout."""
        return self.source_kind in (OUR_WORKBOOK, OUR_JSON)

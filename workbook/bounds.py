"""Text fields bounded once, at the door: every report that is read passes here (workbook.files).

A file can put 32 MB into the agency's cell. Cut only in one place (the writer's cell) it still
went whole into cached formula values, document properties, the Word title (python-docx refuses
more than 255 characters) and a 96 MB web page. So each field is limited once, when the report is
read, with a note that says what was cut — never silently.
"""

from __future__ import annotations

from dataclasses import replace

from workbook.model.imported import Imported
from workbook.model.values import Note

MAX_CELL = 32_767  # what one Excel cell holds: a paragraph, a reason
MAX_AGENCY = 100  # an agency's full name is well under 50 characters
MAX_NOTE = 300  # a note quotes what it read: the quote is cut, not the note
MAX_NOTES = 1000  # a report has a few dozen at most


def bound_imported(imported: Imported) -> Imported:
    """The same report with every text within its bound, and a note for each cut."""
    report = imported.report
    cuts: list[Note] = []
    agency = report.agency
    if len(agency) > MAX_AGENCY:
        report.agency = agency[:MAX_AGENCY]
        cuts.append(
            Note("meta.agency", f"填报单位名称过长（{len(agency)}字），只保留前{MAX_AGENCY}字")
        )
    for section, paragraphs in report.texts.items():
        for i, text in enumerate(paragraphs):
            if len(text) > MAX_CELL:
                paragraphs[i] = text[:MAX_CELL]
                cuts.append(
                    Note(
                        f"text:{section}",
                        f"第{i + 1}段过长（{len(text)}字），超过一个单元格能容纳的"
                        f"{MAX_CELL}字，只保留前{MAX_CELL}字",
                    )
                )
    for ack in report.acknowledgements:
        if len(ack.reason) > MAX_CELL:
            cuts.append(Note("", f"确认说明过长（{len(ack.reason)}字），只保留前{MAX_CELL}字"))
            ack.reason = ack.reason[:MAX_CELL]
    notes = [_short(n) for n in imported.notes[:MAX_NOTES]]
    if len(imported.notes) > MAX_NOTES:
        notes.append(Note("", f"另有{len(imported.notes) - MAX_NOTES}条说明未列出"))
    return replace(imported, notes=notes + cuts)  # every other field kept (review, ocr_boxes …)


def _short(note: Note) -> Note:
    if len(note.message) <= MAX_NOTE and len(note.raw) <= MAX_NOTE:
        return note
    return replace(note, message=_cut(note.message), raw=_cut(note.raw))


def _cut(text: str) -> str:
    return text if len(text) <= MAX_NOTE else text[: MAX_NOTE - 1] + "…"
